"""`cityindex preview`: an edition's HTML in one language, served on 127.0.0.1 and rebuilt on every edit.

State stays in memory between edits (edition, results, rendered chapters, tables, drawn figures), and
an edit rebuilds only what it touches: a chapter edit re-renders that chapter (and the chapters whose
figure or table numbers it shifts) and the page; a data edit re-scores and redraws only the figures
whose chart data changed; a template or figure-code edit re-renders all that depends on it. The page
reloads itself through a Server-Sent Events stream; a build error is served as the page until fixed.
The PDF is never built here.
"""

from __future__ import annotations

import hashlib
import html
import importlib
import mimetypes
import multiprocessing
import os
import signal
import sys
import threading
import time
import traceback
import urllib.parse
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pandas as pd
import watchfiles
from markupsafe import Markup

import figures

from . import draw
from .audit import audit
from .build import page_for
from .charts import ChartData, chart_data
from .context import Placed, Placements, ReportContext, ReportData
from .edition import Edition, load_edition
from .errors import CityIndexError, problem
from .files import write_csv, write_xlsx
from .i18n import Strings, load_strings
from .narrative import Chapter, ChapterSource, content_env, read_chapters, render_chapter
from .pipeline import compute, edition_folder
from .report import (
    TEMPLATES,
    FigureView,
    LanguageReport,
    ReportPage,
    appendices,
    chapter_views,
    table_view,
    template_env,
)
from .report_tables import TableData, build_table

HOST = "127.0.0.1"
FIGURES_DIR = Path(figures.__file__).resolve().parent
RELOAD_SCRIPT = """<script>
(function () {
  // Swaps in the new page in place (figures stay cached; no flash, scroll kept); reloads if that fails.
  var version = "%s";
  var events = new EventSource("/__events");
  events.onmessage = function (e) {
    if (e.data === version) { return; }
    version = e.data;
    var y = window.scrollY;
    fetch("/", {cache: "no-store"}).then(function (r) { return r.text(); }).then(function (text) {
      var next = new DOMParser().parseFromString(text, "text/html");
      document.title = next.title;
      document.documentElement.lang = next.documentElement.lang;
      document.head.replaceWith(document.adoptNode(next.head));
      document.body.replaceWith(document.adoptNode(next.body));
      window.scrollTo(0, y);
    }).catch(function () { location.reload(); });
  };
})();
</script>
"""

# What an edit touches, from the broadest to the narrowest: each one implies those after it.
FIGURE_CODE, TEMPLATES_CHANGED, DATA, CONTENT = "figures", "templates", "data", "content"


# ---- what is served ----------------------------------------------------------------------------
def safe_path(root: Path, url: str) -> Path | None:
    """The file under root that a request path names, or None if it names none or leaves root.

    Refuses `..` (also percent-encoded), NUL bytes, backslashes and symlinks leading outside root;
    a leading slash is the root, never the file system's.
    """
    try:
        rel = urllib.parse.unquote(urllib.parse.urlsplit(url).path, errors="strict")
    except UnicodeDecodeError:
        return None
    if "\x00" in rel or "\\" in rel:
        return None
    parts = [p for p in rel.split("/") if p not in ("", ".")]
    if ".." in parts:
        return None
    base = root.resolve()
    try:
        target = base.joinpath(*parts).resolve()
        if not target.is_relative_to(base) or not target.is_file():
            return None
    except (OSError, RuntimeError, ValueError):  # a symlink loop, a name too long for the file system
        return None
    return target


def with_reload(page: str, version: int) -> str:
    """The page with the script that reloads it when the build version changes."""
    script = RELOAD_SCRIPT % version
    at = page.rfind("</body>")
    return page + script if at < 0 else page[:at] + script + page[at:]


@dataclass(frozen=True)
class Where:
    """One place a build error points at."""

    file: str
    line: int | None
    message: str


def error_places(exc: BaseException) -> list[Where]:
    """File, line and message of each problem an error carries (read from the problems, not their text).

    Anything else is a fault of cityindex itself; the page then names the code's file and line.
    """
    if isinstance(exc, CityIndexError):
        return [Where(p.file, p.line, p.detail) for p in exc.problems]
    frames = traceback.extract_tb(exc.__traceback__)
    last = frames[-1] if frames else None
    return [Where(last.filename if last else "", last.lineno if last else None, f"{type(exc).__name__}: {exc}")]


def error_page(exc: BaseException, title: str) -> str:
    """A page naming the file, line and message of a build error, in place of the report."""
    rows = "\n".join(f"<tr><td class=\"file\">{html.escape(w.file)}</td><td class=\"line\">{w.line or ''}</td>"
                     f"<td class=\"message\">{html.escape(w.message)}</td></tr>" for w in error_places(exc))
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Build error: {html.escape(title)}</title>
<style>body{{font:15px/1.5 system-ui,sans-serif;margin:2rem;color:#222}}h1{{color:#b00020}}
td,th{{text-align:left;vertical-align:top;padding:.2rem .8rem .2rem 0}}pre{{background:#f6f6f6;padding:1rem;
white-space:pre-wrap}}</style></head>
<body class="build-error"><h1>Build error</h1>
<p>The preview keeps serving; this page reloads when the error is fixed.</p>
<table id="problems"><tr><th>File</th><th>Line</th><th>Message</th></tr>
{rows}
</table>
<pre id="message">{html.escape(f"{type(exc).__name__}: {exc}")}</pre>
</body></html>
"""


# ---- what is rebuilt -----------------------------------------------------------------------------
def chart_hash(chart: ChartData) -> str:
    """A digest of everything that goes into a figure's SVG: kind, size, options, labels and frame."""
    digest = hashlib.sha256(repr((chart.kind, chart.size, sorted(chart.options.items(), key=str),
                                  sorted(chart.text.items()), list(map(str, chart.frame.columns)))).encode())
    digest.update(pd.util.hash_pandas_object(chart.frame, index=True).to_numpy().tobytes())
    return digest.hexdigest()


def table_hash(table: TableData) -> str:
    digest = hashlib.sha256(table.caption.encode())
    digest.update(table.values.to_csv().encode())
    return digest.hexdigest()


def draw_figure(chart: ChartData, lang: str) -> tuple[bytes, int, int]:
    """Through the module, so that a reload of figure code is seen."""
    svg, width, height = draw.render_svg(chart, lang)
    return draw.web_svg(svg, lang), width, height


def reload_figure_code() -> None:
    """Re-import the figures package and what holds on to its functions (twice: imports between them)."""
    names = sorted(n for n in sys.modules if n.startswith("figures."))
    for _ in range(2):
        for name in names:
            importlib.reload(sys.modules[name])
        importlib.reload(sys.modules["figures"])
    importlib.reload(draw)


@dataclass
class ChapterRecord:
    """One rendered chapter and what it needs to be reused: its source and the placements before it."""

    source: ChapterSource
    text: str
    seed: tuple[str, ...]
    chapter: Chapter
    figures: list[Placed]
    tables: list[Placed]


@dataclass
class Counters:
    """How often each costly step ran (tests and the benchmark read them)."""

    loads: int = 0
    scores: int = 0
    chapters: int = 0
    charts: int = 0
    draws: int = 0
    tables: int = 0
    pages: int = 0


@dataclass
class PreviewState:
    """Everything kept between rebuilds of one edition in one language."""

    edition: Edition | None = None
    data: ReportData | None = None
    strings: dict[str, Strings] | None = None
    chapters: list[ChapterRecord] = field(default_factory=list)
    charts: dict[str, tuple[ChartData, str]] = field(default_factory=dict)  # key -> chart, hash
    drawn: dict[tuple[str, str], tuple[bytes, int, int]] = field(default_factory=dict)  # (key, hash) -> svg
    written: dict[str, str] = field(default_factory=dict)  # file under the preview folder -> hash written
    table_data: dict[str, TableData] = field(default_factory=dict)


class Preview:
    """Builds one language of an edition into folder, incrementally, and serves it on 127.0.0.1:port."""

    def __init__(self, edition: str, lang: str, port: int, data_dir: Path, content_dir: Path,
                 output_dir: Path, workers: int = 0) -> None:
        """workers: processes that draw figures side by side (0: draw in this process, one at a time)."""
        self.name = edition
        self.lang = lang
        self.data_dir = data_dir
        self.content_dir = content_dir
        self.edition_dir = edition_folder(edition, data_dir)
        self.folder = output_dir / ".preview" / self.edition_dir.name / lang
        self.state = PreviewState()
        self.counters = Counters()
        self.version = 0
        self.page = ""
        self.seconds = 0.0  # how long the last rebuild took
        self.error: BaseException | None = None
        self.pending: set[str] = {FIGURE_CODE}
        self.changed = threading.Condition()
        self.stopping = threading.Event()
        self.server = QuietServer((HOST, port), _handler(self))
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

    @property
    def content_folder(self) -> Path:
        edition_id = self.state.edition.id if self.state.edition else self.edition_dir.name
        return self.content_dir / edition_id / self.lang

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

    def watched(self) -> list[Path]:
        return [p for p in (self.edition_dir, self.content_dir, TEMPLATES, FIGURES_DIR) if p.exists()]

    def watch(self) -> None:
        for changes in watchfiles.watch(*self.watched(), stop_event=self.stopping, step=30, debounce=800,
                                        rust_timeout=200, yield_on_timeout=False):
            touched = self.classify(Path(path) for _, path in changes)
            if touched:
                self.rebuild(touched)

    def classify(self, paths: Iterable[Path]) -> set[str]:
        """What the changed files touch (files of other editions or languages touch nothing)."""
        touched = set()
        content = self.content_folder.resolve()
        for path in (p.resolve() for p in paths):
            if path.is_relative_to(FIGURES_DIR) and path.suffix == ".py":
                touched.add(FIGURE_CODE)
            elif path.is_relative_to(TEMPLATES.resolve()):
                touched.add(TEMPLATES_CHANGED)
            elif path.is_relative_to(self.edition_dir.resolve()):
                touched.add(DATA)
            elif path.is_relative_to(content) and path.suffix == ".md":
                touched.add(CONTENT)
        return touched

    # ---- building ----------------------------------------------------------------------------------
    def rebuild(self, touched: set[str]) -> None:
        """Rebuild what touched needs (and whatever failed last time); publish a page either way."""
        self.pending |= touched
        start = time.perf_counter()
        try:
            page = self._build(self.pending)
        except Exception as exc:  # noqa: BLE001 - any failure is shown in the page; the server keeps going
            self.error = exc
            self._publish(error_page(exc, self.name), start)
            return
        self.pending = set()
        self.error = None
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
            self.counters.loads += 1
            edition = load_edition(self.edition_dir)
            if self.lang not in edition.languages:
                raise CityIndexError(problem("lang-unknown", "--lang", lang=self.lang, hint="",
                                             known=", ".join(edition.languages)))
            self.counters.scores += 1
            results = compute(edition)
            checked = audit(edition, results) if len(edition.published) and not edition.settings.results_only \
                else None
            s.edition, s.data = edition, ReportData(edition, results, checked)
        if touched & {FIGURE_CODE, TEMPLATES_CHANGED} or s.strings is None:
            assert s.edition is not None
            s.strings = load_strings(TEMPLATES / "strings", s.edition.languages, self.content_dir / s.edition.id)
        if touched & {FIGURE_CODE, TEMPLATES_CHANGED, DATA}:
            s.chapters, s.charts, s.table_data = [], {}, {}
        report = self._compose()
        return self._page(report)

    def _compose(self) -> LanguageReport:
        """The chapters, re-rendering only those whose source or preceding placements changed."""
        s = self.state
        assert s.data is not None and s.strings is not None
        strings = s.strings[self.lang]
        known = {record.source.path: record for record in s.chapters}
        records: list[ChapterRecord] = []
        figs: list[Placed] = []
        tabs: list[Placed] = []
        env = content_env()
        for source in read_chapters(self.content_folder):
            seed = (*(p.key for p in figs), "|", *(p.key for p in tabs))
            old = known.get(source.path)
            if old is not None and old.text == source.body and old.seed == seed and old.source == source:
                record = old
            else:
                placements = Placements(list(figs), list(tabs))
                self.counters.chapters += 1
                chapter = render_chapter(source, ReportContext(s.data, self.lang, strings, placements), env)
                record = ChapterRecord(source, source.body, seed, chapter, placements.figures[len(figs):],
                                       placements.tables[len(tabs):])
            records.append(record)
            figs += record.figures
            tabs += record.tables
        s.chapters = records
        placements = Placements(list(figs), list(tabs))
        ctx = ReportContext(s.data, self.lang, strings, placements)
        chapters = [r.chapter for r in records] + appendices(ctx)
        report = LanguageReport(self.lang, ctx, chapters, placements)
        for placed in placements.tables:
            if placed.key not in s.table_data:
                self.counters.tables += 1
                s.table_data[placed.key] = build_table(ctx, placed.kind, placed.args, dict(placed.options))
            report.tables[placed.key] = s.table_data[placed.key]
        return report

    def _page(self, report: LanguageReport) -> str:
        """Figures (drawn only if their chart data changed), tables and the page's HTML."""
        s = self.state
        assert s.edition is not None and s.strings is not None
        t = s.strings[self.lang]
        env = template_env()
        blocks: dict[str, str] = {}
        for placed in report.placements.figures:
            if placed.key not in s.charts:
                self.counters.charts += 1
                chart = chart_data(report.ctx, placed.kind, placed.args, dict(placed.options))
                s.charts[placed.key] = (chart, chart_hash(chart))
        self._draw([s.charts[p.key] + (p.key,) for p in report.placements.figures])
        for placed in report.placements.figures:
            chart, digest = s.charts[placed.key]
            svg, width, height = s.drawn[(placed.key, digest)]
            self._write(f"figures/{placed.key}.svg", digest, lambda path, svg=svg: path.write_bytes(svg))
            view = FigureView(f"fig-{placed.key}", f"figures/{placed.key}.svg?v={digest[:12]}", chart.alt,
                              t("report.figure", n=placed.number), t("report.caption_sep"), chart.caption,
                              width, height)
            blocks[f"figure:{placed.key}"] = env.get_template("figure.html").render(fig=view)
        for placed in report.placements.tables:
            table = report.tables[placed.key]
            digest = table_hash(table)
            values = table.values.rename_axis(None)
            self._write(f"tables/{placed.key}.csv", digest, lambda path, v=values: write_csv(v, path))
            self._write(f"tables/{placed.key}.xlsx", digest,
                        lambda path, c=table.caption, v=table.values: write_xlsx({c[:31]: v}, path))
            links = Markup(t("report.download", links=Markup(
                f'<a href="tables/{placed.key}.csv">CSV</a> · <a href="tables/{placed.key}.xlsx">XLSX</a>')))
            blocks[f"table:{placed.key}"] = env.get_template("table.html").render(
                tab=table_view(placed, table, t, links, "web"))
        self.counters.pages += 1
        page = page_for(s.edition, self.lang, t, s.strings, chapter_views(report.chapters, blocks))
        screen = Markup((TEMPLATES / "screen.css").read_text(encoding="utf-8"))
        return env.get_template("report.html").render(page=_web(page, screen))

    def _new_pool(self) -> None:
        """Fresh drawing processes (spawned, so that they import the figure code as it is now)."""
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn")) \
            if self.workers > 0 else None

    def _draw(self, charts: list[tuple[ChartData, str, str]]) -> None:
        """Draw the charts not drawn yet (by key and chart hash), in the worker processes if there are any."""
        todo = {(key, digest): chart for chart, digest, key in charts if (key, digest) not in self.state.drawn}
        self.counters.draws += len(todo)
        langs = [self.lang] * len(todo)
        if self.pool is not None and len(todo) > 1:
            drawn = list(self.pool.map(draw_figure, todo.values(), langs))
        else:
            drawn = [draw_figure(chart, lang) for chart, lang in zip(todo.values(), langs, strict=True)]
        self.state.drawn.update(zip(todo, drawn, strict=True))

    def _write(self, name: str, digest: str, write: Callable[[Path], object]) -> None:
        """Write a file of the preview folder unless it already holds what digest names."""
        if self.state.written.get(name) == digest:
            return
        path = self.folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        write(path)
        self.state.written[name] = digest


def _web(page: ReportPage, screen: Markup) -> ReportPage:
    return replace(page, medium="web", stylesheets=[screen])


# ---- serving --------------------------------------------------------------------------------------
class QuietServer(ThreadingHTTPServer):
    """A client that goes away mid-answer is routine, not an error worth a traceback."""

    def handle_error(self, request: object, client_address: tuple) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


def _handler(preview: Preview) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        """GET only: the page, the reload events, and files of the preview folder."""

        server_version = "cityindex-preview"

        def log_message(self, format: str, *args: object) -> None:  # quiet: the editor watches the page
            return

        def do_HEAD(self) -> None:
            self.do_GET()

        def do_GET(self) -> None:
            path = urllib.parse.urlsplit(self.path).path
            if path in ("/", "/index.html"):
                with preview.changed:
                    body = preview.page.encode("utf-8")
                self._send(HTTPStatus.OK, "text/html; charset=utf-8", body)
            elif path == "/__version":
                self._send(HTTPStatus.OK, "text/plain", str(preview.version).encode())
            elif path == "/__events":
                self._events()
            else:
                target = safe_path(preview.folder, self.path)
                if target is None:
                    self._send(HTTPStatus.NOT_FOUND, "text/plain", b"not found")
                    return
                kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
                # a figure's address names its content (?v=<digest>): the browser may keep it
                keep = "?v=" in self.path
                self._send(HTTPStatus.OK, kind, target.read_bytes(), keep)

        def _send(self, status: HTTPStatus, kind: str, body: bytes, keep: bool = False) -> None:
            try:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "max-age=86400, immutable" if keep else "no-store")
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)
            except ConnectionError:  # the client went away: nothing to answer
                self.close_connection = True

        def _events(self) -> None:
            """The build version now and after every rebuild, until the client or the server goes."""
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            sent = -1
            try:
                while not preview.stopping.is_set():
                    with preview.changed:
                        if preview.version == sent:
                            preview.changed.wait(timeout=10)
                        version = preview.version
                    message = f"data: {version}\n\n" if version != sent else ": keep-alive\n\n"
                    self.wfile.write(message.encode())
                    self.wfile.flush()
                    sent = version
            except (BrokenPipeError, ConnectionResetError):
                return

    return Handler


def serve(edition: str, lang: str, port: int, data_dir: Path, content_dir: Path, output_dir: Path) -> None:
    """Serve EDITION's HTML in lang on 127.0.0.1:port until interrupted, rebuilding on every edit."""
    try:
        preview = Preview(edition, lang, port, data_dir, content_dir, output_dir, workers=min(4, os.cpu_count() or 1))
    except OSError as exc:
        raise CityIndexError(problem("preview-port", f"{HOST}:{port}", error=exc.strerror)) from None
    if threading.current_thread() is threading.main_thread():  # a terminated preview stops as Ctrl-C does
        signal.signal(signal.SIGTERM, lambda signum, frame: preview.stopping.set())
    preview.start()
    sys.stderr.write(f"previewing {edition} ({lang}) at {preview.url}; Ctrl-C stops\n")
    try:
        preview.stopping.wait()
    except KeyboardInterrupt:
        pass
    finally:
        preview.stop()
