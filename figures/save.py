"""Turns a drawn Figure into deterministic SVG (or preview PNG) bytes, refusing text its font cannot draw.

The SVG has its text as paths (``svg.fonttype='path'``), so it needs no font where it is shown, a
fixed ``svg.hashsalt`` and no date, so the same figure always gives the same bytes.
"""

from __future__ import annotations

import io
import os
import re
import unicodedata
import warnings
from pathlib import Path
from typing import BinaryIO

from matplotlib import font_manager, rc_context
from matplotlib.figure import Figure
from matplotlib.font_manager import FontPath
from matplotlib.text import Text

from .errors import MissingGlyphError
from .fonts import face, register
from .style import REPORT_WIDTH_IN

Target = str | os.PathLike[str] | BinaryIO

DETERMINISTIC_RC = {
    "svg.hashsalt": "cityindex",  # element ids derive from this instead of a random uuid
    "svg.fonttype": "path",
    "svg.image_inline": True,
    "svg.id": None,
}
MISSING_GLYPH = r"Glyph .* missing from font"
MISSING_GLYPH_RE = re.compile(MISSING_GLYPH)


def new_figure(width_in: float = REPORT_WIDTH_IN, height_in: float = 4.0) -> Figure:
    """A Figure (not managed by pyplot) of the given size in inches, laid out by constrained layout."""
    fig = Figure(figsize=(width_in, height_in), layout="constrained", facecolor="white")
    fig.get_layout_engine().set(w_pad=4 / 72, h_pad=4 / 72, wspace=0.02, hspace=0.02)
    return fig


def save_svg(fig: Figure, target: Target, *, lang: str) -> None:
    """Write `fig` as deterministic SVG to a path or binary buffer; MissingGlyphError if a glyph is missing."""
    _save(fig, target, lang=lang, format="svg", metadata={"Date": None})


def save_png(fig: Figure, target: Target, *, lang: str, dpi: int = 200) -> None:
    """Write `fig` as PNG (previews, checks), with the same glyph guard as save_svg."""
    _save(fig, target, lang=lang, format="png", dpi=dpi, metadata={"Software": None})


def check_glyphs(fig: Figure, *, drawn: bool = False) -> None:
    """Raise MissingGlyphError naming every visible text whose font lacks one of its characters.

    Unless the figure was just drawn (`drawn`), draws it (without output) first, so that tick labels
    have their final text; matplotlib's own missing-glyph warning is silenced for that draw, since
    this check names the text instead.
    """
    if not drawn:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=MISSING_GLYPH, category=UserWarning)
            fig.draw_without_rendering()
    problems = []
    for text in fig.findobj(lambda a: isinstance(a, Text) and a.get_visible() and bool(a.get_text())):
        path = _font_path(text)
        missing = sorted({c for c in text.get_text() if _drawable(c) and face(path).get_char_index(ord(c)) == 0})
        if missing:
            chars = ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, '?')} ({c})" for c in missing)
            problems.append(f"  - {text.get_text()!r}: {chars} not in {face(path).family_name} ({path.path})")
    if problems:
        raise MissingGlyphError("figure text has characters its font cannot draw:\n" + "\n".join(problems))


def _save(fig: Figure, target: Target, *, lang: str, **savefig_kwargs: object) -> None:
    # Text drawn by figures/ names its font file; text matplotlib adds on its own finds it by family.
    rc = {**DETERMINISTIC_RC, "font.family": "sans-serif", "font.sans-serif": [register(lang)]}
    with rc_context(rc), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        buffer = io.BytesIO()
        fig.savefig(buffer, **savefig_kwargs)  # the draw that saving needs anyway...
    check_glyphs(fig, drawn=True)  # ...so the check reads final tick labels without drawing again
    glyphs = [w for w in caught if issubclass(w.category, UserWarning) and MISSING_GLYPH_RE.search(str(w.message))]
    if glyphs:  # text the check above cannot see (e.g. drawn by matplotlib itself)
        raise MissingGlyphError(f"figure text has a character its font cannot draw: {glyphs[0].message}")
    for w in caught:
        if w not in glyphs:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    if isinstance(target, str | os.PathLike):
        _write_replacing(Path(target), buffer.getvalue())
    else:
        target.write(buffer.getvalue())


def _write_replacing(path: Path, data: bytes) -> None:
    """Write next to `path`, then rename: a failed save leaves the previous file intact."""
    partial = path.with_name(path.name + ".partial")
    try:
        partial.write_bytes(data)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def _font_path(text: Text) -> FontPath:
    prop = text.get_fontproperties()
    found = prop.get_file() or font_manager.findfont(prop)
    return found if isinstance(found, FontPath) else FontPath(os.fspath(found), 0)


def _drawable(char: str) -> bool:
    """Characters that need a glyph: not spaces, not control or format characters."""
    return not char.isspace() and not unicodedata.category(char).startswith("C")
