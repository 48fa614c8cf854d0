"""The commands' work, stage by stage: `build` and `score` (what `cityindex build` and `score` do).

A build runs in two phases: first everything is read and computed (load, validate, score, rank,
audit), then each language is composed and rendered by a process of its own (render/workers.py:
none renders before every language has composed without problems) and written into a staging
folder that replaces the edition's output folder only when every step succeeded.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .analysis import AuditReport, audit
from .edition import Edition, edition_folder, load_edition
from .engine import Results, compute
from .errors import SetupError, hint, known_list, problem
from .paths import TEMPLATES
from .publish.results import write_results
from .publish.staging import edition_lock, staging
from .timing import Stages

if TYPE_CHECKING:
    from .render.language import RenderSettings
    from .render.workers import Rendered
    from .report import LanguageReport, ReportData, Strings
    from .report.placements import Placements

FORMAT_NAMES = ("html", "pdf")  # publish/products.FORMATS (tests/test_docs.py keeps the two the same)


@dataclass(frozen=True)
class BuildOptions:
    langs: list[str] | None = None  # None: the edition's languages
    formats: tuple[str, ...] = FORMAT_NAMES
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
    timing: Stages = field(default_factory=Stages)  # seconds per stage, summed over the language workers
    warnings: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # e.g. debris of an interrupted build, removed
    wall: float = 0.0  # seconds from start to published outputs
    outputs: list[Path] = field(default_factory=list)
    printed: dict[str, str] = field(default_factory=dict)  # the HTML each PDF was rendered from
    langs: list[str] = field(default_factory=list)
    placements: Placements | None = None  # what the chapters placed (the same in every language)

    def add(self, part: Rendered) -> None:
        """Fold in what a language worker made."""
        if part.pages is not None:
            self.pages[part.lang] = part.pages
        if part.printed:
            self.printed[part.lang] = part.printed
        self.placements = part.placements
        self.warnings += part.warnings
        for step, seconds in part.seconds.items():
            self.timing.add(step, seconds)
        self.langs.append(part.lang)

    @property
    def seconds(self) -> dict[str, float]:
        return self.timing.seconds

    def stage(self, name: str):
        return self.timing.stage(name)


Progress = Callable[[str], None]


def build(name: str, options: BuildOptions, progress: Progress = lambda step: None) -> BuildSummary:
    """Build one edition; outputs replace output/<edition>/ only if everything succeeded."""
    from .publish.products import FORMATS  # the render machinery: only the verbs that render load it
    from .render.html import check_templates
    from .render.workers import Job, rare_collections, render_all
    from .report import ReportData, load_strings

    started, summary = time.perf_counter(), BuildSummary(name)
    folder = edition_folder(name, options.data_dir)
    final = options.output_dir / folder.name
    # one build of an edition at a time, from the start
    with rare_collections(), edition_lock(final, options.notify or _to_stderr):
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
            checked = audited(edition, results)
        progress("score")
        data, content = ReportData(edition, results, checked), options.content_dir / edition.id
        # Each written language is composed by the process that renders it; the others here, for their
        # problems and to compare what every language places.
        with summary.stage("narrative"):
            unwritten = _composed(data, strings, content, [lang for lang in edition.languages if lang not in langs])
        progress("narrative")
        with staging(final, locked=True) as stage:
            summary.notices += stage.debris
            write_results(edition, results, stage.scratch)
            settings = render_settings(edition, options, stage.scratch)
            jobs = [Job(data, lang, strings, content, settings, options.formats, slot)
                    for slot, lang in enumerate(langs)]
            for part in render_all(jobs, FORMATS, list(edition.languages), unwritten):
                for path, blob in part.files.items():
                    (stage.scratch / part.lang / path).parent.mkdir(parents=True, exist_ok=True)
                    (stage.scratch / part.lang / path).write_bytes(blob)
                summary.add(part)
                progress(f"{part.lang} written")
    summary.outputs = sorted(p for p in final.rglob("*") if p.is_file())
    summary.figures = len(summary.placements.figures) * len(langs)
    summary.tables = len(summary.placements.tables) * len(langs)
    summary.wall = time.perf_counter() - started
    return summary


def _composed(data: ReportData, strings: dict[str, Strings], content: Path, langs: list[str]) -> list[LanguageReport]:
    """The reports of `langs`; if one has problems, every language's problems, in the edition's order."""
    from .errors import ContentError
    from .report import compose_all

    try:
        return compose_all(data, strings, content, langs=langs)
    except ContentError:
        compose_all(data, strings, content)  # raises every language's problems as one error
        raise


def score(name: str, data_dir: Path, output_dir: Path) -> tuple[Edition, Results, list[Path]]:
    """`cityindex score`: validate, score, rank and write the results; nothing is written on error."""
    edition = load_edition(edition_folder(name, data_dir))
    results = compute(edition)
    final = output_dir / edition.id
    with staging(final) as stage:
        written = write_results(edition, results, stage.scratch)
    return edition, results, [final / p.name for p in written]


def audited(edition: Edition, results: Results) -> AuditReport | None:
    """The audit, for an edition that computes its results and has published ones to check them against."""
    return audit(edition, results) if len(edition.published) and not edition.settings.results_only else None


def render_settings(edition: Edition, options: BuildOptions, scratch: Path) -> RenderSettings:
    from .render.language import RenderSettings

    attached = [scratch / "results.csv", scratch / "results.xlsx"] if "results" in options.attach else []
    if "data" in options.attach:
        attached += sorted(p for p in edition.path.iterdir() if p.is_file())
    cache = (options.output_dir / ".cache").resolve()
    return RenderSettings(options.templates_dir, cache / "fonts", options.content_dir / edition.id, options.pdf_variant,
                          tuple(attached), cache=cache / "render")


def _to_stderr(message: str) -> None:
    sys.stderr.write(message + "\n")


def check_formats(formats: tuple[str, ...]) -> None:
    unknown = [f for f in formats if f not in FORMAT_NAMES]
    if unknown:
        raise SetupError([problem("format-unknown", "--format", name=f, hint=hint(f, FORMAT_NAMES),
                                  known=known_list(FORMAT_NAMES)) for f in unknown])


def chosen_languages(edition: Edition, asked: list[str] | None) -> list[str]:
    """The languages to write: those asked for (each one the edition lists), or all of the edition's."""
    if not asked:
        return list(edition.languages)
    unknown = [lang for lang in asked if lang not in edition.languages]
    if unknown:
        raise SetupError([problem("lang-unknown", "--lang", lang=lang, hint=hint(lang, edition.languages),
                                  known=known_list(edition.languages)) for lang in unknown])
    return list(asked)
