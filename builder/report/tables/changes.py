"""The table of ranks with and without a category (as BRI 2021 Table 11): per city its rank with the category,
its rank without it and the change, as a TableData in one language."""

from __future__ import annotations

import re

import pandas as pd

from ..view import LanguageView
from . import TableData, finish


def _change_text(change: float) -> str:
    if pd.isna(change) or change == 0:
        return "—"
    return f"+{int(change)}" if change > 0 else f"−{-int(change)}"


def changes_table(ctx: LanguageView, category: str, indicator: str = "") -> TableData:
    """Every city's rank on `indicator` (default: the overall index) with `category` and without it, and the places
    it gains when the category is added; the change as the source prints it, and the table it comes from."""
    fw = ctx.edition.framework
    indicator = indicator or fw.root.id
    rows = ctx.data.without(category, indicator)
    t = ctx.t
    name = ctx.ind(category)
    frame = pd.DataFrame({
        "city": ctx.city_names(rows["city_id"]),
        "rank": rows["rank"].to_numpy(),
        "rank_without": rows["rank_without"].to_numpy(),
        "change": [p if p else _change_text(c) for p, c in zip(rows["printed"], rows["change"], strict=True)]})
    columns = [(t("columns.city"), "city", "text"), (t("columns.rank_with", category=name), "rank", "rank"),
               (t("columns.rank_without", category=name), "rank_without", "rank"),
               (t("columns.change"), "change", "text")]
    caption = t("tables.changes", indicator=ctx.ind(indicator), category=name)
    tables = sorted(set(rows["table"]) - {""})
    if tables:
        shown = [t("tables.source_table", n=m.group(1)) if (m := re.fullmatch(r"Table (\d+)", s)) else s
                 for s in tables]
        caption += t("report.caption_sep") + t("tables.changes_source", table=ctx.fmt.join(shown), category=name)
    else:
        caption += t("report.caption_sep") + t("tables.changes_computed", category=name)
    return finish(ctx, caption, columns, frame, keys=1)
