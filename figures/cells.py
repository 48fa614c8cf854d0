"""Many texts aligned alike: a heatmap's cell values, its row names, its column headers, drawn by one artist.

A matplotlib Text costs about as much to make as to draw (a tick label several times as much),
and a heatmap prints hundreds of cell values: made as a Text each, they were a third of the time
its figure took. `CellTexts` keeps each text as plain data (point, string, font, colour) and draws
them all with one Text, moved, restyled and drawn once per text, so that every text is drawn (and
saved) exactly as a Text of its own would be. What reads a figure's texts one by one (the
missing-glyph check, `figure_text`, the layout tests) reads them through `CellTexts.cells`.
"""

from __future__ import annotations

from dataclasses import dataclass

from matplotlib.artist import Artist, allow_rasterization
from matplotlib.axes import Axes
from matplotlib.font_manager import FontProperties
from matplotlib.text import Text
from matplotlib.transforms import Transform

ZORDER = Text.zorder  # drawn among the texts, above the cells' colours


@dataclass
class Cell:
    """One text, at (x, y) in its CellTexts' coordinates."""

    x: float
    y: float
    text: str
    prop: FontProperties
    colour: str


class CellTexts(Artist):
    """Texts at points of an Axes, aligned alike, drawn in order by one reused Text (text as typed: no
    mathtext). `transform`: of the points (default: the data's); `gid`: the artist's, to find it by."""

    zorder = ZORDER

    def __init__(self, ax: Axes, cells: list[Cell], *, ha: str = "center", va: str = "center",
                 transform: Transform | None = None, gid: str | None = None) -> None:
        super().__init__()
        self.cells = cells
        self._text = Text(0, 0, "", ha=ha, va=va, parse_math=False)
        ax.add_artist(self)
        self.set_gid(gid)
        self._text.set_figure(ax.get_figure(root=False))
        self._text.axes = ax
        self._text.set_transform(transform or ax.transData)  # unclipped, as Axes.text leaves its texts

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
