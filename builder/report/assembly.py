"""Composing one language's report: chapters rendered, generated chapters added, chart data and tables
made as they are placed; every language's placements compared.

Preview calls the same functions with a ChapterCache, which reuses a chapter whose source and
whose preceding placements are unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ContentError, problem
from .chapters import GENERATED
from .charts import ChartData
from .context import ReportContext
from .data import ReportData
from .narrative import Chapter, ChapterSource, content_env, read_chapters, render_chapter
from .placements import Placed, Placements
from .strings import Strings
from .tables import TableData


@dataclass
class LanguageReport:
    """One language's report before anything is drawn: chapters with figure and table markers, what
    they placed (in order), and the chart and table data of each placement."""

    lang: str
    chapters: list[Chapter]
    placements: Placements
    tables: dict[str, TableData] = field(default_factory=dict)
    charts: dict[str, ChartData] = field(default_factory=dict)


@dataclass(frozen=True)
class _Record:
    chapter: Chapter
    figures: tuple[Placed, ...]
    tables: tuple[Placed, ...]
    charts: dict[str, ChartData]
    table_data: dict[str, TableData]


@dataclass
class ChapterCache:
    """Chapters rendered before, by source file: reused while their text and the placements before
    them stay the same (the caller clears it when data, strings or templates change)."""

    records: dict[Path, tuple[tuple, _Record]] = field(default_factory=dict)
    generated: dict[str, tuple[tuple, list[_Record]]] = field(default_factory=dict)
    rendered: int = 0  # how many chapters were rendered (not reused): tests and benchmarks read it

    def get(self, source: ChapterSource, seed: tuple) -> _Record | None:
        hit = self.records.get(source.path)
        return hit[1] if hit is not None and hit[0] == (source, seed) else None


def compose(data: ReportData, lang: str, strings: Strings, content_dir: Path,
            cache: ChapterCache | None = None) -> LanguageReport:
    """Render the narrative chapters and the generated ones; chart data and tables as placed.

    Every chapter is rendered even when one fails, so that all their problems are reported at once.
    """
    ctx = ReportContext(data, lang, strings)
    env = content_env()
    chapters, problems = [], []
    for source in read_chapters(content_dir):
        try:
            chapters.append(_chapter(source, ctx, env, cache))
        except ContentError as exc:
            problems += exc.problems
    if problems:
        raise ContentError(problems)
    for name, make in GENERATED.items():
        chapters += _generated(name, make, ctx, cache)
    return LanguageReport(lang, chapters, ctx.placements, ctx.tables, ctx.charts)


def _chapter(source: ChapterSource, ctx: ReportContext, env, cache: ChapterCache | None) -> Chapter:
    seed = ctx.placements.keys()
    record = cache.get(source, seed) if cache is not None else None
    if record is None:
        figures, tables = len(ctx.placements.figures), len(ctx.placements.tables)
        charts, table_data = set(ctx.charts), set(ctx.tables)
        chapter = render_chapter(source, ctx, env)
        record = _Record(chapter, tuple(ctx.placements.figures[figures:]), tuple(ctx.placements.tables[tables:]),
                         {k: v for k, v in ctx.charts.items() if k not in charts},
                         {k: v for k, v in ctx.tables.items() if k not in table_data})
        if cache is not None:
            cache.records[source.path] = ((source, seed), record)
            cache.rendered += 1
        return chapter
    ctx.placements.figures += record.figures
    ctx.placements.tables += record.tables
    ctx.charts |= record.charts
    ctx.tables |= record.table_data
    return record.chapter


def _generated(name: str, make, ctx: ReportContext, cache: ChapterCache | None) -> list[Chapter]:
    """A generated chapter, reused like the narrative ones while what is placed before it is unchanged."""
    seed = ctx.placements.keys()
    hit = cache.generated.get(name) if cache is not None else None
    if hit is not None and hit[0] == seed:
        records = hit[1]
    else:
        figures, tables = len(ctx.placements.figures), len(ctx.placements.tables)
        charts, table_data = set(ctx.charts), set(ctx.tables)
        made = make(ctx)
        records = [_Record(chapter, (), (), {}, {}) for chapter in made]
        if records:  # what the generated chapters placed, kept with the first of them
            records[0] = _Record(made[0], tuple(ctx.placements.figures[figures:]),
                                 tuple(ctx.placements.tables[tables:]),
                                 {k: v for k, v in ctx.charts.items() if k not in charts},
                                 {k: v for k, v in ctx.tables.items() if k not in table_data})
        if cache is not None:
            cache.generated[name] = (seed, records)
        return made
    for record in records:
        ctx.placements.figures += record.figures
        ctx.placements.tables += record.tables
        ctx.charts |= record.charts
        ctx.tables |= record.table_data
    return [record.chapter for record in records]


def compose_all(data: ReportData, strings: dict[str, Strings], content: Path,
                caches: dict[str, ChapterCache] | None = None, langs: list[str] | None = None) -> list[LanguageReport]:
    """Every language's report (or those of `langs`); problems of all of them at once; the same placements
    in each."""
    reports, problems = [], []
    for lang in data.edition.languages if langs is None else langs:
        try:
            reports.append(compose(data, lang, strings[lang], content / lang, (caches or {}).get(lang)))
        except ContentError as exc:
            problems += exc.problems
    if problems:
        raise ContentError(problems)
    check_same_placements(reports)
    return reports


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
