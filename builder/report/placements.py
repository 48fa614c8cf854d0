"""The figures and tables a language's chapters place, in order: what each is and its number."""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Placed:
    """A figure or table that a chapter placed: its spec and its number in this language."""

    kind: str
    args: tuple[str, ...]
    options: tuple[tuple[str, object], ...]
    number: int
    chapter: str

    @property
    def key(self) -> str:
        return placement_key(self.kind, self.args, self.options)


def placement_key(kind: str, args: tuple, options: tuple) -> str:
    """The id of a figure or table: its kind and arguments (e.g. ranking-overall, heatmap-edu-15)."""
    parts = [kind, *args, *(f"{k}={v}" for k, v in options)]
    return re.sub(r"[^\w-]", "_", "-".join(str(p) for p in parts))  # a valid HTML id and file name


@dataclass
class Placements:
    """Figures and tables placed while rendering one language's chapters, in order; placing one
    already placed returns it with its number."""

    figures: list[Placed] = field(default_factory=list)
    tables: list[Placed] = field(default_factory=list)

    def place(self, what: str, kind: str, args: tuple, options: dict, chapter: str) -> Placed:
        bucket = self.figures if what == "figure" else self.tables
        spec = (kind, tuple(str(a) for a in args), tuple(sorted(options.items())))
        key = placement_key(*spec)
        for existing in bucket:
            if existing.key == key:
                return existing
        bucket.append(Placed(*spec, len(bucket) + 1, chapter))
        return bucket[-1]

    def keys(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        return tuple(p.key for p in self.figures), tuple(p.key for p in self.tables)
