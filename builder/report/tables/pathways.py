"""The pathway table kinds (an edition with pathways): a ranking of pathways with their regions, the top pathways
of each category side by side, and the cities' ranks per category; each a TableData in one language."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..view import LanguageView
from . import TableData, finish


def _top(rows: pd.DataFrame, n: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The rows within the first n places, and those of a tie at the n-th place that runs past it (empty if none)."""
    rows = rows[rows["rank"].notna()]
    ranks = rows["rank"].to_numpy(dtype=float)
    inside = rows[ranks <= n]
    if len(inside) <= n:
        return inside, inside[:0]
    last = inside["rank"].max()
    return inside, inside[inside["rank"] == last]


def _tie_note(ctx: LanguageView, indicator: str, tie: pd.DataFrame) -> str:
    names = ctx.fmt.join([ctx.pathway_name(a, b) for a, b in zip(tie["city_a_id"], tie["city_b_id"], strict=True)])
    return ctx.t("tables.pathways_tie", indicator=ctx.ind(indicator), rank=int(tie["rank"].iloc[0]), names=names,
                 k=len(tie) + int(tie["tied_with"].sum()))


def _name(ctx: LanguageView, row) -> str:
    return ctx.pathway_name(row.city_a_id, row.city_b_id)


def _region(ctx: LanguageView, a: str, b: str) -> str:
    cities = ctx.edition.cities
    if "region" not in cities.columns:
        return ""
    ra, rb = cities.at[a, "region"], cities.at[b, "region"]
    if ra == rb:
        return ctx.group("region", ra)
    return ctx.t("pathway.regions", a=ctx.group("region", ra), b=ctx.group("region", rb))


def pathways_table(ctx: LanguageView, indicator: str = "overall", n: int = 10) -> TableData:
    """The first n pathways of a ranking, with the regions they join and, where there are scores, their scores
    (as BRI 2021 Table 7); a tie that runs past the n-th place is shown as its first pathway "etc.", all of the tie
    named in the caption's note."""
    n = int(n)
    inside, tie = _top(ctx.data.pathways_ranked(indicator), n)
    shown = inside if tie.empty else pd.concat([inside[inside["rank"] < tie["rank"].iloc[0]], tie.iloc[:1]])
    etc = set() if tie.empty else {tie["pair_id"].iloc[0]}
    t = ctx.t
    frame = pd.DataFrame({
        "rank": shown["rank"].to_numpy(),
        "pathway": [t("pathway.etc", name=_name(ctx, r)) if r.pair_id in etc else _name(ctx, r)
                    for r in shown.itertuples(index=False)],
        "region": [_region(ctx, a, b) for a, b in zip(shown["city_a_id"], shown["city_b_id"], strict=True)],
        "score": shown["score"].to_numpy(dtype=float)})
    columns = [(t("columns.rank"), "rank", "rank"), (t("columns.pathway"), "pathway", "text")]
    if frame["region"].ne("").any():
        columns.append((t("columns.regions"), "region", "text"))
    if frame["score"].notna().any():
        columns.append((t("columns.score"), "score", "score"))
    caption = t("tables.pathways", indicator=ctx.ind(indicator), n=n)
    if not tie.empty:
        caption += t("report.caption_sep") + _tie_note(ctx, indicator, tie)
    return finish(ctx, caption, columns, frame)


def pathways_by_category(ctx: LanguageView, parent: str = "", n: int = 5) -> TableData:
    """The first n pathways of each child of `parent` (default: the overall index), one column per child and a row
    per place (as BRI 2021 Table 8). A pathway ranked otherwise than its row shows its rank; a tie that runs past
    the last row is its first pathway "etc.", with all of it in the caption's note; a place the results do not
    fill stays empty."""
    fw = ctx.edition.framework
    parent = parent or fw.root.id
    n = int(n)
    t = ctx.t
    frame = pd.DataFrame({"place": np.arange(1, n + 1)})
    columns = [(t("columns.rank"), "place", "rank")]
    notes, empty = [], []
    for kid in fw.children[parent]:
        if kid not in ctx.data.pathway_rankings:
            continue
        inside, tie = _top(ctx.data.pathways_ranked(kid), n)
        cells = [_cell(ctx, r, i + 1) for i, r in enumerate(inside.iloc[:n].itertuples(index=False))]
        if not tie.empty:
            cells[-1] = t("pathway.etc", name=_name(ctx, tie.iloc[0]))
            notes.append(_tie_note(ctx, kid, tie))
        if len(cells) < n:
            empty.append(ctx.ind(kid))
        frame[kid] = cells + [""] * (n - len(cells))
        columns.append((ctx.ind(kid), kid, "text"))
    caption = t("tables.pathways_by_category", n=n, indicator=ctx.ind(parent))
    if empty:
        notes.append(t("tables.pathways_unfilled", indicators=ctx.fmt.join(empty)))
    for note in notes:
        caption += t("report.caption_sep") + note
    return finish(ctx, caption, columns, frame, size="small", keys=1)


def _cell(ctx: LanguageView, row, place: int) -> str:
    name = ctx.pathway_name(row.city_a_id, row.city_b_id)
    return name if int(row.rank) == place else ctx.t("pathway.ranked", name=name, rank=int(row.rank))


def ranks_table(ctx: LanguageView, parent: str = "") -> TableData:
    """Every city's rank on `parent` (default: the overall index) and on each of its children, in the order of the
    parent's ranking (as BRI 2021 Tables 4-5)."""
    fw = ctx.edition.framework
    parent = parent or fw.root.id
    order = ctx.data.ranked(parent)
    ranks = ctx.data.ranks
    t = ctx.t
    frame = pd.DataFrame({"city": ctx.city_names(order["city_id"]), "rank": order["rank"].to_numpy()})
    columns = [(t("columns.city"), "city", "text"), (ctx.ind(parent), "rank", "rank")]
    for kid in fw.children[parent]:
        if kid in ranks.columns:
            frame[kid] = ranks.loc[order["city_id"], kid].to_numpy()
            columns.append((ctx.ind(kid), kid, "rank"))
    return finish(ctx, t("tables.ranks", indicator=ctx.ind(parent), n=len(frame)), columns, frame, size="small",
                  keys=1)
