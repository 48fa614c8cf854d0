"""Treatment: raw values of one indicator transformed before normalisation.

Every transform first clamps the raw values to [floor, cap] where those are given, then transforms
them. It returns the treated values, the same mapping for bounds given in raw units (goalposts,
targets), and for outlier treatment a record of what was treated.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from .registry import Param, Registry, method
from .stats import highest, lowest, skew_kurtosis

Array = np.ndarray
TRANSFORMS = Registry("treatment", "transform")

FLOOR = Param("floor", "raw values below are raised to it before the transform", -math.inf)
CAP = Param("cap", "raw values above are lowered to it before the transform", math.inf)


@dataclass(frozen=True)
class Treatment:
    """What outlier treatment did to one indicator (COINr Treat's Dets_Table row and Treated_Points)."""

    skew: float  # before
    kurtosis: float
    failed: bool  # the skewness-and-kurtosis rule failed before treatment
    winsorised: int = 0  # points moved (nwin)
    skew_after: float = math.nan
    kurtosis_after: float = math.nan
    fallback: str = ""  # the transform used when winsorising did not pass, or ""
    passes: bool = True  # the rule passes on the treated values
    marks: tuple[str, ...] = ()  # per unit: "" untreated, "high", "low", or the fallback's name

    @property
    def outcome(self) -> str:
        if not self.failed and not self.winsorised:  # force moves points where the rule passed
            return "untreated"
        return self.fallback or "winsorised"


@dataclass(frozen=True)
class Treated:
    values: Array
    bounds: Callable[[object], object]  # the same transform for values given in raw units
    record: Treatment | None = None
    extra: dict = field(default_factory=dict)


def _clamp(x: Array, floor: float, cap: float) -> Array:
    return np.clip(x, floor, cap) if (floor > -math.inf or cap < math.inf) else x


def _pointwise(fn: Callable[[Array], Array], x: Array, floor: float, cap: float) -> Treated:
    def bounds(b: object) -> object:
        return fn(_clamp(np.asarray(b, dtype=float), floor, cap))
    return Treated(fn(_clamp(x, floor, cap)), bounds)


def _log_invalid(x: Array, a: float = 0.0, floor: float = -math.inf, cap: float = math.inf, **_: object) -> Array:
    return ~(_clamp(x, floor, cap) + a > 0)


@method(TRANSFORMS, "log", "Natural logarithm, with an optional shift.", "ln(x + a)",
        Param("a", "shift added before the logarithm", 0.0), FLOOR, CAP,
        source="COINr Treat f2 = \"log\"; Handbook: log transformation", invalid=_log_invalid,
        domain="x + a > 0")
def log(x: Array, a: float = 0.0, floor: float = -math.inf, cap: float = math.inf) -> Treated:
    return _pointwise(lambda v: np.log(v + a), x, floor, cap)


def _power_invalid(x: Array, p: float = 1.0, floor: float = -math.inf, cap: float = math.inf, **_: object) -> Array:
    v = _clamp(x, floor, cap)
    return (v < 0) if p != int(p) else (v == 0) if p < 0 else np.zeros(v.shape, dtype=bool)


@method(TRANSFORMS, "power", "Power (p = 0.5: square root).", "x ^ p", Param("p", "the exponent", None), FLOOR, CAP,
        source="Handbook: power transformation", invalid=_power_invalid,
        domain="x >= 0 for a fractional p, x != 0 for a negative p")
def power(x: Array, p: float = 1.0, floor: float = -math.inf, cap: float = math.inf) -> Treated:
    return _pointwise(lambda v: np.power(v, p), x, floor, cap)


@method(TRANSFORMS, "clamp", "Clamping only: values outside [floor, cap] are moved to the nearer end.",
        "min(max(x, floor), cap)", FLOOR, CAP)
def clamp(x: Array, floor: float = -math.inf, cap: float = math.inf) -> Treated:
    return _pointwise(lambda v: v, x, floor, cap)


def log_ct_map(x: Array) -> Callable[[object], object]:
    """COINr's log_CT fitted to x: log(v - min + 0.01 (max - min)), min and max of x."""
    mn, mx = lowest(x), highest(x)
    return lambda v: np.log(np.asarray(v, dtype=float) - mn + 0.01 * (mx - mn))


@method(TRANSFORMS, "log_ct", "COIN Tool logarithm: the minimum maps to log(1% of the range).",
        "ln(x - min + 0.01 (max - min))", FLOOR, CAP, source="COINr log_CT")
def log_ct(x: Array, floor: float = -math.inf, cap: float = math.inf) -> Treated:
    v = _clamp(x, floor, cap)
    fitted = log_ct_map(v)
    return Treated(fitted(v), lambda b: fitted(_clamp(np.asarray(b, dtype=float), floor, cap)))


def fails(skew: float, kurt: float, skew_limit: float, kurt_limit: float) -> bool:
    """COINr check_SkewKurt failing: |skew| >= skew_limit and kurtosis >= kurt_limit. Where either is not
    defined (too few values, no spread) the check passes or is undecided, and COINr leaves the values as
    they are."""
    return bool(abs(skew) >= skew_limit and kurt >= kurt_limit)  # NaN compares False


def winsorise_points(x: Array, winmax: float, skew_limit: float, kurt_limit: float,
                     force: bool = False) -> tuple[Array, int, list[str]]:
    """COINr winsorise() on a 1-D array: while the rule fails, every point equal to the current
    extreme on the side of the skew takes the next value inward; at most `winmax` points (checked
    before each step, so tied points can overshoot it). Returns values, points moved, marks."""
    y = x.astype(float).copy()
    ok = ~np.isnan(y)
    high = np.zeros(y.shape, dtype=bool)
    low = np.zeros(y.shape, dtype=bool)
    moved = 0
    while moved < winmax:
        s, k = skew_kurtosis(y)
        if not force and not fails(s, k, skew_limit, kurt_limit):
            break
        side = high if not s < 0 else low
        edge = np.nanmax(y) if side is high else np.nanmin(y)
        at = ok & (y == edge)
        rest = y[ok & ~at]
        if not rest.size:
            break
        y[at] = rest.max() if side is high else rest.min()
        side |= at
        moved = int(high.sum() + low.sum())
    marks = ["high" if h else "low" if lo else "" for h, lo in zip(high, low, strict=True)]
    return y, moved, marks


def _treat_row(x: Array, winmax: float, skew: float, kurtosis: float, fallback: str,
               force: float) -> tuple[Array, Callable, Treatment]:
    s0, k0 = skew_kurtosis(x)
    failed = fails(s0, k0, skew, kurtosis)
    if not failed and not force:
        return x, lambda b: b, Treatment(s0, k0, False, skew_after=s0, kurtosis_after=k0)
    n = int((~np.isnan(x)).sum())
    limit = math.floor(-winmax * n) if winmax < 0 else winmax  # negative: a share of the units
    y, moved, marks = winsorise_points(x, limit, skew, kurtosis, bool(force))
    s1, k1 = skew_kurtosis(y)
    if not fails(s1, k1, skew, kurtosis) or fallback == "none":
        return y, lambda b: b, Treatment(s0, k0, failed, moved, s1, k1, "", not fails(s1, k1, skew, kurtosis),
                                         tuple(marks))
    fitted = log_ct_map(x)  # COINr applies the fallback to the original values
    z = fitted(x)
    s2, k2 = skew_kurtosis(z)
    marks2 = tuple("log_ct" if ok else "" for ok in ~np.isnan(x))
    return z, fitted, Treatment(s0, k0, failed, moved, s2, k2, "log_ct", not fails(s2, k2, skew, kurtosis), marks2)


@method(TRANSFORMS, "winsorise",
        "Outlier treatment as COINr's Treat: winsorise while the skewness-and-kurtosis rule fails, "
        "then fall back to log_ct on the original values if it still fails.",
        "while |skew| >= skew and kurtosis >= kurtosis and moved < winmax: every point at the extreme on the side "
        "of the skew takes the next value inward",
        Param("winmax", "most points to move: a count (5 is the default of COINr's code), or a share of the units "
                        "written as a percentage (`10%`: a tenth of the units, rounded down)", 5.0, "count"),
        Param("skew", "absolute skewness at or above which the rule can fail", 2.0),
        Param("kurtosis", "excess kurtosis at or above which the rule can fail", 3.5),
        Param("fallback", "transform of the original values when winsorising does not pass", "log_ct", "choice",
              choices=("log_ct", "none")),
        Param("force", "1: move winmax points even where the rule passes (COINr force_win)", 0.0, "flag"),
        FLOOR, CAP, source="COINr Treat (winsorise, check_SkewKurt, log_CT)")
def winsorise(x: Array, winmax: float = 5.0, skew: float = 2.0, kurtosis: float = 3.5, fallback: str = "log_ct",
              force: float = 0.0, floor: float = -math.inf, cap: float = math.inf) -> Treated:
    v = _clamp(np.asarray(x, dtype=float), floor, cap)
    rows = v.reshape(-1, v.shape[-1])
    out, maps, records = [], [], []
    for row in rows:
        y, fitted, record = _treat_row(row, winmax, skew, kurtosis, fallback, force)
        out.append(y)
        maps.append(fitted)
        records.append(record)
    values = np.stack(out).reshape(v.shape)

    def bounds(b: object) -> object:  # a scalar bound: one per row, shaped to broadcast against the rows
        b = _clamp(np.asarray(b, dtype=float), floor, cap)
        mapped = np.array([np.asarray(m(b), dtype=float).reshape(()) for m in maps])
        return mapped.reshape(()) if v.ndim == 1 else mapped.reshape(*v.shape[:-1], 1)
    return Treated(values, bounds, records[0])
