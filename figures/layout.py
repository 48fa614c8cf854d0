"""Turns the measured room that texts take around an Axes into its position on the figure, before drawing.

A figure is laid out once, by arithmetic: each kind measures what it puts left of, right of, above
and below its axes (names, numbers, headers, legends, axis titles: with the language's font, as
the SVG backend measures them, see figures.fit) and `place` sets the axes' position so that all of
it fits inside the figure, `PAD` points from every edge and below the notice. No layout engine
runs and nothing is drawn to find sizes, so saving the figure is its only draw. Sizes here are in
points; positions of texts around the axes are offsets in points from the axes' edges.
"""

from __future__ import annotations

from dataclasses import dataclass

from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.figure import Figure
from matplotlib.text import Text

from .errors import FigureError
from .fit import text_height

PAD = 4.0  # points kept free along every edge of the figure
NOTICE_GAP = 4.0  # points between the notice and what is below it
NOTICE_GID = "notice"  # the gid of the notice's Text (and of its group in the SVG)
MIN_AXES = 12.0  # points: axes narrower or lower than this cannot show their data


@dataclass(frozen=True)
class Margins:
    """Room (points) that texts take outside the axes on each side, beyond the figure's PAD and notice."""

    left: float = 0.0
    right: float = 0.0
    top: float = 0.0
    bottom: float = 0.0


def figure_size(fig: Figure) -> tuple[float, float]:
    """The figure's (width, height) in points."""
    width, height = fig.get_size_inches()
    return float(width) * 72, float(height) * 72


def notice(fig: Figure) -> Text | None:
    """The notice of `fig` (see figures.save.add_notice), or None."""
    return next((t for t in fig.texts if t.get_gid() == NOTICE_GID and t.get_visible() and t.get_text()), None)


def notice_room(fig: Figure) -> float:
    """Points from the top edge taken by the notice and the gap below it (0 without a notice)."""
    text = notice(fig)
    if text is None:
        return 0.0
    height = text_height(text.get_text(), text.get_fontproperties(), text.get_linespacing())
    return (1.0 - text.get_position()[1]) * figure_size(fig)[1] + height + NOTICE_GAP


def available(fig: Figure, margins: Margins) -> tuple[float, float]:
    """The (width, height) in points that `margins` leave for the axes."""
    width, height = figure_size(fig)
    return (width - 2 * PAD - margins.left - margins.right,
            height - 2 * PAD - notice_room(fig) - margins.top - margins.bottom)


def place(ax: Axes, margins: Margins, kind: str) -> tuple[float, float]:
    """Set the position of `ax` so that `margins` fit around it; return its (width, height) in points.

    A layout engine the caller set on the figure is switched off: it would move the axes at saving,
    away from the texts laid out around them. Too little room is a FigureError naming the size needed.
    """
    fig = ax.get_figure(root=True)
    if fig.get_layout_engine() is not None:
        fig.set_layout_engine("none")
    width, height = figure_size(fig)
    inner_w, inner_h = available(fig, margins)
    if inner_w < MIN_AXES or inner_h < MIN_AXES:
        need_w, need_h = (width + max(0.0, MIN_AXES - inner_w)) / 72, (height + max(0.0, MIN_AXES - inner_h)) / 72
        raise FigureError(f"{kind} figure: its texts leave no room for the plot; expected a figure of at least "
                          f"{need_w:.2f} x {need_h:.2f} in, found {width / 72:.2f} x {height / 72:.2f} in")
    left, bottom = PAD + margins.left, PAD + margins.bottom
    ax.set_position((left / width, bottom / height, inner_w / width, inner_h / height))
    return inner_w, inner_h


def axes_size(ax: Axes) -> tuple[float, float]:
    """The (width, height) of `ax` in points, from its position (no layout, no draw)."""
    box = ax.get_position()
    width, height = figure_size(ax.get_figure(root=True))
    return float(box.width) * width, float(box.height) * height


def axes_left(ax: Axes) -> float:
    """Points from the figure's left edge to the axes."""
    return float(ax.get_position().x0) * figure_size(ax.get_figure(root=True))[0]


def check_rows(fig: Figure, margins: Margins, n: int, kind: str, need_pt: float) -> None:
    """A FigureError naming the figure height needed where the axes that `margins` leave would put their `n` rows
    closer than `need_pt` points (call it before `place`)."""
    pitch = available(fig, margins)[1] / n
    if pitch < need_pt:
        height = fig.get_figheight() + (need_pt - pitch) * n / 72
        raise FigureError(f"{kind} figure: {n} rows need a figure at least {height:.2f} in tall; found "
                          f"{fig.get_figheight():.2f} in (figures.FIGSIZES[{kind!r}] gives a size that fits)")


def fixed_ticks(axis: Axis) -> list[str]:
    """Fix `axis` to the ticks its locator chooses now, inside its limits; return their labels as drawn."""
    lo, hi = sorted(axis.get_view_interval())
    span = (hi - lo) * 1e-9
    locs = [float(t) for t in axis.get_majorticklocs() if lo - span <= t <= hi + span]
    axis.set_ticks(locs)
    return [t for t in axis.get_major_formatter().format_ticks(locs) if t]
