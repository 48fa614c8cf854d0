"""Machine-readable results: the ranked table written as results.csv and results.xlsx."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..edition import Edition
from ..engine import Results
from .files import write_csv, write_xlsx


def write_results(edition: Edition, results: Results, folder: Path) -> list[Path]:
    """results.csv (every level, one row per city and node; columns as README.md documents them) and
    results.xlsx (one sheet per level, one row per city, a score and a rank column per node) in folder."""
    csv_path, xlsx_path = folder / "results.csv", folder / "results.xlsx"
    write_csv(with_illustrative_flag(edition, results.city), csv_path)
    write_xlsx(level_sheets(edition, results.city), xlsx_path)
    return [csv_path, xlsx_path]


def level_sheets(edition: Edition, long: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The results as a spreadsheet reader wants them: per level a sheet with a row per city (in the order of
    the overall ranking) and, per node of the level, its score and rank (and status, where there is one)."""
    fw = edition.framework
    order = list(dict.fromkeys(long["city_id"]))  # the first node's rows come first, in rank order
    nodes = list(dict.fromkeys(long["indicator_id"]))
    names = dict(zip(long["city_id"], long["city"], strict=False))
    first = long.drop_duplicates("indicator_id").set_index("indicator_id")
    wide = {col: long.pivot(index="city_id", columns="indicator_id", values=col).reindex(index=order)
            for col in ("score", "rank", "status") if col in long.columns}
    sheets: dict[str, dict] = {}
    for nid in nodes:
        sheet = sheets.setdefault(str(first.at[nid, "level"]), {"city_id": order, "city": [names[c] for c in order]})
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
