"""The output folder of an edition: one run at a time (a lock), everything staged and swapped in with one
atomic rename, debris of killed runs cleared.

A run writes everything into a staging folder beside output/<edition>/ and, once every step
has succeeded, swaps it in with one atomic rename. Top-level entries the run did not make
(the other language, when a build makes one) are carried over as hard links. A killed run
leaves at most its staging folder, which the next run of that edition removes and names.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import secrets
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..edition.read import display_path
from ..errors import SetupError, problem

RENAME_EXCHANGE = 2
AT_FDCWD = -100


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
