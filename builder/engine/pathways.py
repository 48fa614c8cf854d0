"""Pathways: the city pairs of pairs.csv scored like cities (each input normalised across pathways with the
framework's method, aggregated with its weights, levels rescaled as the edition asks) and ranked, or, for a
results-only edition, the pathway ranks of published_pairs.csv; both as the long pathway results table.

Columns, one row per pathway and scored node (preorder, then rank; ties in the order the source report lists
them, else by pair id): pair_id, city_a, city_b (names, in the results language), indicator_id, indicator, level,
score, rank; then city_a_id, city_b_id (the order in which the pathway is named: as published, else
alphabetical), and tied_with (further pathways a published table ranks equal without naming them).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..edition import Edition
from ..errors import Problem, ScoringError, problem
from .rank import competition_rank
from .score import SCORED, Plan, aggregate_tree, normalise_input

COLUMNS = ["pair_id", "city_a", "city_b", "indicator_id", "indicator", "level", "score", "rank", "city_a_id",
           "city_b_id", "tied_with"]


def pathway_inputs(edition: Edition) -> pd.DataFrame:
    """pairs x input nodes: the raw pathway values (pairs in pairs.csv order)."""
    pairs = edition.pairs
    wide = pairs.pivot(index="pair_id", columns="indicator", values="value")
    return wide.reindex(index=list(dict.fromkeys(pairs["pair_id"])), columns=edition.framework.inputs).astype(float)


def score_pathways(edition: Edition) -> pd.DataFrame:
    """pairs x scored nodes: every pathway's score at every node, by the framework's methods and weights."""
    fw = edition.framework
    raw = pathway_inputs(edition)
    x = raw.to_numpy(dtype=float)
    _check_spread(edition, raw)
    status = {nid: np.full(len(raw.index), SCORED) for nid in fw.scored}
    plan = Plan(edition, raw.index, x, x, np.zeros(x.shape, dtype=bool), status)
    columns = {nid: normalise_input(plan, nid, x[:, j])[0] for j, nid in enumerate(raw.columns)}
    aggregate_tree(plan, columns)
    return pd.DataFrame({nid: columns[nid] for nid in fw.scored}, index=raw.index)


def _check_spread(edition: Edition, raw: pd.DataFrame) -> None:
    """A normalisation that needs spread fails with a message where every pathway has the same value."""
    from ..edition.inputs import SPREAD_NEEDED

    problems: list[Problem] = []
    for nid in raw.columns:
        x = raw[nid].to_numpy(dtype=float)
        if edition.framework.nodes[nid].normalise in SPREAD_NEEDED and x.size and np.ptp(x) == 0:
            problems.append(problem("zero-variance", str(edition.path / "pairs.csv"), None, nid, value=x[0],
                                    method=edition.framework.nodes[nid].normalise))
    if problems:
        raise ScoringError(problems)


def rank_pathways(edition: Edition, scores: pd.DataFrame) -> pd.DataFrame:
    """The long pathway results table (module docstring) for computed pathway scores."""
    s = edition.settings
    matrix = scores.to_numpy(dtype=float)
    ranks = np.column_stack([competition_rank(matrix[:, j], s.ties, s.precision, s.better)
                             for j in range(matrix.shape[1])])
    n, nodes = len(scores.index), list(scores.columns)
    ends = [pid.split("~") for pid in scores.index]
    table = _long(edition, np.tile(scores.index.to_numpy(), len(nodes)), np.tile([a for a, _ in ends], len(nodes)),
                  np.tile([b for _, b in ends], len(nodes)), np.repeat(nodes, n), matrix.T.reshape(-1),
                  ranks.T.reshape(-1), np.zeros(n * len(nodes), dtype=int))
    position = np.repeat(np.arange(len(nodes)), n)
    order = np.lexsort((table["pair_id"].to_numpy(), np.nan_to_num(table["rank"].to_numpy(dtype=float),
                                                                   nan=np.inf), position))
    return _typed(table.iloc[order].reset_index(drop=True))


def published_pathways(edition: Edition) -> pd.DataFrame:
    """The long pathway results table of a results-only edition: per pathway and node the rank of the first table
    (pathways.published_tables order, else file order) that gives one; ties in the order that table lists them."""
    pub = edition.published_pairs
    if pub is None or pub.empty:
        return pd.DataFrame(columns=COLUMNS)
    tables = edition.settings.pathways.published_tables or list(dict.fromkeys(pub["table"]))
    priority = {name: i for i, name in enumerate(tables)}
    rows = pub[pub["table"].isin(priority) & pub["rank"].notna()]
    rows = rows.assign(_p=rows["table"].map(priority), _line=rows["line"]).sort_values(["_p", "_line"], kind="stable")
    rows = rows.drop_duplicates(["pair_id", "indicator"])
    fw = edition.framework
    rows = rows[rows["indicator"].isin(fw.scored)]
    node_order = {nid: i for i, nid in enumerate(fw.scored)}
    rows = rows.assign(_node=rows["indicator"].map(node_order)).sort_values(["_node", "rank", "_p", "_line"],
                                                                            kind="stable")
    table = _long(edition, rows["pair_id"].to_numpy(), rows["city_a"].to_numpy(), rows["city_b"].to_numpy(),
                  rows["indicator"].to_numpy(), rows["score"].to_numpy(dtype=float),
                  rows["rank"].to_numpy(dtype=float), _unnamed(rows))
    return _typed(table.reset_index(drop=True))


def _unnamed(rows: pd.DataFrame) -> np.ndarray:
    """Per row, the pathways that share its rank and that no published table names: on the first row of each
    shared rank, the most any table says share it (the row and its tied_with) less those the results name."""
    out = np.zeros(len(rows), dtype=int)
    for _, idx in rows.groupby(["indicator", "rank"], sort=False).indices.items():
        declared = int((rows["tied_with"].to_numpy(dtype=int)[idx] + 1).max())
        out[idx[0]] = max(0, declared - len(idx))
    return out


def _long(edition: Edition, pair_ids, a_ids, b_ids, nodes, scores, ranks, tied) -> pd.DataFrame:
    fw, s = edition.framework, edition.settings
    lang = edition.results_language
    names = edition.cities[f"name_{lang}"]
    return pd.DataFrame({
        "pair_id": pair_ids, "city_a": names.reindex(a_ids).to_numpy(), "city_b": names.reindex(b_ids).to_numpy(),
        "indicator_id": nodes,
        "indicator": ["Overall" if nid == fw.root.id else fw.nodes[nid].name(lang) for nid in nodes],
        "level": [s.levels[fw.depth[nid]].name.get(lang, str(fw.depth[nid])) for nid in nodes],
        "score": scores, "rank": ranks, "city_a_id": a_ids, "city_b_id": b_ids, "tied_with": tied,
    }, columns=COLUMNS)


def _typed(table: pd.DataFrame) -> pd.DataFrame:
    table["rank"] = pd.array(table["rank"].to_numpy(dtype=float), dtype="Float64").astype("Int64")
    table["score"] = table["score"].astype(float)
    return table


def pathway_results(edition: Edition) -> pd.DataFrame | None:
    """The pathway results of an edition that has pathways (None where it has none)."""
    if not edition.scores_pathways:
        return None
    if edition.settings.results_only:
        return published_pathways(edition)
    if edition.pairs.empty:
        raise ScoringError(problem("file-missing", str(edition.path / "pairs.csv"),
                                   expected="pathway values, which edition.yaml 'pathways' scores"))
    return rank_pathways(edition, score_pathways(edition))
