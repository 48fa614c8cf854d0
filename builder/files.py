"""Writing outputs safely and reproducibly: atomic replacement, CSV and XLSX with stable bytes."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

FLOAT_FORMAT = "%.6f"


def source_date() -> dt.datetime:
    """The build's timestamp: SOURCE_DATE_EPOCH when set, else a fixed epoch (reproducible)."""
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "315532800"))  # 1980-01-01, zip's minimum
    return dt.datetime.fromtimestamp(max(epoch, 315532800), tz=dt.UTC).replace(tzinfo=None)


@contextmanager
def staging(final_dir: Path) -> Iterator[Path]:
    """A scratch folder beside final_dir; on success its files replace those in final_dir.

    Nothing in final_dir changes unless the block completes, so a failed build leaves the
    last good output intact.
    """
    final_dir.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{final_dir.name}-", dir=final_dir.parent))
    try:
        yield scratch
        publish(scratch, final_dir)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def publish(scratch: Path, final_dir: Path) -> None:
    """Move every file from scratch into final_dir, each with an atomic rename."""
    for src in sorted(p for p in scratch.rglob("*") if p.is_file()):
        dest = final_dir / src.relative_to(scratch)
        dest.parent.mkdir(parents=True, exist_ok=True)
        os.replace(src, dest)


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False, float_format=FLOAT_FORMAT, lineterminator="\n")


def write_xlsx(sheets: dict[str, pd.DataFrame], path: Path) -> None:
    """A workbook with one sheet per entry, byte-identical across runs."""
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        when = source_date()
        writer.book.properties.created = when
        writer.book.properties.modified = when
        for name, frame in sheets.items():
            frame.to_excel(writer, sheet_name=sheet_name(name), index=False)
    path.write_bytes(stable_zip(buffer.getvalue()))


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
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save time here
                data = _fixed_dates(data)
            dst.writestr(member, data)
    return out.getvalue()


def _fixed_dates(core_xml: bytes) -> bytes:
    """Replace the created and modified dates of an Office core-properties part by source_date()."""
    when = source_date().strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    return re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)", rb"\g<1>" + when + rb"\g<2>",
                  core_xml)
