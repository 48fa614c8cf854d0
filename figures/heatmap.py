"""Turns a wide table of scores (cities by indicators) into an annotated heatmap (SET Figure 3.2.1).

Frame: wide. The index holds the city display names, top to bottom in the order given; the first
column is the parent indicator's score and the other columns its child indicators, each named by
its display name (long names are wrapped). Cells show the score; empty cells show a dash.
Labels: ``title`` (optional).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.colors import Colormap, Normalize, to_rgb

from .errors import MissingColumnsError
from .style import FONT_SIZE, INK, REPORT_WIDTH_IN, SEQUENTIAL_CMAP, SMALL_SIZE, Labels, finish, fmt, sequential, wrap

KIND = "heatmap"
PARENT_GAP = 0.12  # blank space between the parent column and its children, in cell widths
DASH = "–"


def draw(
    ax: Axes,
    frame: pd.DataFrame,
    *,
    labels: Labels,
    decimals: int = 2,
    top: int | None = None,
    vmin: float | None = None,
    vmax: float | None = None,
    cmap: str = SEQUENTIAL_CMAP,
    wrap_width: int | None = None,
) -> list[Artist]:
    """Draw `frame` (optionally its first `top` rows) as an annotated heatmap; return the meshes and cell texts."""
    table = _checked(frame).head(top) if top else _checked(frame)
    values = table.to_numpy(dtype=float)
    norm = Normalize(np.nanmin(values) if vmin is None else vmin, np.nanmax(values) if vmax is None else vmax)
    colours = sequential(cmap)
    n_rows, n_cols = values.shape
    lefts = np.array([0.0, *(np.arange(1, n_cols) + PARENT_GAP)])
    rows_edges = np.arange(n_rows + 1)

    meshes = _meshes(ax, values, lefts, rows_edges, colours, norm)
    texts = [
        ax.text(lefts[j] + 0.5, i + 0.5, DASH if np.isnan(v) else fmt(v, decimals), ha="center", va="center",
                fontsize=SMALL_SIZE, color=INK if np.isnan(v) else _ink_on(colours(norm(v))))
        for i, row in enumerate(values) for j, v in enumerate(row)
    ]
    _axes_style(ax, table, lefts, labels, wrap_width)
    finish(ax, labels)
    return [*meshes, *texts]


def figsize(
    frame: pd.DataFrame, *, lang: str = "en", width: float = REPORT_WIDTH_IN, top: int | None = None
) -> tuple[float, float]:
    """A figure size (inches): a row of cells per city plus room for wrapped column headers."""
    rows = min(len(frame), top) if top else len(frame)
    return width, round(0.75 + 0.27 * rows, 2)


def _checked(frame: pd.DataFrame) -> pd.DataFrame:
    if frame.empty or frame.shape[1] == 0:
        raise MissingColumnsError(f"{KIND} figure frame: found {frame.shape[0]} row(s) and {frame.shape[1]} "
                                  "column(s); expected cities as rows, a parent score column, then child columns")
    bad = [str(c) for c in frame.columns if not pd.api.types.is_numeric_dtype(frame[c])]
    if bad:
        raise MissingColumnsError(f"{KIND} figure frame: column(s) {', '.join(bad)} are not numeric; "
                                  "expected scores in every column (city names belong in the index)")
    return frame


def _meshes(
    ax: Axes, values: np.ndarray, lefts: np.ndarray, rows_edges: np.ndarray, cmap: Colormap, norm: Normalize
) -> list[Artist]:
    """Two meshes, the parent column and the block of children, so a gap can separate them."""
    blocks = [(0, 1)] + ([(1, values.shape[1])] if values.shape[1] > 1 else [])
    return [
        ax.pcolormesh(np.append(lefts[a:b], lefts[b - 1] + 1), rows_edges, np.ma.masked_invalid(values[:, a:b]),
                      cmap=cmap, norm=norm, edgecolors="white", linewidth=1.0)
        for a, b in blocks
    ]


def _ink_on(rgba: tuple[float, float, float, float]) -> str:
    """White text on dark cells, dark text on light ones (relative luminance, WCAG)."""
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgb(rgba)]
    luminance = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    return "white" if luminance < 0.3 else INK


def _axes_style(ax: Axes, table: pd.DataFrame, lefts: np.ndarray, labels: Labels, wrap_width: int) -> None:
    if wrap_width is None:  # about the width of a column, from the axes size before layout (an underestimate)
        column_pt = ax.get_position().width * ax.figure.get_figwidth() * 72 / (lefts[-1] + 1)
        wrap_width = max(6, int(column_pt / (0.5 * FONT_SIZE)))
    headers = [wrap(str(c), wrap_width) for c in table.columns]
    ax.set_xticks(lefts + 0.5, labels=headers)
    ax.set_yticks(np.arange(len(table)) + 0.5, labels=[str(i) for i in table.index])
    ax.set_xlim(0, lefts[-1] + 1)
    ax.set_ylim(len(table), 0)
    ax.xaxis.tick_top()
    ax.tick_params(length=0, labelsize=FONT_SIZE, labelcolor=INK)
    ax.tick_params(axis="x", pad=4)
    ax.get_xticklabels()[0].set_fontweight("bold")
    for spine in ax.spines.values():
        spine.set_visible(False)
