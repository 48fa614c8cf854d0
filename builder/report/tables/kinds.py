"""The table kinds: each turns the results or the framework into a TableData in one language."""

from __future__ import annotations

import pandas as pd

from ..view import LanguageView
from . import TableData, finish


def _wide(ctx: LanguageView, parent: str) -> pd.DataFrame:
    """Cities ranked on `parent`, with the parent's score and rank and its children's."""
    data = ctx.data
    fw = ctx.edition.framework
    kids = [k for k in fw.children[parent] if k in data.scores.columns]
    order = data.ranked(parent)
    frame = pd.DataFrame({"city": ctx.city_names(order["city_id"]),
                          "rank": order["rank"].to_numpy(), "score": order["score"].to_numpy()})
    for k in kids:
        frame[f"{k}:score"] = data.scores.loc[order["city_id"], k].to_numpy()
        frame[f"{k}:rank"] = data.ranks.loc[order["city_id"], k].to_numpy()
    return frame


def scores_table(ctx: LanguageView, parent: str, top: int | None = None) -> TableData:
    """Ranks and scores of a parent indicator with its children's scores (SET Figure 3.1.1)."""
    frame = _wide(ctx, parent)
    if top is not None:
        frame = frame[frame["rank"] <= int(top)]
    t = ctx.t
    kids = [c.split(":")[0] for c in frame.columns if c.endswith(":score")]
    columns = [(t("columns.rank"), "rank", "rank"), (t("columns.city"), "city", "text"),
               (ctx.ind(parent), "score", "score")]
    if ctx.edition.settings.results_only:  # most scores unpublished: the published ranks carry the table
        for k in kids:
            columns += [(t("columns.child_score", indicator=ctx.ind(k)), f"{k}:score", "score"),
                        (t("columns.child_rank", indicator=ctx.ind(k)), f"{k}:rank", "rank")]
    else:
        columns += [(ctx.ind(k), f"{k}:score", "score") for k in kids]
    key = "tables.top" if top is not None else "tables.scores"
    caption = t(key, indicator=ctx.ind(parent), n=top if top is not None else len(frame))
    return finish(ctx, caption, columns, frame)


def appendix_table(ctx: LanguageView, parent: str) -> TableData:
    """Every city's score and rank on each child of `parent` (IEC Appendix 1-4, SET Figure 2.1.1)."""
    frame = _wide(ctx, parent)
    t = ctx.t
    fw = ctx.edition.framework
    kids = [c.split(":")[0] for c in frame.columns if c.endswith(":score")]
    columns = [(t("columns.rank"), "rank", "rank"), (t("columns.city"), "city", "text"),
               (t("columns.score"), "score", "score")]
    for k in kids:
        columns += [(t("columns.child_score", indicator=ctx.ind(k)), f"{k}:score", "score"),
                    (t("columns.child_rank", indicator=ctx.ind(k)), f"{k}:rank", "rank")]
    if parent == fw.root.id:
        level = ctx.edition.settings.levels[1].name[ctx.lang]
        caption = t("tables.appendix_level", level=level)
    else:
        caption = t("tables.appendix_parent", indicator=ctx.ind(parent))
    return finish(ctx, caption, columns, frame, size="small" if len(kids) > 3 else "normal")


def framework_table(ctx: LanguageView) -> TableData:
    """The indicator tree with levels, weights (used and declared) and directions."""
    fw = ctx.edition.framework
    s = ctx.edition.settings
    t = ctx.t
    rows = []
    for nid in fw.preorder:
        if nid == fw.root.id:
            continue
        node = fw.nodes[nid]
        rows.append({"id": nid, "level": s.levels[fw.depth[nid]].name[ctx.lang],
                     "name": "\u2003" * (fw.depth[nid] - 1) + node.name(ctx.lang),
                     "weight": _weight(node.weight), "declared": _weight(node.declared_weight),
                     "direction": t(f"direction.{'+' if node.direction > 0 else '-'}")})
    frame = pd.DataFrame(rows)
    columns = [(t("columns.indicator"), "name", "text"), (t("columns.level"), "level", "text"),
               (t("columns.weight"), "weight", "text")]
    if frame["declared"].ne("").any():
        columns.append((t("columns.declared_weight"), "declared", "text"))
    columns.append((t("columns.direction"), "direction", "text"))
    return finish(ctx, t("tables.framework"), columns, frame, size="small", keys=1)


def _weight(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.4g}%"


def cities_table(ctx: LanguageView) -> TableData:
    """The cities with country, region and metropolitan scope where the edition gives them."""
    cities = ctx.edition.cities
    t = ctx.t
    frame = pd.DataFrame({"city": ctx.city_names(cities.index)})
    columns = [(t("columns.city"), "city", "text")]
    for attr in ("country", "region"):
        if attr in cities.columns:
            frame[attr] = [ctx.group(attr, v) for v in cities[attr]]
            columns.append((t(f"columns.{attr}"), attr, "text"))
    scope = f"scope_{ctx.lang}" in cities.columns
    if scope:
        frame["scope"] = cities[f"scope_{ctx.lang}"].to_numpy()
        columns.append((t("columns.scope"), "scope", "text"))
    caption = t("tables.cities_scope" if scope else "tables.cities", n=len(frame))
    return finish(ctx, caption, columns, frame, size="small", keys=1)


def definitions_table(ctx: LanguageView, depth: str) -> TableData:
    """Definitions and sources of the indicators at one depth of the framework."""
    fw = ctx.edition.framework
    d = int(depth)
    t = ctx.t
    rows = [{"name": fw.nodes[n].name(ctx.lang), "definition": fw.nodes[n].extra.get(f"definition_{ctx.lang}", ""),
             "source": fw.nodes[n].extra.get(f"source_{ctx.lang}") or fw.nodes[n].extra.get("source", "")}
            for n in fw.preorder if fw.depth[n] == d]
    columns = [(t("columns.indicator"), "name", "text"), (t("columns.definition"), "definition", "text"),
               (t("columns.source"), "source", "text")]
    level = ctx.edition.settings.levels[d].name[ctx.lang]
    return finish(ctx, t("tables.definitions", level=level), columns, pd.DataFrame(rows), size="small", keys=1)


