"""A build never touches the network: every reference to it is refused before or during rendering, and
a local HTTP server sees no request."""

from __future__ import annotations

import datetime as dt
import http.server
import threading
import typing

import pytest

from builder.errors import RenderError
from builder.render.pdf import PdfMeta, write_pdf

from .test_bad_inputs import BUILD, invoke, make_project


class Recorder(http.server.BaseHTTPRequestHandler):
    requests: typing.ClassVar[list[str]] = []

    def do_GET(self) -> None:
        Recorder.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args) -> None:
        return


@pytest.fixture
def server():
    Recorder.requests = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_a_chapter_that_refers_to_the_network_fails_and_fetches_nothing(tmp_path, server):
    root = make_project(tmp_path / "project")
    chapter = root / "content/tiny/en/01-summary.md"
    svg = root / "content/tiny/en/logo.svg"
    svg.write_text(f'<svg xmlns="http://www.w3.org/2000/svg"><image href="{server}/in-svg.png"/></svg>')
    with chapter.open("a", encoding="utf-8") as handle:
        handle.write(f"\n![a]({server}/image.png)\n\n<img src=\"{server}/raw.png\">\n\n"
                     f"<span style=\"background: url({server}/style.png)\">x</span>\n\n![b](logo.svg)\n")
    result = invoke(root, BUILD)
    assert result.exit_code == 1
    for code in ("reference-network", "html-tag", "html-attribute", "reference-svg"):
        assert f"[{code}]" in result.output
    assert Recorder.requests == []


def meta() -> PdfMeta:
    return PdfMeta("t", "en", ["a"], "s", [], dt.datetime(2024, 1, 1))


@pytest.mark.parametrize("html", [
    '<img src="{server}/a.png">',
    '<link rel="stylesheet" href="{server}/a.css">',
    '<style>@import url("{server}/b.css");</style>',
    '<p style="background: url({server}/c.png)">x</p>',
    '<img src="file:///etc/hostname">',
    '<a href="file:///etc/passwd" rel="attachment">x</a>',
])
def test_renderer_refuses_every_request_outside_the_project(tmp_path, server, html):
    document = "<html><body><p>x</p>" + html.format(server=server) + "</body></html>"
    with pytest.raises(RenderError) as failure:
        write_pdf(document, tmp_path, tmp_path / "out.pdf", meta(), allowed=[tmp_path])
    assert [p.code for p in failure.value.problems] == ["resource-refused"]
    assert str(failure.value).startswith("found '")
    assert Recorder.requests == []
    assert not (tmp_path / "out.pdf").exists()


def test_svg_figure_referring_outside_is_refused(tmp_path, server):
    (tmp_path / "fig.svg").write_text(f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/'
                                      f'1999/xlink" width="10" height="10"><image xlink:href="{server}/x.png" '
                                      'width="5" height="5"/></svg>')
    with pytest.raises(RenderError):
        write_pdf('<html><body><img src="fig.svg"></body></html>', tmp_path, tmp_path / "out.pdf", meta(),
                  allowed=[tmp_path])
    assert Recorder.requests == []


def test_files_inside_the_allowed_folders_load(tmp_path):
    (tmp_path / "fig.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')
    stats = write_pdf('<html><body><img src="fig.svg"></body></html>', tmp_path, tmp_path / "out.pdf", meta(),
                      allowed=[tmp_path])
    assert stats.pages == 1


