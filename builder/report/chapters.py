"""Generated chapters every report has, after the narrative: a registry of name -> function(context)
returning the chapters it adds (none where the edition gives nothing to show)."""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup

from .context import ReportContext
from .narrative import Chapter


def scores_appendix(ctx: ReportContext) -> list[Chapter]:
    """Every city's score and rank at every level: a table per parent node."""
    fw, t, s = ctx.edition.framework, ctx.t, ctx.edition.settings
    ctx.chapter = "appendix-scores"
    ties = t(f"chapters.ties_{s.ties}")
    intro = "published" if s.results_only else "computed"
    parts = [f"<p>{Markup.escape(t(f'chapters.appendix_scores_intro_{intro}', ties=ties))}</p>"]
    parts += [str(ctx.table("appendix", nid)) for nid in fw.scored if fw.computed_children(nid)]
    return [Chapter("appendix-scores", t("report.appendix", n=1, title=t("chapters.appendix_scores")),
                    "\n".join(parts), "generated", appendix=True)]


def definitions_depths(ctx: ReportContext) -> list[int]:
    fw = ctx.edition.framework
    return sorted({fw.depth[n] for n in fw.nodes if fw.nodes[n].extra.get(f"definition_{ctx.lang}")})


def definitions_appendix(ctx: ReportContext) -> list[Chapter]:
    """Definitions and sources of the indicators, a table per level that has definitions."""
    t = ctx.t
    ctx.chapter = "appendix-definitions"
    depths = definitions_depths(ctx)
    if not depths:
        return []
    title = t("report.appendix", n=2, title=t("chapters.appendix_definitions"))
    return [Chapter("appendix-definitions", title, "\n".join(str(ctx.table("definitions", str(d))) for d in depths),
                    "generated", appendix=True)]


def data_appendix(ctx: ReportContext) -> list[Chapter]:
    """How missing, inapplicable and outlying values were treated, and the cities left unscored: only where
    the edition has any of them."""
    results, t, fw = ctx.data.results, ctx.t, ctx.edition.framework
    scored = results.scored
    if scored is None:
        return []
    ctx.chapter = "appendix-data"
    root = ctx.data.statuses[fw.root.id] if fw.root.id in ctx.data.statuses.columns else None
    unscored = [] if root is None else [c for c, s in root.items() if s == "unscored"]
    below = [ctx.edition.settings.levels[d].censor_below for d in range(len(ctx.edition.settings.levels))]
    notes = data_notes_table_rows(ctx)
    if results.screened.empty and not unscored and not notes and all(b is None for b in below):
        return []
    parts = [_p(t("chapters.data_intro"))]
    if not results.screened.empty:
        share = ctx.fmt.percent(ctx.edition.settings.screen.min_coverage)
        parts += [_p(t("chapters.screened", share=share, n=len(results.screened))), str(ctx.table("screened"))]
    if unscored:
        parts.append(_p(t("chapters.unscored", cities=ctx.fmt.join(ctx.city_names(unscored)))))
    for value in dict.fromkeys(b for b in below if b is not None):
        shown = ctx.fmt.number(value, 0 if value == int(value) else None)
        parts.append(_p(t("chapters.censored", value=shown, shown=t("status.censored", value=shown))))
    if notes:
        parts.append(_p(t("chapters.legend", na=t("status.not_applicable"), dash=t("status.unscored"))))
        parts.append(str(ctx.table("data_notes")))
    n = 2 + bool(definitions_depths(ctx))
    return [Chapter("appendix-data", t("report.appendix", n=n, title=t("chapters.appendix_data")), "\n".join(parts),
                    "generated", appendix=True)]


def data_notes_table_rows(ctx: ReportContext) -> bool:
    """Whether any input indicator has imputed, inapplicable, missing, treated or dated values to list."""
    scored = ctx.data.results.scored
    return bool(scored.imputed.to_numpy().any() or (scored.status.to_numpy() != 0).any() or
                any(r.failed for r in scored.treatments.values()) or scored.years is not None)


def _p(text: str) -> str:
    return f"<p>{Markup.escape(text)}</p>"


GENERATED: dict[str, Callable[[ReportContext], list[Chapter]]] = {
    "appendix-scores": scores_appendix,
    "appendix-definitions": definitions_appendix,
    "appendix-data": data_appendix,
}
