"""Audit: computed results compared with the numbers the source report published.

For each published table: the largest score difference against the tolerance that the
rounding of the inputs and of the published numbers allows, and every rank that differs,
marked as explained by that rounding or not. For every parent whose children's scores a
table prints, the weights that reproduce the parent's published scores (least squares),
beside the declared and the used weights.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..edition import Edition, Framework
from ..engine import Results
from ..engine.allowance import rounding_allowance


@dataclass(frozen=True)
class RankDiff:
    """A published rank that the build does not reproduce."""

    city: str
    indicator: str
    published: int
    computed: int | None  # None: the build gives no rank (unscored, or screened out)
    explained: bool  # every city it swaps places with is within the rounding tolerance
    why: str = ""  # what the difference is, where it is not rounding (a contradiction of the source's tables)


@dataclass(frozen=True)
class TableAudit:
    """One published table against the computed results."""

    table: str
    compared: int  # published scores compared with computed ones
    descriptive: int  # published scores of nodes the build does not score (used in fits)
    max_diff: float
    max_where: tuple[str, str] | None  # (city, indicator) of the largest difference
    tolerance_there: float
    beyond: list[tuple[str, str, float, float, float]]  # city, indicator, published, computed, tol
    ranks_compared: int
    rank_diffs: list[RankDiff]
    tiers_compared: int = 0
    tier_diffs: list[tuple[str, str, str, str]] = field(default_factory=list)  # city, indicator, published, computed
    kind: str = "city"  # the entity kind the table ranks (pathway: RankDiff.city and max_where hold pair ids;
    # change: ranks with and without the category `left_out`, published_changes.csv)
    left_out: str = ""
    shared: list[tuple[int, list[str]]] = field(default_factory=list)  # ranks without it that the changes give
    # to more than one city (a tie, or a misprint; noted, not a failure)

    @property
    def ok(self) -> bool:
        return not self.beyond and all(d.explained for d in self.rank_diffs) and not self.tier_diffs


@dataclass(frozen=True)
class WeightFit:
    """Weights of a parent's children that reproduce its published scores in one table."""

    table: str
    parent: str
    children: list[str]
    cities: int
    fitted: list[float]
    fitted_max_residual: float
    declared: list[float | None]
    declared_max_residual: float  # NaN when some declared weight is missing
    used: list[float | None]
    used_max_residual: float
    tolerance: float  # what the published rounding allows for a residual

    @property
    def declared_reproduces(self) -> bool:
        return self.declared_max_residual <= self.tolerance

    @property
    def used_reproduces(self) -> bool:
        return self.used_max_residual <= self.tolerance


@dataclass(frozen=True)
class AuditReport:
    edition: str
    tables: list[TableAudit]
    fits: list[WeightFit] = field(default_factory=list)
    shape: list = field(default_factory=list)  # pathways.ShapeIssue: ranks no competition ranking can have

    @property
    def ok(self) -> bool:
        return all(t.ok for t in self.tables) and not self.shape


def half_unit(decimals: float) -> float:
    """Largest rounding error of a number printed with this many decimals (0 if unknown)."""
    return 0.0 if math.isnan(decimals) else 0.5 * 10.0 ** (-decimals)


def audit(edition: Edition, results: Results) -> AuditReport:
    """Compare the computed results with the edition's published results, table by table."""
    pub = edition.published
    scores = results.city.pivot(index="city_id", columns="indicator_id", values="score")
    ranks = results.city.pivot(index="city_id", columns="indicator_id", values="rank")
    tol = (rounding_allowance(edition) if edition.inputs is not None
           else pd.DataFrame(0.0, index=scores.index, columns=scores.columns))
    better = -1 if edition.settings.better == "lower" else 1
    tiers = (results.city.pivot(index="city_id", columns="indicator_id", values="tier")
             if "tier" in results.city.columns else None)
    tables = [_with_tiers(_audit_table(name, grp, scores, ranks, tol, better), grp, tiers)
              for name, grp in pub.groupby("table", sort=False)]
    if edition.settings.results_only:
        tables = [_as_contradictions(t, edition.settings.results_tables) for t in tables]
    fits = [fit for name, grp in pub.groupby("table", sort=False)
            for fit in _fits(edition.framework, name, grp)]
    from .changes import change_tables  # these build on this module's types
    from .pathways import pathway_tables, ranking_shape

    return AuditReport(edition.id, tables + pathway_tables(edition, results) + change_tables(edition, results), fits,
                       ranking_shape(results))


def _as_contradictions(audited: TableAudit, results_tables: list[str]) -> TableAudit:
    """A results-only edition has no scores to explain a rank by: a rank of a table that is not a results table and
    differs is the source contradicting itself (the results follow the results tables); in a results table it is
    a difference not explained."""
    if audited.table in results_tables or not results_tables:
        diffs = [dataclasses.replace(d, explained=False) for d in audited.rank_diffs]
    else:
        follows = ", ".join(results_tables)
        diffs = [dataclasses.replace(d, explained=True, why=f"contradicts {follows}, which the results follow")
                 for d in audited.rank_diffs]
    return dataclasses.replace(audited, rank_diffs=diffs)


def _audit_table(name: str, grp: pd.DataFrame, scores: pd.DataFrame, ranks: pd.DataFrame,
                 tol: pd.DataFrame, better: int = 1) -> TableAudit:
    """One published table: each published score against the computed one (a censored "<5" against the
    threshold), each published rank against the computed rank ("not ranked" where the build leaves the city
    unscored at that node, or screening dropped it)."""
    scored = grp[grp["indicator"].isin(scores.columns)]
    with_score = scored[scored["score"].notna() | scored["below"].notna()]
    computed = np.array([_at(scores, c, i) for c, i in zip(with_score["city"], with_score["indicator"],
                                                           strict=True)])
    below = with_score["below"].to_numpy(dtype=float)
    censored = ~np.isnan(below)
    # a threshold ("<5") is not a rounded number: only the inputs' rounding widens it, not a printed half unit
    allowed = np.array([_at(tol, c, i, 0.0) + (0.0 if cen else half_unit(d)) for c, i, d, cen in
                        zip(with_score["city"], with_score["indicator"], with_score["decimals"], censored,
                            strict=True)]) + 1e-9
    published = with_score["score"].to_numpy(dtype=float)
    # a censored published score agrees with any computed score under its threshold (within the allowance)
    diff = np.where(censored, np.maximum(computed - below, 0.0), np.abs(computed - published))
    diff = np.where(np.isnan(computed), np.inf, diff)
    beyond = [(c, i, p if not cen else f"<{b:g}", x, t) for c, i, p, b, cen, x, t, bad in
              zip(with_score["city"], with_score["indicator"], published, below, censored, computed, allowed,
                  diff > allowed, strict=True) if bad]
    absent = scored[scored["no_score"].fillna(False).astype(bool)] if "no_score" in scored.columns else scored[:0]
    for c, i in zip(absent["city"], absent["indicator"], strict=True):  # the table prints "-": no score either
        got = _at(scores, c, i)
        if not np.isnan(got):
            beyond.append((c, i, "-", got, 0.0))
    finite = np.where(np.isfinite(diff), diff, -1.0)
    k = int(np.argmax(finite)) if diff.size and finite.max() >= 0 else None
    ranked = scored.dropna(subset=["rank"])
    rank_diffs = []
    for ind, sub in ranked.groupby("indicator", sort=False):
        for city, published_rank in zip(sub["city"], sub["rank"].astype(int), strict=True):
            got = _at(ranks, city, ind)
            if np.isnan(got):
                rank_diffs.append(RankDiff(city, ind, published_rank, None, False))
            elif int(got) != published_rank:
                rank_diffs.append(RankDiff(city, ind, published_rank, int(got),
                                           _explained(city, ind, sub, scores, tol, better)))
    return TableAudit(
        table=name, compared=len(with_score) + len(absent),
        descriptive=int((~grp["indicator"].isin(scores.columns)).sum()),
        max_diff=float(diff[k]) if k is not None else 0.0,
        max_where=(with_score["city"].iloc[k], with_score["indicator"].iloc[k]) if k is not None else None,
        tolerance_there=float(allowed[k]) if k is not None else 0.0,
        beyond=beyond, ranks_compared=len(ranked), rank_diffs=rank_diffs)


def _with_tiers(audited: TableAudit, grp: pd.DataFrame, tiers: pd.DataFrame | None) -> TableAudit:
    """Each tier the table states against the computed tier ("" where the build gives the city none)."""
    stated = grp[grp["tier"].fillna("") != ""] if "tier" in grp.columns else grp[:0]
    if stated.empty:
        return audited
    diffs = []
    for city, ind, tier in zip(stated["city"], stated["indicator"], stated["tier"], strict=True):
        got = "" if tiers is None or city not in tiers.index or ind not in tiers.columns else tiers.at[city, ind]
        got = "" if pd.isna(got) else str(got)
        if got != tier:
            diffs.append((city, ind, tier, got))
    return dataclasses.replace(audited, tiers_compared=len(stated), tier_diffs=diffs)


def _at(frame: pd.DataFrame, city: str, ind: str, default: float = np.nan) -> float:
    """A computed value; `default` where the city is not in the results (screened out) or has none."""
    if city not in frame.index or ind not in frame.columns:
        return default
    value = frame.at[city, ind]
    return default if pd.isna(value) else float(value)


def _explained(city: str, ind: str, sub: pd.DataFrame, scores: pd.DataFrame, tol: pd.DataFrame,
               better: int) -> bool:
    """Whether every city whose order against `city` differs is within the rounding tolerance
    (`better`: +1 where a higher score ranks first, -1 where a lower one does)."""
    published = dict(zip(sub["city"], sub["rank"], strict=True))
    mine = _at(scores, city, ind)
    for other, other_rank in published.items():
        theirs = _at(scores, other, ind)
        if other == city or np.isnan(theirs):
            continue
        pub_order = np.sign(other_rank - published[city])
        got_order = np.sign(better * (mine - theirs))  # positive: city computed ahead
        if pub_order != got_order and abs(mine - theirs) > _at(tol, city, ind, 0.0) + _at(tol, other, ind, 0.0) \
                + 1e-9:
            return False
    return True


def _fits(fw: Framework, name: str, grp: pd.DataFrame) -> list[WeightFit]:
    wide = grp.pivot_table(index="city", columns="indicator", values="score", aggfunc="first")
    decimals = grp.pivot_table(index="city", columns="indicator", values="decimals", aggfunc="first")
    fits = []
    for parent in wide.columns:
        kids = fw.children.get(parent, [])
        if not kids or not set(kids) <= set(wide.columns):
            continue
        rows = wide[[parent, *kids]].dropna()
        if len(rows) <= len(kids):
            continue
        x, y = rows[kids].to_numpy(), rows[parent].to_numpy()
        fitted = np.linalg.lstsq(x, y, rcond=None)[0]
        d = decimals.loc[rows.index]
        tolerance = float((d[parent].map(half_unit) + sum(d[k].map(half_unit) * abs(w)
                                                             for k, w in zip(kids, fitted, strict=True))).max())
        declared = [fw.nodes[k].declared_weight if fw.nodes[k].declared_weight is not None
                    else fw.nodes[k].weight for k in kids]
        used = [fw.nodes[k].weight for k in kids]
        fits.append(WeightFit(name, parent, kids, len(rows), [float(f) for f in fitted],
                              _max_residual(x, y, fitted), declared, _max_residual(x, y, declared),
                              used, _max_residual(x, y, used), tolerance + 1e-9))
    return fits


def _max_residual(x: np.ndarray, y: np.ndarray, weights: list[float | None] | np.ndarray) -> float:
    if any(w is None for w in weights):
        return math.nan
    w = np.asarray(weights, dtype=float)
    return float(np.abs(x @ (w / w.sum()) - y).max())


def report_text(report: AuditReport, edition: Edition) -> str:
    """The audit as the CLI prints it."""
    fw = edition.framework

    def name(nid: str) -> str:
        return "Overall" if nid == fw.root.id else fw.nodes[nid].name(edition.results_language)

    def weights(ws: list[float | None]) -> str:
        return " / ".join("?" if w is None else f"{w:.3f}" for w in ws)

    def entity(kind: str, key: str) -> str:
        lang = edition.results_language
        if kind == "pathway":
            return "–".join(edition.city_name(c, lang) for c in printed.get(key, key.split("~")))
        return edition.city_name(key, lang)

    pp = edition.published_pairs
    printed = ({} if pp is None else
               {p: (a, b) for p, a, b in zip(pp["pair_id"], pp["city_a"], pp["city_b"], strict=True)})
    extra = [f for f, frame in (("published_pairs.csv", edition.published_pairs),
                                ("published_changes.csv", edition.published_changes))
             if frame is not None and len(frame)]
    files = ", ".join(["published.csv", *extra[:-1]]) + (f" and {extra[-1]}" if extra else "")
    lines = [f"Audit of {report.edition}: computed results against {files}", ""]
    for t in report.tables:
        if t.kind == "change":
            lines.append(f"{t.table} (overall rank with and without {name(t.left_out)}): "
                         f"{t.ranks_compared} ranks compared, {len(t.rank_diffs)} differ")
            for d in t.rank_diffs:
                got = "no rank" if d.computed is None else d.computed
                what = (f"rank without {name(t.left_out)}" if d.why.startswith("rank without") else "rank")
                why = f" ({d.why})" if d.explained else ": NOT explained"
                lines.append(f"    {what}  {entity('city', d.city)}, {name(d.indicator)}: published {d.published}, "
                             f"results {got}{why}")
            for rank, cities in t.shared:
                lines.append(f"    note  the printed changes put {' and '.join(entity('city', c) for c in cities)} "
                             f"at {rank} without {name(t.left_out)} (a shared rank, or a misprint)")
            continue
        head = f"{t.table}{' (pathways)' if t.kind == 'pathway' else ''}: {t.compared} scores compared"
        if t.max_where:
            city = entity(t.kind, t.max_where[0])
            head += (f", largest difference {t.max_diff:.3f} ({city}, {name(t.max_where[1])}; "
                     f"rounding allows {t.tolerance_there:.3f})")
        if t.descriptive:
            head += f"; {t.descriptive} scores of unscored nodes used for weight fits only"
        lines.append(head)
        for city, ind, pub, got, tol in t.beyond:
            shown = "no score" if np.isnan(got) else f"{got:.4f}"
            pub_shown = pub if isinstance(pub, str) else f"{pub:g}"
            lines.append(f"    DIFFERS  {entity(t.kind, city)}, {name(ind)}: published "
                         f"{pub_shown}, computed {shown}, allowed {tol:.3f}")
        lines.append(f"    {t.ranks_compared} ranks compared, {len(t.rank_diffs)} differ")
        if t.tiers_compared:
            lines.append(f"    {t.tiers_compared} tiers compared, {len(t.tier_diffs)} differ")
        for city, ind, pub, got in t.tier_diffs:
            lines.append(f"    TIER  {edition.city_name(city, edition.results_language)}, {name(ind)}: published "
                         f"{pub}, computed {got or 'none'}")
        for d in t.rank_diffs:
            city = entity(t.kind, d.city)
            if d.why:
                lines.append(f"    rank  {city}, {name(d.indicator)}: published {d.published}, results {d.computed} "
                             f"({d.why}{'' if d.explained else ': NOT explained'})")
                continue
            if d.computed is None:
                lines.append(f"    rank  {city}, {name(d.indicator)}: published {d.published}, not ranked by the "
                             "build (no score)")
                continue
            why = "explained by the inputs' rounding" if d.explained else "NOT explained by rounding"
            lines.append(f"    rank  {city}, {name(d.indicator)}: published {d.published}, computed {d.computed} "
                         f"({why})")
    lines.append("Rankings: every rank is one more than the entities ranked ahead of it (1, 2, 2, 4)"
                 if not report.shape
                 else f"Rankings: {len(report.shape)} rank(s) that no competition ranking (1, 2, 2, 4) has")
    for issue in report.shape:
        lines.append(f"    SHAPE  {entity(issue.kind, issue.entity)}, {name(issue.indicator)}: rank {issue.rank} with "
                     f"{issue.ahead} ranked ahead (expected rank {issue.ahead + 1})")
    lines += ["", "Weights that reproduce the published scores (least squares over published sub-scores)"]
    for f in report.fits:
        lines.append(f"  {name(f.parent)} ({f.table}, {f.cities} cities; children "
                     f"{', '.join(name(k) for k in f.children)})")
        lines.append(f"    fitted   {weights(f.fitted)}   max residual {f.fitted_max_residual:.3f}")
        if all(w is not None for w in f.declared):
            verdict = "reproduces" if f.declared_reproduces else "does NOT reproduce the published scores"
            lines.append(f"    declared {weights(f.declared)}   max residual "
                         f"{f.declared_max_residual:.3f}: {verdict}")
        else:
            lines.append("    declared: not published")
        if f.used != f.declared and all(w is not None for w in f.used):
            verdict = "reproduces" if f.used_reproduces else "does NOT reproduce"
            lines.append(f"    used     {weights(f.used)}   max residual {f.used_max_residual:.3f}: {verdict}")
        lines.append(f"    (rounding allows a residual of {f.tolerance:.3f})")
    if not report.tables:
        verdict = ("has no published results to compare with" +
                   (" (illustrative data)" if edition.settings.illustrative else "") +
                   ("; its rankings are well formed" if report.ok else "; its rankings are NOT well formed"))
    elif edition.settings.results_only:
        contradictions = sum(1 for t in report.tables for d in t.rank_diffs if d.explained)
        verdict = ("is consistent: its results (the results tables) agree with every other published table" +
                   (f" but for {contradictions} contradiction(s) of the source, listed above" if contradictions
                    else "") if report.ok else "is NOT consistent with its published tables")
    else:
        verdict = ("agrees with the published results within the inputs' rounding" if report.ok
                   else "DISAGREES with the published results beyond rounding")
    lines += ["", f"Result: {report.edition} {verdict}."]
    return "\n".join(lines)
