"""The data files checked against the framework and the cities ("the data is wrong"): groups.csv,
cities.csv, values.csv, previous.csv, published.csv and pairs.csv; each check appends Problems and
returns a typed frame."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..errors import Problem, hint, known_list, problem, quote
from .cells import checked_id, decimals_of, number, translations
from .framework import Framework, Node
from .read import Row, Table
from .settings import EditionSettings

TRANSFORM_FLOOR = {"log": 0.0, "log1p": -1.0}  # values must be greater than this


def groups(table: Table | None, langs: list[str], problems: list[Problem]) -> pd.DataFrame:
    """Validate groups.csv: translations of grouping values."""
    cols = ["attribute", "value", *(f"name_{lang}" for lang in langs)]
    if table is None or not table.require(cols, problems, prefixes=("name_",)):
        return pd.DataFrame(columns=cols)
    seen: dict[tuple[str, str], int] = {}
    records = []
    for row in table.rows:
        key = (row.get("attribute"), row.get("value"))
        if key in seen:
            problems.append(problem("group-duplicate", table.path, row.line, "value", attribute=key[0],
                                    value=key[1], first=seen[key]))
            continue
        seen[key] = row.line
        names = translations(table, row, "name", langs, problems)
        records.append({"attribute": key[0], "value": key[1], **{f"name_{lang}": names[lang] for lang in langs}})
    return pd.DataFrame(records, columns=cols)


def cities(table: Table, settings: EditionSettings, groups_frame: pd.DataFrame,
           problems: list[Problem]) -> tuple[pd.DataFrame, dict[str, int]]:
    """Validate cities.csv: unique ids, names per language, translated group values.

    Returns the cities (index: id) and the line of each city in the file (for messages).
    """
    langs = settings.languages
    if not table.require(["id", *(f"name_{lang}" for lang in langs)], problems, open_ended=True):
        return pd.DataFrame(columns=["id"]).set_index("id"), {}
    grouped = set(groups_frame["attribute"]) | set(settings.group_ranks)
    translated = set(zip(groups_frame["attribute"], groups_frame["value"], strict=True))
    for attr in settings.group_ranks:
        if attr not in table.header:
            problems.append(problem("city-group-column", table.path, 1, attr))
    records, seen = [], {}
    for row in table.rows:
        cid = checked_id(table, row, "city-id", problems)
        if cid is None:
            continue
        if cid in seen:
            problems.append(problem("city-duplicate", table.path, row.line, "id", city=cid, first=seen[cid]))
            continue
        seen[cid] = row.line
        translations(table, row, "name", langs, problems)
        for attr in sorted(grouped & set(table.header)):
            value = row.get(attr)
            if value and (attr, value) not in translated:
                problems.append(problem("city-group-value", table.path, row.line, attr, found=quote(value),
                                        attribute=attr))
        records.append({k: (v or "").strip() for k, v in row.cells.items() if k})
    frame = pd.DataFrame(records, columns=[h for h in dict.fromkeys(table.header) if h])
    return frame.set_index("id"), seen


def _known_city(table: Table, row: Row, column: str, city: str, known: set[str] | None,
                problems: list[Problem]) -> bool:
    if known is None or city in known:  # None: cities.csv could not be read, so nothing to check against
        return True
    problems.append(problem("city-unknown", table.path, row.line, column, city=city, hint=hint(city, known)))
    return False


def _known_indicator(table: Table, row: Row, ind: str, fw: Framework, problems: list[Problem]) -> bool:
    if ind in fw.nodes:
        return True
    problems.append(problem("indicator-unknown", table.path, row.line, "indicator", indicator=ind,
                            hint=hint(ind, fw.nodes)))
    return False


def _duplicate(table: Table, row: Row, column: str, key: tuple, seen: dict, what: str, per: str,
               problems: list[Problem]) -> bool:
    if key in seen:
        problems.append(problem("value-duplicate", table.path, row.line, column, what=what, per=per,
                                first=seen[key]))
        return True
    seen[key] = row.line
    return False


def _rank(text: str, table: Table, row: Row, expected: str, problems: list[Problem]) -> tuple[float, bool]:
    rank = number(text) if text else math.nan
    if rank is None or (not math.isnan(rank) and (rank < 1 or rank != int(rank))):
        problems.append(problem("rank-not-whole", table.path, row.line, "rank", found=quote(text), expected=expected))
        return math.nan, False
    return rank, True


def values(table: Table | None, fw: Framework, known: set[str], cities_frame: pd.DataFrame, city_lines: dict,
           cities_path: str, problems: list[Problem]) -> pd.DataFrame:
    """Validate values.csv against the framework and cities; check completeness, domains and spread."""
    cols = ["city", "indicator", "value", "source"]
    if table is None or not fw.nodes or not table.require(cols[:3], problems, optional=("source", "note")):
        return pd.DataFrame(columns=[*cols, "decimals"])
    inputs = set(fw.inputs)
    seen: dict[tuple[str, str], int] = {}
    records = []
    for row in table.rows:
        city, ind, text = row.get("city"), row.get("indicator"), row.get("value")
        ok = _known_city(table, row, "city", city, known, problems)
        if not _known_indicator(table, row, ind, fw, problems):
            ok = False
        elif ind not in inputs:
            problems.append(problem("value-not-input", table.path, row.line, "indicator", indicator=ind,
                                    inputs=known_list(fw.inputs)))
            ok = False
        value = number(text) if text else math.nan
        if value is None:
            problems.append(problem("value-not-number", table.path, row.line, "value", found=quote(text)))
            ok = False
        if _duplicate(table, row, "city", (city, ind), seen, f"{city}, {ind}", "value per city and indicator",
                      problems):
            continue
        if ok:
            records.append({"city": city, "indicator": ind, "value": value, "source": row.get("source"),
                            "line": row.line, "decimals": decimals_of(text)})
    frame = pd.DataFrame(records, columns=[*cols, "line", "decimals"])
    for ind in fw.inputs:
        _completeness(fw.nodes[ind], frame[frame["indicator"] == ind], cities_frame, table.path, problems)
        _denominators(fw.nodes[ind], frame[frame["indicator"] == ind], cities_frame, city_lines, cities_path,
                      table.path, problems)
    return frame.drop(columns="line")


def _completeness(node: Node, grp: pd.DataFrame, cities_frame: pd.DataFrame, path: str,
                  problems: list[Problem]) -> None:
    given = set(grp.loc[grp["value"].notna(), "city"])
    absent = [c for c in cities_frame.index if c not in given]
    if absent and node.missing == "error":
        shown = ", ".join(absent[:8]) + (f" and {len(absent) - 8} more" if len(absent) > 8 else "")
        problems.append(problem("value-missing", path, None, node.id, cities=shown))
    if node.missing.startswith("group_mean:"):
        attr = node.missing.split(":", 1)[1]
        if attr not in cities_frame.columns:
            problems.append(problem("group-mean-attribute", path, None, node.id, attribute=attr))


def _denominators(node: Node, grp: pd.DataFrame, cities_frame: pd.DataFrame, city_lines: dict, cities_path: str,
                  path: str, problems: list[Problem]) -> None:
    """Denominators, transform domains and spread of one input indicator, each problem at its row."""
    present = grp[grp["value"].notna()]
    raw = present["value"].to_numpy(dtype=float)
    usable = np.ones(len(present), dtype=bool)
    if node.denominator:
        if node.denominator not in cities_frame.columns:
            if len(cities_frame.columns):  # else cities.csv could not be read: nothing to check against
                problems.append(problem("denominator-column", path, None, node.id, column=node.denominator,
                                        hint=hint(node.denominator, cities_frame.columns)))
            return
        texts = cities_frame[node.denominator].reindex(present["city"]).fillna("").astype(str).to_numpy()
        den = np.array([number(t) if t.strip() else None for t in texts], dtype=object)
        for city, text, d in zip(present["city"], texts, den, strict=True):
            if d is None or d == 0:
                problems.append(problem("denominator-value", cities_path, city_lines.get(city), node.denominator,
                                        found=quote(text) if d is None else "0", indicator=node.id))
        usable = np.array([d is not None and d != 0 for d in den], dtype=bool)
        raw = np.where(usable, raw / np.where(usable, den, 1).astype(float), np.nan)
    floor = TRANSFORM_FLOOR.get(node.transform or "")
    if floor is not None:
        bad = usable & (raw <= floor)
        for line, value, r in zip(present["line"][bad], present["value"][bad], raw[bad], strict=True):
            shown = f"{value:g}" if not node.denominator else f"{value:g} (per {node.denominator}: {r:g})"
            problems.append(problem("transform-domain", path, int(line), "value", value=shown,
                                    transform=node.transform, floor=floor, indicator=node.id))
        usable &= ~bad
    finite = raw[usable & ~np.isnan(raw)]
    if node.normalise in ("minmax", "zscore", "percentile") and finite.size and np.ptp(finite) == 0:
        problems.append(problem("zero-variance", path, None, node.id, value=finite[0], method=node.normalise))


def previous(table: Table | None, fw: Framework, known: set[str], problems: list[Problem]) -> pd.DataFrame:
    """Validate previous.csv: ranks of the previous edition."""
    cols = ["city", "indicator", "rank", "source"]
    if table is None or not fw.nodes or not table.require(cols[:3], problems, optional=("source", "note")):
        return pd.DataFrame(columns=cols)
    records, seen = [], {}
    for row in table.rows:
        city, ind = row.get("city"), row.get("indicator")
        ok = _known_city(table, row, "city", city, known, problems)
        ok = _known_indicator(table, row, ind, fw, problems) and ok
        rank, good = _rank(row.get("rank"), table, row,
                           "a whole number >= 1, or empty where the previous rank is not known", problems)
        if _duplicate(table, row, "city", (city, ind), seen, f"{city}, {ind}", "rank per city and indicator",
                      problems):
            continue
        if ok and good:
            records.append({"city": city, "indicator": ind, "rank": rank, "source": row.get("source")})
    return pd.DataFrame(records, columns=cols)


def published(table: Table | None, fw: Framework, known: set[str], problems: list[Problem]) -> pd.DataFrame:
    """Validate published.csv: the numbers the source report printed."""
    cols = ["table", "city", "indicator", "score", "rank", "source"]
    if table is None or not fw.nodes or not table.require(cols[:5], problems, optional=("source", "note")):
        return pd.DataFrame(columns=[*cols, "decimals"])
    records, seen = [], {}
    for row in table.rows:
        name, city, ind = row.get("table"), row.get("city"), row.get("indicator")
        ok = _known_city(table, row, "city", city, known, problems)
        ok = _known_indicator(table, row, ind, fw, problems) and ok
        if not name:
            problems.append(problem("published-table", table.path, row.line, "table"))
        score_text, rank_text = row.get("score"), row.get("rank")
        score = number(score_text) if score_text else math.nan
        if score is None:
            problems.append(problem("value-not-number", table.path, row.line, "score", found=quote(score_text)))
            ok = False
        rank, good = _rank(rank_text, table, row, "a whole number >= 1, or empty", problems)
        if not score_text and not rank_text:
            problems.append(problem("published-empty", table.path, row.line, "score"))
            ok = False
        if _duplicate(table, row, "city", (name, city, ind), seen, f"{name}, {city}, {ind}",
                      "row per table, city and indicator", problems):
            continue
        if ok and good:
            records.append({"table": name, "city": city, "indicator": ind, "score": score, "rank": rank,
                            "source": row.get("source"), "decimals": decimals_of(score_text)})
    return pd.DataFrame(records, columns=[*cols, "decimals"])


def pairs(table: Table | None, known: set[str], problems: list[Problem]) -> pd.DataFrame:
    """Validate pairs.csv: city-pair (pathway) values."""
    cols = ["city_a", "city_b", "indicator", "value", "source"]
    if table is None or not table.require(cols[:4], problems, optional=("source", "note")):
        return pd.DataFrame(columns=cols)
    records, seen = [], {}
    for row in table.rows:
        a, b, ind, text = (row.get(c) for c in cols[:4])
        ok = _known_city(table, row, "city_a", a, known, problems)
        ok = _known_city(table, row, "city_b", b, known, problems) and ok
        value = number(text)
        if value is None:
            problems.append(problem("value-not-number", table.path, row.line, "value", found=quote(text)))
            ok = False
        if _duplicate(table, row, "city_a", (a, b, ind), seen, f"{a}, {b}, {ind}", "row per pair and indicator",
                      problems):
            continue
        if ok:
            records.append({"city_a": a, "city_b": b, "indicator": ind, "value": value, "source": row.get("source")})
    return pd.DataFrame(records, columns=cols)
