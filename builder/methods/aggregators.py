"""Aggregation: the children's scores of a parent, weighted, to the parent's score.

Each function takes scores (..., units, children) and weights (children,) or (..., children) and
returns (..., units). A child without a score (NaN) is left out and the weights of the others are
rescaled to sum to one (COINr's a_amean); whether a unit with missing children is scored at all is the
parent's missing rule, applied by the engine.
"""

from __future__ import annotations

import numpy as np

from .registry import Param, Registry, method

Array = np.ndarray
AGGREGATORS = Registry("aggregation", "aggregate")


def _shares(scores: Array, weights: Array) -> tuple[Array, Array]:
    """Weights per unit over the children that have a score, summing to one; and which units have any."""
    w = np.where(np.isnan(scores), 0.0, np.asarray(weights, dtype=float)[..., None, :])
    total = w.sum(axis=-1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        return w / total, total[..., 0] > 0


@method(AGGREGATORS, "arithmetic", "Weighted arithmetic mean.", "sum(w x) / sum(w)", source="COINr a_amean")
def arithmetic(scores: Array, weights: Array) -> Array:
    w, some = _shares(scores, weights)
    return np.where(some, np.nansum(scores * w, axis=-1), np.nan)


def _positive(scores: Array, what: str) -> None:
    if (scores[~np.isnan(scores)] <= 0).any():
        raise ValueError(f"{what} needs scores above 0")


@method(AGGREGATORS, "geometric", "Weighted geometric mean; scores must be above 0.", "exp(sum(w ln x) / sum(w))",
        source="COINr a_gmean")
def geometric(scores: Array, weights: Array) -> Array:
    _positive(scores, "a geometric mean")
    w, some = _shares(scores, weights)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(some, np.exp(np.nansum(np.log(scores) * w, axis=-1)), np.nan)


@method(AGGREGATORS, "harmonic", "Weighted harmonic mean; scores must be above 0.", "sum(w) / sum(w / x)",
        source="COINr a_hmean (which refuses 0 only; negative scores are refused here too)")
def harmonic(scores: Array, weights: Array) -> Array:
    _positive(scores, "a harmonic mean")
    w, some = _shares(scores, weights)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(some, 1.0 / np.nansum(w / scores, axis=-1), np.nan)


@method(AGGREGATORS, "genmean", "Weighted generalised (power) mean; children without a score are left out.",
        "(sum(w x^p) / sum(w))^(1/p)", Param("p", "the power (1: arithmetic, -1: harmonic; 0 is refused: use "
                                                  "geometric)", None),
        source="COINr a_genmean as documented (its code gives NA when any child is missing)")
def genmean(scores: Array, weights: Array, p: float = 1.0) -> Array:
    if p == 0:
        raise ValueError("a power mean with p = 0 is the geometric mean")
    if p < 0 or p != int(p):
        _positive(scores, f"a power mean with p = {p:g}")
    w, some = _shares(scores, weights)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(some, np.nansum(w * np.power(scores, p), axis=-1) ** (1.0 / p), np.nan)


@method(AGGREGATORS, "copeland", "Copeland: pairwise majority over the children (non-compensatory); the score is "
        "the number of units a unit outranks minus the number that outrank it.",
        "sum over other units of sign(O[i,j] - 1/2), O[i,j] = sum of the weights of the children where i beats j, "
        "plus half of those where they tie", source="COINr a_copeland (by_df = TRUE)")
def copeland(scores: Array, weights: Array) -> Array:
    w = np.asarray(weights, dtype=float)
    w = w / w.sum(axis=-1, keepdims=True)
    x = scores[..., :, None, :]
    y = scores[..., None, :, :]
    ww = w[..., None, None, :]
    outrank = ((x > y) * ww).sum(axis=-1) + 0.5 * ((x == y) * ww).sum(axis=-1)
    n = scores.shape[-2]
    diag = np.eye(n, dtype=bool)
    votes = np.where(diag, 0.0, np.sign(outrank - 0.5))
    return votes.sum(axis=-1)
