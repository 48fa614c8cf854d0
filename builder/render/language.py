"""One language's report rendered: its figures drawn once (SVG), its tables set for the web and for
print, and its page as HTML for either medium. The output formats (publish/products.py) take what they
need from here; preview renders the same way, keeping drawn figures between edits.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TypeVar

from markupsafe import Markup

from ..edition import Edition
from ..report import LanguageReport, Strings
from ..report.charts import ChartData
from ..report.placements import Placed
from ..report.tables import TableData
from ..timing import Stages
from .cache import DiskCache, fonts_of
from .cache import key as cache_key
from .fonts import font_face_css, print_css
from .glyphs import check_text, input_files
from .html import (
    FigureView,
    chapter_views,
    page_for,
    render_template,
    stylesheet,
    table_view,
    template_env,
)
from .svg import data_uri, pixels, print_svg, render_svg, svg_text, web_svg

T = TypeVar("T")
FACES = "/* @font-face rules of this page's subsets */"  # replaced once the page's text is known


@dataclass(frozen=True)
class RenderSettings:
    """Where rendering reads from: templates, the font cache, the edition's chapters; and PDF options."""

    templates: Path
    fonts: Path  # the font-subset cache
    content: Path  # content/<edition>/ (chapters per language, and the images they embed)
    pdf_variant: str | None = None  # e.g. "pdf/a-3b" for archived releases
    attachments: tuple[Path, ...] = ()  # files a release embeds in each PDF
    versioned: bool = False  # figure addresses carry their digest (?v=...), so a browser may keep them (preview)
    cache: Path | None = None  # where drawn figures and PDFs are kept between builds (content-keyed)


@dataclass(frozen=True)
class Drawn:
    """A figure drawn: its SVG (text in the language's typeface) and its size in CSS pixels."""

    svg: bytes
    width: int
    height: int


def chart_digest(chart: ChartData, lang: str) -> str:
    """What identifies a drawing: the chart's data and labels, in a language."""
    return hashlib.sha256(f"{chart.digest}:{lang}".encode()).hexdigest()


class Memo:
    """What was made from some objects, kept while those very objects come back: preview reuses the tables of
    the chapters it does not render again, so their HTML and downloads need not be made again either. An
    object equal to one seen but not the same is made anew; the objects are held, so their ids stay theirs."""

    LIMIT = 4096  # entries, then it starts afresh

    def __init__(self) -> None:
        self._kept: dict[tuple, tuple[tuple, object]] = {}

    def get(self, objects: tuple, name: tuple, make: Callable[[], T]) -> T:
        key = (*map(id, objects), *name)
        hit = self._kept.get(key)
        if hit is not None and all(a is b for a, b in zip(hit[0], objects, strict=True)):
            return hit[1]  # type: ignore[return-value]
        if len(self._kept) >= self.LIMIT:
            self._kept.clear()
        value = make()
        self._kept[key] = (objects, value)
        return value


@dataclass
class LanguageRender:
    """The rendering of one language's report; `drawn` keeps figures by chart digest (preview passes
    the same dict across edits, a build a fresh one)."""

    edition: Edition
    report: LanguageReport
    strings: dict[str, Strings]
    settings: RenderSettings
    drawn: dict[str, Drawn] = field(default_factory=dict)
    kept: dict[str, bytes] = field(default_factory=dict)  # table downloads by content (preview keeps them)
    memo: Memo = field(default_factory=Memo)  # tables' HTML and downloads by the table (preview keeps it)
    timing: Stages = field(default_factory=Stages)
    pages: int | None = None  # of the PDF, once made
    warnings: list[str] = field(default_factory=list)  # the renderer's own, while making the PDF
    printed: str = ""  # the HTML the PDF was laid out from

    @property
    def lang(self) -> str:
        return self.report.lang

    @cached_property
    def env(self):
        return template_env(self.settings.templates)

    @cached_property
    def sources(self) -> list[Path]:
        """The input files whose text this language shows (to trace a character no font can draw)."""
        return input_files(self.edition.path, self.settings.content / self.lang, self.settings.templates / "strings",
                           self.lang)

    def stage(self, name: str):
        return self.timing.stage(name)

    @property
    def seconds(self) -> dict[str, float]:
        return self.timing.seconds

    @cached_property
    def figures(self) -> dict[str, tuple[str, Drawn]]:
        """Every placed figure: its chart digest and its drawing (drawn now unless `drawn` has it)."""
        out = {}
        with self.stage("figures"):
            for placed in self.report.placements.figures:
                chart = self.report.charts[placed.key]
                digest = chart_digest(chart, self.lang)
                if digest not in self.drawn:
                    self.drawn[digest] = self._draw(placed.key, chart, digest)
                out[placed.key] = (digest, self.drawn[digest])
        return out

    @cached_property
    def disk(self) -> DiskCache:
        return DiskCache(self.settings.cache)

    def _draw(self, key: str, chart: ChartData, digest: str) -> Drawn:
        """A figure from the disk cache, or drawn (after its text is checked against the fonts) and kept."""
        name = cache_key("figure", digest, fonts_of(self.lang)) + ".svg"
        svg = self.disk.get(name)
        if svg is None:
            check_text(chart.all_text(), self.lang, self.sources, f"figure {key!r}")
            svg = render_svg(chart, self.lang)[0]
            self.disk.put(name, svg)
        return Drawn(svg, *pixels(chart.size))

    def figure_files(self) -> dict[str, bytes]:
        return {f"figures/{key}.svg": web_svg(drawn.svg, self.lang) for key, (_, drawn) in self.figures.items()}

    def blocks(self, medium: str) -> dict[str, str]:
        """The HTML of every figure and table, as the web page or the print page shows it."""
        t = self.strings[self.lang]
        blocks = {}
        for placed in self.report.placements.figures:
            digest, drawn = self.figures[placed.key]
            chart = self.report.charts[placed.key]
            version = f"?v={digest[:12]}" if self.settings.versioned else ""
            src = f"figures/{placed.key}.svg{version}" if medium == "web" else data_uri(print_svg(drawn.svg, self.lang))
            view = FigureView(f"fig-{placed.key}", src, chart.alt, t("report.figure", n=placed.number),
                              t("report.caption_sep"), chart.caption, drawn.width, drawn.height,
                              href=f"figures/{placed.key}.svg" if medium == "web" else "",
                              open_label=t("report.figure_open"))
            blocks[f"figure:{placed.key}"] = render_template(self.env, "figure.html", fig=view)
        with self.stage("tables"):
            for placed in self.report.placements.tables:
                table = self.report.tables[placed.key]
                blocks[f"table:{placed.key}"] = self.memo.get(
                    (table, t), ("html", medium, placed.key, placed.number),
                    lambda placed=placed, table=table: self._table_html(placed, table, t, medium))
        return blocks

    def _table_html(self, placed: Placed, table: TableData, t: Strings, medium: str) -> str:
        links = Markup(t("report.download", links=Markup(
            f'<a href="tables/{placed.key}.csv">CSV</a> · <a href="tables/{placed.key}.xlsx">XLSX</a>'))) \
            if medium == "web" else Markup("")
        return render_template(self.env, "table.html", tab=table_view(placed, table, t, links, medium))

    def page(self, medium: str, stylesheets: list[Markup]) -> str:
        """The whole page of this language for `medium` ("web" or "print")."""
        chapters = chapter_views(self.report.chapters, self.blocks(medium))
        page = page_for(self.edition, self.lang, self.strings, chapters, medium)
        html = render_template(self.env, "report.html", page=replace(page, stylesheets=stylesheets))
        return html if medium == "web" else self._embed_assets(html)

    def _embed_assets(self, html: str) -> str:
        """Print carries a chapter's images inside the page, so that the renderer reads no other file."""
        for asset in {a.name: a for chapter in self.report.chapters for a in chapter.assets}.values():
            kind = "image/svg+xml" if asset.name.endswith(".svg") else \
                "image/png" if asset.name.endswith(".png") else "image/jpeg"
            uri = f"data:{kind};base64," + base64.b64encode(asset.source.read_bytes()).decode("ascii")
            html = html.replace(f'src="{asset.name}"', f'src="{uri}"')
        return html

    def web_page(self) -> str:
        with self.stage("html"):
            return self.page("web", [stylesheet(self.settings.templates, "screen.css")])

    def print_page(self) -> str:
        """The page the PDF is laid out from, with @font-face rules for the subsets of exactly its text."""
        with self.stage("html"):
            css = Markup(print_css(stylesheet(self.settings.templates, "print.css"), self.lang))
            page = self.page("print", [Markup(FACES), css])
            check_text(page, self.lang, self.sources, "the PDF")
            shown = "\n".join(svg_text(drawn.svg) for _, drawn in self.figures.values())
            faces = font_face_css(self.lang, page + shown + css, self.settings.fonts)
            return page.replace(FACES, faces, 1)
