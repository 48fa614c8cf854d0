"""The inputs as the engine scores them, assembled from values.csv and checked: per city and input node the
value of the reference year (or the latest within the allowed age), computed inputs worked out from their raw
variables, denominators divided out, `n/a` kept apart from missing, and cities screened by data coverage.

Problems found here are data problems (a value missing where the rule is error, a value outside its
transform's domain, an indicator every city shares); they go with the other validation problems.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import Problem, hint, problem, quote
from ..methods import COMPUTED, NORMALISERS, TRANSFORMS
from ..methods.computed import Panel
from .cells import number
from .framework import Framework, Node
from .settings import EditionSettings

SPREAD_NEEDED = ("minmax", "dist2max", "zscore", "prank")
SHOWN_CITIES = 8


@dataclass(frozen=True)
class Inputs:
    """cities x input nodes, in cities.csv and framework order (screened-out cities included, see `kept`)."""

    cities: pd.Index
    nodes: list[str]
    raw: np.ndarray         # value after denomination; NaN where missing or not applicable
    applicable: np.ndarray  # False where values.csv says n/a
    year: np.ndarray        # the year each value is from (NaN: none, or values.csv has no years)
    rounding: np.ndarray    # half a unit of the last printed decimal, after denomination (0: unknown)
    kept: np.ndarray        # per city: kept by screening
    coverage: np.ndarray    # per city: share of applicable inputs with a value, before imputation
    has_years: bool
    reference_year: int

    def column(self, nid: str) -> int:
        return self.nodes.index(nid)

    @property
    def screened(self) -> pd.DataFrame:
        """The cities screening drops: city, coverage."""
        out = ~self.kept
        return pd.DataFrame({"city": self.cities[out], "coverage": self.coverage[out]})


@dataclass(frozen=True)
class Where:
    """File names for messages."""

    values: str
    cities: str
    framework: str
    settings: str


def assemble(fw: Framework, settings: EditionSettings, cities: pd.DataFrame, city_lines: dict[str, int],
             values: pd.DataFrame, where: Where, problems: list[Problem]) -> Inputs:
    """The Inputs of an edition whose files are valid one by one, with every problem of their combination."""
    nodes = list(fw.inputs)
    index = cities.index
    ref = settings.data_year or settings.year
    has_years = bool(values["year"].notna().any()) if len(values) else False
    shape = (len(index), len(nodes))
    raw, applicable = np.full(shape, np.nan), np.ones(shape, dtype=bool)
    year, rounding, lines = np.full(shape, np.nan), np.zeros(shape), np.zeros(shape)
    ages = {nid: _age(fw.nodes[nid], settings) for nid in nodes}
    chosen = _latest(values, ref, ages, has_years)
    for j, nid in enumerate(nodes):
        node = fw.nodes[nid]
        if node.compute:
            raw[:, j], applicable[:, j] = _computed(node, values, index, ref, ages[nid], has_years, where, problems)
            continue
        rows = chosen[chosen["indicator"] == nid]
        pos = index.get_indexer(rows["city"])
        raw[pos, j] = rows["value"].to_numpy(dtype=float)
        applicable[pos, j] = ~rows["na"].to_numpy(dtype=bool)
        year[pos, j] = rows["year"].to_numpy(dtype=float) if has_years else np.nan
        rounding[pos, j] = [0.0 if math.isnan(d) else 0.5 * 10.0 ** -d for d in rows["decimals"]]
        lines[pos, j] = rows["line"].to_numpy(dtype=float)
    for j, nid in enumerate(nodes):
        den = _denominator(fw.nodes[nid], cities, city_lines, where, problems)
        if den is not None:
            with np.errstate(divide="ignore", invalid="ignore"):
                raw[:, j] = raw[:, j] / den
                rounding[:, j] = rounding[:, j] / np.abs(den)
    kept, coverage = _screen(settings, index, raw, applicable, where, problems)
    inputs = Inputs(index, nodes, raw, applicable, year, rounding, kept, coverage, has_years, ref)
    present = set(values["indicator"])
    incomplete = {nid for nid in nodes if fw.nodes[nid].compute and not
                  {str(a) for k, a in fw.nodes[nid].compute[1].items() if k in ("a", "b")} <= present}
    _check(fw, cities, inputs, lines, ages, where, problems, incomplete)
    return inputs


def _age(node: Node, settings: EditionSettings) -> int:
    return node.missing.max_age if node.missing.max_age is not None else settings.max_age


def _latest(values: pd.DataFrame, ref: int, ages: dict[str, int], has_years: bool) -> pd.DataFrame:
    """Per city and indicator the row of the latest year within the indicator's age that has a value or n/a."""
    v = values[values["value"].notna() | values["na"]]
    if not has_years:
        return v
    age = ref - v["year"]
    limit = v["indicator"].map(ages).fillna(0)
    v = v[(age >= 0) & (age <= limit)]
    return v.sort_values("year", kind="stable").drop_duplicates(["city", "indicator"], keep="last")


def _computed(node: Node, values: pd.DataFrame, index: pd.Index, ref: int, age: int, has_years: bool,
              where: Where, problems: list[Problem]) -> tuple[np.ndarray, np.ndarray]:
    name, args = node.compute
    variables = [str(args[k]) for k in ("a", "b") if k in args]
    years = np.array(sorted(set(values["year"].dropna().astype(int)))) if has_years else np.array([ref])
    matrices, na = {}, np.zeros(len(index), dtype=bool)
    for var in variables:
        rows = values[values["indicator"] == var]
        if rows.empty:
            problems.append(problem("variable-missing", where.values, None, node.id, variable=var, indicator=node.id,
                                    expression=f"{name}({', '.join(str(a) for a in args.values())})"))
        m = np.full((len(index), len(years)), np.nan)
        numbers = rows[rows["value"].notna()]
        cols = np.searchsorted(years, numbers["year"].to_numpy(dtype=float)) if has_years else 0
        m[index.get_indexer(numbers["city"]), cols] = numbers["value"].to_numpy(dtype=float)
        matrices[var] = m
        latest = _latest(rows, ref, {var: age}, has_years)  # n/a as for any input: where the latest row says so
        na[index.get_indexer(latest.loc[latest["na"], "city"].unique())] = True
    out = COMPUTED[name].function(Panel(years, matrices, ref, age), **args)
    return np.where(na, np.nan, out), ~na


def _denominator(node: Node, cities: pd.DataFrame, city_lines: dict[str, int], where: Where,
                 problems: list[Problem]) -> np.ndarray | None:
    col = node.denominator
    if not col:
        return None
    if col not in cities.columns:
        problems.append(problem("denominator-column", where.values, None, node.id, column=col,
                                hint=hint(col, cities.columns)))
        return None
    out = np.full(len(cities), np.nan)
    for i, (city, text) in enumerate(zip(cities.index, cities[col].fillna("").astype(str), strict=True)):
        if not text.strip():
            continue  # not known: the value becomes missing, and the indicator's missing rule decides
        d = number(text)
        if d is None or d == 0:
            problems.append(problem("denominator-value", where.cities, city_lines.get(city), col,
                                    found=quote(text) if d is None else "0", indicator=node.id))
            out[i] = 1.0  # reported; not a missing value on top of that
        else:
            out[i] = d
    return out


def _screen(settings: EditionSettings, index: pd.Index, raw: np.ndarray, applicable: np.ndarray, where: Where,
            problems: list[Problem]) -> tuple[np.ndarray, np.ndarray]:
    n_applicable = applicable.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        coverage = np.where(n_applicable > 0, (~np.isnan(raw) & applicable).sum(axis=1) / n_applicable, 1.0)
    kept = np.ones(len(index), dtype=bool)
    s = settings.screen
    if s is None:
        return kept, coverage
    kept = coverage >= s.min_coverage - 1e-12  # COINr: dropped where coverage < threshold
    for key, ids, value in (("include", s.include, True), ("exclude", s.exclude, False)):
        for i, city in enumerate(ids):
            if city in index:
                kept[index.get_loc(city)] = value
            else:
                problems.append(problem("settings-key", where.settings, None, f"screen.{key}[{i}]",
                                        found=repr(city) + hint(city, index), expected="a city id of cities.csv"))
    return kept, coverage


def _check(fw: Framework, cities: pd.DataFrame, inputs: Inputs, lines: np.ndarray, ages: dict[str, int],
           where: Where, problems: list[Problem], incomplete: set[str]) -> None:
    """Completeness, imputation groups, domains, spread and city parameters of every input; `incomplete`:
    computed inputs whose raw variables are absent (reported already)."""
    kept = inputs.kept
    for j, nid in enumerate(inputs.nodes):
        node = fw.nodes[nid]
        x, ok = inputs.raw[kept, j], inputs.applicable[kept, j]
        absent = inputs.cities[kept][np.isnan(x) & ok]
        rule = node.missing
        if len(absent) and rule.end == "error" and not rule.imputers and nid not in incomplete:
            when = (f" in {inputs.reference_year}" + (f" or the {ages[nid]} years before" if ages[nid] else "")
                    if inputs.has_years else "")
            if node.denominator and node.denominator in cities.columns:
                empty = cities[node.denominator].reindex(absent).fillna("").astype(str).str.strip() == ""
                if empty.any():
                    when += f" ({', '.join(absent[empty.to_numpy()][:SHOWN_CITIES])}: no {node.denominator} in " \
                            f"{where.cities} to divide by)"
            problems.append(problem("value-missing", where.values, None, nid, cities=_cities(list(absent)),
                                    when=when))
        for method, attr in rule.imputers:
            if attr and attr not in cities.columns:
                problems.append(problem("group-mean-attribute", where.framework, node.line, "missing",
                                        method=method, attribute=attr, hint=hint(attr, cities.columns)))
        _domain(node, inputs, j, lines, where, problems)
        present = x[~np.isnan(x)]
        if node.normalise in SPREAD_NEEDED and present.size and np.ptp(present) == 0:
            problems.append(problem("zero-variance", where.values, None, nid, value=present[0], method=node.normalise))
        if node.normalise in NORMALISERS:
            for p in NORMALISERS[node.normalise].params:
                city = node.normalise_params.get(p.name)
                if p.kind == "unit" and city is not None and city not in cities.index:
                    problems.append(problem("unit-unknown", where.framework, node.line, "normalise_params",
                                            city=city, hint=hint(str(city), cities.index), param=p.name,
                                            method=node.normalise))


def _domain(node: Node, inputs: Inputs, j: int, lines: np.ndarray, where: Where, problems: list[Problem]) -> None:
    method = TRANSFORMS.get(node.transform)
    if method is None or method.invalid is None:
        return
    x = inputs.raw[:, j]
    bad = ~np.isnan(x) & method.invalid(x, **node.transform_params) & inputs.kept
    for i in np.flatnonzero(bad):
        line = int(lines[i, j]) or None
        shown = f"{x[i]:g}" + (f" (per {node.denominator})" if node.denominator else "")
        if node.compute:
            shown += f" ({node.compute[0]} for {inputs.cities[i]})"
        problems.append(problem("transform-domain", where.values if line else where.framework,
                                line or node.line, "value" if line else "compute", value=shown,
                                transform=node.transform, domain=method.domain, indicator=node.id))


def _cities(ids: list[str]) -> str:
    shown = ", ".join(ids[:SHOWN_CITIES])
    return shown + (f" and {len(ids) - SHOWN_CITIES} more" if len(ids) > SHOWN_CITIES else "")
