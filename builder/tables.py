"""Reading the raw files of an edition: CSV rows with their line numbers, YAML with key lines."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import Problem


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

    def require(self, columns: list[str], problems: list[Problem]) -> bool:
        missing = [c for c in columns if c not in self.header]
        for col in missing:
            problems.append(Problem(self.path, 1, col, "no such column in the header",
                                    f"a header with the columns {', '.join(columns)}"))
        return not missing


def display_path(path: Path) -> str:
    """A path as messages show it: relative to the working directory where possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def read_table(path: Path) -> Table:
    """Read a CSV file; every record keeps the line number where it starts."""
    rows: list[Row] = []
    with path.open(newline="", encoding="utf-8-sig") as fh:
        reader = csv.reader(fh)
        header = [h.strip() for h in next(reader, [])]
        start = reader.line_num + 1
        for record in reader:
            if any(cell.strip() for cell in record):
                cells = dict(zip(header, record, strict=False))
                if len(record) > len(header):
                    cells["__extra__"] = ",".join(record[len(header):])
                rows.append(Row(start, cells))
            start = reader.line_num + 1
    return Table(display_path(path), header, rows)


def read_yaml(path: Path) -> tuple[object, dict[tuple, int], list[Problem]]:
    """Parse YAML; returns the data, the line of every key path, and any syntax problem."""
    text = path.read_text(encoding="utf-8")
    shown = display_path(path)
    try:
        node = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        return None, {}, [Problem(shown, line, None, f"invalid YAML ({getattr(exc, 'problem', exc)})",
                                  "well-formed YAML")]
    lines: dict[tuple, int] = {}
    _key_lines(node, (), lines)
    return data, lines, []


def _key_lines(node: yaml.Node | None, path: tuple, out: dict[tuple, int]) -> None:
    if node is None:
        return
    out.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            sub = (*path, key.value)
            out[sub] = key.start_mark.line + 1
            _key_lines(value, sub, out)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _key_lines(item, (*path, i), out)
