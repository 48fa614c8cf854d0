"""Reading the raw files of an edition: text checked for size and encoding, CSV rows with their line
numbers, YAML with the line of every key. Every failure becomes a Problem, never an exception."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..catalogue import LIMITS
from ..errors import Problem, closest, hint, problem

csv.field_size_limit(2**31 - 1)  # fields are measured against LIMITS below, with a message, not by csv


@dataclass(frozen=True)
class Row:
    """One CSV record as strings, with the file line where it starts."""

    line: int
    cells: dict[str, str]

    def get(self, key: str) -> str:
        return (self.cells.get(key) or "").strip()


@dataclass(frozen=True)
class Table:
    """A CSV file read as strings: its path (as shown in messages), header and rows."""

    path: str
    header: list[str]
    rows: list[Row]

    def require(self, columns: list[str], problems: list[Problem], *, optional: tuple[str, ...] = (),
                prefixes: tuple[str, ...] = (), open_ended: bool = False) -> bool:
        """Whether every required column is present (each missing one is a problem).

        Unless `open_ended`, columns that are neither required, optional nor start with one of
        `prefixes` are problems too: a misspelled column would otherwise be silently ignored.
        """
        allowed = [*columns, *optional]
        unknown = [] if open_ended else [h for h in self.header if h not in allowed and not h.startswith(prefixes)]
        missing = [c for c in columns if c not in self.header]
        shown = ", ".join(columns)
        for col in missing:
            close = closest(col, unknown)
            problems.append(problem("csv-column-missing", self.path, 1, col, columns=shown,
                                    hint=f" (the header has {close!r})" if close else ""))
        everything = ", ".join([*allowed, *(f"{p}<...>" for p in prefixes)])
        for col in unknown:
            problems.append(problem("csv-column-unknown", self.path, 1, col, column=col, columns=everything,
                                    hint=hint(col, allowed)))
        return not missing


def display_path(path: Path) -> str:
    """A path as messages show it: relative to the working directory where possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


def read_text(path: Path, problems: list[Problem], shown: str | None = None) -> str | None:
    """The UTF-8 text of a file (a BOM is dropped), or None with a problem saying why it cannot be read."""
    shown = shown or display_path(path)
    try:
        if path.is_dir():
            problems.append(problem("not-a-file", shown))
            return None
        size = path.stat().st_size
        if size > LIMITS["file_mb"] * 1_000_000:
            problems.append(problem("file-too-large", shown, size=size / 1e6, limit=LIMITS["file_mb"]))
            return None
        data = path.read_bytes()
    except FileNotFoundError:
        problems.append(problem("file-missing", shown, expected="this file"))
        return None
    except OSError as exc:
        problems.append(problem("file-unreadable", shown, error=exc.strerror or str(exc)))
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        start = data.rfind(b"\n", 0, exc.start) + 1
        line = data.count(b"\n", 0, exc.start) + 1
        column = len(data[start:exc.start].decode("utf-8", errors="replace")) + 1
        problems.append(problem("file-encoding", shown, line, byte=data[exc.start], column=column))
        return None


def read_table(path: Path, problems: list[Problem]) -> Table | None:
    """Read a CSV file; every record keeps the line number where it starts. None if it cannot be read."""
    shown = display_path(path)
    text = read_text(path, problems, shown)
    if text is None:
        return None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    limit = LIMITS["field_chars"]
    rows: list[Row] = []
    try:
        header = [h.strip() for h in next(reader, [])]
        if not any(header):
            problems.append(problem("csv-empty", shown, 1))
            return None
        twice = sorted({h for h in header if header.count(h) > 1})
        for col in twice:
            problems.append(problem("csv-column-duplicate", shown, 1, col, column=col))
        if twice:  # which of the two a cell belongs to is anyone's guess: its rows are not checked
            return None
        start = reader.line_num + 1
        for record in reader:
            if any(cell.strip() for cell in record):
                longest = max(record, key=len)
                if len(longest) > limit:
                    col = header[record.index(longest)] if record.index(longest) < len(header) else None
                    problems.append(problem("csv-field-too-large", shown, start, col, size=len(longest),
                                            limit=limit))
                    record = ["" if len(cell) > limit else cell for cell in record]
                if len(record) > len(header):  # fewer: the missing cells are empty, as spreadsheets write them
                    problems.append(problem("csv-fields", shown, start, found=len(record), expected=len(header)))
                rows.append(Row(start, dict(zip(header, record, strict=False))))
            start = reader.line_num + 1
    except csv.Error as exc:
        problems.append(problem("csv-syntax", shown, reader.line_num or None, error=str(exc)))
        return None
    return Table(shown, header, rows)


def read_yaml(path: Path, problems: list[Problem]) -> tuple[object, dict[tuple, int]] | None:
    """Parse YAML: the data and the line of every key path, or None with the problem."""
    shown = display_path(path)
    text = read_text(path, problems, shown)
    if text is None:
        return None
    return parse_yaml(text, shown, problems)


def parse_yaml(text: str, shown: str, problems: list[Problem], first_line: int = 1) -> tuple[object, dict] | None:
    """YAML text (from line `first_line` of file `shown`) into data and key lines, or None with a problem."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + first_line if mark is not None else None
        problems.append(problem("yaml-syntax", shown, line, error=getattr(exc, "problem", None) or exc))
        return None
    lines: dict[tuple, int] = {}
    _key_lines(node, (), lines, first_line)
    return data, lines


def _key_lines(node: yaml.Node | None, path: tuple, out: dict[tuple, int], first: int) -> None:
    if node is None:
        return
    out.setdefault(path, node.start_mark.line + first)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            sub = (*path, key.value)
            out[sub] = key.start_mark.line + first
            _key_lines(value, sub, out, first)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _key_lines(item, (*path, i), out, first)
