"""`cityindex build`: an edition turned into results, figures, tables, HTML and PDF per language.

Two phases, as the pipeline reads: first everything is read and computed (load, validate,
score, rank, audit, narrative), then everything is written into a scratch folder that replaces
the edition's output folder only when every step succeeded.
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import multiprocessing
import os
import shutil
import signal
import sys
import time
import warnings
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from markupsafe import Markup

from . import __version__
from .audit import audit
from .context import ReportData
from .draw import data_uri, print_svg, render_svg, svg_text, web_svg
from .edition import Edition, load_edition
from .errors import ContentError, SetupError, hint, known_list, problem
from .files import edition_lock, staging, write_csv, write_xlsx
from .fonts import font_face_css
from .glyphs import check_text, input_files
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
    check_templates,
    compose,
    render_template,
    stylesheet,
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
    templates_dir: Path = TEMPLATES
    pdf_variant: str | None = None  # e.g. "pdf/a-3b" for archived releases
    attach: tuple[str, ...] = ()  # for releases: files embedded in each PDF ("results" and the edition's data)
    notify: Callable[[str], None] | None = None  # told when the build waits for another build of the edition


@dataclass
class BuildSummary:
    """What a build made and how long each stage took."""

    edition: str
    pages: dict[str, int] = field(default_factory=dict)
    figures: int = 0
    tables: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # e.g. debris of an interrupted build, removed
    wall: float = 0.0  # seconds from start to published outputs
    outputs: list[Path] = field(default_factory=list)
    printed: dict[str, str] = field(default_factory=dict)  # the HTML each PDF was rendered from
    langs: list[str] = field(default_factory=list)

    def add(self, part: BuildSummary) -> None:
        """Fold in what a language worker made."""
        self.pages |= part.pages
        self.warnings += part.warnings
        self.printed |= part.printed
        for step, seconds in part.seconds.items():
            self.seconds[step] = self.seconds.get(step, 0.0) + seconds
        self.langs += part.langs

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
    started = time.perf_counter()
    summary = BuildSummary(name)
    folder = edition_folder(name, options.data_dir)
    final = options.output_dir / folder.name
    with edition_lock(final, options.notify or _to_stderr):  # one build of an edition at a time, from the start
        edition, langs, strings, data, reports = _read_and_compute(folder, options, summary, progress)
        with staging(final, locked=True) as stage:
            summary.notices += stage.debris
            write_results(edition, data.results, stage.scratch)
            jobs = [(edition, report, strings, stage.scratch, options) for report in reports if report.lang in langs]
            for part in _run_parallel(jobs):
                summary.add(part)
                progress(f"{', '.join(part.langs)} written")
    summary.outputs = sorted(p for p in final.rglob("*") if p.is_file())
    summary.figures = len(reports[0].placements.figures) * len(langs)
    summary.tables = len(reports[0].placements.tables) * len(langs)
    summary.wall = time.perf_counter() - started
    return summary


def _read_and_compute(folder: Path, options: BuildOptions, summary: BuildSummary, progress: Progress) -> tuple:
    """The first phase: everything read, checked, scored and composed, nothing written yet."""
    with summary.stage("load"):
        edition = load_edition(folder)
        langs = chosen_languages(edition, options.langs)
        check_formats(options.formats)
        strings = load_strings(options.templates_dir / "strings", edition.languages,
                               options.content_dir / edition.id)
        check_templates(options.templates_dir)
    progress("load")
    with summary.stage("score"):
        results = compute(edition)
        checked = audit(edition, results) if len(edition.published) and not edition.settings.results_only else None
    progress("score")
    data = ReportData(edition, results, checked)
    with summary.stage("narrative"):
        reports = compose_all(data, strings, options.content_dir / edition.id)
    progress("narrative")
    return edition, langs, strings, data, reports


def _to_stderr(message: str) -> None:
    sys.stderr.write(message + "\n")


def check_formats(formats: tuple[str, ...]) -> None:
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise SetupError([problem("format-unknown", "--format", name=f, hint=hint(f, FORMATS),
                                  known=known_list(FORMATS)) for f in unknown])


def chosen_languages(edition: Edition, asked: list[str] | None) -> list[str]:
    """The languages to write: those asked for (each one the edition lists), or all of the edition's."""
    if not asked:
        return list(edition.languages)
    unknown = [lang for lang in asked if lang not in edition.languages]
    if unknown:
        raise SetupError([problem("lang-unknown", "--lang", lang=lang, hint=hint(lang, edition.languages),
                                  known=known_list(edition.languages)) for lang in unknown])
    return list(asked)


def compose_all(data: ReportData, strings: dict[str, Strings], content: Path) -> list[LanguageReport]:
    """Every language's chapters, appendices, chart data and tables; problems of all languages at once."""
    reports, problems = [], []
    for lang in data.edition.languages:
        try:
            reports.append(compose(data, lang, strings[lang], content / lang))
        except ContentError as exc:
            problems += exc.problems
    if problems:
        raise ContentError(problems)
    check_same_placements(reports)
    return reports


def _run_parallel(jobs: list[tuple]) -> Iterator[BuildSummary]:
    """One process per language: the PDFs dominate and the machine has a core for each.

    The workers die with the build: a build killed (even with SIGKILL) takes them with it.
    """
    if len(jobs) < 2:
        yield from (write_language(*job) for job in jobs)
        return
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=len(jobs), mp_context=context, initializer=die_with_parent,
                             initargs=(os.getpid(),)) as pool:
        yield from pool.map(_language_job, jobs)


PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """Ask the kernel to kill this process when its parent dies (Linux); exit now if it already has."""
    with contextlib.suppress(OSError, AttributeError):  # not Linux: the pool's own shutdown is all there is
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(1)


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
    templates = options.templates_dir
    env = template_env(templates)
    sources = input_files(edition.path, options.content_dir / edition.id / lang, templates / "strings", lang)
    with summary.stage("figures"):
        web, printed_blocks, figure_text = _figures(report, t, env, folder, sources)
    with summary.stage("tables"):
        tables_web, tables_print = _tables(report, t, env, folder)
    web |= tables_web
    printed_blocks |= tables_print
    for asset in {a.name: a for chapter in report.chapters for a in chapter.assets}.values():
        (folder / asset.name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(asset.source, folder / asset.name)
    with summary.stage("html"):
        if "html" in options.formats:
            page = page_for(edition, lang, t, strings, chapter_views(report.chapters, web))
            html = render_template(env, "report.html", page=replace(page, medium="web",
                                                                    stylesheets=[stylesheet(templates, "screen.css")]))
            (folder / "index.html").write_text(html, encoding="utf-8")
    if "pdf" in options.formats:
        fonts = (options.output_dir / ".cache" / "fonts").resolve()
        page = replace(page_for(edition, lang, t, strings, chapter_views(report.chapters, printed_blocks)),
                       medium="print")
        with summary.stage("html"):
            print_css = stylesheet(templates, "print.css")
            draft = render_template(env, "report.html", page=replace(page, stylesheets=[print_css]))
            text = draft + figure_text
            check_text(draft, lang, sources, "the PDF")
            faces = Markup(font_face_css(lang, text + print_css, fonts))
            printed = render_template(env, "report.html", page=replace(page, stylesheets=[faces, print_css]))
        with summary.stage(f"pdf {lang}"):
            stats = write_pdf(printed, folder, folder / "report.pdf", pdf_meta(edition, lang),
                              variant=options.pdf_variant, attachments=attachments(edition, scratch, options),
                              allowed=[folder, fonts, templates])
        summary.pages[lang] = stats.pages
        summary.warnings += stats.warnings
        summary.printed[lang] = printed


def _figures(report: LanguageReport, t: Strings, env, folder: Path, sources: list[Path]) -> tuple[dict, dict, str]:
    """Every figure drawn and written (the web's SVG), with its block for the web page and for print, and
    all the text the figures show (for the font subset the PDF embeds).

    Print embeds each figure with its text in the report's own font ("CI Sans", the subset the PDF
    embeds); the web's SVG names the language's typeface and its usual stand-ins.
    """
    web, printed, shown = {}, {}, []
    for placed in report.placements.figures:
        chart = report.charts[placed.key]
        check_text(chart.all_text(), report.lang, sources, f"figure {placed.key!r}")
        svg, width, height = render_svg(chart, report.lang)
        path = folder / "figures" / f"{placed.key}.svg"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(web_svg(svg, report.lang))
        view = FigureView(f"fig-{placed.key}", f"figures/{placed.key}.svg", chart.alt,
                          t("report.figure", n=placed.number), t("report.caption_sep"), chart.caption, width, height,
                          href=f"figures/{placed.key}.svg", open_label=t("report.figure_open"))
        web[f"figure:{placed.key}"] = render_template(env, "figure.html", fig=view)
        printed[f"figure:{placed.key}"] = render_template(env, "figure.html", fig=replace(
            view, src=data_uri(print_svg(svg)), href=""))
        shown.append(svg_text(svg))
    return web, printed, "\n".join(shown)


def _tables(report: LanguageReport, t: Strings, env, folder: Path) -> tuple[dict, dict]:
    """Every table written as CSV and XLSX, with its block for the web page and for print."""
    web, printed = {}, {}
    for placed in report.placements.tables:
        table = report.tables[placed.key]
        stem = folder / "tables" / placed.key
        write_csv(table.values.rename_axis(None), stem.with_suffix(".csv"))
        write_xlsx({table.caption[:31]: table.values}, stem.with_suffix(".xlsx"))
        links = Markup(t("report.download", links=Markup(
            f'<a href="tables/{placed.key}.csv">CSV</a> · <a href="tables/{placed.key}.xlsx">XLSX</a>')))
        web[f"table:{placed.key}"] = render_template(env, "table.html", tab=table_view(placed, table, t, links, "web"))
        printed[f"table:{placed.key}"] = render_template(env, "table.html",
                                                         tab=table_view(placed, table, t, Markup(""), "print"))
    return web, printed


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
        other_language=strings[lang]("report.other_language") if other else "",
        colophon=t("report.colophon", version=__version__))


def pdf_meta(edition: Edition, lang: str) -> PdfMeta:
    s = edition.settings
    return PdfMeta(title=s.title[lang], lang=HTML_LANG.get(lang, lang),
                   authors=[a.strip() for a in (s.authors or s.publisher)[lang].split(";")],
                   subject=s.title[lang], keywords=["city index", edition.id, str(s.year)],
                   created=dt.datetime.combine(s.published or dt.date(s.year, 1, 1), dt.time()))


