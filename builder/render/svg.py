"""Drawing: a ChartData turned into deterministic SVG bytes with the figures/ package."""

from __future__ import annotations

import base64
import html
import io
import re

from figures import KINDS
from figures.errors import FigureError, MissingGlyphError
from figures.fonts import use_font
from figures.save import add_notice, new_figure, save_svg
from figures.style import Labels

from ..errors import RenderError, problem
from ..languages import language
from ..report.charts import ChartData
from .fonts import families
from .layout import shaped_width

PX_PER_IN = 96
TEXT = re.compile(rb"<(?:text|tspan)\b[^>]*>([^<]*)<")
FAMILY = re.compile(rb"font-family:\s*[^;\"]+")


def web_svg(svg: bytes, lang: str) -> bytes:
    """The SVG with its text in the language's typeface or, where a reader lacks it, a close stand-in."""
    return with_language(FAMILY.sub(b"font-family: " + language(lang).web_fonts.encode(), svg), lang)


ROOT = re.compile(rb"<svg\b")
TEXT_RUN = re.compile(rb"(<text\b[^>]*>)([^<]+)(</text>)")
ISOLATED = rb"\1&#x2067;\2&#x2069;\3"  # RIGHT-TO-LEFT ISOLATE ... POP DIRECTIONAL ISOLATE


def with_language(svg: bytes, lang: str) -> bytes:
    """The SVG saying its language (`lang` on the root): a figure shown as an image does not inherit the page's,
    and the shaper picks a language's glyph forms by it (Simplified Chinese's full-width dash).

    In a right-to-left language each text is also isolated right to left: an SVG text is a left-to-right
    paragraph whatever its script (its `direction` would change what the anchors mean), where an Arabic
    label's closing full stop would stand at its start."""
    if language(lang).direction == "rtl":
        svg = TEXT_RUN.sub(ISOLATED, svg)
    return ROOT.sub(b'<svg lang="' + language(lang).tag.encode() + b'"', svg, count=1)


def print_svg(svg: bytes, lang: str) -> bytes:
    """The SVG with its text in "CI Sans" (and its fallbacks), the families the PDF's @font-face rules map to
    the embedded subsets; centred and right-aligned texts placed by their start (`anchored_at_start`)."""
    svg = FAMILY.sub(b"font-family: " + ", ".join(f"'{f}'" for f in families(lang)).encode(), svg)
    return with_language(ANCHORED.sub(lambda m: anchored_at_start(m, lang), svg), lang)


ANCHORED = re.compile(rb'<text ([^>]*text-anchor="(?:middle|end)"[^>]*)>([^<]+)</text>')
ATTRIBUTE = re.compile(rb'([\w:-]+)="([^"]*)"')
SHIFT = {b"middle": 0.5, b"end": 1.0}


def anchored_at_start(match: re.Match, lang: str) -> bytes:
    """A centred or right-aligned <text> with its `x` moved to where the text starts, measured as the PDF
    shapes it; as it was where it cannot be measured (a character only a fallback typeface has).

    The PDF renderer draws a text anchored other than at its start inside a group of its own, to shift it
    once it has measured it: an object per text in the PDF, most of its size for a figure of many labels."""
    attributes = dict(ATTRIBUTE.findall(match.group(1)))
    text = " ".join(html.unescape(match.group(2).decode("utf-8")).split())  # as SVG sets it: spaces collapsed
    x, size = attributes.get(b"x", b"0"), attributes.get(b"font-size", b"")
    try:
        x_value, size_value = float(x), float(size)
    except ValueError:
        return match.group(0)
    width = shaped_width(text, lang, size_value, attributes.get(b"font-weight") == b"700")
    if width is None:
        return match.group(0)
    start = f"{x_value - SHIFT[attributes[b'text-anchor']] * width:.3f}".rstrip("0").rstrip(".").encode()
    attributes[b"x"] = start
    del attributes[b"text-anchor"]
    kept = b" ".join(name + b'="' + value + b'"' for name, value in attributes.items())
    return b"<text " + kept + b">" + match.group(2) + b"</text>"


def svg_text(svg: bytes) -> str:
    """Every text an SVG shows."""
    return "\n".join(html.unescape(t.decode("utf-8")) for t in TEXT.findall(svg))


def data_uri(svg: bytes) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def render_svg(chart: ChartData, lang: str) -> tuple[bytes, int, int]:
    """SVG bytes of one figure and its size in CSS pixels."""
    width, height = chart.size
    spec = language(lang)
    use_font(lang, spec.typeface.family, spec.typeface.package, tuple((f.family, f.package) for f in spec.fallbacks))
    try:
        fig = new_figure(width, height)
        notice = chart.text.get("illustrative")
        if notice:  # illustrative data says so on every figure, not only in the caption
            add_notice(fig, notice, lang=lang)
        ax = fig.add_subplot()
        KINDS[chart.kind](ax, chart.frame, labels=Labels(lang, chart.text, spec.direction), **chart.options)
        buffer = io.BytesIO()
        save_svg(fig, buffer, lang=lang, text=spec.figure_text)
    except MissingGlyphError as exc:
        raise RenderError(problem("glyph-missing", "", char=str(exc), typeface=f"{lang} figure")) from None
    except FigureError as exc:
        raise RenderError(problem("figure", "", error=str(exc), expected=f"data a {chart.kind} figure can show")) \
            from None
    return (buffer.getvalue(), *pixels(chart.size))


def pixels(size: tuple[float, float]) -> tuple[int, int]:
    """A figure's size in inches as CSS pixels."""
    return round(size[0] * PX_PER_IN), round(size[1] * PX_PER_IN)
