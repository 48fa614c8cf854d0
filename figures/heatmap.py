"""Turns a wide table of scores (cities by indicators) into an annotated heatmap (SET Figure 3.2.1).

Frame: wide. The index holds the city display names, top to bottom in the order given (shortened
beyond ``fit.NAME_LIMIT``); the first column is the parent indicator's score and the other columns
its child indicators, each named by its display name (wrapped to the column's width, at most four
lines). Keyword ``cell_text``: a frame of strings with the same index and columns, the cells as the
report prints them (the caller's number formatter); empty strings show a dash. Without it the
figure prints the scores with ``decimals`` decimals itself, and a dash for empty cells.
Labels: ``title`` (optional).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.colors import Colormap, Normalize, to_rgb
from matplotlib.transforms import ScaledTranslation

from . import fit
from .cells import Cell, CellTexts
from .errors import FigureError, MissingColumnsError
from .layout import PAD, Margins, available, check_rows, place
from .style import (
    FONT_SIZE,
    INK,
    PDF_SLACK,
    REPORT_WIDTH_IN,
    SEQUENTIAL_CMAP,
    SMALL_SIZE,
    Labels,
    finish,
    fmt,
    font_for,
    sequential,
    title_room,
)

KIND = "heatmap"
PARENT_GAP = 0.12  # blank space between the parent column and its children, in cell widths
DASH = "–"
HEADER_LINES = 4
CELL_PAD = 2.0  # points kept free on each side of a cell's text
NAME_PAD = 3.5  # points between the cells and the city names
HEADER_PAD = 4.0  # points between the cells and the column headers
SMALLEST = 5.0  # points: cell text shrinks down to this size to fit its cell
SMALLEST_HEADER = 6.5  # points: headers shrink down to this size so that their words fit whole
CELLS_GID, ROWS_GID, HEADERS_GID = "heatmap-cells", "heatmap-rows", "heatmap-headers"  # the CellTexts' gids
LONGEST_WORD = 16  # characters: longer words break (with a hyphen) rather than shrink every header


def draw(
    ax: Axes,
    frame: pd.DataFrame,
    *,
    labels: Labels,
    cell_text: pd.DataFrame | None = None,
    decimals: int = 2,
    top: int | None = None,
    vmin: float | None = None,
    vmax: float | None = None,
    cmap: str = SEQUENTIAL_CMAP,
) -> list[Artist]:
    """Draw `frame` (optionally its first `top` rows) as an annotated heatmap; return the meshes, rules, cell texts."""
    table = _checked(frame).head(top) if top else _checked(frame)
    printed = _printed(table, cell_text, decimals)
    values = table.to_numpy(dtype=float)
    norm = Normalize(np.nanmin(values) if vmin is None else vmin, np.nanmax(values) if vmax is None else vmax)
    colours = sequential(cmap)
    n_rows, n_cols = values.shape
    lefts = np.array([0.0, *(np.arange(1, n_cols) + PARENT_GAP)])
    rows_edges = np.arange(n_rows + 1)

    meshes = _meshes(ax, values, lefts, rows_edges, colours, norm)
    small = font_for(labels.lang, size=SMALL_SIZE)
    cells = [Cell(lefts[j] + 0.5, i + 0.5, printed[i][j], small, INK if np.isnan(v) else _ink_on(colours(norm(v))))
             for i, row in enumerate(values) for j, v in enumerate(row)]
    names = _axes_style(ax, table, lefts, labels)
    fig = ax.get_figure(root=True)
    left = max(fit.text_width(n, font_for(labels.lang, size=FONT_SIZE)) for n in names) + NAME_PAD + PDF_SLACK
    cell = available(fig, Margins(left=left))[0] / (lefts[-1] + 1)  # the axes span the figure's width
    above = HEADER_PAD + _headers(ax, table, lefts, labels, cell)
    margins = Margins(left=left, top=above + title_room(labels, fig, PAD + left))
    check_rows(fig, margins, n_rows, KIND, 1.2 * SMALL_SIZE + 2 * CELL_PAD)
    place(ax, margins, KIND)
    finish(ax, labels, above=above)
    _fit_cells(cells, labels, cell)
    return [*meshes, CellTexts(ax, cells, gid=CELLS_GID)]


def figsize(
    frame: pd.DataFrame, *, lang: str = "en", width: float = REPORT_WIDTH_IN, top: int | None = None
) -> tuple[float, float]:
    """A figure size (inches): a row of cells per city plus room for wrapped column headers."""
    rows = min(len(frame), top) if top else len(frame)
    return width, round(0.85 + 0.27 * rows, 2)


def _checked(frame: pd.DataFrame) -> pd.DataFrame:
    if frame.empty or frame.shape[1] == 0:
        raise MissingColumnsError(f"{KIND} figure frame: found {frame.shape[0]} row(s) and {frame.shape[1]} "
                                  "column(s); expected cities as rows, a parent score column, then child columns")
    bad = [str(c) for c in frame.columns if not pd.api.types.is_numeric_dtype(frame[c])]
    if bad:
        raise MissingColumnsError(f"{KIND} figure frame: column(s) {', '.join(bad)} are not numeric; "
                                  "expected scores in every column (city names belong in the index)")
    return frame


def _printed(table: pd.DataFrame, cell_text: pd.DataFrame | None, decimals: int) -> list[list[str]]:
    """Each cell's text: `cell_text` as given (a dash where empty), or the score formatted here."""
    if cell_text is None:
        return [[DASH if np.isnan(v) else fmt(v, decimals) for v in row] for row in table.to_numpy(dtype=float)]
    if not (cell_text.columns.equals(table.columns) and cell_text.index[: len(table)].equals(table.index)):
        raise FigureError(f"{KIND} figure: cell_text has index {list(cell_text.index)[:5]}... and columns "
                          f"{list(cell_text.columns)}; expected the frame's index and columns, in its order")
    given = cell_text.iloc[: len(table)].fillna("").astype(str)
    return [[t.strip() or DASH for t in row] for row in given.to_numpy()]


def _meshes(
    ax: Axes, values: np.ndarray, lefts: np.ndarray, rows_edges: np.ndarray, cmap: Colormap, norm: Normalize
) -> list[Artist]:
    """Two meshes, the parent column and the block of children, so a gap can separate them; and the white rules
    around every cell, as one line (cells without outlines are plain rectangles to draw, also in the SVG)."""
    blocks = [(0, 1)] + ([(1, values.shape[1])] if values.shape[1] > 1 else [])
    meshes: list[Artist] = [
        ax.pcolormesh(np.append(lefts[a:b], lefts[b - 1] + 1), rows_edges, np.ma.masked_invalid(values[:, a:b]),
                      cmap=cmap, norm=norm, edgecolors="none", linewidth=0.0)
        for a, b in blocks
    ]
    xs: list[float] = []
    ys: list[float] = []
    for a, b in blocks:
        x0, x1 = float(lefts[a]), float(lefts[b - 1] + 1)
        for y in rows_edges:  # across the block, between rows
            xs += [x0, x1, np.nan]
            ys += [float(y), float(y), np.nan]
        for x in [*lefts[a:b], x1]:  # down the block, between columns
            xs += [float(x), float(x), np.nan]
            ys += [float(rows_edges[0]), float(rows_edges[-1]), np.nan]
    (rules,) = ax.plot(xs, ys, color="white", linewidth=1.0, solid_capstyle="projecting", scalex=False,
                       scaley=False)
    return [*meshes, rules]


def _ink_on(rgba: tuple[float, float, float, float]) -> str:
    """White text on dark cells, dark text on light ones (relative luminance, WCAG)."""
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgb(rgba)]
    luminance = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    return "white" if luminance < 0.3 else INK


def _axes_style(ax: Axes, table: pd.DataFrame, lefts: np.ndarray, labels: Labels) -> list[str]:
    """Limits, the row names at the left (right-aligned, as tick labels would be) and no ticks or frame;
    returns the row names."""
    names = [fit.name(str(i), labels.lang) for i in table.index]
    ax.set_xticks([])
    ax.set_yticks([])
    points = ax.get_figure(root=True).dpi_scale_trans
    left_of_axes = ax.get_yaxis_transform() + ScaledTranslation(-NAME_PAD / 72, 0, points)
    prop = font_for(labels.lang, size=FONT_SIZE)
    CellTexts(ax, [Cell(0.0, i + 0.5, n, prop, INK) for i, n in enumerate(names)], ha="right", va="center_baseline",
              transform=left_of_axes, gid=ROWS_GID)
    ax.set_xlim(0, lefts[-1] + 1)
    ax.set_ylim(len(table), 0)
    ax.patch.set_visible(False)  # white on the white figure, under the cells
    for spine in ax.spines.values():
        spine.set_visible(False)
    return names


def _headers(ax: Axes, table: pd.DataFrame, lefts: np.ndarray, labels: Labels, cell_width: float) -> float:
    """Column headers wrapped to a cell's width (the parent's in bold), measured with the language's font;
    returns the height of the tallest, in points."""
    cell = cell_width - CELL_PAD - PDF_SLACK
    words = [w for h in table.columns for w in str(h).split() if len(w) <= LONGEST_WORD]
    size = FONT_SIZE  # as large as lets every word fit a cell whole (a longer word breaks anyway)
    while size > SMALLEST_HEADER and any(fit.text_width(w, font_for(labels.lang, size=size, weight="bold")) > cell
                                         for w in words):
        size -= 0.5
    props = [font_for(labels.lang, size=size, weight="bold" if j == 0 else "regular")
             for j in range(len(table.columns))]
    headers = [fit.wrap_to(str(h), p, cell, max_lines=HEADER_LINES) for h, p in zip(table.columns, props, strict=True)]
    above_axes = ax.get_xaxis_transform() + ScaledTranslation(
        0, HEADER_PAD / 72, ax.get_figure(root=True).dpi_scale_trans)
    CellTexts(ax, [Cell(x + 0.5, 1.0, h, p, INK) for x, h, p in zip(lefts, headers, props, strict=True)], va="bottom",
              transform=above_axes, gid=HEADERS_GID)
    return max(fit.text_height(h, p) for h, p in zip(headers, props, strict=True))


def _fit_cells(cells: list[Cell], labels: Labels, cell_width: float) -> None:
    """Cell texts wider than their cell set smaller, down to SMALLEST points, then cut with an ellipsis."""
    room = cell_width - 2 * CELL_PAD - PDF_SLACK
    for cell in cells:
        size = SMALL_SIZE
        while size > SMALLEST and fit.text_width(cell.text, font_for(labels.lang, size=size)) > room:
            size -= 0.5
        cell.prop = font_for(labels.lang, size=size)
        cell.text = fit.fit_width(cell.text, cell.prop, room)
