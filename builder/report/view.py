"""An edition's results as one language shows them: names, numbers, ranks and interface strings.

Charts, tables and the chapters' template functions all read through a LanguageView, so that a
name or a number reads the same everywhere in a language.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from ..engine.rank import censor_threshold
from ..errors import ContentError, hint, known_list, problem
from ..languages import Language, language
from .data import ReportData
from .format import Formatter
from .strings import Strings


@dataclass(frozen=True)
class EntityView:
    """One scored entity (a city, a pathway) on one indicator, with display values for one language."""

    id: str
    name: str
    indicator: str
    value: float
    rank: int | None
    score: str
    ordinal: str

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class CityView(EntityView):
    """One city on one indicator, with display values for one language."""

    tier: str = ""  # the name of the tier the city is in, in the language ("" where the ranking has none)
    tier_id: str = ""


@dataclass(frozen=True)
class GroupCount:
    """How many cities of one group (a country, a region) a selection holds, for one language."""

    id: str
    name: str
    n: int
    label: str  # name and count as a sentence lists them: "UAE (3)"

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class PathwayView(EntityView):
    """One pathway (a city pair) on one indicator, with display values for one language; `partner`: the other
    end's name where the pathway was asked for from one of its cities."""

    partner: str = ""


class LanguageView:
    """ReportData in one language."""

    def __init__(self, data: ReportData, lang: str, strings: Strings) -> None:
        self.data = data
        self.edition = data.edition
        self.lang = lang
        self.language: Language = language(lang)
        self.t = strings
        self.fmt = Formatter(self.language, data.edition.settings.precision)

    @cached_property
    def _city_names(self) -> dict[str, str]:
        return dict(zip(self.edition.cities.index, self.edition.cities[f"name_{self.lang}"], strict=True))

    def city_name(self, city_id: str) -> str:
        return self._city_names[city_id]

    def city_names(self, city_ids) -> list[str]:
        return [self._city_names[c] for c in city_ids]

    def ind(self, indicator: str) -> str:
        """An indicator's name in the language."""
        fw = self.edition.framework
        if indicator not in fw.nodes:
            raise ContentError(problem("chapter-indicator", indicator=indicator, hint=hint(indicator, fw.nodes),
                                       expected=f"an indicator of framework.csv: {known_list(fw.nodes)}"))
        return fw.nodes[indicator].name(self.lang)

    def group(self, attribute: str, value: str) -> str:
        """The name of a city attribute's value in the language (a country, a region)."""
        return self.edition.group_name(attribute, value, self.lang)

    def num(self, value: float, decimals: int | None = None) -> str:
        """A number as the language writes it, with the edition's precision or `decimals`."""
        return self.fmt.number(value, decimals)

    def score_text(self, indicator: str, score: float, status: str = "") -> str:
        """A score as this language shows it: the number, or "<5" where censored, "n/a" where not applicable,
        and a dash where it is not scored."""
        if status == "censored":
            below = censor_threshold(self.edition, indicator)
            return self.t("status.censored", value=self.fmt.number(below, _decimals(below)))
        if status == "n/a":
            return self.t("status.not_applicable")
        if status == "unscored" or pd.isna(score):
            return self.t("status.unscored") if status == "unscored" else ""
        return self.num(score)

    @cached_property
    def tier_names(self) -> dict[str, str]:
        """Tier id -> its name in this language, narrowest tier first."""
        return {t.id: t.name[self.lang] for t in self.edition.settings.tiers}

    def tier_name(self, tier_id: str) -> str:
        """A tier's name in this language; an unknown tier is a content problem listing the edition's tiers."""
        names = self.tier_names
        if tier_id not in names:
            raise ContentError(problem("chapter-tier", tier=tier_id, hint=hint(tier_id, names),
                                       known=known_list(names) if names else "none: edition.yaml declares no tiers"))
        return names[tier_id]

    def view(self, city: str, indicator: str, score: float, rank: object, status: str = "",
             tier: str = "") -> CityView:
        """A city's score, rank and tier on an indicator as this language shows them."""
        place = None if pd.isna(rank) else int(rank)
        tier = "" if pd.isna(tier) else str(tier)
        return CityView(city, self._city_names[city], indicator, float(score), place,
                        self.score_text(indicator, score, status),
                        self.fmt.ordinal(place) if place is not None else "",
                        self.tier_name(tier) if tier else "", tier)

    def pathway_name(self, a: str, b: str) -> str:
        """A pathway's name in this language, its cities in the order given (Moscow–Chengdu)."""
        return self.t("pathway.name", a=self._city_names[a], b=self._city_names[b])

    def pathway_views(self, rows: pd.DataFrame, partner_of: str | None = None) -> list[PathwayView]:
        """Pathway rows (engine/pathways.py's columns), in their order; `partner_of`: a city of every row, whose
        partner each view names."""
        out = []
        for row in rows.itertuples(index=False):
            place = None if pd.isna(row.rank) else int(row.rank)
            other = "" if partner_of is None else self._city_names[row.city_b_id if row.city_a_id == partner_of
                                                                    else row.city_a_id]
            out.append(PathwayView(row.pair_id, self.pathway_name(row.city_a_id, row.city_b_id), row.indicator_id,
                                   float(row.score), place, self.score_text(row.indicator_id, row.score),
                                   self.fmt.ordinal(place) if place is not None else "", other))
        return out

    def views(self, rows: pd.DataFrame) -> list[CityView]:
        """Rows of the results (rank.py's columns), in their order."""
        blank = [""] * len(rows)
        status = rows["status"] if "status" in rows.columns else blank
        tier = rows["tier"] if "tier" in rows.columns else blank
        return [self.view(*row) for row in zip(rows["city_id"], rows["indicator_id"], rows["score"], rows["rank"],
                                               status, tier, strict=True)]


def _decimals(value: float) -> int:
    text = f"{value:g}"
    return len(text.partition(".")[2])
