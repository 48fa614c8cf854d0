"""Machine-readable results: the ranked table written as results.csv and results.xlsx."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..edition import Edition
from ..engine import Results
from .files import write_csv, write_xlsx

PATHWAY_COLUMNS = ["pair_id", "city_a", "city_b"]
"""The columns of a pathway row of results.csv before indicator_id (city rows leave them empty, and pathway rows
city_id and city)."""


def write_results(edition: Edition, results: Results, folder: Path) -> list[Path]:
    """results.csv (every level, one row per city and node, then, for an edition with pathways, one row per pathway
    and node; columns as README.md documents them) and results.xlsx (one sheet per level, one row per city, a score
    and a rank column per node; pathway editions add the same sheets for pathways) in folder."""
    csv_path, xlsx_path = folder / "results.csv", folder / "results.xlsx"
    write_csv(with_illustrative_flag(edition, long_results(results)), csv_path)
    sheets = level_sheets(edition, results.city)
    if results.pathway is not None:
        sheets |= {f"Pathways {level}": sheet for level, sheet in
                   level_sheets(edition, pathway_rows(results.pathway), "pair_id").items()}
    write_xlsx(sheets, xlsx_path)
    return [csv_path, xlsx_path]


def pathway_rows(pathways: pd.DataFrame) -> pd.DataFrame:
    """The pathway results as results.csv writes them: the ids of the two ends are in pair_id; the count of
    pathways a table ranks equal without naming them only where some row has one."""
    out = pathways.drop(columns=["city_a_id", "city_b_id"])
    return out if out["tied_with"].astype(int).any() else out.drop(columns=["tied_with"])


def long_results(results: Results) -> pd.DataFrame:
    """City rows, then pathway rows (their own key columns after the city ones), as one results.csv table."""
    if results.pathway is None:
        return results.city
    city, pathway = results.city, pathway_rows(results.pathway)
    front = ["city_id", "city", *PATHWAY_COLUMNS]
    both = pd.concat([city, pathway], ignore_index=True)
    for col in ("rank", *(c for c in both.columns if c.startswith("rank_"))):
        both[col] = both[col].astype("Int64")
    return both[front + [c for c in both.columns if c not in front]]


def level_sheets(edition: Edition, long: pd.DataFrame, key: str = "city_id") -> dict[str, pd.DataFrame]:
    """The results as a spreadsheet reader wants them: per level a sheet with a row per city (in the order of
    the overall ranking) and, per node of the level, its score and rank (and status, where there is one);
    key="pair_id": the same for pathways, a row per pathway."""
    fw = edition.framework
    order = list(dict.fromkeys(long[key]))  # the first node's rows come first, in rank order
    nodes = list(dict.fromkeys(long["indicator_id"]))
    names = (dict(zip(long["city_id"], long["city"], strict=False)) if key == "city_id" else
             {p: f"{a}–{b}" for p, a, b in zip(long["pair_id"], long["city_a"], long["city_b"], strict=False)})
    first = long.drop_duplicates("indicator_id").set_index("indicator_id")
    wide = {col: long.pivot(index=key, columns="indicator_id", values=col).reindex(index=order)
            for col in ("score", "rank", "status") if col in long.columns}
    sheets: dict[str, dict] = {}
    for nid in nodes:
        head = ({"city_id": order, "city": [names[c] for c in order]} if key == "city_id" else
                {"pair_id": order, "pathway": [names[c] for c in order]})
        sheet = sheets.setdefault(str(first.at[nid, "level"]), head)
        label = f"{first.at[nid, 'indicator']} ({nid})" if nid != fw.root.id else "Overall"
        sheet[f"{label}: score"] = wide["score"][nid].to_numpy(dtype=float)
        sheet[f"{label}: rank"] = wide["rank"][nid].array
        status = wide["status"][nid].fillna("") if "status" in wide else None
        if status is not None and status.ne("").any():
            sheet[f"{label}: status"] = status.to_numpy()
    return {level: with_illustrative_flag(edition, pd.DataFrame(sheet)) for level, sheet in sheets.items()}


def with_illustrative_flag(edition: Edition, frame: pd.DataFrame) -> pd.DataFrame:
    """Illustrative editions say so in every file: a column that cannot be missed."""
    if not edition.settings.illustrative:
        return frame
    return frame.assign(data="illustrative, not published")
