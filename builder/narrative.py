"""Narrative: content/<edition>/<lang>/*.md (front matter + Jinja + Markdown) to chapter HTML."""

from __future__ import annotations

import re
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path

import jinja2
import yaml
from markdown_it import MarkdownIt

from .context import ContentError, ReportContext
from .tables import display_path

FRONT = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.S)


@dataclass(frozen=True)
class Chapter:
    """One chapter of one language: its id and title from front matter, and its body HTML."""

    id: str
    title: str
    html: str
    source: str
    appendix: bool = False


@dataclass(frozen=True)
class ChapterSource:
    id: str
    title: str
    body: str
    path: Path
    body_line: int  # line of the file where the body starts


def read_chapters(folder: Path) -> list[ChapterSource]:
    """Chapter files in name order (01-summary.md, 02-methodology.md, ...)."""
    if not folder.is_dir():
        raise ContentError(f"{display_path(folder)}: no such folder; expected the narrative chapters")
    chapters = []
    for path in sorted(folder.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        match = FRONT.match(text)
        if not match:
            raise ContentError(f"{display_path(path)}, line 1: found no front matter; expected '---', "
                               "then 'id:' and 'title:', then '---'")
        meta = yaml.safe_load(match.group(1)) or {}
        for key in ("id", "title"):
            if not meta.get(key):
                raise ContentError(f"{display_path(path)}, front matter: found no '{key}'; expected a value")
        chapters.append(ChapterSource(str(meta["id"]), str(meta["title"]), text[match.end():], path,
                                      text[:match.end()].count("\n") + 1))
    return chapters


def markdown() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True, "typographer": False}).enable("table")


def render_chapter(source: ChapterSource, ctx: ReportContext, env: jinja2.Environment) -> Chapter:
    """Evaluate the chapter's template expressions, then turn its Markdown into HTML."""
    ctx.placements.chapter = source.id
    name = display_path(source.path)
    try:
        template = env.from_string(source.body)
        text = template.render(ctx.namespace())
    except jinja2.TemplateSyntaxError as exc:
        raise ContentError(f"{name}, line {source.body_line + (exc.lineno or 1) - 1}: {exc.message}") from None
    except (jinja2.UndefinedError, ContentError, TypeError, ValueError, KeyError) as exc:
        line = _template_line(exc)
        where = f"{name}, line {source.body_line + line - 1}" if line else name
        raise ContentError(f"{where}: {exc}") from None
    return Chapter(source.id, source.title, markdown().render(text), name)


def _template_line(exc: BaseException) -> int | None:
    """The line of the chapter template where an error was raised (Jinja names it <template>)."""
    tb = exc.__traceback__ or sys.exc_info()[2]
    lines = [f.lineno for f in traceback.extract_tb(tb) if f.filename == "<template>"]
    return lines[-1] if lines else None


def content_env() -> jinja2.Environment:
    """Autoescaping, strict environment for chapters: an unknown name is an error, not blank text."""
    return jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
