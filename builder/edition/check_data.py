"""The data files checked against the framework and the cities ("the data is wrong"): groups.csv,
cities.csv, values.csv, previous.csv, published.csv, pairs.csv and published_pairs.csv; each check appends Problems and
returns a typed frame."""

from __future__ import annotations

import math

import pandas as pd

from ..errors import Problem, hint, known_list, problem, quote
from .cells import checked_id, decimals_of, number, translations
from .framework import Framework
from .read import Row, Table
from .settings import EditionSettings


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


NOT_APPLICABLE = "n/a"
NO_SCORE = ("-", "–", "—")
"""What a published table prints for a unit it gives no score (the GHI's "-")."""


def values(table: Table | None, fw: Framework, known: set[str] | None, problems: list[Problem]) -> pd.DataFrame:
    """Validate values.csv row by row against the framework and cities: a number, empty (missing) or `n/a`
    (not applicable) per city, indicator and, where the file has the column, year. The indicator is an input
    node or a raw variable that a computed input uses. Completeness, denominators and domains are checked
    once the inputs are assembled (inputs.py)."""
    cols = ["city", "indicator", "value", "year", "source"]
    frame_cols = [*cols, "na", "line", "decimals"]
    if table is None or not fw.nodes or not table.require(cols[:3], problems, optional=("year", "source", "note")):
        return pd.DataFrame(columns=frame_cols)
    computed = {nid for nid in fw.inputs if fw.nodes[nid].compute}
    allowed = (set(fw.inputs) - computed) | variables(fw)
    has_year = "year" in table.header
    seen: dict[tuple, int] = {}
    records = []
    for row in table.rows:
        city, ind, text = row.get("city"), row.get("indicator"), row.get("value")
        ok = _known_city(table, row, "city", city, known, problems)
        if ind not in allowed and ind not in fw.nodes and not computed:
            ok = _known_indicator(table, row, ind, fw, problems) and False
        elif ind not in allowed:
            shown = known_list(sorted(allowed))
            problems.append(problem("value-not-input", table.path, row.line, "indicator", indicator=ind,
                                    inputs=shown, hint=hint(ind, allowed) if ind not in fw.nodes else "",
                                    why=("a computed input (framework.csv computes it)" if ind in computed
                                         else "not an input node" if ind in fw.nodes else "not in framework.csv")))
            ok = False
        na = text.strip().lower() == NOT_APPLICABLE
        value = math.nan if na or not text else number(text)
        if value is None:
            problems.append(problem("value-not-number", table.path, row.line, "value", found=quote(text),
                                    expected="a finite number, n/a where the indicator does not apply, or empty "
                                             "for a missing value"))
            ok = False
        year = math.nan
        if has_year:
            year_text = row.get("year")
            year_value = number(year_text) if year_text else None
            if year_value is None or year_value != int(year_value) or not 1000 <= year_value <= 9999:
                problems.append(problem("value-year", table.path, row.line, "year", found=quote(year_text)))
                ok = False
            else:
                year = year_value
        key = (city, ind, year) if has_year else (city, ind)
        per = "value per city, indicator and year" if has_year else "value per city and indicator"
        if _duplicate(table, row, "city", key, seen, ", ".join(map(_shown, key)), per, problems):
            continue
        if ok:
            records.append({"city": city, "indicator": ind, "value": value, "year": year, "source": row.get("source"),
                            "na": na, "line": row.line, "decimals": decimals_of(text) if not na else math.nan})
    return pd.DataFrame(records, columns=frame_cols)


def _shown(part: object) -> str:
    return f"{part:g}" if isinstance(part, float) else str(part)


def variables(fw: Framework) -> set[str]:
    """Raw variables that computed inputs use (indicator ids of values.csv that are not nodes)."""
    return {str(arg) for nid in fw.inputs if fw.nodes[nid].compute
            for name, arg in fw.nodes[nid].compute[1].items() if name in ("a", "b")}


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


def published(table: Table | None, fw: Framework, known: set[str], problems: list[Problem],
              tiers: list[str] = ()) -> pd.DataFrame:
    """Validate published.csv: the numbers the source report printed, and the tier it put a city in (a row may
    give only the tier, where the report publishes tiers and not scores)."""
    cols = ["table", "city", "indicator", "score", "rank", "source"]
    extra = ["decimals", "below", "no_score", "tier"]
    if table is None or not fw.nodes or not table.require(cols[:5], problems, optional=("tier", "source", "note")):
        return pd.DataFrame(columns=[*cols, *extra])
    records, seen = [], {}
    for row in table.rows:
        name, city, ind = row.get("table"), row.get("city"), row.get("indicator")
        ok = _known_city(table, row, "city", city, known, problems)
        ok = _known_indicator(table, row, ind, fw, problems) and ok
        if not name:
            problems.append(problem("published-table", table.path, row.line, "table"))
        score_text, rank_text = row.get("score"), row.get("rank")
        no_score = score_text in NO_SCORE
        if no_score:
            score_text = ""
        below = number(score_text[1:].strip()) if score_text.startswith("<") else math.nan
        score = math.nan if below is None or not math.isnan(below) else number(score_text) if score_text else math.nan
        if score is None or below is None:
            problems.append(problem("value-not-number", table.path, row.line, "score", found=quote(score_text),
                                    expected="a finite number, a censored value such as <5, - for no score, or empty"))
            ok = False
        rank, good = _rank(rank_text, table, row, "a whole number >= 1, or empty", problems)
        tier = row.get("tier")
        if tier and tier not in tiers:
            problems.append(problem("published-tier", table.path, row.line, "tier",
                                    found=quote(tier) + hint(tier, tiers),
                                    known=", ".join(tiers) or "none (edition.yaml declares no tiers)"))
            ok = False
        if not score_text and not rank_text and not no_score and not tier:
            problems.append(problem("published-empty", table.path, row.line, "score"))
            ok = False
        if no_score and rank_text:
            problems.append(problem("published-no-score-rank", table.path, row.line, "rank", found=quote(rank_text)))
            ok = False
        if _duplicate(table, row, "city", (name, city, ind), seen, f"{name}, {city}, {ind}",
                      "row per table, city and indicator", problems):
            continue
        if ok and good:
            records.append({"table": name, "city": city, "indicator": ind, "score": score, "rank": rank,
                            "source": row.get("source"), "decimals": decimals_of(score_text), "below": below,
                            "no_score": no_score, "tier": tier})
    return pd.DataFrame(records, columns=[*cols, *extra])


PAIR_SEPARATOR = "~"
"""Joins the two city ids of a pathway, in alphabetical order, into its id (moscow~shanghai): not a character of
city ids, so a pair id reads back unambiguously."""


def pair_id(a: str, b: str) -> str:
    """The id of the unordered pair of cities a and b."""
    return PAIR_SEPARATOR.join(sorted((a, b)))


def pairs(table: Table | None, fw: Framework, known: set[str] | None, problems: list[Problem],
          scored: bool = False) -> pd.DataFrame:
    """Validate pairs.csv: city-pair (pathway) values, one row per unordered pair of two different cities and
    indicator. Where the edition scores pathways (`scored`), each indicator is an input node and every pair has a
    value for every input."""
    cols = ["city_a", "city_b", "indicator", "value", "source"]
    frame_cols = ["pair_id", *cols, "line"]
    if table is None or not table.require(cols[:4], problems, optional=("source", "note")):
        return pd.DataFrame(columns=frame_cols)
    inputs = set(fw.inputs)
    records, seen = [], {}
    for row in table.rows:
        a, b, ind, text = (row.get(c) for c in cols[:4])
        ok = _known_city(table, row, "city_a", a, known, problems)
        ok = _known_city(table, row, "city_b", b, known, problems) and ok
        if a and a == b:
            problems.append(problem("pair-same-city", table.path, row.line, "city_b", city=a))
            ok = False
        if fw.nodes and ind not in fw.nodes:
            ok = _known_indicator(table, row, ind, fw, problems) and False
        elif scored and ind not in inputs:
            problems.append(problem("value-not-input", table.path, row.line, "indicator", indicator=ind,
                                    inputs=known_list(fw.inputs), hint="", why="not an input node"))
            ok = False
        value = number(text)
        if value is None:
            problems.append(problem("value-not-number", table.path, row.line, "value", found=quote(text),
                                    expected="a finite number"))
            ok = False
        pid = pair_id(a, b)
        if _duplicate(table, row, "city_a", (pid, ind), seen, f"{a}, {b}, {ind}",
                      "row per pair (in either order) and indicator", problems):
            continue
        if ok:
            records.append({"pair_id": pid, "city_a": a, "city_b": b, "indicator": ind, "value": value,
                            "source": row.get("source"), "line": row.line})
    frame = pd.DataFrame(records, columns=frame_cols)
    if scored and not any(p.file == table.path for p in problems):
        _complete_pairs(table, frame, fw, problems)
    return frame


def _complete_pairs(table: Table, frame: pd.DataFrame, fw: Framework, problems: list[Problem]) -> None:
    """Every pair that pairs.csv lists has a value for every input indicator (a pathway is scored on all of them)."""
    have = set(zip(frame["pair_id"], frame["indicator"], strict=True))
    for nid in fw.inputs:
        absent = [p for p in dict.fromkeys(frame["pair_id"]) if (p, nid) not in have]
        if absent:
            shown = ", ".join(p.replace(PAIR_SEPARATOR, "–") for p in absent[:8])
            more = f" and {len(absent) - 8} more" if len(absent) > 8 else ""
            problems.append(problem("pair-incomplete", table.path, None, nid, pairs=shown + more))


def published_pairs(table: Table | None, fw: Framework, known: set[str] | None,
                    problems: list[Problem]) -> pd.DataFrame:
    """Validate published_pairs.csv: the pathway scores and ranks the source report printed, per table; `tied_with`
    counts the further pathways that share the row's rank but that the table does not name ("Moscow–Chengdu,
    etc.")."""
    cols = ["table", "city_a", "city_b", "indicator", "score", "rank", "tied_with", "source"]
    frame_cols = ["table", "pair_id", "city_a", "city_b", "indicator", "score", "rank", "tied_with", "source",
                  "decimals", "line"]
    if table is None or not fw.nodes or not table.require(cols[:6], problems,
                                                          optional=("tied_with", "source", "note")):
        return pd.DataFrame(columns=frame_cols)
    records, seen = [], {}
    for row in table.rows:
        name, a, b, ind = (row.get(c) for c in cols[:4])
        ok = _known_city(table, row, "city_a", a, known, problems)
        ok = _known_city(table, row, "city_b", b, known, problems) and ok
        ok = _known_indicator(table, row, ind, fw, problems) and ok
        if not name:
            problems.append(problem("published-table", table.path, row.line, "table"))
        if a and a == b:
            problems.append(problem("pair-same-city", table.path, row.line, "city_b", city=a))
            ok = False
        score_text, rank_text = row.get("score"), row.get("rank")
        score = number(score_text) if score_text else math.nan
        if score is None:
            problems.append(problem("value-not-number", table.path, row.line, "score", found=quote(score_text),
                                    expected="a finite number, or empty"))
            ok = False
        rank, good = _rank(rank_text, table, row, "a whole number >= 1, or empty", problems)
        tied_text = row.get("tied_with") or "0"
        tied = number(tied_text)
        if tied is None or tied < 0 or tied != int(tied) or (tied and not rank_text):
            problems.append(problem("published-tied-with", table.path, row.line, "tied_with", found=quote(tied_text)))
            ok, tied = False, 0
        if not score_text and not rank_text:
            problems.append(problem("published-empty", table.path, row.line, "score"))
            ok = False
        pid = pair_id(a, b)
        if _duplicate(table, row, "city_a", (name, pid, ind), seen, f"{name}, {a}, {b}, {ind}",
                      "row per table, pair (in either order) and indicator", problems):
            continue
        if ok and good:
            records.append({"table": name, "pair_id": pid, "city_a": a, "city_b": b, "indicator": ind,
                            "score": score, "rank": rank, "tied_with": int(tied), "source": row.get("source"),
                            "decimals": decimals_of(score_text), "line": row.line})
    return pd.DataFrame(records, columns=frame_cols)


EXTERNAL = ["table", "city", "index", "rank", "panel", "source"]


def external_ranks(table: Table | None, known: set[str] | None, indices: set[str],
                   problems: list[Problem]) -> pd.DataFrame:
    """Validate external_ranks.csv: the ranks another index (declared in edition.yaml `external`) gives the cities,
    as a table of the source report prints them beside this index's."""
    if table is None or not table.require(EXTERNAL[:4], problems, optional=("panel", "source")):
        return pd.DataFrame(columns=EXTERNAL)
    records, seen = [], {}
    for row in table.rows:
        name, city, index = row.get("table"), row.get("city"), row.get("index")
        ok = _known_city(table, row, "city", city, known, problems)
        if not name:
            problems.append(problem("published-table", table.path, row.line, "table"))
            ok = False
        if index not in indices:
            problems.append(problem("external-index", table.path, row.line, "index", found=quote(index or "")
                                    + hint(index or "", indices), known=", ".join(sorted(indices)) or "none"))
            ok = False
        rank, good = _rank(row.get("rank"), table, row, "a whole number >= 1", problems)
        if good and math.isnan(rank):
            problems.append(problem("external-rank", table.path, row.line, "rank"))
            good = False
        if _duplicate(table, row, "city", (name, city, index), seen, f"{name}, {city}, {index}",
                      "row per table, city and index", problems):
            continue
        if ok and good:
            records.append({"table": name, "city": city, "index": index, "rank": int(rank),
                            "panel": row.get("panel") or "", "source": row.get("source")})
    return pd.DataFrame(records, columns=EXTERNAL)
