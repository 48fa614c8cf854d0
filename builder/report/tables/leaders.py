"""The top cities of each component side by side (as BRI 2021 Table 6), optionally among the cities of one group
(Chinese cities, coastal cities): a TableData in one language."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..view import LanguageView
from . import TableData, finish


def top_by_category(ctx: LanguageView, parent: str = "", n: int = 5, **filters: str) -> TableData:
    """The first n cities of each child of `parent` (default: the overall index), one column per child and a row per
    place, among the cities with every attribute=value of `filters`; a city whose rank differs from its place (a
    tie, or a filtered ranking) shows its rank."""
    fw = ctx.edition.framework
    parent = parent or fw.root.id
    n = int(n)
    t = ctx.t
    frame = pd.DataFrame({"place": np.arange(1, n + 1)})
    columns = [(t("columns.rank"), "place", "rank")]
    for kid in fw.children[parent]:
        if kid not in ctx.data.rankings:
            continue
        rows = ctx.data.select(kid, **filters).iloc[:n]
        names = ctx.city_names(rows["city_id"])
        cells = [name if int(rank) == place else t("pathway.ranked", name=name, rank=int(rank))
                 for place, (name, rank) in enumerate(zip(names, rows["rank"], strict=True), start=1)]
        frame[kid] = cells + [""] * (n - len(cells))
        columns.append((ctx.ind(kid), kid, "text"))
    if filters:
        groups = ctx.fmt.join([ctx.group(a, v) for a, v in filters.items()])
        caption = t("tables.top_by_category_group", n=n, indicator=ctx.ind(parent), group=groups)
    else:
        caption = t("tables.top_by_category", n=n, indicator=ctx.ind(parent))
    return finish(ctx, caption, columns, frame, size="small", keys=1)


def ranked_table(ctx: LanguageView, indicator: str = "", n: int | None = None, attributes: str = "country",
                 **filters: str) -> TableData:
    """The cities of one ranking in rank order (the first n, ties included), with their attributes (comma-separated
    names of cities.csv columns) and, where there are scores, their scores; among the cities with every
    attribute=value of `filters` (as BRI 2021 Table 10, or the coastal cities alone)."""
    indicator = indicator or ctx.edition.framework.root.id
    rows = ctx.data.select(indicator, **filters)
    rows = rows[rows["rank"].notna()]
    if n is not None and len(rows) > int(n):
        rows = rows[rows["rank"] <= rows["rank"].iloc[int(n) - 1]]
    t = ctx.t
    frame = pd.DataFrame({"rank": rows["rank"].to_numpy(), "city": ctx.city_names(rows["city_id"])})
    columns = [(t("columns.rank"), "rank", "rank"), (t("columns.city"), "city", "text")]
    for attribute in (a.strip() for a in attributes.split(",") if a.strip()):
        values = ctx.data.attribute(attribute).reindex(rows["city_id"]).astype(str)
        frame[attribute] = [ctx.group(attribute, v) for v in values]
        columns.append((t(f"columns.{attribute}"), attribute, "text"))
    if rows["score"].notna().any():
        frame["score"] = rows["score"].to_numpy()
        frame["score:status"] = rows["status"].to_numpy() if "status" in rows.columns else ""
        frame["score:indicator"] = indicator
        columns.append((t("columns.score"), "score", "score"))
    name = ctx.ind(indicator)
    if filters:
        group = ctx.fmt.join([ctx.group(a, v) for a, v in filters.items()])
        caption = t("tables.ranked_group", indicator=name, group=group, n=len(frame))
    else:
        caption = t("tables.ranked", indicator=name, n=len(frame))
    return finish(ctx, caption, columns, frame)
