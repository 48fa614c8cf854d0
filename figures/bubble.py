"""Turns three indicators' scores for a set of cities into a labelled bubble chart (SET Figures 4.1.3, 5.1.3).

Frame columns:

- ``x``, ``y`` (float): position; ``size`` (float): bubble area, scaled linearly from the smallest
  value (``min_area``) to the largest (``max_area``), in points squared.
- ``label`` (str): the city display name, placed beside its bubble without overlaps where possible.
- ``group`` (optional, str): colour by group id, with a legend (labels ``group.<id>``).

Labels: ``x``, ``y`` (axis titles) and ``size`` (title of the bubble-size legend), all required;
``title`` optional.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from .frames import check_columns, groups_in, has
from .placement import annotate_points
from .scatter import axes_style, set_limits
from .style import (
    DEFAULT_COLOUR,
    FONT_SIZE,
    MUTED,
    REPORT_WIDTH_IN,
    SMALL_SIZE,
    Labels,
    finish,
    fmt,
    group_colours,
    legend_below,
)

KIND = "bubble"
MIN_AREA = 30.0  # points squared
MAX_AREA = 700.0
MARGIN = 0.09


def draw(
    ax: Axes,
    frame: pd.DataFrame,
    *,
    labels: Labels,
    decimals: int = 2,
    groups: list[str] | None = None,
    min_area: float = MIN_AREA,
    max_area: float = MAX_AREA,
    alpha: float = 0.75,
) -> list[Artist]:
    """Draw `frame` as labelled bubbles on `ax`; return the bubbles (one collection) and the labels."""
    check_columns(frame, KIND, ["x", "y", "size", "label"], ["group"])
    present = groups_in(frame, groups) if has(frame, "group") else []
    labels.require(["x", "y", "size", *(f"group.{g}" for g in present)], figure=KIND)
    size = frame["size"].to_numpy(float)
    areas = scale_areas(size, min_area, max_area)
    colours = group_colours(present)
    ids = frame["group"].fillna("").astype(str).str.strip() if present else pd.Series([""] * len(frame))
    fill = [colours.get(g, DEFAULT_COLOUR) for g in ids]
    order = np.argsort(-areas, kind="stable")  # large bubbles first, so small ones stay visible on top
    x, y = frame["x"].to_numpy(float), frame["y"].to_numpy(float)
    set_limits(ax, x, y, margin=MARGIN)
    bubbles = ax.scatter(x[order], y[order], s=areas[order], c=[fill[i] for i in order], alpha=alpha,
                         edgecolors="white", linewidths=0.7, zorder=3)
    axes_style(ax, labels)
    _legends(ax, labels, present, colours, size, min_area, max_area, decimals)
    finish(ax, labels)
    notes = annotate_points(ax, x, y, list(frame["label"].astype(str)), labels, radii_pt=np.sqrt(areas) / 2)
    return [bubbles, *notes]


def figsize(frame: pd.DataFrame, *, lang: str = "en", width: float = REPORT_WIDTH_IN) -> tuple[float, float]:
    """A figure size (inches): a landscape plot with room for the legends below."""
    return width, round(width * 0.78, 2)


def scale_areas(values: np.ndarray, min_area: float, max_area: float) -> np.ndarray:
    """Areas linear in `values`, from `min_area` (smallest value) to `max_area` (largest); equal values: midway."""
    lo, hi = float(np.nanmin(values)), float(np.nanmax(values))
    if hi == lo:
        return np.full(len(values), (min_area + max_area) / 2)
    return min_area + (values - lo) / (hi - lo) * (max_area - min_area)


def _legends(
    ax: Axes, labels: Labels, present: list[str], colours: dict[str, str], size: np.ndarray,
    min_area: float, max_area: float, decimals: int,
) -> None:
    drop = 2 * FONT_SIZE + 14
    if present:
        dots = [Line2D([], [], linestyle="none", marker="o", markersize=7, color=colours[g]) for g in present]
        legend_below(ax, dots, [labels.group(g) for g in present], labels, drop_pt=drop, side="left")
    reference = np.linspace(np.nanmin(size), np.nanmax(size), 3)
    areas = scale_areas(reference, min_area, max_area) if np.ptp(reference) else np.full(3, (min_area + max_area) / 2)
    rings = [Line2D([], [], linestyle="none", marker="o", markersize=float(np.sqrt(a)), markerfacecolor="none",
                    markeredgecolor=MUTED, markeredgewidth=0.7) for a in areas]
    em = float(np.sqrt(areas.max())) / SMALL_SIZE  # largest ring, in font sizes: legend rows must hold it
    legend_below(ax, rings, [fmt(v, decimals) for v in reference], labels, drop_pt=drop,
                 side="right" if present else "center", title=labels["size"], handlelength=em, handleheight=em,
                 columnspacing=1.0)
