"""Row-by-row checks of an edition's tables; each appends Problems and returns typed data.

The framework checks ("the framework is wrong") come first; the data checks ("the data is
wrong") use the framework that results, so that every problem is found in one pass.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict

import numpy as np
import pandas as pd

from .errors import Problem, check_in_list, quote
from .framework import Framework, Node, find_cycles
from .methods import AGGREGATORS, NORMALISER_PARAMS, NORMALISERS, TRANSFORMS
from .settings import EditionSettings
from .tables import Table

ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
WEIGHT_TOLERANCE = 1e-6


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def decimals_of(text: str) -> float:
    """Decimals a number was printed with (its rounding), NaN for an empty cell."""
    if not text:
        return math.nan
    mantissa = text.strip().lower().split("e")[0]
    return float(len(mantissa.partition(".")[2]))


def _translations(table: Table, row, key: str, langs: list[str], problems: list[Problem]) -> dict:
    texts = {}
    for lang in langs:
        col = f"{key}_{lang}"
        text = row.get(col)
        if not text:
            problems.append(Problem(table.path, row.line, col, "no text",
                                    f"a translation for '{lang}'"))
        texts[lang] = text
    return texts


def _params(text: str, method: str, table: Table, line: int, problems: list[Problem]) -> dict:
    params: dict[str, float] = {}
    for part in filter(None, (p.strip() for p in text.split(";"))):
        key, _, value = part.partition("=")
        key = key.strip()
        num = _number(value.strip())
        allowed = NORMALISER_PARAMS.get(method)
        if num is None:
            problems.append(Problem(table.path, line, "normalise_params", quote(part),
                                    "key=number pairs separated by ';'"))
        elif allowed is not None and key not in allowed:
            problems.append(Problem(table.path, line, "normalise_params", quote(key),
                                    f"a parameter of {method}: "
                                    f"{', '.join(sorted(allowed)) or 'none'}"))
        else:
            params[key] = num
    return params


def _missing_rule(text: str, table: Table, line: int, problems: list[Problem]) -> str:
    if text in ("reweight", "error") or re.fullmatch(r"group_mean:[A-Za-z0-9_]+", text):
        return text
    problems.append(Problem(table.path, line, "missing", quote(text),
                            "one of error, reweight, group_mean:<city attribute>"))
    return "error"


def _method(text: str, column: str, registry: dict, table: Table, line: int,
            problems: list[Problem]) -> str:
    if text not in registry:
        problems.append(Problem(table.path, line, column, f"unknown method {text!r}",
                                check_in_list(registry)))
    return text


def framework(table: Table, settings: EditionSettings, problems: list[Problem]) -> Framework:
    """Validate framework.csv: ids, tree shape, methods, weights and translations."""
    langs = settings.languages
    d = settings.defaults
    if not table.require(["id", "parent", "weight"] + [f"name_{lang}" for lang in langs], problems):
        return Framework({}, settings.input_level)
    nodes: dict[str, Node] = {}
    for row in table.rows:
        nid = row.get("id")
        if not ID.match(nid):
            problems.append(Problem(table.path, row.line, "id", quote(nid),
                                    "an id of letters, digits, '-', '_' or '.'"))
            continue
        if nid in nodes:
            problems.append(Problem(table.path, row.line, "id", f"duplicate id {nid!r}",
                                    f"a unique id (first on line {nodes[nid].line})"))
            continue
        weight_text = row.get("weight")
        weight = _number(weight_text) if weight_text else None
        if weight_text and (weight is None or weight < 0):
            problems.append(Problem(table.path, row.line, "weight", quote(weight_text),
                                    "a finite number >= 0, or empty"))
        declared_text = row.get("declared_weight")
        declared = _number(declared_text) if declared_text else None
        if declared_text and (declared is None or declared < 0):
            problems.append(Problem(table.path, row.line, "declared_weight", quote(declared_text),
                                    "a finite number >= 0, or empty"))
        direction = row.get("direction") or "+"
        if direction not in ("+", "-"):
            problems.append(Problem(table.path, row.line, "direction", quote(direction),
                                    "'+' (higher is better) or '-' (reverse)"))
        normalise = _method(row.get("normalise") or d.normalise, "normalise", NORMALISERS,
                            table, row.line, problems)
        params_text = row.get("normalise_params")
        params = (_params(params_text, normalise, table, row.line, problems) if params_text
                  else dict(d.normalise_params) if normalise == d.normalise else {})
        transform = row.get("transform") or None
        if transform is not None:
            _method(transform, "transform", TRANSFORMS, table, row.line, problems)
        aggregate = _method(row.get("aggregate") or d.aggregate, "aggregate", AGGREGATORS,
                            table, row.line, problems)
        missing = _missing_rule(row.get("missing") or d.missing, table, row.line, problems)
        extra = {k: v for k, v in row.cells.items()
                 if k.startswith(("unit_", "definition_", "source", "note")) and v}
        nodes[nid] = Node(
            id=nid, parent=row.get("parent") or None,
            names=_translations(table, row, "name", langs, problems),
            weight=weight, declared_weight=declared, direction=-1 if direction == "-" else 1,
            normalise=normalise, normalise_params=params, transform=transform,
            denominator=row.get("denominator") or None, aggregate=aggregate,
            missing=missing, line=row.line, extra=extra,
        )
    return _tree(nodes, table, settings, problems)


def _tree(nodes: dict[str, Node], table: Table, settings: EditionSettings,
          problems: list[Problem]) -> Framework:
    roots = [n for n in nodes.values() if n.parent is None]
    for node in nodes.values():
        if node.parent is not None and node.parent not in nodes:
            problems.append(Problem(table.path, node.line, "parent",
                                    f"unknown parent {node.parent!r} (orphan node {node.id!r})",
                                    "the id of another node"))
    parents = {n.id: n.parent for n in nodes.values() if n.parent in nodes}
    for cycle in find_cycles(parents):
        problems.append(Problem(table.path, nodes[cycle[0]].line, "parent",
                                f"a cycle {' -> '.join([*cycle, cycle[0]])}",
                                "a tree: no node may be its own ancestor"))
    if len(roots) != 1:
        found = ", ".join(repr(r.id) for r in roots) or "none"
        problems.append(Problem(table.path, None, "parent", f"{len(roots)} root nodes ({found})",
                                "exactly one node with an empty parent"))
    healthy = len(roots) == 1 and not any(
        p.file == table.path and p.key in ("parent", "id") for p in problems)
    fw = Framework(nodes if healthy else {}, settings.input_level)
    if healthy:
        _levels_and_weights(fw, table, settings, problems)
    return fw


def _levels_and_weights(fw: Framework, table: Table, settings: EditionSettings,
                        problems: list[Problem]) -> None:
    if len(settings.levels) < fw.max_depth + 1:
        problems.append(Problem(table.path, None, "parent",
                                f"a tree {fw.max_depth + 1} levels deep",
                                f"at most {len(settings.levels)} levels, as edition.yaml "
                                "'levels' names"))
    if settings.input_level is not None and settings.input_level > fw.max_depth:
        problems.append(Problem(table.path, None, "input_level",
                                f"input_level {settings.input_level}",
                                f"a depth of this framework, 0 to {fw.max_depth}"))
    for pid, kids in fw.children.items():
        if not kids:
            continue
        weights = [fw.nodes[k].weight for k in kids]
        scored = bool(fw.computed_children(pid)) and not settings.results_only
        if scored:
            for k in kids:
                if fw.nodes[k].weight is None:
                    problems.append(Problem(table.path, fw.nodes[k].line, "weight", "no weight",
                                            f"a weight within parent {pid!r}"))
        if None in weights or settings.renormalise_weights:
            continue
        total = sum(weights)
        if abs(total - 1.0) > WEIGHT_TOLERANCE:
            problems.append(Problem(table.path, fw.nodes[kids[0]].line, "weight",
                                    f"weights of the children of {pid!r} summing to {total:g}",
                                    "a sum of 1 (or renormalise_weights: true in edition.yaml)"))


def groups(table: Table | None, langs: list[str], problems: list[Problem]) -> pd.DataFrame:
    """Validate groups.csv: translations of grouping values."""
    cols = ["attribute", "value", *(f"name_{lang}" for lang in langs)]
    if table is None or not table.require(cols, problems):
        return pd.DataFrame(columns=cols)
    seen: dict[tuple[str, str], int] = {}
    records = []
    for row in table.rows:
        key = (row.get("attribute"), row.get("value"))
        if key in seen:
            problems.append(Problem(table.path, row.line, "value", f"duplicate row for {key}",
                                    f"one row per attribute and value (first on line {seen[key]})"))
            continue
        seen[key] = row.line
        names = _translations(table, row, "name", langs, problems)
        records.append({"attribute": key[0], "value": key[1],
                        **{f"name_{lang}": names[lang] for lang in langs}})
    return pd.DataFrame(records, columns=cols)


def cities(table: Table, settings: EditionSettings, groups_frame: pd.DataFrame,
           problems: list[Problem]) -> pd.DataFrame:
    """Validate cities.csv: unique ids, names per language, translated group values."""
    langs = settings.languages
    if not table.require(["id", *(f"name_{lang}" for lang in langs)], problems):
        return pd.DataFrame(columns=["id"]).set_index("id")
    grouped = set(groups_frame["attribute"]) | set(settings.group_ranks)
    translated = set(zip(groups_frame["attribute"], groups_frame["value"], strict=True))
    for attr in settings.group_ranks:
        if attr not in table.header:
            problems.append(Problem(table.path, 1, attr, "no such column",
                                    "a city attribute named in edition.yaml group_ranks"))
    records, seen = [], {}
    for row in table.rows:
        cid = row.get("id")
        if not ID.match(cid):
            problems.append(Problem(table.path, row.line, "id", quote(cid),
                                    "an id of letters, digits, '-', '_' or '.'"))
            continue
        if cid in seen:
            problems.append(Problem(table.path, row.line, "id", f"duplicate city {cid!r}",
                                    f"a unique id (first on line {seen[cid]})"))
            continue
        seen[cid] = row.line
        _translations(table, row, "name", langs, problems)
        for attr in sorted(grouped & set(table.header)):
            value = row.get(attr)
            if value and (attr, value) not in translated:
                problems.append(Problem(table.path, row.line, attr, quote(value),
                                        f"a value with names in groups.csv (attribute {attr!r})"))
        records.append({k: v.strip() for k, v in row.cells.items() if k != "__extra__"})
    frame = pd.DataFrame(records, columns=[h for h in table.header if h])
    return frame.set_index("id")


def values(table: Table | None, fw: Framework, known: set[str], cities_frame: pd.DataFrame,
           settings: EditionSettings, problems: list[Problem]) -> pd.DataFrame:
    """Validate values.csv against the framework and cities; check completeness and spread."""
    cols = ["city", "indicator", "value", "source"]
    if table is None or not fw.nodes or not table.require(cols[:3], problems):
        return pd.DataFrame(columns=[*cols, "decimals"])
    inputs = set(fw.inputs)
    seen: dict[tuple[str, str], int] = {}
    records = []
    for row in table.rows:
        city, ind, text = row.get("city"), row.get("indicator"), row.get("value")
        ok = _known_city(table, row, "city", city, known, problems)
        if ind not in fw.nodes:
            problems.append(Problem(table.path, row.line, "indicator", f"unknown indicator {ind!r}",
                                    "an id from framework.csv"))
            ok = False
        elif ind not in inputs:
            problems.append(Problem(table.path, row.line, "indicator", f"{ind!r}, which is not an "
                                    "input node", f"an input indicator: {', '.join(fw.inputs)}"))
            ok = False
        value = _number(text) if text else math.nan
        if value is None:
            problems.append(Problem(table.path, row.line, "value", quote(text),
                                    "a finite number, or empty for a missing value"))
            ok = False
        if (city, ind) in seen:
            problems.append(Problem(table.path, row.line, "city", f"duplicate row for {city}, {ind}",
                                    f"one value per city and indicator (first on line "
                                    f"{seen[city, ind]})"))
            continue
        seen[city, ind] = row.line
        if ok:
            records.append({"city": city, "indicator": ind, "value": value,
                            "source": row.get("source"), "line": row.line,
                            "decimals": decimals_of(text)})
    frame = pd.DataFrame(records, columns=[*cols, "line", "decimals"])
    _completeness(frame, fw, cities_frame, table.path, problems)
    return frame.drop(columns="line")


def _known_city(table: Table, row, column: str, city: str, known: set[str],
                problems: list[Problem]) -> bool:
    if city in known:
        return True
    problems.append(Problem(table.path, row.line, column, f"unknown city {city!r}",
                            "an id from cities.csv"))
    return False


def _completeness(frame: pd.DataFrame, fw: Framework, cities_frame: pd.DataFrame, path: str,
                  problems: list[Problem]) -> None:
    by_ind = {ind: grp for ind, grp in frame.groupby("indicator", sort=False)}
    for ind in fw.inputs:
        node = fw.nodes[ind]
        grp = by_ind.get(ind, frame.iloc[0:0])
        given = dict(zip(grp["city"], grp["value"], strict=True))
        absent = [c for c in cities_frame.index if not (c in given and not math.isnan(given[c]))]
        if absent and node.missing == "error":
            shown = ", ".join(absent[:8]) + (f" and {len(absent) - 8} more" if len(absent) > 8 else "")
            problems.append(Problem(path, None, ind, f"no value for {shown}",
                                    "a value for every city, or a missing rule in framework.csv "
                                    "(reweight or group_mean:<attribute>)", kind="indicator"))
        if node.missing.startswith("group_mean:"):
            attr = node.missing.split(":", 1)[1]
            if attr not in cities_frame.columns:
                problems.append(Problem(path, None, ind, f"group_mean over unknown attribute {attr!r}",
                                        "a column of cities.csv", kind="indicator"))
        raw = np.array([v for v in given.values() if not math.isnan(v)], dtype=float)
        _spread(node, raw, grp, cities_frame, path, problems)


def _spread(node: Node, raw: np.ndarray, grp: pd.DataFrame, cities_frame: pd.DataFrame,
            path: str, problems: list[Problem]) -> None:
    if node.denominator:
        if node.denominator not in cities_frame.columns:
            problems.append(Problem(path, None, node.id, f"denominator {node.denominator!r}",
                                    "a numeric column of cities.csv", kind="indicator"))
            return
        denom = pd.to_numeric(cities_frame[node.denominator], errors="coerce")
        den = denom.reindex(grp.loc[~grp["value"].isna(), "city"]).to_numpy(dtype=float)
        if np.isnan(den).any() or (den == 0).any():
            problems.append(Problem(path, None, node.id, f"denominator {node.denominator!r} "
                                    "with empty, non-numeric or zero values",
                                    "a non-zero number for every city", kind="indicator"))
            return
        raw = raw / den
    if node.transform in ("log", "log1p") and raw.size:
        floor = 0.0 if node.transform == "log" else -1.0
        if (raw <= floor).any():
            problems.append(Problem(path, None, node.id, f"values <= {floor:g} under transform "
                                    f"{node.transform}", f"values > {floor:g}", kind="indicator"))
            return
    if node.normalise in ("minmax", "zscore", "percentile") and raw.size and np.ptp(raw) == 0:
        problems.append(Problem(path, None, node.id,
                                f"zero variance (every city has {raw[0]:g})",
                                f"values that differ between cities, as {node.normalise} needs",
                                kind="indicator"))


def previous(table: Table | None, fw: Framework, known: set[str],
             problems: list[Problem]) -> pd.DataFrame:
    """Validate previous.csv: ranks of the previous edition."""
    cols = ["city", "indicator", "rank", "source"]
    if table is None or not fw.nodes or not table.require(cols[:3], problems):
        return pd.DataFrame(columns=cols)
    records, seen = [], {}
    for row in table.rows:
        city, ind, text = row.get("city"), row.get("indicator"), row.get("rank")
        ok = _known_city(table, row, "city", city, known, problems)
        ok = _known_indicator(table, row, ind, fw, problems) and ok
        rank = _number(text) if text else math.nan  # empty: evaluated before, rank not known
        if rank is None or (not math.isnan(rank) and (rank < 1 or rank != int(rank))):
            problems.append(Problem(table.path, row.line, "rank", quote(text),
                                    "a whole number >= 1, or empty where the previous rank is not known"))
            ok = False
        if (city, ind) in seen:
            problems.append(Problem(table.path, row.line, "city", f"duplicate row for {city}, {ind}",
                                    f"one rank per city and indicator (first on line "
                                    f"{seen[city, ind]})"))
            continue
        seen[city, ind] = row.line
        if ok:
            records.append({"city": city, "indicator": ind, "rank": rank,
                            "source": row.get("source")})
    return pd.DataFrame(records, columns=cols)


def _known_indicator(table: Table, row, ind: str, fw: Framework, problems: list[Problem]) -> bool:
    if ind in fw.nodes:
        return True
    problems.append(Problem(table.path, row.line, "indicator", f"unknown indicator {ind!r}",
                            "an id from framework.csv"))
    return False


def published(table: Table | None, fw: Framework, known: set[str],
              problems: list[Problem]) -> pd.DataFrame:
    """Validate published.csv: the numbers the source report printed."""
    cols = ["table", "city", "indicator", "score", "rank", "source"]
    if table is None or not fw.nodes or not table.require(cols[:5], problems):
        return pd.DataFrame(columns=[*cols, "decimals"])
    records, seen = [], {}
    for row in table.rows:
        name, city, ind = row.get("table"), row.get("city"), row.get("indicator")
        ok = _known_city(table, row, "city", city, known, problems)
        ok = _known_indicator(table, row, ind, fw, problems) and ok
        if not name:
            problems.append(Problem(table.path, row.line, "table", "no text",
                                    "the table or figure the number was printed in"))
        score_text, rank_text = row.get("score"), row.get("rank")
        score = _number(score_text) if score_text else math.nan
        rank = _number(rank_text) if rank_text else math.nan
        if score is None:
            problems.append(Problem(table.path, row.line, "score", quote(score_text),
                                    "a finite number, or empty"))
            ok = False
        if rank is None or (not math.isnan(rank) and (rank < 1 or rank != int(rank))):
            problems.append(Problem(table.path, row.line, "rank", quote(rank_text),
                                    "a whole number >= 1, or empty"))
            ok = False
        if not score_text and not rank_text:
            problems.append(Problem(table.path, row.line, "score", "neither a score nor a rank",
                                    "a published score, rank or both"))
            ok = False
        key = (name, city, ind)
        if key in seen:
            problems.append(Problem(table.path, row.line, "city", f"duplicate row for {key}",
                                    f"one row per table, city and indicator (first on line "
                                    f"{seen[key]})"))
            continue
        seen[key] = row.line
        if ok:
            decimals = decimals_of(score_text)
            records.append({"table": name, "city": city, "indicator": ind, "score": score,
                            "rank": rank, "source": row.get("source"), "decimals": decimals})
    return pd.DataFrame(records, columns=[*cols, "decimals"])


def pairs(table: Table | None, known: set[str], problems: list[Problem]) -> pd.DataFrame:
    """Validate pairs.csv: city-pair (pathway) values."""
    cols = ["city_a", "city_b", "indicator", "value", "source"]
    if table is None or not table.require(cols[:4], problems):
        return pd.DataFrame(columns=cols)
    records = []
    seen: defaultdict[tuple, list[int]] = defaultdict(list)
    for row in table.rows:
        a, b, ind, text = (row.get(c) for c in cols[:4])
        ok = _known_city(table, row, "city_a", a, known, problems)
        ok = _known_city(table, row, "city_b", b, known, problems) and ok
        value = _number(text)
        if value is None:
            problems.append(Problem(table.path, row.line, "value", quote(text), "a finite number"))
            ok = False
        seen[a, b, ind].append(row.line)
        if len(seen[a, b, ind]) > 1:
            problems.append(Problem(table.path, row.line, "city_a", f"duplicate row for {a}, {b}, "
                                    f"{ind}", f"one row per pair and indicator (first on line "
                                    f"{seen[a, b, ind][0]})"))
            ok = False
        if ok:
            records.append({"city_a": a, "city_b": b, "indicator": ind, "value": value,
                            "source": row.get("source")})
    return pd.DataFrame(records, columns=cols)
