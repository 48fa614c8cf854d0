"""SVG text in the PDF set as HTML text is: each text run shaped whole, not one character at a time.

WeasyPrint 70 draws an SVG ``<text>`` character by character: a Pango layout for every character,
each drawn on its own (WeasyPrint issue 2249). That is what SVG asks for where a text gives each
character its own position (lists in ``x``, ``y``, ``dx``, ``dy`` or ``rotate``, ``letter-spacing``,
``textLength``), but the figures here never do: every text is one run at one point. Laid out
character by character, such a run loses its kerning, cannot join Arabic letters, and costs a
layout per character; the figures' texts were most of the time WeasyPrint spent drawing them.

`install()` puts `draw_text` in the place of WeasyPrint's text drawing: a text with at most one
``x`` and one ``y``, and none of the per-character attributes, is laid out once and drawn as one
line; any other is drawn by WeasyPrint's own function, as before. The bounding box and the text
cursor come out as WeasyPrint's would, so ``text-anchor`` and following ``<tspan>``s work as they
did. The replacement reaches into WeasyPrint's SVG module, so it is made only for the WeasyPrint
version it was written against (`SUPPORTED`); tests/test_pdf.py fails when another is installed.
"""

from __future__ import annotations

import weasyprint
from weasyprint import svg as weasy_svg
from weasyprint.css.properties import INITIAL_VALUES
from weasyprint.draw.text import draw_emojis, draw_first_line
from weasyprint.matrix import Matrix
from weasyprint.svg.bounding_box import extend_bounding_box
from weasyprint.svg.text import TextBox
from weasyprint.svg.text import text as weasyprint_text
from weasyprint.svg.utils import normalize, size
from weasyprint.text.line_break import split_first_line

SUPPORTED = "70."  # WeasyPrint versions whose SVG module this replacement fits
PER_CHARACTER = ("dx", "dy", "rotate", "letter-spacing", "textLength", "lengthAdjust", "dominant-baseline",
                 "alignment-baseline", "display-anchor")
"""Attributes that place characters one by one, or shift the baseline: left to WeasyPrint's own drawing."""
WEIGHTS = {"normal": 400, "bold": 700}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def installed() -> bool:
    """Whether SVG text runs are drawn whole (the installed WeasyPrint is one this module fits)."""
    return weasy_svg.TAGS.get("text") is draw_text


def install() -> bool:
    """Draw SVG text runs whole from now on, in this process; False if this WeasyPrint is not one it fits."""
    if installed():
        return True
    if not weasyprint.__version__.startswith(SUPPORTED):
        return False
    for tag, function in list(weasy_svg.TAGS.items()):
        if function is weasyprint_text:
            weasy_svg.TAGS[tag] = draw_text
    # draw_node tells text nodes from others by comparing with this name (for text-anchor).
    weasy_svg.text = draw_text
    return True


def _single(node, name: str) -> bool:
    value = node.attrib.get(name)
    return value is None or len(normalize(value).split()) <= 1


def whole_run(node) -> bool:
    """Whether a text node is one run at one point: nothing placed character by character."""
    return (bool(node.text) and node.tag in ("text", "tspan") and _single(node, "x") and _single(node, "y")
            and not any(node.get(name) for name in PER_CHARACTER))


def draw_text(svg, node, font_size) -> None:
    """Draw one SVG text node: a whole run as one laid-out line, anything else as WeasyPrint does."""
    if not whole_run(node):
        weasyprint_text(svg, node, font_size)
        return
    style = _style(svg, node, font_size)
    layout, _, _, width, height, baseline = split_first_line(node.text, style, svg.context, float("inf"), 0)
    x = size(node.attrib["x"], font_size, svg.inner_width) if "x" in node.attrib else None
    y = size(node.attrib["y"], font_size, svg.inner_height) if "y" in node.attrib else None
    if x is not None:
        svg.cursor_d_position[0] = 0
    if y is not None:
        svg.cursor_d_position[1] = 0
    x = svg.cursor_position[0] if x is None else x
    y = svg.cursor_position[1] if y is None else y
    left, base = x + svg.cursor_d_position[0], y + svg.cursor_d_position[1]
    svg.cursor_position = x + width, y
    node.text_bounding_box = extend_bounding_box(
        node.text_bounding_box, ((left, base - baseline), (left + width, base - baseline + height)))

    svg.stream.push_state()
    fill, stroke = svg.set_graphical_state(node, font_size)
    svg.stream.begin_text()
    layout.reactivate(style)
    svg.fill_stroke(fill, stroke, text=True)
    box = TextBox(layout, style)
    box.baseline = baseline
    emojis = draw_first_line(svg.stream, box, "none", "none", Matrix(d=-1, e=left, f=base))
    svg.stream.end_text()
    svg.stream.pop_state()
    draw_emojis(svg.stream, style, x, y, emojis)


def _style(svg, node, font_size) -> dict:
    """The text's font, as WeasyPrint's SVG text takes it from the node's (inherited) attributes."""
    style = _Style(INITIAL_VALUES)
    style.font_config = svg.font_config
    style["font_family"] = [family.strip("\"' ") for family in node.get("font-family", "sans-serif").split(",")]
    style["font_style"] = node.get("font-style", "normal")
    weight = node.get("font-weight", 400)
    try:
        style["font_weight"] = WEIGHTS[weight] if weight in WEIGHTS else int(weight)
    except ValueError:
        style["font_weight"] = 400
    style["font_size"] = font_size
    if node.get("direction") in ("ltr", "rtl"):
        style["direction"] = node.get("direction")
    lang = node.get("lang") or node.get(XML_LANG)  # inherited from the root, as SVG attributes are here
    if lang:
        style["lang"] = lang  # the shaper's language: its glyph forms (locl), as the page's text has them
    return style


class _Style(dict):
    """A computed style as WeasyPrint's text layout reads it: a dict that also carries the font configuration."""

    font_config = None
