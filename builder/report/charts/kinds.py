"""The figure kinds: each turns the results into a ChartData (tidy frame, labels, caption, alt text) in one
language; figures/ draws them."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ...errors import ContentError, hint, known_list, problem
from ..view import LanguageView
from . import ChartData


def _group_attr(ctx: LanguageView) -> str | None:
    cities = ctx.edition.cities
    for attr in (*ctx.edition.settings.group_ranks, "region", "continent"):
        if attr in cities.columns:
            return attr
    return None


def _groups(ctx: LanguageView, city_ids: pd.Series, attr: str | None = None) -> list[str]:
    """Group ids (e.g. region) of the cities; their names go into the labels as group.<id>."""
    attr = attr or _group_attr(ctx)
    if attr is None:
        return [""] * len(city_ids)
    return [str(v) for v in ctx.edition.cities[attr].reindex(city_ids)]


def _base_text(ctx: LanguageView, attr: str | None = None) -> dict[str, str]:
    t = ctx.t
    text = {"x": t("figures.score_axis"), "y": t("figures.score_axis"), "score": t("figures.score_axis"),
            "rank": t("figures.rank_axis"), "change.rise": t("figures.legend_rise"),
            "change.unchanged": t("figures.legend_unchanged"), "change.drop": t("figures.legend_drop"),
            "change.new": t("figures.legend_new"), "change.unknown": t("figures.legend_unknown"),
            "unpublished": t("figures.unpublished"), "previous": t("figures.previous"),
            "current": t("figures.current"), "trend": t("figures.trend"),
            "illustrative": t("report.illustrative") if ctx.edition.settings.illustrative else ""}
    attr = attr or _group_attr(ctx)
    if attr is not None:
        text |= {f"group.{v}": ctx.group(attr, v) for v in ctx.edition.cities[attr].unique()}
    return text


def _statuses(rows: pd.DataFrame) -> np.ndarray:
    return rows["status"].fillna("").to_numpy() if "status" in rows.columns else np.full(len(rows), "")


def _shown(ctx: LanguageView, indicator: str, scores: np.ndarray, statuses: np.ndarray) -> np.ndarray:
    """Scores a figure may draw: a censored score ("<5") is not drawn, only its label is shown."""
    return np.where(np.isin(statuses, ("", "imputed")), scores, np.nan)


def ranking(ctx: LanguageView, indicator: str, top: str | int | None = None) -> ChartData:
    """Ranked cities as bars (the first `top` ranks, ties included); cities without a rank (unscored, n/a) are
    left out. Where the ranking has tiers, bars take their tier's colour and the boundaries are marked."""
    rows = ctx.data.ranked(indicator)
    rows = rows[rows["rank"].notna()]
    if top is not None:
        rows = rows[rows["rank"] <= int(top)]
    status = _statuses(rows)
    scores = rows["score"].to_numpy(dtype=float)
    frame = pd.DataFrame({"city": ctx.city_names(rows["city_id"]),
                          "score": _shown(ctx, indicator, scores, status), "rank": rows["rank"].astype(int).to_numpy(),
                          "group": _groups(ctx, rows["city_id"]),
                          "score_text": [ctx.score_text(indicator, v, st)
                                         for v, st in zip(scores, status, strict=True)]})
    if "change" in rows.columns and rows["change"].ne("").any():
        frame["change"] = rows["change"].to_numpy()
    text = _base_text(ctx)
    if indicator in ctx.data.tiered:
        frame = frame.drop(columns="group").assign(tier=rows["tier"].to_numpy())
        text |= {f"tier.{tier}": name for tier, name in ctx.tier_names.items()}
    name = ctx.ind(indicator)
    first = frame.iloc[0]
    total = int(ctx.data.ranked(indicator)["rank"].notna().sum())
    caption = (ctx.t("figures.ranking", indicator=name, n=len(frame)) if len(frame) == total
               else ctx.t("figures.ranking_top", indicator=name, n=len(frame), total=total))
    if "tier" in frame.columns:
        caption = ctx.t("figures.ranking_tiers", caption=caption)
    censored = int((status == "censored").sum())
    unpublished = int(frame["score"].isna().sum()) - censored
    if unpublished:  # results-only editions: say where a score is not published
        caption = ctx.t("figures.ranking_unpublished", caption=caption,
                        k=unpublished)
    if censored:
        below = frame["score_text"][status == "censored"].iloc[0]
        caption = ctx.t("figures.ranking_censored", caption=caption, shown=below, k=censored)
    return ChartData("ranking", frame, text, caption,
                     ctx.t("figures.ranking_alt", indicator=name, n=len(frame), first=first["city"],
                           score=first["score_text"] or ctx.t("figures.unpublished")),
                     (6.3, max(3.0, 0.23 * len(frame) + 1.2)))


def heatmap(ctx: LanguageView, parent: str, n: str | int = 15) -> ChartData:
    """The top `n` cities of a parent indicator and their scores on its components, as coloured cells."""
    n = int(n)
    fw = ctx.edition.framework
    rows = ctx.data.ranked(parent)
    rows = rows[rows["rank"] <= n]
    kids = fw.children[parent]
    computed = ctx.data.scores
    pub = ctx.edition.published
    statuses = ctx.data.statuses
    frame = pd.DataFrame(index=ctx.city_names(rows["city_id"]))
    cells = pd.DataFrame(index=frame.index)
    frame[ctx.ind(parent)] = _shown(ctx, parent, rows["score"].to_numpy(dtype=float), _statuses(rows))
    cells[ctx.ind(parent)] = [ctx.score_text(parent, v, st) for v, st in
                              zip(rows["score"], _statuses(rows), strict=True)]
    for k in kids:
        if k in computed.columns:
            values = computed.loc[rows["city_id"], k].to_numpy(dtype=float)
            st = statuses.loc[rows["city_id"], k].to_numpy()
            frame[ctx.ind(k)] = _shown(ctx, k, values, st)
            cells[ctx.ind(k)] = [ctx.score_text(k, v, s) for v, s in zip(values, st, strict=True)]
        else:  # children below the input level: their published scores (top-N tables), if any
            got = pub[pub["indicator"] == k].drop_duplicates("city").set_index("city")["score"]
            frame[ctx.ind(k)] = got.reindex(rows["city_id"]).to_numpy()
            cells[ctx.ind(k)] = [ctx.num(v) if pd.notna(v) else "" for v in frame[ctx.ind(k)]]
    if frame.isna().all().any():
        missing = [c for c in frame.columns if frame[c].isna().all()]
        raise ContentError(problem("chapter-value", found=f"no scores for {', '.join(missing)}",
                                   expected=f"scores for every component of {parent!r} (a heatmap shows them)"))
    name = ctx.ind(parent)
    return ChartData("heatmap", frame, _base_text(ctx), ctx.t("figures.heatmap", indicator=name, n=len(frame)),
                     ctx.t("figures.heatmap_alt", indicator=name, n=len(frame), k=len(kids)),
                     (6.3, 0.3 * len(frame) + 2.4), {"cell_text": cells})


def _pair_frame(ctx: LanguageView, indicators: list[str]) -> pd.DataFrame:
    scores = ctx.data.scores
    for ind in indicators:
        if ind not in scores.columns:
            raise ContentError(problem("chapter-indicator", indicator=ind, hint=hint(ind, scores.columns),
                                       expected=f"a scored indicator: {known_list(scores.columns)}"))
    ids = scores.index  # the cities with results (screening may have left some out)
    frame = pd.DataFrame({"label": ctx.city_names(ids),
                          "group": _groups(ctx, pd.Series(ids))})
    statuses = ctx.data.statuses
    for col, ind in zip(("x", "y", "size"), indicators, strict=False):
        frame[col] = _shown(ctx, ind, scores.loc[ids, ind].to_numpy(dtype=float), statuses.loc[ids, ind].to_numpy())
    return frame.dropna(subset=[c for c in ("x", "y", "size") if c in frame.columns]).reset_index(drop=True)


def scatter(ctx: LanguageView, x: str, y: str) -> ChartData:
    """Cities placed by their scores on two indicators."""
    frame = _pair_frame(ctx, [x, y])
    r = float(np.corrcoef(frame["x"], frame["y"])[0, 1])
    text = _base_text(ctx) | {"x": ctx.ind(x), "y": ctx.ind(y)}
    return ChartData("scatter", frame, text, ctx.t("figures.scatter", x=ctx.ind(x), y=ctx.ind(y), n=len(frame)),
                     ctx.t("figures.scatter_alt", x=ctx.ind(x), y=ctx.ind(y), n=len(frame), r=ctx.num(r, 2)),
                     (6.3, 4.8), {"trend": True})


def bubble(ctx: LanguageView, x: str, y: str, size: str) -> ChartData:
    """Cities placed by two indicators' scores, sized by a third."""
    frame = _pair_frame(ctx, [x, y, size])
    names = {"x": ctx.ind(x), "y": ctx.ind(y), "size": ctx.ind(size)}
    sizes = frame["size"].dropna()
    steps = sorted({float(sizes.min()), float(sizes.median()), float(sizes.max())})
    return ChartData("bubble", frame, _base_text(ctx) | names | {"size": names["size"]},
                     ctx.t("figures.bubble", n=len(frame), **names),
                     ctx.t("figures.bubble_alt", n=len(frame), **names), (6.3, 5.0),
                     {"size_legend": [(v, ctx.num(v)) for v in steps]})


def distribution(ctx: LanguageView, indicator: str, attribute: str | None = None) -> ChartData:
    """Ranks by group: region by default, or any grouping attribute (capital, continent, ...)."""
    attr = attribute or _group_attr(ctx)
    if attr is None or attr not in ctx.edition.cities.columns:
        known = ctx.edition.cities.columns
        raise ContentError(problem("chapter-attribute", attribute=str(attr), hint=hint(str(attr), known),
                                   known=known_list(known)))
    rows = ctx.data.ranked(indicator)
    rows = rows[rows["rank"].notna()]
    frame = pd.DataFrame({"rank": rows["rank"].astype(int).to_numpy(),
                          "label": ctx.city_names(rows["city_id"]),
                          "group": _groups(ctx, rows["city_id"], attr)})
    group_name = ctx.t(f"columns.{attr}")
    n_groups = frame["group"].nunique()
    text = _base_text(ctx, attr) | {"group": group_name, "x": ctx.t("figures.rank_axis")}
    return ChartData("distribution", frame, text,
                     ctx.t("figures.distribution", indicator=ctx.ind(indicator), group=group_name),
                     ctx.t("figures.distribution_alt", indicator=ctx.ind(indicator), n=len(frame), group=group_name),
                     (6.3, 1.2 * n_groups + 1.2))


def slope(ctx: LanguageView, indicator: str) -> ChartData:
    """Each city's previous and current rank, joined by a line (needs previous.csv)."""
    rows = ctx.data.ranked(indicator)
    if "previous_rank" not in rows.columns:
        raise ContentError(problem("chapter-value", found="no previous-edition ranks", expected="previous.csv "
                                   "and previous_edition in edition.yaml, as a slope figure needs"))
    rows = rows[rows["rank"].notna()]
    frame = pd.DataFrame({"label": ctx.city_names(rows["city_id"]),
                          "previous": rows["previous_rank"].astype("Float64").to_numpy(dtype=float, na_value=np.nan),
                          "current": rows["rank"].astype(int).to_numpy(),
                          "change": rows["change"].to_numpy()})
    name = ctx.ind(indicator)
    return ChartData("slope", frame, _base_text(ctx), ctx.t("figures.slope", indicator=name),
                     ctx.t("figures.slope_alt", indicator=name), (6.3, 0.2 * len(frame) + 1.5))


