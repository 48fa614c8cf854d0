"""Results-only editions: the published tables turned into scores and ranks, ties in the printed order."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..edition import Edition


def published_results(edition: Edition) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Scores and ranks (cities x scored nodes) of a results-only edition, from published.csv.

    Ranks come from the tables named in results_tables (first one that gives a rank wins); a
    score is taken wherever a table printed one (results tables first). Missing stays NaN.
    """
    pub = edition.published
    priority = {name: i for i, name in enumerate(edition.settings.results_tables)}
    ordered = pub.assign(_p=pub["table"].map(priority).fillna(len(priority))).sort_values("_p", kind="stable")
    rank_rows = ordered[ordered["table"].isin(priority)] if priority else ordered
    nodes = edition.framework.scored
    ranks = (rank_rows.dropna(subset=["rank"]).drop_duplicates(["city", "indicator"])
             .pivot(index="city", columns="indicator", values="rank"))
    scores = (ordered.dropna(subset=["score"]).drop_duplicates(["city", "indicator"])
              .pivot(index="city", columns="indicator", values="score"))
    shape = {"index": edition.cities.index, "columns": nodes}
    return scores.reindex(**shape).astype(float), ranks.reindex(**shape).astype(float)


def in_published_order(edition: Edition, results: pd.DataFrame) -> pd.DataFrame:
    """Tied cities in the order the source report printed them.

    For each indicator, the order is that of the first results table whose rows run in that
    indicator's rank order (Appendix 2 lists cities by their attractiveness rank, say, even if it
    prints only the second-level ranks); tables that do not are ignored for it.
    """
    pub = edition.published
    tables = edition.settings.results_tables or list(pub["table"].drop_duplicates())
    orders = [list(pub[pub["table"] == t]["city"].drop_duplicates()) for t in tables]
    frames = []
    for _, grp in results.groupby("indicator_id", sort=False):
        rank = grp.set_index("city_id")["rank"].astype("Float64").fillna(np.inf).astype(float)
        listing = next((o for o in orders if set(o) == set(rank.index) and rank.reindex(o).is_monotonic_increasing),
                       list(grp["city_id"]))
        position = {c: i for i, c in enumerate(listing)}
        frames.append(grp.iloc[np.lexsort((grp["city_id"].map(position).to_numpy(), rank.reindex(grp["city_id"])
                                            .to_numpy()))])
    return pd.concat(frames).reset_index(drop=True)
