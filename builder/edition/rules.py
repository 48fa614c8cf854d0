"""framework.csv's method cells read against the method registries: `key=value` parameters, computed-input
expressions and missing-value rules."""

from __future__ import annotations

import re

from ..errors import Problem, hint, known_list, problem, quote
from ..methods import COMPUTED, IMPUTERS, Method
from .cells import number
from .framework import MissingRule
from .read import Table

FLAGS = {"1": 1.0, "0": 0.0, "true": 1.0, "false": 0.0, "yes": 1.0, "no": 0.0}
INPUT_ENDS = ("error", "reweight", "unscored")
PARENT_RULES = ("reweight", "unscored", "share:<q>", "error")
RULE_DOC = {
    "error": "a missing value stops the build with a list of the cities that lack it (inputs)",
    "reweight": "the unit stays without a value here; a parent scores it on the children it has, reweighted",
    "unscored": "the unit is left unscored here and in every node above, and unranked",
    "share:<q>": "(parents) unscored here where fewer than q of the children (a share, e.g. 0.67) have a score; "
                 "the nodes above count it as a missing child",
    "latest:<years>": "(inputs, panel data) the latest value up to `years` years older than the reference year",
}
"""The rules besides the imputation methods; data/README.md's rule table is generated from this."""


def parse_params(text: str, method: Method, column: str, table: Table, line: int, problems: list[Problem],
                 required: bool = True) -> dict[str, object]:
    """`key=value;key=value` for `method`: each key one of its parameters, each value of the parameter's kind."""
    params: dict[str, object] = {}
    for part in filter(None, (p.strip() for p in text.split(";"))):
        key, eq, value = (s.strip() for s in part.partition("="))
        param = method.param(key)
        if not eq or not key:
            problems.append(problem("framework-params", table.path, line, column, found=quote(part)))
        elif param is None:
            known = ", ".join(p.name for p in method.params) or "none"
            problems.append(problem("framework-param-unknown", table.path, line, column,
                                    found=quote(key) + hint(key, [p.name for p in method.params]),
                                    method=method.name, known=known))
        else:
            parsed = _value(value, param.kind, param.choices)
            if parsed is None:
                problems.append(problem("framework-param-value", table.path, line, column,
                                        found=f"{key}={value}", expected=_kind_words(param.kind, param.choices)))
            else:
                params[key] = parsed
    absent = [p.name for p in method.params if p.required and p.name not in params]
    if absent and required:
        problems.append(problem("framework-param-missing", table.path, line, column, names=" and ".join(absent),
                                method=method.name, example=";".join(f"{k}=..." for k in absent)))
    return params


def _value(text: str, kind: str, choices: tuple[str, ...]) -> object | None:
    if kind == "flag":
        return FLAGS.get(text.lower())
    if kind == "numbers":
        parts = [number(p.strip()) for p in text.split("|")]
        return tuple(parts) if parts and None not in parts and parts == sorted(parts) else None
    if kind == "unit":
        return text or None
    if kind == "choice":
        return text if text in choices else None
    if kind == "count":
        if text.endswith("%"):
            share = number(text[:-1].strip())
            return -share / 100.0 if share is not None and 0 < share <= 100 else None  # negative: a share
        value = number(text)
        return value if value is not None and value >= 0 and value == int(value) else None
    return number(text)


def _kind_words(kind: str, choices: tuple[str, ...]) -> str:
    return {"flag": "1 or 0 (true or false)", "numbers": "ascending numbers separated by '|', e.g. 10|20|30",
            "unit": "a city id", "choice": "one of " + ", ".join(choices),
            "count": "a whole number >= 0, or a percentage of the units such as 10%"}.get(kind, "a finite number")


EXPRESSION = re.compile(r"^\s*([a-z_]+)\s*\((.*)\)\s*$")


def parse_compute(text: str, table: Table, line: int, problems: list[Problem]) -> tuple[str, dict] | None:
    """`ratio(gdp, population)`: a method of the computed-input registry with its arguments in order."""
    m = EXPRESSION.match(text)
    name = m.group(1) if m else ""
    if name not in COMPUTED:
        problems.append(problem("framework-method", table.path, line, "compute", method=name or text,
                                hint=hint(name or text, COMPUTED), known=known_list(COMPUTED)))
        return None
    method = COMPUTED[name]
    args = [a.strip() for a in m.group(2).split(",")] if m.group(2).strip() else []
    if len(args) != len(method.params):
        problems.append(problem("framework-compute", table.path, line, "compute", found=quote(text),
                                expected=f"{name}({', '.join(p.name for p in method.params)})"))
        return None
    out: dict[str, object] = {}
    for param, arg in zip(method.params, args, strict=True):
        value = _value(arg, param.kind, param.choices) if param.kind == "count" else arg
        if value is None or (param.kind == "count" and (not isinstance(value, float) or value <= 0)):
            problems.append(problem("framework-compute", table.path, line, "compute", found=quote(text),
                                    expected=f"{param.name} as {_kind_words(param.kind, ())} above 0"))
            return None
        out[param.name] = int(value) if param.kind == "count" else value
    return name, out


def parse_missing(text: str, is_input: bool, table: Table, line: int, problems: list[Problem]) -> MissingRule:
    """A missing rule: for inputs `step|step|end` (imputers, latest:<years>, then error, reweight or unscored);
    for parents one of reweight, unscored, share:<q>."""
    steps = [s.strip() for s in text.split("|")]
    if not is_input:
        if len(steps) == 1 and steps[0] in ("reweight", "unscored", "error"):
            return MissingRule(text, "reweight" if steps[0] == "error" else steps[0])
        share = re.fullmatch(r"share:([0-9.]+)", steps[0]) if len(steps) == 1 else None
        q = number(share.group(1)) if share else None
        if q is not None and 0 < q <= 1:
            return MissingRule(text, "share", share=q)
        problems.append(problem("framework-missing-rule", table.path, line, "missing", found=quote(text),
                                expected="for a parent node one of " + ", ".join(PARENT_RULES)))
        return MissingRule(text, "reweight")
    imputers: list[tuple[str, str]] = []
    max_age, end = None, "error"
    for i, step in enumerate(steps):
        name, _, arg = step.partition(":")
        last = i == len(steps) - 1
        if step in INPUT_ENDS and last:
            end = step
        elif name == "latest" and arg.isdigit() and max_age is None:
            max_age = int(arg)
        elif name in IMPUTERS and (bool(arg) == name.startswith("group_")) and re.fullmatch(r"[A-Za-z0-9_]*", arg):
            imputers.append((name, arg))
            if last:
                end = "error"  # what an imputer cannot fill (a group without values) stops the build
        else:
            problems.append(problem("framework-missing-rule", table.path, line, "missing", found=quote(text),
                                    expected="steps separated by '|': " + ", ".join(
                                        ["latest:<years>", *(f"{n}:<city attribute>" if n.startswith("group_")
                                                             else n for n in IMPUTERS)])
                                    + "; then, last, one of " + ", ".join(INPUT_ENDS)))
            return MissingRule(text)
    return MissingRule(text, end, tuple(imputers), max_age)
