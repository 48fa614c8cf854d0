"""Turns a figure kind's input frame into a checked one, or an error naming what is missing."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from .errors import FigureError, MissingColumnsError
from .style import STATUSES


def check_columns(frame: pd.DataFrame, kind: str, required: Iterable[str], optional: Iterable[str] = (),
                  nullable: Iterable[str] = ()) -> None:
    """Raise MissingColumnsError naming every required column that `frame` lacks, or an empty frame.

    `nullable`: required columns whose values may be missing (e.g. scores a report did not publish).
    """
    required, optional = list(required), list(optional)
    missing = [c for c in required if c not in frame.columns]
    expected = ", ".join(required) + (f" (optional: {', '.join(optional)})" if optional else "")
    if missing:
        found = ", ".join(map(str, frame.columns)) or "no columns"
        raise MissingColumnsError(
            f"{kind} figure frame: missing column(s) {', '.join(missing)}; found {found}; expected {expected}"
        )
    if frame.empty:
        raise MissingColumnsError(f"{kind} figure frame: found no rows; expected one row per city ({expected})")
    nulls = [c for c in required if c not in set(nullable) and frame[c].isna().any()]
    if nulls:
        rows = sorted({str(i) for c in nulls for i in frame.index[frame[c].isna()]})
        raise MissingColumnsError(
            f"{kind} figure frame: empty values in required column(s) {', '.join(nulls)} at row(s) {', '.join(rows)}"
        )


def has(frame: pd.DataFrame, column: str) -> bool:
    """Whether `frame` has `column` with at least one value (an empty string is no value)."""
    return column in frame.columns and bool(frame[column].fillna("").astype(str).str.strip().ne("").any())


def groups_in(frame: pd.DataFrame, order: Iterable[str] | None = None) -> list[str]:
    """Group ids present in `frame` (column ``group``, empty ones left out): in `order` where given, else
    in order of first appearance."""
    ids = frame["group"].fillna("").astype(str).str.strip()
    present = list(dict.fromkeys(ids[ids != ""]))
    if order is None:
        return present
    ordered = [g for g in dict.fromkeys(order) if g in present]
    return ordered + [g for g in present if g not in ordered]


def changes(frame: pd.DataFrame, kind: str) -> pd.Series:
    """Column ``change`` as rank-change statuses, '' where empty; a value not in STATUSES is an error listing them.

    The status is what the data says, never inferred from ranks: "new" only where the data says new.
    """
    if "change" not in frame.columns:
        return pd.Series([""] * len(frame), index=frame.index)
    found = frame["change"].fillna("").astype(str).str.strip().str.lower()
    bad = sorted(set(found) - {*STATUSES, ""})
    if bad:
        raise FigureError(f"{kind} figure frame: column 'change' has {', '.join(map(repr, bad))}; "
                          f"expected one of {', '.join(STATUSES)} or empty")
    return found
