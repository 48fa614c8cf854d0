"""The content security policy: what a chapter may refer to and embed, and what the renderer may read.

Chapters are written by many hands. A chapter may embed images that lie inside its edition's
content folder (content/<edition>/, shared by the languages), link to the web (https, http,
mailto) or to a section of the report, and use raw HTML only from ALLOWED_TAGS with
ALLOWED_ATTRIBUTES (no URLs, no styles, no scripts). Everything else is a problem naming the
chapter, line and reference. The PDF renderer reads only files under the folders a build
allows (its own output, the templates, the font cache) and data: URLs; any other request stops
the render with a problem, so nothing is ever fetched from the network or from elsewhere on disk.
"""

from __future__ import annotations

import hashlib
import re
import urllib.parse
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from ..errors import Problem, problem

ALLOWED_TAGS = frozenset({"abbr", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code", "col",
    "colgroup", "dd", "del", "dfn", "div", "dl", "dt", "em", "h2", "h3", "h4", "h5", "h6", "hr", "i", "ins", "kbd",
    "li", "mark", "ol", "p", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "u", "ul", "var", "wbr"})
ALLOWED_ATTRIBUTES = frozenset(["class", "id", "title", "lang", "dir", "colspan", "rowspan", "scope"])
IMAGE_TYPES = (".png", ".jpg", ".jpeg", ".svg")
LINK_SCHEMES = ("https", "http", "mailto")
SVG_REFERENCE = re.compile(r"""(?:href|src)\s*=\s*["']\s*(?!#|data:)([^"']+)|url\(\s*["']?(?!#|data:)([^)"']+)""", re.I)
MARKER = re.compile(r"<!--(figure|table):[^>]+?-->")


@dataclass
class Asset:
    """A file a chapter embeds, copied into each language's output folder under `name`."""

    source: Path
    name: str


@dataclass
class Checked:
    """What checking one chapter found: its problems and the assets it embeds."""

    problems: list[Problem] = field(default_factory=list)
    assets: list[Asset] = field(default_factory=list)


def line_of(reference: str, source: str, fallback: int) -> int:
    """The line of the chapter source (1-based) where `reference` appears, else `fallback`."""
    at = source.find(reference)
    return source.count("\n", 0, at) + 1 if at >= 0 else fallback


def check_image(src: str, chapter: Path, root: Path, where: tuple[str, int], checked: Checked) -> str | None:
    """The output name for an image reference, or None with a problem (the policy above)."""
    shown, line = where
    parts = urllib.parse.urlsplit(src)
    if parts.scheme or parts.netloc or src.startswith("//"):
        checked.problems.append(problem("reference-network" if parts.scheme not in ("file", "") else
                                        "reference-outside", shown, line, reference=src, root=_shown(root)))
        return None
    target = (chapter.parent / urllib.parse.unquote(parts.path)).resolve()
    if not target.is_relative_to(root.resolve()):
        checked.problems.append(problem("reference-outside", shown, line, reference=src, root=_shown(root)))
        return None
    if not target.is_file():
        checked.problems.append(problem("reference-missing", shown, line, reference=src, root=_shown(root)))
        return None
    if target.suffix.lower() not in IMAGE_TYPES:
        checked.problems.append(problem("reference-type", shown, line, reference=src))
        return None
    data = target.read_bytes()
    if target.suffix.lower() == ".svg":
        for match in SVG_REFERENCE.finditer(data.decode("utf-8", errors="replace")):
            checked.problems.append(problem("reference-svg", shown, line, reference=match.group(1) or match.group(2),
                                            image=src))
    name = f"assets/{hashlib.sha256(data).hexdigest()[:12]}{target.suffix.lower()}"
    checked.assets.append(Asset(target, name))
    return name


def check_link(href: str, where: tuple[str, int], checked: Checked) -> None:
    scheme = urllib.parse.urlsplit(href).scheme.lower()
    if href.startswith("#") or scheme in LINK_SCHEMES:
        return
    checked.problems.append(problem("reference-link", *where, reference=href))


class _Tags(HTMLParser):
    """Every start tag of a fragment of HTML with its attributes, and the line of each."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, list[str], int]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.found.append((tag, [name for name, _ in attrs], self.getpos()[0]))

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.handle_starttag(tag, attrs)

    def handle_decl(self, decl: str) -> None:
        self.found.append(("!" + decl.split()[0].lower() if decl.split() else "!", [], self.getpos()[0]))

    def handle_pi(self, data: str) -> None:
        self.found.append(("?", [], self.getpos()[0]))

    def unknown_decl(self, data: str) -> None:
        self.found.append(("![" + data.split("[")[0], [], self.getpos()[0]))


def check_html(fragment: str, where: tuple[str, int], checked: Checked) -> None:
    """Raw HTML of a chapter against the allow-list (comments, such as figure markers, pass)."""
    shown, first = where
    parser = _Tags()
    parser.feed(MARKER.sub("", fragment))
    parser.close()
    for tag, attributes, line in parser.found:
        at = first + line - 1
        if tag not in ALLOWED_TAGS:
            checked.problems.append(problem("html-tag", shown, at, tag=tag, allowed=", ".join(sorted(ALLOWED_TAGS))))
            continue
        for name in attributes:
            if name not in ALLOWED_ATTRIBUTES:
                checked.problems.append(problem("html-attribute", shown, at, attribute=name, tag=tag,
                                                allowed=", ".join(sorted(ALLOWED_ATTRIBUTES))))


def _shown(root: Path) -> str:
    from ..edition.read import display_path

    return display_path(root) + "/"
