"""Interface strings and number formats per language: templates/strings/<lang>.yaml and Babel."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from babel.lists import format_list
from babel.numbers import format_decimal

from .errors import CityIndexError

LOCALES = {"en": "en", "zh": "zh_Hans_CN"}


class TranslationError(CityIndexError):
    """Some interface strings are missing in some languages; lists every missing key."""

    def __init__(self, missing: dict[str, list[str]]) -> None:
        self.missing = missing
        lines = [f"  - {path}: missing key '{key}'" for path, keys in sorted(missing.items()) for key in keys]
        super().__init__(f"missing translations ({len(lines)} keys):\n" + "\n".join(lines))


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
            raise TranslationError({f"strings/{self.lang}.yaml": [key]})
        text = self.table[key]
        return text.format(**values) if values else text


def load_strings(folder: Path, langs: list[str]) -> dict[str, Strings]:
    """Strings of every language; raises TranslationError listing every key missing anywhere."""
    tables: dict[str, dict[str, str]] = {}
    missing: dict[str, list[str]] = {}
    for lang in langs:
        path = folder / f"{lang}.yaml"
        if not path.exists():
            missing[str(path)] = ["(the whole file)"]
            continue
        tables[lang] = flatten(yaml.safe_load(path.read_text(encoding="utf-8")) or {})
    every = set().union(*tables.values()) if tables else set()
    for lang, table in tables.items():
        empty = sorted(k for k in every if table.get(k, "") == "")
        if empty:
            missing[str(folder / f"{lang}.yaml")] = empty
    if missing:
        raise TranslationError(missing)
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
