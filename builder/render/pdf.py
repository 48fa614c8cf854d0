"""Report HTML into a PDF file with WeasyPrint: metadata, outline, embedded fonts, checked glyphs, stable bytes.

The fonts come from @font-face rules made by fonts.font_face_css (pass them in `stylesheets`
or in the HTML); they are subsets for the document's characters already. With HarfBuzz's
subsetter (Debian libharfbuzz-subset0) WeasyPrint cuts them down once more to the glyphs
actually drawn, which costs little and gives the smallest file. Without it WeasyPrint would
fall back to fontTools, slowly and with a warning per font, so the subsets are embedded
whole instead (`full_fonts`). Every character must be set in one of those fonts; one that no
font has, or that fontconfig had to take from some other installed font, is an error.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import os
import tempfile
import threading
import time
import unicodedata
import urllib.parse
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pydyf
from fontTools.ttLib import TTFont
from weasyprint import CSS, HTML, Attachment, Document
from weasyprint.formatting_structure.boxes import TextBox
from weasyprint.pdf.fonts import Font
from weasyprint.text.ffi import harfbuzz, harfbuzz_subset
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher

from ..errors import RenderError, problem
from . import svgtext
from .fonts import FAMILY

GENERATOR = "cityindex"
HARFBUZZ_SUBSET = harfbuzz_subset is not None and bool(harfbuzz.hb_version_atleast(4, 1, 0))
"""Whether WeasyPrint subsets fonts with HarfBuzz (fast) rather than with fontTools (slow, warns)."""
MAX_SHOWN = 50  # missing characters listed in a message; .missing keeps them all


@dataclass(frozen=True)
class PdfMeta:
    """Document information written into the PDF."""

    title: str
    lang: str  # BCP 47 tag, e.g. "en" or "zh-Hans"; becomes the catalog's /Lang
    authors: list[str]
    subject: str
    keywords: list[str]
    created: dt.datetime  # the build's timestamp (files.source_date()); naive means UTC; also the modified date


@dataclass(frozen=True)
class PdfStats:
    """What writing a PDF produced and took."""

    pages: int
    seconds: float  # render and write, wall clock
    warnings: list[str]  # WeasyPrint's own log warnings and errors while rendering and writing
    fonts: list[str]  # PostScript names of the embedded fonts, e.g. "NotoSansCJKsc-Regular"


@dataclass(frozen=True, order=True)
class MissingGlyph:
    """A character that none of the document's fonts can draw, with where it appears."""

    char: str
    page: int  # 1-based; 0 when the character is not in any laid-out text box (e.g. generated content)
    context: str  # the text line around the character
    fallback: str | None  # the installed font fontconfig substituted, or None when no font has it

    def __str__(self) -> str:
        how = (f"set in {self.fallback!r}, which is not one of the document's fonts" if self.fallback
               else "no installed font has it")
        where = f" on page {self.page}" if self.page else ""
        return f"U+{ord(self.char):04X} {self.char!r}{where} ({how}), in: {self.context!r}"


class MissingGlyphError(RenderError):
    """Some characters of the document have no glyph in the fonts they are set in."""

    def __init__(self, missing: list[MissingGlyph], families: Collection[str], what: str | None = None) -> None:
        self.missing, self.families = missing, tuple(families)
        names = ", ".join(sorted(set(families)))
        super().__init__([problem("glyph-missing", "report.pdf", glyph.page or None, kind="page", char=str(glyph),
                                  typeface=names) for glyph in missing[:MAX_SHOWN]], what)

    def __reduce__(self) -> tuple:
        # Rebuilt from its parts, so that it crosses process boundaries (a build's worker pool) intact.
        return type(self), (self.missing, self.families, self.what)


class ProjectFetcher(URLFetcher):
    """WeasyPrint's URL fetcher restricted to files under `roots` and data: URLs.

    Any other request (http, https, ftp, a file elsewhere) stops the render; `refused` holds it.
    """

    def __init__(self, roots: Sequence[Path]) -> None:
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False)
        self.roots = [Path(r).resolve() for r in roots]
        self.refused: list[str] = []

    def fetch(self, url: str, headers=None):
        if url.startswith("data:") or self._inside(url):
            return super().fetch(url, headers)
        self.refused.append(url)
        raise FatalURLFetchingError(f"refused {url}")

    def _inside(self, url: str) -> bool:
        parts = urllib.parse.urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            return False
        path = Path(urllib.parse.unquote(parts.path)).resolve()
        return any(path.is_relative_to(root) for root in self.roots)


def write_pdf(html: str, base_url: str | Path, dest: Path, meta: PdfMeta, **options) -> PdfStats:
    """render_pdf, written to dest atomically (dest is untouched when rendering fails)."""
    data, stats = render_pdf(html, base_url, meta, **options)
    _replace(dest, data)
    return stats


def render_pdf(html: str, base_url: str | Path, meta: PdfMeta, *, stylesheets: Sequence[str] = (),
               families: Collection[str] = (FAMILY,), full_fonts: bool | None = None, variant: str | None = None,
               attachments: Sequence[Path] = (), allowed: Sequence[Path] | None = None) -> tuple[bytes, PdfStats]:
    """Render html to PDF bytes; identical input gives identical bytes.

    `stylesheets` are CSS texts applied after the HTML's own (the @font-face rules from
    fonts.font_face_css, the print stylesheet). `families` are the font families every
    character must be set in. `full_fonts` embeds the font files as given, without
    subsetting them again; by default only when HarfBuzz's subsetter is missing. Raises
    MissingGlyphError when a character has no glyph. `variant`
    (e.g. "pdf/a-3b") and `attachments` (files embedded in the PDF, dated meta.created) are
    for archived releases. `allowed`: the folders whose files the document may load (default:
    the base folder); anything else, the network above all, is refused with a RenderError.
    """
    start = time.perf_counter()
    fetcher = ProjectFetcher(allowed if allowed is not None else [Path(base_url)] if isinstance(base_url, Path) else [])
    with _captured_warnings() as warnings:
        try:
            document = _render(html, base_url, stylesheets, fetcher)
        except FatalURLFetchingError:
            raise RenderError([problem("resource-refused", "", url=url) for url in fetcher.refused]) from None
        _set_metadata(document, meta)
        # The identifier is a hash of the content, so it is as reproducible as the rest.
        whole = not HARFBUZZ_SUBSET if full_fonts is None else full_fonts
        files = [Attachment(filename=str(path), name=path.name, created=meta.created, modified=meta.created,
                            relationship="Data") for path in attachments]
        try:
            data = document.write_pdf(full_fonts=whole, pdf_identifier=True, finisher=_name_fonts,
                                      pdf_variant=variant, attachments=files or None)
        except FatalURLFetchingError:  # an attachment named by the document itself
            raise RenderError([problem("resource-refused", "", url=url) for url in fetcher.refused]) from None
    if fetcher.refused:  # refused inside an image (an SVG's own references), which WeasyPrint only logs
        raise RenderError([problem("resource-refused", "", url=url) for url in fetcher.refused])
    missing = _missing_glyphs(document, frozenset(families))
    if missing:
        raise MissingGlyphError(missing, families)
    return data, PdfStats(pages=len(document.pages), seconds=time.perf_counter() - start, warnings=warnings,
                          fonts=sorted({_postscript_name(font) for font in document.fonts.values()}))


def _render(html: str, base_url: str | Path, stylesheets: Sequence[str], fetcher: URLFetcher) -> Document:
    svgtext.install()  # figures' text runs set whole (kerned, and a layout each rather than one per character)
    font_config = FontConfiguration()
    sheets = [CSS(string=css, font_config=font_config, url_fetcher=fetcher) for css in stylesheets]
    return HTML(string=html, base_url=_base_url(base_url), url_fetcher=fetcher).render(
        stylesheets=sheets, font_config=font_config)


def _base_url(base_url: str | Path) -> str:
    """A Path names a folder (relative links resolve inside it, even before it exists) or a file."""
    if isinstance(base_url, Path):
        path = base_url.resolve()
        return path.as_uri() if path.is_file() else path.as_uri() + "/"
    return base_url


def _set_metadata(document: Document, meta: PdfMeta) -> None:
    info = document.metadata
    when = _w3c_date(meta.created)
    info.title, info.lang, info.description = meta.title, meta.lang, meta.subject
    info.authors, info.keywords = list(meta.authors), list(meta.keywords)
    info.generator, info.created, info.modified = GENERATOR, when, when


def _w3c_date(when: dt.datetime) -> str:
    if when.tzinfo is not None:
        when = when.astimezone(dt.UTC).replace(tzinfo=None)
    return when.replace(microsecond=0).isoformat() + "Z"


def _missing_glyphs(document: Document, families: frozenset[str]) -> list[MissingGlyph]:
    """Characters drawn as .notdef, or drawn from a font outside `families`, first place each appears.

    Read from the fonts WeasyPrint filled while drawing, so it sees exactly what the PDF shows,
    generated content (counters, leaders, margin boxes) included.
    """
    unsupported: dict[str, str | None] = {}
    for font in document.fonts.values():
        for code in font.missing:
            unsupported.setdefault(chr(code), None)
    for font in document.fonts.values():
        if font.family not in families:
            for text in font.to_unicode.values():
                for char in text:
                    if _needs_glyph(char):
                        unsupported.setdefault(char, font.family)
    if not unsupported:
        return []
    found: dict[str, MissingGlyph] = {}
    # Page boxes are WeasyPrint internals (as are Font.missing and Font.to_unicode above);
    # tests/test_pdf.py notices if a WeasyPrint upgrade changes them.
    exact: set[str] = set()  # found in a box whose own family list lacks ours: the likely culprit
    for number, page in enumerate(document.pages, start=1):
        for box in page._page_box.descendants(placeholders=True):
            if isinstance(box, TextBox):
                foreign = families.isdisjoint(box.style["font_family"])
                for char in unsupported.keys() & set(box.text) - exact:
                    if char not in found or foreign:
                        found[char] = MissingGlyph(char, number, _context(box.text, char), unsupported[char])
                    if foreign:
                        exact.add(char)
    for char, fallback in unsupported.items():  # e.g. inside a ligature or a text-transform
        found.setdefault(char, MissingGlyph(char, 0, "", fallback))
    return sorted(found.values())


def _needs_glyph(char: str) -> bool:
    """Spaces, controls and format characters (soft hyphen, zero-width space, joiners) draw nothing."""
    return unicodedata.category(char) not in {"Zs", "Zl", "Zp", "Cc", "Cf"}


def _context(text: str, char: str, width: int = 30) -> str:
    at = text.find(char)
    return text[max(0, at - width):at + width + 1].strip()


def _name_fonts(document: Document, pdf: pydyf.PDF) -> None:
    """Name each font in the PDF after its font program (NotoSansCJKsc-Regular), not after "CI Sans".

    WeasyPrint names fonts after the CSS family, which is the same for every language here;
    the real names tell a reader, a preflight tool or a test which typeface is embedded.
    """
    renamed = {}
    for font in document.fonts.values():
        renamed[font.name] = f"/{font.hash}+{_postscript_name(font)}".encode()
    for pdf_object in pdf.objects:
        if isinstance(pdf_object, pydyf.Dictionary):
            for key in ("BaseFont", "FontName"):
                name = pdf_object.get(key)
                if isinstance(name, bytes) and name in renamed:
                    pdf_object[key] = renamed[name]


def _postscript_name(font: Font) -> str:
    """The font program's PostScript name (name ID 6), which is ASCII without spaces by definition."""
    with TTFont(io.BytesIO(font.file_content), fontNumber=font.index, lazy=True) as ttfont:
        name = ttfont["name"].getDebugName(6) or ""
    return "".join(char for char in name if (char.isascii() and char.isalnum()) or char in "-_") or font.family


def _replace(dest: Path, data: bytes) -> None:
    """Write dest through a temporary file beside it, so a reader never sees half a PDF."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    handle, scratch = tempfile.mkstemp(prefix=f".{dest.name}-", suffix=".tmp", dir=dest.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(scratch, dest)
    finally:
        Path(scratch).unlink(missing_ok=True)


@contextmanager
def _captured_warnings() -> Iterator[list[str]]:
    """WeasyPrint's warnings and errors logged by this thread, collected into a list."""
    logger = logging.getLogger("weasyprint")
    handler = _ListHandler(threading.get_ident())
    level = logger.level
    if not logger.isEnabledFor(logging.WARNING):
        logger.setLevel(logging.WARNING)
    logger.addHandler(handler)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


class _ListHandler(logging.Handler):
    def __init__(self, thread: int) -> None:
        super().__init__(logging.WARNING)
        self.thread = thread
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread == self.thread:
            self.messages.append(record.getMessage())
