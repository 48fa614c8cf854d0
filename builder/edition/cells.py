"""Cell-level reading shared by the checks: ids, numbers, the decimals a number was printed with,
and the per-language texts of a row."""

from __future__ import annotations

import math
import re

from ..errors import Problem, problem, quote
from .read import Row, Table

ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")


def number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def decimals_of(text: str) -> float:
    """Decimals a number was printed with (its rounding), NaN for an empty cell."""
    if not text:
        return math.nan
    mantissa = text.strip().lower().split("e")[0]
    return float(len(mantissa.partition(".")[2]))


def translations(table: Table, row: Row, key: str, langs: list[str], problems: list[Problem]) -> dict:
    texts = {}
    for lang in langs:
        col = f"{key}_{lang}"
        text = row.get(col)
        if not text:
            problems.append(problem("text-missing", table.path, row.line, col, lang=lang))
        texts[lang] = text
    return texts


def checked_id(table: Table, row: Row, code: str, problems: list[Problem]) -> str | None:
    """The row's id, or None with a problem where it is not an id of letters, digits, '-', '_' or '.'."""
    value = row.get("id")
    if ID.match(value):
        return value
    problems.append(problem(code, table.path, row.line, "id", found=quote(value)))
    return None
