"""Turns one ranking (cities, scores, ranks, rank changes) into horizontal bars in rank order.

Frame columns:

- ``city`` (str): display name in the figure's language.
- ``score`` (float): the bar length, printed at the bar end.
- ``rank`` (int): shown left of the name; equal ranks (ties) show equal numbers.
- ``change`` (optional, str): ``rise``, ``unchanged``, ``drop``, ``new`` or empty; a marker beside
  the name (shape and colour) and a legend naming the markers (labels ``change.<status>``).
- ``group`` (optional, str): bar colour by group id, with a legend (labels ``group.<id>``).

Rank 1 is at the top; rows with equal ranks keep the higher score first, then frame order.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.patches import Patch

from .errors import FigureError
from .frames import check_columns, groups_in, has
from .style import (
    CHANGES,
    DEFAULT_COLOUR,
    FONT_SIZE,
    INK,
    MUTED,
    REPORT_WIDTH_IN,
    SMALL_SIZE,
    Labels,
    finish,
    fmt,
    font_for,
    group_colours,
    legend_below,
    offset,
    text_width,
)

KIND = "ranking"
STATUSES = ("rise", "unchanged", "drop", "new", "unknown")
NAME_PAD = 4.0  # points between the axis and the city name
GAP = 5.0  # points between the columns left of the axis
MARKER = 5.5  # marker size in points


def draw(
    ax: Axes,
    frame: pd.DataFrame,
    *,
    labels: Labels,
    decimals: int = 2,
    baseline: float = 0.0,
    bar_height: float = 0.68,
    colour: str = DEFAULT_COLOUR,
) -> list[Artist]:
    """Draw `frame` as ranked horizontal bars on `ax`; return the bars, texts and markers drawn."""
    check_columns(frame, KIND, ["city", "score", "rank"], ["change", "group"], nullable=["score"])
    rows = _ordered(frame)
    changes = _changes(rows)
    groups = groups_in(rows) if has(rows, "group") else []
    labels.require([*(f"change.{s}" for s in STATUSES if s in set(changes)), *(f"group.{g}" for g in groups)],
                   figure=KIND)
    colours = group_colours(groups)

    y = np.arange(len(rows))
    bar_colours = [colours.get(str(g), colour) for g in rows["group"]] if groups else colour
    known = rows["score"].astype(float).fillna(baseline)  # an unpublished score draws no bar...
    bars = ax.barh(y, known - baseline, left=baseline, height=bar_height, color=bar_colours)
    values = [  # ...and says so where its value would be
        ax.annotate(fmt(s, decimals) if pd.notna(s) else labels.get("unpublished", "–"), (k, i), xytext=(3, 0),
                    textcoords="offset points", ha="left", va="center_baseline", fontsize=SMALL_SIZE,
                    color=INK if pd.notna(s) else MUTED, annotation_clip=False)
        for i, (s, k) in enumerate(zip(rows["score"], known, strict=True))
    ]
    _axes_style(ax, rows, y, baseline)
    name_width = max(text_width(c, font_for(labels.lang, size=FONT_SIZE)) for c in rows["city"])
    left = -(NAME_PAD + name_width + GAP)
    markers = _markers(ax, changes, left)
    if markers:
        left -= MARKER + GAP
    ranks = [
        ax.text(0, i, str(r), transform=offset(ax, left), ha="right", va="center_baseline", fontsize=FONT_SIZE,
                color=MUTED)
        for i, r in zip(y, rows["rank"], strict=True)
    ]
    _legends(ax, labels, groups, colours, markers)
    finish(ax, labels)
    return [*bars.patches, *values, *ranks, *markers.values()]


def figsize(frame: pd.DataFrame, *, lang: str = "en", width: float = REPORT_WIDTH_IN) -> tuple[float, float]:
    """A figure size (inches) that gives each bar room for one line of text at report size."""
    legend = 0.3 if has(frame, "change") or has(frame, "group") else 0.0
    return width, round(0.45 + legend + 0.21 * len(frame), 2)


def _ordered(frame: pd.DataFrame) -> pd.DataFrame:
    rows = frame.assign(_order=np.arange(len(frame)), _neg=-frame["score"].astype(float))
    return rows.sort_values(["rank", "_neg", "_order"], kind="stable").reset_index(drop=True)


def _changes(rows: pd.DataFrame) -> pd.Series:
    """The change column as statuses ('' where none); unknown values are an error listing allowed ones."""
    if "change" not in rows.columns:
        return pd.Series([""] * len(rows))
    changes = rows["change"].fillna("").astype(str).str.strip().str.lower()
    bad = sorted(set(changes) - {*STATUSES, ""})
    if bad:
        raise FigureError(f"{KIND} figure frame: column 'change' has {', '.join(map(repr, bad))}; "
                         f"expected one of {', '.join(STATUSES)} or empty")
    return changes


def _markers(ax: Axes, changes: pd.Series, x_pt: float) -> dict[str, Artist]:
    """One marker line per status present, centred `x_pt` points left of the axis (gid: change-<status>)."""
    drawn: dict[str, Artist] = {}
    for status in STATUSES:
        rows = np.flatnonzero(changes.to_numpy() == status)
        if len(rows) == 0:
            continue
        look = CHANGES[status]
        (line,) = ax.plot(np.zeros(len(rows)), rows, linestyle="none", marker=look.marker, markersize=MARKER,
                          color=look.colour, markeredgecolor=look.edge_colour, markeredgewidth=0.6,
                          transform=offset(ax, x_pt - MARKER / 2), clip_on=False)
        line.set_gid(f"change-{status}")
        drawn[status] = line
    return drawn


def _axes_style(ax: Axes, rows: pd.DataFrame, y: np.ndarray, baseline: float) -> None:
    ax.set_yticks(y, labels=list(rows["city"]))
    ax.set_ylim(len(rows) - 0.5, -0.5)
    top = rows["score"].astype(float).max()
    ax.set_xlim(baseline, float(top) if pd.notna(top) else baseline + 1)
    ax.tick_params(axis="y", length=0, pad=NAME_PAD, labelsize=FONT_SIZE, labelcolor=INK)
    ax.xaxis.set_visible(False)
    for side in ("top", "right", "bottom"):
        ax.spines[side].set_visible(False)
    ax.spines["left"].set_color(MUTED)
    ax.spines["left"].set_linewidth(0.6)


def _legends(ax: Axes, labels: Labels, groups: list[str], colours: dict[str, str], markers: dict[str, Artist]) -> None:
    both = bool(groups) and bool(markers)
    if groups:
        patches: list[Artist] = [Patch(facecolor=colours[g]) for g in groups]
        legend_below(ax, patches, [labels.group(g) for g in groups], labels, drop_pt=6,
                     side="left" if both else "center")
    if markers:
        legend_below(ax, list(markers.values()), [labels[f"change.{s}"] for s in markers], labels, drop_pt=6,
                     side="right" if both else "center")
