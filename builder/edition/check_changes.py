"""published_changes.csv checked against the framework and the cities: per table and city, how the rank of an
indicator changes when one of its children (a category) is added to the others ("the data is wrong" problems),
turned into a typed frame."""

from __future__ import annotations

import math

import pandas as pd

from ..errors import Problem, known_list, problem, quote
from .cells import number
from .check_data import _duplicate, _known_city, _known_indicator, _rank
from .framework import Framework
from .read import Table

COLUMNS = ["table", "city", "indicator", "left_out", "printed", "change", "source"]
FRAME_COLUMNS = ["table", "city", "indicator", "left_out", "printed", "change", "rank", "rank_without", "source",
                 "line"]
UNCHANGED = ("—", "–", "-", "")
"""What a table prints for a rank that does not change."""


def printed_change(text: str) -> float | None:
    """The places a printed change stands for ("+2" -> 2, "—" -> 0, "−1" -> -1); None if it is not one."""
    text = text.strip()
    if text in UNCHANGED:
        return 0.0
    return number(text.replace("−", "-").lstrip("+"))


def published_changes(table: Table | None, fw: Framework, known: set[str] | None,
                      problems: list[Problem]) -> pd.DataFrame:
    """Validate published_changes.csv: `change` is the number of places a city gains on `indicator` when the
    category `left_out` is added to the others (negative: places lost), `printed` the text as printed; optional
    `rank` and `rank_without` are the ranks with and without the category, where the table prints them."""
    if table is None or not fw.nodes or not table.require(COLUMNS[:6], problems,
                                                          optional=("source", "rank", "rank_without")):
        return pd.DataFrame(columns=FRAME_COLUMNS)
    records, seen = [], {}
    for row in table.rows:
        name, city, ind, left_out = (row.get(c) for c in COLUMNS[:4])
        ok = _known_city(table, row, "city", city, known, problems)
        ok = _known_indicator(table, row, ind, fw, problems) and ok
        if not name:
            problems.append(problem("published-table", table.path, row.line, "table"))
        kids = fw.children.get(ind, []) if ind in fw.nodes else None
        if kids is not None and left_out not in kids:
            problems.append(problem("change-left-out", table.path, row.line, "left_out", left_out=left_out,
                                    indicator=ind, known=known_list(kids) if kids else "(it has none)"))
            ok = False
        change_text, printed = row.get("change"), row.get("printed")
        change = number(change_text) if change_text else None
        if change is None or change != int(change):
            problems.append(problem("change-not-whole", table.path, row.line, "change", found=quote(change_text)))
            ok = False
        elif printed_change(printed) != change:
            problems.append(problem("change-printed", table.path, row.line, "printed", printed=printed,
                                    change=int(change)))
            ok = False
        rank, good = _rank(row.get("rank"), table, row, "a whole number >= 1, or empty", problems)
        without, good_without = _rank(row.get("rank_without"), table, row, "a whole number >= 1, or empty", problems)
        if _duplicate(table, row, "city", (name, city, ind, left_out), seen, f"{name}, {city}, {ind}, {left_out}",
                      "row per table, city, indicator and left-out category", problems):
            continue
        if ok and good and good_without:
            records.append({"table": name, "city": city, "indicator": ind, "left_out": left_out, "printed": printed,
                            "change": int(change), "rank": rank, "rank_without": without,
                            "source": row.get("source"), "line": row.line})
    return pd.DataFrame(records, columns=FRAME_COLUMNS).astype({"rank": float, "rank_without": float})


def implied_without(changes: pd.DataFrame, ranks: pd.Series) -> pd.Series:
    """Per row of `changes` the rank without the category: the printed one, else the rank with it (the row's own,
    else `ranks`, city -> rank) plus the places gained."""
    with_rank = changes["rank"].where(changes["rank"].notna(), changes["city"].map(ranks))
    derived = with_rank + changes["change"]
    return changes["rank_without"].where(changes["rank_without"].notna(), derived).map(
        lambda r: math.nan if pd.isna(r) else float(r))
