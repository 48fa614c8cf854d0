"""framework.csv checked into a Framework: ids, tree shape, methods and their parameters, weights and
translations ("the framework is wrong"; check_data.py checks the data against it)."""

from __future__ import annotations

import dataclasses

from ..errors import Problem, hint, known_list, problem, quote
from ..methods import AGGREGATORS, NORMALISERS, TRANSFORMS, Registry
from .cells import checked_id, number, translations
from .framework import Framework, MissingRule, Node, find_cycles
from .read import Row, Table
from .rules import parse_compute, parse_missing, parse_params
from .settings import Defaults, EditionSettings

WEIGHT_TOLERANCE = 1e-6
FRAMEWORK_DOCS = {
    "id": "unique node id (letters, digits, `-`, `_`, `.`); required",
    "parent": "id of the parent node; empty for the single root (conventionally `overall`); required",
    "name_<lang>": "name per language; required for every language of the edition",
    "weight": "weight within the parent (the root's is empty); required for children of a scored parent",
    "declared_weight": "the weight the source report declares, where the weight used differs (both are shown)",
    "direction": "`+` (a higher raw value scores higher) or `-` (reverse: a lower raw value scores higher); "
                 "default `+`",
    "normalise": "normalisation method of an input node (see Methods); default from edition.yaml",
    "normalise_params": "`key=value` pairs separated by `;`, e.g. `lo=60;hi=100` or `min=0;max=50`; bounds in the "
                        "indicator's raw units",
    "transform": "treatment of the raw values before normalising (see Methods); empty for none",
    "transform_params": "`key=value` pairs of the transform, e.g. `a=1` or `floor=100;cap=75000`",
    "compute": "a computed input from raw variables of values.csv, e.g. `ratio(gdp, population)` (see Methods)",
    "denominator": "numeric column of `cities.csv` to divide the raw value by (per capita); an empty cell gives a "
                   "missing value",
    "aggregate": "aggregation of the children (see Methods); default from edition.yaml",
    "aggregate_params": "`key=value` pairs of the aggregation, e.g. `p=2` for genmean",
    "missing": "what to do where data is missing (see Missing values); default from edition.yaml",
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


def _method(text: str, column: str, registry: Registry, table: Table, line: int, problems: list[Problem]) -> str:
    if text not in registry:
        problems.append(problem("framework-method", table.path, line, column, method=text,
                                hint=hint(text, registry), known=known_list(registry)))
    return text


def _params(text: str, registry: Registry, name: str | None, column: str, table: Table, line: int,
            problems: list[Problem]) -> dict[str, object]:
    """The parameters of a cell; required ones are checked once the node's role is known (see _roles)."""
    if not text or name not in registry:
        return {}
    return parse_params(text, registry[name], column, table, line, problems, required=False)


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
    required = FRAMEWORK_COLUMNS + [f"name_{lang}" for lang in langs]
    if table is None or not table.require(required, problems, optional=FRAMEWORK_OPTIONAL,
                                          prefixes=FRAMEWORK_PREFIXES):
        return Framework({}, settings.input_level)
    nodes: dict[str, Node] = {}
    default_params = _default_params(settings.defaults, settings_path, problems)
    for row in table.rows:
        nid = checked_id(table, row, "framework-id", problems)
        if nid is None:
            continue
        if nid in nodes:
            problems.append(problem("framework-id-duplicate", table.path, row.line, "id", id=nid,
                                    first=nodes[nid].line))
            continue
        nodes[nid] = _node(nid, row, table, settings, problems, default_params)
    return _tree(nodes, table, settings, problems, settings_path)


def _default_params(d: Defaults, settings_path: str, problems: list[Problem]) -> dict[str, object]:
    """defaults.normalise_params, for the rows of the default method that give none. The built-in ones
    (lo=60, hi=100) are minmax's: another default method keeps only those it takes; keys that edition.yaml
    gives must be parameters of the default method."""
    params = dict(d.normalise_params)
    method = NORMALISERS.get(d.normalise)
    if method is None:
        return params
    unknown = [k for k in params if method.param(k) is None]
    if "normalise_params" in d.model_fields_set:
        known = ", ".join(p.name for p in method.params) or "it takes none"
        for key in unknown:
            problems.append(problem("settings-key", settings_path, None, f"defaults.normalise_params.{key}",
                                    found=quote(key), expected=f"a parameter of the default method "
                                                               f"{d.normalise!r}: {known}"))
    return {k: v for k, v in params.items() if k not in unknown}


def _node(nid: str, row: Row, table: Table, settings: EditionSettings, problems: list[Problem],
          default_params: dict[str, object]) -> Node:
    d = settings.defaults
    direction = row.get("direction") or "+"
    if direction not in ("+", "-"):
        problems.append(problem("framework-direction", table.path, row.line, "direction", found=quote(direction),
                                expected="'+' (a higher value scores higher) or '-' (reverse)"))
    normalise = _method(row.get("normalise") or d.normalise, "normalise", NORMALISERS, table, row.line, problems)
    params_text = row.get("normalise_params")
    params = (_params(params_text, NORMALISERS, normalise, "normalise_params", table, row.line, problems)
              if params_text else dict(default_params) if normalise == d.normalise else {})
    transform = row.get("transform") or None
    if transform is not None:
        _method(transform, "transform", TRANSFORMS, table, row.line, problems)
    aggregate = _method(row.get("aggregate") or d.aggregate, "aggregate", AGGREGATORS, table, row.line, problems)
    compute_text = row.get("compute")
    extra = {k: v.strip() for k, v in row.cells.items()
             if (k.startswith(FRAMEWORK_PREFIXES[1:]) or k == "source") and v.strip()}
    return Node(
        id=nid, parent=row.get("parent") or None, names=translations(table, row, "name", settings.languages,
                                                                     problems),
        weight=_weight(row, "weight", table, problems),
        declared_weight=_weight(row, "declared_weight", table, problems),
        direction=-1 if direction == "-" else 1, normalise=normalise, normalise_params=params,
        transform=transform, denominator=row.get("denominator") or None, aggregate=aggregate,
        missing=MissingRule(row.get("missing")), line=row.line, extra=extra,
        transform_params=_params(row.get("transform_params"), TRANSFORMS, transform, "transform_params", table,
                                 row.line, problems),
        aggregate_params=_params(row.get("aggregate_params"), AGGREGATORS, aggregate, "aggregate_params", table,
                                 row.line, problems),
        compute=parse_compute(compute_text, table, row.line, problems) if compute_text else None,
    )


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
        fw = _roles(fw, table, settings, problems)
        _levels_and_weights(fw, table, settings, problems, settings_path)
    return fw


def _roles(fw: Framework, table: Table, settings: EditionSettings, problems: list[Problem]) -> Framework:
    """What depends on a node's role in the tree: its missing rule (input or parent), the parameters an input's
    normalisation and transform need, and where a computed input may be."""
    d = settings.defaults
    nodes = {}
    for nid, node in fw.nodes.items():
        is_input = fw.is_input(nid)
        text = node.missing.text or (d.missing if is_input else d.missing_parents)
        rule = parse_missing(text, is_input, table, node.line, problems)
        if is_input and not settings.results_only:  # results-only editions normalise nothing
            _check_input(node, table, problems)
        elif fw.children[nid] and not settings.results_only:
            _check_parent(node, table, problems)
        if not is_input and node.compute is not None:
            problems.append(problem("framework-compute", table.path, node.line, "compute", found=quote(node.compute[0]),
                                    expected="a computed input on an input node (this node's score comes from its "
                                             "children)"))
        nodes[nid] = dataclasses.replace(node, missing=rule)
    return Framework(nodes, fw.input_level)


def _check_parent(node: Node, table: Table, problems: list[Problem]) -> None:
    if node.aggregate not in AGGREGATORS:
        return
    absent = [p.name for p in AGGREGATORS[node.aggregate].params if p.required and p.name not in node.aggregate_params]
    if absent:
        problems.append(problem("framework-param-missing", table.path, node.line, "aggregate_params",
                                names=" and ".join(absent), method=node.aggregate,
                                example=";".join(f"{k}=..." for k in absent)))
    if node.aggregate == "genmean" and node.aggregate_params.get("p") == 0:
        problems.append(problem("framework-param-value", table.path, node.line, "aggregate_params", found="p=0",
                                expected="a power other than 0 (p = 0 is the geometric mean: aggregate=geometric)"))


def _check_input(node: Node, table: Table, problems: list[Problem]) -> None:
    for registry, name, params, column in ((NORMALISERS, node.normalise, node.normalise_params, "normalise_params"),
                                           (TRANSFORMS, node.transform, node.transform_params, "transform_params")):
        if name not in registry:
            continue
        absent = [p.name for p in registry[name].params if p.required and p.name not in params]
        if absent:
            problems.append(problem("framework-param-missing", table.path, node.line, column,
                                    names=" and ".join(absent), method=name,
                                    example=";".join(f"{k}=..." for k in absent)))
    if node.normalise not in NORMALISERS:
        return
    method, p = NORMALISERS[node.normalise], node.normalise_params
    if method.forward_only and node.direction < 0:
        problems.append(problem("framework-direction", table.path, node.line, "direction", found="'-'",
                                expected=f"'+': {node.normalise} has no reverse form ({method.reverse})"))
    if isinstance(p.get("min"), float) and isinstance(p.get("max"), float) and p["min"] >= p["max"]:
        problems.append(problem("framework-param-value", table.path, node.line, "normalise_params",
                                found=f"min={p['min']:g} and max={p['max']:g}",
                                expected=f"{node.normalise} with min < max"))
    cuts, scores = p.get("cuts", ()), p.get("scores", ())
    if node.normalise == "bands" and scores and len(scores) != len(cuts) + 1:
        problems.append(problem("framework-param-value", table.path, node.line, "normalise_params",
                                found=f"{len(scores)} scores for {len(cuts)} cuts",
                                expected="one score more than there are cuts"))


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
            wrong = {p.line for p in problems if p.code == "framework-weight" and p.key == "weight"}
            for k in kids:
                if fw.nodes[k].weight is None and fw.nodes[k].line not in wrong:
                    problems.append(problem("framework-weight-missing", table.path, fw.nodes[k].line, "weight",
                                            parent=pid))
        if None in weights or settings.renormalise_weights:
            continue
        total = sum(weights)
        if abs(total - 1.0) > WEIGHT_TOLERANCE:
            problems.append(problem("framework-weight-sum", table.path, fw.nodes[kids[0]].line, "weight",
                                    parent=pid, total=total))
