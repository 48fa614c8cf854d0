"""The report's HTML: templates (templates/*.html), the views they are given, and the page of one language.

The context handed to templates/report.html is a ReportPage; figure.html gets a FigureView and
table.html a TableView. Templates only loop and format.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import traceback
from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup

from .. import __version__
from ..edition import Edition
from ..edition.read import read_text
from ..errors import ContentError, Problem, problem, without_modules
from ..languages import language
from ..paths import TEMPLATES
from ..report.narrative import Chapter
from ..report.placements import Placed
from ..report.strings import Strings
from ..report.tables import TableData
from .layout import print_parts
from .pdf import PdfMeta


@dataclass(frozen=True)
class Section:
    id: str
    title: str


@dataclass(frozen=True)
class ChapterView:
    id: str
    title: str
    html: Markup
    sections: list[Section]
    appendix: bool = False


@dataclass(frozen=True)
class OtherLanguage:
    """A place of the language switch: the same report in one of the edition's languages, named in that
    language; the page's own language is shown as current, not linked."""

    code: str
    tag: str
    href: str
    name: str
    current: bool = False
    direction: str = "ltr"


@dataclass(frozen=True)
class ReportPage:
    """Context of templates/report.html."""

    lang: str
    html_lang: str
    medium: str  # "web" or "print"
    title: str
    subtitle: str
    publisher: str
    authors: list[str]
    year_label: str
    generated: str
    contents_label: str
    illustrative: str  # the notice, or "" for published data
    chapters: list[ChapterView]
    stylesheets: list[str]
    direction: str = "ltr"
    others: tuple[OtherLanguage, ...] = ()  # the language switch (web): every language of the edition, in order
    downloads: str = ""
    colophon: str = ""  # who typeset the report: the software is named here and in the PDF metadata only


@dataclass(frozen=True)
class FigureView:
    """Context of templates/figure.html."""

    id: str
    src: str
    alt: str
    label: str
    sep: str
    caption: str
    width: int
    height: int
    href: str = ""  # the figure at full size (web); empty in print
    open_label: str = ""


@dataclass(frozen=True)
class TablePart:
    """One printed part of a table (the web page has one part with every column)."""

    label: str  # "Table 3" for the first part, "Table 3 (continued)" for the others
    headers: list[str]
    rows: list[list[str]]
    numeric: tuple[bool, ...]
    nowrap: tuple[bool, ...]  # short text that never breaks (a country name, a city)
    widths: tuple[float, ...] = ()  # column widths in pt for print; empty for the web
    row_header: int = -1  # column rendered as the row header (the city), or -1

    @property
    def width(self) -> float:
        return round(sum(self.widths), 2)


@dataclass(frozen=True)
class TableView:
    """Context of templates/table.html."""

    id: str
    sep: str
    caption: str
    size: str
    parts: list[TablePart]
    downloads: str = ""


@functools.cache
def template_env(folder: Path = TEMPLATES) -> jinja2.Environment:
    """The templates of a folder; one environment per folder, which recompiles a template that changed."""
    return jinja2.Environment(loader=jinja2.FileSystemLoader(folder), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


TEMPLATE_NAMES = ("report.html", "figure.html", "table.html")
STYLESHEETS = ("screen.css", "print.css")


def render_template(env: jinja2.Environment, name: str, **context: object) -> str:
    """Render templates/<name>; a missing or broken template is a problem naming its file and line."""
    template = load_template(env, name)
    try:
        return template.render(**context)
    except jinja2.UndefinedError as exc:
        raise ContentError(problem("template-name", f"templates/{name}", _line_in(exc, name),
                                   error=without_modules(exc.message or ""))) from None


def load_template(env: jinja2.Environment, name: str) -> jinja2.Template:
    shown = f"templates/{name}"
    try:
        return env.get_template(name)
    except jinja2.TemplateNotFound:
        raise ContentError(problem("file-missing", shown, expected="this template (cityindex ships it)")) from None
    except jinja2.TemplateSyntaxError as exc:
        raise ContentError(problem("template-syntax", shown, exc.lineno, error=exc.message)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentError(problem("file-unreadable", shown, error=str(exc))) from None


def check_templates(folder: Path = TEMPLATES) -> None:
    """Parse every report template and read the stylesheets now, so that a broken one fails early."""
    env = template_env(folder)
    problems: list[Problem] = []
    for name in TEMPLATE_NAMES:
        try:
            load_template(env, name)
        except ContentError as exc:
            problems += exc.problems
    for name in STYLESHEETS:
        read_text(folder / name, problems, f"templates/{name}")
    if problems:
        raise ContentError(problems)


def stylesheet(folder: Path, name: str) -> Markup:
    """A stylesheet of the templates folder (ours, not data: it goes into the page as it is)."""
    problems: list[Problem] = []
    text = read_text(folder / name, problems, f"templates/{name}")
    if text is None:
        raise ContentError(problems)
    return Markup(text)


def _line_in(exc: BaseException, name: str) -> int | None:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(name)]
    return frames[-1].lineno if frames else None


def table_view(placed: Placed, table: TableData, strings: Strings, downloads: Markup, medium: str) -> TableView:
    """A table as the web shows it (one part, scrolling if need be) or as print shows it (parts that fit)."""
    headers = list(table.display.columns)
    rows = table.display.to_numpy().tolist()
    city = next((i for i, h in enumerate(headers) if h == strings("columns.city")), -1)
    label = strings("report.table", n=placed.number)
    parts = print_parts(headers, rows, table.numeric, table.groups or tuple(headers), table.keys, strings.lang,
                        table.size)
    if medium == "web":
        nowrap = {i: wrap for part in parts for i, wrap in zip(part.columns, part.nowrap, strict=True)}
        views = [TablePart(label, headers, rows, table.numeric, tuple(nowrap[i] for i in range(len(headers))),
                           row_header=city)]
    else:
        views = [TablePart(label if k == 0 else strings("report.table_continued", n=placed.number),
                           [headers[i] for i in part.columns], [[row[i] for i in part.columns] for row in rows],
                           tuple(table.numeric[i] for i in part.columns), part.nowrap, part.widths,
                           part.columns.index(city) if city in part.columns else -1)
                 for k, part in enumerate(parts)]
    return TableView(f"tab-{placed.key}", strings("report.caption_sep"), table.caption, table.size, views, downloads)


H2 = re.compile(r"<h2>(.*?)</h2>", re.S)
TAG = re.compile(r"<[^>]+>")


def chapter_views(chapters: list[Chapter], blocks: dict[str, str]) -> list[ChapterView]:
    """Chapters with figure and table markers replaced, and ids on their h2 sections."""
    views = []
    for chapter in chapters:
        html = re.sub(r"<!--(figure|table):([^>]+?)-->", lambda m: blocks[f"{m.group(1)}:{m.group(2)}"],
                      chapter.html)
        sections: list[Section] = []

        def number(match: re.Match, chapter_id: str = chapter.id, found: list[Section] = sections) -> str:
            sid = f"{chapter_id}-s{len(found) + 1}"
            found.append(Section(sid, Markup(TAG.sub("", match.group(1))).unescape()))
            return f'<h2 id="{sid}">{match.group(1)}</h2>'

        html = H2.sub(number, html)
        views.append(ChapterView(chapter.id, chapter.title, Markup(html), sections, chapter.appendix))
    return views


def page_for(edition: Edition, lang: str, strings: dict[str, Strings], chapters: list[ChapterView],
             medium: str) -> ReportPage:
    """The page of one language, for the web or for print."""
    s = edition.settings
    t = strings[lang]
    others = tuple(OtherLanguage(code, language(code).tag, f"../{code}/index.html",
                                 strings[code]("report.language_name"), code == lang, language(code).direction)
                   for code in edition.languages)
    others = others if len(others) > 1 else ()
    return ReportPage(
        lang=lang, html_lang=language(lang).tag, medium=medium, title=s.title[lang], subtitle="",
        publisher=t("report.published_by", publisher=s.publisher[lang]),
        authors=[a.strip() for a in (s.authors or s.publisher)[lang].split(";")],
        year_label=t("report.edition_year", year=s.year), generated=t("report.generated"),
        contents_label=t("report.contents"), illustrative=t("report.illustrative") if s.illustrative else "",
        chapters=chapters, stylesheets=[], direction=language(lang).direction, others=others,
        colophon=t("report.colophon", version=__version__))


def pdf_meta(edition: Edition, lang: str) -> PdfMeta:
    s = edition.settings
    return PdfMeta(title=s.title[lang], lang=language(lang).tag,
                   authors=[a.strip() for a in (s.authors or s.publisher)[lang].split(";")],
                   subject=s.title[lang], keywords=["city index", edition.id, str(s.year)],
                   created=dt.datetime.combine(s.published or dt.date(s.year, 1, 1), dt.time()))
