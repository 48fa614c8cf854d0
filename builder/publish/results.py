"""Machine-readable results: the ranked table written as results.csv and results.xlsx."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..edition import Edition
from ..engine import Results
from .files import write_csv, write_xlsx


def write_results(edition: Edition, results: Results, folder: Path) -> list[Path]:
    """results.csv (every level; columns as README.md documents them) and results.xlsx (one sheet per
    level) in folder."""
    csv_path, xlsx_path = folder / "results.csv", folder / "results.xlsx"
    out = with_illustrative_flag(edition, results.city)
    write_csv(out, csv_path)
    sheets = {level: frame for level, frame in out.groupby("level", sort=False)}
    write_xlsx(sheets, xlsx_path)
    return [csv_path, xlsx_path]


def with_illustrative_flag(edition: Edition, frame: pd.DataFrame) -> pd.DataFrame:
    """Illustrative editions say so in every file: a column that cannot be missed."""
    if not edition.settings.illustrative:
        return frame
    return frame.assign(data="illustrative, not published")
