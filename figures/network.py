"""Turns the strongest pathways (city pairs with a strength) into a network: cities on a circle, grouped by region,
joined by lines whose width grows with the pathway's strength.

Frame columns, one row per pathway:

- ``a``, ``b`` (str): the display names of its two cities, each printed once beside its place on the circle
  (a Text outside the circle, aligned away from it; shortened beyond ``fit.NAME_LIMIT``).
- ``weight`` (float): the pathway's strength (its score, or any measure where more is stronger); the line width
  runs from ``thinnest`` (the weakest drawn) to ``thickest`` points (the strongest).
- ``group_a``, ``group_b`` (optional, str): the cities' group ids (e.g. region): cities of a group sit together,
  their dots coloured by group with a legend (labels ``group.<id>``).

Cities are placed clockwise from the top, group by group in the order groups first appear, each group's cities
in frame order. Strong lines are drawn over weak ones. Labels: ``title`` (optional).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from . import fit
from .frames import check_columns, has
from .layout import PAD, Margins, available, place
from .legends import GAP as LEGEND_GAP
from .legends import Block, legends_below
from .style import (
    DEFAULT_COLOUR,
    FONT_SIZE,
    INK,
    PDF_SLACK,
    REPORT_WIDTH_IN,
    Labels,
    finish,
    font_for,
    group_colours,
    offset,
    title_room,
)

KIND = "network"
LABEL_PAD = 5.0  # points between a city's dot and its name
DOT = 5.0  # dot size in points
LINE_COLOUR = "#3A78B5"


def draw(ax: Axes, frame: pd.DataFrame, *, labels: Labels, thinnest: float = 0.6, thickest: float = 5.0
         ) -> list[Artist]:
    """Draw `frame` as a circular network on `ax`; return the lines, dots and names drawn."""
    check_columns(frame, KIND, ["a", "b", "weight"], ["group_a", "group_b"])
    nodes = _nodes(frame)
    grouped = has(nodes, "group")
    present = list(dict.fromkeys(g for g in nodes["group"] if g)) if grouped else []
    labels.require([f"group.{g}" for g in present], figure=KIND)
    angle = np.pi / 2 - 2 * np.pi * np.arange(len(nodes)) / len(nodes)
    where = {name: (np.cos(t), np.sin(t)) for name, t in zip(nodes["name"], angle, strict=True)}
    w = frame["weight"].to_numpy(dtype=float)
    span = np.ptp(w) or 1.0
    widths = thinnest + (w - w.min()) / span * (thickest - thinnest)
    lines = []
    for i in np.argsort(w, kind="stable"):  # the strongest last, on top
        (xa, ya), (xb, yb) = where[frame["a"].iloc[i]], where[frame["b"].iloc[i]]
        (line,) = ax.plot([xa, xb], [ya, yb], color=LINE_COLOUR, linewidth=widths[i], alpha=0.35 + 0.5 * (
            widths[i] - thinnest) / (thickest - thinnest or 1.0), solid_capstyle="round", zorder=2)
        lines.append(line)
    colours = group_colours(present)
    ids = nodes["group"].to_numpy() if grouped else np.full(len(nodes), "")
    dots = [ax.scatter(np.cos(angle[ids == g]), np.sin(angle[ids == g]), s=DOT ** 2,  # one colour per collection
                       color=colours.get(g, DEFAULT_COLOUR), edgecolors="white", linewidths=0.6, zorder=3)
            for g in dict.fromkeys(ids)]
    names = [fit.name(n, labels.lang) for n in nodes["name"]]
    texts = [_label(ax, name, t) for name, t in zip(names, angle, strict=True)]
    _axes_style(ax)
    handles = [Line2D([], [], linestyle="none", marker="o", markersize=DOT, color=colours[g]) for g in present]
    _lay_out(ax, labels, names, Block(handles, [labels.group(g) for g in present]))
    return [*lines, *dots, *texts]


def figsize(frame: pd.DataFrame, *, lang: str = "en", width: float = REPORT_WIDTH_IN) -> tuple[float, float]:
    """A figure size (inches): a square circle with its names beside it and a legend row below."""
    return width, round(width * 0.82, 2)


def _nodes(frame: pd.DataFrame) -> pd.DataFrame:
    """Each city once (name, group), group by group in order of first appearance, cities in frame order."""
    both = pd.DataFrame({
        "name": [*frame["a"], *frame["b"]],
        "group": [*(frame["group_a"] if "group_a" in frame.columns else [""] * len(frame)),
                  *(frame["group_b"] if "group_b" in frame.columns else [""] * len(frame))]})
    both["group"] = both["group"].fillna("").astype(str)
    order = list(dict.fromkeys(both["group"]))
    nodes = both.drop_duplicates("name").reset_index(drop=True)
    return nodes.assign(_g=nodes["group"].map(order.index)).sort_values("_g", kind="stable").drop(columns="_g")


def _label(ax: Axes, name: str, t: float) -> Artist:
    c, s = np.cos(t), np.sin(t)
    ha = "left" if c > 0.2 else "right" if c < -0.2 else "center"
    va = "bottom" if s > 0.8 else "top" if s < -0.8 else "center_baseline"
    return ax.text(c, s, name, ha=ha, va=va, fontsize=FONT_SIZE, color=INK,
                   transform=offset(ax, LABEL_PAD * c, LABEL_PAD * s, base=ax.transData))


def _axes_style(ax: Axes) -> None:
    ax.set_xlim(-1.05, 1.05)
    ax.set_ylim(-1.05, 1.05)
    ax.set_axis_off()


def _lay_out(ax: Axes, labels: Labels, names: list[str], block: Block) -> None:
    """Room for the names around the circle, the title and the legend; the axes placed square in the middle."""
    fig = ax.get_figure(root=True)
    prop = font_for(labels.lang, size=FONT_SIZE)
    side = LABEL_PAD + max(fit.text_width(n, prop) for n in names) + PDF_SLACK
    tall = LABEL_PAD + max(fit.text_height(n, prop) for n in names) + PDF_SLACK
    width = available(fig, Margins(left=side, right=side))[0]
    legends, below = legends_below(ax, [block], labels, width=width, below=tall + LEGEND_GAP)
    margins = Margins(left=side, right=side, top=tall + title_room(labels, fig, PAD + side),
                      bottom=tall + (LEGEND_GAP + below if legends else 0.0))
    inner_w, inner_h = available(fig, margins)
    extra_w, extra_h = max(0.0, inner_w - inner_h) / 2, max(0.0, inner_h - inner_w) / 2
    place(ax, Margins(margins.left + extra_w, margins.right + extra_w, margins.top + extra_h,
                      margins.bottom + extra_h), KIND)
    finish(ax, labels)
