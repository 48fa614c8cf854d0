"""Figure SVG: the light SVG (figures.lighten) keeps every text with its content and place, draws what matplotlib's
SVG draws, in far fewer elements, and the same figure always gives the same bytes."""

from __future__ import annotations

import base64
import io
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from weasyprint import HTML

from figures.lighten import lighten
from figures.save import save_svg

from .test_figure_layout import KINDS, case, draw

SVG = "{http://www.w3.org/2000/svg}"
INHERITED = ("font-family", "font-size", "font-weight", "font-style", "fill", "text-anchor", "opacity")


def svg_of(fig, lang: str, *, light: bool = True) -> bytes:
    buffer = io.BytesIO()
    save_svg(fig, buffer, lang=lang, light=light)
    return buffer.getvalue()


def css(style: str) -> dict[str, str]:
    return {k.strip(): v.strip() for k, v in (p.split(":", 1) for p in style.split(";") if ":" in p)}


def texts(svg: bytes) -> list[tuple]:
    """Every <text> in document order: its content, place (x, y), rotation, and the style it has, its own or inherited
    (attributes and CSS alike)."""
    found = []

    def walk(element, inherited: dict[str, str]) -> None:
        own = {**inherited, **{k: v for k, v in element.attrib.items() if k in INHERITED},
               **{k: v for k, v in css(element.get("style", "")).items() if k in INHERITED}}
        if element.tag == f"{SVG}text":
            rotation = re.match(r"rotate\((-?[\d.]+)", element.get("transform", ""))
            found.append(("".join(element.itertext()), float(element.get("x", 0)), float(element.get("y", 0)),
                          float(rotation.group(1)) % 360 if rotation else 0.0,
                          own.get("font-size", "").removesuffix("px"), own.get("font-family"),
                          own.get("font-weight", "400"), own.get("fill", "#000000"), own.get("text-anchor", "start")))
        for child in element:
            walk(child, own)

    walk(ET.fromstring(svg), {})
    return found


def elements(svg: bytes) -> int:
    return sum(1 for _ in ET.fromstring(svg).iter())


CASES = [(kind, lang, stress) for kind in KINDS for lang in ("en", "zh") for stress in (False, True)]


@pytest.mark.parametrize(("kind", "lang", "stress"), CASES)
def test_light_svg_keeps_every_text_with_its_content_place_and_style(kind, lang, stress):
    fig, _ = draw(case(kind, lang, stress))
    assert elements(svg_of(fig, lang)) <= 2 / 3 * elements(svg_of(fig, lang, light=False))
    raw, light = texts(svg_of(fig, lang, light=False)), texts(svg_of(fig, lang))
    assert [(t[0], *t[3:]) for t in light] == [(t[0], *t[3:]) for t in raw]  # content and style, in order
    assert np.allclose([t[1:3] for t in light], [t[1:3] for t in raw], rtol=0, atol=0.00051)  # kept to 1/1000 pt
    assert len(light) > 20


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("kind", KINDS)
def test_saving_twice_and_drawing_again_give_the_same_bytes(kind, lang):
    c = case(kind, lang, stress=False)
    fig, _ = draw(c)
    first = svg_of(fig, lang)
    assert svg_of(fig, lang) == first
    assert svg_of(draw(c)[0], lang) == first


@pytest.mark.parametrize("kind", KINDS)
def test_light_svg_is_light(kind):
    fig, _ = draw(case(kind, "en", stress=True))  # with the notice, whose gid stays
    light = svg_of(fig, "en")
    root = ET.fromstring(light)
    assert root.find(f"{SVG}metadata") is None and b"matplotlib" not in light.lower()
    assert b"<style" not in light and light.count(b"font-family:") == 1  # said once, on the root
    ids = {e.get("id") for e in root.iter() if e.get("id")}
    references = set(re.findall(rb'url\(#([^)]+)\)|href="#([^"]+)"', light))
    assert {r.decode() for pair in references for r in pair if r} <= ids  # every reference resolves
    named = [e for e in root.iter(f"{SVG}g") if e.get("id")]  # gids the figure set, kept as matplotlib wrote them
    assert {e.get("id") for e in named} <= {"notice", *(f"change-{s}" for s in ("rise", "unchanged", "drop", "new",
                                                                                 "unknown"))}
    inside = {e for g in named for e in g.iter()}
    assert [e for e in root.iter(f"{SVG}g") if e not in inside and set(e.attrib) <= {"id"}] == []
    assert len(root.findall(f"{SVG}defs")) <= 1


def rasterised(svg: bytes, folder: Path) -> np.ndarray:
    """The SVG as WeasyPrint draws it into a PDF, rasterised by poppler at 100 dpi (grey levels)."""
    image = base64.b64encode(svg).decode("ascii")
    (folder / "figure.pdf").write_bytes(HTML(string=f'<body style="margin: 0"><img style="width: 16cm" '
                                                    f'src="data:image/svg+xml;base64,{image}"></body>').write_pdf())
    subprocess.run(["pdftoppm", "-r", "100", "-gray", "-png", "-singlefile", folder / "figure.pdf", folder / "page"],
                   check=True)
    return np.asarray(Image.open(folder / "page.png").convert("L"), dtype=int)


def unlike(a: np.ndarray, b: np.ndarray, tolerance: int = 64) -> int:
    """Pixels of `a` that no pixel of `b` within one pixel matches: an edge a rasteriser snaps to the next pixel
    (coordinates differ by less than 1/1000 pt) matches; a mark missing, added or moved does not."""
    padded = np.pad(b, 1, mode="edge")
    near = [padded[1 + dy:1 + dy + a.shape[0], 1 + dx:1 + dx + a.shape[1]] for dy in (-1, 0, 1) for dx in (-1, 0, 1)]
    return int((np.min([np.abs(a - n) for n in near], axis=0) > tolerance).sum())


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("kind", KINDS)
def test_light_svg_draws_what_matplotlibs_svg_draws(kind, lang, tmp_path):
    fig, _ = draw(case(kind, lang, stress=False))
    raw, light = rasterised(svg_of(fig, lang, light=False), tmp_path), rasterised(svg_of(fig, lang), tmp_path)
    assert raw.shape == light.shape
    assert (raw < 128).sum() > 1000  # something was drawn
    assert unlike(raw, light) == 0 and unlike(light, raw) == 0


def test_the_comparison_sees_a_mark_that_went_missing(tmp_path):
    fig, _ = draw(case("ranking", "en", stress=False))
    light = svg_of(fig, "en")
    without = re.sub(rb"<rect [^>]*/>", b"", light, count=5)  # the background and four bars
    assert unlike(rasterised(light, tmp_path), rasterised(without, tmp_path)) > 100


SHAPES = """<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="100pt"
 height="100pt" viewBox="0 0 100 100" version="1.1">
 <defs><style type="text/css">*{stroke-linejoin: round; stroke-linecap: butt}</style>
  <clipPath id="c1"><rect x="0" y="0" width="50" height="50"/></clipPath>
  <clipPath id="unused"><rect x="0" y="0" width="5" height="5"/></clipPath>
  <path id="tick" d="M 0 0 L 0 3" style="stroke: #000000"/>
  <path id="dot" d="M 0 1 C 0.5 1 1 0.5 1 0 C 1 -0.5 0.5 -1 0 -1 C -0.5 -1 -1 -0.5 -1 0 C -1 0.5 -0.5 1 0 1 z"/>
 </defs>
 <g id="figure_1">
  <g id="patch_1"><path d="M 0 10 L 20 10 L 20 0 L 0 0 z" style="fill: #ff0000"/></g>
  <g id="patch_2"><path d="M 0 10 L 20 10 L 20 0 L 0 0 L 0 10" style="fill: #00ff00; stroke: #0000ff"/></g>
  <path d="M 0 10 L 20 10 L 20 0 L 0 0 z" style="fill: none; stroke: #000000; stroke-dasharray: 2,1"/>
  <path d="M 1 1 L 2 2" clip-path="url(#c1)" style="stroke: #000000"/>
  <path d="M 3 3 L 4 4" clip-path="url(#c1)" style="stroke: #000000"/>
  <path d="M 5 5 L 6 6" clip-path="url(#c1)" transform="rotate(30)" style="stroke: #000000"/>
  <g id="mine"><g><use xlink:href="#tick" x="10" y="10"/></g></g>
  <use xlink:href="#tick" x="20" y="30" style="stroke-width: 0.6px"/>
  <use xlink:href="#dot" x="40" y="40"/>
  <g id="text_1"><text style="font-size: 8px; font-family: 'A Sans'; fill: #222222" x="5" y="90"
   transform="rotate(-0 5 90)">A &amp; B</text></g>
 </g>
</svg>"""


def test_lighten_step_by_step():
    light = lighten(SHAPES.encode(), keep_ids={"mine"})
    root = ET.fromstring(light)
    body = [e for e in root if e.tag != f"{SVG}defs"]
    tags = [e.tag.removeprefix(SVG) for e in body]
    assert tags == ["rect", "path", "path", "g", "path", "g", "path", "use", "text"]
    # a closed rectangle becomes <rect>; an open one stroked (caps, not joins) or a dashed one stays a path
    assert body[0].attrib == {"x": "0", "y": "0", "width": "20", "height": "10", "fill": "#ff0000"}
    assert body[1].get("stroke") == "#0000ff" and body[2].get("stroke-dasharray") == "2,1"
    # siblings with one clip path share a group; one with a transform of its own keeps its own clip path
    assert body[3].get("clip-path") == "url(#c1)" and len(body[3]) == 2
    assert body[4].get("clip-path") == "url(#c1)" and body[4].get("transform") == "rotate(30)"
    # a named group keeps what is inside as it was; a tick elsewhere is written out in place; a curve stays shared
    assert [e.tag.removeprefix(SVG) for e in body[5].iter()] == ["g", "g", "use"]
    assert body[6].get("d") == "M 20 30 L 20 33" and body[6].get("stroke-width") == "0.6"
    assert body[7].get("{http://www.w3.org/1999/xlink}href") == "#dot"
    # CSS as attributes, px as user units, no zero rotation, the family once on the root
    assert body[8].attrib == {"x": "5", "y": "90", "font-size": "8", "fill": "#222222"} and body[8].text == "A & B"
    assert root.get("style") == "font-family: 'A Sans'" and root.get("stroke-linecap") == "butt"
    # what nothing uses is gone; what is used stays, in one <defs>
    assert sorted(e.get("id") for e in root.find(f"{SVG}defs")) == ["c1", "dot", "tick"]
    assert lighten(SHAPES.encode(), keep_ids={"mine"}) == light
