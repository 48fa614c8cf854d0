"""Rendering every language of a report in parallel, one process per language (the PDFs dominate and
the machine has a core for each); the processes die with the build, even when it is killed."""

from __future__ import annotations

import contextlib
import ctypes
import gc
import multiprocessing
import os
import signal
import warnings
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from ..edition import Edition
from ..report import LanguageReport, Strings
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
    """One language to render in the given formats."""

    edition: Edition
    report: LanguageReport
    strings: dict[str, Strings]
    settings: RenderSettings
    formats: tuple[str, ...]


@dataclass
class Rendered:
    """What rendering one language made: its files (path under output/<edition>/<lang>/ -> bytes)."""

    lang: str
    files: dict[str, bytes] = field(default_factory=dict)
    pages: int | None = None
    warnings: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    printed: str = ""


def render(job: Job, products: dict[str, Callable[[LanguageRender], dict[str, bytes]]]) -> Rendered:
    """Every format of one language; Python warnings raised meanwhile are collected, not printed."""
    out = LanguageRender(job.edition, job.report, job.strings, job.settings)
    files: dict[str, bytes] = {}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out.figures  # noqa: B018 - drawn first, once, for every format (and timed as its own stage)
        for name in job.formats:
            files |= products[name](out)
    found = [*out.warnings, *(f"{w.category.__name__}: {w.message}" for w in caught)]
    return Rendered(job.report.lang, files, out.pages, found, out.seconds, out.printed)


@contextlib.contextmanager
def rare_collections() -> Iterator[None]:
    """The garbage collector at COLLECT_EVERY while inside, then as it was."""
    before = gc.get_threshold()
    gc.set_threshold(*COLLECT_EVERY)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def render_all(jobs: list[Job], products: dict) -> Iterator[Rendered]:
    """Rendered languages as they finish, in the order of `jobs`."""
    if len(jobs) < 2:
        yield from (render(job, products) for job in jobs)
        return
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=len(jobs), mp_context=context, initializer=start_worker,
                             initargs=(os.getpid(),)) as pool:
        yield from pool.map(render, jobs, [products] * len(jobs))


def start_worker(parent: int) -> None:
    """A language's process: it dies with the build, and collects garbage rarely, never what it inherited."""
    die_with_parent(parent)
    gc.freeze()
    gc.set_threshold(*COLLECT_EVERY)


def die_with_parent(parent: int) -> None:
    """Ask the kernel to kill this process when its parent dies (Linux); exit now if it already has."""
    with contextlib.suppress(OSError, AttributeError):  # not Linux: the pool's own shutdown is all there is
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(1)
