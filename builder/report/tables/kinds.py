"""The table kinds: each turns the results or the framework into a TableData in one language."""

from __future__ import annotations

import pandas as pd

from ..view import LanguageView
from . import TableData, finish


def _wide(ctx: LanguageView, parent: str) -> pd.DataFrame:
    """Cities ranked on `parent`, with the parent's score and rank and its children's."""
    data = ctx.data
    fw = ctx.edition.framework
    kids = [k for k in fw.children[parent] if k in data.scores.columns]
    order = data.ranked(parent)
    frame = pd.DataFrame({"city": ctx.city_names(order["city_id"]),
                          "rank": order["rank"].to_numpy(), "score": order["score"].to_numpy(),
                          "score:status": data.statuses.loc[order["city_id"], parent].to_numpy(),
                          "score:indicator": parent})
    for k in kids:
        frame[f"{k}:score"] = data.scores.loc[order["city_id"], k].to_numpy()
        frame[f"{k}:score:status"] = data.statuses.loc[order["city_id"], k].to_numpy()
        frame[f"{k}:score:indicator"] = k
        frame[f"{k}:rank"] = data.ranks.loc[order["city_id"], k].to_numpy()
    return frame


def scores_table(ctx: LanguageView, parent: str, top: int | None = None) -> TableData:
    """Ranks and scores of a parent indicator with its children's scores (SET Figure 3.1.1)."""
    frame = _wide(ctx, parent)
    if top is not None:
        frame = frame[frame["rank"] <= int(top)]
    t = ctx.t
    kids = [c.split(":")[0] for c in frame.columns if c.endswith(":score")]
    columns = [(t("columns.rank"), "rank", "rank"), (t("columns.city"), "city", "text"),
               (ctx.ind(parent), "score", "score")]
    if ctx.edition.settings.results_only:  # most scores unpublished: the published ranks carry the table
        for k in kids:
            columns += [(t("columns.child_score", indicator=ctx.ind(k)), f"{k}:score", "score"),
                        (t("columns.child_rank", indicator=ctx.ind(k)), f"{k}:rank", "rank")]
    else:
        columns += [(ctx.ind(k), f"{k}:score", "score") for k in kids]
    key = "tables.top" if top is not None else "tables.scores"
    caption = t(key, indicator=ctx.ind(parent), n=top if top is not None else len(frame))
    return finish(ctx, caption, columns, frame)


def appendix_table(ctx: LanguageView, parent: str) -> TableData:
    """Every city's score and rank on each child of `parent` (IEC Appendix 1-4, SET Figure 2.1.1)."""
    frame = _wide(ctx, parent)
    t = ctx.t
    fw = ctx.edition.framework
    kids = [c.split(":")[0] for c in frame.columns if c.endswith(":score")]
    columns = [(t("columns.rank"), "rank", "rank"), (t("columns.city"), "city", "text"),
               (t("columns.score"), "score", "score")]
    for k in kids:
        columns += [(t("columns.child_score", indicator=ctx.ind(k)), f"{k}:score", "score"),
                    (t("columns.child_rank", indicator=ctx.ind(k)), f"{k}:rank", "rank")]
    if parent == fw.root.id:
        level = ctx.edition.settings.levels[1].name[ctx.lang]
        caption = t("tables.appendix_level", level=level)
    else:
        caption = t("tables.appendix_parent", indicator=ctx.ind(parent))
    return finish(ctx, caption, columns, frame, size="small" if len(kids) > 3 else "normal")


def framework_table(ctx: LanguageView) -> TableData:
    """The indicator tree with levels, weights (used and declared) and directions."""
    fw = ctx.edition.framework
    s = ctx.edition.settings
    t = ctx.t
    rows = []
    for nid in fw.preorder:
        if nid == fw.root.id:
            continue
        node = fw.nodes[nid]
        rows.append({"id": nid, "level": s.levels[fw.depth[nid]].name[ctx.lang],
                     "name": "\u2003" * (fw.depth[nid] - 1) + node.name(ctx.lang),
                     "weight": _weight(node.weight), "declared": _weight(node.declared_weight),
                     "direction": t(f"direction.{'+' if node.direction > 0 else '-'}")})
    frame = pd.DataFrame(rows)
    columns = [(t("columns.indicator"), "name", "text"), (t("columns.level"), "level", "text"),
               (t("columns.weight"), "weight", "text")]
    if frame["declared"].ne("").any():
        columns.append((t("columns.declared_weight"), "declared", "text"))
    columns.append((t("columns.direction"), "direction", "text"))
    return finish(ctx, t("tables.framework"), columns, frame, size="small", keys=1)


def _weight(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.4g}%"


def cities_table(ctx: LanguageView) -> TableData:
    """The cities with country, region and metropolitan scope where the edition gives them."""
    cities = ctx.edition.cities
    t = ctx.t
    frame = pd.DataFrame({"city": ctx.city_names(cities.index)})
    columns = [(t("columns.city"), "city", "text")]
    for attr in ("country", "region"):
        if attr in cities.columns:
            frame[attr] = [ctx.group(attr, v) for v in cities[attr]]
            columns.append((t(f"columns.{attr}"), attr, "text"))
    scope = f"scope_{ctx.lang}" in cities.columns
    if scope:
        frame["scope"] = cities[f"scope_{ctx.lang}"].to_numpy()
        columns.append((t("columns.scope"), "scope", "text"))
    caption = t("tables.cities_scope" if scope else "tables.cities", n=len(frame))
    return finish(ctx, caption, columns, frame, size="small", keys=1)


def definitions_table(ctx: LanguageView, depth: str) -> TableData:
    """Definitions and sources of the indicators at one depth of the framework."""
    fw = ctx.edition.framework
    d = int(depth)
    t = ctx.t
    rows = [{"name": fw.nodes[n].name(ctx.lang), "definition": fw.nodes[n].extra.get(f"definition_{ctx.lang}", ""),
             "source": fw.nodes[n].extra.get(f"source_{ctx.lang}") or fw.nodes[n].extra.get("source", "")}
            for n in fw.preorder if fw.depth[n] == d]
    columns = [(t("columns.indicator"), "name", "text"), (t("columns.definition"), "definition", "text"),
               (t("columns.source"), "source", "text")]
    level = ctx.edition.settings.levels[d].name[ctx.lang]
    return finish(ctx, t("tables.definitions", level=level), columns, pd.DataFrame(rows), size="small", keys=1)




def screened_table(ctx: LanguageView) -> TableData:
    """The cities screening leaves unscored, with their data coverage."""
    screened = ctx.data.results.screened
    frame = pd.DataFrame({"city": ctx.city_names(screened["city"]),
                          "coverage": [ctx.fmt.percent(c) for c in screened["coverage"]]})
    t = ctx.t
    columns = [(t("columns.city"), "city", "text"), (t("columns.coverage"), "coverage", "text")]
    return finish(ctx, t("tables.screened"), columns, frame, keys=1)


def data_notes_table(ctx: LanguageView) -> TableData:
    """Per input indicator: imputed values (and how), values that do not apply, values still missing,
    outlier treatment and the years of the data, where any of them has something to say."""
    scored = ctx.data.results.scored
    fw = ctx.edition.framework
    t = ctx.t
    rows = []
    for nid in scored.imputed.columns:
        node = fw.nodes[nid]
        status = scored.status[nid]
        imputed = int(scored.imputed[nid].sum())
        rule = node.missing.imputers
        how = ", ".join(t(f"treatment.method_{m}", group=t(f"columns.{a}") if a else "") for m, a in rule)
        record = scored.treatments.get(nid)
        treated = ("" if record is None or not record.failed else t("treatment.log_ct") if record.fallback
                   else t("treatment.winsorised", n=record.winsorised))
        years = scored.years[nid].dropna() if scored.years is not None else pd.Series(dtype=float)
        span = "" if years.empty else (f"{int(years.min())}" if years.min() == years.max()
                                       else f"{int(years.min())}–{int(years.max())}")
        row = {"name": node.name(ctx.lang), "imputed": t("treatment.imputed", n=imputed, method=how) if imputed else "",
               "na": str(int((status == 3).sum())) if (status == 3).any() else "",
               "missing": str(int(status.isin([1, 2]).sum())) if status.isin([1, 2]).any() else "",
               "treatment": treated, "years": span}
        if any(v for k, v in row.items() if k != "name"):
            rows.append(row)
    frame = pd.DataFrame(rows, columns=["name", "imputed", "na", "missing", "treatment", "years"])
    columns = [(t("columns.indicator"), "name", "text")]
    for key, header in (("imputed", "imputed"), ("na", "not_applicable"), ("missing", "missing"),
                        ("treatment", "treatment"), ("years", "years")):
        if frame[key].ne("").any():
            columns.append((t(f"columns.{header}"), key, "text"))
    return finish(ctx, t("tables.data_notes"), columns, frame, size="small", keys=1)


def _tier_ids(ctx: LanguageView, indicator: str, tiers: str | None) -> list[str]:
    """The tiers a table shows: all of edition.yaml's, narrowest first, or those named ("top10,top30"); each
    checked, as is that the ranking has tiers."""
    named = ([t.strip() for t in str(tiers).split(",")] if tiers is not None
             else [t.id for t in ctx.edition.settings.tiers] or [""])
    return [ctx.data.tier(t, indicator) for t in named]


def tiers_table(ctx: LanguageView, indicator: str = "overall", tiers: str | None = None,
                attribute: str = "country") -> TableData:
    """The cities of each tier of a ranking in rank order, each with its country (or another attribute)."""
    rows = ctx.data.ranked(indicator)
    place = ctx.data.attribute(attribute)
    t = ctx.t
    records = []
    for tier in _tier_ids(ctx, indicator, tiers):
        members = rows[rows["tier"] == tier]
        cities = [t("tiers.city_in", city=ctx.city_name(c), group=ctx.group(attribute, str(place[c])))
                  for c in members["city_id"]]
        records.append({"tier": ctx.tier_name(tier), "n": len(members), "cities": ctx.fmt.join(cities)})
    frame = pd.DataFrame(records, columns=["tier", "n", "cities"])
    columns = [(t("columns.tier"), "tier", "text"), (t("columns.n_cities"), "n", "rank"),
               (t("columns.cities"), "cities", "text")]
    return finish(ctx, t("tables.tiers", indicator=ctx.ind(indicator), n=len(rows)), columns, frame, keys=1)


def tier_groups_table(ctx: LanguageView, attribute: str = "country", indicator: str = "overall") -> TableData:
    """Per group (country by default): its cities per tier and the distribution of their scores (best, median,
    lowest), groups with the most cities in the first tier first."""
    rows = ctx.data.ranked(indicator)
    rows = rows[rows["rank"].notna()]
    ids = _tier_ids(ctx, indicator, None)
    group = ctx.data.attribute(attribute).reindex(rows["city_id"]).astype(str).to_numpy()
    frame = pd.DataFrame({"group": group, "tier": rows["tier"].to_numpy(), "score": rows["score"].to_numpy(float),
                          "rank": rows["rank"].to_numpy(float)})
    counts = pd.crosstab(frame["group"], frame["tier"]).reindex(columns=ids, fill_value=0)
    stats = frame.groupby("group")["score"].agg(["count", "max", "median", "min"])
    best = frame.groupby("group")["rank"].min()
    order = sorted(counts.index, key=lambda g: (*(-counts.at[g, i] for i in ids), best[g]))
    t = ctx.t
    table = pd.DataFrame({"group": [ctx.group(attribute, g) for g in order],
                          "n": stats["count"].reindex(order).to_numpy()})
    columns = [(t(f"columns.{attribute}"), "group", "text"), (t("columns.n_cities"), "n", "rank")]
    for i in ids:
        table[f"tier:{i}"] = counts[i].reindex(order).to_numpy()
        columns.append((ctx.tier_name(i), f"tier:{i}", "rank"))
    for key in ("max", "median", "min"):
        table[key] = stats[key].reindex(order).to_numpy()
        columns.append((t(f"columns.score_{key}"), key, "score"))
    return finish(ctx, t("tables.tier_groups", indicator=ctx.ind(indicator), group=t(f"columns.{attribute}")),
                  columns, table, keys=1)
