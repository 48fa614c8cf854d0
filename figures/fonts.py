"""Turns a language code into the installed font files (and face index) its figures are drawn with.

English uses Liberation Sans (Debian ``fonts-liberation2``); Simplified Chinese uses Noto Sans CJK SC
(Debian ``fonts-noto-cjk``). Noto ships as a ``.ttc`` collection whose faces are JP, KR, SC, TC, HK:
the face index matters, since the same code point is drawn with different glyph forms per face, so
the index fontconfig reports is kept in a :class:`matplotlib.font_manager.FontPath` and checked.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from functools import cache

from matplotlib import font_manager, ft2font
from matplotlib.font_manager import FontPath

from .errors import FigureError, FontNotFoundError


@dataclass(frozen=True)
class FontSpec:
    """The font family one language is set in, and the Debian package that provides it."""

    family: str
    package: str


FONTS: dict[str, FontSpec] = {
    "en": FontSpec("Liberation Sans", "fonts-liberation2"),
    "zh": FontSpec("Noto Sans CJK SC", "fonts-noto-cjk"),
}
ALIASES = {"zh-hans": "zh", "zh-cn": "zh", "zh_cn": "zh", "en-gb": "en", "en-us": "en"}
WEIGHTS = ("regular", "bold")


def use_font(lang: str, family: str, package: str) -> None:
    """Draw `lang`'s figures in `family` (installed by the Debian `package`): the caller's language registry
    tells figures which font each language uses."""
    key = lang.lower()
    if FONTS.get(key) != FontSpec(family, package):
        FONTS[key] = FontSpec(family, package)
        font_file.cache_clear()


def canonical_lang(lang: str) -> str:
    """The key of FONTS for a language code ('zh-Hans' -> 'zh'); an unknown code lists the known ones."""
    key = ALIASES.get(lang.lower(), lang.lower())
    if key not in FONTS:
        known = ", ".join(sorted(FONTS))
        raise FigureError(f"figure language {lang!r} is not supported; expected one of: {known}")
    return key


@cache
def font_file(lang: str, weight: str = "regular") -> FontPath:
    """The font file and face index for `lang` in `weight` ('regular' or 'bold').

    Bold falls back to the regular face where no bold face is installed; a missing regular face is
    an error naming the Debian package to install.
    """
    if weight not in WEIGHTS:
        raise FigureError(f"font weight {weight!r} is not supported; expected one of: {', '.join(WEIGHTS)}")
    spec = FONTS[canonical_lang(lang)]
    found = _fontconfig_match(spec.family, weight) or _matplotlib_match(spec.family, weight)
    if found is None and weight != "regular":
        return font_file(lang, "regular")
    if found is None:
        raise FontNotFoundError(
            f"font {spec.family!r} ({weight}) for figures in {lang!r} is not installed; "
            f"expected it from the Debian package {spec.package} (apt-get install {spec.package})"
        )
    return found


def _fontconfig_match(family: str, weight: str) -> FontPath | None:
    """Ask fontconfig for `family`; None where fontconfig is absent or substitutes another family."""
    exe = shutil.which("fc-match")
    if exe is None:
        return None
    pattern = f"{family}:bold" if weight == "bold" else f"{family}:regular"
    done = subprocess.run(
        [exe, "--format=%{file}\t%{index}", pattern], capture_output=True, text=True, check=False
    )
    path, _, index = done.stdout.partition("\t")
    if done.returncode != 0 or not path or not index.isdigit():
        return None
    return _verified(FontPath(path, int(index)), family, weight)


def _matplotlib_match(family: str, weight: str) -> FontPath | None:
    """Look `family` up in matplotlib's own font list (which indexes every face of a .ttc)."""
    wanted = 700 if weight == "bold" else 400
    entries = [e for e in font_manager.fontManager.ttflist if e.name == family and e.style == "normal"]
    for entry in sorted(entries, key=lambda e: (abs(_numeric_weight(e.weight) - wanted), e.fname, e.index)):
        found = _verified(FontPath(entry.fname, entry.index), family, weight)
        if found is not None:
            return found
    return None


def _verified(path: FontPath, family: str, weight: str) -> FontPath | None:
    """`path` if its face really is `family` in `weight` (fontconfig substitutes silently)."""
    try:
        face = ft2font.FT2Font(path.path, face_index=path.face_index)
    except (OSError, RuntimeError, ValueError):
        return None
    is_bold = bool(face.style_flags & ft2font.StyleFlags.BOLD)
    if face.family_name != family or is_bold != (weight == "bold"):
        return None
    return path


def _numeric_weight(weight: str | int) -> int:
    if isinstance(weight, int):
        return weight
    return font_manager.weight_dict.get(weight, 400)


@cache
def face(path: FontPath) -> ft2font.FT2Font:
    """The loaded face at `path` (cached; used to ask which characters a font covers)."""
    return ft2font.FT2Font(path.path, face_index=path.face_index)


def register(lang: str) -> str:
    """Make `lang`'s family known to matplotlib's font manager by name; return the family name.

    Text drawn with explicit FontProperties (what figures/ does) does not need this; it lets text
    that matplotlib creates on its own, styled by family name, find the same font.
    """
    spec = FONTS[canonical_lang(lang)]
    known = {(e.fname, e.index) for e in font_manager.fontManager.ttflist if e.name == spec.family}
    for weight in WEIGHTS:
        path = font_file(lang, weight)
        if (path.path, path.face_index) not in known:
            font_manager.fontManager.addfont(path.path)
            known.add((path.path, path.face_index))
    return spec.family
