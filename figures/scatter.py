"""Turns two indicators' scores for a set of cities into a labelled scatter plot (SET Figure 2.2.2).

Frame columns:

- ``x``, ``y`` (float): the two scores.
- ``label`` (str): the city display name (shortened beyond ``fit.NAME_LIMIT``), placed beside its
  point where it overlaps no other label, point, the trend line or the axes edge; a label that
  fits nowhere is left out (the report's table names every city).
- ``group`` (optional, str): colour and marker shape by group id, with a legend (labels ``group.<id>``).

Labels: ``x`` and ``y`` (axis titles, required; wrapped to the axes), ``title`` (optional),
``trend`` (required with ``trend=True``: the legend entry of the least-squares line).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.legend import Legend
from matplotlib.lines import Line2D

from . import fit
from .frames import check_columns, groups_in, has
from .layout import PAD, Margins, available, axes_size, fixed_ticks, place
from .legends import GAP as LEGEND_GAP
from .legends import Block, legends_below
from .placement import annotate_points
from .style import (
    DEFAULT_COLOUR,
    FONT_SIZE,
    INK,
    MUTED,
    PDF_SLACK,
    REPORT_WIDTH_IN,
    RULE,
    SMALL_SIZE,
    Labels,
    finish,
    font_for,
    group_colours,
    group_markers,
    offset,
    title_room,
)

KIND = "scatter"
MARKER_AREA = 26.0  # points squared
MARGIN = 0.06  # share of the data range added on each side
TICK_LENGTH = 3.0  # points
TICK_PAD = 3.5  # points between a tick and its label
AXIS_TITLE_PAD = 4.0  # points between the tick labels and the axis title


def draw(
    ax: Axes,
    frame: pd.DataFrame,
    *,
    labels: Labels,
    trend: bool = False,
    groups: list[str] | None = None,
    marker_area: float = MARKER_AREA,
) -> list[Artist]:
    """Draw `frame` as a labelled scatter on `ax` (optionally with a trend line); return the artists drawn."""
    check_columns(frame, KIND, ["x", "y", "label"], ["group"])
    present = groups_in(frame, groups) if has(frame, "group") else []
    labels.require(["x", "y", *(["trend"] if trend else []), *(f"group.{g}" for g in present)], figure=KIND)
    x, y = frame["x"].to_numpy(float), frame["y"].to_numpy(float)
    set_limits(ax, x, y)
    points, handles, names = scatter_groups(ax, frame, labels, present, marker_area)
    drawn = list(points)
    if trend:
        drawn.append(trend_line(ax, x, y))
        handles, names = [*handles, drawn[-1]], [*names, labels["trend"]]
    axes_style(ax)
    lay_out(ax, labels, [Block(handles, names)], KIND)
    radius = np.sqrt(marker_area) / 2
    names = [fit.name(t, labels.lang) for t in frame["label"]]
    notes = annotate_points(ax, x, y, names, labels, radii_pt=radius, lines=drawn[len(points):])
    return [*drawn, *notes]


def figsize(frame: pd.DataFrame, *, lang: str = "en", width: float = REPORT_WIDTH_IN) -> tuple[float, float]:
    """A figure size (inches): a landscape plot with room for a legend row."""
    return width, round(width * 0.72, 2)


def scatter_groups(
    ax: Axes, frame: pd.DataFrame, labels: Labels, present: list[str], area: float | np.ndarray
) -> tuple[list[Artist], list[Artist], list[str]]:
    """One collection per group (or one for all): the collections, their legend handles and names."""
    sizes = np.broadcast_to(np.asarray(area, dtype=float), (len(frame),))
    if not present:
        return [ax.scatter(frame["x"], frame["y"], s=sizes, color=DEFAULT_COLOUR, edgecolors="white",
                           linewidths=0.5, zorder=3)], [], []
    colours, markers = group_colours(present), group_markers(present)
    ids = frame["group"].fillna("").astype(str).str.strip().to_numpy()
    drawn = []
    for g in present:
        rows = ids == g
        drawn.append(ax.scatter(frame["x"][rows], frame["y"][rows], s=sizes[rows], color=colours[g],
                                marker=markers[g], edgecolors="white", linewidths=0.5, zorder=3, label=g))
    handles = list(drawn)
    if (ids == "").any():  # cities without a group are drawn too, in the default colour, outside the legend
        rows = ids == ""
        drawn.append(ax.scatter(frame["x"][rows], frame["y"][rows], s=sizes[rows], color=DEFAULT_COLOUR,
                                edgecolors="white", linewidths=0.5, zorder=3))
    return drawn, handles, [labels.group(g) for g in present]


def trend_line(ax: Axes, x: np.ndarray, y: np.ndarray) -> Line2D:
    """The least-squares line of y on x across the x range shown."""
    slope, intercept = np.polyfit(x, y, 1)
    lo, hi = ax.get_xlim()
    (line,) = ax.plot([lo, hi], [intercept + slope * lo, intercept + slope * hi], color=MUTED, linestyle="--",
                      linewidth=0.9, zorder=2, scalex=False, scaley=False)
    return line


def set_limits(ax: Axes, x: np.ndarray, y: np.ndarray, margin: float = MARGIN) -> None:
    """Fixed limits with a margin, so label placement and later drawing agree."""
    for values, setter in ((x, ax.set_xlim), (y, ax.set_ylim)):
        lo, hi = float(np.nanmin(values)), float(np.nanmax(values))
        pad = (hi - lo) * margin or 1.0
        setter(lo - pad, hi + pad)


def lay_out(ax: Axes, labels: Labels, blocks: list[Block], kind: str) -> None:
    """Fix the ticks, wrap the axis titles (labels ``x`` and ``y``) to the axes, hang the legends below them,
    and place the axes so that all of it fits; then set the fonts and the title.

    The axis titles and the axes' size depend on each other (a title wrapped onto a second line takes
    room from the axes), so the room is worked out again until the wrapping no longer changes.
    """
    fig = ax.get_figure(root=True)
    tick_prop, title_prop = font_for(labels.lang, size=SMALL_SIZE), font_for(labels.lang, size=FONT_SIZE)
    place(ax, Margins(left=4 * FONT_SIZE, bottom=4 * FONT_SIZE), kind)  # a first guess, to choose the ticks
    x_ticks, y_ticks = fixed_ticks(ax.xaxis), fixed_ticks(ax.yaxis)
    grid(ax)
    tick_h = max((fit.text_height(t, tick_prop) for t in [*x_ticks, *y_ticks]), default=0.0)
    beside = TICK_LENGTH + TICK_PAD + max((fit.text_width(t, tick_prop) for t in y_ticks), default=0.0) + PDF_SLACK
    under = TICK_LENGTH + TICK_PAD + tick_h
    right = max((fit.text_width(t, tick_prop) for t in x_ticks[-1:]), default=0.0) / 2 + PDF_SLACK
    y_title = fit.wrap_to(labels["y"], title_prop, axes_size(ax)[1] - PDF_SLACK, max_lines=2)
    legends: list[Legend] = []
    for _ in range(4):
        reserved = y_title
        left = beside + AXIS_TITLE_PAD + fit.text_height(reserved, title_prop)
        width = available(fig, Margins(left=left, right=right))[0]
        x_title = fit.wrap_to(labels["x"], title_prop, width - PDF_SLACK, max_lines=2)
        below = under + AXIS_TITLE_PAD + fit.text_height(x_title, title_prop) + LEGEND_GAP
        for legend in legends:
            legend.remove()
        legends, room = legends_below(ax, blocks, labels, width=width, below=below)
        margins = Margins(left=left, right=right, top=tick_h / 2 + title_room(labels, fig, PAD + left),
                          bottom=below + room if legends else below - LEGEND_GAP)
        height = available(fig, margins)[1] - PDF_SLACK
        y_title = fit.wrap_to(labels["y"], title_prop, height, max_lines=2)
        if y_title.count("\n") == reserved.count("\n"):
            break
    else:  # no fixed point: in no more lines than the margins have room for
        y_title = fit.wrap_to(labels["y"], title_prop, height, max_lines=reserved.count("\n") + 1)
    place(ax, margins, kind)
    ax.set_xlabel(x_title, fontproperties=title_prop, color=INK, parse_math=False)
    ax.set_ylabel(y_title, fontproperties=title_prop, color=INK, parse_math=False)
    ax.xaxis.set_label_coords(0.5, 0.0, transform=offset(ax, 0, -(under + AXIS_TITLE_PAD), base=ax.transAxes))
    ax.yaxis.set_label_coords(0.0, 0.5, transform=offset(ax, -(beside + AXIS_TITLE_PAD), 0, base=ax.transAxes))
    finish(ax, labels)


def grid(ax: Axes) -> Line2D:
    """A light grid at the (fixed) ticks, below everything: one line, not one per tick as ``Axes.grid`` draws it."""
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    xs: list[float] = []
    ys: list[float] = []
    for x in ax.get_xticks():
        xs += [x, x, np.nan]
        ys += [y0, y1, np.nan]
    for y in ax.get_yticks():
        xs += [x0, x1, np.nan]
        ys += [y, y, np.nan]
    (line,) = ax.plot(xs, ys, color=RULE, linewidth=0.5, solid_capstyle="projecting", zorder=0.5, scalex=False,
                      scaley=False)
    return line


def axes_style(ax: Axes) -> None:
    """No top or right frame, the axis below what is drawn (the grid comes with the ticks, see `grid`)."""
    ax.tick_params(labelsize=SMALL_SIZE, colors=MUTED, labelcolor=INK, length=TICK_LENGTH, pad=TICK_PAD, width=0.6)
    ax.patch.set_visible(False)  # white on the white figure
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(MUTED)
        ax.spines[side].set_linewidth(0.6)
