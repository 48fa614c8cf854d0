"""Computed inputs: an input indicator defined from raw variables of values.csv in framework.csv's
`compute` column, e.g. `ratio(gdp, population)` or `growth(gdp, 5)`, so that nothing is worked out
in a spreadsheet first.

Each function takes a Panel (the raw variables by unit and year) and the expression's arguments,
and returns one value per unit (NaN where an operand is missing).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .registry import Param, Registry, method

Array = np.ndarray
COMPUTED = Registry("computed input", "compute")


@dataclass(frozen=True)
class Panel:
    """Raw variables: per variable a units x years matrix (NaN where no value), years ascending.

    `year` is the reference year; `max_age` how many years before it a value may be from.
    An edition without years has the single year `year`.
    """

    years: Array
    values: dict[str, Array]
    year: int
    max_age: int = 0

    def latest(self, var: str, year: int | None = None, max_age: int | None = None) -> tuple[Array, Array]:
        """Per unit the latest value at or before `year` (default: the reference year) and no older
        than `max_age` years, and the year it is from (NaN where there is none)."""
        year = self.year if year is None else year
        age = self.max_age if max_age is None else max_age
        m = self.values[var]
        usable = (self.years <= year) & (self.years >= year - age)
        have = ~np.isnan(m) & usable[None, :]
        last = np.where(have.any(axis=1), m.shape[1] - 1 - np.argmax(have[:, ::-1], axis=1), -1)
        rows = np.arange(m.shape[0])
        value = np.where(last >= 0, m[rows, np.maximum(last, 0)], np.nan)
        when = np.where(last >= 0, self.years[np.maximum(last, 0)].astype(float), np.nan)
        return value, when

    def window(self, var: str, span: int) -> tuple[Array, Array]:
        """Values of the years from the reference year minus `span` to the reference year."""
        keep = (self.years <= self.year) & (self.years >= self.year - span)
        return self.values[var][:, keep], self.years[keep].astype(float)


VAR_A = Param("a", "a raw variable (an indicator id of values.csv)", None, "unit")
VAR_B = Param("b", "a raw variable", None, "unit")
SPAN = Param("years", "number of years back from the reference year", None, "count")


@method(COMPUTED, "ratio", "a divided by b (0 in b gives a missing value).", "a / b", VAR_A, VAR_B)
def ratio(panel: Panel, a: str, b: str) -> Array:
    x, y = panel.latest(a)[0], panel.latest(b)[0]
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(y == 0, np.nan, x / np.where(y == 0, 1.0, y))


@method(COMPUTED, "product", "a times b.", "a * b", VAR_A, VAR_B)
def product(panel: Panel, a: str, b: str) -> Array:
    return panel.latest(a)[0] * panel.latest(b)[0]


@method(COMPUTED, "difference", "a minus b.", "a - b", VAR_A, VAR_B)
def difference(panel: Panel, a: str, b: str) -> Array:
    return panel.latest(a)[0] - panel.latest(b)[0]


@method(COMPUTED, "growth", "Compound annual growth rate of a over the last `years` years, in percent.",
        "100 * ((a[t] / a[t - years]) ^ (1 / years) - 1)", VAR_A, SPAN)
def growth(panel: Panel, a: str, years: int) -> Array:
    end, _ = panel.latest(a, max_age=0)
    start, _ = panel.latest(a, panel.year - int(years), max_age=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = 100.0 * (np.power(end / start, 1.0 / years) - 1.0)
    return np.where((start > 0) & (end >= 0), rate, np.nan)


@method(COMPUTED, "trend", "Least-squares slope of a per year over the last `years` years (at least two values).",
        "slope of a regressed on the year, over the years t - years .. t that have a value", VAR_A, SPAN)
def trend(panel: Panel, a: str, years: int) -> Array:
    m, t = panel.window(a, int(years))
    have = ~np.isnan(m)
    n = have.sum(axis=1)
    tt = np.where(have, t[None, :], 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        tm = tt.sum(axis=1) / n
        xm = np.where(have, m, 0.0).sum(axis=1) / n
        dt = np.where(have, t[None, :] - tm[:, None], 0.0)
        dx = np.where(have, m - xm[:, None], 0.0)
        slope = (dt * dx).sum(axis=1) / (dt**2).sum(axis=1)
    return np.where(n >= 2, slope, np.nan)
