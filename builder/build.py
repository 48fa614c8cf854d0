"""`cityindex build`: an edition turned into results, figures, tables, HTML and PDF per language.

Two phases, as the pipeline reads: first everything is read and computed (load, validate,
score, rank, audit, narrative), then everything is written into a scratch folder that replaces
the edition's output folder only when every step succeeded.
"""

from __future__ import annotations

import multiprocessing
import time
import warnings
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from markupsafe import Markup

from .audit import audit
from .charts import chart_data
from .context import ReportData
from .draw import render_svg
from .edition import Edition, load_edition
from .files import source_date, staging, write_csv, write_xlsx
from .fonts import font_face_css
from .i18n import Strings, load_strings
from .pdf import PdfMeta, write_pdf
from .pipeline import compute, edition_folder
from .report import (
    HTML_LANG,
    TEMPLATES,
    FigureView,
    LanguageReport,
    ReportPage,
    chapter_views,
    check_same_placements,
    compose,
    table_view,
    template_env,
)
from .results import write_results

FORMATS = ("html", "pdf")


@dataclass(frozen=True)
class BuildOptions:
    langs: list[str] | None = None  # None: the edition's languages
    formats: tuple[str, ...] = FORMATS
    data_dir: Path = Path("data")
    content_dir: Path = Path("content")
    output_dir: Path = Path("output")
    pdf_variant: str | None = None  # e.g. "pdf/a-3b" for archived releases
    attach: tuple[str, ...] = ()  # for releases: files embedded in each PDF ("results" and the edition's data)


@dataclass
class BuildSummary:
    """What a build made and how long each stage took."""

    edition: str
    pages: dict[str, int] = field(default_factory=dict)
    figures: int = 0
    tables: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    outputs: list[Path] = field(default_factory=list)
    printed: dict[str, str] = field(default_factory=dict)  # the HTML each PDF was rendered from
    langs: list[str] = field(default_factory=list)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - start


Progress = Callable[[str], None]


def build(name: str, options: BuildOptions, progress: Progress = lambda step: None) -> BuildSummary:
    """Build one edition; outputs replace output/<edition>/ only if everything succeeded."""
    summary = BuildSummary(name)
    with summary.stage("load"):
        edition = load_edition(edition_folder(name, options.data_dir))
        langs = options.langs or edition.languages
        strings = load_strings(TEMPLATES / "strings", edition.languages)
    progress("load")
    with summary.stage("score"):
        results = compute(edition)
        checked = audit(edition, results) if len(edition.published) and not edition.settings.results_only else None
    progress("score")
    data = ReportData(edition, results, checked)
    with summary.stage("narrative"):
        reports = [compose(data, lang, strings[lang], options.content_dir / edition.id / lang)
                   for lang in edition.languages]
        check_same_placements(reports)
    progress("narrative")
    final = options.output_dir / edition.id
    with staging(final) as scratch:
        write_results(edition, results, scratch)
        jobs = [(edition, report, strings, scratch, options) for report in reports if report.lang in langs]
        for part in _run_parallel(jobs):
            summary.pages |= part.pages
            summary.warnings += part.warnings
            summary.printed |= part.printed
            for stage, seconds in part.seconds.items():
                summary.seconds[stage] = summary.seconds.get(stage, 0.0) + seconds
            summary.langs += part.langs
            progress(f"{', '.join(part.langs)} written")
    summary.outputs = sorted(p for p in final.rglob("*") if p.is_file())
    summary.figures = len(reports[0].placements.figures) * len(langs)
    summary.tables = len(reports[0].placements.tables) * len(langs)
    return summary


def _run_parallel(jobs: list[tuple]) -> Iterator[BuildSummary]:
    """One process per language: the PDFs dominate and the machine has a core for each."""
    if len(jobs) < 2:
        yield from (write_language(*job) for job in jobs)
        return
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=len(jobs), mp_context=context) as pool:
        yield from pool.map(_language_job, jobs)


def _language_job(job: tuple) -> BuildSummary:
    return write_language(*job)


def write_language(edition: Edition, report: LanguageReport, strings: dict[str, Strings], scratch: Path,
                   options: BuildOptions) -> BuildSummary:
    """Figures, tables, HTML and PDF of one language, written under scratch/<lang>/."""
    summary = BuildSummary(edition.id, langs=[report.lang])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        _write_language(edition, report, strings, scratch, options, summary)
    summary.warnings += [f"{w.category.__name__}: {w.message}" for w in caught]
    return summary


def _write_language(edition: Edition, report: LanguageReport, strings: dict[str, Strings], scratch: Path,
                    options: BuildOptions, summary: BuildSummary) -> None:
    lang = report.lang
    t = strings[lang]
    folder = scratch / lang
    blocks: dict[str, str] = {}
    env = template_env()
    with summary.stage("figures"):
        for placed in report.placements.figures:
            chart = chart_data(report.ctx, placed.kind, placed.args, dict(placed.options))
            svg, width, height = render_svg(chart, lang)
            path = folder / "figures" / f"{placed.key}.svg"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(svg)
            view = FigureView(f"fig-{placed.key}", f"figures/{placed.key}.svg", chart.alt,
                              t("report.figure", n=placed.number), t("report.caption_sep"), chart.caption,
                              width, height)
            blocks[f"figure:{placed.key}"] = env.get_template("figure.html").render(fig=view)
    with summary.stage("tables"):
        for placed in report.placements.tables:
            table = report.tables[placed.key]
            stem = folder / "tables" / placed.key
            write_csv(table.values.rename_axis(None), stem.with_suffix(".csv"))
            write_xlsx({table.caption[:31]: table.values}, stem.with_suffix(".xlsx"))
            links = Markup(t("report.download", links=Markup(
                f'<a href="tables/{placed.key}.csv">CSV</a> · <a href="tables/{placed.key}.xlsx">XLSX</a>')))
            view = table_view(placed, table, t, links)
            blocks[f"table:{placed.key}"] = env.get_template("table.html").render(tab=view)
    chapters = chapter_views(report.chapters, blocks)
    page = page_for(edition, lang, t, strings, chapters)
    with summary.stage("html"):
        if "html" in options.formats:
            screen = Markup((TEMPLATES / "screen.css").read_text(encoding="utf-8"))  # ours, not data
            html = env.get_template("report.html").render(page=replace(page, medium="web", stylesheets=[screen]))
            (folder / "index.html").write_text(html, encoding="utf-8")
    if "pdf" in options.formats:
        with summary.stage("html"):
            print_css = Markup((TEMPLATES / "print.css").read_text(encoding="utf-8"))
            draft = env.get_template("report.html").render(page=replace(page, medium="print", stylesheets=[print_css]))
            faces = Markup(font_face_css(lang, draft + print_css, (options.output_dir / ".cache" / "fonts").resolve()))
            printed = env.get_template("report.html").render(
                page=replace(page, medium="print", stylesheets=[faces, print_css]))
        with summary.stage(f"pdf {lang}"):
            stats = write_pdf(printed, folder, folder / "report.pdf", pdf_meta(edition, lang),
                              variant=options.pdf_variant, attachments=attachments(edition, scratch, options))
        summary.pages[lang] = stats.pages
        summary.warnings += stats.warnings
        summary.printed[lang] = printed


def attachments(edition: Edition, scratch: Path, options: BuildOptions) -> list[Path]:
    """Files a release embeds in its PDFs: the results, and every file of the edition's data folder."""
    files: list[Path] = []
    if "results" in options.attach:
        files += [scratch / "results.csv", scratch / "results.xlsx"]
    if "data" in options.attach:
        files += sorted(p for p in edition.path.iterdir() if p.is_file())
    return files


def page_for(edition: Edition, lang: str, t: Strings, strings: dict[str, Strings], chapters) -> ReportPage:
    s = edition.settings
    others = [other for other in edition.languages if other != lang]
    other = others[0] if others else ""
    return ReportPage(
        lang=lang, html_lang=HTML_LANG.get(lang, lang), medium="web", title=s.title[lang], subtitle="",
        publisher=t("report.published_by", publisher=s.publisher[lang]),
        authors=[a.strip() for a in (s.authors or s.publisher)[lang].split(";")],
        year_label=t("report.edition_year", year=s.year), generated=t("report.generated"),
        contents_label=t("report.contents"), illustrative=t("report.illustrative") if s.illustrative else "",
        chapters=chapters, stylesheets=[], other_lang=other, other_html_lang=HTML_LANG.get(other, other),
        other_href=f"../{other}/index.html" if other else "",
        other_language=strings[lang]("report.other_language") if other else "")


def pdf_meta(edition: Edition, lang: str) -> PdfMeta:
    s = edition.settings
    return PdfMeta(title=s.title[lang], lang=HTML_LANG.get(lang, lang),
                   authors=[a.strip() for a in (s.authors or s.publisher)[lang].split(";")],
                   subject=s.title[lang], keywords=["city index", edition.id, str(s.year)], created=source_date())


