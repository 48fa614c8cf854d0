"""Problems found in an edition, and the small exception tree the CLI prints without a traceback."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input file: where it is, what was found, what was expected."""

    file: str
    line: int | None
    key: str | None
    found: str
    expected: str
    kind: str | None = None  # what `key` names: a column (default with a line), a key, an indicator

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.key:
            kind = self.kind or ("column" if self.line is not None else "key")
            where += f", {kind} '{self.key}'"
        return f"{where}: found {self.found}; expected {self.expected}"


class CityIndexError(Exception):
    """Base of every error the CLI reports as a message rather than a traceback."""


MAX_SHOWN = 200  # a message longer than this helps no one; .problems keeps them all


class ValidationError(CityIndexError):
    """An edition's files are wrong; carries every problem found in one pass."""

    def __init__(self, problems: list[Problem], what: str = "edition") -> None:
        self.problems = sorted(set(problems), key=_problem_order)
        count = len(self.problems)
        header = f"{what} is invalid: {count} problem{'s' if count != 1 else ''}"
        shown = [f"  - {p}" for p in self.problems[:MAX_SHOWN]]
        if count > MAX_SHOWN:
            shown.append(f"  ... and {count - MAX_SHOWN} more of the same kinds")
        super().__init__("\n".join([header, *shown]))
        self.what = what

    def __reduce__(self):  # survive the trip back from a worker process
        return (type(self), (self.problems, self.what))


class ScoringError(CityIndexError):
    """The data is valid but cannot be scored (e.g. a level with no spread to rescale)."""


def _problem_order(p: Problem) -> tuple:
    return (p.file, p.line if p.line is not None else -1, p.key or "", p.found, p.expected)


def quote(value: object) -> str:
    """Render a found value for a message: empty values say so, others are quoted."""
    text = "" if value is None else str(value)
    return "an empty value" if text.strip() == "" else repr(text)


def check_in_list(known: dict | list) -> str:
    """The 'expected' half of an unknown-name message, listing the known names."""
    return f"one of {', '.join(sorted(known))}"
