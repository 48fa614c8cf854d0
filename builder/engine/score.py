"""Scoring: an edition's inputs turned into a score per city for every scored node.

Per input node: imputation (the node's missing rule), treatment (transform), normalisation; then, level by
level from the deepest, aggregation of the children with each parent's missing rule, and rescaling where a
level asks for it. Every stage works along the last axis, so that one pass scores many scenarios of an input at once
(x of shape (scenarios, cities)): the audit's rounding allowance uses that (engine/allowance.py).

Status per city and node: SCORED, or why there is no score: MISSING (a missing child that the parent's rule
may reweight over), UNSCORED (the rule leaves it and every node above unscored), NOT_APPLICABLE (n/a).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..edition import Edition, Framework
from ..edition.read import display_path
from ..errors import Problem, ScoringError, problem
from ..methods import AGGREGATORS, IMPUTERS, NORMALISERS, TRANSFORMS
from ..methods.normalisers import minmax
from ..methods.transforms import Treatment

SCORED, MISSING, UNSCORED, NOT_APPLICABLE = 0, 1, 2, 3
STATUS_WORDS = {SCORED: "", MISSING: "unscored", UNSCORED: "unscored", NOT_APPLICABLE: "n/a"}
"""What results.csv says for each status (an imputed input says "imputed")."""


@dataclass(frozen=True)
class Scored:
    """Scores of the cities that screening keeps (rows) for every scored node (columns, preorder)."""

    scores: pd.DataFrame
    status: pd.DataFrame      # int codes above, same shape
    imputed: pd.DataFrame     # bool, cities x input nodes
    years: pd.DataFrame | None  # year of each input value (None: values.csv has no years)
    treatments: dict[str, Treatment] = field(default_factory=dict)  # input node -> what treatment did
    screened: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["city", "coverage"]))


@dataclass(frozen=True)
class Plan:
    """What scoring needs from an edition, prepared once: the kept cities' inputs, the groups imputations
    use, and per node its status."""

    edition: Edition
    cities: pd.Index
    raw: np.ndarray          # kept cities x inputs
    filled: np.ndarray       # after imputation
    imputed: np.ndarray
    status: dict[str, np.ndarray]

    @property
    def framework(self) -> Framework:
        return self.edition.framework


def score(edition: Edition) -> Scored:
    """Scores of every kept city for every scored node (see the module docstring)."""
    plan = prepare(edition)
    columns, treatments = run(plan)
    fw = edition.framework
    inputs = edition.inputs
    frame = pd.DataFrame({nid: columns[nid] for nid in fw.scored}, index=plan.cities)
    status = pd.DataFrame({nid: plan.status[nid] for nid in fw.scored}, index=plan.cities)
    imputed = pd.DataFrame(plan.imputed, index=plan.cities, columns=inputs.nodes)
    years = (pd.DataFrame(inputs.year[inputs.kept], index=plan.cities, columns=inputs.nodes)
             if inputs.has_years else None)
    return Scored(frame, status, imputed, years, treatments, inputs.screened)


def _framework_file(edition: Edition) -> str:
    return display_path(edition.path / "framework.csv")


def prepare(edition: Edition) -> Plan:
    """Imputation and the status of every city at every node (neither changes with rounding scenarios)."""
    fw = edition.framework
    inputs = edition.inputs
    kept = inputs.kept
    cities = inputs.cities[kept]
    raw = inputs.raw[kept]
    applicable = inputs.applicable[kept]
    filled, imputed = raw.copy(), np.zeros(raw.shape, dtype=bool)
    status: dict[str, np.ndarray] = {}
    problems: list[Problem] = []
    for j, nid in enumerate(inputs.nodes):
        node = fw.nodes[nid]
        filled[:, j] = impute(edition, nid, raw[:, j], applicable[:, j], cities)
        imputed[:, j] = np.isnan(raw[:, j]) & ~np.isnan(filled[:, j])
        gap = np.isnan(filled[:, j]) & applicable[:, j]
        if gap.any() and node.missing.end == "error":
            method = node.missing.imputers[-1][0] if node.missing.imputers else "value"
            attr = node.missing.imputers[-1][1] if node.missing.imputers else ""
            problems.append(problem("impute-empty", _framework_file(edition), node.line, nid, method=method,
                                    where=f"in the city's {attr} group" if attr else "of any city",
                                    cities=", ".join(cities[gap][:8])))
        code = UNSCORED if node.missing.end == "unscored" else MISSING
        status[nid] = np.where(~applicable[:, j], NOT_APPLICABLE, np.where(gap, code, SCORED))
    if problems:
        raise ScoringError(problems)
    for depth in sorted({fw.depth[n] for n in fw.scored}, reverse=True):
        for nid in fw.scored:
            kids = fw.computed_children(nid)
            if fw.depth[nid] == depth and kids:
                status[nid] = parent_status(fw, nid, kids, status)
    return Plan(edition, cities, raw, filled, imputed, status)


def impute(edition: Edition, nid: str, x: np.ndarray, applicable: np.ndarray, cities: pd.Index) -> np.ndarray:
    """The node's imputation steps in order; n/a values are neither filled nor counted."""
    out = np.where(applicable, x, np.nan)
    for method, attr in edition.framework.nodes[nid].missing.imputers:
        groups = edition.cities[attr].reindex(cities).to_numpy() if attr else None
        out = np.where(applicable, IMPUTERS[method].function(out, groups), np.nan)
    return out


def parent_status(fw: Framework, nid: str, kids: list[str], status: dict[str, np.ndarray]) -> np.ndarray:
    """A parent's status per city from its children's and its missing rule."""
    rule = fw.nodes[nid].missing
    s = np.column_stack([status[k] for k in kids])
    applicable = (s != NOT_APPLICABLE).sum(axis=1)
    present = (s == SCORED).sum(axis=1)
    out = np.full(s.shape[0], SCORED)
    if rule.end == "share":
        with np.errstate(invalid="ignore", divide="ignore"):
            out[present / np.maximum(applicable, 1) < rule.share - 1e-12] = MISSING
    elif rule.end == "unscored":
        out[present < applicable] = UNSCORED
    out[present == 0] = np.maximum(out[present == 0], MISSING)
    out[(s == UNSCORED).any(axis=1)] = UNSCORED
    out[applicable == 0] = NOT_APPLICABLE
    return out


def run(plan: Plan) -> tuple[dict[str, np.ndarray], dict[str, Treatment]]:
    """Scores (cities,) of every scored node, and what treatment did to each treated input."""
    columns: dict[str, np.ndarray] = {}
    treatments: dict[str, Treatment] = {}
    for j, nid in enumerate(plan.edition.inputs.nodes):
        columns[nid], record = normalise_input(plan, nid, plan.filled[:, j])
        if record is not None:
            treatments[nid] = record
    aggregate_tree(plan, columns)
    return columns, treatments


def ancestors(fw: Framework, nid: str) -> set[str]:
    out = set()
    while fw.nodes[nid].parent is not None:
        nid = fw.nodes[nid].parent
        out.add(nid)
    return out


def normalise_input(plan: Plan, nid: str, x: np.ndarray) -> tuple[np.ndarray, Treatment | None]:
    """Treatment, then normalisation of one input node's (imputed) values; NaN where the status is not SCORED."""
    node = plan.framework.nodes[nid]
    x = np.where(plan.status[nid] == SCORED, x, np.nan)
    record = None
    bounds = None
    if node.transform:
        treated = TRANSFORMS[node.transform].function(x, **node.transform_params)
        x, bounds, record = treated.values, treated.bounds, treated.record
    method = NORMALISERS[node.normalise]
    params = {}
    for key, value in node.normalise_params.items():
        p = method.param(key)
        if p is not None and p.kind == "unit":
            value = plan.cities.get_loc(value) if value in plan.cities else None
            if value is None:
                raise ScoringError(problem("score-normalise", _framework_file(plan.edition), node.line, nid,
                                           error=f"the reference city {node.normalise_params[key]!r} is screened out",
                                           expected="a reference city that screening keeps"))
        elif p is not None and p.raw_units and bounds is not None:
            value = tuple(bounds(v) for v in value) if isinstance(value, tuple) else bounds(value)
        params[key] = value
    try:
        with np.errstate(invalid="ignore", divide="ignore"):
            out = method.function(x, node.direction, **params)
    except ZeroDivisionError as exc:
        raise ScoringError(problem("score-normalise", _framework_file(plan.edition), node.line, nid, error=str(exc),
                                   expected=f"values that {node.normalise} can normalise")) from None
    return out, record


def aggregate_tree(plan: Plan, columns: dict[str, np.ndarray], only: set[str] | None = None) -> None:
    """Fill in every parent above the inputs, deepest level first, rescaling each level where it asks;
    `only`: just these parents (the others stay as `columns` has them)."""
    fw = plan.framework
    settings = plan.edition.settings
    by_depth: dict[int, list[str]] = {}
    for nid in fw.scored:
        by_depth.setdefault(fw.depth[nid], []).append(nid)
    for depth in sorted(by_depth, reverse=True):
        level = [nid for nid in by_depth[depth] if only is None or nid in only]
        for nid in level:
            kids = fw.computed_children(nid)
            if kids:
                columns[nid] = aggregate_node(plan, nid, kids, columns)
        rescale = settings.levels[depth].rescale if depth < len(settings.levels) else None
        if rescale is None:
            continue
        for nid in level:
            try:
                columns[nid] = minmax(columns[nid], 1, rescale.lo, rescale.hi)
            except ZeroDivisionError:
                raise ScoringError(problem("score-zero-spread", "edition.yaml", None, nid, node=nid, depth=depth,
                                           lo=rescale.lo, hi=rescale.hi)) from None


def aggregate_node(plan: Plan, nid: str, kids: list[str], columns: dict[str, np.ndarray]) -> np.ndarray:
    fw = plan.framework
    node = fw.nodes[nid]
    parts = np.broadcast_arrays(*[np.where(plan.status[k] == SCORED, columns[k], np.nan) for k in kids])
    matrix = np.stack(parts, axis=-1)
    weights = np.array([fw.nodes[k].weight for k in kids], dtype=float)
    try:
        out = AGGREGATORS[node.aggregate].function(matrix, weights, **node.aggregate_params)
    except ValueError:
        raise ScoringError(problem("score-not-positive", _framework_file(plan.edition), node.line, nid,
                                   method=node.aggregate)) from None
    return np.where(plan.status[nid] == SCORED, out, np.nan)
