"""Problems and errors: every failure a user can cause is a typed Problem with a catalogue code.

A Problem names where (file, line, column or key), what was found and what was expected, and
the code of its entry in the catalogue (builder/catalogue.py), which holds the wording. Errors
carry their problems; the CLI prints them without a traceback, and the preview shows their
positions. Anything else that escapes is a bug in cityindex, not in the user's input.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from .catalogue import CATALOGUE


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: its catalogue code, where it is, what was found and expected."""

    code: str
    file: str = ""
    line: int | None = None
    key: str | None = None
    found: str = ""
    expected: str = ""
    kind: str | None = None  # what `key` names: a column (default with a line), a key, an indicator, ...

    @property
    def where(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.key:
            kind = self.kind or ("column" if self.line is not None else "key")
            where += f", {kind} '{self.key}'"
        return where

    def __str__(self) -> str:
        where = f"{self.where}: " if self.where else ""
        return f"{where}found {self.found}; expected {self.expected} [{self.code}]"

    @property
    def detail(self) -> str:
        """The message without its file and line (which a preview page shows in columns of their own)."""
        key = f"{self.kind or ('column' if self.line is not None else 'key')} '{self.key}': " if self.key else ""
        return f"{key}found {self.found}; expected {self.expected} [{self.code}]"


def problem(code: str, file: str = "", line: int | None = None, key: str | None = None, *,
            kind: str | None = None, **values: object) -> Problem:
    """A Problem worded by its catalogue entry, the entry's placeholders filled from `values`."""
    entry = CATALOGUE[code]
    return Problem(code, file, line, key, entry.found.format(**values), entry.expected.format(**values),
                   kind or entry.kind)


MAX_SHOWN = 200  # a message longer than this helps no one; .problems keeps them all


class CityIndexError(Exception):
    """Base of every error the CLI reports as a message rather than a traceback: carries its problems."""

    what = "the build"

    def __init__(self, problems: Problem | Iterable[Problem], what: str | None = None) -> None:
        found = [problems] if isinstance(problems, Problem) else list(problems)
        self.problems = sorted(set(found), key=_problem_order)
        self.what = what or self.what
        super().__init__(self.text())

    def text(self) -> str:
        count = len(self.problems)
        if count == 1:
            return str(self.problems[0])
        shown = [f"  - {p}" for p in self.problems[:MAX_SHOWN]]
        if count > MAX_SHOWN:
            shown.append(f"  ... and {count - MAX_SHOWN} more of the same kinds")
        return "\n".join([f"{self.what}: {count} problems", *shown])

    def __reduce__(self):  # survive the trip back from a worker process
        return (type(self), (self.problems, self.what))


class ValidationError(CityIndexError):
    """An edition's files are wrong (settings, framework or data); every problem found in one pass."""

    what = "edition is invalid"

    def text(self) -> str:
        count = len(self.problems)
        header = f"{self.what}: {count} problem{'s' if count != 1 else ''}"
        shown = [f"  - {p}" for p in self.problems[:MAX_SHOWN]]
        if count > MAX_SHOWN:
            shown.append(f"  ... and {count - MAX_SHOWN} more of the same kinds")
        return "\n".join([header, *shown])


class ContentError(CityIndexError):
    """A chapter, an interface string or a template is wrong."""

    what = "the report's content"


class ScoringError(CityIndexError):
    """The data is valid but cannot be scored (e.g. a level with no spread to rescale)."""

    what = "scoring"


class RenderError(CityIndexError):
    """A figure or a page cannot be drawn as published (a glyph no font has, a refused resource)."""

    what = "rendering"


class SetupError(CityIndexError):
    """The machine or the output folder is not as a build needs it (a font missing, output/ a file)."""

    what = "set-up"


class ReleaseError(CityIndexError):
    """A release cannot be made or verified."""

    what = "the release"


def _problem_order(p: Problem) -> tuple:
    return (p.file, p.line if p.line is not None else -1, p.key or "", p.found, p.expected, p.code)


def quote(value: object) -> str:
    """Render a found value for a message: empty values say so, others are quoted (long ones cut)."""
    text = "" if value is None else str(value)
    if text.strip() == "":
        return "an empty value"
    return repr(text if len(text) <= 80 else text[:77] + "...")


def without_modules(text: str) -> str:
    """A Python message with the software's module paths taken out ('CityView object', not 'builder.x.CityView')."""
    return re.sub(r"\bbuilder\.[a-z_.]*\.", "", text)


def known_list(known: Iterable[str], limit: int = 40) -> str:
    """Known names for an 'expected' wording: all of them, or the first `limit` and a count."""
    names = sorted({str(k) for k in known})
    if len(names) <= limit:
        return ", ".join(names)
    return ", ".join(names[:limit]) + f" and {len(names) - limit} more"


def closest(found: str, known: Iterable[str]) -> str | None:
    """The known name closest to `found`, or None when none is close."""
    close = difflib.get_close_matches(str(found), [str(k) for k in known], n=1, cutoff=0.6)
    return close[0] if close else None


def hint(found: str, known: Iterable[str]) -> str:
    """' (did you mean 'x'?)' for the closest known name, or '' when none is close."""
    close = closest(found, known)
    return f" (did you mean {close!r}?)" if close else ""
