"""Normalisation: treated raw values of one indicator to scores.

Each function takes x (..., units), the indicator's direction (+1: a higher raw value scores higher;
-1: reverse) and its parameters. Parameters marked as raw units (goalposts, targets, cuts) are given
as the data is: the engine passes them through the indicator's transform first. Statistics of the
data (min, max, mean) are over the units that have a value.
"""

from __future__ import annotations

import numpy as np

from .registry import Param, Registry, method
from .stats import count, highest, lowest, min_ranks, sample_sd
from .stats import mean as average

Array = np.ndarray
NORMALISERS = Registry("normalisation", "normalise")

LO = Param("lo", "score of the worst unit (or the lower end of the scale)", 0.0)
HI = Param("hi", "score of the best unit (or the upper end of the scale)", 100.0)
SCALE = Param("scale", "score of a unit at the reference point (1 gives COINr's 0-1 scale)", 100.0)
CAP = Param("cap", "1: scores beyond the reference point are capped at `scale`", 0.0, "flag")
MIRROR = "mirror image: lo + hi - score of the forward twin"


def _spread(lo: Array, hi: Array) -> Array:
    width = hi - lo
    if np.any(width[~np.isnan(width)] == 0):
        raise ZeroDivisionError("every unit has the same value")
    return width


def _onto(share: Array, lo: float, hi: float) -> Array:
    return lo + share * (hi - lo)


@method(NORMALISERS, "minmax", "Min-max: the best unit gets `hi`, the worst `lo`.",
        "lo + (x - min) / (max - min) * (hi - lo)", LO, HI, source="COINr n_minmax (l_u = c(lo, hi))",
        reverse=MIRROR)
def minmax(x: Array, direction: int = 1, lo: float = 0.0, hi: float = 100.0) -> Array:
    mn, mx = lowest(x), highest(x)
    width = _spread(mn, mx)
    share = (x - mn) / width if direction > 0 else (mx - x) / width
    return _onto(share, lo, hi)


@method(NORMALISERS, "dist2max", "Distance to the best unit; the same numbers as min-max.",
        "lo + (1 - (max - x) / (max - min)) * (hi - lo)", LO, Param("hi", HI.doc, 1.0),
        source="COINr n_dist2max", reverse=MIRROR)
def dist2max(x: Array, direction: int = 1, lo: float = 0.0, hi: float = 1.0) -> Array:
    return minmax(x, direction, lo, hi)


@method(NORMALISERS, "goalposts", "Fixed bounds (goalposts) with clipping: `min` scores `lo`, `max` scores `hi`.",
        "lo + clip((x - min) / (max - min), 0, 1) * (hi - lo)",
        Param("min", "lower goalpost, in the indicator's raw units", None, raw_units=True),
        Param("max", "upper goalpost, in the indicator's raw units", None, raw_units=True), LO, HI,
        Param("clip", "1: values beyond a goalpost score as the goalpost (COINr trunc2posts)", 1.0, "flag"),
        source="COINr n_goalposts (gposts = c(min, max, hi - lo) with lo = 0)",
        reverse="(max - x) / (max - min): the lower goalpost scores hi")
def goalposts(x: Array, direction: int = 1, min: float = 0.0, max: float = 1.0, lo: float = 0.0,
              hi: float = 100.0, clip: float = 1.0) -> Array:
    share = (x - min) / _spread(np.asarray(min, dtype=float), np.asarray(max, dtype=float))
    if direction < 0:
        share = 1.0 - share
    if clip:
        share = np.clip(share, 0.0, 1.0)
    return _onto(share, lo, hi)


@method(NORMALISERS, "scaled", "Scaled by fixed bounds without clipping (GHI: value / threshold x 100).",
        "(x - min) / (max - min) * scale",
        Param("min", "value that scores 0, in raw units", 0.0, raw_units=True),
        Param("max", "value that scores `scale`, in raw units", None, raw_units=True), SCALE,
        source="COINr n_scaled (npara = c(min, max))", reverse="(max - x) / (max - min) * scale")
def scaled(x: Array, direction: int = 1, min: float = 0.0, max: float = 1.0, scale: float = 100.0) -> Array:
    width = _spread(np.asarray(min, dtype=float), np.asarray(max, dtype=float))
    share = (x - min) / width if direction > 0 else (max - x) / width
    return share * scale


@method(NORMALISERS, "zscore", "Standard score, shifted and scaled to the given mean and standard deviation.",
        "mean + (x - mean(x)) / sd(x) * sd, sd(x) the sample standard deviation (n - 1)",
        Param("mean", "score of a unit at the mean", 0.0), Param("sd", "score points per standard deviation", 1.0),
        source="COINr n_zscore (m_sd = c(mean, sd))", reverse="mean - (x - mean(x)) / sd(x) * sd")
def zscore(x: Array, direction: int = 1, mean: float = 0.0, sd: float = 1.0) -> Array:
    s = sample_sd(x)
    if np.any(~(s > 0)):
        raise ZeroDivisionError("every unit has the same value")
    return mean + direction * (x - average(x)) / s * sd


@method(NORMALISERS, "rank", "Rank, 1 for the worst unit; ties share the lower rank (1, 2, 2, 4).",
        "rank(x, ties = min)", source="COINr n_rank", reverse="rank of -x")
def rank(x: Array, direction: int = 1) -> Array:
    return min_ranks(direction * x)


@method(NORMALISERS, "prank", "Percentile rank: the worst unit `lo`, the best `hi`; ties share the lower value.",
        "lo + (rank(x, ties = min) - 1) / (n - 1) * (hi - lo)", LO, HI, source="COINr n_prank (lo = 0, hi = 1)",
        reverse="percentile rank of -x")
def prank(x: Array, direction: int = 1, lo: float = 0.0, hi: float = 100.0) -> Array:
    n = count(x)
    if np.any(n < 2):
        raise ZeroDivisionError("fewer than two units have a value")
    return _onto((min_ranks(direction * x) - 1) / (n - 1), lo, hi)


@method(NORMALISERS, "borda", "Borda score: the number of units a unit beats (0 for the worst).",
        "rank(x, ties = min) - 1", source="COINr n_borda", reverse="Borda score of -x")
def borda(x: Array, direction: int = 1) -> Array:
    return min_ranks(direction * x) - 1


@method(NORMALISERS, "dist2ref", "Distance to a reference unit: the worst unit 0, the reference `scale`.",
        "(x - min) / (x_ref - min) * scale", Param("ref", "id of the reference unit (cities.csv)", None, "unit"),
        SCALE, CAP, source="COINr n_dist2ref (iref = the reference unit's position)",
        reverse="the same on -x: (max - x) / (max - x_ref) * scale")
def dist2ref(x: Array, direction: int = 1, ref: int = 0, scale: float = 100.0, cap: float = 0.0) -> Array:
    y = direction * x
    mn = lowest(y)
    share = (y - mn) / _spread(mn, y[..., ref:ref + 1])
    return (np.minimum(share, 1.0) if cap else share) * scale


@method(NORMALISERS, "dist2targ", "Distance to a target: the worst unit 0, a unit at the target `scale`.",
        "(x - min) / (target - min) * scale", Param("target", "the target, in raw units", None, raw_units=True),
        SCALE, CAP, source="COINr n_dist2targ", reverse="(max - x) / (max - target) * scale")
def dist2targ(x: Array, direction: int = 1, target: float = 0.0, scale: float = 100.0, cap: float = 0.0) -> Array:
    if direction > 0:
        mn = lowest(x)
        share = (x - mn) / _spread(mn, np.broadcast_to(target, mn.shape))
    else:
        mx = highest(x)
        share = (mx - x) / _spread(np.broadcast_to(target, mx.shape), mx)
    return (np.minimum(share, 1.0) if cap else share) * scale


@method(NORMALISERS, "fracmax", "Share of the best value.", "x / max * scale", SCALE, source="COINr n_fracmax",
        forward_only=True, reverse="COINr's fracmax with direction -1 gives x / min, which is not a reversal")
def fracmax(x: Array, direction: int = 1, scale: float = 100.0) -> Array:
    mx = highest(x)
    if np.any(mx == 0):
        raise ZeroDivisionError("the best value is 0")
    return x / mx * scale


@method(NORMALISERS, "bands", "Categorical bands: each unit scores the band its value falls in.",
        "scores[k] for cuts[k - 1] <= x < cuts[k]",
        Param("cuts", "band edges in raw units, ascending, separated by `|` (e.g. `10|20|30`)", None, "numbers",
              raw_units=True),
        Param("scores", "score of each band, one more than the cuts (default: equal steps from lo to hi)", (),
              "numbers"), LO, HI, source="Handbook on Constructing Composite Indicators (2008): categorical scales",
        reverse="the bands in reverse order: the lowest band scores the last score")
def bands(x: Array, direction: int = 1, cuts: tuple = (), scores: tuple = (), lo: float = 0.0,
          hi: float = 100.0) -> Array:
    k = len(cuts) + 1
    table = np.asarray(scores, dtype=float) if len(scores) else np.linspace(lo, hi, k)
    if direction < 0:
        table = table[::-1]
    idx = (np.asarray(x)[..., None] >= np.asarray(cuts, dtype=float)).sum(axis=-1)
    return np.where(np.isnan(x), np.nan, table[idx])


@method(NORMALISERS, "none", "None: the values are already scores (published scores entering above the leaves).",
        "x", source="COINr f_n = \"none\"", forward_only=True,
        reverse="the values are scores already")
def identity(x: Array, direction: int = 1) -> Array:
    return np.asarray(x, dtype=float)
