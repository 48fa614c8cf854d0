"""Turns strings of any length into ones that fit a figure: shortened with an ellipsis, or wrapped to a width.

Lengths are in two measures. A limit in *units* counts a CJK character as two and any other as one
(a CJK character is about twice as wide as a Latin letter), so one limit reads the same in English
and Chinese. A width in *points* is measured with the language's own font (``text_width``, as the SVG backend measures).
"""

from __future__ import annotations

import io
import unicodedata
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache, lru_cache

from matplotlib.artist import Artist
from matplotlib.backends.backend_svg import RendererSVG
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.text import Text
from matplotlib.textpath import text_to_path
from matplotlib.transforms import Bbox

ELLIPSIS = "…"
MISSING_GLYPH = r"Glyph .* missing from font"
NO_BREAK_BEFORE = "，。、；：）》」』”’！？,.;:)!?%"
NO_BREAK_AFTER = "（《「『“‘("
# The most units a city name may take in a figure (tables print the full name): long enough for
# "Washington D.C." or "华盛顿哥伦比亚特区", short enough that one name cannot squeeze the plot.
NAME_LIMIT = {"latin": 32, "wide": 24}  # units (a CJK character is two): wide scripts read denser
TITLE_LIMIT = 160  # axis titles, legend entries, headers: cut before wrapping so wrapping stays cheap


@contextmanager
def glyphs_unchecked() -> Iterator[None]:
    """Silence matplotlib's missing-glyph warning while measuring: saving checks every text and names the
    characters missing (figures.save.check_glyphs)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=MISSING_GLYPH, category=UserWarning)
        yield


def text_width(text: str, prop: FontProperties) -> float:
    """Width in points of `text` set in `prop` (widest line), measured without a renderer.

    Measured as the SVG backend measures (advance widths with kerning, no hinting), so layout done
    with it agrees with the saved figure. Cached: figures measure the same names and numbers often.
    """
    return _width(text, prop.copy())


@lru_cache(maxsize=16384)
def _width(text: str, prop: FontProperties) -> float:
    # `prop` is a copy: FontProperties hash by their (mutable) state
    with glyphs_unchecked():
        widths = [text_to_path.get_text_width_height_descent(line, prop, ismath=False)[0]
                  for line in text.split("\n") if line.strip()]
    return max(widths, default=0.0)


def text_height(text: str, prop: FontProperties, linespacing: float = 1.2) -> float:
    """Height in points of `text` (all its lines) set in `prop`, as matplotlib lays it out for SVG."""
    return _height(text, prop.copy(), linespacing)


@lru_cache(maxsize=16384)
def _height(text: str, prop: FontProperties, linespacing: float) -> float:
    # matplotlib spaces lines by the font's own ascender and descender; a Text measured the way the
    # SVG backend measures it gives exactly what the saved figure will have
    artist = Text(0, 0, text, fontproperties=prop, linespacing=linespacing)
    artist.set_figure(_MEASURE)
    with glyphs_unchecked():
        return float(artist.get_window_extent(_measure_renderer()).height)


_MEASURE = Figure(dpi=72)


@cache
def _measure_renderer() -> RendererSVG:
    return RendererSVG(1, 1, io.StringIO())


def is_wide(text: str) -> bool:
    """Whether `text` has CJK (East Asian wide or full-width) characters."""
    return any(_is_wide(c) for c in text)


def _is_wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in "WF"


def units(text: str) -> int:
    """The length of `text` in units: two per CJK (wide or full-width) character, one per other character."""
    return sum(2 if _is_wide(c) else 1 for c in text)


def shorten(text: str, limit: int) -> str:
    """`text` in one line of at most `limit` units, cut with an ellipsis where longer (which counts one unit)."""
    text = " ".join(text.split())
    if units(text) <= limit:
        return text
    kept, used = [], 0
    for char in text:
        cost = 2 if _is_wide(char) else 1
        if used + cost > limit - 1:
            break
        kept.append(char)
        used += cost
    return "".join(kept).rstrip(" -–,;:") + ELLIPSIS


def name(text: str, lang: str, limit: int | None = None) -> str:
    """A city name as figures show it: one line, at most `limit` units (default NAME_LIMIT of `lang`)."""
    text = str(text)
    return shorten(text, limit if limit is not None else NAME_LIMIT["wide" if is_wide(text) else "latin"])


def fit_width(text: str, prop: FontProperties, width: float) -> str:
    """`text` (one line) cut with an ellipsis so that it is at most `width` points wide in `prop`."""
    if text_width(text, prop) <= width:
        return text
    lo, hi = 0, len(text)  # the longest prefix that fits with the ellipsis: text[:lo]
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if text_width(text[:mid].rstrip() + ELLIPSIS, prop) <= width:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo].rstrip(" -–,;:") + ELLIPSIS


def wrap_to(text: str, prop: FontProperties, width: float, max_lines: int = 3) -> str:
    """`text` broken into balanced lines of at most `width` points in `prop`, at most `max_lines` of them.

    Latin text breaks at spaces (a word wider than `width` between its letters, with a hyphen), CJK text between
    characters but never before closing or after opening punctuation. Text that needs more lines
    ends its last line with an ellipsis.
    """
    text = shorten(text, TITLE_LIMIT)
    lines = _lines(_tokens(text), prop, width)
    if len(lines) > max_lines:
        rest = "".join(lines[max_lines - 1:]).strip()
        return "\n".join([*(line.strip() for line in lines[:max_lines - 1]), fit_width(rest, prop, width)])
    # balance: the narrowest width that needs no more lines, and breaks no word that fitted whole
    widest = max(text_width(t.strip(), prop) for t in _tokens(text))
    lo, hi = max(width / len(lines), widest if widest <= width else width), width
    while hi - lo > 0.5:
        mid = (lo + hi) / 2
        if len(_lines(_tokens(text), prop, mid)) == len(lines):
            hi = mid
        else:
            lo = mid
    return "\n".join(line.strip() for line in _lines(_tokens(text), prop, hi))


def _tokens(text: str) -> list[str]:
    """Pieces that may end a line: words with their trailing space, or CJK characters with their punctuation."""
    tokens: list[str] = []
    for char in text:
        glued = tokens and (char in NO_BREAK_BEFORE or tokens[-1][-1] in NO_BREAK_AFTER
                            or not (_is_wide(char) or _is_wide(tokens[-1][-1]) or tokens[-1][-1] == " "))
        if glued:
            tokens[-1] += char
        else:
            tokens.append(char)
    return tokens


def _lines(tokens: list[str], prop: FontProperties, width: float) -> list[str]:
    lines: list[str] = []
    line = ""
    for token in tokens:
        if text_width((line + token).strip(), prop) <= width or not line.strip():
            line += token
        else:
            lines.append(line)
            line = token
        while text_width(line.strip(), prop) > width and len(line.strip()) > 1:  # one word wider than the line
            word = line.strip()
            hyphen = "" if _is_wide(word[0]) else "-"
            head = fit_chars(word, prop, width - text_width(hyphen, prop))
            lines.append(head + hyphen if head[-1].isalpha() and word[len(head)].isalpha() else head)
            line = word[len(head):] + (" " if line.endswith(" ") else "")
    return [*lines, line] if line.strip() else lines or [""]


def fit_chars(text: str, prop: FontProperties, width: float) -> str:
    """The longest prefix of `text` (at least one character) at most `width` points wide."""
    lo, hi = 1, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if text_width(text[:mid], prop) <= width:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo]


def measured(artist: Artist) -> tuple[float, float]:
    """The (width, height) in points of an artist that lays itself out from its texts (a Legend), as the
    SVG backend will lay it out; measured without drawing the figure."""
    box = extent(artist)
    return float(box.width), float(box.height)


def extent(artist: Artist) -> Bbox:
    """Where an artist that lays itself out from its texts (a Legend) will be, in display units, measured without
    drawing the figure: its size in points, its place in the figure's pixels (the same at 72 dpi, as
    figures.save.new_figure makes figures)."""
    with glyphs_unchecked():
        return artist.get_window_extent(_measure_renderer())
