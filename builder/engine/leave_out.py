"""Leave one out: a computed edition's ranking with one category left out, the weights of the other children of
its parent renormalised to sum to 1, and every node above aggregated again (rescaled where its level asks)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..edition import Edition
from ..methods import AGGREGATORS
from ..methods.normalisers import minmax
from .rank import competition_rank


def ranking_without(edition: Edition, scores: pd.DataFrame, left_out: str, indicator: str = "") -> pd.DataFrame:
    """Per city (rows of `scores`, cities x scored nodes) the score and rank of `indicator` (default: the overall
    index) with `left_out` dropped from the framework; columns city_id, score, rank, in rank order."""
    fw = edition.framework
    indicator = indicator or fw.root.id
    settings = edition.settings
    columns = {nid: scores[nid].to_numpy(dtype=float) for nid in scores.columns}
    nid = fw.nodes[left_out].parent
    while nid is not None:
        kids = [k for k in fw.children[nid] if k in columns and k != left_out]
        weights = np.array([fw.nodes[k].weight for k in kids], dtype=float)
        node = fw.nodes[nid]
        matrix = np.stack([columns[k] for k in kids], axis=-1)
        columns[nid] = AGGREGATORS[node.aggregate].function(matrix, weights / weights.sum(), **node.aggregate_params)
        depth = fw.depth[nid]
        rescale = settings.levels[depth].rescale if depth < len(settings.levels) else None
        if rescale is not None:
            columns[nid] = minmax(columns[nid], 1, rescale.lo, rescale.hi)
        if nid == indicator:
            break
        nid = node.parent
    out = pd.DataFrame({"city_id": scores.index, "score": columns[indicator]})
    out["rank"] = competition_rank(out["score"].to_numpy(), settings.ties, settings.precision, settings.better)
    return out.sort_values(["rank", "city_id"], kind="stable").reset_index(drop=True)
