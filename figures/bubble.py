"""Turns three indicators' scores for a set of cities into a labelled bubble chart (SET Figures 4.1.3, 5.1.3).

Frame columns:

- ``x``, ``y`` (float): position; ``size`` (float): bubble area, scaled linearly from the smallest
  value (``min_area``) to the largest (``max_area``), in points squared.
- ``label`` (str): the city display name (shortened beyond ``fit.NAME_LIMIT``), placed beside its
  bubble where it overlaps no other label or bubble centre; a label that fits nowhere is left out
  (the report's table names every city).
- ``group`` (optional, str): colour by group id, with a legend (labels ``group.<id>``).

Keyword ``size_legend``: the bubble-size legend's entries as (value, text) pairs, the text as the
report prints the value (the caller's number formatter); without it the figure picks three values
from the smallest to the largest and prints them with ``decimals`` decimals itself.

Labels: ``x``, ``y`` (axis titles) and ``size`` (title of the bubble-size legend), all required;
``title`` optional.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from . import fit
from .frames import check_columns, groups_in, has
from .legends import Block
from .placement import annotate_points
from .scatter import axes_style, lay_out, set_limits
from .style import (
    DEFAULT_COLOUR,
    MUTED,
    REPORT_WIDTH_IN,
    SMALL_SIZE,
    Labels,
    fmt,
    group_colours,
)

KIND = "bubble"
MIN_AREA = 30.0  # points squared
MAX_AREA = 700.0
MARGIN = 0.09
CENTRE = 4.0  # points: labels keep clear of this much of other bubbles (they may lie over their rims)


def draw(
    ax: Axes,
    frame: pd.DataFrame,
    *,
    labels: Labels,
    decimals: int = 2,
    size_legend: Sequence[tuple[float, str]] | None = None,
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
    axes_style(ax)
    reference = size_legend or [(float(v), fmt(v, decimals)) for v in np.linspace(np.nanmin(size), np.nanmax(size), 3)]
    lay_out(ax, labels, _legends(labels, present, colours, size, reference, min_area, max_area), KIND)
    names = [fit.name(t, labels.lang) for t in frame["label"]]
    radii = np.sqrt(areas) / 2
    notes = annotate_points(ax, x, y, names, labels, radii_pt=radii, clear_pt=np.minimum(radii, CENTRE) + 2)
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
    labels: Labels, present: list[str], colours: dict[str, str], size: np.ndarray,
    reference: Sequence[tuple[float, str]], min_area: float, max_area: float,
) -> list[Block]:
    dots = [Line2D([], [], linestyle="none", marker="o", markersize=7, color=colours[g]) for g in present]
    values = np.array([v for v, _ in reference], dtype=float)
    lo, hi = float(np.nanmin(size)), float(np.nanmax(size))
    areas = min_area + (values - lo) / (hi - lo) * (max_area - min_area) if hi > lo else \
        np.full(len(values), (min_area + max_area) / 2)
    rings = [Line2D([], [], linestyle="none", marker="o", markersize=float(np.sqrt(a)), markerfacecolor="none",
                    markeredgecolor=MUTED, markeredgewidth=0.7) for a in areas]
    em = float(np.sqrt(areas.max())) / SMALL_SIZE  # largest ring, in font sizes: legend rows must hold it
    return [Block(dots, [labels.group(g) for g in present]),
            Block(rings, [t for _, t in reference], title=labels["size"],
                  options={"handlelength": em, "handleheight": em, "columnspacing": 1.0})]
