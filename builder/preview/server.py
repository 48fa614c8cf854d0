"""Serving the preview on 127.0.0.1: the page (which reloads itself when a rebuild publishes a new
version), the files beside it, the reload events, and a page naming every problem while a build fails."""

from __future__ import annotations

import html
import mimetypes
import os
import signal
import sys
import threading
import traceback
import urllib.parse
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import CityIndexError, problem

if TYPE_CHECKING:
    from .session import Preview

HOST = "127.0.0.1"
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
class QuietServer(ThreadingHTTPServer):
    """A client that goes away mid-answer is routine, not an error worth a traceback."""

    def handle_error(self, request: object, client_address: tuple) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


def handler(preview: Preview) -> type[BaseHTTPRequestHandler]:
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
    from .session import Preview

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
