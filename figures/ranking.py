"""Turns one ranking (cities, scores, ranks, rank changes) into horizontal bars in rank order.

Frame columns:

- ``city`` (str): display name in the figure's language, left of its bar (a Text at the bar's
  row, right-aligned; shortened with an ellipsis beyond ``fit.NAME_LIMIT``; the report's tables
  hold the full name).
- ``score`` (float, may be empty): the bar length; an empty score draws no bar.
- ``score_text`` (optional, str): the score as the report prints it (the caller's number formatter),
  printed at the bar end. Empty where the score is not published: the label ``unpublished``
  (default "–") is printed instead. Without this column the figure prints ``score`` with
  ``decimals`` decimals itself.
- ``rank`` (int): shown left of the name; equal ranks (ties) show equal numbers.
- ``change`` (optional, str): ``rise``, ``unchanged``, ``drop``, ``new``, ``unknown`` or empty, as the
  data says (never inferred from ranks): a marker beside the name (one Line2D per status, gid
  ``change-<status>``) and a legend entry per status present (labels ``change.<status>``); empty: no
  marker.
- ``group`` (optional, str): bar colour by group id, with a legend (labels ``group.<id>``).
- ``tier`` (optional, str): the tier id of each city (empty: none). Bars take their tier's colour (darkest
  for the first tier in rank order; this replaces ``group``), with a legend (labels ``tier.<id>``), and a
  dashed rule across the figure marks each boundary between consecutive tiers (gid ``tier-boundary``).

Rank 1 is at the top; rows with equal ranks keep the higher score first, then frame order. Legends
stack below the bars, wrapped into rows. Each row needs a line of text's height: a figure too
small for its rows is an error naming the height needed (``figsize`` gives enough).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.colors import to_hex
from matplotlib.patches import Patch
from matplotlib.ticker import NullLocator

from . import fit
from .errors import FigureError
from .frames import changes, check_columns, groups_in, has
from .layout import PAD, Margins, available, check_rows, place
from .legends import GAP as LEGEND_GAP
from .legends import Block, legends_below
from .style import (
    CHANGES,
    DEFAULT_COLOUR,
    FONT_SIZE,
    INK,
    MUTED,
    PDF_SLACK,
    REPORT_WIDTH_IN,
    SMALL_SIZE,
    STATUSES,
    Labels,
    finish,
    fmt,
    font_for,
    group_colours,
    offset,
    sequential,
    title_room,
)

KIND = "ranking"
NAME_PAD = 4.0  # points between the axis and the city name
GAP = 5.0  # points between the columns left of the axis (more than PDF_SLACK: names may run wider there)
MARKER = 5.5  # marker size in points
VALUE_PAD = 3.0  # points between a bar's end and its value
LINE = 1.25  # a row needs this many font sizes of height
ROW_IN = 0.21  # figsize: inches per bar
LEGEND_ROW_IN = 0.17  # figsize: inches per legend row


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
    # score_text is optional too, left out of the message that lists the optional columns, which callers match
    check_columns(frame, KIND, ["city", "score", "rank"], ["change", "group", "tier"], nullable=["score"])
    rows = _ordered(frame)
    status = changes(rows, KIND)
    tiers = _tiers(rows)
    groups = [] if tiers or not has(rows, "group") else groups_in(rows)
    labels.require([*(f"change.{s}" for s in STATUSES if s in set(status)), *(f"group.{g}" for g in groups),
                    *(f"tier.{t}" for t in tiers)], figure=KIND)
    colours = tier_colours(tiers) if tiers else group_colours(groups)
    names = [fit.name(c, labels.lang) for c in rows["city"]]

    y = np.arange(len(rows))
    by = rows["tier"] if tiers else rows["group"] if groups else None
    bar_colours = [colours.get(str(g), colour) for g in by] if by is not None else colour
    known = rows["score"].astype(float).fillna(baseline)  # an unpublished score draws no bar...
    bars = ax.barh(y, known - baseline, left=baseline, height=bar_height, color=bar_colours)
    values = [  # ...and says so where its value would be
        ax.annotate(text, (k, i), xytext=(VALUE_PAD, 0), textcoords="offset points", ha="left", va="center_baseline",
                    fontsize=SMALL_SIZE, color=INK if pd.notna(s) else MUTED, annotation_clip=False)
        for i, (text, s, k) in enumerate(zip(_score_texts(rows, labels, decimals), rows["score"], known, strict=True))
    ]
    _axes_style(ax, rows, baseline)
    boundaries = _boundaries(ax, rows) if tiers else []
    beside = offset(ax, -NAME_PAD)
    for i, name in zip(y, names, strict=True):  # texts, not tick labels: 30 ticks take longer to make than to draw
        ax.text(0, i, name, transform=beside, ha="right", va="center_baseline", fontsize=FONT_SIZE, color=INK)
    body = font_for(labels.lang, size=FONT_SIZE)
    left = -(NAME_PAD + max(fit.text_width(n, body) for n in names) + GAP)
    markers = _markers(ax, status, left)
    if markers:
        left -= MARKER + GAP
    rank_texts = [str(r) for r in rows["rank"]]
    column = offset(ax, left)
    ranks = [ax.text(0, i, r, transform=column, ha="right", va="center_baseline", fontsize=FONT_SIZE, color=MUTED)
             for i, r in zip(y, rank_texts, strict=True)]
    _lay_out(ax, labels, rows, -left + max(fit.text_width(r, body) for r in rank_texts),
             [v.get_text() for v in values], _legend_blocks(labels, groups, tiers, colours, markers))
    return [*bars.patches, *values, *ranks, *markers.values(), *boundaries]


def figsize(frame: pd.DataFrame, *, lang: str = "en", width: float = REPORT_WIDTH_IN) -> tuple[float, float]:
    """A figure size (inches) that gives each bar room for one line of text at report size, and the legends theirs."""
    legend_rows = sum(1 + len(set(frame[c].dropna().astype(str)) - {""}) // 6
                      for c in ("change", "tier" if has(frame, "tier") else "group") if has(frame, c))
    return width, round(0.35 + LEGEND_ROW_IN * legend_rows + ROW_IN * len(frame), 2)


def _ordered(frame: pd.DataFrame) -> pd.DataFrame:
    rows = frame.assign(_order=np.arange(len(frame)), _neg=-frame["score"].astype(float))
    return rows.sort_values(["rank", "_neg", "_order"], kind="stable").reset_index(drop=True)


def _tiers(rows: pd.DataFrame) -> list[str]:
    """The tier ids present, in rank order (empty without a ``tier`` column); a tier that comes back after
    another one began is an error: tiers are bands of the ranking."""
    if not has(rows, "tier"):
        return []
    ids = rows["tier"].fillna("").astype(str)
    runs = list(dict.fromkeys(ids[ids != ""]))
    starts = (ids != ids.shift()).sum()
    if starts != len(list(dict.fromkeys(ids))):
        raise FigureError(f"{KIND} figure frame: column 'tier' is not in bands of the ranking ({', '.join(runs)} "
                          "interleave); expected each tier's cities to follow one another in rank order")
    return runs


def tier_colours(tiers: list[str]) -> dict[str, str]:
    """A colour per tier in order: the first the darkest of the sequential scale, the last the lightest."""
    scale = sequential()
    steps = np.linspace(0.95, 0.4, len(tiers)) if len(tiers) > 1 else [1.0]
    return {t: to_hex(scale(float(v))) for t, v in zip(tiers, steps, strict=True)}


def _boundaries(ax: Axes, rows: pd.DataFrame) -> list[Artist]:
    """A dashed rule across the axes between the last city of a tier and the first of the next."""
    ids = rows["tier"].fillna("").astype(str).to_numpy()
    drawn = []
    for i in np.flatnonzero(ids[1:] != ids[:-1]) + 1:
        (rule,) = ax.plot([0, 1], [i - 0.5, i - 0.5], transform=ax.get_yaxis_transform(), color=MUTED,
                          linewidth=0.6, linestyle=(0, (3, 2)), clip_on=False)
        rule.set_gid("tier-boundary")
        drawn.append(rule)
    return drawn


def _score_texts(rows: pd.DataFrame, labels: Labels, decimals: int) -> list[str]:
    """What each bar end prints: `score_text` as given, or the score formatted here when that column is absent."""
    unpublished = labels.get("unpublished", "–")
    if "score_text" not in rows.columns:
        return [fmt(s, decimals) if pd.notna(s) else unpublished for s in rows["score"]]
    given = rows["score_text"].fillna("").astype(str).str.strip()
    blank = rows.index[(given == "") & rows["score"].notna()]
    if len(blank):
        raise FigureError(f"{KIND} figure frame: column 'score_text' is empty for {', '.join(rows['city'][blank])}, "
                          "which have a score; expected the score as the report prints it")
    return [t or unpublished for t in given]


def _markers(ax: Axes, status: pd.Series, x_pt: float) -> dict[str, Artist]:
    """One marker line per status present, centred `x_pt` points left of the axis (gid: change-<status>)."""
    drawn: dict[str, Artist] = {}
    for s in STATUSES:
        rows = np.flatnonzero(status.to_numpy() == s)
        if len(rows) == 0:
            continue
        look = CHANGES[s]
        (line,) = ax.plot(np.zeros(len(rows)), rows, linestyle="none", marker=look.marker, markersize=MARKER,
                          color=look.colour, markeredgecolor=look.edge_colour, markeredgewidth=0.6,
                          transform=offset(ax, x_pt - MARKER / 2), clip_on=False)
        line.set_gid(f"change-{s}")
        drawn[s] = line
    return drawn


def _axes_style(ax: Axes, rows: pd.DataFrame, baseline: float) -> None:
    ax.set_ylim(len(rows) - 0.5, -0.5)
    top = rows["score"].astype(float).max()
    ax.set_xlim(baseline, float(top) if pd.notna(top) else baseline + 1)
    for axis in (ax.xaxis, ax.yaxis):
        axis.set_major_locator(NullLocator())  # no ticks: the names are texts beside the bars
    ax.xaxis.set_visible(False)
    ax.patch.set_visible(False)  # white on the white figure
    for side in ("top", "right", "bottom"):
        ax.spines[side].set_visible(False)
    ax.spines["left"].set_color(MUTED)
    ax.spines["left"].set_linewidth(0.6)


def _legend_blocks(labels: Labels, groups: list[str], tiers: list[str], colours: dict[str, str],
                   markers: dict[str, Artist]) -> list[Block]:
    return [
        Block([Patch(facecolor=colours[g]) for g in groups], [labels.group(g) for g in groups]),
        Block([Patch(facecolor=colours[t]) for t in tiers], [labels[f"tier.{t}"] for t in tiers]),
        Block(list(markers.values()), [labels[f"change.{s}"] for s in markers]),
    ]


def _lay_out(ax: Axes, labels: Labels, rows: pd.DataFrame, left: float, values: list[str],
             blocks: list[Block]) -> None:
    """Room for the columns left of the axis (`left` points), the values past the longest bar, the title and
    the legends below; then the axes placed, the fonts and title set."""
    fig = ax.get_figure(root=True)
    left += PDF_SLACK  # the rank column is right-aligned: WeasyPrint's wider text runs on to the left
    value_prop = font_for(labels.lang, size=SMALL_SIZE)
    right = VALUE_PAD + max(fit.text_width(v, value_prop) for v in values) + PDF_SLACK
    width = available(fig, Margins(left=left, right=right))[0]
    legends, below = legends_below(ax, blocks, labels, width=width, below=LEGEND_GAP)
    margins = Margins(left=left, right=right, top=title_room(labels, fig, PAD + left),
                      bottom=LEGEND_GAP + below if legends else 0.0)
    check_rows(fig, margins, len(rows), KIND, LINE * FONT_SIZE)
    place(ax, margins, KIND)
    finish(ax, labels)
