"""A cache of rendered figures and PDFs, keyed on content: what went in (chart data, the page's HTML,
options), the software that renders (its source and the versions of the libraries it calls) and the
fonts (their bytes). Never on timestamps. A build with nothing changed reads instead of renders,
and gives the same bytes."""

from __future__ import annotations

import functools
import hashlib
import os
import tempfile
from importlib.metadata import version
from pathlib import Path

from ..languages import language
from .fonts import file_digest, find_font

PACKAGES = ("weasyprint", "matplotlib", "fonttools", "uharfbuzz", "pydyf", "pandas", "numpy", "babel", "jinja2")


@functools.cache
def software() -> str:
    """A digest of every source file of cityindex and figures, and of the library versions they run on."""
    digest = hashlib.sha256()
    root = Path(__file__).resolve().parent.parent.parent
    for folder in ("builder", "figures"):
        for path in sorted((root / folder).rglob("*.py")):
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    for name in PACKAGES:
        digest.update(f"{name}={version(name)}\0".encode())
    return digest.hexdigest()


@functools.cache
def fonts_of(lang: str) -> str:
    """A digest of the font files a language's figures and PDF are set in (its fallbacks' too)."""
    from ..languages import Style

    return hashlib.sha256("".join(file_digest(find_font(face, Style(w)).path) for face in language(lang).typefaces
                                  for w in (400, 700)).encode()).hexdigest()


def key(*parts: str | bytes) -> str:
    digest = hashlib.sha256(software().encode())
    for part in parts:
        digest.update(part if isinstance(part, bytes) else part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


class DiskCache:
    """Files under `folder`, one per key; written atomically, so readers never see half a file."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    def get(self, name: str) -> bytes | None:
        if self.folder is None:
            return None
        path = self.folder / name
        return path.read_bytes() if path.is_file() else None

    def put(self, name: str, data: bytes) -> None:
        if self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        handle, scratch = tempfile.mkstemp(prefix=".", dir=self.folder)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(scratch, self.folder / name)
        finally:
            Path(scratch).unlink(missing_ok=True)
