"""Registries of scoring methods: transforms, normalisations and aggregations over numpy arrays.

Every function is pure. Missing values are NaN and stay NaN. Normalisations take the
indicator's direction (+1 or -1) and map a reverse indicator onto the mirror image of its
forward twin: reverse(x) == lo + hi - forward(x).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

Array = np.ndarray


# ---- transforms (raw values -> treated raw values) ----------------------------------------

def log(x: Array, **_: float) -> Array:
    """Natural logarithm; values must be > 0."""
    return np.log(x)


def log1p(x: Array, **_: float) -> Array:
    """log(1 + x), for counts that may be zero; values must be > -1."""
    return np.log1p(x)


def skew_kurtosis(x: Array) -> tuple[float, float]:
    """Sample skewness and excess kurtosis (the bias-corrected estimators pandas uses)."""
    v = x[~np.isnan(x)]
    n = v.size
    if n < 4:
        return 0.0, 0.0
    d = v - v.mean()
    m2, m3, m4 = (d**2).mean(), (d**3).mean(), (d**4).mean()
    if m2 == 0:
        return 0.0, 0.0
    g1 = m3 / m2**1.5
    skew = np.sqrt(n * (n - 1)) / (n - 2) * g1
    g2 = m4 / m2**2 - 3
    kurt = (n - 1) / ((n - 2) * (n - 3)) * ((n + 1) * g2 + 6)
    return float(skew), float(kurt)


def winsorise(x: Array, skew: float = 2.0, kurtosis: float = 3.5, max_points: float = 5) -> Array:
    """Winsorise outliers while |skewness| > skew and excess kurtosis > kurtosis.

    Each step replaces the most extreme value on the side of the skew with the next value
    inward (COIN / JRC practice), at most `max_points` values in all.
    """
    y = x.astype(float).copy()
    for _ in range(int(max_points)):
        s, k = skew_kurtosis(y)
        if not (abs(s) > skew and k > kurtosis):
            break
        finite = np.where(~np.isnan(y))[0]
        order = finite[np.argsort(y[finite], kind="stable")]
        if s > 0:
            y[order[-1]] = y[order[-2]]
        else:
            y[order[0]] = y[order[1]]
    return y


TRANSFORMS: dict[str, Callable[..., Array]] = {
    "log": log,
    "log1p": log1p,
    "winsorise": winsorise,
}


# ---- normalisations (treated raw values -> scores) ------------------------------------------

def minmax(x: Array, direction: int = 1, lo: float = 0.0, hi: float = 100.0) -> Array:
    """Min-max onto [lo, hi]: the best city gets hi, the worst lo."""
    mn, mx = np.nanmin(x), np.nanmax(x)
    if mx == mn:
        raise ZeroDivisionError("zero variance")
    share = (x - mn) / (mx - mn) if direction > 0 else (mx - x) / (mx - mn)
    return lo + share * (hi - lo)


def goalposts(
    x: Array, direction: int = 1, min: float = 0.0, max: float = 1.0,
    lo: float = 0.0, hi: float = 100.0,
) -> Array:
    """Fixed bounds [min, max] with clipping, then onto [lo, hi]."""
    share = (np.clip(x, min, max) - min) / (max - min)
    if direction < 0:
        share = 1.0 - share
    return lo + share * (hi - lo)


def zscore(x: Array, direction: int = 1, mean: float = 0.0, sd: float = 1.0) -> Array:
    """Standard score, shifted and scaled to the given mean and standard deviation."""
    s = np.nanstd(x, ddof=1)
    if not s > 0:
        raise ZeroDivisionError("zero variance")
    z = (x - np.nanmean(x)) / s
    return mean + direction * z * sd


def percentile(x: Array, direction: int = 1, lo: float = 0.0, hi: float = 100.0) -> Array:
    """Percentile rank onto [lo, hi]: (rank - 1) / (n - 1), ties get their average rank."""
    ok = ~np.isnan(x)
    n = int(ok.sum())
    out = np.full(x.shape, np.nan)
    if n < 2:
        raise ZeroDivisionError("fewer than two values")
    v = x[ok] if direction > 0 else -x[ok]
    out[ok] = lo + (average_ranks(v) - 1) / (n - 1) * (hi - lo)
    return out


def average_ranks(v: Array) -> Array:
    """Ascending ranks 1..n with ties sharing the mean of their positions."""
    order = np.argsort(v, kind="stable")
    sorted_v = v[order]
    first = np.r_[True, sorted_v[1:] != sorted_v[:-1]]
    group = np.cumsum(first) - 1
    starts = np.flatnonzero(first)
    ends = np.r_[starts[1:], v.size]
    mean_rank = (starts + ends + 1) / 2.0
    ranks = np.empty(v.size)
    ranks[order] = mean_rank[group]
    return ranks


def identity(x: Array, direction: int = 1) -> Array:
    """Values that are already scores (published scores entering above the leaves)."""
    return x.astype(float)


NORMALISERS: dict[str, Callable[..., Array]] = {
    "minmax": minmax,
    "goalposts": goalposts,
    "zscore": zscore,
    "percentile": percentile,
    "none": identity,
}

NORMALISER_PARAMS: dict[str, set[str]] = {
    "minmax": {"lo", "hi"},
    "goalposts": {"min", "max", "lo", "hi"},
    "zscore": {"mean", "sd"},
    "percentile": {"lo", "hi"},
    "none": set(),
}

NORMALISER_REQUIRED: dict[str, tuple[str, ...]] = {"goalposts": ("min", "max")}
"""Parameters a method cannot do without (goalposts without bounds would score every city alike)."""


# ---- aggregations (children's scores, weights -> parent score) ------------------------------

def _available(scores: Array, weights: Array) -> tuple[Array, Array]:
    """Weights per city over the children that have a score (re-weighting over the rest)."""
    have = ~np.isnan(scores)
    w = np.where(have, weights, 0.0)
    total = w.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return w / total[:, None], total


def arithmetic(scores: Array, weights: Array) -> Array:
    """Weighted arithmetic mean per row (city) of a cities x children matrix."""
    w, total = _available(scores, weights)
    out = np.nansum(scores * w, axis=1)
    return np.where(total > 0, out, np.nan)


def geometric(scores: Array, weights: Array) -> Array:
    """Weighted geometric mean; scores must be > 0."""
    w, total = _available(scores, weights)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.exp(np.nansum(np.log(scores) * w, axis=1))
    return np.where(total > 0, out, np.nan)


def harmonic(scores: Array, weights: Array) -> Array:
    """Weighted harmonic mean; scores must be > 0."""
    w, total = _available(scores, weights)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = 1.0 / np.nansum(w / scores, axis=1)
    return np.where(total > 0, out, np.nan)


AGGREGATORS: dict[str, Callable[[Array, Array], Array]] = {
    "arithmetic": arithmetic,
    "geometric": geometric,
    "harmonic": harmonic,
}

def rescale_minmax(x: Array, lo: float, hi: float) -> Array:
    """Level rescaling: best city hi, last lo (IEC maps every level onto [60, 100])."""
    return minmax(x, 1, lo=lo, hi=hi)
