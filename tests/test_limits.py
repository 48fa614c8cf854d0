"""Limits and failures of the file system: files too large to read, unreadable files, unwritable output."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder import catalogue
from builder.edition import load_edition
from builder.errors import SetupError, ValidationError
from builder.publish import staging as files


def problems(folder: Path) -> list[str]:
    with pytest.raises(ValidationError) as info:
        load_edition(folder)
    return [str(p) for p in info.value.problems]


def test_file_larger_than_the_limit(tiny, monkeypatch):
    monkeypatch.setitem(catalogue.LIMITS, "file_mb", 0.0002)  # 200 bytes: values.csv is larger
    found = [p for p in problems(tiny) if "values.csv" in p]
    assert found == [f"{tiny / 'values.csv'}: found a file of 0.0 MB; expected at most 0.0002 MB [file-too-large]"]


def test_unreadable_file(tiny, monkeypatch):
    real = Path.read_bytes

    def refuse(path: Path) -> bytes:
        if path.name == "values.csv":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    assert problems(tiny) == [f"{tiny / 'values.csv'}: found Permission denied; expected a readable file "
                              "[file-unreadable]"]


def test_unwritable_output(tmp_path, monkeypatch):
    def refuse(self: Path, *args, **kwargs) -> None:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "mkdir", refuse)
    with pytest.raises(SetupError) as info:
        files.output_folder(tmp_path / "output")
    assert str(info.value) == f"{tmp_path / 'output'}: found Permission denied; expected a writable folder " \
                              "[output-unwritable]"
