"""Interface strings and number formats per language: templates/strings/<lang>.yaml and Babel."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..edition.read import display_path, read_yaml
from ..errors import ContentError, Problem, hint, problem


class TranslationError(ContentError):
    """Interface strings are missing or unreadable in some languages; lists every problem."""

    what = "interface strings"


def flatten(tree: dict, prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in tree.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(flatten(value, path + "."))
        else:
            out[path] = "" if value is None else str(value)
    return out


@dataclass(frozen=True)
class Strings:
    """The interface strings of one language; a lookup of an unknown key is an error."""

    lang: str
    table: dict[str, str]

    def __call__(self, key: str, **values: object) -> str:
        if key not in self.table:
            raise TranslationError(problem("strings-unknown", f"templates/strings/{self.lang}.yaml", name=key,
                                           lang=self.lang))
        text = self.table[key]
        try:
            return text.format(**values) if values else text
        except (KeyError, IndexError, ValueError) as exc:
            raise TranslationError(problem("strings-placeholder", f"templates/strings/{self.lang}.yaml", None, key,
                                           error=f"{text!r} ({type(exc).__name__}: {exc})",
                                           known=", ".join("{" + k + "}" for k in values))) from None


def load_strings(folder: Path, langs: list[str], overrides: Path | None = None) -> dict[str, Strings]:
    """Strings of every language; raises TranslationError listing every key missing anywhere.

    `overrides`: an edition's content folder, whose <lang>/strings.yaml files replace shared
    strings for that edition (its own captions, say). An override must exist in every language
    and replace a key that the shared strings have.
    """
    problems: list[Problem] = []
    tables = {lang: table for lang in langs if (table := _read_strings(folder / f"{lang}.yaml", problems)) is not None}
    every = set().union(*tables.values()) if tables else set()
    for lang, table in tables.items():
        for key in sorted(k for k in every if table.get(k, "") == ""):
            problems.append(problem("strings-missing", display_path(folder / f"{lang}.yaml"), None, key))
    if overrides is not None:
        _override(tables, overrides, every, problems)
    if problems:
        raise TranslationError(problems)
    return {lang: Strings(lang, table) for lang, table in tables.items()}


def _read_strings(path: Path, problems: list[Problem]) -> dict[str, str] | None:
    read = read_yaml(path, problems)
    if read is None:
        return None
    if not isinstance(read[0], dict):
        problems.append(problem("yaml-not-mapping", display_path(path), 1, found=f"a {type(read[0]).__name__}"))
        return None
    return flatten(read[0])


def _override(tables: dict[str, dict[str, str]], content: Path, known: set[str], problems: list[Problem]) -> None:
    paths = {lang: content / lang / "strings.yaml" for lang in tables}
    found = {lang: _read_strings(path, problems) or {} for lang, path in paths.items() if path.exists()}
    if not found:
        return
    every = set().union(*found.values())
    for lang, path in paths.items():
        table = found.get(lang, {})
        for key in sorted(set(table) - known):
            problems.append(problem("strings-override-unknown", display_path(path), None, key, hint=hint(key, known)))
        for key in sorted(every - {k for k, v in table.items() if v}):
            problems.append(problem("strings-missing", display_path(path), None, key))
        tables[lang] = tables[lang] | table
