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
from matplotlib.lines import Line2D

from . import fit
from .frames import check_columns, groups_in, has
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
    lay_out,
)

KIND = "scatter"
MARKER_AREA = 26.0  # points squared
MARGIN = 0.06  # share of the data range added on each side


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
    finish(ax, labels)
    axis_titles(ax, labels)
    legends_below(ax, [Block(handles, names)], labels)
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


def axis_titles(ax: Axes, labels: Labels) -> None:
    """Axis titles from labels ``x`` and ``y``, wrapped to the laid-out axes (call after `finish`)."""
    prop = font_for(labels.lang, size=FONT_SIZE)
    fig = ax.figure
    lay_out(fig)  # the axes size the titles must fit
    width, height = ax.bbox.width * 72 / fig.dpi, ax.bbox.height * 72 / fig.dpi
    ax.set_xlabel(fit.wrap_to(labels["x"], prop, width - PDF_SLACK, max_lines=2), fontproperties=prop, color=INK,
                  parse_math=False)
    ax.set_ylabel(fit.wrap_to(labels["y"], prop, height - PDF_SLACK, max_lines=2), fontproperties=prop, color=INK,
                  parse_math=False)


def axes_style(ax: Axes) -> None:
    """Light grid, no top or right frame."""
    ax.tick_params(labelsize=SMALL_SIZE, colors=MUTED, labelcolor=INK, length=3, width=0.6)
    ax.grid(True, color=RULE, linewidth=0.5)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(MUTED)
        ax.spines[side].set_linewidth(0.6)
