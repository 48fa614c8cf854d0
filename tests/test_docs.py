"""The documentation says what the code does: generated parts are current."""

from __future__ import annotations

import string
from pathlib import Path

from builder.catalogue import CATALOGUE, markdown

ROOT = Path(__file__).parent.parent


def test_error_catalogue_is_current():
    assert (ROOT / "ERRORS.md").read_text(encoding="utf-8") == markdown(), \
        "run: python -m builder.catalogue > ERRORS.md"


def test_catalogue_placeholders_do_not_shadow_the_place():
    reserved = {"code", "file", "line", "key", "kind"}
    for code, entry in CATALOGUE.items():
        names = {name for text in (entry.found, entry.expected)
                 for _, name, _, _ in string.Formatter().parse(text) if name}
        assert not names & reserved, code
