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


def definitions_appendix(ctx: ReportContext) -> list[Chapter]:
    """Definitions and sources of the indicators, a table per level that has definitions."""
    fw, t = ctx.edition.framework, ctx.t
    ctx.chapter = "appendix-definitions"
    depths = sorted({fw.depth[n] for n in fw.nodes if fw.nodes[n].extra.get(f"definition_{ctx.lang}")})
    if not depths:
        return []
    title = t("report.appendix", n=2, title=t("chapters.appendix_definitions"))
    return [Chapter("appendix-definitions", title, "\n".join(str(ctx.table("definitions", str(d))) for d in depths),
                    "generated", appendix=True)]


GENERATED: dict[str, Callable[[ReportContext], list[Chapter]]] = {
    "appendix-scores": scores_appendix,
    "appendix-definitions": definitions_appendix,
}
