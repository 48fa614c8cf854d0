"""Turns tidy frames plus one language's labels into report figures: a registry of chart kinds.

Each kind is a module with ``draw(ax, frame, *, labels, **style) -> list[Artist]`` (it draws on an
Axes the caller owns, reads no files and touches no pyplot state) and ``figsize(frame, *, lang,
width) -> (width, height)`` in inches, the size at which its texts have room. Typical use::

    fig = new_figure(*figures.FIGSIZES["ranking"](frame, lang="zh"))
    add_notice(fig, "示例数据", lang="zh")  # illustrative editions only: before drawing
    figures.draw("ranking", fig.add_subplot(), frame, labels=Labels("zh", text))
    save_svg(fig, path, lang="zh")  # <text> in 'Noto Sans CJK SC'; text="path" for outlines

Numbers the report prints come formatted from the caller (ranking ``score_text``, heatmap
``cell_text``, bubble ``size_legend``); rank-change markers come from the data's ``change`` column.
Drawing places the axes on the figure (figures.layout) from the measured sizes of the texts and
legends around them, without drawing: saving is a figure's only draw, at its final size, with
nothing added to it afterwards. The caller's figure gets no layout engine (one would move the axes).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes

from . import bubble, distribution, heatmap, network, ranking, scatter, slope
from .errors import FigureError
from .style import Labels

_MODULES = {
    "ranking": ranking,
    "heatmap": heatmap,
    "scatter": scatter,
    "bubble": bubble,
    "distribution": distribution,
    "slope": slope,
    "network": network,
}
KINDS: dict[str, Callable[..., list[Artist]]] = {name: module.draw for name, module in _MODULES.items()}
FIGSIZES: dict[str, Callable[..., tuple[float, float]]] = {name: module.figsize for name, module in _MODULES.items()}


def kind(name: str) -> Callable[..., list[Artist]]:
    """The draw function of figure kind `name`; an unknown name is an error listing the known kinds."""
    if name not in KINDS:
        raise FigureError(f"figure kind {name!r} is not known; expected one of: {', '.join(sorted(KINDS))}")
    return KINDS[name]


def draw(name: str, ax: Axes, frame: pd.DataFrame, *, labels: Labels, **style: Any) -> list[Artist]:
    """Draw figure kind `name` on `ax` (see the kind's module for the frame columns and labels it needs)."""
    return kind(name)(ax, frame, labels=labels, **style)


__all__ = ["FIGSIZES", "KINDS", "Labels", "draw", "kind"]
