"""How far each score can move when the inputs move within their printed rounding.

Each input value printed with d decimals may be off by half a unit of its last decimal. That error is
carried through the whole method, not added in score units: every value is moved up and down by its
half unit on its own (one scenario each, all of an input's scenarios scored in one vectorised pass
through imputation, treatment, normalisation, aggregation and rescaling), and the allowance of a score is
the sum over the inputs of the largest change each move makes to it. Moving an extreme value moves the
min-max bounds of every city, and the allowance includes that. The sum of the single effects is a first-order
bound: it is exact where scores are linear in each input (weighted means of min-max scores with the
extremes fixed), and close where they are not, since the moves are small.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..edition import Edition
from .score import aggregate_tree, ancestors, normalise_input, prepare, run

CHUNK = 4096  # scenarios scored at once (bounds memory: scenarios x cities per node)


def rounding_allowance(edition: Edition) -> pd.DataFrame:
    """cities x scored nodes: the allowance of each score (0 where the inputs' rounding is not known)."""
    plan = prepare(edition)
    fw = edition.framework
    inputs = edition.inputs
    base, _ = run(plan)
    n = len(plan.cities)
    rounding = inputs.rounding[inputs.kept]
    total = {nid: np.zeros(n) for nid in fw.scored}
    for j, nid in enumerate(inputs.nodes):
        h = np.where(plan.imputed[:, j] | np.isnan(plan.filled[:, j]), 0.0, rounding[:, j])
        moved = np.flatnonzero(h > 0)
        if not moved.size:
            continue
        affected = ancestors(fw, nid) | {nid}
        for start in range(0, moved.size, CHUNK // 2):
            units = moved[start:start + CHUNK // 2]
            scenarios = np.tile(plan.filled[:, j], (2 * units.size, 1))
            rows = np.arange(units.size)
            scenarios[rows, units] += h[units]
            scenarios[units.size + rows, units] -= h[units]
            columns = dict(base)
            columns[nid], _ = normalise_input(plan, nid, scenarios)
            aggregate_tree(plan, columns, only=affected)
            for node in affected & set(fw.scored):
                change = np.abs(np.nan_to_num(columns[node] - base[node]))
                total[node] += change.reshape(2, units.size, n).max(axis=0).sum(axis=0)
    return pd.DataFrame(total, index=plan.cities)
