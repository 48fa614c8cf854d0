"""Drawing: a ChartData turned into deterministic SVG bytes with the figures/ package."""

from __future__ import annotations

import io

from figures import KINDS
from figures.errors import FigureError, MissingGlyphError
from figures.save import new_figure, save_svg
from figures.style import Labels, font_for

from .charts import ChartData
from .errors import RenderError, problem

PX_PER_IN = 96


def render_svg(chart: ChartData, lang: str) -> tuple[bytes, int, int]:
    """SVG bytes of one figure and its size in CSS pixels."""
    width, height = chart.size
    try:
        fig = new_figure(width, height)
        ax = fig.add_subplot()
        KINDS[chart.kind](ax, chart.frame, labels=Labels(lang, chart.text), **chart.options)
        notice = chart.text.get("illustrative")
        if notice:  # illustrative data says so on every figure, not only in the caption
            fig.text(0.5, 0.995, notice, ha="center", va="top", color="#9a6a00",
                     fontproperties=font_for(lang, size=7))
        buffer = io.BytesIO()
        save_svg(fig, buffer, lang=lang)
    except MissingGlyphError as exc:
        raise RenderError(problem("glyph-missing", "", char=str(exc), typeface=f"{lang} figure")) from None
    except FigureError as exc:
        raise RenderError(problem("figure", "", error=str(exc), expected=f"data a {chart.kind} figure can show")) \
            from None
    return buffer.getvalue(), round(width * PX_PER_IN), round(height * PX_PER_IN)
