"""Ranking: scores per city and node turned into the long results table with ranks,
rank changes against the previous edition, percentile tiers and ranks within groups.

Columns of the results table, one row per city and scored node (preorder, then rank):
city_id, city, indicator_id, indicator, level, score, rank; then, where they apply,
previous_rank, rank_change (previous - current, positive is a rise), change (rise,
unchanged, drop, new), tier, and rank_<attribute> for each of edition.yaml's group_ranks.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .edition import Edition
from .settings import Tier

EXACT_DECIMALS = 9  # float noise below this does not break a tie


def round_half_up(x: np.ndarray | float, decimals: int) -> np.ndarray:
    """Round as publications do (x.xx5 goes up), robust to binary representation noise."""
    factor = 10.0**decimals
    return np.floor(np.asarray(x, dtype=float) * factor + 0.5 + 1e-9) / factor


def competition_rank(scores: np.ndarray, ties: str = "exact", precision: int = 2) -> np.ndarray:
    """Standard competition ranks (1, 2, 2, 4), highest score first; NaN stays unranked.

    ties="displayed": scores equal once rounded to `precision` share a rank (IEC);
    ties="exact": only equal unrounded scores share a rank (SET).
    """
    x = np.asarray(scores, dtype=float)
    key = round_half_up(x, precision) if ties == "displayed" else np.round(x, EXACT_DECIMALS)
    ok = ~np.isnan(key)
    ranks = np.full(x.shape, np.nan)
    ordered = np.sort(key[ok])
    ranks[ok] = ordered.size - np.searchsorted(ordered, key[ok], side="right") + 1
    return ranks


def change_marker(rank: float, previous: float) -> str:
    """rise, unchanged, drop, or new (no previous rank)."""
    if np.isnan(previous):
        return "new"
    if previous > rank:
        return "rise"
    return "unchanged" if previous == rank else "drop"


def tier_of(rank: float, count: int, tiers: list[Tier]) -> str:
    """The first (narrowest) tier whose share of the ranking includes this rank."""
    for tier in tiers:
        if rank <= tier.upto * count + 1e-9:
            return tier.id
    return ""


def rank_results(edition: Edition, scores: pd.DataFrame) -> pd.DataFrame:
    """The long results table (see the module docstring) for a scores frame."""
    s = edition.settings
    fw = edition.framework
    frames = []
    for nid in scores.columns:
        col = scores[nid].to_numpy(dtype=float)
        frame = pd.DataFrame({
            "city_id": scores.index,
            "city": [edition.city_name(c, "en") for c in scores.index],
            "indicator_id": nid,
            "indicator": "Overall" if nid == fw.root.id else fw.nodes[nid].name("en"),
            "level": s.levels[fw.depth[nid]].name.get("en", str(fw.depth[nid])),
            "score": col,
            "rank": competition_rank(col, s.ties, s.precision),
        })
        frames.append(_extras(edition, nid, frame))
    table = pd.concat(frames, ignore_index=True)
    order = {nid: i for i, nid in enumerate(scores.columns)}
    table = table.sort_values(["indicator_id", "rank", "city_id"],
                              key=lambda c: c.map(order) if c.name == "indicator_id" else c,
                              kind="stable", na_position="last")
    table["rank"] = table["rank"].astype("Int64")
    return table.reset_index(drop=True)


def _extras(edition: Edition, nid: str, frame: pd.DataFrame) -> pd.DataFrame:
    s = edition.settings
    prev = edition.previous[edition.previous["indicator"] == nid].set_index("city")["rank"]
    if s.previous_edition and len(prev):
        frame["previous_rank"] = frame["city_id"].map(prev).astype("Int64")
        ranks = frame["rank"].to_numpy()
        prevs = frame["previous_rank"].astype("Float64").fillna(np.nan).to_numpy(dtype=float)
        frame["rank_change"] = (frame["previous_rank"] - frame["rank"]).astype("Int64")
        frame["change"] = [change_marker(r, p) for r, p in zip(ranks, prevs, strict=True)]
    elif s.previous_edition:
        frame["previous_rank"] = pd.array([pd.NA] * len(frame), dtype="Int64")
        frame["rank_change"] = pd.array([pd.NA] * len(frame), dtype="Int64")
        frame["change"] = ""
    if s.tiers:
        count = int(frame["rank"].notna().sum())
        frame["tier"] = [tier_of(r, count, s.tiers) if not np.isnan(r) else ""
                         for r in frame["rank"]]
    for attr in s.group_ranks:
        groups = edition.cities[attr].reindex(frame["city_id"]).to_numpy()
        ranks = np.full(len(frame), np.nan)
        for g in pd.unique(groups):
            mask = groups == g
            ranks[mask] = competition_rank(frame["score"].to_numpy()[mask], s.ties, s.precision)
        frame[f"rank_{attr}"] = pd.array(ranks, dtype="Float64").astype("Int64")
    return frame
