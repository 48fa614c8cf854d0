"""Ranking: scores per city and node turned into the long results table with ranks,
rank changes against the previous edition, percentile tiers and ranks within groups.

Columns of the results table, one row per city and scored node (preorder, then rank):
city_id, city, indicator_id, indicator, level, score, rank; then, where they apply,
status (why a score is missing: unscored, n/a; imputed for an imputed input; censored for a score
shown as "<threshold"), year (the year an input value is from), treatment (what outlier treatment did
to an input value: high, low, log_ct), previous_rank, rank_change (previous - current, positive is a
rise), change (rise, unchanged, drop, new), tier, and rank_<attribute> for each of edition.yaml's
group_ranks. Scores keep full precision.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..edition import Edition
from ..numbers import round_half_up
from .score import STATUS_WORDS, Scored

EXACT_DECIMALS = 9  # float noise below this does not break a tie


def competition_rank(scores: np.ndarray, ties: str = "exact", precision: int = 2, better: str = "higher",
                     below: float | None = None) -> np.ndarray:
    """Standard competition ranks (1, 2, 2, 4), the best score first (the highest, or with better="lower"
    the lowest); NaN stays unranked.

    ties="displayed": scores equal once rounded to `precision` share a rank (IEC);
    ties="exact": only equal unrounded scores share a rank (SET).
    below: scores under this threshold are censored (shown as "<below") and share one rank.
    """
    x = np.asarray(scores, dtype=float)
    key = round_half_up(x, precision) if ties == "displayed" else np.round(x, EXACT_DECIMALS)
    if below is not None:
        key = np.where(x < below, below - 1.0, key)  # one value for all censored scores, below every other
    if better == "lower":
        key = -key
    ok = ~np.isnan(key)
    ranks = np.full(x.shape, np.nan)
    ordered = np.sort(key[ok])
    ranks[ok] = ordered.size - np.searchsorted(ordered, key[ok], side="right") + 1
    return ranks


def censor_threshold(edition: Edition, nid: str) -> float | None:
    levels = edition.settings.levels
    depth = edition.framework.depth[nid]
    return levels[depth].censor_below if depth < len(levels) else None


def rank_results(edition: Edition, scores: pd.DataFrame, given: pd.DataFrame | None = None,
                 scored: Scored | None = None) -> pd.DataFrame:
    """The long results table (see the module docstring) for a scores frame.

    `given`: ranks to use instead of ranking the scores (results-only editions); `scored`: the engine's
    record of statuses, years and treatments.
    """
    s = edition.settings
    fw = edition.framework
    nodes = list(scores.columns)
    matrix = scores.to_numpy(dtype=float)
    if given is not None:
        ranks = given.reindex(index=scores.index, columns=nodes).to_numpy(dtype=float)
    else:
        ranks = np.column_stack([competition_rank(matrix[:, j], s.ties, s.precision, s.better,
                                                  censor_threshold(edition, nid))
                                 for j, nid in enumerate(nodes)]) if nodes else matrix
    n = len(scores.index)
    lang = edition.results_language
    names = edition.cities[f"name_{lang}"].reindex(scores.index).to_numpy()
    table = pd.DataFrame({
        "city_id": np.tile(scores.index.to_numpy(), len(nodes)),
        "city": np.tile(names, len(nodes)),
        "indicator_id": np.repeat(nodes, n),
        "indicator": np.repeat(["Overall" if nid == fw.root.id else fw.nodes[nid].name(lang)
                                for nid in nodes], n),
        "level": np.repeat([s.levels[fw.depth[nid]].name.get(lang, str(fw.depth[nid]))
                            for nid in nodes], n),
        "score": matrix.T.reshape(-1),
        "rank": ranks.T.reshape(-1),
    })
    if scored is not None:
        table = _add_engine_record(edition, table, scored)
    table = _add_changes(edition, table)
    table = _add_tiers(edition, table, ranks)
    table = _add_group_ranks(edition, table)
    position = np.repeat(np.arange(len(nodes)), n)
    order = np.lexsort((table["city_id"].to_numpy(), np.nan_to_num(table["rank"].to_numpy(), nan=np.inf),
                        position))
    table = table.iloc[order].reset_index(drop=True)
    for col in [c for c in table.columns if c == "rank" or c.startswith(("rank_", "previous_rank"))]:
        table[col] = pd.array(table[col].to_numpy(dtype=float), dtype="Float64").astype("Int64")
    return table


def _add_engine_record(edition: Edition, table: pd.DataFrame, scored: Scored) -> pd.DataFrame:
    """status, year and treatment columns, each only where some row has something to say."""
    nodes = list(scored.scores.columns)
    n = len(scored.scores.index)
    codes = scored.status.to_numpy().T.reshape(-1)
    status = np.array([STATUS_WORDS[c] for c in codes], dtype=object)
    imputed = scored.imputed.reindex(columns=nodes, fill_value=False).to_numpy(dtype=bool).T.reshape(-1)
    status[imputed] = "imputed"
    below = np.repeat([censor_threshold(edition, nid) or -np.inf for nid in nodes], n)
    status[table["score"].to_numpy(dtype=float) < below] = "censored"
    if (status != "").any():
        table["status"] = status
    if scored.years is not None:
        table["year"] = pd.array(scored.years.reindex(columns=nodes).to_numpy(dtype=float).T.reshape(-1),
                                 dtype="Float64").astype("Int64")
    if scored.treatments:
        marks = pd.DataFrame("", index=scored.scores.index, columns=nodes)
        for nid, record in scored.treatments.items():
            if record.marks:
                marks[nid] = list(record.marks)
        table["treatment"] = marks.to_numpy().T.reshape(-1)
    return table


def _add_changes(edition: Edition, table: pd.DataFrame) -> pd.DataFrame:
    if not edition.settings.previous_edition:
        return table
    prev = edition.previous.set_index(["indicator", "city"])["rank"].astype(float)
    key = pd.MultiIndex.from_arrays([table["indicator_id"], table["city_id"]])
    previous = prev.reindex(key).to_numpy()
    has_previous = table["indicator_id"].isin(set(edition.previous["indicator"])).to_numpy()
    listed = key.isin(pd.MultiIndex.from_frame(edition.previous[["indicator", "city"]]))
    rank = table["rank"].to_numpy()
    change = np.where(np.isnan(previous), np.where(listed, "unknown", "new"),
                      np.where(previous > rank, "rise", np.where(previous == rank, "unchanged", "drop")))
    return table.assign(previous_rank=previous, rank_change=previous - rank,
                        change=np.where(has_previous, change, ""))


def tier_of(ranks: np.ndarray, tiers: list, n: int) -> np.ndarray:
    """The tier id of each rank among n ranked cities (tiers narrowest first): the first tier with
    rank <= floor(upto x n); "" for an unranked city or one beyond the widest tier."""
    out = np.full(ranks.shape, "", dtype=object)
    for t in reversed(tiers):  # the narrowest last, so it wins
        out[ranks <= np.floor(t.upto * n + 1e-9)] = t.id
    return out


def _add_tiers(edition: Edition, table: pd.DataFrame, ranks: np.ndarray) -> pd.DataFrame:
    s = edition.settings
    if not s.tiers:
        return table
    fw = edition.framework
    n_cities = ranks.shape[0]
    rank = table["rank"].to_numpy(dtype=float)
    tier = np.full(len(table), "", dtype=object)
    for j, nid in enumerate(dict.fromkeys(table["indicator_id"])):
        if s.tier_levels is not None and fw.depth[nid] not in s.tier_levels:
            continue
        block = slice(j * n_cities, (j + 1) * n_cities)
        tier[block] = tier_of(rank[block], s.tiers, int((~np.isnan(ranks[:, j])).sum()))
    return table.assign(tier=tier)


def _add_group_ranks(edition: Edition, table: pd.DataFrame) -> pd.DataFrame:
    s = edition.settings
    for attr in s.group_ranks:
        groups = edition.cities[attr].reindex(table["city_id"]).to_numpy()
        ranks = np.full(len(table), np.nan)
        # ranking on minus the rank gives the same order as the scores, and works where only ranks are known
        key = -table["rank"].to_numpy(dtype=float)
        for (_, _), idx in table.groupby([table["indicator_id"], groups], sort=False).indices.items():
            ranks[idx] = competition_rank(key[idx], "exact")
        table[f"rank_{attr}"] = ranks
    return table
