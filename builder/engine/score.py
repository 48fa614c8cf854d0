"""Scoring: an edition's input values turned into a score per city for every scored node."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..edition import Edition, EditionSettings, Framework
from ..errors import ScoringError, problem
from ..methods import AGGREGATORS, NORMALISERS, TRANSFORMS, rescale_minmax


def score(edition: Edition) -> pd.DataFrame:
    """Scores of every city (rows, cities.csv order) for every scored node (columns, preorder)."""
    fw = edition.framework
    raw = input_matrix(edition)
    columns = {nid: normalise_input(edition, nid, raw[nid].to_numpy(dtype=float))
               for nid in fw.inputs}
    aggregate_tree(fw, edition.settings, columns)
    return pd.DataFrame({nid: columns[nid] for nid in fw.scored}, index=raw.index)


def input_matrix(edition: Edition) -> pd.DataFrame:
    """values.csv pivoted to cities x input nodes, NaN where a value is missing."""
    v = edition.values
    wide = v.pivot(index="city", columns="indicator", values="value") if len(v) else pd.DataFrame()
    return wide.reindex(index=edition.cities.index, columns=edition.framework.inputs).astype(float)


def normalise_input(edition: Edition, nid: str, x: np.ndarray) -> np.ndarray:
    """Denominator, imputation, transform, then normalisation of one input node."""
    node = edition.framework.nodes[nid]
    if node.denominator:
        x = x / pd.to_numeric(edition.cities[node.denominator]).to_numpy(dtype=float)
    if node.missing.startswith("group_mean:"):
        x = impute_group_mean(x, edition.cities[node.missing.split(":", 1)[1]].to_numpy())
    if node.transform:
        x = TRANSFORMS[node.transform](x)
    try:
        return NORMALISERS[node.normalise](x, node.direction, **node.normalise_params)
    except ZeroDivisionError as exc:
        raise ScoringError(problem("score-normalise", "framework.csv", node.line, nid, error=str(exc),
                                   expected=f"values that {node.normalise} can normalise")) from None


def impute_group_mean(x: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Replace missing values by the mean of the cities in the same group."""
    s = pd.Series(x)
    means = s.groupby(groups).transform("mean").to_numpy()
    return np.where(np.isnan(x), means, x)


def aggregate_tree(fw: Framework, settings: EditionSettings,
                   columns: dict[str, np.ndarray]) -> None:
    """Fill in every parent above the inputs, deepest level first, rescaling each level."""
    by_depth: dict[int, list[str]] = {}
    for nid in fw.scored:
        by_depth.setdefault(fw.depth[nid], []).append(nid)
    for depth in sorted(by_depth, reverse=True):
        for nid in by_depth[depth]:
            kids = fw.computed_children(nid)
            if kids:
                columns[nid] = aggregate_node(fw, nid, kids, columns)
        rescale = settings.levels[depth].rescale
        if rescale is not None:
            for nid in by_depth[depth]:
                try:
                    columns[nid] = rescale_minmax(columns[nid], rescale.lo, rescale.hi)
                except ZeroDivisionError:
                    raise ScoringError(problem("score-zero-spread", "edition.yaml", None, nid, node=nid,
                                               depth=depth, lo=rescale.lo, hi=rescale.hi)) from None


def aggregate_node(fw: Framework, nid: str, kids: list[str],
                   columns: dict[str, np.ndarray]) -> np.ndarray:
    node = fw.nodes[nid]
    matrix = np.column_stack([columns[k] for k in kids])
    weights = np.array([fw.nodes[k].weight for k in kids], dtype=float)
    if node.aggregate in ("geometric", "harmonic") and (matrix[~np.isnan(matrix)] <= 0).any():
        raise ScoringError(problem("score-not-positive", "framework.csv", node.line, nid,
                                   method=node.aggregate))
    return AGGREGATORS[node.aggregate](matrix, weights)
