"""The pathway figure kinds (an edition with pathways): pathway rankings as bars, the cities' ranks per category
as a heat map, and the network of the strongest pathways; each a ChartData in one language."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ...errors import ContentError, problem
from ..view import LanguageView
from . import ChartData
from .kinds import _base_text


def pathway_ranking(ctx: LanguageView, indicator: str = "overall", n: str | int = 20) -> ChartData:
    """The first n pathways of a ranking as bars (ties at the n-th included), each named by its two cities."""
    rows = _top(ctx.data.pathways_ranked(indicator), int(n))
    if rows["score"].isna().all():
        raise ContentError(problem("chapter-value", found=f"no pathway scores on {indicator!r}",
                                   expected="pathway scores to draw as bars (a results-only edition publishes "
                                            "ranks: place a pathway table instead)"))
    frame = pd.DataFrame({"city": [ctx.pathway_name(a, b) for a, b in zip(rows["city_a_id"], rows["city_b_id"],
                                                                          strict=True)],
                          "score": rows["score"].to_numpy(dtype=float), "rank": rows["rank"].astype(int).to_numpy(),
                          "score_text": [ctx.score_text(indicator, v) for v in rows["score"]]})
    name = ctx.ind(indicator)
    first = frame.iloc[0]
    return ChartData("ranking", frame, _base_text(ctx), ctx.t("figures.pathway_ranking", indicator=name, n=len(frame)),
                     ctx.t("figures.pathway_ranking_alt", indicator=name, n=len(frame), first=first["city"],
                           score=first["score_text"]),
                     (6.3, max(3.0, 0.23 * len(frame) + 1.2)))


def _top(rows: pd.DataFrame, n: int) -> pd.DataFrame:
    rows = rows[rows["rank"].notna()]
    if len(rows) <= n:
        return rows
    ranks = rows["rank"].to_numpy(dtype=float)
    return rows[ranks <= ranks[n - 1]]


def rank_matrix(ctx: LanguageView, parent: str = "") -> ChartData:
    """Every city's rank on `parent` (default: the overall index) and on each of its children, as a heat map in
    the order of the parent's ranking: darker is better ranked, each cell prints the rank (as BRI 2021 Tables 4-5)."""
    fw = ctx.edition.framework
    parent = parent or fw.root.id
    nodes = [parent, *fw.children[parent]]
    order = ctx.data.ranked(parent)
    ranks = ctx.data.ranks
    names = ctx.city_names(order["city_id"])
    frame = pd.DataFrame(index=names)
    cells = pd.DataFrame(index=names)
    n = len(order)
    for nid in nodes:
        if nid not in ranks.columns:
            continue
        r = ranks.loc[order["city_id"], nid].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
        frame[ctx.ind(nid)] = n + 1 - r  # colour by standing: the first is darkest
        cells[ctx.ind(nid)] = ["" if np.isnan(v) else str(int(v)) for v in r]
    name = ctx.ind(parent)
    return ChartData("heatmap", frame, _base_text(ctx), ctx.t("figures.rank_matrix", indicator=name, n=n,
                                                               k=len(frame.columns) - 1),
                     ctx.t("figures.rank_matrix_alt", indicator=name, n=n, k=len(frame.columns) - 1),
                     (6.3, 0.3 * n + 2.4), {"cell_text": cells, "vmin": 1.0, "vmax": float(n)})


def network(ctx: LanguageView, indicator: str = "overall", n: str | int = 20) -> ChartData:
    """The first n pathways of a ranking as a network: cities on a circle by region, line width by pathway score
    (by rank, where the edition publishes ranks only)."""
    rows = _top(ctx.data.pathways_ranked(indicator), int(n))
    by_score = rows["score"].notna().all()
    weight = rows["score"].to_numpy(dtype=float) if by_score else (
        rows["rank"].max() + 1 - rows["rank"].to_numpy(dtype=float))
    attr = "region" if "region" in ctx.edition.cities.columns else None
    frame = pd.DataFrame({"a": ctx.city_names(rows["city_a_id"]), "b": ctx.city_names(rows["city_b_id"]),
                          "weight": weight})
    if attr is not None:
        frame["group_a"] = [str(v) for v in ctx.edition.cities[attr].reindex(rows["city_a_id"])]
        frame["group_b"] = [str(v) for v in ctx.edition.cities[attr].reindex(rows["city_b_id"])]
    name = ctx.ind(indicator)
    key = "figures.network" if by_score else "figures.network_ranks"
    cities = len(set(frame["a"]) | set(frame["b"]))
    return ChartData("network", frame, _base_text(ctx, attr), ctx.t(key, indicator=name, n=len(frame)),
                     ctx.t("figures.network_alt", indicator=name, n=len(frame), k=cities,
                           first=ctx.pathway_name(rows["city_a_id"].iloc[0], rows["city_b_id"].iloc[0])),
                     (6.3, 5.2))
