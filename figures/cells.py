"""Many one-line texts, each centred on a point: a heatmap's cell values, drawn by one artist.

A matplotlib Text costs about as much to make as to draw, and a heatmap prints hundreds of cell
values: made as a Text each, they were a third of the time its figure took. `CellTexts` keeps each
cell as plain data (point, string, font, colour) and draws them all with one Text, moved, restyled
and drawn once per cell, so that every cell is drawn (and saved) exactly as a Text of its own
would be. What reads a figure's texts one by one (the missing-glyph check, `figure_text`, the
layout tests) reads the cells through `CellTexts.cells`.
"""

from __future__ import annotations

from dataclasses import dataclass

from matplotlib.artist import Artist, allow_rasterization
from matplotlib.axes import Axes
from matplotlib.font_manager import FontProperties
from matplotlib.text import Text

ZORDER = Text.zorder  # drawn among the texts, above the cells' colours


@dataclass
class Cell:
    """One text: centred on (x, y) in data coordinates."""

    x: float
    y: float
    text: str
    prop: FontProperties
    colour: str


class CellTexts(Artist):
    """Texts centred on points of an Axes, drawn in order by one reused Text."""

    zorder = ZORDER

    def __init__(self, ax: Axes, cells: list[Cell]) -> None:
        super().__init__()
        self.cells = cells
        self._text = Text(0, 0, "", ha="center", va="center")
        ax.add_artist(self)
        self._text.set_figure(ax.get_figure(root=False))
        self._text.axes = ax
        self._text.set_transform(ax.transData)  # unclipped, as Axes.text leaves its texts

    def text_of(self, cell: Cell) -> Text:
        """The reused Text, set as `cell` (for drawing, or measuring a cell as drawn)."""
        text = self._text
        text.set_position((cell.x, cell.y))
        text.set_text(cell.text)
        text.set_fontproperties(cell.prop)
        text.set_color(cell.colour)
        return text

    @allow_rasterization
    def draw(self, renderer) -> None:
        if not self.get_visible():
            return
        for cell in self.cells:
            if cell.text:
                self.text_of(cell).draw(renderer)
        self.stale = False
