"""Releases: two release builds of one commit are identical; verify catches one changed byte; a
release is never overwritten."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from builder.cli import main
from builder.release import ReleaseError, git, make_release, release, verify

ROOT = Path(__file__).parent.parent


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
    make_release("set-2024", "1.0", commit, ROOT, again)
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
    with pytest.raises(ReleaseError, match="exists; refusing to overwrite"):
        release("set-2024", "1.0", root=ROOT, output_dir=released.parents[2], allow_dirty=True)
    assert {p.name: p.read_bytes() for p in released.iterdir()} == before
