"""Report assembly: chapters, figures and tables of one language turned into the page's HTML.

The context handed to templates/report.html is a ReportPage; figure.html gets a FigureView and
table.html a TableView. Templates only loop and format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from markupsafe import Markup

from .context import ContentError, Placed, Placements, ReportContext, ReportData
from .i18n import Strings
from .narrative import Chapter, content_env, read_chapters, render_chapter
from .report_tables import TableData, build_table

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


@dataclass(frozen=True)
class TableView:
    """Context of templates/table.html."""

    id: str
    label: str
    sep: str
    caption: str
    headers: list[str]
    rows: list[list[str]]
    numeric: tuple[bool, ...]
    size: str
    row_header: int  # column index rendered as a row header (the city), or -1
    downloads: str = ""


@dataclass
class LanguageReport:
    """One language's report before figures are drawn: chapters with markers, and what they placed."""

    lang: str
    ctx: ReportContext
    chapters: list[Chapter]
    placements: Placements
    tables: dict[str, TableData] = field(default_factory=dict)


def template_env() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def compose(data: ReportData, lang: str, strings: Strings, content_dir: Path) -> LanguageReport:
    """Render the narrative chapters and the generated appendices; collect figure and table specs."""
    placements = Placements()
    ctx = ReportContext(data, lang, strings, placements)
    env = content_env()
    chapters = [render_chapter(src, ctx, env) for src in read_chapters(content_dir)]
    chapters += appendices(ctx)
    report = LanguageReport(lang, ctx, chapters, placements)
    for placed in placements.tables:
        report.tables[placed.key] = build_table(ctx, placed.kind, placed.args, dict(placed.options))
    return report


def appendices(ctx: ReportContext) -> list[Chapter]:
    """Appendix chapters every report has: scores and ranks at every level; definitions."""
    fw = ctx.edition.framework
    t = ctx.t
    ctx.placements.chapter = "appendix-scores"
    ties = t(f"chapters.ties_{ctx.edition.settings.ties}")
    parts = [f"<p>{Markup.escape(t('chapters.appendix_scores_intro', ties=ties))}</p>"]
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
                problems.append(f"{what[:-1]} {key!r} is in the {first.lang} chapters but not in the {other.lang} ones")
            for key in sorted(b - a):
                problems.append(f"{what[:-1]} {key!r} is in the {other.lang} chapters but not in the {first.lang} ones")
    if problems:
        raise ContentError("the languages place different figures or tables:\n" +
                           "\n".join(f"  - {p}" for p in problems))


def table_view(placed: Placed, table: TableData, strings: Strings, downloads: Markup) -> TableView:
    rows = table.display.to_numpy().tolist()
    headers = list(table.display.columns)
    row_header = next((i for i, h in enumerate(headers) if h == strings("columns.city")), -1)
    return TableView(f"tab-{placed.key}", strings("report.table", n=placed.number), strings("report.caption_sep"),
                     table.caption, headers, rows, table.numeric, table.size, row_header, downloads)


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
