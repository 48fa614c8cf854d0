"""Report assembly: chapters, figures and tables of one language turned into the page's HTML.

The context handed to templates/report.html is a ReportPage; figure.html gets a FigureView and
table.html a TableView. Templates only loop and format.
"""

from __future__ import annotations

import re
import traceback
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from markupsafe import Markup

from .charts import ChartData
from .context import Placed, Placements, ReportContext, ReportData
from .errors import ContentError, Problem, problem
from .i18n import Strings
from .layout import print_parts
from .narrative import Chapter, content_env, read_chapters, render_chapter
from .report_tables import TableData
from .tables import read_text

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
HTML_LANG = {"en": "en", "zh": "zh-Hans"}


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
    other_lang: str = ""
    other_html_lang: str = ""
    other_href: str = ""
    other_language: str = ""
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


@dataclass
class LanguageReport:
    """One language's report before figures are drawn: chapters with markers, and what they placed."""

    lang: str
    ctx: ReportContext
    chapters: list[Chapter]
    placements: Placements
    tables: dict[str, TableData] = field(default_factory=dict)
    charts: dict[str, ChartData] = field(default_factory=dict)


def template_env(folder: Path = TEMPLATES) -> jinja2.Environment:
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
                                   error=exc.message)) from None


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


def compose(data: ReportData, lang: str, strings: Strings, content_dir: Path) -> LanguageReport:
    """Render the narrative chapters and the generated appendices; chart data and tables as placed.

    Every chapter is rendered even when one fails, so that all their problems are reported at once.
    """
    placements = Placements()
    ctx = ReportContext(data, lang, strings, placements)
    env = content_env()
    chapters, problems = [], []
    for source in read_chapters(content_dir):
        try:
            chapters.append(render_chapter(source, ctx, env))
        except ContentError as exc:
            problems += exc.problems
    if problems:
        raise ContentError(problems)
    chapters += appendices(ctx)
    return LanguageReport(lang, ctx, chapters, placements, ctx.tables, ctx.charts)


def appendices(ctx: ReportContext) -> list[Chapter]:
    """Appendix chapters every report has: scores and ranks at every level; definitions."""
    fw = ctx.edition.framework
    t = ctx.t
    ctx.placements.chapter = "appendix-scores"
    ties = t(f"chapters.ties_{ctx.edition.settings.ties}")
    intro = "published" if ctx.edition.settings.results_only else "computed"
    parts = [f"<p>{Markup.escape(t(f'chapters.appendix_scores_intro_{intro}', ties=ties))}</p>"]
    parts += [str(ctx.table("appendix", nid)) for nid in fw.scored if fw.computed_children(nid)]
    chapters = [Chapter("appendix-scores", t("report.appendix", n=1, title=t("chapters.appendix_scores")),
                        "\n".join(parts), "generated", appendix=True)]
    ctx.placements.chapter = "appendix-definitions"
    depths = sorted({fw.depth[n] for n in fw.nodes if fw.nodes[n].extra.get(f"definition_{ctx.lang}")})
    if depths:
        title = t("report.appendix", n=2, title=t("chapters.appendix_definitions"))
        chapters.append(Chapter("appendix-definitions", title,
                                "\n".join(str(ctx.table("definitions", str(d))) for d in depths), "generated",
                                appendix=True))
    return chapters


def check_same_placements(reports: list[LanguageReport]) -> None:
    """Every language must place the same figures and tables, or the reports would disagree."""
    if len(reports) < 2:
        return
    first = reports[0]
    problems = []
    for other in reports[1:]:
        for what in ("figures", "tables"):
            a = {p.key for p in getattr(first.placements, what)}
            b = {p.key for p in getattr(other.placements, what)}
            for key in sorted(a - b):
                problems.append(problem("placements-differ", what=what[:-1], name=key, present=first.lang,
                                        absent=other.lang))
            for key in sorted(b - a):
                problems.append(problem("placements-differ", what=what[:-1], name=key, present=other.lang,
                                        absent=first.lang))
    if problems:
        raise ContentError(problems)


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
