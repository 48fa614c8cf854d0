"""Turns a language and group ids into the strings, fonts, sizes and colours every figure shares.

Label keys used across kinds (each kind's docstring says which it needs):

- ``title``: optional figure title (reports usually put the caption outside the figure).
- ``x``, ``y``: axis labels; ``size``: the bubble-size legend title; ``trend``: the trend line.
- ``previous``, ``current``: slope chart column headers (e.g. "2023", "2024").
- ``change.rise``, ``change.unchanged``, ``change.drop``, ``change.new``, ``change.unknown``: rank-change legend.
- ``group.<id>``: display name of a group (region) id, e.g. ``group.europe``.
- ``unpublished``: what a ranking prints where a score is not published (default "–").
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.colors import Colormap, ListedColormap
from matplotlib.figure import Figure
from matplotlib.font_manager import FontPath, FontProperties
from matplotlib.legend import Legend
from matplotlib.text import Text
from matplotlib.transforms import ScaledTranslation, Transform

from .errors import MissingLabelsError
from .fit import text_height, wrap_to
from .fonts import FONTS, canonical_lang, font_files
from .layout import PAD, axes_left, axes_size, figure_size

REPORT_WIDTH_IN = 6.3  # A4 text width
FONT_SIZE = 8.0  # body text: tick labels, city names
SMALL_SIZE = 7.0  # annotations: values, point labels, legends
TITLE_SIZE = 10.0
TITLE_PAD = 10.0  # points between the axes (or what they draw above themselves) and the title
DECIMALS = 2
# WeasyPrint sets SVG text glyph by glyph without kerning, so text in the PDF can run this much wider
# (points, at body size) than matplotlib measured: room left wherever text must not touch something.
PDF_SLACK = 1.5

INK = "#222222"  # text and strong lines: near-black prints crisper than pure black on coated paper
MUTED = "#6B6B6B"  # secondary text, axes
RULE = "#D0D0D0"  # grid and separators

# Okabe & Ito (2008): distinguishable with the common colour-vision deficiencies
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
DEFAULT_COLOUR = "#3A78B5"
REGION_COLOURS = {
    "north-america": "#56B4E9",
    "europe": "#E69F00",
    "asia-pacific": "#CC79A7",
    "asia": "#CC79A7",
    "oceania": "#009E73",
    "south-america": "#F0E442",
    "latin-america": "#F0E442",
    "africa": "#D55E00",
    "middle-east": "#0072B2",
}
GROUP_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "h")
SEQUENTIAL_CMAP = "YlGnBu"
SEQUENTIAL_UPTO = 0.85  # the darkest end of YlGnBu is near-black navy: heavy in print, hides cell text


@dataclass(frozen=True)
class ChangeStyle:
    """How one rank-change status is drawn: a marker shape (never colour alone) and a colour."""

    marker: str
    colour: str
    edge: str | None = None  # outline colour where the fill alone would vanish

    @property
    def edge_colour(self) -> str:
        """The marker outline: `edge` or the fill colour."""
        return self.edge or self.colour


STATUSES = ("rise", "unchanged", "drop", "new", "unknown")  # rank-change statuses, in legend order
CHANGES: dict[str, ChangeStyle] = {
    "rise": ChangeStyle("^", "#009E73"),
    "unchanged": ChangeStyle("o", "#8C8C8C"),
    "drop": ChangeStyle("v", "#D55E00"),
    "new": ChangeStyle("s", "#0072B2"),
    "unknown": ChangeStyle("o", "#FFFFFF", edge="#6B6B6B"),  # evaluated before, previous rank not known: hollow
}


@dataclass(frozen=True)
class Labels:
    """Every visible string of one figure, in one language (`lang`: 'en', 'zh', 'ar').

    `text` maps label keys (see the module docstring) to display strings. `direction` is the language's
    ("rtl" for Arabic): figure kinds that set names beside a plot mirror for it (see each kind).
    """

    lang: str
    text: Mapping[str, str] = field(default_factory=dict)
    direction: str = "ltr"

    @property
    def mirrored(self) -> bool:
        """Whether the language is written right to left."""
        return self.direction == "rtl"

    def __post_init__(self) -> None:
        canonical_lang(self.lang)  # fail early on an unsupported language

    @property
    def title(self) -> str | None:
        """The figure title, or None."""
        return self.get("title")

    def get(self, key: str, default: str | None = None) -> str | None:
        """The string for `key`, or `default`; an empty string counts as absent."""
        return self.text.get(key) or default

    def __getitem__(self, key: str) -> str:
        self.require([key])
        return self.text[key]

    def require(self, keys: Iterable[str], *, figure: str = "figure") -> None:
        """Raise MissingLabelsError naming every key in `keys` that has no string."""
        missing = sorted({k for k in keys if not self.text.get(k)})
        if missing:
            raise MissingLabelsError(
                f"{figure} labels ({self.lang}): missing {len(missing)} translation(s): {', '.join(missing)}"
            )

    def group(self, group_id: str) -> str:
        """The display name of a group id (label key ``group.<id>``)."""
        return self[f"group.{group_id}"]


class FontChain(FontProperties):
    """FontProperties naming a language's font and its fallbacks, each family pinned to its file and face.

    matplotlib draws each character in the first family of the list that has it; looking a family up,
    it asks for the file of a copy set to that family alone, which `get_file` answers from the chain.
    """

    def __init__(self, chain: tuple[tuple[str, FontPath], ...], **kwargs: object) -> None:
        super().__init__(family=[family for family, _ in chain], **kwargs)
        self._chain = chain  # a tuple: FontProperties hash by their attributes

    def get_file(self) -> FontPath | None:
        family = self.get_family()
        return dict(self._chain).get(family[0]) if len(family) == 1 else self._chain[0][1]

    def __copy__(self) -> FontChain:  # FontProperties' own makes a FontProperties
        new = FontChain.__new__(FontChain)
        new.__dict__.update(self.__dict__)
        return new


def font_for(lang: str, *, size: float = FONT_SIZE, weight: str = "regular") -> FontProperties:
    """FontProperties pinned to `lang`'s font files and faces (see figures.fonts), at `size` points.

    The families are the fonts' own names, so SVG text written with it names the language's font.
    """
    lang = canonical_lang(lang)
    chain = tuple(zip((family for family, _ in FONTS[lang].chain), font_files(lang, weight), strict=True))
    return _font(chain, float(size), weight).copy()


@lru_cache(maxsize=256)
def _font(chain: tuple[tuple[str, FontPath], ...], size: float, weight: str) -> FontProperties:
    # keyed by families and files: figures.fonts.use_font may change a language's fonts
    return FontChain(chain, size=size, weight="bold" if weight == "bold" else "normal")


def fmt(value: float, decimals: int = DECIMALS) -> str:
    """A score as displayed: fixed decimals, same digits in English and Chinese."""
    return f"{value:.{decimals}f}"


def group_colours(groups: Iterable[str]) -> dict[str, str]:
    """A colour per group id: known regions keep their colour everywhere; others take the palette in order."""
    ids = list(dict.fromkeys(groups))
    used = {REGION_COLOURS[g] for g in ids if g in REGION_COLOURS}
    spare = itertools.cycle([c for c in PALETTE if c not in used] or PALETTE)  # more groups than colours: repeat
    return {g: REGION_COLOURS[g] if g in REGION_COLOURS else next(spare) for g in ids}


def group_markers(groups: Iterable[str]) -> dict[str, str]:
    """A marker shape per group id, in order, so groups differ in grey print too."""
    ids = list(dict.fromkeys(groups))
    return {g: GROUP_MARKERS[i % len(GROUP_MARKERS)] for i, g in enumerate(ids)}


def sequential(name: str = SEQUENTIAL_CMAP, upto: float = SEQUENTIAL_UPTO) -> Colormap:
    """A sequential colormap for scores, its darkest tail cut off so annotations stay legible."""
    base = colormaps[name]
    return ListedColormap(base(np.linspace(0.0, upto, 256)), name=f"{name}_upto_{upto:g}")


def finish(ax: Axes, labels: Labels, *, above: float = 0.0) -> None:
    """Put every text of `ax` in the language's font and set the title from `labels` above the placed axes.

    Sizes and weights already set on each text are kept; text-as-typed is shown literally (no
    mathtext), so a '$' in a label is a dollar sign. `above`: points that the axes draw above
    themselves (headers), which the title keeps clear of; its room is in the top margin (`title_room`).
    """
    for text in axes_texts(ax):
        bold = text.get_fontweight() in ("bold", "heavy", "black", "semibold", "demibold") or (
            isinstance(text.get_fontweight(), int) and text.get_fontweight() >= 600
        )
        text.set_fontproperties(font_for(labels.lang, size=text.get_fontsize(), weight="bold" if bold else "regular"))
        text.set_parse_math(False)
    for axis in (ax.xaxis, ax.yaxis):
        if not axis.label.get_text():  # fixed, so drawing skips finding room for an empty axis title
            axis.set_label_coords(0.0, 0.0)
    if labels.title:
        title = title_text(labels, title_width(ax.get_figure(root=True), axes_left(ax)))
        ax.set_title(title, loc="left", fontproperties=font_for(labels.lang, size=TITLE_SIZE, weight="bold"),
                     color=INK, pad=TITLE_PAD, y=1.0 + above / axes_size(ax)[1], va="bottom", parse_math=False)


def title_width(fig: Figure, left: float) -> float:
    """Points from the axes' left edge (`left` points from the figure's) to the figure's right margin: a
    left-aligned title's room (it may run wider than the axes, not off the figure)."""
    return figure_size(fig)[0] - PAD - left - PDF_SLACK


def title_text(labels: Labels, width: float) -> str | None:
    """The title from `labels`, wrapped to `width` points (two lines at most), or None."""
    if not labels.title:
        return None
    return wrap_to(labels.title, font_for(labels.lang, size=TITLE_SIZE, weight="bold"), width, max_lines=2)


def title_room(labels: Labels, fig: Figure, left: float) -> float:
    """Points the title takes above the axes (with its pad), for axes `left` points from the figure's left edge."""
    title = title_text(labels, title_width(fig, left))
    if title is None:
        return 0.0
    return TITLE_PAD + text_height(title, font_for(labels.lang, size=TITLE_SIZE, weight="bold"))


def axes_texts(ax: Axes) -> list[Text]:
    """Every Text of `ax`: titles, axis titles, tick labels (of visible axes), legends, annotations."""
    found: list[Text] = []
    for child in ax.get_children():
        if isinstance(child, Text):
            found.append(child)
        elif isinstance(child, Legend):
            found += [*child.get_texts(), child.get_title()]
        elif isinstance(child, Axis) and child.get_visible():
            ticks = [*child.get_major_ticks(), *child.get_minor_ticks()]
            found += [child.label, child.get_offset_text(), *(t.label1 for t in ticks), *(t.label2 for t in ticks)]
    return list(dict.fromkeys(found))


def offset(ax: Axes, dx_pt: float = 0.0, dy_pt: float = 0.0, *, base: Transform | None = None) -> Transform:
    """`base` (default: axes x, data y) shifted by a distance in points, independent of the axes size."""
    base = ax.get_yaxis_transform() if base is None else base
    return base + ScaledTranslation(dx_pt / 72, dy_pt / 72, ax.figure.dpi_scale_trans)
