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

from .context import ReportContext, checked_call
from .errors import ContentError, hint, known_list, problem


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


def _rank(value: object) -> str:
    return "" if pd.isna(value) else str(int(value))


def _finish(ctx: ReportContext, caption: str, columns: list[tuple[str, str, str]], rows: pd.DataFrame,
            size: str = "normal", keys: int = 2) -> TableData:
    """columns: (header, source column, format) with format 'text', 'score' or 'rank'.

    Scores are shown, and downloaded, as the report's one number formatter rounds them.
    """
    display, values, numeric = {}, {}, []
    for header, col, kind in columns:
        raw = rows[col]
        if kind == "score":
            display[header] = [ctx.num(v) if pd.notna(v) else "" for v in raw]
            values[header] = [ctx.fmt.rounded(v) if pd.notna(v) else None for v in raw]
        elif kind == "rank":
            display[header] = [_rank(v) for v in raw]
            values[header] = raw.to_list()
        else:
            display[header] = raw.astype(str).to_list()
            values[header] = raw.to_list()
        numeric.append(kind != "text")
    groups = tuple(col.split(":")[0] for _, col, _ in columns)
    return TableData(caption, pd.DataFrame(display), pd.DataFrame(values), tuple(numeric), size, groups, keys)


def _wide(ctx: ReportContext, parent: str) -> pd.DataFrame:
    """Cities ranked on `parent`, with the parent's score and rank and its children's."""
    data = ctx.data
    fw = ctx.edition.framework
    kids = [k for k in fw.children[parent] if k in data.scores.columns]
    order = data.ranked(parent)
    frame = pd.DataFrame({"city": [ctx.edition.city_name(c, ctx.lang) for c in order["city_id"]],
                          "rank": order["rank"].to_numpy(), "score": order["score"].to_numpy()})
    for k in kids:
        frame[f"{k}:score"] = data.scores.loc[order["city_id"], k].to_numpy()
        frame[f"{k}:rank"] = data.ranks.loc[order["city_id"], k].to_numpy()
    return frame


def scores_table(ctx: ReportContext, parent: str, top: int | None = None) -> TableData:
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
    return _finish(ctx, caption, columns, frame)


def appendix_table(ctx: ReportContext, parent: str) -> TableData:
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
    return _finish(ctx, caption, columns, frame, size="small" if len(kids) > 3 else "normal")


def framework_table(ctx: ReportContext) -> TableData:
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
    return _finish(ctx, t("tables.framework"), columns, frame, size="small", keys=1)


def _weight(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.4g}%"


def cities_table(ctx: ReportContext) -> TableData:
    """The cities with country, region and metropolitan scope where the edition gives them."""
    cities = ctx.edition.cities
    t = ctx.t
    frame = pd.DataFrame({"city": [ctx.edition.city_name(c, ctx.lang) for c in cities.index]})
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
    return _finish(ctx, caption, columns, frame, size="small", keys=1)


def definitions_table(ctx: ReportContext, depth: str) -> TableData:
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
    return _finish(ctx, t("tables.definitions", level=level), columns, pd.DataFrame(rows), size="small", keys=1)


TABLE_KINDS: dict[str, Callable[..., TableData]] = {
    "scores": scores_table,
    "appendix": appendix_table,
    "framework": framework_table,
    "cities": cities_table,
    "definitions": definitions_table,
}


def build_table(ctx: ReportContext, kind: str, args: tuple[str, ...], options: dict) -> TableData:
    if kind not in TABLE_KINDS:
        raise ContentError(problem("table-kind", name=kind, hint=hint(kind, TABLE_KINDS),
                                   known=known_list(TABLE_KINDS)))
    return checked_call("table", partial(TABLE_KINDS[kind], ctx), kind)(*args, **options)
