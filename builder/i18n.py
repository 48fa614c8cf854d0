"""Interface strings and number formats per language: templates/strings/<lang>.yaml and Babel."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from babel.lists import format_list
from babel.numbers import format_decimal

from .errors import ContentError, Problem, problem
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


def load_strings(folder: Path, langs: list[str]) -> dict[str, Strings]:
    """Strings of every language; raises TranslationError listing every key missing anywhere."""
    tables: dict[str, dict[str, str]] = {}
    problems: list[Problem] = []
    for lang in langs:
        path = folder / f"{lang}.yaml"
        read = read_yaml(path, problems)
        if read is None:
            continue
        data = read[0]
        if not isinstance(data, dict):
            problems.append(problem("yaml-not-mapping", display_path(path), 1, found=f"a {type(data).__name__}"))
            continue
        tables[lang] = flatten(data)
    every = set().union(*tables.values()) if tables else set()
    for lang, table in tables.items():
        for key in sorted(k for k in every if table.get(k, "") == ""):
            problems.append(problem("strings-missing", display_path(folder / f"{lang}.yaml"), None, key))
    if problems:
        raise TranslationError(problems)
    return {lang: Strings(lang, table) for lang, table in tables.items()}


@dataclass(frozen=True)
class Formatter:
    """Numbers, ordinals and lists written the way a language writes them (Babel)."""

    lang: str

    @property
    def locale(self) -> str:
        return LOCALES.get(self.lang, self.lang)

    def number(self, value: float, decimals: int = 2) -> str:
        pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
        return format_decimal(value, format=pattern, locale=self.locale)

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
