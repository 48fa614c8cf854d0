"""Turns a language code into the installed font files (and face index) its figures are drawn with.

English uses Liberation Sans (Debian ``fonts-liberation2``); Simplified Chinese uses Noto Sans CJK SC
(Debian ``fonts-noto-cjk``); Arabic uses Noto Sans Arabic (Debian ``fonts-noto-core``), with Liberation
Sans as its fallback for the Latin letters it lacks: a language's fonts are a chain, and each character
is drawn in the first font of the chain that has it (matplotlib's per-glyph fallback). Noto CJK ships as a
``.ttc`` collection whose faces are JP, KR, SC, TC, HK:
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
    """The font family one language is set in, the Debian package that provides it, and the fallback
    families (with their packages) for the characters it lacks, in order."""

    family: str
    package: str
    fallbacks: tuple[tuple[str, str], ...] = ()

    @property
    def chain(self) -> tuple[tuple[str, str], ...]:
        """(family, package) of the font and of its fallbacks, in the order they are tried."""
        return ((self.family, self.package), *self.fallbacks)


FONTS: dict[str, FontSpec] = {
    "en": FontSpec("Liberation Sans", "fonts-liberation2"),
    "zh": FontSpec("Noto Sans CJK SC", "fonts-noto-cjk"),
    "ar": FontSpec("Noto Sans Arabic", "fonts-noto-core", (("Liberation Sans", "fonts-liberation2"),)),
}
ALIASES = {"zh-hans": "zh", "zh-cn": "zh", "zh_cn": "zh", "en-gb": "en", "en-us": "en"}
WEIGHTS = ("regular", "bold")


def use_font(lang: str, family: str, package: str, fallbacks: tuple[tuple[str, str], ...] = ()) -> None:
    """Draw `lang`'s figures in `family` (installed by the Debian `package`), and the characters it lacks in the
    first of `fallbacks` ((family, package) pairs) that has them: the caller's language registry tells figures
    which fonts each language uses."""
    key = lang.lower()
    if FONTS.get(key) != FontSpec(family, package, fallbacks):
        FONTS[key] = FontSpec(family, package, fallbacks)
        font_files.cache_clear()
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
    return font_files(lang, weight)[0]


@cache
def font_files(lang: str, weight: str = "regular") -> tuple[FontPath, ...]:
    """The font files of `lang` in `weight`: its font's, then its fallbacks', in the order they are tried."""
    if weight not in WEIGHTS:
        raise FigureError(f"font weight {weight!r} is not supported; expected one of: {', '.join(WEIGHTS)}")
    return tuple(_installed(family, package, lang, weight) for family, package in FONTS[canonical_lang(lang)].chain)


def _installed(family: str, package: str, lang: str, weight: str) -> FontPath:
    found = _fontconfig_match(family, weight) or _matplotlib_match(family, weight)
    if found is None and weight != "regular":
        return _installed(family, package, lang, "regular")
    if found is None:
        raise FontNotFoundError(
            f"font {family!r} ({weight}) for figures in {lang!r} is not installed; "
            f"expected it from the Debian package {package} (apt-get install {package})"
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


def register(lang: str) -> list[str]:
    """Make `lang`'s families known to matplotlib's font manager by name; return them (font, then fallbacks).

    Text drawn with explicit FontProperties (what figures/ does) does not need this; it lets text
    that matplotlib creates on its own, styled by family name, find the same font.
    """
    spec = FONTS[canonical_lang(lang)]
    families = {family for family, _ in spec.chain}
    known = {(e.fname, e.index) for e in font_manager.fontManager.ttflist if e.name in families}
    for weight in WEIGHTS:
        for path in font_files(lang, weight):
            if (path.path, path.face_index) not in known:
                font_manager.fontManager.addfont(path.path)
                known.add((path.path, path.face_index))
    return [family for family, _ in spec.chain]
