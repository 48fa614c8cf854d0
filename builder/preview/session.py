"""An editorial preview of one language: the build's own compose and render, with caches between edits.

State stays in memory between edits (edition, results, strings, rendered chapters, drawn figures),
and an edit rebuilds only what it touches: a chapter edit re-renders that chapter (and those whose
figure or table numbers it shifts); a data edit re-scores and redraws only the figures whose chart
data changed; a template or figure-code edit re-renders all that depends on it. The page reloads
itself; a build error is served as the page until fixed. The PDF is never built here.
"""

from __future__ import annotations

import hashlib
import importlib
import multiprocessing
import sys
import threading
import time
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import watchfiles

import figures

from ..app import audited
from ..edition import Edition, edition_folder, load_edition
from ..engine import compute
from ..errors import CityIndexError, problem
from ..publish.products import web
from ..render import svg
from ..render.glyphs import check_text
from ..render.html import TEMPLATES, check_templates
from ..render.language import Drawn, LanguageRender, Memo, RenderSettings, chart_digest
from ..render.workers import rare_collections
from ..report import ChapterCache, ReportData, Strings, compose, load_strings
from .server import HOST, QuietServer, error_page, handler, with_reload

FIGURES_DIR = Path(figures.__file__).resolve().parent
# What an edit touches, from the broadest to the narrowest: each one implies those after it.
FIGURE_CODE, TEMPLATES_CHANGED, DATA, CONTENT = "figures", "templates", "data", "content"


def draw_figure(chart, lang: str) -> Drawn:
    """Through the module, so that a reload of figure code is seen (and a worker process can run it)."""
    return Drawn(*svg.render_svg(chart, lang))


def reload_figure_code() -> None:
    """Re-import the figures package and what holds on to its functions (twice: imports between them)."""
    names = sorted(n for n in sys.modules if n.startswith("figures."))
    for _ in range(2):
        for name in names:
            importlib.reload(sys.modules[name])
        importlib.reload(sys.modules["figures"])
    importlib.reload(svg)


@dataclass
class PreviewState:
    """Everything kept between rebuilds of one edition in one language."""

    edition: Edition | None = None
    data: ReportData | None = None
    strings: dict[str, Strings] | None = None
    chapters: ChapterCache = field(default_factory=ChapterCache)
    drawn: dict[str, Drawn] = field(default_factory=dict)  # chart digest -> drawing
    kept: dict[str, bytes] = field(default_factory=dict)  # table downloads by content
    memo: Memo = field(default_factory=Memo)  # tables' HTML and downloads, by the very table (reused chapters')
    written: dict[str, str] = field(default_factory=dict)  # file under the preview folder -> digest written
    charts: dict = field(default_factory=dict)  # the charts of the last page, by placement key


class Preview:
    """Builds one language of an edition into folder, incrementally, and serves it on 127.0.0.1:port."""

    def __init__(self, edition: str, lang: str, port: int, data_dir: Path, content_dir: Path,
                 output_dir: Path, workers: int = 0) -> None:
        """workers: processes that draw figures side by side (0: draw in this process, one at a time)."""
        self.name, self.lang = edition, lang
        self.content_dir = content_dir
        self.edition_dir = edition_folder(edition, data_dir)
        self.folder = output_dir / ".preview" / self.edition_dir.name / lang
        self.fonts = (output_dir / ".cache" / "fonts").resolve()
        self.state = PreviewState()
        self.version, self.page, self.seconds = 0, "", 0.0
        self.error: BaseException | None = None
        self.pending: set[str] = {FIGURE_CODE}
        self.changed = threading.Condition()
        self.stopping = threading.Event()
        self.server = QuietServer((HOST, port), handler(self))
        self.server.daemon_threads = True
        self.threads: list[threading.Thread] = []
        self.workers = workers
        self.pool: ProcessPoolExecutor | None = None

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}/"

    # ---- lifecycle ------------------------------------------------------------------------------
    def start(self) -> None:
        """Build once, then serve and watch in background threads."""
        self.rebuild(set())
        self.threads = [threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.1},
                                         daemon=True, name="preview-http"),
                        threading.Thread(target=self.watch, daemon=True, name="preview-watch")]
        for thread in self.threads:
            thread.start()

    def stop(self) -> None:
        self.stopping.set()
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
        with self.changed:
            self.changed.notify_all()
        self.server.shutdown()
        self.server.server_close()
        for thread in self.threads:
            thread.join(timeout=5)

    def watch(self) -> None:
        folders = [p for p in (self.edition_dir, self.content_dir, TEMPLATES, FIGURES_DIR) if p.exists()]
        # step: how long a burst of events must be quiet before it counts as one save. 30 ms keeps a program's
        # truncate-then-write together: at 5 ms a large values.csv was seen empty halfway through its save (an
        # error page flashed); benchmarks/preview.py: a chapter edit in 0.14 s at 30 ms (0.10 s at 5 ms)
        for changes in watchfiles.watch(*folders, stop_event=self.stopping, step=30, debounce=800,
                                        rust_timeout=200, yield_on_timeout=False):
            touched = self.classify(Path(path) for _, path in changes)
            if touched:
                self.rebuild(touched)

    def classify(self, paths: Iterable[Path]) -> set[str]:
        """What the changed files touch (files of other editions or languages touch nothing)."""
        touched = set()
        content = (self.content_dir / self.edition_dir.name).resolve()
        for path in (p.resolve() for p in paths):
            if path.is_relative_to(FIGURES_DIR) and path.suffix == ".py":
                touched.add(FIGURE_CODE)
            elif path.is_relative_to(TEMPLATES.resolve()) or path.name == "strings.yaml":
                touched.add(TEMPLATES_CHANGED)
            elif path.is_relative_to(self.edition_dir.resolve()):
                touched.add(DATA)
            elif path.is_relative_to(content / self.lang) and path.suffix == ".md":
                touched.add(CONTENT)
        return touched

    # ---- building ----------------------------------------------------------------------------------
    def rebuild(self, touched: set[str]) -> None:
        """Rebuild what touched needs (and whatever failed last time); publish a page either way."""
        self.pending |= touched
        start = time.perf_counter()
        try:
            with rare_collections():  # as a build does: collections were a third of rendering
                page = self._build(self.pending)
        except Exception as exc:  # noqa: BLE001 - any failure is shown in the page; the server keeps going
            self.error = exc
            self._publish(error_page(exc, self.name), start)
            return
        self.pending, self.error = set(), None
        self._publish(page, start)

    def _publish(self, page: str, start: float) -> None:
        self.seconds = time.perf_counter() - start
        with self.changed:
            self.version += 1
            self.page = with_reload(page, self.version)
            self.changed.notify_all()

    def _build(self, touched: set[str]) -> str:
        s = self.state
        if FIGURE_CODE in touched:
            if s.edition is not None:  # the first build imports the current code already
                reload_figure_code()
            s.drawn.clear()
            self._new_pool()
        if touched & {FIGURE_CODE, DATA} or s.data is None:
            edition = load_edition(self.edition_dir)
            if self.lang not in edition.languages:
                raise CityIndexError(problem("lang-unknown", "--lang", lang=self.lang, hint="",
                                             known=", ".join(edition.languages)))
            results = compute(edition)
            s.edition, s.data = edition, ReportData(edition, results, audited(edition, results))
            s.chapters = ChapterCache()
        if touched & {FIGURE_CODE, TEMPLATES_CHANGED} or s.strings is None:
            assert s.edition is not None
            check_templates(TEMPLATES)
            s.strings = load_strings(TEMPLATES / "strings", s.edition.languages, self.content_dir / s.edition.id)
            s.chapters = ChapterCache()
        report = compose(s.data, self.lang, s.strings[self.lang], self.content_dir / s.edition.id / self.lang,
                         s.chapters)
        render = LanguageRender(s.edition, report, s.strings, RenderSettings(
            TEMPLATES, self.fonts, self.content_dir / s.edition.id, versioned=True), drawn=s.drawn, kept=s.kept,
            memo=s.memo)
        self._predraw(render)
        s.charts = report.charts
        files = web(render)
        for name, data in files.items():
            self._write(name, data)
        return files["index.html"].decode("utf-8")

    def _new_pool(self) -> None:
        """Fresh drawing processes (spawned, so that they import the figure code as it is now)."""
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn")) \
            if self.workers > 0 else None

    def _predraw(self, render: LanguageRender) -> None:
        """Draw the figures render will ask for and `drawn` lacks, side by side where there are workers."""
        todo = {chart_digest(chart, self.lang): chart for chart in render.report.charts.values()}
        todo = {digest: chart for digest, chart in todo.items() if digest not in self.state.drawn}
        for chart in todo.values():
            check_text(chart.all_text(), self.lang, render.sources, f"figure {chart.kind!r}")
        if self.pool is not None and len(todo) > 1:
            drawn = list(self.pool.map(draw_figure, todo.values(), [self.lang] * len(todo)))
        else:
            drawn = [draw_figure(chart, self.lang) for chart in todo.values()]
        self.state.drawn.update(zip(todo, drawn, strict=True))

    def _write(self, name: str, data: bytes) -> None:
        """Write a file of the preview folder unless it already holds these bytes."""
        digest = hashlib.sha256(data).hexdigest()
        if self.state.written.get(name) == digest:
            return
        path = self.folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        self.state.written[name] = digest
