"""Load and validate one edition folder (data/<edition>/) into a typed Edition."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd
from pydantic import BaseModel
from pydantic import ValidationError as PydanticError

from ..errors import Problem, ValidationError, hint, known_list, problem, quote
from ..languages import LANGUAGES
from . import check_changes, check_data, check_framework, partners
from .framework import Framework
from .inputs import Inputs, Where, assemble
from .read import Table, display_path, read_table, read_text, read_yaml
from .settings import Defaults, EditionSettings, Level, Pathways, Rescale, Screen, Tier


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
    published: pd.DataFrame   # table, city, indicator, score, rank (floats), source, decimals, below (censored)
    pairs: pd.DataFrame       # pair_id, city_a, city_b, indicator, value, source, line
    notes: str
    inputs: Inputs | None = None  # what the engine scores (None for results-only editions)
    published_pairs: pd.DataFrame | None = None  # table, pair_id, city_a, city_b, indicator, score, rank, tied_with
    published_changes: pd.DataFrame | None = None  # table, city, indicator, left_out, printed, change, rank,
    # rank_without (rank with and without the category)
    external_ranks: pd.DataFrame | None = None  # table, city, index, panel, rank, source: another index's ranks

    @property
    def scores_pathways(self) -> bool:
        """Whether pathways are an entity kind of this edition (edition.yaml `pathways`)."""
        return self.settings.pathways is not None

    @property
    def id(self) -> str:
        return self.settings.id

    @property
    def languages(self) -> list[str]:
        return self.settings.languages

    @property
    def results_language(self) -> str:
        """The language of names in results.csv and the audit: English as published, where the edition has it."""
        return "en" if "en" in self.languages else self.languages[0]

    def city_name(self, city_id: str, lang: str) -> str:
        return str(self.cities.at[city_id, f"name_{lang}"])

    def group_name(self, attribute: str, value: str, lang: str) -> str:
        """The name of a group value (a region id, say) in a language; the value itself where groups.csv has none."""
        return self._group_names.get((attribute, str(value), lang), str(value))

    @cached_property
    def _group_names(self) -> dict[tuple[str, str, str], str]:
        g = self.groups
        return {(a, v, lang): str(name) for lang in self.languages if f"name_{lang}" in g.columns
                for a, v, name in zip(g["attribute"], g["value"], g[f"name_{lang}"], strict=True)}


def edition_folder(name: str, data_dir: Path) -> Path:
    """An edition given by id (looked up in data_dir) or by path."""
    path = Path(name)
    return path if path.is_dir() and (path / "edition.yaml").exists() else data_dir / name


OPTIONAL_TABLES = ("groups.csv", "previous.csv", "published.csv", "pairs.csv", "published_pairs.csv",
                   "published_changes.csv", "external_ranks.csv")


def load_edition(folder: Path) -> Edition:
    """Read every file of an edition and validate it in one pass; raise with all problems.

    Problems in edition.yaml do not stop the other files from being checked: their checks use
    what of the settings could be read.
    """
    problems: list[Problem] = []
    folder = Path(folder)
    if not folder.is_dir():
        raise ValidationError([problem("folder-missing", display_path(folder),
                                       expected="an edition folder with edition.yaml and framework.csv")])
    settings, settings_ok = _load_settings(folder, problems)
    tables = {name: _read(folder / name, problems, required=name in _required(settings))
              for name in ("framework.csv", "cities.csv", "values.csv", *OPTIONAL_TABLES)}
    langs = settings.languages
    shown = display_path(folder / "edition.yaml")
    framework = check_framework.framework(tables["framework.csv"], settings, problems, shown)
    groups = check_data.groups(tables["groups.csv"], langs, problems)
    cities, lines = (check_data.cities(tables["cities.csv"], settings, groups, problems) if tables["cities.csv"]
                     else (pd.DataFrame(columns=["id"]).set_index("id"), {}))
    known = set(cities.index) if tables["cities.csv"] else None
    cities_path = tables["cities.csv"].path if tables["cities.csv"] else ""
    values = check_data.values(tables["values.csv"], framework, known, problems)
    previous = check_data.previous(tables["previous.csv"], framework, known, problems)
    published = check_data.published(tables["published.csv"], framework, known, problems,
                                     [t.id for t in settings.tiers])
    pathways = settings.pathways is not None and not settings.results_only
    pairs = check_data.pairs(tables["pairs.csv"], framework, known, problems, scored=pathways)
    published_pairs = check_data.published_pairs(tables["published_pairs.csv"], framework, known, problems)
    changes = check_changes.published_changes(tables["published_changes.csv"], framework, known, problems)
    external = check_data.external_ranks(tables["external_ranks.csv"], known, set(settings.external), problems)
    if pathways and not tables["values.csv"] and tables["pairs.csv"]:  # city values derive from the pathways
        values = partners.city_values(pairs, framework, cities.index, settings.pathways)
        tables["values.csv"] = tables["pairs.csv"]
    notes = read_text(folder / "NOTES.md", problems) if (folder / "NOTES.md").exists() else ""
    inputs = None
    if settings_ok and not settings.results_only and framework.nodes and tables["cities.csv"] and \
            tables["values.csv"] and not any(p.file in (cities_path, tables["values.csv"].path) for p in problems):
        where = Where(tables["values.csv"].path, cities_path, tables["framework.csv"].path, shown)
        inputs = assemble(framework, settings, cities, lines, values, where, problems)
    if problems or not settings_ok:
        raise ValidationError(problems)
    return Edition(folder, settings, framework, cities, groups, values, previous, published, pairs, notes or "",
                   inputs, published_pairs, changes, external)


def _required(settings: EditionSettings) -> set[str]:
    """Files an edition must have: values.csv where it computes, or pairs.csv where city values derive from
    pathways."""
    base = {"framework.csv", "cities.csv"}
    if settings.results_only:
        return base
    return base | {"pairs.csv" if settings.pathways is not None else "values.csv"}


def _read(path: Path, problems: list[Problem], required: bool) -> Table | None:
    if not path.exists() and not path.is_symlink():
        if required:
            problems.append(problem("file-missing", display_path(path), expected="this file in the edition folder"))
        return None
    return read_table(path, problems)


MODELS: dict[tuple, type[BaseModel]] = {(): EditionSettings, ("defaults",): Defaults, ("levels", "*"): Level,
                                        ("levels", "*", "rescale"): Rescale, ("tiers", "*"): Tier,
                                        ("screen",): Screen, ("pathways",): Pathways}


def _load_settings(folder: Path, problems: list[Problem]) -> tuple[EditionSettings, bool]:
    """The settings, or settings made of what could be read (and False) when edition.yaml is wrong."""
    path = folder / "edition.yaml"
    shown = display_path(path)
    read = read_yaml(path, problems) if path.exists() or path.is_symlink() else None
    if not path.exists() and not path.is_symlink():
        problems.append(problem("file-missing", shown, expected="the edition settings"))
    if read is None:
        return _fallback({}, folder), False
    data, lines = read
    if not isinstance(data, dict):
        problems.append(problem("yaml-not-mapping", shown, 1, found=f"a {type(data).__name__}"))
        return _fallback({}, folder), False
    try:
        settings = EditionSettings.model_validate(data)
    except PydanticError as exc:
        for err in exc.errors():
            problems.append(_settings_problem(err, shown, lines))
        return _fallback(data, folder, {e["loc"][0] for e in exc.errors() if e["loc"]}), False
    ok = True
    for i, lang in enumerate(settings.languages):
        if lang not in LANGUAGES:
            problems.append(problem("settings-language", shown, lines.get(("languages", i)), "languages", lang=lang,
                                    known=known_list(LANGUAGES)))
            ok = False
    if not ok:  # the other files are checked for the languages that can be published
        settings = settings.model_copy(update={"languages": [x for x in settings.languages if x in LANGUAGES]})
    if settings.id != folder.name:
        problems.append(problem("settings-id", shown, lines.get(("id",)), "id", found=quote(settings.id),
                                folder=folder.name))
        ok = False
    for key, text in settings.text_fields().items():
        for lang in settings.languages:
            if not (text.get(lang) or "").strip():
                problems.append(problem("text-missing", shown, None, key, lang=lang))
                ok = False
    return settings, ok


def _settings_problem(err: dict, shown: str, lines: dict[tuple, int]) -> Problem:
    loc = tuple(err["loc"])
    line = next((lines[loc[:k]] for k in range(len(loc), -1, -1) if loc[:k] in lines), None)
    key = ".".join(map(str, loc))
    if err["type"] == "extra_forbidden":
        model = MODELS.get(tuple("*" if isinstance(p, int) else p for p in loc[:-1]), EditionSettings)
        return problem("settings-unknown-key", shown, line, key, name=str(loc[-1]), hint=hint(str(loc[-1]),
                       model.model_fields), keys=known_list(model.model_fields))
    if err["type"] == "missing":
        return problem("settings-key", shown, line, key, found="nothing", expected="a value (this key is required)")
    return problem("settings-key", shown, line, key, found=quote(err.get("input")), expected=_expected(err))


PYDANTIC_WORDS = {"int_parsing": "a whole number", "int_type": "a whole number", "int_from_float": "a whole number",
                  "float_parsing": "a number", "float_type": "a number", "bool_parsing": "true or false",
                  "bool_type": "true or false", "string_type": "a text", "list_type": "a list",
                  "dict_type": "a mapping (key: value lines)", "model_type": "a mapping (key: value lines)"}


def _expected(err: dict) -> str:
    """Pydantic's complaint in the words of the other messages ("a whole number", "one of ...")."""
    if err["type"] in PYDANTIC_WORDS:
        return PYDANTIC_WORDS[err["type"]]
    if err["type"] == "literal_error":
        return "one of " + err["ctx"]["expected"].replace("'", "")
    message = err["msg"].removeprefix("Input should be ").removeprefix("Value error, ")
    return message[:1].lower() + message[1:]


def _fallback(data: dict, folder: Path, wrong: set = frozenset()) -> EditionSettings:
    """Settings from the keys of edition.yaml that are right, defaults for the rest, so that the
    checks of the other files can still run; keys that could not be read switch their checks off."""
    good = {k: v for k, v in data.items() if k not in wrong and k in EditionSettings.model_fields}
    base = {"id": folder.name, "year": 2000, "languages": ["xx"], "title": {}, "publisher": {},
            "levels": [{"name": {}}]}
    try:
        settings = EditionSettings.model_validate(base | good)
    except PydanticError:
        settings, good = EditionSettings.model_validate(base), {}
    unknown = {key: [] for key in ("languages", "levels") if key not in good}  # no checks where nothing is known
    return settings.model_copy(update=unknown)
