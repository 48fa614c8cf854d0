"""Turns a language and group ids into the strings, fonts, sizes and colours every figure shares.

Label keys used across kinds (each kind's docstring says which it needs):

- ``title``: optional figure title (reports usually put the caption outside the figure).
- ``x``, ``y``: axis labels; ``size``: the bubble-size legend title; ``trend``: the trend line.
- ``previous``, ``current``: slope chart column headers (e.g. "2023", "2024").
- ``change.rise``, ``change.unchanged``, ``change.drop``, ``change.new``, ``change.unknown``: rank-change legend.
- ``group.<id>``: display name of a group (region) id, e.g. ``group.europe``.
"""

from __future__ import annotations

import textwrap
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
from matplotlib import colormaps
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.colors import Colormap, ListedColormap
from matplotlib.font_manager import FontProperties
from matplotlib.legend import Legend
from matplotlib.text import Text
from matplotlib.textpath import TextPath
from matplotlib.transforms import ScaledTranslation, Transform

from .errors import MissingLabelsError
from .fonts import canonical_lang, font_file

REPORT_WIDTH_IN = 6.3  # A4 text width
FONT_SIZE = 8.0  # body text: tick labels, city names
SMALL_SIZE = 7.0  # annotations: values, point labels, legends
TITLE_SIZE = 10.0
DECIMALS = 2

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
NO_BREAK_BEFORE = "，。、；：）》」』”’！？,.;:)!?%"
NO_BREAK_AFTER = "（《「『“‘("


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


CHANGES: dict[str, ChangeStyle] = {
    "rise": ChangeStyle("^", "#009E73"),
    "unchanged": ChangeStyle("o", "#8C8C8C"),
    "drop": ChangeStyle("v", "#D55E00"),
    "new": ChangeStyle("s", "#0072B2"),
    "unknown": ChangeStyle("o", "#FFFFFF", edge="#6B6B6B"),  # evaluated before, previous rank not known: hollow
}


@dataclass(frozen=True)
class Labels:
    """Every visible string of one figure, in one language (`lang`: 'en' or 'zh').

    `text` maps label keys (see the module docstring) to display strings.
    """

    lang: str
    text: Mapping[str, str] = field(default_factory=dict)

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


def font_for(lang: str, *, size: float = FONT_SIZE, weight: str = "regular") -> FontProperties:
    """FontProperties pinned to `lang`'s font file and face (see figures.fonts), at `size` points."""
    return FontProperties(fname=font_file(canonical_lang(lang), weight), size=size,
                          weight="bold" if weight == "bold" else "normal")


def fmt(value: float, decimals: int = DECIMALS) -> str:
    """A score as displayed: fixed decimals, same digits in English and Chinese."""
    return f"{value:.{decimals}f}"


def group_colours(groups: Iterable[str]) -> dict[str, str]:
    """A colour per group id: known regions keep their colour everywhere; others take the palette in order."""
    ids = list(dict.fromkeys(groups))
    used = {REGION_COLOURS[g] for g in ids if g in REGION_COLOURS}
    spare = iter([c for c in PALETTE if c not in used] + list(PALETTE))
    return {g: REGION_COLOURS[g] if g in REGION_COLOURS else next(spare) for g in ids}


def group_markers(groups: Iterable[str]) -> dict[str, str]:
    """A marker shape per group id, in order, so groups differ in grey print too."""
    ids = list(dict.fromkeys(groups))
    return {g: GROUP_MARKERS[i % len(GROUP_MARKERS)] for i, g in enumerate(ids)}


def wrap(text: str, width: int) -> str:
    """Break `text` into balanced lines of at most about `width` Latin characters (a CJK character counts as two).

    Latin text breaks at spaces; CJK text between characters, never before closing punctuation. Lines
    are balanced (as few as needed, of similar length), so no word or character is left alone.
    """
    lines = _wrap_lines(text, width)
    narrowest = width
    while narrowest > 1 and len(_wrap_lines(text, narrowest - 1)) == len(lines):
        narrowest -= 1
    return "\n".join(_wrap_lines(text, narrowest))


def _wrap_lines(text: str, width: int) -> list[str]:
    if not is_wide(text):
        return textwrap.wrap(text, width, break_long_words=False) or [text]
    lines, line, used = [], "", 0
    for char in text:
        cost = 2 if _is_wide(char) else 1
        if used + cost > width and line.strip() and char not in NO_BREAK_BEFORE and line[-1] not in NO_BREAK_AFTER:
            lines.append(line.rstrip())
            line, used = "", 0
        line += char
        used += cost
    return [*lines, line.rstrip()]


def sequential(name: str = SEQUENTIAL_CMAP, upto: float = SEQUENTIAL_UPTO) -> Colormap:
    """A sequential colormap for scores, its darkest tail cut off so annotations stay legible."""
    base = colormaps[name]
    return ListedColormap(base(np.linspace(0.0, upto, 256)), name=f"{name}_upto_{upto:g}")


def is_wide(text: str) -> bool:
    """Whether `text` has CJK (East Asian wide or full-width) characters."""
    return any(_is_wide(c) for c in text)


def _is_wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in "WF"


def finish(ax: Axes, labels: Labels) -> None:
    """Set the title from `labels` and put every text of `ax` in the language's font.

    Sizes and weights already set on each text are kept; text-as-typed is shown literally (no
    mathtext), so a '$' in a label is a dollar sign.
    """
    if labels.title:
        ax.set_title(labels.title, loc="left", fontsize=TITLE_SIZE, fontweight="bold", color=INK, pad=10)
    for text in axes_texts(ax):
        bold = text.get_fontweight() in ("bold", "heavy", "black", "semibold", "demibold") or (
            isinstance(text.get_fontweight(), int) and text.get_fontweight() >= 600
        )
        text.set_fontproperties(font_for(labels.lang, size=text.get_fontsize(), weight="bold" if bold else "regular"))
        text.set_parse_math(False)


def axes_texts(ax: Axes) -> list[Text]:
    """Every Text of `ax`: titles, axis labels, tick labels, legends, annotations."""
    ticks = [*ax.get_xticklabels(), *ax.get_yticklabels(), ax.xaxis.get_offset_text(), ax.yaxis.get_offset_text()]
    return list(dict.fromkeys([*ticks, *ax.findobj(Text)]))


def text_width(text: str, prop: FontProperties) -> float:
    """Width in points of `text` set in `prop` (widest line), measured without a renderer."""
    widths = [TextPath((0, 0), line, prop=prop).get_extents().x1 for line in text.split("\n") if line.strip()]
    return max(widths, default=0.0)


def offset(ax: Axes, dx_pt: float = 0.0, dy_pt: float = 0.0, *, base: Transform | None = None) -> Transform:
    """`base` (default: axes x, data y) shifted by a distance in points, independent of the axes size."""
    base = ax.get_yaxis_transform() if base is None else base
    return base + ScaledTranslation(dx_pt / 72, dy_pt / 72, ax.figure.dpi_scale_trans)


def legend_below(
    ax: Axes, handles: list[Artist], names: list[str], labels: Labels, *, drop_pt: float, side: str = "center",
    title: str | None = None, **legend_kwargs: object,
) -> Legend:
    """A frameless one-row legend `drop_pt` points below the axes, at its left, centre or right; several may coexist."""
    anchor = {"left": (0.0, "upper left"), "center": (0.5, "upper center"), "right": (1.0, "upper right")}[side]
    options = {"handlelength": 1.2, "handletextpad": 0.5, "columnspacing": 1.4, **legend_kwargs}
    legend = Legend(
        ax, handles, names, loc=anchor[1], bbox_to_anchor=(anchor[0], 0.0),
        bbox_transform=offset(ax, 0, -drop_pt, base=ax.transAxes), ncols=len(handles), frameon=False,
        prop=font_for(labels.lang, size=SMALL_SIZE), borderaxespad=0.0, borderpad=0.0, title=title,
        title_fontproperties=font_for(labels.lang, size=SMALL_SIZE), alignment="left", **options,
    )
    ax.add_artist(legend)
    legend.set_clip_on(False)  # add_artist clips to the axes, which would leave it out of the layout
    return legend
