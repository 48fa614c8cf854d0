"""The chapters' template namespace: an edition's results as the functions a chapter calls, in one language.

Chapter Markdown is a Jinja template. Everything a sentence needs comes from these calls, so
text and tables cannot disagree:

    {{ names(top("overall", 10)) }}           the top ten, as a list in the language
    {{ city("boston").score }}                a score, formatted (precision of the edition)
    {{ city("guangzhou").ordinal }}           24th / 第24名
    {{ city("beijing", "talent").rank }}      rank on another indicator
    {{ count("overall", top=10, country="cn") }}   cities matching filters
    {{ ind("talent") }}                       an indicator's name in the language
    {{ group("region", "europe") }}           a group value's name in the language
    {{ figure("ranking", "overall") }}        a numbered, captioned figure (kinds: report/charts)
    {{ table("scores", "edu") }}              a numbered, captioned table (see tables_spec.py)
    {{ fig_ref("ranking", "overall") }}       "Figure 3" / "图3" for a figure placed anywhere
    {{ tab_ref("scores", "edu") }}            "Table 2" / "表2"
    {{ children("talent") }}                  the names of an indicator's components, as a list
    {{ weight("talent.research") }}           the weight used, as a percentage (declared_weight: as declared)
    {{ corr("talent", "st") }}                correlation of two indicators' scores across cities
    {{ published("austin", "overall").rank }} what the source report printed (rank, score); table="Table 12": there
    {{ pathway("moscow", "chengdu").rank }}   a pathway's rank (and .score, .ordinal, .name) on an indicator
    {{ names(top_pathways("overall", 10)) }}  the first pathways of a ranking (ties at the n-th included)
    {{ names(partners("singapore", 3)) }}     a city's strongest pathways (each with .partner, its other city)
    {{ rank_without("beijing", "information-connection").ordinal }}   a rank with a category left out
    {{ audit_summary() }}                     one sentence: how the build agrees with the source report
    {{ audit_findings() }}                    a list: per parent, declared vs fitted vs used weights
    {{ city("doha").tier }}                   the name of a city's tier ("Top 10%"), where the ranking has tiers
    {{ names(tier_cities("top10")) }}         the cities of a tier, in rank order (filters as ranked())
    {{ count("overall", tier="top10", country="ae") }}   ranked(), top(), count() and mean() take tier=
    {{ tier_name("top30") }}                  a tier's name in the language
    {{ names(tier_counts("country", "top10"), "label") }}   groups by how many cities they have in a tier
"""

from __future__ import annotations

from collections import Counter

import numpy as np
from markupsafe import Markup

from ..errors import ContentError, hint, problem
from .calls import checked_call
from .data import ReportData
from .placements import Placed, Placements
from .strings import Strings
from .view import CityView, GroupCount, LanguageView, PathwayView


class ReportContext(LanguageView):
    """The functions and values a chapter may use, in one language; it places figures and tables in
    `placements` (for the chapter named in `chapter`) and makes their data as they are placed."""

    def __init__(self, data: ReportData, lang: str, strings: Strings, placements: Placements | None = None) -> None:
        super().__init__(data, lang, strings)
        self.placements = placements if placements is not None else Placements()
        self.chapter = ""
        self.charts: dict[str, object] = {}  # placed figure key -> charts.ChartData
        self.tables: dict[str, object] = {}  # placed table key -> tables.TableData

    # ---- values ---------------------------------------------------------------------------
    @property
    def title(self) -> str:
        return self.edition.settings.title[self.lang]

    @property
    def n_cities(self) -> int:
        return len(self.edition.cities)

    def names(self, items: list[CityView] | list[PathwayView] | list[GroupCount], field: str = "name") -> str:
        """Names as a list in the language ("A, B and C"); field="label" for group counts ("UAE (3)")."""
        if field not in ("name", "label"):
            raise ContentError(problem("chapter-value", found=f"field {field!r}", expected="'name' or 'label'"))
        return self.fmt.join([getattr(c, field, c.name) for c in items])

    # ---- cities ---------------------------------------------------------------------------
    def city(self, city_id: str, indicator: str = "overall") -> CityView:
        """A city on an indicator: .score, .rank, .ordinal, .tier, and its name as text."""
        row = self.data.row(city_id, indicator)
        return self.view(row.city_id, row.indicator_id, row.score, row.rank, getattr(row, "status", ""),
                         getattr(row, "tier", ""))

    def ranked(self, indicator: str = "overall", top: int | None = None, tier: str | None = None,
               **filters: str) -> list[CityView]:
        """The cities of a ranking in rank order: within the top `top` ranks, in `tier`, attribute=value."""
        return self.views(self.data.select(indicator, top, tier, **filters))

    def top(self, indicator: str = "overall", n: int = 10, tier: str | None = None, **filters: str) -> list[CityView]:
        """The first n of the (filtered) ranking, and every city tied with the n-th."""
        rows = self.data.select(indicator, tier=tier, **filters)
        if len(rows) > n:
            ranks = rows["rank"].to_numpy(dtype=float, na_value=np.nan)
            rows = rows.iloc[:n] if np.isnan(ranks[n - 1]) else rows[ranks <= ranks[n - 1]]
        return self.views(rows)

    def count(self, indicator: str = "overall", top: int | None = None, above: float | None = None,
              below: float | None = None, tier: str | None = None, **filters: str) -> int:
        """How many cities match: top ranks, scores above or below a value, a tier, attribute=value filters."""
        scores = self.data.select(indicator, top, tier, **filters)["score"].to_numpy(dtype=float)
        keep = np.ones(len(scores), dtype=bool)
        if above is not None:
            keep &= scores > above
        if below is not None:
            keep &= scores < below
        return int(keep.sum())

    def mean(self, indicator: str = "overall", tier: str | None = None, **filters: str) -> str:
        """The mean score of the cities that match (tier, attribute=value filters), formatted."""
        return self.num(float(np.mean(self.data.select(indicator, tier=tier, **filters)["score"]
                                      .to_numpy(dtype=float))))

    # ---- tiers ----------------------------------------------------------------------------
    def tier_cities(self, tier: str, indicator: str = "overall", **filters: str) -> list[CityView]:
        """The cities of a tier in rank order."""
        return self.ranked(indicator, tier=tier, **filters)

    def tier_counts(self, attribute: str, tier: str, indicator: str = "overall", **filters: str) -> list[GroupCount]:
        """The groups (values of a city attribute) with cities in a tier, most cities first, then by best rank."""
        rows = self.data.select(indicator, tier=tier, **filters)
        counts = Counter(map(str, self.data.attribute(attribute).reindex(rows["city_id"])))  # best rank first
        return [GroupCount(g, self.group(attribute, g), n, self.t("tiers.group_count", name=self.group(attribute, g),
                                                                  n=n))
                for g, n in sorted(counts.items(), key=lambda item: -item[1])]

    # ---- pathways -------------------------------------------------------------------------
    def pathway(self, a: str, b: str, indicator: str = "overall") -> PathwayView:
        """The pathway of cities a and b (either order; its name keeps the order the results give it)."""
        from ..edition.check_data import pair_id

        for city in (a, b):
            if city not in self.edition.cities.index:
                raise ContentError(problem("chapter-city", city=city, hint=hint(city, self.edition.cities.index)))
        rows = self.data.pathways_ranked(indicator)
        found = rows[rows["pair_id"] == pair_id(a, b)]
        if found.empty:
            raise ContentError(problem("chapter-value", found=f"no rank for the pathway {a}–{b} on {indicator!r}",
                                       expected="a pathway the results rank on that indicator"))
        return self.pathway_views(found)[0]

    def top_pathways(self, indicator: str = "overall", n: int = 10, city: str | None = None) -> list[PathwayView]:
        """The first n pathways of a ranking (of those of `city`, if given), and every pathway tied with the n-th."""
        rows = self.data.pathways_ranked(indicator)
        if city is not None:
            if city not in self.edition.cities.index:
                raise ContentError(problem("chapter-city", city=city, hint=hint(city, self.edition.cities.index)))
            rows = rows[(rows["city_a_id"] == city) | (rows["city_b_id"] == city)]
        if len(rows) > n:
            ranks = rows["rank"].to_numpy(dtype=float, na_value=np.nan)
            rows = rows.iloc[:n] if np.isnan(ranks[n - 1]) else rows[ranks <= ranks[n - 1]]
        return self.pathway_views(rows, city)

    def rank_without(self, city_id: str, category: str, indicator: str = "overall") -> CityView:
        """A city's rank on an indicator with `category` left out (.rank, .ordinal): the
        other weights renormalised in a computed edition, the published change in a results-only one."""
        self.data.row(city_id, indicator)  # an unknown city is a problem of its own
        rows = self.data.without(category, indicator)
        found = rows[rows["city_id"] == city_id]
        if found.empty:
            raise ContentError(problem("chapter-value", found=f"no rank of {city_id!r} without {category!r}",
                                       expected=f"one of the cities ranked without it: {', '.join(rows['city_id'])}"))
        return self.view(city_id, indicator, np.nan, found["rank_without"].iloc[0])

    def partners(self, city: str, n: int = 3, indicator: str = "overall") -> list[PathwayView]:
        """A city's n strongest pathways on an indicator (its best-ranked), each naming the partner city."""
        return self.top_pathways(indicator, n, city)

    # ---- figures and tables ---------------------------------------------------------------
    def figure(self, kind: str, *args: str, **options: object) -> Markup:
        """Places a numbered, captioned figure of a kind below (its arguments follow the kind)."""
        return Markup(f"\n\n<!--figure:{self._place('figure', kind, args, options).key}-->\n\n")

    def table(self, kind: str, *args: str, **options: object) -> Markup:
        """Places a numbered, captioned table of a kind below."""
        return Markup(f"\n\n<!--table:{self._place('table', kind, args, options).key}-->\n\n")

    def fig_ref(self, kind: str, *args: str, **options: object) -> str:
        """"Figure 3": the number of a figure placed anywhere in the report."""
        return self.t("report.figure", n=self._place("figure", kind, args, options).number)

    def tab_ref(self, kind: str, *args: str, **options: object) -> str:
        """"Table 2": the number of a table placed anywhere in the report."""
        return self.t("report.table", n=self._place("table", kind, args, options).number)

    def _place(self, what: str, kind: str, args: tuple, options: dict) -> Placed:
        """Place a figure or table and make its data now (which checks the kind and the arguments), so
        that a problem names the chapter's line."""
        from .charts import chart_data  # charts and tables build on this module
        from .tables import build_table

        made, make = (self.charts, chart_data) if what == "figure" else (self.tables, build_table)
        placed = self.placements.place(what, kind, args, options, self.chapter)
        if placed.key not in made:
            try:
                made[placed.key] = make(self, kind, placed.args, dict(placed.options))
            except ContentError:
                (self.placements.figures if what == "figure" else self.placements.tables).remove(placed)
                raise
        return placed

    # ---- framework and statistics -------------------------------------------------------------
    def children(self, indicator: str) -> str:
        """The names of an indicator's components, as a list in the language."""
        return self.fmt.join([self.ind(k) for k in self.edition.framework.children[indicator]])

    def _percent(self, value: float | None) -> str:
        if value is None:
            return ""
        pct = round(value * 100, 1)
        return self.fmt.number(pct, 0 if pct == int(pct) else 1) + "%"

    def weight(self, indicator: str) -> str:
        """The weight used for an indicator within its parent, as a percentage."""
        return self._percent(self.edition.framework.nodes[indicator].weight)

    def declared_weight(self, indicator: str) -> str:
        """The weight the source declares (the weight used where it declares none), as a percentage."""
        node = self.edition.framework.nodes[indicator]
        return self._percent(node.declared_weight if node.declared_weight is not None else node.weight)

    def corr(self, a: str, b: str) -> str:
        """The correlation of two indicators' scores across the cities, formatted."""
        scores = self.data.scores
        return self.num(float(np.corrcoef(scores[a], scores[b])[0, 1]), 2)

    def published(self, city_id: str, indicator: str = "overall", table: str | None = None) -> CityView:
        """What the source report printed for a city (.score, .rank, .ordinal): in `table`, or in the first table
        that has it."""
        pub = self.edition.published
        rows = pub[(pub["city"] == city_id) & (pub["indicator"] == indicator)]
        if table is not None:
            rows = rows[rows["table"] == table]
        if rows.empty:
            where = f" in {table!r}" if table is not None else ""
            raise ContentError(problem("chapter-value", found=f"nothing published for {city_id!r} on {indicator!r}"
                                                              f"{where}",
                                       expected="a city and indicator (and table) that published.csv has"))
        score = rows["score"].dropna()
        rank = rows["rank"].dropna()
        r = int(rank.iloc[0]) if len(rank) else None
        return CityView(city_id, self.edition.city_name(city_id, self.lang), indicator,
                        float(score.iloc[0]) if len(score) else float("nan"), r,
                        self.num(score.iloc[0]) if len(score) else "", self.fmt.ordinal(r) if r else "")

    # ---- audit ------------------------------------------------------------------------------
    def _weights(self, ws: list[float | None]) -> str:
        return " / ".join(self._percent(w) for w in ws if w is not None)

    def audit_summary(self) -> str:
        """One sentence: how the results agree with the source report's tables and tiers."""
        report = self.data.audit
        if report is None:
            return ""
        max_diff = max((t.max_diff for t in report.tables), default=0.0)
        rank_diffs = sum(len(t.rank_diffs) for t in report.tables)
        tiers = sum(t.tiers_compared for t in report.tables)
        differ = sum(len(t.tier_diffs) for t in report.tables)
        tier_text = (self.t("methodology.audit_tiers", tiers=tiers, differ=differ)
                     if tiers else "")
        if tiers and not any(t.compared or t.ranks_compared for t in report.tables):
            return tier_text
        text = self.t("methodology.audit_summary", tables=len(report.tables), max_diff=self.num(max_diff, 3),
                      rank_diffs=rank_diffs)
        return f"{text} {tier_text}" if tier_text else text

    def audit_findings(self) -> Markup:
        """One item per parent whose weights the published scores allow to check or fit."""
        report = self.data.audit
        if report is None:
            return Markup("")
        items = []
        for f in report.fits:
            values = {"indicator": self.ind(f.parent), "n": f.cities, "fitted": self._weights(f.fitted),
                      "fitted_residual": self.num(f.fitted_max_residual, 3)}
            if any(w is None for w in f.declared):
                text = self.t("methodology.weights_fitted", **values)
            elif f.declared_reproduces:
                text = self.t("methodology.weights_agree", declared=self._weights(f.declared),
                              residual=self.num(f.declared_max_residual, 3), **values)
            else:
                text = self.t("methodology.weights_differ", declared=self._weights(f.declared),
                              residual=self.num(f.declared_max_residual, 3), used=self._weights(f.used), **values)
            items.append(Markup("<li>{}</li>").format(text))
        return Markup("\n<ul class=\"findings\">\n{}\n</ul>\n").format(Markup("\n").join(items))

    FUNCTIONS = ("ind", "group", "num", "names", "city", "ranked", "top", "count", "mean", "figure", "table",
                 "fig_ref", "tab_ref", "children", "weight", "declared_weight", "corr", "published", "t",
                 "audit_summary", "audit_findings", "tier_name", "tier_cities", "tier_counts", "pathway",
                 "top_pathways", "partners", "rank_without")

    def namespace(self) -> dict[str, object]:
        """What a chapter template sees: values, and functions whose calls are checked against their signatures."""
        values = {"title": self.title, "n_cities": self.n_cities, "lang": self.lang, "edition": self.edition.settings}
        return values | {name: checked_call(name, getattr(self, name)) for name in self.FUNCTIONS}
