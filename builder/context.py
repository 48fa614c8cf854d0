"""Template context: an edition's results as the functions that narrative and templates call.

Chapter Markdown is a Jinja template. Everything a sentence needs comes from these calls, so
text and tables cannot disagree:

    {{ names(top("overall", 10)) }}           the top ten, as a list in the language
    {{ city("boston").score }}                a score, formatted (precision of the edition)
    {{ city("guangzhou").ordinal }}           24th / 第24名
    {{ city("beijing", "talent").rank }}      rank on another indicator
    {{ count("overall", top=10, country="cn") }}   cities matching filters
    {{ ind("talent") }}                       an indicator's name in the language
    {{ group("region", "europe") }}           a group value's name in the language
    {{ figure("ranking", "overall") }}        a numbered, captioned figure (see figures_spec.py)
    {{ table("scores", "edu") }}              a numbered, captioned table (see tables_spec.py)
    {{ fig_ref("ranking", "overall") }}       "Figure 3" / "图3" for a figure placed anywhere
    {{ tab_ref("scores", "edu") }}            "Table 2" / "表2"
    {{ children("talent") }}                  the names of an indicator's components, as a list
    {{ weight("talent.research") }}           the weight used, as a percentage (declared_weight: as declared)
    {{ corr("talent", "st") }}                correlation of two indicators' scores across cities
    {{ published("austin", "overall").rank }} what the source report printed (rank, score)
    {{ audit_summary() }}                     one sentence: how the build agrees with the source report
    {{ audit_findings() }}                    a list: per parent, declared vs fitted vs used weights
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, wraps

import numpy as np
import pandas as pd
from markupsafe import Markup

from .audit import AuditReport
from .edition import Edition
from .errors import ContentError, hint, known_list, problem
from .i18n import Formatter, Strings


@dataclass(frozen=True)
class ReportData:
    """Everything computed about an edition that the report shows (language-independent)."""

    edition: Edition
    results: pd.DataFrame  # rank.py's long table
    audit: AuditReport | None = None

    @cached_property  # tables and charts read these many times; the results never change
    def scores(self) -> pd.DataFrame:
        return self.results.pivot(index="city_id", columns="indicator_id", values="score")

    @cached_property
    def ranks(self) -> pd.DataFrame:
        return self.results.pivot(index="city_id", columns="indicator_id", values="rank")

    def ranked(self, indicator: str) -> pd.DataFrame:
        """Rows of one indicator in rank order (ties in cities.csv order)."""
        if indicator not in self.scored:
            raise ContentError(problem("chapter-indicator", indicator=indicator, hint=hint(indicator, self.scored),
                                       expected=f"a scored indicator: {known_list(self.scored)}"))
        return self.results[self.results["indicator_id"] == indicator]

    @cached_property
    def scored(self) -> list[str]:
        return list(self.results["indicator_id"].drop_duplicates())


@dataclass(frozen=True)
class CityView:
    """One city on one indicator, with display values for one language."""

    id: str
    name: str
    indicator: str
    value: float
    rank: int | None
    score: str
    ordinal: str

    def __str__(self) -> str:
        return self.name


@dataclass
class Placed:
    """A figure or table that a chapter placed: its spec and its number in this language."""

    kind: str
    args: tuple[str, ...]
    options: tuple[tuple[str, object], ...]
    number: int
    chapter: str

    @property
    def key(self) -> str:
        parts = [self.kind, *self.args, *(f"{k}={v}" for k, v in self.options)]
        return "-".join(str(p) for p in parts).replace(".", "_").replace("=", "_")


@dataclass
class Placements:
    """Figures and tables placed while rendering one language's chapters, in order."""

    figures: list[Placed] = field(default_factory=list)
    tables: list[Placed] = field(default_factory=list)
    chapter: str = ""

    def place(self, bucket: list[Placed], kind: str, args: tuple, options: dict) -> Placed:
        item = Placed(kind, tuple(str(a) for a in args), tuple(sorted(options.items())), len(bucket) + 1,
                      self.chapter)
        for existing in bucket:
            if existing.key == item.key:
                return existing
        bucket.append(item)
        return item


class ReportContext:
    """The functions and values that chapters and templates may use, for one language."""

    def __init__(self, data: ReportData, lang: str, strings: Strings, placements: Placements) -> None:
        self.data = data
        self.edition = data.edition
        self.lang = lang
        self.t = strings
        self.fmt = Formatter(lang, data.edition.settings.precision)
        self.placements = placements
        self.precision = data.edition.settings.precision
        self.charts: dict[str, object] = {}  # placed figure key -> charts.ChartData
        self.tables: dict[str, object] = {}  # placed table key -> report_tables.TableData

    # ---- values ---------------------------------------------------------------------------
    @property
    def title(self) -> str:
        return self.edition.settings.title[self.lang]

    @property
    def n_cities(self) -> int:
        return len(self.edition.cities)

    def ind(self, indicator: str) -> str:
        fw = self.edition.framework
        if indicator not in fw.nodes:
            raise ContentError(problem("chapter-indicator", indicator=indicator, hint=hint(indicator, fw.nodes),
                                       expected=f"an indicator of framework.csv: {known_list(fw.nodes)}"))
        return fw.nodes[indicator].name(self.lang)

    def group(self, attribute: str, value: str) -> str:
        return self.edition.group_name(attribute, value, self.lang)

    def num(self, value: float, decimals: int | None = None) -> str:
        return self.fmt.number(value, decimals)

    def names(self, cities: list[CityView]) -> str:
        return self.fmt.join([c.name for c in cities])

    # ---- cities ---------------------------------------------------------------------------
    def _view(self, row: pd.Series) -> CityView:
        rank = None if pd.isna(row["rank"]) else int(row["rank"])
        return CityView(row["city_id"], self.edition.city_name(row["city_id"], self.lang), row["indicator_id"],
                        float(row["score"]), rank, self.num(row["score"]),
                        self.fmt.ordinal(rank) if rank is not None else "")

    def city(self, city_id: str, indicator: str = "overall") -> CityView:
        rows = self.data.ranked(indicator)
        hit = rows[rows["city_id"] == city_id]
        if hit.empty:
            raise ContentError(problem("chapter-city", city=city_id, hint=hint(city_id, self.edition.cities.index)))
        return self._view(hit.iloc[0])

    def ranked(self, indicator: str = "overall", top: int | None = None, **filters: str) -> list[CityView]:
        rows = self.data.ranked(indicator)
        if top is not None:
            rows = rows[rows["rank"] <= top]
        for attribute, value in filters.items():
            if attribute not in self.edition.cities.columns:
                known = self.edition.cities.columns
                raise ContentError(problem("chapter-attribute", attribute=attribute, hint=hint(attribute, known),
                                           known=known_list(known)))
            ids = set(self.edition.cities.index[self.edition.cities[attribute] == value])
            rows = rows[rows["city_id"].isin(ids)]
        return [self._view(r) for _, r in rows.iterrows()]

    def top(self, indicator: str = "overall", n: int = 10, **filters: str) -> list[CityView]:
        """The first n of the (filtered) ranking, and every city tied with the n-th."""
        views = self.ranked(indicator, **filters)
        if len(views) <= n:
            return views
        cutoff = views[n - 1].rank
        return [v for v in views if v.rank is not None and v.rank <= cutoff] if cutoff is not None else views[:n]

    def count(self, indicator: str = "overall", top: int | None = None, above: float | None = None,
              below: float | None = None, **filters: str) -> int:
        views = self.ranked(indicator, top=top, **filters)
        if above is not None:
            views = [v for v in views if v.value > above]
        if below is not None:
            views = [v for v in views if v.value < below]
        return len(views)

    def mean(self, indicator: str = "overall", **filters: str) -> str:
        return self.num(float(np.mean([v.value for v in self.ranked(indicator, **filters)])))

    # ---- figures and tables ---------------------------------------------------------------
    def figure(self, kind: str, *args: str, **options: object) -> Markup:
        return Markup(f"\n\n<!--figure:{self._figure(kind, args, options).key}-->\n\n")

    def table(self, kind: str, *args: str, **options: object) -> Markup:
        return Markup(f"\n\n<!--table:{self._table(kind, args, options).key}-->\n\n")

    def fig_ref(self, kind: str, *args: str, **options: object) -> str:
        return self.t("report.figure", n=self._figure(kind, args, options).number)

    def tab_ref(self, kind: str, *args: str, **options: object) -> str:
        return self.t("report.table", n=self._table(kind, args, options).number)

    def _figure(self, kind: str, args: tuple, options: dict) -> Placed:
        from .charts import chart_data  # charts build on this module

        return self._place(self.placements.figures, self.charts, chart_data, kind, args, options)

    def _table(self, kind: str, args: tuple, options: dict) -> Placed:
        from .report_tables import build_table

        return self._place(self.placements.tables, self.tables, build_table, kind, args, options)

    def _place(self, bucket: list[Placed], made: dict, make: Callable, kind: str, args: tuple,
               options: dict) -> Placed:
        """Place a figure or table and make its data now (make checks the kind), so that a problem names
        the chapter's line."""
        key = Placed(kind, tuple(map(str, args)), tuple(sorted(options.items())), 0, "").key
        if key not in made:
            made[key] = make(self, kind, tuple(map(str, args)), dict(options))
        return self.placements.place(bucket, kind, args, options)

    # ---- framework and statistics -------------------------------------------------------------
    def children(self, indicator: str) -> str:
        return self.fmt.join([self.ind(k) for k in self.edition.framework.children[indicator]])

    def _percent(self, value: float | None) -> str:
        if value is None:
            return ""
        pct = round(value * 100, 1)
        return self.fmt.number(pct, 0 if pct == int(pct) else 1) + "%"

    def weight(self, indicator: str) -> str:
        return self._percent(self.edition.framework.nodes[indicator].weight)

    def declared_weight(self, indicator: str) -> str:
        node = self.edition.framework.nodes[indicator]
        return self._percent(node.declared_weight if node.declared_weight is not None else node.weight)

    def corr(self, a: str, b: str) -> str:
        scores = self.data.scores
        return self.num(float(np.corrcoef(scores[a], scores[b])[0, 1]), 2)

    def published(self, city_id: str, indicator: str = "overall") -> CityView:
        pub = self.edition.published
        rows = pub[(pub["city"] == city_id) & (pub["indicator"] == indicator)]
        if rows.empty:
            raise ContentError(problem("chapter-value", found=f"nothing published for {city_id!r} on {indicator!r}",
                                       expected="a city and indicator that published.csv has"))
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
        report = self.data.audit
        if report is None:
            return ""
        max_diff = max((t.max_diff for t in report.tables), default=0.0)
        rank_diffs = sum(len(t.rank_diffs) for t in report.tables)
        return self.t("methodology.audit_summary", tables=len(report.tables), max_diff=self.num(max_diff, 3),
                      rank_diffs=rank_diffs)

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
                 "audit_summary", "audit_findings")

    def namespace(self) -> dict[str, object]:
        """What a chapter template sees: values, and functions whose calls are checked against their signatures."""
        values = {"title": self.title, "n_cities": self.n_cities, "lang": self.lang, "edition": self.edition.settings}
        return values | {name: checked_call(name, getattr(self, name)) for name in self.FUNCTIONS}


def checked_call(name: str, function: Callable, *shown_first: object) -> Callable:
    """`function`, with a call that does not fit its signature reported as a content problem.

    Only the call is checked: an error raised inside the function is not the chapter's fault and
    is left to propagate. `shown_first`: arguments the chapter gave that precede the checked ones
    in messages (a figure's kind).
    """
    signature = inspect.signature(function)
    params = [*map(repr, shown_first), *(_param(p) for p in signature.parameters.values())]

    @wraps(function)
    def call(*args: object, **kwargs: object):
        try:
            signature.bind(*args, **kwargs)
        except TypeError as exc:
            given = ", ".join([*map(repr, (*shown_first, *args)), *(f"{k}={v!r}" for k, v in kwargs.items())])
            raise ContentError(problem("chapter-call", name=name, args=given,
                                       signature=f"({', '.join(params)}) ({exc})")) from None
        return function(*args, **kwargs)

    return call


def _param(p: inspect.Parameter) -> str:
    if p.kind is p.VAR_KEYWORD:
        return f"**{p.name}"
    if p.kind is p.VAR_POSITIONAL:
        return f"*{p.name}"
    return p.name if p.default is p.empty else f"{p.name}={p.default!r}"
