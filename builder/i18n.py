"""Interface strings and number formats per language: templates/strings/<lang>.yaml and Babel."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from babel.lists import format_list
from babel.numbers import format_decimal

from .errors import ContentError, Problem, hint, problem
from .numbers import round_half_up
from .tables import display_path, read_yaml

LOCALES = {"en": "en", "zh": "zh_Hans_CN"}


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


@dataclass(frozen=True)
class Formatter:
    """Numbers, ordinals and lists written the way a language writes them (Babel).

    The one number formatter of a report: its text, tables, figures and table downloads all show
    a score as `number` writes it, rounded half up (numbers.round_half_up) to the edition's
    precision unless told otherwise.
    """

    lang: str
    precision: int = 2

    @property
    def locale(self) -> str:
        return LOCALES.get(self.lang, self.lang)

    def rounded(self, value: float, decimals: int | None = None) -> float:
        return float(round_half_up(value, self.precision if decimals is None else decimals))

    def number(self, value: float, decimals: int | None = None) -> str:
        d = self.precision if decimals is None else decimals
        pattern = "#,##0" + ("." + "0" * d if d > 0 else "")
        return format_decimal(self.rounded(value, d), format=pattern, locale=self.locale)

    def integer(self, value: float) -> str:
        return format_decimal(int(value), format="#,##0", locale=self.locale)

    def ordinal(self, value: int) -> str:
        """1st, 2nd, 23rd / 第1名 ... as used for ranks."""
        n = int(value)
        if self.lang == "zh":
            return f"第{n}名"
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"{n}{suffix}"

    def join(self, items: list[str]) -> str:
        return format_list([str(i) for i in items], locale=self.locale) if items else ""
