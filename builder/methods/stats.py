"""Statistics along the last axis that ignore NaN without warnings: extremes, ranks, skewness, kurtosis."""

from __future__ import annotations

import numpy as np

Array = np.ndarray


def lowest(x: Array) -> Array:
    """Smallest non-NaN value along the last axis (NaN where there is none), kept as an axis."""
    return np.fmin.reduce(x, axis=-1, keepdims=True)


def highest(x: Array) -> Array:
    return np.fmax.reduce(x, axis=-1, keepdims=True)


def count(x: Array) -> Array:
    return (~np.isnan(x)).sum(axis=-1, keepdims=True)


def mean(x: Array) -> Array:
    n = count(x)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(n > 0, np.nansum(x, axis=-1, keepdims=True) / n, np.nan)


def sample_sd(x: Array) -> Array:
    """Standard deviation with divisor n - 1 (R's sd); NaN for fewer than two values."""
    n = count(x)
    d = np.where(np.isnan(x), 0.0, x - mean(x))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(n > 1, np.sqrt((d**2).sum(axis=-1, keepdims=True) / (n - 1)), np.nan)


def median(x: Array) -> Array:
    """R's median of the non-NaN values (the mean of the two middle ones for an even count)."""
    s = np.sort(x, axis=-1)  # NaN sorts last
    n = count(x)
    lo = np.take_along_axis(s, np.maximum((n - 1) // 2, 0), axis=-1)
    hi = np.take_along_axis(s, np.minimum(n // 2, s.shape[-1] - 1), axis=-1)
    return np.where(n > 0, np.where(n % 2 == 1, lo, (lo + hi) / 2), np.nan)


def min_ranks(x: Array) -> Array:
    """R's rank(x, ties.method = "min", na.last = "keep"): 1 for the smallest, ties share the lowest
    rank of their block (1, 2, 2, 4), NaN stays NaN."""
    order = np.argsort(x, axis=-1, kind="stable")  # NaN last
    s = np.take_along_axis(x, order, axis=-1)
    pos = np.broadcast_to(np.arange(x.shape[-1]), x.shape)
    first = np.ones(x.shape, dtype=bool)
    first[..., 1:] = s[..., 1:] != s[..., :-1]
    start = np.maximum.accumulate(np.where(first, pos, 0), axis=-1)
    ranks = np.empty(x.shape)
    np.put_along_axis(ranks, order, start + 1.0, axis=-1)
    return np.where(np.isnan(x), np.nan, ranks)


def skew_kurtosis(x: Array) -> tuple[float, float]:
    """Adjusted Fisher-Pearson skewness G1 and sample excess kurtosis G2 of the non-NaN values of a
    1-D array (Excel SKEW / KURT, e1071 type 2, pandas Series.skew / kurt, COINr skew / kurt).
    NaN where they are not defined (fewer than 3 or 4 values, or no spread)."""
    v = x[~np.isnan(x)]
    n = v.size
    d = v - v.mean() if n else v
    m2 = (d**2).sum()
    if n < 3 or m2 == 0:
        return float("nan"), float("nan")
    g1 = np.sqrt(n) * (d**3).sum() / m2**1.5
    skew = g1 * np.sqrt(n * (n - 1)) / (n - 2)
    if n < 4:
        return float(skew), float("nan")
    r = n * (d**4).sum() / m2**2
    kurt = ((n + 1) * (r - 3) + 6) * (n - 1) / ((n - 2) * (n - 3))
    return float(skew), float(kurt)
