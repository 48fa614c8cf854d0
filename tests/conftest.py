"""Shared fixtures: the tiny hand-checkable edition, copied so a test may break it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).parent.parent


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    """A writable copy of tests/fixtures/tiny, at tmp_path/data/tiny."""
    dest = tmp_path / "data" / "tiny"
    shutil.copytree(FIXTURES / "tiny", dest)
    return dest
