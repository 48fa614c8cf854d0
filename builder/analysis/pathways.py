"""The audit's pathway part, and the shape of rankings: each published pathway table (published_pairs.csv)
against the pathway results, and every ranking of the results checked to be a standard competition ranking
(1, 2, 2, 4: a rank is one more than the entities ranked ahead of it, those a table ranks equal without naming
them included)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..edition import Edition
from ..engine import Results
from .audit import RankDiff, TableAudit, half_unit


@dataclass(frozen=True)
class ShapeIssue:
    """A rank that a competition ranking cannot have: `ahead` entities rank ahead of it, so it should be ahead + 1."""

    kind: str       # city or pathway
    entity: str     # city id or pair id
    indicator: str
    rank: int
    ahead: int


def pathway_tables(edition: Edition, results: Results) -> list[TableAudit]:
    """One TableAudit per table of published_pairs.csv (RankDiff.city holds the pair id)."""
    pub = edition.published_pairs
    if pub is None or pub.empty or results.pathway is None:
        return []
    mine = results.pathway
    scores = mine.pivot(index="pair_id", columns="indicator_id", values="score")
    ranks = mine.pivot(index="pair_id", columns="indicator_id", values="rank").astype(float)
    shared = _shared(mine)
    return [_table(name, grp, scores, ranks, shared) for name, grp in pub.groupby("table", sort=False)]


def _shared(mine: pd.DataFrame) -> dict[tuple[str, str], int]:
    """Per pathway and indicator, how many other pathways the results rank equal (named or not)."""
    out = {}
    for (ind, _), grp in mine.groupby(["indicator_id", "rank"], sort=False):
        others = len(grp) - 1 + int(grp["tied_with"].sum())
        out |= {(pid, ind): others for pid in grp["pair_id"]}
    return out


def _table(name: str, grp: pd.DataFrame, scores: pd.DataFrame, ranks: pd.DataFrame,
           shared: dict[tuple[str, str], int]) -> TableAudit:
    beyond, diffs, largest = [], [], (0.0, None, 0.0)
    with_score = grp[grp["score"].notna()]
    for pid, ind, published, decimals in zip(with_score["pair_id"], with_score["indicator"], with_score["score"],
                                             with_score["decimals"], strict=True):
        got = _at(scores, pid, ind)
        allowed = half_unit(decimals) + 1e-9
        diff = abs(got - published) if not np.isnan(got) else np.inf
        if np.isfinite(diff) and diff >= largest[0]:
            largest = (diff, (pid, ind), allowed)
        if diff > allowed:
            beyond.append((pid, ind, published, got, allowed))
    ranked = grp[grp["rank"].notna()]
    for pid, ind, published, tied in zip(ranked["pair_id"], ranked["indicator"], ranked["rank"].astype(int),
                                         ranked["tied_with"], strict=True):
        got = _at(ranks, pid, ind)
        if np.isnan(got):
            diffs.append(RankDiff(pid, ind, published, None, False))
        elif int(got) != published:
            diffs.append(RankDiff(pid, ind, published, int(got), False))
        elif tied and shared.get((pid, ind), 0) != tied:  # "Moscow–Chengdu, etc.": the tie's size is published too
            diffs.append(RankDiff(pid, ind, published, int(got), False,
                                  f"ranked equal with {tied} others in the table, {shared.get((pid, ind), 0)} in the "
                                  "results"))
    return TableAudit(table=name, compared=len(with_score), descriptive=0, max_diff=largest[0],
                      max_where=largest[1], tolerance_there=largest[2], beyond=beyond, ranks_compared=len(ranked),
                      rank_diffs=diffs, kind="pathway")


def _at(frame: pd.DataFrame, row: str, col: str) -> float:
    if row not in frame.index or col not in frame.columns:
        return np.nan
    value = frame.at[row, col]
    return np.nan if pd.isna(value) else float(value)


def ranking_shape(results: Results) -> list[ShapeIssue]:
    """Every rank of every kind's results that is not the count of entities ahead of it plus one."""
    issues = []
    for kind, frame in results.kinds.items():
        key = frame.columns[0]
        tied = frame["tied_with"] if "tied_with" in frame.columns else pd.Series(0, index=frame.index)
        for ind, grp in frame.assign(_tied=tied.fillna(0).astype(int)).groupby("indicator_id", sort=False):
            ranked = grp[grp["rank"].notna()]
            r = ranked["rank"].to_numpy(dtype=int)
            weight = 1 + ranked["_tied"].to_numpy(dtype=int)
            for entity, rank in zip(ranked[key], r, strict=True):
                ahead = int(weight[r < rank].sum())
                if rank != ahead + 1:
                    issues.append(ShapeIssue(kind, entity, ind, int(rank), ahead))
    return issues
