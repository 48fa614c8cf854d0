"""Turns legend entries into legends below an Axes that cannot collide: blocks stacked, each wrapped into rows.

Every row is its own frameless matplotlib Legend, centred under the axes and as wide as its entries
measured with the language's font; a row never gets wider than the axes, and each row (and block)
starts below the one before it, so neither legends nor their entries can overlap, whatever the
number of entries or the length of their names. Rows are measured as they will be drawn (without
drawing the figure), so a figure kind reserves their height below the axes before placing them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.font_manager import FontProperties
from matplotlib.legend import Legend

from .fit import fit_width, glyphs_unchecked, measured, text_width
from .style import PDF_SLACK, SMALL_SIZE, Labels, font_for, offset

HANDLE_LENGTH = 1.2  # in font sizes, as matplotlib's Legend counts
HANDLE_PAD = 0.5
COLUMN_SPACING = 1.4
GAP = 6.0  # points between what the axes draws (tick labels, axis title) and the first legend
ROW_GAP = 2.0  # points between rows of one legend
BLOCK_GAP = 5.0  # points between legends


@dataclass(frozen=True)
class Block:
    """One legend: handles and their names, an optional title, and options for matplotlib's Legend."""

    handles: Sequence[Artist]
    names: Sequence[str]
    title: str | None = None
    options: Mapping[str, float | bool] = field(default_factory=dict)


def legends_below(ax: Axes, blocks: Sequence[Block], labels: Labels, *, width: float,
                  below: float) -> tuple[list[Legend], float]:
    """Add `blocks` below `ax`, one under another, each wrapped into rows at most `width` points wide, the first
    row `below` points under the axes' bottom edge; return the rows and the points they take (0 without any).

    Rows hang from the axes' bottom edge at fixed distances in points, so the axes may be placed after.
    """
    prop = font_for(labels.lang, size=SMALL_SIZE)
    rows: list[Legend] = []
    drop = below
    with glyphs_unchecked():
        for block in (b for b in blocks if b.handles):
            if rows:
                drop += BLOCK_GAP - ROW_GAP
            title = fit_width(block.title, prop, width - PDF_SLACK) if block.title else None
            for i, (handles, names) in enumerate(_rows(block, prop, width)):
                if labels.mirrored:  # read from the right: the first entry rightmost, each marker right of its name
                    handles, names = handles[::-1], names[::-1]
                options = {**block.options, "markerfirst": False} if labels.mirrored else block.options
                rows.append(_legend(ax, handles, names, prop, drop, title if i == 0 else None, options))
                drop += measured(rows[-1])[1] + ROW_GAP
    return rows, (drop - ROW_GAP - below if rows else 0.0)


def _rows(block: Block, prop: FontProperties, width: float) -> list[tuple[list[Artist], list[str]]]:
    """Entries filled into rows no wider than `width` points (a name too long for any row is shortened)."""
    size = prop.get_size_in_points()
    handle = (block.options.get("handlelength", HANDLE_LENGTH) + HANDLE_PAD) * size
    spacing = block.options.get("columnspacing", COLUMN_SPACING) * size + PDF_SLACK
    rows: list[tuple[list[Artist], list[str]]] = []
    used = 0.0
    for artist, name in zip(block.handles, block.names, strict=True):
        shown = fit_width(name, prop, width - handle - PDF_SLACK)
        need = handle + text_width(shown, prop) + PDF_SLACK
        if not rows or used + spacing + need > width:
            rows.append(([], []))
            used = -spacing
        rows[-1][0].append(artist)
        rows[-1][1].append(shown)
        used += spacing + need
    return rows


def _legend(ax: Axes, handles: list[Artist], names: list[str], prop: FontProperties, drop: float,
            title: str | None, options: Mapping[str, float | bool]) -> Legend:
    size = prop.get_size_in_points()
    settings = {"handlelength": HANDLE_LENGTH, "handletextpad": HANDLE_PAD, **options,
                # room for WeasyPrint's wider text between one entry's name and the next handle
                "columnspacing": options.get("columnspacing", COLUMN_SPACING) + PDF_SLACK / size}
    legend = Legend(
        ax, handles, names, loc="upper center", bbox_to_anchor=(0.5, 0.0),
        bbox_transform=offset(ax, 0, -drop, base=ax.transAxes), ncols=len(handles), frameon=False, prop=prop,
        borderaxespad=0.0, borderpad=0.0, title=title, title_fontproperties=prop,
        alignment="left" if options.get("markerfirst", True) else "right", **settings,
    )
    for text in [*legend.get_texts(), legend.get_title()]:
        text.set_parse_math(False)
    ax.add_artist(legend)
    legend.set_clip_on(False)  # add_artist clips to the axes, which would cut it off
    return legend
