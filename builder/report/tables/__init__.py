"""Report tables: table specs placed by chapters (and the appendices) turned into frames per language.

Each table kind is a function `(ctx, *args, **options) -> TableData` in TABLE_KINDS. A table
has a caption, column headers in the language, display cells (formatted strings) and the same
values unformatted for the CSV and XLSX downloads.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import pandas as pd

from ...errors import ContentError, hint, known_list, problem
from ..calls import checked_call
from ..view import LanguageView


@dataclass(frozen=True)
class TableData:
    """One table in one language."""

    caption: str
    display: pd.DataFrame  # formatted strings, headers in the language
    values: pd.DataFrame  # the same cells unformatted (numbers as numbers), same headers
    numeric: tuple[bool, ...]  # per column: right-aligned number
    size: str = "normal"  # "normal" or "small" (wide appendix tables)
    groups: tuple[str, ...] = ()  # per column: columns sharing a group (a score and its rank) print together
    keys: int = 2  # leading columns (rank, city) that every printed part repeats


def rank_text(value: object) -> str:
    return "" if pd.isna(value) else str(int(value))


def finish(ctx: LanguageView, caption: str, columns: list[tuple[str, str, str]], rows: pd.DataFrame,
            size: str = "normal", keys: int = 2) -> TableData:
    """columns: (header, source column, format) with format 'text', 'score' or 'rank'.

    Scores are shown, and downloaded, as the report's one number formatter rounds them; a score column
    may come with `<col>:status` and `<col>:indicator` columns, and then shows "<5", "n/a" or a dash
    where its status says so (the download says the same).
    """
    display, values, numeric = {}, {}, []
    for header, col, kind in columns:
        raw = rows[col]
        if kind == "score" and f"{col}:status" in rows.columns:
            shown = [ctx.score_text(i, v, st) for v, st, i in
                     zip(raw, rows[f"{col}:status"], rows[f"{col}:indicator"], strict=True)]
            display[header] = shown
            values[header] = [ctx.fmt.rounded(v) if pd.notna(v) and st in ("", "imputed") else (text or None)
                              for v, st, text in zip(raw, rows[f"{col}:status"], shown, strict=True)]
        elif kind == "score":
            display[header] = [ctx.num(v) if pd.notna(v) else "" for v in raw]
            values[header] = [ctx.fmt.rounded(v) if pd.notna(v) else None for v in raw]
        elif kind == "rank":
            display[header] = [rank_text(v) for v in raw]
            values[header] = raw.to_list()
        else:
            display[header] = raw.astype(str).to_list()
            values[header] = raw.to_list()
        numeric.append(kind != "text")
    groups = tuple(col.split(":")[0] for _, col, _ in columns)
    return TableData(caption, pd.DataFrame(display), pd.DataFrame(values), tuple(numeric), size, groups, keys)


from .changes import changes_table  # noqa: E402
from .kinds import (  # noqa: E402
    appendix_table,
    cities_table,
    data_notes_table,
    definitions_table,
    framework_table,
    scores_table,
    screened_table,
    tier_groups_table,
    tiers_table,
)
from .leaders import ranked_table, top_by_category  # noqa: E402
from .pathways import pathways_by_category, pathways_table, ranks_table  # noqa: E402
from .printed import published_table  # noqa: E402

TABLE_KINDS: dict[str, Callable[..., TableData]] = {
    "scores": scores_table,
    "appendix": appendix_table,
    "framework": framework_table,
    "cities": cities_table,
    "definitions": definitions_table,
    "screened": screened_table,
    "data_notes": data_notes_table,
    "tiers": tiers_table,
    "tier_groups": tier_groups_table,
    "pathways": pathways_table,
    "pathways_by_category": pathways_by_category,
    "ranks": ranks_table,
    "changes": changes_table,
    "top_by_category": top_by_category,
    "ranked": ranked_table,
    "published": published_table,
}
"""Table kinds a chapter can place: name -> function (view, *args, **options) -> TableData."""


def build_table(ctx: LanguageView, kind: str, args: tuple[str, ...], options: dict) -> TableData:
    if kind not in TABLE_KINDS:
        raise ContentError(problem("table-kind", name=kind, hint=hint(kind, TABLE_KINDS),
                                   known=known_list(TABLE_KINDS)))
    return checked_call("table", partial(TABLE_KINDS[kind], ctx), kind)(*args, **options)
