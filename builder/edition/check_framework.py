"""framework.csv checked into a Framework: ids, tree shape, methods and their parameters, weights and
translations ("the framework is wrong"; check_data.py checks the data against it)."""

from __future__ import annotations

import re

from ..errors import Problem, hint, known_list, problem, quote
from ..methods import AGGREGATORS, NORMALISER_PARAMS, NORMALISER_REQUIRED, NORMALISERS, TRANSFORMS
from .cells import checked_id, number, translations
from .framework import Framework, Node, find_cycles
from .read import Row, Table
from .settings import EditionSettings

WEIGHT_TOLERANCE = 1e-6
FRAMEWORK_DOCS = {
    "id": "unique node id (letters, digits, `-`, `_`, `.`); required",
    "parent": "id of the parent node; empty for the single root (conventionally `overall`); required",
    "name_<lang>": "name per language; required for every language of the edition",
    "weight": "weight within the parent (the root's is empty); required for children of a scored parent",
    "declared_weight": "the weight the source report declares, where the weight used differs (both are shown)",
    "direction": "`+` (higher is better) or `-` (reverse: a lower raw value scores better); default `+`",
    "normalise": "normalisation method of an input node (see Methods); default from edition.yaml",
    "normalise_params": "`key=value` pairs separated by `;`, e.g. `lo=60;hi=100` or `min=0;max=50`",
    "transform": "transform of the raw values before normalising (see Methods)",
    "denominator": "numeric column of `cities.csv` to divide the raw value by (per capita)",
    "aggregate": "aggregation of the children (see Methods); default from edition.yaml",
    "missing": "treatment of a missing value: `reweight`, `group_mean:<city attribute>`, `error`",
    "unit_<lang>": "unit per language (optional)",
    "definition_<lang>": "definition per language, printed in the appendix of definitions (optional)",
    "source_<lang>": "data source as the report's readers see it, printed in the appendix (optional)",
    "source": "the transcription record: where this row came from (document, table or figure)",
    "note<...>": "any column starting with `note`: editorial notes, not read by the build",
}
"""Every column framework.csv may have (a `<lang>` or `<...>` part matches any suffix); data/README.md's
table is generated from this."""
FRAMEWORK_COLUMNS = ["id", "parent", "weight"]
FRAMEWORK_OPTIONAL = tuple(c for c in FRAMEWORK_DOCS if "<" not in c and c not in FRAMEWORK_COLUMNS)
FRAMEWORK_PREFIXES = tuple(c.split("<")[0] for c in FRAMEWORK_DOCS if "<" in c)


def _params(text: str, method: str, table: Table, line: int, problems: list[Problem]) -> dict:
    params: dict[str, float] = {}
    for part in filter(None, (p.strip() for p in text.split(";"))):
        key, _, value = part.partition("=")
        key = key.strip()
        num = number(value.strip())
        allowed = NORMALISER_PARAMS.get(method)
        if num is None:
            problems.append(problem("framework-params", table.path, line, "normalise_params", found=quote(part)))
        elif allowed is not None and key not in allowed:
            problems.append(problem("framework-param-unknown", table.path, line, "normalise_params",
                                    found=quote(key) + hint(key, allowed), method=method,
                                    known=", ".join(sorted(allowed)) or "none"))
        else:
            params[key] = num
    return params


def _check_params(method: str, params: dict, table: Table, line: int, problems: list[Problem]) -> None:
    required = NORMALISER_REQUIRED.get(method, ())
    absent = [k for k in required if k not in params]
    if absent:
        problems.append(problem("framework-param-missing", table.path, line, "normalise_params",
                                names=" and ".join(absent), method=method,
                                example=";".join(f"{k}=..." for k in required)))
    elif method == "goalposts" and params["min"] >= params["max"]:
        problems.append(problem("framework-param-value", table.path, line, "normalise_params",
                                found=f"min={params['min']:g} and max={params['max']:g}",
                                expected="goalposts with min < max"))


def _missing_rule(text: str, table: Table, line: int, problems: list[Problem]) -> str:
    if text in ("reweight", "error") or re.fullmatch(r"group_mean:[A-Za-z0-9_]+", text):
        return text
    problems.append(problem("framework-missing-rule", table.path, line, "missing", found=quote(text)))
    return "error"


def _method(text: str, column: str, registry: dict, table: Table, line: int, problems: list[Problem]) -> str:
    if text not in registry:
        problems.append(problem("framework-method", table.path, line, column, method=text,
                                hint=hint(text, registry), known=known_list(registry)))
    return text


def _weight(row: Row, column: str, table: Table, problems: list[Problem]) -> float | None:
    text = row.get(column)
    value = number(text) if text else None
    if text and (value is None or value < 0):
        problems.append(problem("framework-weight", table.path, row.line, column, found=quote(text)))
    return value


def framework(table: Table | None, settings: EditionSettings, problems: list[Problem],
              settings_path: str = "edition.yaml") -> Framework:
    """Validate framework.csv: ids, tree shape, methods, weights and translations."""
    langs = settings.languages
    d = settings.defaults
    required = FRAMEWORK_COLUMNS + [f"name_{lang}" for lang in langs]
    if table is None or not table.require(required, problems, optional=FRAMEWORK_OPTIONAL,
                                          prefixes=FRAMEWORK_PREFIXES):
        return Framework({}, settings.input_level)
    nodes: dict[str, Node] = {}
    for row in table.rows:
        nid = checked_id(table, row, "framework-id", problems)
        if nid is None:
            continue
        if nid in nodes:
            problems.append(problem("framework-id-duplicate", table.path, row.line, "id", id=nid,
                                    first=nodes[nid].line))
            continue
        direction = row.get("direction") or "+"
        if direction not in ("+", "-"):
            problems.append(problem("framework-direction", table.path, row.line, "direction", found=quote(direction)))
        normalise = _method(row.get("normalise") or d.normalise, "normalise", NORMALISERS, table, row.line, problems)
        params_text = row.get("normalise_params")
        params = (_params(params_text, normalise, table, row.line, problems) if params_text
                  else dict(d.normalise_params) if normalise == d.normalise else {})
        transform = row.get("transform") or None
        if transform is not None:
            _method(transform, "transform", TRANSFORMS, table, row.line, problems)
        aggregate = _method(row.get("aggregate") or d.aggregate, "aggregate", AGGREGATORS, table, row.line, problems)
        missing = _missing_rule(row.get("missing") or d.missing, table, row.line, problems)
        extra = {k: v.strip() for k, v in row.cells.items()
                 if (k.startswith(FRAMEWORK_PREFIXES[1:]) or k == "source") and v.strip()}
        nodes[nid] = Node(
            id=nid, parent=row.get("parent") or None, names=translations(table, row, "name", langs, problems),
            weight=_weight(row, "weight", table, problems),
            declared_weight=_weight(row, "declared_weight", table, problems),
            direction=-1 if direction == "-" else 1, normalise=normalise, normalise_params=params,
            transform=transform, denominator=row.get("denominator") or None, aggregate=aggregate,
            missing=missing, line=row.line, extra=extra,
        )
    return _tree(nodes, table, settings, problems, settings_path)


def _tree(nodes: dict[str, Node], table: Table, settings: EditionSettings, problems: list[Problem],
          settings_path: str) -> Framework:
    before = len(problems)
    roots = [n for n in nodes.values() if n.parent is None]
    for node in nodes.values():
        if node.parent is not None and node.parent not in nodes:
            problems.append(problem("framework-orphan", table.path, node.line, "parent", parent=node.parent,
                                    id=node.id, hint=hint(node.parent, nodes)))
    parents = {n.id: n.parent for n in nodes.values() if n.parent in nodes}
    for cycle in find_cycles(parents):
        problems.append(problem("framework-cycle", table.path, nodes[cycle[0]].line, "parent",
                                cycle=" -> ".join([*cycle, cycle[0]])))
    if len(roots) != 1:
        found = ", ".join(f"{r.id!r} on line {r.line}" for r in roots) or "none"
        problems.append(problem("framework-roots", table.path, roots[1].line if len(roots) > 1 else None, "parent",
                                count=len(roots), roots=found))
    healthy = len(problems) == before and not any(p.file == table.path and p.key == "id" for p in problems)
    fw = Framework(nodes if healthy else {}, settings.input_level)
    if healthy:
        for nid in [] if settings.results_only else fw.inputs:  # results-only editions normalise nothing
            _check_params(nodes[nid].normalise, nodes[nid].normalise_params, table, nodes[nid].line, problems)
        _levels_and_weights(fw, table, settings, problems, settings_path)
    return fw


def _levels_and_weights(fw: Framework, table: Table, settings: EditionSettings, problems: list[Problem],
                        settings_path: str) -> None:
    if settings.levels and len(settings.levels) < fw.max_depth + 1:
        problems.append(problem("framework-depth", table.path, None, None, depth=fw.max_depth + 1,
                                levels=len(settings.levels)))
    if settings.input_level is not None and settings.input_level > fw.max_depth:
        problems.append(problem("framework-input-level", settings_path, None, "input_level",
                                level=settings.input_level, depth=fw.max_depth))
    for pid, kids in fw.children.items():
        if not kids:
            continue
        weights = [fw.nodes[k].weight for k in kids]
        scored = bool(fw.computed_children(pid)) and not settings.results_only
        if scored:
            for k in kids:
                if fw.nodes[k].weight is None:
                    problems.append(problem("framework-weight-missing", table.path, fw.nodes[k].line, "weight",
                                            parent=pid))
        if None in weights or settings.renormalise_weights:
            continue
        total = sum(weights)
        if abs(total - 1.0) > WEIGHT_TOLERANCE:
            problems.append(problem("framework-weight-sum", table.path, fw.nodes[kids[0]].line, "weight",
                                    parent=pid, total=total))
