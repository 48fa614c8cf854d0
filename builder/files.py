"""Writing outputs safely and reproducibly: one publisher per edition at a time, atomic replacement,
debris of killed runs cleared, CSV and XLSX with stable bytes and no live formulas.

A run writes everything into a staging folder beside output/<edition>/ and, once every step
has succeeded, swaps it in with one atomic rename. Top-level entries the run did not make
(the other language, when a build makes one) are carried over as hard links. A killed run
leaves at most its staging folder, which the next run of that edition removes and names.
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import errno
import fcntl
import io
import os
import re
import secrets
import shutil
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .errors import SetupError, problem
from .tables import display_path

RENAME_EXCHANGE = 2
AT_FDCWD = -100
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""Text cells beginning with these are formulas to a spreadsheet (CSV injection); they are written quoted."""


def source_date() -> dt.datetime:
    """The build's timestamp: SOURCE_DATE_EPOCH when set, else a fixed epoch (reproducible)."""
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "315532800"))  # 1980-01-01, zip's minimum
    return dt.datetime.fromtimestamp(max(epoch, 315532800), tz=dt.UTC).replace(tzinfo=None)


@dataclass
class Staging:
    """Where a run writes, and what debris of earlier, interrupted runs it removed first."""

    scratch: Path
    debris: list[str] = field(default_factory=list)


def output_folder(folder: Path) -> None:
    """Make sure `folder` can hold outputs: a folder, created if missing; else a SetupError."""
    for part in [folder, *folder.parents]:
        if part.exists() and not part.is_dir():
            raise SetupError(problem("output-not-folder", display_path(part)))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SetupError(problem("output-unwritable", display_path(folder), error=exc.strerror or str(exc))) from None


@contextmanager
def staging(final_dir: Path, on_wait: Callable[[str], None] | None = None, *,
            locked: bool = False) -> Iterator[Staging]:
    """A scratch folder beside final_dir; on success it replaces final_dir atomically.

    Holds the edition's lock (output/.<edition>.lock) throughout, unless the caller holds it
    already (`locked`), so two runs of one edition cannot interleave; `on_wait` is told when
    another run holds it. Nothing in final_dir changes unless the block completes.
    """
    with (contextlib.nullcontext() if locked else edition_lock(final_dir, on_wait)):
        stage = Staging(final_dir.parent / f".{final_dir.name}.staging-{os.getpid()}-{secrets.token_hex(4)}",
                        clear_debris(final_dir))
        stage.scratch.mkdir()
        try:
            yield stage
            publish(stage.scratch, final_dir)
        finally:
            shutil.rmtree(stage.scratch, ignore_errors=True)


@contextmanager
def edition_lock(final_dir: Path, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """The lock of one edition's outputs, held by one run at a time (released by the kernel if it dies)."""
    output_folder(final_dir.parent)
    with _locked(final_dir.parent / f".{final_dir.name}.lock", on_wait):
        yield


@contextmanager
def _locked(path: Path, on_wait: Callable[[str], None] | None) -> Iterator[None]:
    with path.open("a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            if on_wait is not None:
                on_wait(f"waiting for the other run of {path.name[1:-5]} (pid {holder}) to finish")
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def clear_debris(final_dir: Path) -> list[str]:
    """Remove what killed runs of this edition left beside final_dir (call with the lock held).

    A staging folder is half-written output: removed. A folder set aside while swapping is the
    last good output: put back if final_dir is missing, else removed.
    """
    found = []
    for leftover in sorted(final_dir.parent.glob(f".{final_dir.name}.staging-*")):
        count = sum(1 for p in leftover.rglob("*") if p.is_file())
        if leftover.name.startswith(f".{final_dir.name}.staging-old-") and not final_dir.exists():
            os.rename(leftover, final_dir)
            found.append(f"restored {display_path(final_dir)} from {leftover.name}, left by an interrupted run")
            continue
        shutil.rmtree(leftover, ignore_errors=True)
        found.append(f"removed {display_path(leftover)} ({count} files), left by an interrupted run")
    return found


def publish(scratch: Path, final_dir: Path) -> None:
    """Swap scratch in as final_dir, carrying over (hard-linked) the top-level entries scratch lacks."""
    if not final_dir.exists():
        os.rename(scratch, final_dir)
        return
    for entry in final_dir.iterdir():
        if not (scratch / entry.name).exists():
            _link_tree(entry, scratch / entry.name)
    if not _exchange(scratch, final_dir):
        old = final_dir.parent / f".{final_dir.name}.staging-old-{os.getpid()}-{secrets.token_hex(4)}"
        os.rename(final_dir, old)
        os.rename(scratch, final_dir)
        os.rename(old, scratch)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one atomic step (Linux renameat2); False where the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        done = libc.renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE)
    except (OSError, AttributeError):
        return False
    if done == 0:
        return True
    if ctypes.get_errno() in (errno.EINVAL, errno.ENOSYS, errno.EXDEV):
        return False
    raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()), str(b))


def _link_tree(src: Path, dest: Path) -> None:
    if src.is_dir():
        dest.mkdir()
        for child in src.iterdir():
            _link_tree(child, dest / child.name)
        return
    try:
        os.link(src, dest)
    except OSError:
        shutil.copy2(src, dest)


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """CSV at full precision; text cells that a spreadsheet would run as a formula are quoted with '."""
    path.parent.mkdir(parents=True, exist_ok=True)
    defused(frame).to_csv(path, index=False, lineterminator="\n")


def defused(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every text cell that starts like a formula prefixed with ' (OWASP's advice)."""
    out = frame.copy()
    for col in out.columns:
        cells = out[col]
        if cells.dtype == object or pd.api.types.is_string_dtype(cells):
            risky = cells.map(lambda v: isinstance(v, str) and v.startswith(FORMULA_START)).astype(bool)
            if risky.any():
                out[col] = cells.where(~risky, "'" + cells.astype(str))
    return out


def write_xlsx(sheets: dict[str, pd.DataFrame], path: Path) -> None:
    """A workbook with one sheet per entry, byte-identical across runs; text is always text, never a formula."""
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        when = source_date()
        writer.book.properties.created = when
        writer.book.properties.modified = when
        for name, frame in sheets.items():
            frame.to_excel(writer, sheet_name=sheet_name(name), index=False)
            for row in writer.sheets[sheet_name(name)].iter_rows():
                for cell in row:
                    if cell.data_type == "f":  # openpyxl takes any text starting with "=" for a formula
                        cell.data_type = "s"
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
