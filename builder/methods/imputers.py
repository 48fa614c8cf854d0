"""Imputation: missing values of one indicator filled in before treatment.

Each function takes x (..., units) and, for the group methods, the unit's group per unit (NaN or ""
for none); it returns x with missing values filled where it can. Values present are never changed.
The latest value of a panel (`latest:<years>`) is chosen when the values are read, see the engine.
"""

from __future__ import annotations

import numpy as np

from .registry import Registry, method
from .stats import mean as average
from .stats import median as middle

Array = np.ndarray
IMPUTERS = Registry("imputation", "missing")


def _fill(x: Array, value: Array) -> Array:
    return np.where(np.isnan(x), value, x)


@method(IMPUTERS, "mean", "The indicator's mean over the units that have a value.", "mean(x)", source="COINr i_mean")
def mean(x: Array, groups: Array | None = None) -> Array:
    return _fill(x, average(x))


@method(IMPUTERS, "median", "The indicator's median over the units that have a value.", "median(x)",
        source="COINr i_median")
def median(x: Array, groups: Array | None = None) -> Array:
    return _fill(x, middle(x))


def _by_group(x: Array, groups: Array, stat) -> Array:
    out = np.array(x, dtype=float, copy=True)
    labels = np.asarray(groups, dtype=object)
    for g in dict.fromkeys(labels.tolist()):
        if g is None or g == "" or (isinstance(g, float) and np.isnan(g)):
            continue  # a unit without a group is left as it is (COINr skip_f_na)
        idx = labels == g
        out[..., idx] = _fill(x[..., idx], stat(x[..., idx]))
    return out


@method(IMPUTERS, "group_mean", "The mean of the units in the same group (`group_mean:<city attribute>`).",
        "mean(x over the unit's group)", source="COINr i_mean_grp")
def group_mean(x: Array, groups: Array | None = None) -> Array:
    return _by_group(x, groups, average)


@method(IMPUTERS, "group_median", "The median of the units in the same group (`group_median:<city attribute>`).",
        "median(x over the unit's group)", source="COINr i_median_grp")
def group_median(x: Array, groups: Array | None = None) -> Array:
    return _by_group(x, groups, middle)
