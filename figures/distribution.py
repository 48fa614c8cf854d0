"""Turns the cities' overall ranks into their distribution by region: one row per region (SET Figure 2.1.2).

Frame columns:

- ``rank`` (int): position along the rank axis 1..N (N: the largest rank, or ``n``).
- ``label`` (str): the city display name, written upwards above its dot (Chinese names top to bottom,
  one character per line, as Chinese is set vertically).
- ``group`` (str): the region id; rows in ``groups`` order, else by each region's best rank.

Labels: ``group.<id>`` for every region present (row names), ``x`` (rank axis title, optional),
``title`` (optional).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes

from .errors import FigureError
from .frames import check_columns, groups_in
from .style import (
    FONT_SIZE,
    INK,
    MUTED,
    REPORT_WIDTH_IN,
    RULE,
    SMALL_SIZE,
    Labels,
    finish,
    font_for,
    group_colours,
    is_wide,
    text_width,
)

KIND = "distribution"
DOT_AREA = 30.0
LABEL_GAP = 4.0  # points between a dot and its label
LINE_SPACING = 1.0  # stacked CJK characters
TIE_SHIFT = 0.22  # ranks: how far tied cities in one row move apart


def draw(
    ax: Axes,
    frame: pd.DataFrame,
    *,
    labels: Labels,
    groups: list[str] | None = None,
    n: int | None = None,
) -> list[Artist]:
    """Draw one row of labelled dots per region on `ax`; return the dot collections and the city labels."""
    check_columns(frame, KIND, ["rank", "label", "group"])
    blank = frame.index[frame["group"].astype(str).str.strip() == ""]
    if len(blank):
        raise FigureError(f"{KIND} figure frame: empty group at row(s) {', '.join(map(str, blank))}; "
                          "expected a group id for every city (each group is a row of the figure)")
    order = groups if groups is not None else list(frame.sort_values("rank", kind="stable")["group"].astype(str))
    rows = groups_in(frame, order)
    labels.require([f"group.{g}" for g in rows], figure=KIND)
    colours = group_colours(rows)
    last = int(n or frame["rank"].max())
    base = {g: len(rows) - 1 - i for i, g in enumerate(rows)}  # top row first
    x = frame["rank"].to_numpy(float) + _tie_shifts(frame)
    y = frame["group"].astype(str).map(base).to_numpy(float)

    guides = [ax.axhline(b, color=RULE, linewidth=0.6, zorder=1) for b in base.values()]
    dots = [ax.scatter(x[m], y[m], s=DOT_AREA, color=colours[g], edgecolors="white", linewidths=0.5, zorder=3)
            for g in rows for m in [(frame["group"].astype(str) == g).to_numpy()]]
    names = [
        ax.annotate(vertical(str(t)), (xi, yi), xytext=(0, LABEL_GAP), textcoords="offset points", ha="center",
                    va="bottom", rotation=0 if is_wide(str(t)) else 90, fontsize=SMALL_SIZE, color=INK,
                    linespacing=LINE_SPACING)
        for t, xi, yi in zip(frame["label"], x, y, strict=True)
    ]
    _axes_style(ax, labels, rows, base, last)
    finish(ax, labels)
    return [*dots, *names, *guides]


def figsize(frame: pd.DataFrame, *, lang: str = "en", width: float = REPORT_WIDTH_IN) -> tuple[float, float]:
    """A figure size (inches): each row tall enough for its longest upright label."""
    prop = font_for(lang, size=SMALL_SIZE)
    longest = max(SMALL_SIZE * LINE_SPACING * 1.2 * len(t) if is_wide(t) else text_width(t, prop)
                  for t in frame["label"].astype(str))
    rows = frame["group"].nunique()
    return width, round(0.6 + rows * (longest + LABEL_GAP + 16) / 72, 2)


def vertical(text: str) -> str:
    """CJK text set top to bottom, one character per line; other text unchanged (it is rotated instead)."""
    return "\n".join(text) if is_wide(text) else text


def _tie_shifts(frame: pd.DataFrame) -> np.ndarray:
    """Horizontal shifts (in ranks) spreading cities that share a rank within a row."""
    keys = list(zip(frame["group"].astype(str), frame["rank"], strict=True))
    shifts = np.zeros(len(frame))
    for key in set(keys):
        members = [i for i, k in enumerate(keys) if k == key]
        spread = (np.arange(len(members)) - (len(members) - 1) / 2) * 2 * TIE_SHIFT
        shifts[members] = spread
    return shifts


def _axes_style(ax: Axes, labels: Labels, rows: list[str], base: dict[str, int], last: int) -> None:
    ax.set_xlim(0.3, last + 0.7)
    ax.set_ylim(-0.12, len(rows) - 0.05)
    step = 1 if last <= 15 else 5
    ax.set_xticks(sorted({1, *range(step, last + 1, step), last}))
    ax.set_yticks(list(base.values()), labels=[labels.group(g) for g in rows])
    ax.tick_params(axis="y", length=0, labelsize=FONT_SIZE, labelcolor=INK, pad=6)
    ax.tick_params(axis="x", labelsize=SMALL_SIZE, colors=MUTED, labelcolor=INK, length=3, width=0.6)
    if labels.get("x"):
        ax.set_xlabel(labels["x"], fontsize=FONT_SIZE, color=INK)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.spines["bottom"].set_color(MUTED)
    ax.spines["bottom"].set_linewidth(0.6)
