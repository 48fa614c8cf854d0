"""Print layout of wide tables: text measured in the language's own font, columns split into parts
that each fit the text block, the leading columns (rank, city) repeated in every part.

A table with more columns than fit across the page is printed as consecutive parts ("Table 7",
"Table 7 (continued)"), each no wider than the text block, with fixed column widths computed
here; a score and its rank stay in the same part. The web page shows the whole table, which
scrolls sideways where the screen is narrow. No column is narrower than its widest number, its
longest word, or four characters of a Chinese text (two for a header).
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass

import uharfbuzz as hb

from ..languages import language
from .fonts import DROPPED_FEATURES, FontFile, Style, find_font, hb_face

MM = 72 / 25.4
TEXT_BLOCK_PT = (210 - 2 * 20) * MM  # A4 less print.css's @page side margins (20 mm each)
SLACK_PT = 6.0  # measured advances carry no kerning; keep clear of the exact edge
SIZES = {"normal": (8.5, 2 * 2 * MM + 2), "small": (7.0, 2 * 1.5 * MM + 2)}
"""Font size and horizontal cell padding (print.css's, plus 2 pt for the shaper's rounding) per table size."""
SHORT_PT = 96.0  # text cells up to this wide never wrap (names of countries, regions, cities)
WRAPPED_MAX_PT = 190.0  # a wrapping text column asks for at most this much


@dataclass(frozen=True)
class Part:
    """One printed part of a table: which columns (indexes), their widths (pt) and which never wrap."""

    columns: tuple[int, ...]
    widths: tuple[float, ...]
    nowrap: tuple[bool, ...]

    @property
    def width(self) -> float:
        return sum(self.widths)


MISSING_EM = 1.0  # the width taken for a character no typeface has (the PDF check reports it)


@functools.cache
def _char_width(char: str, lang: str, bold: bool) -> float:
    """Advance width in em of a character in the first of the language's typefaces that has it."""
    for face in language(lang).typefaces:
        font = _measuring(find_font(face, Style(700 if bold else 400)))
        glyph = font.get_nominal_glyph(ord(char))
        if glyph is not None:
            return font.get_glyph_h_advance(glyph) / font.face.upem
    return MISSING_EM


UNSHAPED = dict.fromkeys(DROPPED_FEATURES, False)  # off when shaping to measure: the PDF's subsets leave them out
SUBSET_DROPS = frozenset({"kern"})  # tables a subset leaves out (the legacy kerning table: GPOS kerns)


@functools.cache
def _measuring(font: FontFile) -> hb.Font:
    """The font as its subsets shape, scaled in font units: without the tables subsetting drops."""
    face = hb_face(font)
    tables: dict[str, bytes] = {}  # HarfBuzz asks again for a table it has let go of

    def table(_: hb.Face, tag: str, __: object) -> bytes:
        if tag not in tables:
            tables[tag] = b"" if tag in SUBSET_DROPS else face.reference_table(tag).data
        return tables[tag]

    like = hb.Face.create_for_tables(table, None)
    like.upem = face.upem
    return hb.Font(like)


@functools.lru_cache(maxsize=1 << 16)
def shaped_width(text: str, lang: str, size: float, bold: bool = False) -> float | None:
    """Width in points of one line of `text` as the PDF sets it: shaped by HarfBuzz in the language's
    typeface (kerning applied, from the tables its subsets keep); None when the typeface lacks one of its
    characters (a fallback typeface would set it)."""
    face = language(lang).typeface
    font = _measuring(find_font(face, Style(700 if bold else 400)))
    if any(font.get_nominal_glyph(ord(char)) is None for char in text if not char.isspace()):
        return None
    buffer = hb.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    buffer.language = language(lang).tag  # as the figures say (svg.with_language): the forms of its locl
    hb.shape(font, buffer, UNSHAPED)
    return size * sum(position.x_advance for position in buffer.glyph_positions) / font.face.upem


@functools.lru_cache(maxsize=1 << 16)
def text_width(text: str, lang: str, size: float, bold: bool = False) -> float:
    """Width in points of `text` set in the language's typefaces at `size` points (no kerning): each
    character in the first of them that has it, as the PDF sets it."""
    return size * sum(_char_width(char, lang, bold) for char in text)


def is_wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in "WF"


def _words(text: str) -> list[str]:
    """The pieces a line may break between: words, and single CJK characters."""
    pieces, word = [], ""
    for char in text:
        if char.isspace() or is_wide(char):
            if word:
                pieces.append(word)
                word = ""
            if is_wide(char):
                pieces.append(char)
        else:
            word += char
    return [*pieces, word] if word else pieces


def _min_wrapped(text: str, lang: str, size: float, bold: bool, cjk_chars: int) -> float:
    """The narrowest a wrapped text may be: its longest word, or `cjk_chars` characters of CJK."""
    words = _words(text)
    longest = max((text_width(w, lang, size, bold) for w in words if not is_wide(w[0])), default=0.0)
    cjk = [c for c in text if is_wide(c)]
    return max(longest, text_width("".join(cjk[:cjk_chars]), lang, size, bold))


@functools.lru_cache(maxsize=4096)
def column_bounds(header: str, cells: tuple[str, ...], numeric: bool, lang: str,
                  size: float) -> tuple[float, float, bool]:
    """(narrowest, preferred, never wraps) width of one column, padding excluded."""
    cjk = sum(map(is_wide, header))
    head_min = _min_wrapped(header, lang, size, True, cjk if cjk <= 6 else (cjk + 1) // 2)  # no lone character
    head_pref = text_width(header, lang, size, True)
    widest = max((text_width(c, lang, size) for c in cells), default=0.0)
    if numeric:
        return max(widest, head_min), max(widest, min(head_pref, max(widest, head_min) * 2.2)), True
    if widest <= SHORT_PT:
        return max(widest, head_min), max(widest, head_pref), True
    low = max([head_min, *(_min_wrapped(c, lang, size, False, 4) for c in cells)])
    return low, max(low, min(widest, WRAPPED_MAX_PT)), False


def print_parts(headers: list[str], cells: list[list[str]], numeric: tuple[bool, ...], groups: tuple[str, ...],
                keys: int, lang: str, size: str) -> list[Part]:
    """Split columns into parts that fit the text block; the first `keys` columns start every part.

    Columns that share a group id (a child's score and rank) are never split apart.
    """
    font, pad = SIZES[size]
    bounds = [column_bounds(h, tuple(row[i] for row in cells), numeric[i], lang, font) for i, h in enumerate(headers)]
    lows = [b[0] + pad for b in bounds]
    prefs = [b[1] + pad for b in bounds]
    room = TEXT_BLOCK_PT - SLACK_PT
    lead = list(range(min(keys, len(headers))))
    parts: list[list[int]] = []
    current = list(lead)
    for group in _grouped(groups, len(lead)):
        if len(current) > len(lead) and sum(lows[i] for i in current + group) > room:
            parts.append(current)
            current = list(lead)
        current += group
    parts.append(current)
    return [_fit(cols, lows, prefs, [bounds[i][2] for i in cols], room) for cols in parts]


def _grouped(groups: tuple[str, ...], start: int) -> list[list[int]]:
    out: list[list[int]] = []
    for i in range(start, len(groups)):
        if out and groups[out[-1][-1]] == groups[i]:
            out[-1].append(i)
        else:
            out.append([i])
    return out


def _fit(cols: list[int], lows: list[float], prefs: list[float], nowrap: list[bool], room: float) -> Part:
    low = sum(lows[i] for i in cols)
    pref = sum(prefs[i] for i in cols)
    if pref <= room:
        widths = [prefs[i] for i in cols]
    elif low >= room:  # the key columns alone are as wide as the page: they wrap as far as they can
        widths = [lows[i] * room / low for i in cols]
    else:
        share = (room - low) / (pref - low)
        widths = [lows[i] + (prefs[i] - lows[i]) * share for i in cols]
    return Part(tuple(cols), tuple(round(w, 2) for w in widths), tuple(nowrap))
