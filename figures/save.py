"""Turns a drawn Figure into deterministic, light SVG (or preview PNG) bytes, refusing text its font cannot draw.

The SVG has its text as ``<text>`` elements (``svg.fonttype='none'``), set in the language's font family
(``font-family: 'Liberation Sans'`` or ``'Noto Sans CJK SC'``, said once on the root element), so the
PDF renderer sets it in real fonts: selectable and searchable. ``text="path"`` writes outlines
instead, which need no font where they are shown (a language registers which it takes; Arabic takes
text, each label isolated right to left by builder/render/svg.with_language, and the PDF shapes it
whole: builder/render/svgtext.py). matplotlib's SVG is then made lighter
(figures.lighten: the same drawing in about half the elements). A fixed ``svg.hashsalt`` and no
metadata make the same figure give the same bytes.

Saving is the figure's only draw: the figure kinds place everything before (figures.layout), and the
missing-glyph check reads the drawn texts' strings against their fonts' character maps.

Also here: the figure itself (``new_figure``) and the notice an illustrative edition prints on every
figure (``add_notice``), at the top, in room the figure kinds leave for it.
"""

from __future__ import annotations

import io
import os
import re
import unicodedata
import warnings
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

from matplotlib import font_manager, rc_context
from matplotlib.figure import Figure
from matplotlib.font_manager import FontPath, FontProperties
from matplotlib.text import Text

from .cells import CellTexts
from .errors import FigureError, MissingGlyphError
from .fit import MISSING_GLYPH, wrap_to
from .fonts import face, register
from .layout import NOTICE_GID, PAD
from .lighten import lighten
from .style import PDF_SLACK, REPORT_WIDTH_IN, font_for

Target = str | os.PathLike[str] | BinaryIO

DETERMINISTIC_RC = {
    "svg.hashsalt": "cityindex",  # element ids derive from this instead of a random uuid
    "svg.image_inline": True,
    "svg.id": None,
}
TEXT_MODES = {"text": "none", "path": "path"}  # save_svg(text=...) -> svg.fonttype
NOTICE_COLOUR = "#9A6A00"
NOTICE_SIZE = 7.0
MISSING_GLYPH_RE = re.compile(MISSING_GLYPH)
NO_METADATA = {"Date": None, "Creator": None, "Format": None, "Type": None}


def new_figure(width_in: float = REPORT_WIDTH_IN, height_in: float = 4.0) -> Figure:
    """A Figure (not managed by pyplot) of the given size in inches, at 72 dpi (a pixel is a point, as in SVG).

    No layout engine: the figure kinds place their axes themselves (figures.layout).
    """
    return Figure(figsize=(width_in, height_in), dpi=72, facecolor="white")


def add_notice(fig: Figure, text: str, *, lang: str) -> Text:
    """Print `text` (e.g. "illustrative data") centred at the top of `fig`, in room the figure kinds keep for it.

    Call it before drawing the figure: the figure kinds place their axes below the notice, and a
    notice added afterwards would overlap them. Long notices wrap to the figure width (two lines at most).
    """
    drawn = [ax for ax in fig.axes if ax.has_data() or ax.texts or ax.artists]
    if drawn:
        raise FigureError("add_notice: the figure is drawn already; expected the notice first, then the figure, "
                          "so that the layout makes room for it")
    prop = font_for(lang, size=NOTICE_SIZE)
    width = fig.get_figwidth() * 72 - 2 * NOTICE_SIZE - PDF_SLACK
    notice = fig.suptitle(wrap_to(text, prop, width, max_lines=2), x=0.5, y=1 - PAD / (fig.get_figheight() * 72),
                          ha="center", va="top", color=NOTICE_COLOUR, fontproperties=prop, parse_math=False)
    notice.set_gid(NOTICE_GID)
    return notice


def save_svg(fig: Figure, target: Target, *, lang: str, text: str = "text", light: bool = True) -> None:
    """Write `fig` as deterministic SVG to a path or binary buffer; MissingGlyphError if a glyph is missing.

    `text`: "text" writes ``<text>`` elements in the language's font family; "path" writes outlines
    (for right-to-left languages, see the module docstring). `light`: made lighter by
    figures.lighten (the default); False writes matplotlib's SVG as it is, to compare with.
    """
    if text not in TEXT_MODES:
        raise FigureError(f"save_svg: text={text!r} is not known; expected one of: {', '.join(TEXT_MODES)}")
    gids = {a.get_gid() for a in fig.findobj() if a.get_gid()}  # ids a caller may look for: kept
    _save(fig, target, lang=lang, rc={"svg.fonttype": TEXT_MODES[text]}, format="svg", metadata=NO_METADATA,
          then=(lambda svg: lighten(svg, gids)) if light else None)


def save_png(fig: Figure, target: Target, *, lang: str, dpi: int = 200) -> None:
    """Write `fig` as PNG (previews, checks), with the same glyph guard as save_svg."""
    _save(fig, target, lang=lang, format="png", dpi=dpi, metadata={"Software": None})


def figure_text(fig: Figure) -> str:
    """Every text `fig` shows, one per line, once it is saved: what a PDF font subset must cover.

    Figures add characters of their own to the strings they are given: tick numbers, "–" for a
    missing value, "…" (and "︙" in vertical Chinese) where a name is shortened, "-" where a word breaks.
    """
    return "\n".join(dict.fromkeys(text for text, _ in shown_texts(fig)))


def shown_texts(fig: Figure) -> list[tuple[str, FontProperties]]:
    """Every visible text of `fig` with its font: its Texts', and its heatmap cells' (figures.cells)."""
    found = []
    for artist in fig.findobj(lambda a: isinstance(a, Text | CellTexts) and a.get_visible()):
        if isinstance(artist, CellTexts):
            found += [(cell.text, cell.prop) for cell in artist.cells if cell.text]
        elif artist.get_text():
            found.append((artist.get_text(), artist.get_fontproperties()))
    return found


def check_glyphs(fig: Figure, *, drawn: bool = False) -> None:
    """Raise MissingGlyphError naming every visible text whose font lacks one of its characters.

    Reads the texts' strings and their fonts' character maps; nothing is drawn. Unless the figure
    was just drawn (`drawn`), its tick labels get their text first, as drawing would give them.
    """
    if not drawn:
        for ax in fig.axes:
            ax.get_xticklabels(which="both")
            ax.get_yticklabels(which="both")
    problems = []
    for text, prop in shown_texts(fig):
        paths = _font_paths(prop)
        missing = _missing(paths, text)
        if missing:
            chars = ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, '?')} ({c})" for c in missing)
            fonts = " or ".join(f"{face(p).family_name} ({p.path})" for p in paths)
            problems.append(f"  - {text!r}: {chars} not in {fonts}")
    if problems:
        raise MissingGlyphError("figure text has characters its font cannot draw:\n" + "\n".join(problems))


def _save(fig: Figure, target: Target, *, lang: str, rc: dict[str, object] | None = None,
          then: Callable[[bytes], bytes] | None = None, **savefig_kwargs: object) -> None:
    # Text drawn by figures/ names its font file; text matplotlib adds on its own finds it by family.
    rc = {**DETERMINISTIC_RC, **(rc or {}), "font.family": "sans-serif", "font.sans-serif": register(lang)}
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
    data = buffer.getvalue() if then is None else then(buffer.getvalue())
    if isinstance(target, str | os.PathLike):
        _write_replacing(Path(target), data)
    else:
        target.write(data)


def _write_replacing(path: Path, data: bytes) -> None:
    """Write next to `path`, then rename: a failed save leaves the previous file intact."""
    partial = path.with_name(path.name + ".partial")
    try:
        partial.write_bytes(data)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def _font_paths(prop: FontProperties) -> tuple[FontPath, ...]:
    """The faces a text in `prop` is drawn with, in the order matplotlib tries them for each character."""
    found = font_manager.fontManager._find_fonts_by_props(prop)
    return tuple(f if isinstance(f, FontPath) else FontPath(os.fspath(f), 0) for f in found)


@lru_cache(maxsize=8192)
def _missing(paths: tuple[FontPath, ...], text: str) -> tuple[str, ...]:
    """The characters of `text` that need a glyph none of the faces at `paths` has (names and numbers repeat:
    cached)."""
    fonts = [face(path) for path in paths]
    return tuple(sorted({c for c in text if _drawable(c) and all(f.get_char_index(ord(c)) == 0 for f in fonts)}))


def _drawable(char: str) -> bool:
    """Characters that need a glyph: not spaces, not control or format characters."""
    return not char.isspace() and not unicodedata.category(char).startswith("C")
