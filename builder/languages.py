"""The language registry: everything the stages need to know about a report language, in one entry.

Settings validation, number and date formats, ordinals, interface strings, the HTML's lang and
dir, the PDF's fonts and /Lang, and the figures' fonts and text mode all read a language from
here. A new language is one `register(Language(...))` plus its strings file
(templates/strings/<code>.yaml) and its chapters (content/<edition>/<code>/).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .errors import SetupError, hint, known_list, problem


@dataclass(frozen=True)
class Style:
    """A face of a family: CSS weight and whether it is italic."""

    weight: int  # 400 or 700
    italic: bool = False

    @property
    def name(self) -> str:
        return ("bold" if self.weight >= 600 else "regular") + (" italic" if self.italic else "")


UPRIGHT = (Style(400), Style(700))
WITH_ITALICS = (*UPRIGHT, Style(400, italic=True), Style(700, italic=True))


@dataclass(frozen=True)
class Typeface:
    """A font family as fontconfig knows it, its faces, and the Debian package that installs it."""

    family: str
    package: str
    styles: tuple[Style, ...] = UPRIGHT


def english_ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


@dataclass(frozen=True)
class Language:
    """One report language."""

    code: str  # as edition.yaml, column suffixes (name_<code>) and file names spell it: en, zh
    tag: str  # BCP 47, for the HTML's lang and the PDF's /Lang: en, zh-Hans
    locale: str  # Babel locale of numbers and lists: en, zh_Hans_CN, ar (Babel writes Western digits)
    typeface: Typeface  # the PDF's and the figures' font
    web_fonts: str  # CSS font stack of the web page and its figures: the typeface, then stand-ins
    ordinal: Callable[[int], str]  # how a rank reads: 3rd, 第3名
    direction: str = "ltr"  # or "rtl"
    figure_text: str = "text"  # "path" where the PDF renderer cannot set the script as SVG text
    # Typefaces for the characters `typeface` lacks, tried in order, in the PDF, the figures, the glyph
    # checks and the measured widths: Noto Sans Arabic has no Latin letters, which Arabic pages show
    # (codes, names such as iGCU, formulas).
    fallbacks: tuple[Typeface, ...] = ()

    @property
    def typefaces(self) -> tuple[Typeface, ...]:
        """The typeface, then its fallbacks: for each character, the first that has it sets it."""
        return (self.typeface, *self.fallbacks)


LIBERATION_SANS = Typeface("Liberation Sans", "fonts-liberation2", styles=WITH_ITALICS)
NOTO_SANS_CJK_SC = Typeface("Noto Sans CJK SC", "fonts-noto-cjk")  # CJK fonts have no italics
NOTO_SANS_ARABIC = Typeface("Noto Sans Arabic", "fonts-noto-core")  # no Latin letters, no italics

LANGUAGES: dict[str, Language] = {}


def register(language: Language) -> Language:
    """Add (or replace) a language; returns it."""
    LANGUAGES[language.code] = language
    return language


def language(code: str) -> Language:
    """The registered language `code`; an unknown one is a SetupError listing the known codes."""
    try:
        return LANGUAGES[code]
    except KeyError:
        raise SetupError(problem("language-unregistered", "", lang=code, hint=hint(code, LANGUAGES),
                                 known=known_list(LANGUAGES))) from None


register(Language("en", "en", "en", LIBERATION_SANS, "'Liberation Sans', Arimo, Arial, Helvetica, sans-serif",
                  english_ordinal))
register(Language("zh", "zh-Hans", "zh_Hans_CN", NOTO_SANS_CJK_SC,
                  "'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif",
                  lambda n: f"第{n}名"))
# Modern Standard Arabic for the whole Arab League, not one country's usage: locale "ar", whose CLDR
# default numbering system is Western digits ("latn": 0-9, with "." and ","), as the Gulf and the
# Maghreb write them and as the edition's own texts do ("أعلى 10٪"). ar_EG and ar_SA prescribe
# Arabic-Indic digits (٠-٩), which Babel would not write (it formats every locale's digits as 0-9).
# Figures are text: the PDF shapes each label whole (render/svgtext.py), isolated right to left
# (render/svg.with_language), so the letters join and a closing full stop ends the label at its left.
register(Language("ar", "ar", "ar", NOTO_SANS_ARABIC, "'Noto Sans Arabic', 'Liberation Sans', Arial, sans-serif",
                  lambda n: f"المرتبة {n}", direction="rtl", figure_text="text", fallbacks=(LIBERATION_SANS,)))
