"""Turns matplotlib's SVG into a lighter one that draws the same: fewer elements, fewer values to parse.

A PDF renderer pays for every element of an SVG it draws (WeasyPrint cascades styles onto each one
and parses each ``style`` attribute as CSS), and matplotlib writes many: a ``<g id>`` around every
artist, its styles as CSS, the same clip path on each element. Each step here keeps what is drawn
as it was, and every ``<text>`` with its content and position:

- groups that carry nothing but an id give way to their children; what the caller named (gids) is
  kept as matplotlib wrote it, inside too (callers may look into it), but for the attributes;
- CSS in ``style`` attributes becomes presentation attributes, which need no CSS parser; the
  font family, the same for every text, is said once, in the root's ``style`` (so a caller can
  still rewrite ``font-family: ...``), and matplotlib's ``*{stroke-linejoin...}`` rule becomes the
  root's (inherited) attributes;
- lengths in ``px`` are written as user units, rotations by zero degrees are left out, and
  coordinates keep three decimals (a thousandth of a point: a third of a micrometre);
- axis-aligned rectangles drawn as paths become ``<rect>``, where that paints the same;
- markers ``<use>``d from a definition of a few straight lines (ticks, triangles, squares) are
  written out in place, moved to where the ``<use>`` put them (curves, as circles, stay shared);
- runs of siblings clipped by the same clip path share one clipped group;
- ids nothing refers to and definitions nothing uses are dropped, the others kept in one ``<defs>``;
- whitespace between elements and metadata are dropped.

The output depends on the input bytes alone, so the same figure still gives the same bytes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from xml.sax.saxutils import escape, quoteattr

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
S = f"{{{SVG_NS}}}"
HREF = f"{{{XLINK_NS}}}href"

# CSS properties matplotlib writes that SVG also takes as presentation attributes
PRESENTATION = frozenset({
    "clip-path", "clip-rule", "color", "display", "fill", "fill-opacity", "fill-rule", "font-family", "font-size",
    "font-stretch", "font-style", "font-variant", "font-weight", "letter-spacing", "opacity", "stroke",
    "stroke-dasharray", "stroke-dashoffset", "stroke-linecap", "stroke-linejoin", "stroke-miterlimit",
    "stroke-opacity", "stroke-width", "text-anchor", "visibility", "word-spacing",
})
CLIPPABLE = frozenset({f"{S}{t}" for t in ("path", "rect", "text", "g", "line", "polyline", "polygon", "circle",
                                           "ellipse")})
PX = re.compile(r"^(-?(?:\d+\.?\d*|\.\d+))px$")
NO_ROTATION = re.compile(r"^rotate\(-?0(?:\.0*)?(?:[ ,][^)]*)?\)$")
REFERENCE = re.compile(r"url\(#([^)]+)\)")
DECIMALS = re.compile(r"-?\d*\.\d{4,}")
LINES = re.compile(r"^M -?[\d.]+ -?[\d.]+(?: (?:[ML] -?[\d.]+ -?[\d.]+|z)){0,7}$")  # a few straight lines

_N = r"(-?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)"
RECT = re.compile(rf"^M {_N} {_N} L {_N} {_N} L {_N} {_N} L {_N} {_N}(?: L {_N} {_N})?( z)?$")


def lighten(svg: bytes, keep_ids: Iterable[str] = ()) -> bytes:
    """`svg` (as matplotlib writes it) with the same drawing in fewer elements; ids in `keep_ids` are kept."""
    root = ET.fromstring(svg)
    for metadata in root.findall(f"{S}metadata"):
        root.remove(metadata)
    keep = set(keep_ids)
    named = {e for k in root.iter() if k.get("id") in keep for e in k.iter()}  # kept as they are
    _inline_stylesheet(root)
    _unwrap(root, keep)
    family = _attributes(root)
    _inline_markers(root, named)
    _rects(root, None, named)
    _round(root)
    _share_clips(root, named)
    _tidy_ids(root, keep, named)
    _strip_whitespace(root)
    if family:
        root.set("style", f"font-family: {family}")
    return _serialised(root)


def _css(style: str) -> dict[str, str]:
    pairs = (part.split(":", 1) for part in style.split(";") if ":" in part)
    return {name.strip(): value.strip() for name, value in pairs}


def _inline_stylesheet(root: ET.Element) -> None:
    """matplotlib's one rule for every element, ``*{stroke-linejoin: round; stroke-linecap: butt}``, as the root's
    attributes: both are inherited, and an element's own value still wins, as it did over the rule."""
    for defs in root.findall(f"{S}defs"):
        for style in defs.findall(f"{S}style"):
            rule = re.fullmatch(r"\s*\*\s*\{([^}]*)\}\s*", style.text or "")
            declarations = _css(rule.group(1)) if rule else {}
            if rule and set(declarations) <= {"stroke-linejoin", "stroke-linecap"}:
                root.attrib.update(declarations)
                defs.remove(style)


def _unwrap(parent: ET.Element, keep: set[str]) -> None:
    """Replace groups with no attribute but an id (not one in `keep`) by their children, all the way down (not into
    a group in `keep`)."""
    children: list[ET.Element] = []
    for child in parent:
        if child.get("id") not in keep:
            _unwrap(child, keep)
        if child.tag == f"{S}g" and set(child.attrib) <= {"id"} and child.get("id") not in keep:
            children.extend(child)
        else:
            children.append(child)
    parent[:] = children


def _attributes(root: ET.Element) -> str | None:
    """Style attributes as presentation attributes, px as user units, no zero rotations; returns the font family
    every text shares (left out of each text), or None where texts differ."""
    families = set()
    for element in root.iter():
        style = element.get("style")
        if style is not None and element is not root:
            declarations = _css(style)
            rest = {k: v for k, v in declarations.items() if k not in PRESENTATION}
            for name, value in declarations.items():
                if name in PRESENTATION:
                    element.set(name, value)
            if rest:
                element.set("style", "; ".join(f"{k}: {v}" for k, v in rest.items()))
            else:
                del element.attrib["style"]
        for name, value in list(element.attrib.items()):
            if (px := PX.match(value)) is not None:
                element.set(name, px.group(1))
        if NO_ROTATION.match(element.get("transform", "")):
            del element.attrib["transform"]
        if element.tag == f"{S}text":
            families.add(element.get("font-family"))
    shared = len(families) == 1 and None not in families
    for text in root.iter(f"{S}text"):
        family = text.attrib.pop("font-family", None)
        if family is not None and not shared:  # said in CSS all the same, where callers rewrite it
            text.set("style", "; ".join(filter(None, [f"font-family: {family}", text.get("style")])))
    return families.pop() if shared else None


def _rects(element: ET.Element, stroke: str | None, named: set[ET.Element]) -> None:
    """Paths that are axis-aligned rectangles as ``<rect>``: where closed, or unstroked (an open outline's stroke
    ends in caps, a rectangle's in joins) and undashed (the dashes would start elsewhere)."""
    stroke = element.get("stroke", stroke)
    for child in element:
        _rects(child, stroke, named)
    if element in named or element.tag != f"{S}path" or element.get("stroke-dasharray") or any(k.startswith("marker")
                                                                            for k in element.attrib):
        return
    found = RECT.match(" ".join(element.get("d", "").split()))
    if found is None:
        return
    *numbers, closed = found.groups()
    xy = [float(v) for v in numbers if v is not None]
    corners = list(zip(xy[0::2], xy[1::2], strict=True))
    if len(corners) == 5 and corners[4] != corners[0]:
        return
    vertical = [a[0] == b[0] and a[1] != b[1] for a, b in zip(corners[:4], [*corners[1:4], corners[0]], strict=True)]
    horizontal = [a[1] == b[1] and a[0] != b[0] for a, b in zip(corners[:4], [*corners[1:4], corners[0]], strict=True)]
    if not (all(h != v for h, v in zip(horizontal, vertical, strict=True))
            and vertical in ([True, False, True, False], [False, True, False, True])):
        return  # not four edges turning by right angles: no rectangle
    if not closed and stroke not in (None, "none"):
        return
    x0, y0 = min(x for x, _ in corners), min(y for _, y in corners)
    width, height = max(x for x, _ in corners) - x0, max(y for _, y in corners) - y0
    if width <= 0 or height <= 0:
        return
    rest = {k: v for k, v in element.attrib.items() if k != "d"}
    element.tag = f"{S}rect"
    element.attrib.clear()
    element.attrib.update({"x": _number(x0), "y": _number(y0), "width": _number(width), "height": _number(height),
                           **rest})


def _inline_markers(root: ET.Element, named: set[ET.Element]) -> None:
    """``<use>`` of a straight-lined path or a rectangle as that element itself, its coordinates moved by the use's
    x and y (a use is its definition in a group translated by them); the definition's own attributes win
    over those the use passes on, as in the use. Uses with a transform or clip path of their own stay."""
    definitions = {e.get("id"): e for e in root.iter() if e.get("id")}
    for parent in list(root.iter()):
        for index, use in enumerate(list(parent)):
            if use.tag != f"{S}use" or use in named or not set(use.attrib).isdisjoint(
                    {"transform", "clip-path", "width", "height"}):
                continue
            source = definitions.get(use.get(HREF, use.get("href", ""))[1:])
            if source is None or "transform" in source.attrib or "clip-path" in source.attrib:
                continue
            dx, dy = float(use.get("x", "0")), float(use.get("y", "0"))
            passed = {k: v for k, v in use.attrib.items() if k not in ("x", "y", HREF, "href", "id")}
            if source.tag == f"{S}rect" and not set(source.attrib) & {"rx", "ry"}:
                placed = {"x": _number(float(source.get("x", "0")) + dx),
                          "y": _number(float(source.get("y", "0")) + dy),
                          "width": source.get("width", "0"), "height": source.get("height", "0")}
            elif source.tag == f"{S}path" and LINES.match(" ".join(source.get("d", "").split())):
                placed = {"d": _moved(" ".join(source.get("d", "").split()), dx, dy)}
            else:
                continue
            own = {k: v for k, v in source.attrib.items() if k not in ("id", "d", "x", "y", "width", "height")}
            parent[index] = ET.Element(source.tag, {**placed, **passed, **own})


def _moved(d: str, dx: float, dy: float) -> str:
    """An absolute path of M, L and z commands moved by (dx, dy)."""
    words, axis = [], 0
    for word in d.split():
        if word in ("M", "L", "z", "Z"):
            words.append(word)
            axis = 0
        else:
            words.append(_number(float(word) + (dx if axis == 0 else dy)))
            axis ^= 1
    return " ".join(words)


def _round(root: ET.Element) -> None:
    """Coordinates to three decimals: path data and the positions and sizes of texts, rectangles and uses."""
    for element in root.iter():
        for name in ("d", "x", "y", "width", "height"):
            value = element.get(name)
            if value is not None and element is not root:
                element.set(name, DECIMALS.sub(lambda m: _number(round(float(m.group(0)), 3)), value))


def _number(value: float) -> str:
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _share_clips(parent: ET.Element, named: set[ET.Element]) -> None:
    """Runs of two or more siblings with the same clip path, and no transform of their own (a clip path is in the
    user space of the element it clips), moved into one group that carries it."""
    if parent in named:
        return
    for child in parent:
        _share_clips(child, named)
    children: list[ET.Element] = []
    run: list[ET.Element] = []

    def close_run() -> None:
        if len(run) > 1:
            group = ET.Element(f"{S}g", {"clip-path": run[0].attrib["clip-path"]})
            for element in run:
                del element.attrib["clip-path"]
                group.append(element)
            children.append(group)
        else:
            children.extend(run)
        run.clear()

    for child in parent:
        clip = child.get("clip-path") if child.tag in CLIPPABLE and "transform" not in child.attrib else None
        if run and clip != run[0].get("clip-path"):
            close_run()
        if clip is None:
            children.append(child)
        else:
            run.append(child)
    close_run()
    parent[:] = children


def _tidy_ids(root: ET.Element, keep: set[str], named: set[ET.Element]) -> None:
    """Drop ids nothing refers to (but those in `keep`) and definitions nothing uses; keep the rest in one
    ``<defs>``, first (but those inside `named` elements, which stay where they are)."""
    used = set()
    for element in root.iter():
        for name, value in element.attrib.items():
            if name in (HREF, "href") and value.startswith("#"):
                used.add(value[1:])
            else:
                used.update(REFERENCE.findall(value))
    definitions: list[ET.Element] = []
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag == f"{S}defs" and child not in named:
                parent.remove(child)
                definitions.extend(d for d in child if d.get("id") in used or d.tag == f"{S}style")
    for element in root.iter():
        if element.get("id") is not None and element.get("id") not in used and element.get("id") not in keep:
            del element.attrib["id"]
    if definitions:
        defs = ET.Element(f"{S}defs")
        defs.extend(definitions)
        root.insert(0, defs)


def _strip_whitespace(element: ET.Element) -> None:
    """No text between elements (indentation); the content of text elements as it was."""
    if element.tag not in (f"{S}text", f"{S}tspan", f"{S}style"):
        element.text = None
        for child in element:
            child.tail = None
    for child in element:
        _strip_whitespace(child)


def _serialised(root: ET.Element) -> bytes:
    """The tree as UTF-8 SVG, the SVG namespace as the default and XLink's as ``xlink:`` (as SVG readers expect;
    ElementTree would write ``ns0:``), attributes in the order they were set."""
    parts = ['<?xml version="1.0" encoding="utf-8"?>\n']
    uses_xlink = any(HREF in e.attrib for e in root.iter())
    _write(root, parts, {"xmlns": SVG_NS, **({"xmlns:xlink": XLINK_NS} if uses_xlink else {})})
    return "".join(parts).encode("utf-8")


def _write(element: ET.Element, parts: list[str], declarations: dict[str, str] | None = None) -> None:
    tag = element.tag.removeprefix(S)
    attrib = {**(declarations or {}), **{_name(k): v for k, v in element.attrib.items()}}
    parts.append(f"<{tag}" + "".join(f" {k}={quoteattr(v)}" for k, v in attrib.items()))
    if element.text is None and len(element) == 0:
        parts.append("/>")
    else:
        parts.append(">" + escape(element.text or ""))
        for child in element:
            _write(child, parts)
            parts.append(escape(child.tail or ""))
        parts.append(f"</{tag}>")


def _name(attribute: str) -> str:
    if attribute == HREF:
        return "xlink:href"
    if attribute.startswith("{http://www.w3.org/XML/1998/namespace}"):
        return "xml:" + attribute.split("}", 1)[1]
    return attribute
