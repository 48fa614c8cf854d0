"""Narrative: content/<edition>/<lang>/*.md (front matter + Jinja + Markdown) to chapter HTML.

Chapters are checked against the content policy (builder/policy.py) after their template
expressions are evaluated, so a reference made by an expression is checked too.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from jinja2.exceptions import SecurityError
from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..edition.read import display_path, parse_yaml, read_text
from ..errors import ContentError, Problem, hint, known_list, problem, without_modules
from .context import ReportContext
from .policy import Asset, Checked, check_html, check_image, check_link, line_of

FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
UNDEFINED = re.compile(r"^'([^']+)' is undefined$")


@dataclass(frozen=True)
class Chapter:
    """One chapter of one language: its id and title from front matter, and its body HTML."""

    id: str
    title: str
    html: str
    source: str
    appendix: bool = False
    assets: tuple[Asset, ...] = ()


@dataclass(frozen=True)
class ChapterSource:
    id: str
    title: str
    body: str
    path: Path
    body_line: int  # line of the file where the body starts
    content_root: Path = field(default=Path("."))  # content/<edition>/: what images may come from


def read_chapters(folder: Path) -> list[ChapterSource]:
    """Chapter files in name order (01-summary.md, 02-methodology.md, ...); every problem in one pass."""
    if not folder.is_dir():
        raise ContentError(problem("folder-missing", display_path(folder), expected="the narrative chapters"))
    chapters, problems = [], []
    seen: dict[str, str] = {}
    for path in sorted(folder.glob("*.md")):
        source = _read_chapter(path, folder.parent, problems)
        if source is None:
            continue
        if source.id in seen:
            problems.append(problem("chapter-id-duplicate", display_path(path), 2, "id", kind="key", id=source.id,
                                    other=seen[source.id]))
        seen[source.id] = display_path(path)
        chapters.append(source)
    if problems:
        raise ContentError(problems)
    return chapters


def _read_chapter(path: Path, root: Path, problems: list[Problem]) -> ChapterSource | None:
    shown = display_path(path)
    text = read_text(path, problems, shown)
    if text is None:
        return None
    match = FRONT.match(text)
    if not match:
        problems.append(problem("chapter-front-matter", shown, 1))
        return None
    parsed = parse_yaml(match.group(1), shown, problems, first_line=2)
    if parsed is None:
        return None
    meta, lines = parsed
    if not isinstance(meta, dict):
        problems.append(problem("yaml-not-mapping", shown, 2, found=f"front matter that is a {type(meta).__name__}"))
        return None
    missing = [key for key in ("id", "title") if not str(meta.get(key) or "").strip()]
    for key in missing:
        problems.append(problem("chapter-front-matter-key", shown, lines.get((key,), 2), key, kind="key",
                                name=key))
    if missing:
        return None
    return ChapterSource(str(meta["id"]), str(meta["title"]), text[match.end():], path,
                         text[:match.end()].count("\n") + 1, root)


def markdown() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True, "typographer": False}).enable("table")


def render_chapter(source: ChapterSource, ctx: ReportContext, env: jinja2.Environment) -> Chapter:
    """Evaluate the chapter's template expressions, check it against the policy, turn it into HTML."""
    ctx.chapter = source.id
    name = display_path(source.path)
    try:
        text = _compiled(env, source.body).render(ctx.namespace())
    except jinja2.TemplateSyntaxError as exc:
        raise ContentError(problem("chapter-template", name, source.body_line + (exc.lineno or 1) - 1,
                                   error=(exc.message or "").rstrip("."))) from None
    except SecurityError as exc:
        line = _template_line(exc)
        raise ContentError(problem("chapter-unsafe", name, source.body_line + line - 1 if line else None,
                                   found=str(exc).rstrip("."))) from None
    except jinja2.UndefinedError as exc:
        raise ContentError(_undefined(exc, name, source, ctx)) from None
    except ContentError as exc:
        line = _template_line(exc)
        at = source.body_line + line - 1 if line else None
        raise ContentError([dataclasses.replace(p, file=p.file or name, line=p.line or at)
                            for p in exc.problems]) from None
    md = markdown()
    tokens = md.parse(text)
    checked = check_tokens(tokens, source)
    if checked.problems:
        raise ContentError(checked.problems)
    return Chapter(source.id, source.title, md.renderer.render(tokens, md.options, {}), name,
                   assets=tuple(checked.assets))


def check_tokens(tokens: list[Token], source: ChapterSource) -> Checked:
    """Images, links and raw HTML of a parsed chapter against the policy; image sources rewritten.

    A reference's line is where it appears in the chapter file, or else where its block starts in
    the evaluated text (template expressions may shift lines).
    """
    checked = Checked()
    name = display_path(source.path)
    for token in tokens:
        near = token.map[0] + 1 if token.map else 1

        def at(reference: str, near: int = near) -> tuple[str, int]:
            return name, source.body_line + line_of(reference, source.body, near) - 1

        for item in [token, *(token.children or [])]:
            if item.type == "image":
                src = str(item.attrGet("src") or "")
                out = check_image(src, source.path, source.content_root, at(src), checked)
                if out:
                    item.attrSet("src", out)
            elif item.type == "link_open":
                href = str(item.attrGet("href") or "")
                check_link(href, at(href), checked)
            elif item.type in ("html_inline", "html_block") and item.content.strip():
                check_html(item.content, at(item.content.strip().splitlines()[0]), checked)
    return checked


def _undefined(exc: jinja2.UndefinedError, name: str, source: ChapterSource, ctx: ReportContext) -> Problem:
    line = _template_line(exc)
    at = source.body_line + line - 1 if line else None
    message = exc.message or str(exc)
    match = UNDEFINED.match(message)
    if match:
        known = ctx.namespace()
        return problem("chapter-name", name, at, name=match.group(1), hint=hint(match.group(1), known),
                       known=known_list(known))
    return problem("chapter-value", name, at, found=without_modules(message),
                   expected="an attribute or key that it has")


_COMPILED: dict[tuple[int, str], jinja2.Template] = {}


def _compiled(env: jinja2.Environment, body: str) -> jinja2.Template:
    """A chapter's template, compiled once per environment and body (preview recompiles only what changed)."""
    key = (id(env), body)
    if key not in _COMPILED:
        if len(_COMPILED) > 256:
            _COMPILED.clear()
        _COMPILED[key] = env.from_string(body)
    return _COMPILED[key]


def _template_line(exc: BaseException) -> int | None:
    """The line of the chapter template where an error was raised (Jinja names it <template>)."""
    tb = exc.__traceback__ or sys.exc_info()[2]
    lines = [f.lineno for f in traceback.extract_tb(tb) if f.filename == "<template>"]
    return lines[-1] if lines else None


@functools.cache
def content_env() -> jinja2.Environment:
    """Autoescaping, strict, sandboxed environment for chapters: an unknown name is an error, not blank
    text, and a chapter can reach nothing beyond the template functions it is given."""
    from jinja2.sandbox import SandboxedEnvironment

    return SandboxedEnvironment(autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
