"""Turns previous and current ranks into a slope chart: one line per city from the old rank to the new (IEC).

Frame columns:

- ``label`` (str): the city display name (shortened beyond ``fit.NAME_LIMIT``), shown at both ends
  with its rank.
- ``previous`` (int or empty): the previous edition's rank; empty for a city not ranked then.
- ``current`` (int): this edition's rank.
- ``change`` (optional, str): ``rise``, ``unchanged``, ``drop``, ``new``, ``unknown`` or empty, as the
  data says: the marker at the current rank (one Line2D per status, gid ``change-<status>``) and the
  colour of the line; empty draws no marker and a grey line.
- ``new`` (optional, bool): only without ``change``. Then the status comes from the ranks (rise,
  drop, unchanged where both are known), and a city without a previous rank is "unknown" (hollow
  marker: evaluated before, rank not known) unless ``new`` is true for it; "new" is never guessed.

Lines and end markers show the change: rise (▲, green), unchanged (●, grey), drop (▼, red), new
(■) and unknown (hollow ●); cities without a previous rank get no line. Labels: ``previous`` and
``current`` (column headers, e.g. the two years), ``change.<status>`` for each status present
(legend), ``title`` (optional). Equal ranks (ties) take the next rows down, each with its own line
end, and keep their rank number in the label.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from . import fit
from .errors import FigureError
from .frames import changes, check_columns
from .layout import PAD, Margins, available, check_rows, place
from .legends import GAP as LEGEND_GAP
from .legends import Block, legends_below
from .style import (
    CHANGES,
    FONT_SIZE,
    INK,
    MUTED,
    PDF_SLACK,
    REPORT_WIDTH_IN,
    SMALL_SIZE,
    STATUSES,
    Labels,
    finish,
    font_for,
    title_room,
)

KIND = "slope"
END_MARKER = 4.5
TEXT_GAP = 6.0  # points between an end marker and its label
NAME_RANK_GAP = "\u2002"  # an en space between a name and its rank: SVG would collapse two spaces into one
LINE = 1.25  # a rank row needs this many font sizes of height
HEADER_LIMIT = 24  # units: the column headers
HEADER_PAD = 4.0  # points between the top row and the headers
ROW_IN = 0.165  # figsize: inches per rank


def draw(ax: Axes, frame: pd.DataFrame, *, labels: Labels) -> list[Artist]:
    """Draw `frame` as a slope chart on `ax`; return the lines, end markers and labels."""
    check_columns(frame, KIND, ["label", "current"], ["previous", "change", "new"])
    rows = frame.assign(status=status(frame)).sort_values("current", kind="stable").reset_index(drop=True)
    present = [s for s in STATUSES if (rows["status"] == s).any()]
    labels.require(["previous", "current", *(f"change.{s}" for s in present)], figure=KIND)
    rows["y_current"] = slots(rows["current"])
    rows["y_previous"] = slots(rows["previous"]) if "previous" in rows else np.nan
    rows["name"] = [fit.name(t, labels.lang) for t in rows["label"].astype(str)]
    known = rows[rows["y_previous"].notna()]

    lines = [ax.plot([0, 1], [p, c], color=CHANGES[s].colour if s in ("rise", "unchanged", "drop") else MUTED,
                     linewidth=1.0, alpha=0.85, solid_capstyle="round", clip_on=False)[0]
             for p, c, s in zip(known["y_previous"], known["y_current"], known["status"], strict=True)]
    starts = ax.plot(np.zeros(len(known)), known["y_previous"], linestyle="none", marker="o", markersize=2.5,
                     color=MUTED, clip_on=False)
    ends = _end_markers(ax, rows, present)
    before = [f"{n}{NAME_RANK_GAP}{r:.0f}" for n, r in zip(known["name"], known["previous"], strict=True)]
    after = [f"{r:.0f}{NAME_RANK_GAP}{n}" for n, r in zip(rows["name"], rows["current"], strict=True)]
    texts = _column(ax, known["y_previous"], before, side="left") + _column(ax, rows["y_current"], after, side="right")
    last, headers = _axes_style(ax, labels, rows)
    _lay_out(ax, labels, last, before, after, headers,
             Block(list(ends.values()), [labels[f"change.{s}"] for s in ends]))
    return [*lines, *starts, *ends.values(), *texts]


def _lay_out(ax: Axes, labels: Labels, last: int, before: list[str], after: list[str], headers: list[str],
             legend: Block) -> None:
    """Room for the labels beside both ends of the lines, the headers and title above, the legend below; then
    the axes placed, the fonts and title set."""
    fig = ax.get_figure(root=True)
    prop, bold = font_for(labels.lang, size=SMALL_SIZE), font_for(labels.lang, size=FONT_SIZE, weight="bold")
    half_header = max(fit.text_width(h, bold) for h in headers) / 2 + PDF_SLACK
    left = max(TEXT_GAP + max((fit.text_width(t, prop) for t in before), default=0.0) + PDF_SLACK, half_header)
    right = max(TEXT_GAP + max(fit.text_width(t, prop) for t in after) + PDF_SLACK, half_header)
    width = available(fig, Margins(left=left, right=right))[0]
    legends, below = legends_below(ax, [legend], labels, width=width, below=LEGEND_GAP)
    above = HEADER_PAD + max(fit.text_height(h, bold) for h in headers)
    margins = Margins(left=left, right=right, top=above + title_room(labels, fig, PAD + left),
                      bottom=LEGEND_GAP + below if legends else 0.0)
    check_rows(fig, margins, last, KIND, LINE * SMALL_SIZE)
    place(ax, margins, KIND)
    finish(ax, labels, above=above)


def figsize(frame: pd.DataFrame, *, lang: str = "en", width: float = REPORT_WIDTH_IN) -> tuple[float, float]:
    """A figure size (inches): a line of text per rank row (ties take rows of their own), and the legend."""
    rows = np.nanmax([slots(frame["current"]).max(), slots(frame["previous"]).max() if "previous" in frame else 0])
    return width, round(1.0 + ROW_IN * float(rows), 2)


def status(frame: pd.DataFrame) -> pd.Series:
    """Each row's change: column ``change`` where given, else from the ranks (see the module docstring)."""
    if "change" in frame.columns:
        return changes(frame, KIND)
    current = frame["current"].astype(float)
    previous = frame["previous"].astype(float) if "previous" in frame else pd.Series(np.nan, index=frame.index)
    new = frame["new"].fillna(False).astype(bool) if "new" in frame else pd.Series(False, index=frame.index)
    out = np.select(
        [previous.isna() & new, previous.isna(), current < previous, current > previous],
        ["new", "unknown", "rise", "drop"],
        default="unchanged",
    )
    return pd.Series(out, index=frame.index)


def _end_markers(ax: Axes, rows: pd.DataFrame, present: list[str]) -> dict[str, Line2D]:
    """One marker line per status at the current ranks (gid: change-<status>), also the legend handles."""
    drawn = {}
    for s in present:
        ranks = rows.loc[rows["status"] == s, "y_current"]
        look = CHANGES[s]
        (drawn[s],) = ax.plot(np.ones(len(ranks)), ranks, linestyle="none", marker=look.marker,
                              markersize=END_MARKER, color=look.colour, markeredgecolor=look.edge_colour,
                              markeredgewidth=0.7, zorder=3, clip_on=False)
        drawn[s].set_gid(f"change-{s}")
    return drawn


def _column(ax: Axes, ys: pd.Series, words: list[str], *, side: str) -> list[Artist]:
    """A label (rank and name) beside each end of the lines."""
    x, dx, ha = (0, -TEXT_GAP, "right") if side == "left" else (1, TEXT_GAP, "left")
    return [ax.annotate(w, (x, y), xytext=(dx, 0), textcoords="offset points", ha=ha, va="center",
                        fontsize=SMALL_SIZE, color=INK, annotation_clip=False)
            for y, w in zip(ys, words, strict=True)]


def slots(ranks: pd.Series) -> pd.Series:
    """Vertical positions: the rank, except that tied ranks are stacked downwards (2, 2, 4 -> 2, 3, 4).

    Competition ranking leaves a gap after a tie, which the stacked rows fill; empty ranks stay empty.
    """
    out = pd.Series(np.nan, index=ranks.index)
    below = -np.inf
    for i, rank in ranks.astype(float).dropna().sort_values(kind="stable").items():
        below = max(rank, below + 1)
        out[i] = below
    return out


def _axes_style(ax: Axes, labels: Labels, rows: pd.DataFrame) -> tuple[int, list[str]]:
    """Limits, headers and no frame; returns the number of rank rows and the headers."""
    last = float(np.nanmax([rows["y_current"].max(), rows["y_previous"].max()]))
    if not np.isfinite(last):
        raise FigureError(f"{KIND} figure frame: column 'current' has no ranks")
    ax.set_xlim(0, 1)
    ax.set_ylim(last + 0.7, 0.3)
    headers = [fit.name(labels[k], labels.lang, HEADER_LIMIT) for k in ("previous", "current")]
    ax.set_xticks([0, 1], labels=headers)
    ax.xaxis.tick_top()
    ax.tick_params(axis="x", length=0, labelsize=FONT_SIZE, labelcolor=INK, pad=HEADER_PAD, top=False)
    for label in ax.get_xticklabels():
        label.set_fontweight("bold")
    ax.set_yticks([])
    ax.patch.set_visible(False)  # white on the white figure
    for spine in ax.spines.values():
        spine.set_visible(False)
    return int(last), headers
