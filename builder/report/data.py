"""What a report shows, language apart: the edition, its Results and audit, read through fast lookups.

Rankings are sliced once per indicator; selections (top n, filtered by a city attribute) and single
cells are array and dict lookups, so that a chapter's hundred questions cost what their answers
cost, not what the whole results table costs.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from ..analysis import AuditReport
from ..edition import Edition
from ..engine import Results
from ..errors import ContentError, hint, known_list, problem


@dataclass(frozen=True)
class ReportData:
    """Everything computed about an edition that the report shows (language-independent)."""

    edition: Edition
    results: Results
    audit: AuditReport | None = None

    @cached_property
    def cities(self) -> pd.DataFrame:
        """The city results (rank.py's long table)."""
        return self.results.city

    @cached_property  # tables and charts read these many times; the results never change
    def scores(self) -> pd.DataFrame:
        return self.cities.pivot(index="city_id", columns="indicator_id", values="score")

    @cached_property
    def statuses(self) -> pd.DataFrame:
        """Why a score is missing or shown otherwise (rank.py's status column; "" where nothing to say)."""
        if "status" not in self.cities.columns:
            return pd.DataFrame("", index=self.scores.index, columns=self.scores.columns)
        return self.cities.pivot(index="city_id", columns="indicator_id", values="status").fillna("")

    @cached_property
    def ranks(self) -> pd.DataFrame:
        return self.cities.pivot(index="city_id", columns="indicator_id", values="rank")

    @cached_property
    def rankings(self) -> dict[str, pd.DataFrame]:
        """Each scored indicator's rows in rank order (ties as the results order them)."""
        return {ind: rows.reset_index(drop=True) for ind, rows in self.cities.groupby("indicator_id", sort=False)}

    @cached_property
    def scored(self) -> list[str]:
        return list(self.rankings)

    @cached_property
    def _cells(self) -> dict[tuple[str, str], int]:
        return {(ind, city): i for ind, rows in self.rankings.items() for i, city in enumerate(rows["city_id"])}

    @cached_property
    def _tuples(self) -> dict[str, list]:
        return {ind: list(rows.itertuples(index=False)) for ind, rows in self.rankings.items()}

    def ranked(self, indicator: str) -> pd.DataFrame:
        """Rows of one indicator in rank order; an indicator that is not scored is a content problem."""
        try:
            return self.rankings[indicator]
        except KeyError:
            raise ContentError(problem("chapter-indicator", indicator=indicator, hint=hint(indicator, self.scored),
                                       expected=f"a scored indicator: {known_list(self.scored)}")) from None

    def select(self, indicator: str, top: int | None = None, tier: str | None = None, **filters: str) -> pd.DataFrame:
        """The rows of a ranking within the top `top` ranks, in tier `tier`, whose cities have every
        attribute=value given."""
        rows = self.ranked(indicator)
        keep = np.ones(len(rows), dtype=bool)
        if top is not None:
            keep &= rows["rank"].to_numpy(dtype=float, na_value=np.nan) <= top
        if tier is not None:
            keep &= (rows["tier"] if "tier" in rows.columns else pd.Series("", index=rows.index)).eq(
                self.tier(tier, indicator)).to_numpy()
        for attribute, value in filters.items():
            keep &= (self.attribute(attribute).reindex(rows["city_id"]) == value).to_numpy()
        return rows[keep]

    def attribute(self, name: str) -> pd.Series:
        """A city attribute (a column of cities.csv) by city id; an unknown one is a content problem."""
        cities = self.edition.cities
        if name not in cities.columns:
            raise ContentError(problem("chapter-attribute", attribute=name, hint=hint(name, cities.columns),
                                       known=known_list(cities.columns)))
        return cities[name]

    def tier(self, tier_id: str, indicator: str) -> str:
        """`tier_id`, checked: a tier of edition.yaml, on an indicator whose ranking has tiers."""
        known = [t.id for t in self.edition.settings.tiers]
        if tier_id not in known:
            raise ContentError(problem("chapter-tier", tier=tier_id, hint=hint(tier_id, known),
                                       known=known_list(known) if known else "none: edition.yaml declares no tiers"))
        if indicator not in self.tiered:
            raise ContentError(problem("chapter-untiered", indicator=indicator,
                                       known=known_list(self.tiered) if self.tiered else "none"))
        return tier_id

    @cached_property
    def tiered(self) -> list[str]:
        """The indicators whose rankings have tiers (edition.yaml tiers and tier_levels)."""
        if "tier" not in self.cities.columns:
            return []
        return [ind for ind, rows in self.rankings.items() if rows["tier"].ne("").any()]

    # ---- pathways ---------------------------------------------------------------------------
    @cached_property
    def pathway_rankings(self) -> dict[str, pd.DataFrame]:
        """Each indicator's pathway rows in rank order (engine/pathways.py's columns); empty without pathways."""
        frame = self.results.pathway
        if frame is None:
            return {}
        return {ind: rows.reset_index(drop=True) for ind, rows in frame.groupby("indicator_id", sort=False)}

    def pathways_ranked(self, indicator: str) -> pd.DataFrame:
        """Pathway rows of one indicator in rank order; asking an edition without pathways, or for an indicator
        no pathway has a rank on, is a content problem."""
        if not self.pathway_rankings:
            raise ContentError(problem("chapter-value", found="no pathways in this edition",
                                       expected="an edition with pathways (edition.yaml pathways)"))
        try:
            return self.pathway_rankings[indicator]
        except KeyError:
            known = list(self.pathway_rankings)
            raise ContentError(problem("chapter-indicator", indicator=indicator, hint=hint(indicator, known),
                                       expected=f"an indicator pathways are ranked on: {known_list(known)}")) from None

    # ---- ranks without a category ------------------------------------------------------------
    def without(self, left_out: str, indicator: str = "") -> pd.DataFrame:
        """Per city the rank on `indicator` (default: the overall index) with and without the category `left_out`:
        columns city_id, rank, rank_without, change (places gained when the category is added), printed (the
        change as the source prints it; empty where computed), table (the source's table; empty where computed),
        in the order of the rank with it. A computed edition ranks every city without the category; a
        results-only one has the cities its published_changes.csv lists. Asking for a category neither gives is
        a content problem."""
        fw = self.edition.framework
        indicator = indicator or fw.root.id
        key = (left_out, indicator)
        if key not in self._without:
            self._without[key] = self._without_frame(left_out, indicator)
        return self._without[key]

    @cached_property
    def _without(self) -> dict[tuple[str, str], pd.DataFrame]:
        return {}

    def _without_frame(self, left_out: str, indicator: str) -> pd.DataFrame:
        from ..edition.check_changes import implied_without
        from ..engine.leave_out import ranking_without

        ranked = self.ranked(indicator)
        ranks = ranked.set_index("city_id")["rank"]
        changes = self.edition.published_changes
        kids = self.edition.framework.children.get(indicator, [])
        if self.results.scored is not None and left_out in kids:
            out = ranking_without(self.edition, self.results.scored.scores, left_out, indicator)
            frame = pd.DataFrame({"city_id": ranked["city_id"], "rank": ranked["rank"].to_numpy()})
            frame["rank_without"] = frame["city_id"].map(out.set_index("city_id")["rank"]).to_numpy()
            frame["change"] = frame["rank_without"] - frame["rank"]
            return frame.assign(printed="", table="").reset_index(drop=True)
        rows = (changes[(changes["left_out"] == left_out) & (changes["indicator"] == indicator)]
                if changes is not None else pd.DataFrame())
        if rows.empty:
            known = [] if changes is None else sorted(set(changes["left_out"]))
            raise ContentError(problem("chapter-value", found=f"no rank of {indicator!r} without {left_out!r}",
                                       expected="a category of a computed edition, or one that published_changes.csv "
                                                f"gives: {known_list(known) if known else '(none)'}"))
        frame = pd.DataFrame({"city_id": rows["city"].to_numpy(), "rank": rows["city"].map(ranks).to_numpy(),
                              "rank_without": implied_without(rows, ranks).to_numpy(),
                              "change": rows["change"].to_numpy(), "printed": rows["printed"].to_numpy(),
                              "table": rows["table"].to_numpy()})
        return frame.sort_values("rank", kind="stable").reset_index(drop=True)

    def row(self, city: str, indicator: str):
        """One city's row on one indicator (a namedtuple of rank.py's columns); an unknown city is a
        content problem."""
        self.ranked(indicator)  # an indicator that is not scored is a problem of its own
        position = self._cells.get((indicator, city))
        if position is None:
            raise ContentError(problem("chapter-city", city=city, hint=hint(city, self.edition.cities.index)))
        return self._tuples[indicator][position]
