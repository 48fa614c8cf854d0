"""Load and validate one edition folder (data/<edition>/) into a typed Edition."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from pydantic import ValidationError as PydanticError

from . import checks
from .errors import Problem, ValidationError, quote
from .framework import Framework
from .settings import EditionSettings
from .tables import Table, display_path, read_table, read_yaml


@dataclass(frozen=True)
class Edition:
    """A validated edition. Frames use plain columns documented below."""

    path: Path
    settings: EditionSettings
    framework: Framework
    cities: pd.DataFrame      # index: city id; columns name_<lang>, country, region, ...
    groups: pd.DataFrame      # attribute, value, name_<lang>
    values: pd.DataFrame      # city, indicator, value (float, NaN = missing), source, decimals
    previous: pd.DataFrame    # city, indicator, rank (float; NaN: evaluated, rank unknown), source
    published: pd.DataFrame   # table, city, indicator, score, rank (floats), source, decimals
    pairs: pd.DataFrame       # city_a, city_b, indicator, value, source
    notes: str

    @property
    def id(self) -> str:
        return self.settings.id

    @property
    def languages(self) -> list[str]:
        return self.settings.languages

    def city_name(self, city_id: str, lang: str) -> str:
        return str(self.cities.at[city_id, f"name_{lang}"])

    def group_name(self, attribute: str, value: str, lang: str) -> str:
        g = self.groups
        hit = g[(g["attribute"] == attribute) & (g["value"] == value)]
        return str(hit.iloc[0][f"name_{lang}"]) if len(hit) else str(value)


OPTIONAL_TABLES = {
    "groups.csv": ["attribute", "value"],
    "previous.csv": ["city", "indicator", "rank"],
    "published.csv": ["table", "city", "indicator", "score", "rank"],
    "pairs.csv": ["city_a", "city_b", "indicator", "value"],
}


def load_edition(folder: Path) -> Edition:
    """Read every file of an edition and validate it in one pass; raise with all problems."""
    problems: list[Problem] = []
    folder = Path(folder)
    if not folder.is_dir():
        raise ValidationError([Problem(display_path(folder), None, None, "no such folder",
                                       "an edition folder with edition.yaml and framework.csv")])
    settings = _load_settings(folder, problems)
    tables = {name: _read(folder / name, problems, required=name in _required(settings))
              for name in ("framework.csv", "cities.csv", "values.csv", *OPTIONAL_TABLES)}
    if settings is None or tables["framework.csv"] is None or tables["cities.csv"] is None:
        raise ValidationError(problems)
    langs = settings.languages
    framework = checks.framework(tables["framework.csv"], settings, problems)
    groups = checks.groups(tables["groups.csv"], langs, problems)
    cities = checks.cities(tables["cities.csv"], settings, groups, problems)
    known = set(cities.index)
    values = checks.values(tables["values.csv"], framework, known, cities, settings, problems)
    previous = checks.previous(tables["previous.csv"], framework, known, problems)
    published = checks.published(tables["published.csv"], framework, known, problems)
    pairs = checks.pairs(tables["pairs.csv"], known, problems)
    if problems:
        raise ValidationError(problems)
    notes_file = folder / "NOTES.md"
    notes = notes_file.read_text(encoding="utf-8") if notes_file.exists() else ""
    return Edition(folder, settings, framework, cities, groups, values, previous, published,
                   pairs, notes)


def _required(settings: EditionSettings | None) -> set[str]:
    base = {"framework.csv", "cities.csv"}
    return base if settings is not None and settings.results_only else base | {"values.csv"}


def _read(path: Path, problems: list[Problem], required: bool) -> Table | None:
    if not path.exists():
        if required:
            problems.append(Problem(display_path(path), None, None, "no such file",
                                    "this file in the edition folder"))
        return None
    return read_table(path)


def _load_settings(folder: Path, problems: list[Problem]) -> EditionSettings | None:
    path = folder / "edition.yaml"
    shown = display_path(path)
    if not path.exists():
        problems.append(Problem(shown, None, None, "no such file", "the edition settings"))
        return None
    data, lines, syntax = read_yaml(path)
    if syntax:
        problems.extend(syntax)
        return None
    try:
        settings = EditionSettings.model_validate(data)
    except PydanticError as exc:
        for err in exc.errors():
            loc = tuple(err["loc"])
            line = next((lines[loc[:k]] for k in range(len(loc), -1, -1) if loc[:k] in lines), None)
            found = "nothing" if err["type"] == "missing" else quote(err.get("input"))
            problems.append(Problem(shown, line, ".".join(map(str, loc)), found, err["msg"], kind="key"))
        return None
    if settings.id != folder.name:
        problems.append(Problem(shown, lines.get(("id",)), "id", quote(settings.id),
                                f"the folder name {folder.name!r}"))
    for key, text in settings.text_fields().items():
        for lang in settings.languages:
            if not (text.get(lang) or "").strip():
                problems.append(Problem(shown, None, key, "no text", f"a translation for '{lang}'"))
    return settings

