"""Report language and text into @font-face CSS whose fonts, found through fontconfig, are cached subsets.

The print stylesheet names one family, "CI Sans", whatever the language; this module decides
which font files stand behind it: Liberation Sans for English, the Simplified Chinese face of
Noto Sans CJK (which also sets the Latin runs of a Chinese report) for Chinese, Noto Sans Arabic
for Arabic. A language's fallback typefaces (Liberation Sans for the Latin runs of an Arabic
report, which Noto Sans Arabic lacks) get families of their own, "CI Sans 2" and on, which
`print_css` adds after "CI Sans" wherever the stylesheet names it: WeasyPrint keys a font by its
family, weight and style, so two files cannot share one family.

Each face is cut down with HarfBuzz's subsetter (uharfbuzz) to the characters of the document
before WeasyPrint sees it: a few milliseconds, where fontTools takes half a second for Noto Sans
CJK, a 20 MB collection of 65,000 glyphs. The subset keeps the layout rules of every language
system (the shaper applies Simplified Chinese's `locl` forms when it sets the text), so it carries
some glyphs a Chinese text never shows; WeasyPrint cuts it down once more, to the glyphs actually
drawn, when it embeds it. Where WeasyPrint has no HarfBuzz subsetter of its own (Debian
libharfbuzz-subset0) it would fall back to fontTools, slowly; a subset of a few thousand glyphs
costs it little either way. Subsets are cached under a name derived from the font file and the
character set, so a rebuild of the same text reuses them, and HarfBuzz writes no timestamps, so
their bytes depend only on the font, the characters and the HarfBuzz version.

One face per family, weight and style: WeasyPrint keys fonts by that description, so two
files behind the same description would be mixed up in the PDF.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import subprocess
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import uharfbuzz as hb

from ..errors import SetupError, problem
from ..languages import Style, Typeface, language

FAMILY = "CI Sans"
"""The one family name the stylesheets use; @font-face rules map it to this language's files."""
FAMILY_RE = re.compile(r"""(["'])CI Sans\1""")


_FC_WEIGHTS = {400: 80, 700: 200}


def fontconfig_pattern(style: Style) -> str:
    """The fc-match pattern elements that select a face."""
    return f"weight={_FC_WEIGHTS[style.weight]}:slant={100 if style.italic else 0}"

# Printable ASCII and the few characters WeasyPrint itself may set (no-break space, the
# hyphenation hyphen, the ellipsis of text-overflow, the disc, circle and square list
# markers): page numbers, counters and CSS `content` strings draw from these, and none of
# them need be in the document's text.
BASE_CHARACTERS = frozenset(chr(code) for code in range(0x20, 0x7F)) | set("\u00a0\u2010\u2026\u2022\u25e6\u25aa")

# Ligature glyphs have no character of their own in the font's cmap, and WeasyPrint maps
# glyphs back to text (for search and copy) from the cmap when it embeds a font whole. The
# print stylesheet never sets text vertically.
DROPPED_FEATURES = frozenset({"liga", "clig", "dlig", "hlig", "rlig", "vert", "vrt2", "vkna", "vkrn", "vpal",
                               "vhal", "valt"})
_SUBSET_VERSION = "2"  # bump when the subsetting options change, so old cache entries are not reused
_HARFBUZZ = f"uharfbuzz {hb.__version__}"  # the subsetter ships inside it, so its version names both

@dataclass(frozen=True)
class FontFile:
    """One face of an installed font: its file and, for a collection (.ttc), its index."""

    path: Path
    index: int
    family: str
    style: Style


class FontNotFoundError(SetupError):
    """A font the reports need is not installed."""

    def __init__(self, found: str | list, expected: str = "", what: str | None = None) -> None:
        problems = found if isinstance(found, list) else [problem("font-missing", found=found, expected=expected)]
        super().__init__(problems, what)


def font_face_css(lang: str, text: str, cache_dir: Path) -> str:
    """@font-face rules mapping "CI Sans" (each style) to subsets of this language's fonts.

    `text` must contain every character the document shows; the HTML source (plus any CSS
    with `content` strings) will do. Characters the fonts lack are left out here and reported
    by pdf.write_pdf, which checks the laid-out text.
    """
    rules = []
    shown = _printable(text)
    for face, family in zip(language(lang).typefaces, families(lang), strict=True):
        wanted = shown | BASE_CHARACTERS  # every face: the renderer may set these in any of them
        for style in face.styles:
            font = find_font(face, style)
            path = subset_font(font, wanted & coverage(font), cache_dir)
            rules.append(
                "@font-face {\n"
                f'  font-family: "{family}";\n'
                f"  src: url({_css_string(path.as_uri())});\n"
                f"  font-weight: {style.weight};\n"
                f"  font-style: {'italic' if style.italic else 'normal'};\n"
                "}\n"
            )
        shown -= coverage(find_font(face, Style(400)))  # the fallbacks set only what the typefaces before lack
    return "".join(rules)


def families(lang: str) -> tuple[str, ...]:
    """The PDF's font families of a language: "CI Sans" for its typeface, "CI Sans 2" and on for its fallbacks."""
    return tuple(FAMILY if i == 0 else f"{FAMILY} {i + 1}" for i in range(len(language(lang).typefaces)))


def print_css(css: str, lang: str) -> str:
    """A stylesheet with each "CI Sans" followed by the families of the language's fallback typefaces."""
    stack = ", ".join(f'"{family}"' for family in families(lang))
    return FAMILY_RE.sub(lambda _: stack, css)


def typeface(lang: str) -> Typeface:
    """The typeface of a registered report language (its fallbacks: `language(lang).typefaces`)."""
    return language(lang).typeface


def covered(lang: str) -> frozenset[str]:
    """The characters one of a language's typefaces (regular) has a glyph for."""
    return frozenset().union(*(coverage(find_font(face, Style(400))) for face in language(lang).typefaces))


@functools.cache
def find_font(face: Typeface, style: Style) -> FontFile:
    """The installed file of one face of a typeface, found with fc-match."""
    fields = "%{family}\t%{weight}\t%{slant}\t%{file}\t%{index}"
    try:
        found = subprocess.run(["fc-match", "-f", fields, f"{face.family}:{fontconfig_pattern(style)}"],
                               capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError) as error:
        raise FontNotFoundError(f"no fc-match to look up font {face.family!r} ({error})",
                                "fontconfig installed (apt-get install fontconfig)") from error
    families, weight, slant, path, index = [*found.split("\t"), "", "", "", ""][:5]
    if (face.family not in families.split(",") or f"weight={weight}:slant={slant}" != fontconfig_pattern(style)
            or not Path(path).is_file()):
        offered = f"{families} ({weight=}, {slant=})" if families else "nothing"
        raise FontNotFoundError(f"font {face.family!r} ({style.name}) is not installed: fontconfig offers {offered}",
                                f"the Debian package {face.package} (apt-get install {face.package})")
    return FontFile(Path(path), int(index or 0), face.family, style)


@functools.cache
def hb_face(font: FontFile) -> hb.Face:
    """The HarfBuzz face of an installed font face, read once per process."""
    return hb.Face(hb.Blob.from_file_path(str(font.path)), font.index)


@functools.cache
def coverage(font: FontFile) -> frozenset[str]:
    """The characters a font face has glyphs for."""
    return frozenset(map(chr, hb_face(font).unicodes))


def subset_font(font: FontFile, characters: frozenset[str], cache_dir: Path) -> Path:
    """A font file holding only the glyphs for `characters` (and what its layout rules reach), cached in cache_dir."""
    suffix = ".otf" if font.path.suffix.lower() in {".otf", ".ttc", ".otc"} else ".ttf"
    dest = cache_dir / f"{_slug(font)}-{_cache_key(font, characters)}{suffix}"
    if dest.is_file():
        return dest
    wanted = hb.SubsetInput()
    wanted.unicode_set.update(sorted(ord(char) for char in characters))
    features = wanted.sets(hb.SubsetInputSets.LAYOUT_FEATURE_TAG)
    for tag in DROPPED_FEATURES:
        features.discard(_tag(tag))
    wanted.flags = hb.SubsetFlags.NO_HINTING | hb.SubsetFlags.DESUBROUTINIZE | hb.SubsetFlags.NOTDEF_OUTLINE
    subset = hb.subset(hb_face(font), wanted)
    if subset is None:
        raise FontNotFoundError(f"font {font.family!r} ({font.path}) could not be subset",
                                "an OpenType font as its Debian package installs it (reinstall the package)")
    cache_dir.mkdir(parents=True, exist_ok=True)
    # Another build may be writing the same subset: write aside, then rename atomically.
    handle, scratch = tempfile.mkstemp(prefix=f".{dest.stem}-", suffix=suffix, dir=cache_dir)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(subset.blob.data)
        os.chmod(scratch, 0o644)
        os.replace(scratch, dest)
    finally:
        Path(scratch).unlink(missing_ok=True)
    return dest


def _tag(name: str) -> int:
    """An OpenType tag ("liga") as HarfBuzz's number."""
    return int.from_bytes(name.ljust(4).encode("ascii"), "big")


def _printable(text: str) -> frozenset[str]:
    """The characters of text that need a glyph (no control characters)."""
    return frozenset(char for char in set(text) if unicodedata.category(char) != "Cc")


@functools.cache
def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes (a font file, read once per process): caches key on content, not on dates."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _cache_key(font: FontFile, characters: frozenset[str]) -> str:
    digest = hashlib.sha256()
    for part in (_SUBSET_VERSION, _HARFBUZZ, file_digest(font.path), str(font.index), "".join(sorted(characters))):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()[:20]


def _slug(font: FontFile) -> str:
    italic = "i" if font.style.italic else ""
    return f"{font.family.replace(' ', '')}-{font.style.weight}{italic}"


def _css_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
