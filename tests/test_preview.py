"""`cityindex preview`: path safety, what an edit rebuilds, error pages, and the reloading page in a browser."""

from __future__ import annotations

import http.client
import os
import shutil
import socket
import struct
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from builder.errors import CityIndexError
from builder.preview import server
from builder.preview import session as pv
from builder.preview.server import safe_path
from builder.preview.session import CONTENT, DATA, FIGURE_CODE, FIGURES_DIR, TEMPLATES_CHANGED, Preview
from builder.render.language import Drawn, Memo
from builder.report import assembly

ROOT = Path(__file__).parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]
FAKE_SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'


# ---- path safety --------------------------------------------------------------------------------
@pytest.fixture
def served(tmp_path: Path) -> Path:
    """A preview folder with two files, a secret beside it and symlinks leading out of it."""
    root = tmp_path / "site"
    (root / "figures").mkdir(parents=True)
    (root / "index.html").write_text("page")
    (root / "figures" / "a.svg").write_text("<svg/>")
    (tmp_path / "secret.txt").write_text("secret")
    (root / "link.txt").symlink_to(tmp_path / "secret.txt")
    (root / "outside").symlink_to(tmp_path)
    return root


@pytest.mark.parametrize("url", ["/index.html", "/figures/a.svg", "/figures/a.svg?v=12", "/./figures//a.svg",
                                 "/figures/%61.svg"])
def test_safe_path_serves_files_inside(served: Path, url: str) -> None:
    assert safe_path(served, url) is not None


@pytest.mark.parametrize("url", [
    "/../secret.txt", "/figures/../../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt",
    "/figures/%2e%2e/%2e%2e/secret.txt", "/..%2fsecret.txt", "/..%5csecret.txt", "/..\\secret.txt",
    "//../secret.txt", "/index.html%00.svg", "/etc/passwd", "//etc/passwd", "/link.txt", "/outside/secret.txt",
    "/figures", "/nothing.html", "/%ff.html",
])
def test_safe_path_refuses_what_leaves_the_folder(served: Path, url: str) -> None:
    assert safe_path(served, url) is None


def test_safe_path_refuses_absolute_paths(served: Path) -> None:
    secret = (served.parent / "secret.txt").resolve()
    assert safe_path(served, str(secret)) is None
    assert safe_path(served, "/" + str(secret)) is None
    assert safe_path(served, "file://" + str(secret)) is None


def test_with_reload_puts_the_script_before_the_body_ends() -> None:
    page = pv.with_reload("<html><body><p>x</p></body></html>", 7)
    assert page.index("EventSource") < page.index("</body>")
    assert 'var version = "7"' in page


# ---- what an edit rebuilds ----------------------------------------------------------------------------
@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """Writable copies of set-2024's data and content."""
    shutil.copytree(ROOT / "data" / "set-2024", tmp_path / "data" / "set-2024")
    shutil.copytree(ROOT / "content" / "set-2024", tmp_path / "content" / "set-2024")
    return tmp_path


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Counts of the costly calls; drawing is faked to keep these tests fast."""
    counts = {"compute": 0, "draw": 0, "render_chapter": 0}

    def counting(name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            counts[name] += 1
            return real(*args, **kwargs)
        return wrapper

    monkeypatch.setattr(pv, "compute", counting("compute", pv.compute))
    monkeypatch.setattr(assembly, "render_chapter", counting("render_chapter", assembly.render_chapter))
    monkeypatch.setattr(pv, "draw_figure", counting("draw", lambda chart, lang: Drawn(FAKE_SVG, 10, 10)))
    return counts


@pytest.fixture
def built(workspace: Path, calls: dict[str, int]) -> Iterator[Preview]:
    preview = Preview("set-2024", "en", 0, workspace / "data", workspace / "content", workspace / "out")
    preview.rebuild(set())
    assert preview.error is None
    yield preview
    preview.server.server_close()


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_first_build_draws_every_figure_once(built: Preview, calls: dict[str, int]) -> None:
    figures = len(built.state.charts)
    assert figures > 0
    assert calls == {"compute": 1, "draw": figures, "render_chapter": 6}
    assert (built.folder / "figures").is_dir()
    assert not list(built.folder.rglob("*.pdf"))


def test_a_chapter_edit_neither_rescores_nor_redraws(built: Preview, calls: dict[str, int],
                                                     workspace: Path) -> None:
    before = dict(calls)
    version = built.version
    _edit(workspace / "content/set-2024/en/04-education.md", "\n\n", "\n\nA SENTENCE FROM THE EDITOR.\n\n")
    built.rebuild({CONTENT})
    assert "A SENTENCE FROM THE EDITOR." in built.page
    assert calls["compute"] == before["compute"]
    assert calls["draw"] == before["draw"]
    assert calls["render_chapter"] == before["render_chapter"] + 1  # that chapter only
    assert built.version == version + 1


@pytest.mark.parametrize(("edited", "old", "new", "touched"), [
    ("content/set-2024/en/04-education.md", "\n\n", "\n\nA SENTENCE FROM THE EDITOR.\n\n", CONTENT),
    ("content/set-2024/en/01-summary.md", "\n\n", '\n\n{{ table("scores", "edu") }}\n\n', CONTENT),  # numbers move
    ("data/set-2024/values.csv", "boston,edu.basic,81.64", "boston,edu.basic,60.0", DATA),  # every table's values
])
def test_an_edit_gives_the_page_a_fresh_preview_gives(built: Preview, workspace: Path, edited: str, old: str,
                                                      new: str, touched: str) -> None:
    """What the preview keeps between edits (chapters, tables' HTML and downloads) never shows stale: after an
    edit, the page and every file are those a preview started afresh on the edited files makes."""
    _edit(workspace / edited, old, new)
    built.rebuild({touched})
    fresh = Preview("set-2024", "en", 0, workspace / "data", workspace / "content", workspace / "fresh")
    try:
        fresh.rebuild(set())
        assert built.error is None and fresh.error is None
        assert built.page.split("<script>")[0] == fresh.page.split("<script>")[0]
        files = {p.relative_to(built.folder): p.read_bytes() for p in built.folder.rglob("*") if p.is_file()}
        assert files == {p.relative_to(fresh.folder): p.read_bytes() for p in fresh.folder.rglob("*") if p.is_file()}
    finally:
        fresh.server.server_close()


def test_the_memo_keeps_only_what_was_made_from_the_very_same_objects() -> None:
    memo, made = Memo(), []

    def make() -> int:
        made.append(1)
        return len(made)

    table, equal = ["a table"], ["a table"]
    assert memo.get((table,), ("html",), make) == 1
    assert memo.get((table,), ("html",), make) == 1  # the same table: kept
    assert memo.get((equal,), ("html",), make) == 2  # an equal one, not the same: made again
    assert memo.get((table,), ("downloads",), make) == 3  # something else made from it


def test_a_chapter_edit_that_shifts_numbers_rerenders_the_chapters_after_it(built: Preview, calls: dict[str, int],
                                                                            workspace: Path) -> None:
    before = dict(calls)
    _edit(workspace / "content/set-2024/en/01-summary.md", "\n\n", '\n\n{{ figure("ranking", "edu.basic") }}\n\n')
    built.rebuild({CONTENT})
    assert built.error is None
    assert calls["compute"] == before["compute"]
    assert calls["render_chapter"] == before["render_chapter"] + 6  # numbers of every later chapter moved
    assert calls["draw"] - before["draw"] <= 1  # the new figure, if it was not placed already


def test_a_data_edit_redraws_only_the_figures_whose_data_changed(built: Preview, calls: dict[str, int],
                                                                 workspace: Path) -> None:
    before = dict(calls)
    figures = len(built.state.charts)
    _edit(workspace / "data/set-2024/values.csv", "boston,edu.basic,81.64", "boston,edu.basic,60.0")
    built.rebuild({DATA})
    assert built.error is None
    assert calls["compute"] == before["compute"] + 1
    assert 0 < calls["draw"] - before["draw"] < figures
    assert "San Francisco leads with" in built.page


def test_a_data_edit_that_changes_no_chart_redraws_nothing(built: Preview, calls: dict[str, int],
                                                           workspace: Path) -> None:
    before = dict(calls)
    notes = workspace / "data/set-2024/NOTES.md"
    notes.write_text(notes.read_text(encoding="utf-8") + "\nAn editor's note.\n", encoding="utf-8")
    built.rebuild({DATA})
    assert calls["compute"] == before["compute"] + 1
    assert calls["draw"] == before["draw"]


def test_a_build_error_is_the_page_until_it_is_fixed(built: Preview, calls: dict[str, int],
                                                    workspace: Path) -> None:
    values = workspace / "data/set-2024/values.csv"
    good = built.page
    _edit(values, "boston,edu.basic,81.64", "boston,edu.basic,lots")
    built.rebuild({DATA})
    assert built.error is not None
    assert "Build error" in built.page and "EventSource" in built.page
    assert '<td class="file">' + str(values) in built.page.replace(os.sep, "/") or "values.csv" in built.page
    assert '<td class="line">2</td>' in built.page and "&#x27;lots&#x27;" in built.page
    built.rebuild({CONTENT})  # an unrelated edit while broken still retries the data
    assert built.error is not None
    _edit(values, "boston,edu.basic,lots", "boston,edu.basic,81.64")
    draws = calls["draw"]
    built.rebuild({DATA})
    assert built.error is None
    assert built.page.split("<script>")[0] == good.split("<script>")[0]
    assert calls["draw"] == draws  # the figures of the good data are still in memory


def test_a_chapter_error_names_the_file_and_line(built: Preview, workspace: Path) -> None:
    chapter = workspace / "content/set-2024/en/05-talent.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n{{ city('atlantis') }}\n", encoding="utf-8")
    built.rebuild({CONTENT})
    lines = chapter.read_text(encoding="utf-8").count("\n")
    assert "05-talent.md" in built.page and f'<td class="line">{lines}</td>' in built.page
    assert "unknown city &#x27;atlantis&#x27;" in built.page


def test_a_template_edit_rerenders_without_rescoring_nor_redrawing_unchanged_figures(
        built: Preview, calls: dict[str, int]) -> None:
    before = dict(calls)
    built.rebuild({TEMPLATES_CHANGED})
    assert built.error is None
    assert calls["compute"] == before["compute"]
    assert calls["render_chapter"] == before["render_chapter"] + 6
    assert calls["draw"] == before["draw"]  # the strings did not change, so neither did the charts


def test_a_figure_code_edit_reloads_the_code_and_redraws_every_figure(built: Preview, calls: dict[str, int],
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    reloads: list[int] = []
    monkeypatch.setattr(pv, "reload_figure_code", lambda: reloads.append(1))
    before = dict(calls)
    built.rebuild({FIGURE_CODE})
    assert built.error is None
    assert reloads == [1]
    assert calls["draw"] == before["draw"] + len(built.state.charts)


def test_edits_are_classified_by_folder(built: Preview, workspace: Path) -> None:
    assert built.classify([workspace / "content/set-2024/en/01-summary.md"]) == {CONTENT}
    assert built.classify([workspace / "content/set-2024/zh/01-summary.md"]) == set()  # another language
    assert built.classify([workspace / "data/set-2024/values.csv"]) == {DATA}
    assert built.classify([pv.TEMPLATES / "report.html"]) == {TEMPLATES_CHANGED}
    assert built.classify([FIGURES_DIR / "ranking.py"]) == {FIGURE_CODE}


def test_the_server_refuses_paths_outside_the_preview_folder(built: Preview, workspace: Path) -> None:
    (workspace / "out" / ".preview" / "secret.txt").write_text("secret")
    built.start()
    try:
        for path, status in [("/", 200), ("/index.html", 200), ("/../secret.txt", 404), ("/%2e%2e/secret.txt", 404),
                             ("/figures/../../secret.txt", 404), ("/__version", 200)]:
            connection = http.client.HTTPConnection("127.0.0.1", built.port, timeout=10)
            connection.request("GET", path)
            response = connection.getresponse()
            body = response.read()
            connection.close()
            assert response.status == status, path
            assert b"secret" not in body or path == "/"
        assert built.server.server_address[0] == "127.0.0.1"
    finally:
        built.stop()


def test_deep_paths_and_vanishing_clients_get_no_traceback(built: Preview, capfd: pytest.CaptureFixture) -> None:
    built.start()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", built.port, timeout=10)
        connection.request("GET", "/" + "a/" * 3000 + "x.svg")  # longer than any file name the system allows
        assert connection.getresponse().status == 404
        connection.close()
        for _ in range(5):  # ask for the page, go away before reading the answer
            with socket.create_connection(("127.0.0.1", built.port), timeout=10) as raw:
                raw.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                raw.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        connection = http.client.HTTPConnection("127.0.0.1", built.port, timeout=10)
        connection.request("GET", "/__version")
        assert connection.getresponse().status == 200  # still serving
        connection.close()
    finally:
        built.stop()
    assert "Traceback" not in capfd.readouterr().err


def test_taken_port_is_a_problem(workspace: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(CityIndexError) as failure:
            server.serve("set-2024", "en", port, workspace / "data", workspace / "content", workspace / "out")
    assert str(failure.value) == (f"127.0.0.1:{port}: found Address already in use; expected a free port "
                                  "(--port 0 picks one) [preview-port]")


# ---- end to end, in a headless browser ----------------------------------------------------------------
@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium")
def test_the_open_page_follows_edits(workspace: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    preview = Preview("set-2024", "en", 0, workspace / "data", workspace / "content", workspace / "out", workers=2)
    preview.start()
    chapter = workspace / "content/set-2024/en/03-rankings.md"
    values = workspace / "data/set-2024/values.csv"
    try:
        with sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, timeout=30_000)
            try:
                page = browser.new_page()
                page.goto(preview.url, timeout=30_000)
                page.wait_for_function("document.body.innerText.includes('Boston leads with')", timeout=10_000)

                def shows(text: str) -> None:
                    page.wait_for_function("t => document.body && document.body.innerText.includes(t)", arg=text,
                                           timeout=20_000)

                _edit(chapter, "\n\n", "\n\nAN EDIT SEEN WITHOUT RELOADING.\n\n")
                shows("AN EDIT SEEN WITHOUT RELOADING.")
                _edit(values, "boston,edu.basic,81.64", "boston,edu.basic,60.0")
                shows("San Francisco leads with")
                _edit(values, "boston,edu.basic,60.0", "boston,edu.basic,lots")
                shows("Build error")
                shows("'lots'")  # the save's final state (a save that truncates first may show an empty file first)
                rows = page.locator("#problems tr").all_inner_texts()
                assert any("values.csv" in row and "\t2\t" in row and "'lots'" in row for row in rows), rows
                _edit(values, "boston,edu.basic,lots", "boston,edu.basic,81.64")
                shows("Boston leads with")
                assert "AN EDIT SEEN WITHOUT RELOADING." in page.inner_text("body")
                assert page.locator("img[src^='figures/']").count() > 0
            finally:
                browser.close()
    finally:
        preview.stop()
