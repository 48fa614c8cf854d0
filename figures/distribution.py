"""Turns the cities' overall ranks into their distribution by region: one row per region (SET Figure 2.1.2).

Frame columns:

- ``rank`` (int): position along the rank axis 1..N (N: the largest rank, or ``n``).
- ``label`` (str): the city display name, written upwards above its dot (Chinese names top to bottom,
  one character per line, as Chinese is set vertically), shortened to fit the row.
- ``group`` (str): the region id; rows in ``groups`` order, else by each region's best rank.

Labels that would touch (ties, neighbouring ranks) are moved apart along their row, in rank order,
each joined to its dot by a thin leader; a row with more names than its width holds leaves out the
worst-ranked ones (the report's table names every city). Labels: ``group.<id>`` for every region
present (row names), ``x`` (rank axis title, optional), ``title`` (optional).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.font_manager import FontProperties
from matplotlib.text import Annotation

from . import fit
from .errors import FigureError
from .frames import check_columns, groups_in
from .layout import PAD, Margins, available, fixed_ticks, place
from .scatter import AXIS_TITLE_PAD, TICK_LENGTH, TICK_PAD
from .style import (
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
    offset,
    title_room,
)

KIND = "distribution"
DOT_AREA = 30.0
LABEL_GAP = 4.0  # points between a dot and its label
RISE = 6.0  # points more where labels in a row were moved apart: room for the leaders
LABEL_SEP = 1.0  # points between neighbouring labels
LINE_SPACING = 1.0  # stacked CJK characters
TIE_SHIFT = 0.22  # ranks: how far tied cities in one row move apart
TOP_ROOM = 0.95  # rows of room above the top row (its labels' room)
VERTICAL_ELLIPSIS = "︙"
NAME_LIMIT = 22  # units: a city name written upwards (fewer than elsewhere: it sets the row height)
GROUP_LIMIT = 28  # units: row names
ROW_MAX_IN = 1.2  # figsize: the tallest row; longer names are cut to fit it
TICK_SEP = 6.0  # points between rank tick labels
ROW_NAME_PAD = 6.0  # points between the axes and the row names


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
    row_names = _axes_style(ax, labels, rows, base, last)
    _lay_out(ax, labels, row_names, last)
    names = _names(ax, frame, x, y, labels)
    return [*dots, *names, *guides]


def figsize(frame: pd.DataFrame, *, lang: str = "en", width: float = REPORT_WIDTH_IN) -> tuple[float, float]:
    """A figure size (inches): each row tall enough for its longest upright label."""
    prop = font_for(lang, size=SMALL_SIZE)
    longest = max(_length(vertical(fit.name(t, lang, NAME_LIMIT)), prop) for t in frame["label"].astype(str))
    rows = frame["group"].nunique()
    return width, round(0.6 + rows * min(ROW_MAX_IN, (longest + LABEL_GAP + RISE + PDF_SLACK + 12) / 72), 2)


def vertical(text: str) -> str:
    """CJK text set top to bottom, one character per line (spaces left out); other text unchanged (it is
    rotated instead)."""
    return "\n".join(c for c in text if not c.isspace()) if fit.is_wide(text) else text


def _length(text: str, prop: FontProperties) -> float:
    """How far a label runs upwards from its foot, in points."""
    if "\n" in text or fit.is_wide(text):
        return fit.text_height(text, prop, linespacing=LINE_SPACING)
    return fit.text_width(text, prop)


def _thickness(text: str, prop: FontProperties) -> float:
    """How wide a label is across its row, in points."""
    if "\n" in text or fit.is_wide(text):
        return fit.text_width(text, prop)
    return fit.text_height(text, prop)


def _fitted(text: str, prop: FontProperties, room: float, lang: str) -> str:
    """The label, shortened so that it runs at most `room` points upwards."""
    text = fit.name(text, lang, NAME_LIMIT)
    if not fit.is_wide(text):
        return fit.fit_width(text, prop, room)
    chars = [c for c in text.removesuffix(fit.ELLIPSIS) if not c.isspace()]
    chars += [VERTICAL_ELLIPSIS] if text.endswith(fit.ELLIPSIS) else []
    while len(chars) > 1 and _length(vertical("".join(chars)), prop) > room:
        chars = [*chars[:-2 if chars[-1] == VERTICAL_ELLIPSIS else -1], VERTICAL_ELLIPSIS]
    return vertical("".join(chars))


def _names(ax: Axes, frame: pd.DataFrame, x: np.ndarray, y: np.ndarray, labels: Labels) -> list[Annotation]:
    """The city labels, fitted to the row height and moved apart along each row where they would touch."""
    fig = ax.get_figure(root=True)
    to_pt = 72 / fig.dpi
    prop = font_for(labels.lang, size=SMALL_SIZE)
    pitch = abs(ax.transData.transform((0, 1))[1] - ax.transData.transform((0, 0))[1]) * to_pt
    room = TOP_ROOM * pitch - LABEL_GAP - RISE - PDF_SLACK - 2
    texts = [_fitted(str(t), prop, room, labels.lang) for t in frame["label"]]
    at = (ax.transData.transform(np.column_stack([x, y]))[:, 0] - ax.bbox.x0) * to_pt
    width = ax.bbox.width * to_pt
    shown = np.zeros(len(texts), dtype=bool)
    moved = np.zeros(len(texts))
    ranks = frame["rank"].to_numpy(float)
    for row in np.unique(y):
        members = [int(i) for i in np.flatnonzero(y == row)]
        kept, spread = _spread(members, at, [_thickness(texts[i], prop) for i in members], ranks, width)
        shown[kept] = True
        moved[kept] = spread - at[kept]
    raised = {float(r) for r in np.unique(y) if np.any(np.abs(moved[y == r]) > 0.5)}  # rows with leaders
    return [_label(ax, t, xi, yi, dx, prop, leader=yi in raised)
            for t, xi, yi, dx, on in zip(texts, x, y, moved, shown, strict=True) if on]


def _label(ax: Axes, text: str, x: float, y: float, dx: float, prop: FontProperties, *, leader: bool) -> Annotation:
    """One city label above its dot, `dx` points aside; with a leader, raised to make room for it."""
    arrow = {"arrowstyle": "-", "color": MUTED, "linewidth": 0.5, "relpos": (0.5, 0.0), "shrinkA": 0.5,
             "shrinkB": np.sqrt(DOT_AREA) / 2 + 0.5}
    upright = "\n" in text or fit.is_wide(text)
    return ax.annotate(text, (x, y), xytext=(dx, LABEL_GAP + (RISE if leader else 0.0)), textcoords="offset points",
                       ha="center", va="bottom", rotation=0 if upright else 90, fontproperties=prop, color=INK,
                       linespacing=LINE_SPACING, parse_math=False, arrowprops=arrow if leader else None)


def _spread(members: list[int], at: np.ndarray, thick: list[float], ranks: np.ndarray,
            width: float) -> tuple[np.ndarray, np.ndarray]:
    """Which labels of one row stay (the best ranks that fit the width) and their centres in points.

    Centres stay in rank order, at least half of each neighbour's thickness plus LABEL_SEP apart, as
    near their dots as that allows (least squares: pool adjacent violators) and inside the axes.
    """
    order = sorted(range(len(members)), key=lambda k: (at[members[k]], k))
    keep = sorted(order, key=lambda k: (ranks[members[k]], k))
    while keep and sum(thick[k] + LABEL_SEP for k in keep) > width:
        keep = keep[:-1]
    chosen = [k for k in order if k in set(keep)]
    sizes = np.array([thick[k] for k in chosen])
    gaps = np.concatenate([[0.0], (sizes[:-1] + sizes[1:]) / 2 + LABEL_SEP])
    offsets = np.cumsum(gaps)  # centre i sits at least offsets[i] - offsets[j] right of centre j
    wanted = np.array([at[members[k]] for k in chosen]) - offsets
    fitted = _isotonic(wanted)
    if len(chosen):  # the first centre half its label from the left edge, the last from the right
        lo, hi = sizes[0] / 2, width - offsets[-1] - sizes[-1] / 2
        fitted = np.clip(fitted, lo, max(lo, hi))
    return np.array([members[k] for k in chosen], dtype=int), fitted + offsets


def _isotonic(values: np.ndarray) -> np.ndarray:
    """The non-decreasing sequence nearest to `values` in least squares (pool adjacent violators)."""
    blocks: list[list[float]] = []  # [mean, count]
    for v in values:
        blocks.append([float(v), 1.0])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            (m1, c1), (m2, c2) = blocks[-2], blocks[-1]
            blocks[-2:] = [[(m1 * c1 + m2 * c2) / (c1 + c2), c1 + c2]]
    return np.concatenate([np.full(int(c), m) for m, c in blocks]) if blocks else np.array([])


def _rank_ticks(ax: Axes, last: int, per_rank: float, prop: FontProperties) -> None:
    """Ticks at rank 1, the last rank and round steps between, never closer than their labels need."""
    need = fit.text_width(str(last), prop) + TICK_SEP + PDF_SLACK
    step = next(s for s in (k * 10**e for e in range(7) for k in (1, 5)) if s * per_rank >= need)
    ticks = [1, *(t for t in range(step, last + 1, step) if (t - 1) * per_rank >= need
                  and (last - t) * per_rank >= need), last]
    ax.set_xticks(sorted(set(ticks)))


def _tie_shifts(frame: pd.DataFrame) -> np.ndarray:
    """Horizontal shifts (in ranks) spreading cities that share a rank within a row."""
    keys = list(zip(frame["group"].astype(str), frame["rank"], strict=True))
    shifts = np.zeros(len(frame))
    for key in set(keys):
        members = [i for i, k in enumerate(keys) if k == key]
        spread = (np.arange(len(members)) - (len(members) - 1) / 2) * 2 * TIE_SHIFT
        shifts[members] = spread
    return shifts


def _axes_style(ax: Axes, labels: Labels, rows: list[str], base: dict[str, int], last: int) -> list[str]:
    """Limits, row names and a bottom axis only; returns the row names."""
    names = [fit.name(labels.group(g), labels.lang, GROUP_LIMIT) for g in rows]
    ax.set_xlim(0.3, last + 0.7)
    ax.set_ylim(-0.12, len(rows) - 1 + TOP_ROOM)
    ax.set_yticks(list(base.values()), labels=names)
    ax.tick_params(axis="y", length=0, labelsize=FONT_SIZE, labelcolor=INK, pad=ROW_NAME_PAD, left=False)
    ax.tick_params(axis="x", labelsize=SMALL_SIZE, colors=MUTED, labelcolor=INK, length=TICK_LENGTH, pad=TICK_PAD,
                   width=0.6)
    ax.patch.set_visible(False)  # white on the white figure
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.spines["bottom"].set_color(MUTED)
    ax.spines["bottom"].set_linewidth(0.6)
    return names


def _lay_out(ax: Axes, labels: Labels, row_names: list[str], last: int) -> None:
    """Room for the row names, the rank ticks and axis title below and the title above; rank ticks as the
    width allows; then the axes placed, the fonts and title set."""
    fig = ax.get_figure(root=True)
    tick_prop, body = font_for(labels.lang, size=SMALL_SIZE), font_for(labels.lang, size=FONT_SIZE)
    left = max(fit.text_width(n, body) for n in row_names) + ROW_NAME_PAD + PDF_SLACK
    right = fit.text_width(str(last), tick_prop) / 2 + PDF_SLACK
    width = available(fig, Margins(left=left, right=right))[0]
    _rank_ticks(ax, last, width / (last + 0.4), tick_prop)
    under = TICK_LENGTH + TICK_PAD + max(fit.text_height(t, tick_prop) for t in fixed_ticks(ax.xaxis))
    title = fit.wrap_to(labels["x"], body, width - PDF_SLACK, max_lines=2) if labels.get("x") else ""
    below = under + (AXIS_TITLE_PAD + fit.text_height(title, body) if title else 0.0)
    place(ax, Margins(left=left, right=right, top=title_room(labels, fig, PAD + left), bottom=below), KIND)
    if title:
        ax.set_xlabel(title, fontproperties=body, color=INK, parse_math=False)
        ax.xaxis.set_label_coords(0.5, 0.0, transform=offset(ax, 0, -(under + AXIS_TITLE_PAD), base=ax.transAxes))
    finish(ax, labels)
