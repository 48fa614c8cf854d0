"""Output file formats with stable bytes: CSV at full precision and XLSX with fixed dates, neither with
a live formula; and the build's timestamp."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

RENAME_EXCHANGE = 2
AT_FDCWD = -100
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""Text cells beginning with these are formulas to a spreadsheet (CSV injection); they are written quoted."""


def source_date() -> dt.datetime:
    """The build's timestamp: SOURCE_DATE_EPOCH when set, else a fixed epoch (reproducible)."""
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "315532800"))  # 1980-01-01, zip's minimum
    return dt.datetime.fromtimestamp(max(epoch, 315532800), tz=dt.UTC).replace(tzinfo=None)


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(csv_bytes(frame))


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV at full precision; text cells that a spreadsheet would run as a formula are quoted with '."""
    return defused(frame).to_csv(index=False, lineterminator="\n").encode("utf-8")


def defused(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every text cell that starts like a formula prefixed with ' (OWASP's advice)."""
    out = frame.copy()
    for col in out.columns:
        cells = out[col]
        if cells.dtype == object or pd.api.types.is_string_dtype(cells):
            try:
                risky = cells.str.startswith(FORMULA_START, na=False).astype(bool)  # non-text cells: never risky
            except AttributeError:  # a column without text (numbers kept as objects): nothing to defuse
                continue
            if risky.any():
                out[col] = cells.where(~risky, "'" + cells.astype(str))
    return out


def write_xlsx(sheets: dict[str, pd.DataFrame], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(xlsx_bytes(sheets))


def xlsx_bytes(sheets: dict[str, pd.DataFrame]) -> bytes:
    """A workbook with one sheet per entry, byte-identical across runs; text is always text, never a formula
    or a link; missing values are empty cells."""
    import xlsxwriter  # only the verbs that write workbooks need it

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                        "strings_to_numbers": False, "nan_inf_to_errors": False})
    book.set_properties({"created": source_date()})
    bold = book.add_format({"bold": True})
    for name, frame in sheets.items():
        sheet = book.add_worksheet(sheet_name(name))
        sheet.write_row(0, 0, [str(c) for c in frame.columns], bold)
        for j, col in enumerate(frame.columns):
            _write_column(sheet, j, frame[col])
    book.close()
    return stable_zip(buffer.getvalue())


def _write_column(sheet, j: int, cells: pd.Series) -> None:
    numeric = pd.api.types.is_numeric_dtype(cells) and not pd.api.types.is_bool_dtype(cells)
    values = cells.astype("Float64").to_numpy(dtype=float, na_value=np.nan) if numeric else cells.to_numpy()
    for i, value in enumerate(values, start=1):
        if numeric:
            if not np.isnan(value):
                sheet.write_number(i, j, float(value))
        elif value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
            continue
        elif isinstance(value, bool | np.bool_):
            sheet.write_boolean(i, j, bool(value))
        elif isinstance(value, int | float | np.integer | np.floating):
            sheet.write_number(i, j, float(value))
        else:
            sheet.write_string(i, j, str(value))


def sheet_name(name: str) -> str:
    """Excel allows 31 characters and none of []:*?/\\ in a sheet name."""
    cleaned = "".join("_" if ch in "[]:*?/\\" else ch for ch in name)
    return cleaned[:31]


def stable_zip(data: bytes) -> bytes:
    """Rewrite a zip archive with fixed member timestamps and order, so bytes are reproducible."""
    stamp = source_date().timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=stamp)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # the creation and save times
                data = _fixed_dates(data)
            dst.writestr(member, data)
    return out.getvalue()


def _fixed_dates(core_xml: bytes) -> bytes:
    """Replace the created and modified dates of an Office core-properties part by source_date()."""
    when = source_date().strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    return re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)", rb"\g<1>" + when + rb"\g<2>",
                  core_xml)
