"""The audit's part for published_changes.csv (rank with and without a category): the ranks "with" the category
that a table prints against the results, and for a computed edition the ranks without it that the table prints or
implies against the computed ranking without it. Ranks the changes imply to be shared are noted."""

from __future__ import annotations

import pandas as pd

from ..edition import Edition
from ..edition.check_changes import implied_without
from ..engine import Results
from ..engine.leave_out import ranking_without
from .audit import RankDiff, TableAudit


def change_tables(edition: Edition, results: Results) -> list[TableAudit]:
    """One TableAudit per table and left-out category of published_changes.csv."""
    changes = edition.published_changes
    if changes is None or changes.empty:
        return []
    return [_audit(edition, results, table, left_out, grp)
            for (table, left_out), grp in changes.groupby(["table", "left_out"], sort=False)]


def _audit(edition: Edition, results: Results, table: str, left_out: str, grp: pd.DataFrame) -> TableAudit:
    indicator = grp["indicator"].iloc[0]
    city = results.city
    ranks = city[city["indicator_id"] == indicator].set_index("city_id")["rank"]
    diffs, compared = [], 0
    follows = ", ".join(edition.settings.results_tables)
    for row in grp[grp["rank"].notna()].itertuples(index=False):
        compared += 1
        got = ranks.get(row.city)
        if pd.isna(got) or int(got) != int(row.rank):
            why = f"contradicts {follows}, which the results follow" if edition.settings.results_only else ""
            diffs.append(RankDiff(row.city, indicator, int(row.rank), None if pd.isna(got) else int(got),
                                  bool(why), why))
    without = implied_without(grp, ranks)
    if results.scored is not None:
        computed = ranking_without(edition, results.scored.scores, left_out, indicator).set_index("city_id")["rank"]
        for c, published in zip(grp["city"], without, strict=True):
            compared += 1
            got = computed.get(c)
            if pd.isna(published) or pd.isna(got) or int(got) != int(published):
                diffs.append(RankDiff(c, indicator, int(published) if pd.notna(published) else 0,
                                      None if pd.isna(got) else int(got), False,
                                      f"rank without {left_out}"))
    notes = [(int(r), list(grp.loc[without == r, "city"])) for r in sorted(without.dropna().unique())
             if (without == r).sum() > 1]
    return TableAudit(table=table, compared=0, descriptive=0, max_diff=0.0, max_where=None, tolerance_there=0.0,
                      beyond=[], ranks_compared=compared, rank_diffs=diffs, kind="change", left_out=left_out,
                      shared=notes)
