"""Composing and rendering every language of a report in parallel, one process per language (the PDFs
dominate and the machine has a core for each); the processes die with the build, even when it is killed.

Each process composes its own language (its chapters, their chart data and tables), so that no
language waits for another's chapters, then waits at a `Gate` until every language is composed:
none renders, nor writes to the render cache, unless every language composed without problems and
placed the same figures and tables. The problems of every language are then reported together, as
when the languages were composed one after another.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import hashlib
import multiprocessing
import os
import signal
import warnings
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from threading import BrokenBarrierError

from ..edition import Edition
from ..errors import ContentError, Problem
from ..report import LanguageReport, ReportData, Strings, compose
from ..report.assembly import check_same_placements
from ..report.placements import Placements
from ..timing import Stages
from .language import LanguageRender, RenderSettings

PR_SET_PDEATHSIG = 1
COLLECT_EVERY = (50_000, 20, 20)
"""The garbage collector's thresholds while a build runs (the interpreter's are 700, 10, 10).

Laying out pages and drawing figures allocates millions of short-lived objects, which reference
counting frees as it goes; at the default thresholds the collector also runs every 700 allocations
and, every 70,000, traverses the whole heap: every module, frame and data frame of the build. That was about a
third of a language's rendering time (`python benchmarks/build.py` prints a cold build both ways).
A language's process also freezes what it inherits from the build, which lives as long as the
process does, so that no collection traverses it. Memory stays within a few per cent.
"""


@dataclass(frozen=True)
class Job:
    """One language to compose, then render in the given formats."""

    data: ReportData
    lang: str
    strings: dict[str, Strings]
    content: Path  # content/<edition>/: every language's chapters
    settings: RenderSettings
    formats: tuple[str, ...]
    slot: int = 0  # its place among the jobs, at the gate

    @property
    def edition(self) -> Edition:
        return self.data.edition


@dataclass
class Rendered:
    """What composing and rendering one language made: its files (path under output/<edition>/<lang>/ ->
    bytes); or, where it stopped before rendering, its chapters' problems (perhaps none: another's had)."""

    lang: str
    files: dict[str, bytes] = field(default_factory=dict)
    pages: int | None = None
    warnings: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    printed: str = ""
    placements: Placements = field(default_factory=Placements)
    problems: list[Problem] = field(default_factory=list)
    stopped: bool = False


def placed_digest(placements: Placements) -> bytes:
    """What a language placed, as the gate compares it (the figures' and tables' keys, in any order)."""
    keys = (sorted(p.key for p in placements.figures), sorted(p.key for p in placements.tables))
    return hashlib.sha256(repr(keys).encode()).digest()


class Gate:
    """Where the languages' processes wait once composed: each says what it placed (or that its chapters
    had problems); all go on to render only if none had and all placed the same as `expected` (what the
    languages not written placed, composed by the build itself), when given."""

    SIZE = 32  # bytes of a placed_digest

    def __init__(self, context, parties: int, expected: bytes | None) -> None:
        self.barrier = context.Barrier(parties)
        self.failed = context.Value("b", 0, lock=False)  # only ever set to 1: no lock needed
        self.digests = context.Array("c", parties * self.SIZE, lock=False)  # each process writes its own slot
        self.parties, self.expected = parties, expected

    def passed(self, slot: int, digest: bytes | None) -> bool:
        """Wait for every language; whether all composed and placed the same (digest None: this one failed)."""
        if digest is None:
            self.failed.value = 1
        else:
            self.digests[slot * self.SIZE:(slot + 1) * self.SIZE] = digest
        try:
            self.barrier.wait()
        except BrokenBarrierError:  # another language's process failed otherwise (its error is raised)
            return False
        found = {bytes(self.digests[i * self.SIZE:(i + 1) * self.SIZE]) for i in range(self.parties)}
        return not self.failed.value and len(found) == 1 and self.expected in (None, *found)

    def abort(self) -> None:
        """Let no process wait at the gate any longer (one has died, or failed otherwise)."""
        self.barrier.abort()


def render(job: Job, products: dict[str, Callable[[LanguageRender], dict[str, bytes]]],
           gate: Gate | None = None) -> Rendered:
    """One language composed, then (once the gate lets it) every format of it; Python warnings raised
    meanwhile are collected, not printed."""
    timing = Stages()
    gate = gate or _GATE
    try:
        with timing.stage("narrative"):
            report = compose(job.data, job.lang, job.strings[job.lang], job.content / job.lang)
    except ContentError as exc:
        if gate is not None:
            gate.passed(job.slot, None)
        return Rendered(job.lang, seconds=timing.seconds, problems=exc.problems, stopped=True)
    except BaseException:
        if gate is not None:
            gate.abort()
        raise
    if gate is not None and not gate.passed(job.slot, placed_digest(report.placements)):
        return Rendered(job.lang, seconds=timing.seconds, placements=report.placements, stopped=True)
    out = LanguageRender(job.edition, report, job.strings, job.settings, timing=timing)
    files: dict[str, bytes] = {}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out.figures  # noqa: B018 - drawn first, once, for every format (and timed as its own stage)
        for name in job.formats:
            files |= products[name](out)
    found = [*out.warnings, *(f"{w.category.__name__}: {w.message}" for w in caught)]
    return Rendered(job.lang, files, out.pages, found, out.seconds, out.printed, report.placements)


@contextlib.contextmanager
def rare_collections() -> Iterator[None]:
    """The garbage collector at COLLECT_EVERY while inside, then as it was."""
    before = gc.get_threshold()
    gc.set_threshold(*COLLECT_EVERY)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def render_all(jobs: list[Job], products: dict, languages: list[str],
               unwritten: list[LanguageReport] = ()) -> Iterator[Rendered]:
    """Rendered languages as they finish, in the order of `jobs`. `unwritten`: the reports of the edition's
    other languages (`languages`, in order), to compare placements with. Raises ContentError, once every
    process has ended, with the problems of every language's chapters, or with the placements that differ."""
    expected = placed_digest(unwritten[0].placements) if unwritten else None
    problems: list[Problem] = []
    placed = {report.lang: report.placements for report in unwritten}
    for part in _outcomes(jobs, products, expected):
        problems += part.problems
        placed[part.lang] = part.placements
        if not part.stopped and not problems:
            yield part
    if problems:
        raise ContentError(problems)
    check_same_placements([LanguageReport(lang, [], placed[lang]) for lang in languages if lang in placed])


def _outcomes(jobs: list[Job], products: dict, expected: bytes | None) -> Iterator[Rendered]:
    if len(jobs) < 2:
        gate = _Expected(expected)
        yield from (render(job, products, gate) for job in jobs)
        return
    context = multiprocessing.get_context("fork")
    gate = Gate(context, len(jobs), expected)
    with ProcessPoolExecutor(max_workers=len(jobs), mp_context=context, initializer=start_worker,
                             initargs=(os.getpid(), gate)) as pool:
        futures = [pool.submit(render, job, products) for job in jobs]
        try:
            yield from (future.result() for future in futures)
        except BaseException:
            gate.abort()  # no process waits at the gate for one that has died
            raise


class _Expected:
    """The gate of a language rendered alone, in this process: it compares with what the others placed."""

    def __init__(self, expected: bytes | None) -> None:
        self.expected = expected

    def passed(self, slot: int, digest: bytes | None) -> bool:
        return digest is not None and self.expected in (None, digest)

    def abort(self) -> None:  # nobody waits
        pass


_GATE: Gate | None = None  # a language's process's, from start_worker


def start_worker(parent: int, gate: Gate) -> None:
    """A language's process: it dies with the build, waits at `gate` once composed, and collects garbage
    rarely, never what it inherited."""
    global _GATE
    die_with_parent(parent)
    _GATE = gate
    gc.freeze()
    gc.set_threshold(*COLLECT_EVERY)


def die_with_parent(parent: int) -> None:
    """Ask the kernel to kill this process when its parent dies (Linux); exit now if it already has."""
    with contextlib.suppress(OSError, AttributeError):  # not Linux: the pool's own shutdown is all there is
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(1)
