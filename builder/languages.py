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
    # OpenType language systems to keep in subsets (all when empty). Noto CJK's `locl` feature maps
    # every ideograph to its Japanese, Korean and Traditional forms; kept whole, it doubles the
    # subset with glyphs a Simplified Chinese text never shows.
    languages: tuple[str, ...] = ()


def english_ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


@dataclass(frozen=True)
class Language:
    """One report language."""

    code: str  # as edition.yaml, column suffixes (name_<code>) and file names spell it: en, zh
    tag: str  # BCP 47, for the HTML's lang and the PDF's /Lang: en, zh-Hans
    locale: str  # Babel locale of numbers and lists: en, zh_Hans_CN
    typeface: Typeface  # the PDF's and the figures' font
    web_fonts: str  # CSS font stack of the web page and its figures: the typeface, then stand-ins
    ordinal: Callable[[int], str]  # how a rank reads: 3rd, 第3名
    direction: str = "ltr"  # or "rtl"
    figure_text: str = "text"  # "path" where the PDF renderer cannot set the script as SVG text


LIBERATION_SANS = Typeface("Liberation Sans", "fonts-liberation2", styles=WITH_ITALICS)
NOTO_SANS_CJK_SC = Typeface("Noto Sans CJK SC", "fonts-noto-cjk", languages=("ZHS ",))  # CJK fonts have no italics

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
