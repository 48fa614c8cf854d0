"""Releases: two release builds of one commit are identical; verify catches one changed byte; a
release is never overwritten."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from builder.cli import main
from builder.publish.release import ReleaseError, dirty_tree, git, make_release, release, verify

ROOT = Path(__file__).parent.parent
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def released(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("output")
    return release("set-2024", "1.0", root=ROOT, output_dir=out, allow_dirty=True)


def test_release_contents(released):
    names = sorted(p.name for p in released.iterdir())
    assert names == ["manifest.json", "report-en.pdf", "report-zh.pdf", "results.csv", "results.xlsx"]
    reader = PdfReader(released / "report-zh.pdf")
    attached = set(reader.attachments)
    assert {"results.csv", "results.xlsx", "values.csv", "framework.csv", "edition.yaml"} <= attached
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b"pdfaid:part" in xmp and b"3" in xmp  # declared PDF/A-3


def test_two_release_builds_of_one_commit_are_identical(released, tmp_path):
    commit = git("rev-parse", "HEAD", cwd=ROOT)
    again = tmp_path / "again"
    dirty = json.loads((released / "manifest.json").read_text(encoding="utf-8"))["dirty"]
    make_release("set-2024", "1.0", commit, ROOT, again, dirty_tree(ROOT) if dirty else None)
    for path in released.iterdir():
        assert (again / path.name).read_bytes() == path.read_bytes(), path.name


def test_verify_passes_then_catches_one_changed_byte(released, tmp_path):
    assert verify(released).ok
    copy = tmp_path / "copy"
    copy.mkdir()
    for path in released.iterdir():
        (copy / path.name).write_bytes(path.read_bytes())
    pdf = bytearray((copy / "report-en.pdf").read_bytes())
    pdf[len(pdf) // 2] ^= 0x01
    (copy / "report-en.pdf").write_bytes(bytes(pdf))
    result = verify(copy)
    assert not result.ok and result.differ == ["report-en.pdf"]
    res = CliRunner().invoke(main, ["verify", str(copy)])
    assert res.exit_code == 1
    assert "DIFFERS  report-en.pdf" in res.output


def test_second_release_of_a_version_is_refused(released):
    before = {p.name: p.read_bytes() for p in released.iterdir()}
    with pytest.raises(ReleaseError, match=r"found release 1.0 of set-2024; expected a new version: releases "
                                           r"are never overwritten \[release-exists\]"):
        release("set-2024", "1.0", root=ROOT, output_dir=released.parents[2], allow_dirty=True)
    assert {p.name: p.read_bytes() for p in released.iterdir()} == before


def _repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "tiny", root / "data" / "tiny")
    shutil.copytree(FIXTURES / "content" / "tiny", root / "content" / "tiny")
    for args in (["init", "-q"], ["add", "-A"], ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x"]):
        git(*args, cwd=root)
    return root


def test_dirty_tree_is_refused_and_recorded(tmp_path):
    with pytest.raises(ReleaseError) as failure:
        release("tiny", "1", root=tmp_path, output_dir=tmp_path / "out")
    assert [p.code for p in failure.value.problems] == ["git"]
    root = _repo(tmp_path)
    (root / "content/tiny/en/01-summary.md").write_text(
        (root / "content/tiny/en/01-summary.md").read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    (root / "data/tiny/NOTES.md").write_text("new notes\n", encoding="utf-8")
    with pytest.raises(ReleaseError) as failure:
        release("tiny", "1", root=root, output_dir=tmp_path / "out")
    assert str(failure.value) == ("found uncommitted changes in content/tiny/en/01-summary.md, data/tiny/NOTES.md; "
                                  "expected a clean tree (commit first), or --allow-dirty [release-dirty]")
    dest = release("tiny", "1", root=root, output_dir=tmp_path / "out", allow_dirty=True)
    dirty = json.loads((dest / "manifest.json").read_text(encoding="utf-8"))["dirty"]
    assert dirty["files"] == ["content/tiny/en/01-summary.md", "data/tiny/NOTES.md"]
    assert dirty["diff_sha256"] == dirty_tree(root)["diff_sha256"]
    (root / "data/tiny/NOTES.md").write_text("other notes\n", encoding="utf-8")
    assert dirty_tree(root)["diff_sha256"] != dirty["diff_sha256"]  # a different change, a different hash


@pytest.mark.parametrize("version", ["../../../x", "/abs", "a/b", "..", ".hidden", "x" * 65, "v 1"])
def test_a_version_is_a_name_not_a_path(tmp_path, version):
    with pytest.raises(ReleaseError) as failure:
        release("set-2024", version, root=ROOT, output_dir=tmp_path / "out", allow_dirty=True)
    assert [p.code for p in failure.value.problems] == ["release-version"]
    assert not (tmp_path / "out").exists()


def test_manifest_names_every_font_face_of_every_language():
    from builder.languages import language
    from builder.publish.release import font_versions

    fonts = font_versions(["en", "zh", "ar"])
    for lang, faces in fonts.items():
        expected = {(face.family, style.name) for face in language(lang).typefaces for style in face.styles}
        assert {(f["family"], f["style"]) for f in faces} == expected
        assert all(len(f["sha256"]) == 64 and f["file"] for f in faces)
    assert {"Noto Sans Arabic", "Liberation Sans"} <= {f["family"] for f in fonts["ar"]}  # the fallback too


def test_manifest_names_the_libraries_that_made_the_pdfs():
    """The renderer, the plotting library, the shaper and both font subsetters, at their installed versions."""
    from importlib.metadata import version

    from builder.publish.release import tool_versions

    tools = tool_versions()
    assert {name: tools[name] for name in ("weasyprint", "matplotlib", "fonttools", "uharfbuzz")} == \
        {name: version(name) for name in ("weasyprint", "matplotlib", "fonttools", "uharfbuzz")}
    assert tools["pango"].count(".") == 2
