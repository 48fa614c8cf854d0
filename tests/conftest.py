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


@pytest.fixture(scope="session")
def editions(tmp_path_factory) -> dict:
    """set-2024, iec-2024, las-2024, brics-2024, bri-2021, bri-2021-demo and the synthetic wide and gaps editions,
    built once (both
    languages, HTML and PDF).

    Maps each edition id to (its output folder, the build summary, the warnings logged while building).
    """
    import logging

    from builder.app import BuildOptions, build

    from .synth import write_gaps_edition, write_wide_edition

    root = tmp_path_factory.mktemp("editions")
    write_wide_edition(root)
    write_gaps_edition(root)
    out = root / "output"
    built = {}
    for name, data, content in (("set-2024", ROOT / "data", ROOT / "content"),
                                ("iec-2024", ROOT / "data", ROOT / "content"),
                                ("las-2024", ROOT / "data", ROOT / "content"),
                                ("brics-2024", ROOT / "data", ROOT / "content"),
                                ("bri-2021", ROOT / "data", ROOT / "content"),
                                ("bri-2021-demo", ROOT / "data", ROOT / "content"),
                                ("wide", root / "data", root / "content"),
                                ("gaps", root / "data", root / "content")):
        records: list[logging.LogRecord] = []
        handler = logging.Handler(level=logging.WARNING)
        handler.emit = records.append
        logging.getLogger().addHandler(handler)
        try:
            summary = build(name, BuildOptions(data_dir=data, content_dir=content, output_dir=out))
        finally:
            logging.getLogger().removeHandler(handler)
        built[name] = (out / name, summary, records)
    return built
