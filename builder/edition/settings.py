"""Typed schema of edition.yaml: the settings of one edition of an index."""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Text = dict[str, str]
"""A string per language code, e.g. {"en": "Overall", "zh": "总指数"}."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Rescale(_Strict):
    """Min-max rescaling of every node of a level onto [lo, hi] (best city hi, last lo)."""

    method: Literal["minmax"] = Field("minmax", description="Only min-max is defined.")
    lo: float = Field(60.0, description="Score given to the last city.")
    hi: float = Field(100.0, description="Score given to the best city.")


class Level(_Strict):
    """One depth of the framework tree (the root is depth 0)."""

    name: Text = Field(description="Name of the level per language (Primary, 一级指标).")
    rescale: Rescale | None = Field(None, description="Rescaling after aggregation, or none.")
    censor_below: float | None = Field(
        None, description="Scores below this are shown as \"<value\" (the GHI's <5), and the units below it share "
                          "one rank.")

    @field_validator("rescale", mode="before")
    @classmethod
    def _none_word(cls, value: object) -> object:
        return None if value in ("none", "None") else value


class Tier(_Strict):
    """A percentile band of a ranking: the cities ranked at most floor(upto x n), n the cities ranked, that no
    narrower tier holds. Cities tied at the boundary share its rank, so all of them are in."""

    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$", description="Stable id of the tier, e.g. top10.")
    upto: float = Field(gt=0, le=1, description="Upper bound of rank / n, e.g. 0.10 (1.0 for the rest).")
    name: Text = Field(description="Name of the tier per language.")


class Defaults(_Strict):
    """Values a framework row takes where its column is empty."""

    normalise: str = Field("minmax", description="Normalisation method of input nodes.")
    normalise_params: dict[str, float | str] = Field(
        default_factory=lambda: {"lo": 60.0, "hi": 100.0},
        description="Parameters of the default normalisation.",
    )
    aggregate: str = Field("arithmetic", description="Aggregation method of parent nodes.")
    missing: str = Field("error", description="Missing-value rule of input nodes (see Missing values).")
    missing_parents: str = Field("reweight", description="Missing-value rule of parent nodes: reweight, unscored "
                                                         "or share:<q>.")


class Screen(_Strict):
    """Screening of units by data coverage before scoring (COINr Screen, byNA)."""

    min_coverage: float = Field(2 / 3, gt=0, le=1, description="Least share of the applicable input indicators a "
                                                              "unit must have a value for (before imputation).")
    include: list[str] = Field(default_factory=list, description="City ids kept whatever their coverage.")
    exclude: list[str] = Field(default_factory=list, description="City ids dropped whatever their coverage.")


class Pathways(_Strict):
    """City pairs (pathways) as a second scored entity kind (the BRI index): pairs.csv gives each unordered pair of
    cities a value per input indicator; pathways are normalised across pathways per indicator with the framework's
    method, aggregated with its weights and ranked, and each city's input values derive from its pathways."""

    city_score: str = Field(
        "sum",
        description="How a city's value for an input indicator derives from its pathways' values, before it is "
                    "normalised across cities and weighted up the tree: `sum` over its partners (amount and number of "
                    "partners both count), `mean` over the pathways pairs.csv gives it (absent pairs do not count), or "
                    "`top:<k>`, the sum of its k best pathway values (the largest, or the smallest for a reverse "
                    "indicator; fewer than k pathways: all of them).")
    published_tables: list[str] = Field(
        default_factory=list,
        description="Tables of published_pairs.csv whose ranks are the pathway results of a results-only edition, in "
                    "priority order (empty: every table).")

    @field_validator("city_score")
    @classmethod
    def _known_rule(cls, value: str) -> str:
        if not re.fullmatch(r"sum|mean|top:[1-9][0-9]*", value):
            raise ValueError("sum, mean or top:<k> (k a whole number >= 1, e.g. top:5)")
        return value

    @property
    def rule(self) -> tuple[str, int | None]:
        """(`sum` | `mean` | `top`, k)."""
        name, _, k = self.city_score.partition(":")
        return name, int(k) if k else None


class EditionSettings(_Strict):
    """The contents of data/<edition>/edition.yaml."""

    id: str = Field(description="Edition id; must equal the folder name.")
    year: int = Field(ge=1900, le=2200, description="Year of the edition.")
    published: dt.date | None = Field(
        None, description="Publication date of the source report; the PDFs carry it as their date (default: 1 "
                          "January of `year`, where the report gives no date).")
    languages: list[str] = Field(min_length=1, description="Language codes, first is primary.")
    title: Text = Field(description="Title per language.")
    publisher: Text = Field(description="Publisher per language.")
    authors: Text | None = Field(None, description="Authors per language (PDF metadata).")
    previous_edition: str | None = Field(None, description="Id of the previous edition, or none.")
    better: Literal["higher", "lower"] = Field(
        "higher", description="higher: the highest score ranks first; lower: the lowest (a hunger or risk index).")
    data_year: int | None = Field(
        None, description="Reference year of values.csv's `year` column (default: `year`): each indicator takes the "
                          "latest value up to it.")
    max_age: int = Field(0, ge=0, description="How many years older than the reference year a value may be "
                                             "(a node's `latest:<years>` rule overrides it).")
    screen: Screen | None = Field(None, description="Screening of cities by data coverage, or none.")
    ties: Literal["exact", "displayed"] = Field(
        "exact", description="exact: unrounded scores decide; displayed: equal rounded scores tie."
    )
    precision: int = Field(2, ge=0, le=6, description="Decimals of displayed scores.")
    input_level: int | None = Field(
        None, ge=0, description="Depth where values.csv enters; none: every leaf is an input."
    )
    results_only: bool = Field(False, description="Published results are the result; no scoring.")
    results_tables: list[str] = Field(
        default_factory=list,
        description="Published tables whose ranks are the results of a results-only edition, in priority "
                    "order; scores come from these first, then from any other table (empty: every table).")
    illustrative: bool = Field(False, description="The data is illustrative, and outputs say so.")
    levels: list[Level] = Field(min_length=1, description="One entry per depth, root first.")
    defaults: Defaults = Field(default_factory=Defaults, description="Framework column defaults.")
    renormalise_weights: bool = Field(
        False, description="Scale children's weights to sum to 1 instead of requiring it."
    )
    tiers: list[Tier] = Field(default_factory=list, description="Percentile bands of every ranking, in any order: "
                                                                "a city is in the narrowest tier its rank reaches.")
    tier_levels: list[int] | None = Field(None, description="Depths whose rankings have tiers (default: every "
                                                            "scored depth), e.g. [0, 1] for overall and sub-indexes.")
    group_ranks: list[str] = Field(default_factory=list, description="City attributes to rank within.")
    pathways: Pathways | None = Field(
        None, description="City pairs scored as pathways (pairs.csv), and how city values derive from them; none: "
                          "pairs.csv, if any, is checked but not scored.")
    source: str | None = Field(None, description="The source document of the edition.")
    external: dict[str, Text] = Field(
        default_factory=dict, description="Other indices whose ranks of the cities external_ranks.csv gives, by id, "
                                          "with their names per language (e.g. kearney-gci: {en: Kearney's Global "
                                          "Cities Index, zh: ...}).")

    @field_validator("tiers")
    @classmethod
    def _narrowest_first(cls, tiers: list[Tier]) -> list[Tier]:
        for key in ("id", "upto"):
            seen = [getattr(t, key) for t in tiers]
            twice = sorted({v for v in seen if seen.count(v) > 1}, key=str)
            if twice:
                raise ValueError(f"each tier with its own {key}; found {', '.join(map(str, twice))} twice")
        return sorted(tiers, key=lambda t: t.upto)

    def text_fields(self) -> dict[str, Text]:
        """Every per-language text of the settings, by its key path (for translation checks)."""
        texts: dict[str, Text] = {"title": self.title, "publisher": self.publisher}
        if self.authors is not None:
            texts["authors"] = self.authors
        for i, level in enumerate(self.levels):
            texts[f"levels[{i}].name"] = level.name
        for tier in self.tiers:
            texts[f"tiers[{tier.id}].name"] = tier.name
        for index, name in self.external.items():
            texts[f"external.{index}"] = name
        return texts
