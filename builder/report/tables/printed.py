"""A table of the source report as it prints its ranks (and scores), beside the ranks another index gives the
same cities: a TableData in one language."""

from __future__ import annotations

import re

import pandas as pd

from ...errors import ContentError, known_list, problem
from ..view import LanguageView
from . import TableData, finish

NUMBERED = re.compile(r"^Table (\d+)$")


def source_table_name(ctx: LanguageView, name: str) -> str:
    """"Table 12" of published.csv as the language names a table ("表12"); other names as they are."""
    match = NUMBERED.match(name)
    return ctx.t("tables.source_table", n=int(match.group(1))) if match else name


def published_table(ctx: LanguageView, table: str, index: str | None = None) -> TableData:
    """The rows of one table of published.csv in the order the source prints them: city, indicator and the rank
    (and score) printed, with the rank of another index (external_ranks.csv, edition.yaml `external`) beside it."""
    pub = ctx.edition.published
    rows = pub[pub["table"] == table]
    if rows.empty:
        raise ContentError(problem("chapter-value", found=f"no published table {table!r}",
                                   expected=f"a table of published.csv: {known_list(pub['table'].unique())}"))
    indicators = list(dict.fromkeys(rows["indicator"]))
    t = ctx.t
    ids = list(dict.fromkeys(rows["city"]))  # in the order the source prints them
    frame = pd.DataFrame({"city": ctx.city_names(ids)})
    columns = [(t("columns.city"), "city", "text")]
    for ind in indicators:
        mine = rows[rows["indicator"] == ind].drop_duplicates("city").set_index("city")
        frame[f"{ind}:rank"] = mine["rank"].reindex(ids).to_numpy()
        header = ctx.ind(ind) if len(indicators) > 1 else t("columns.published_rank")
        columns.append((header, f"{ind}:rank", "rank"))
        if mine["score"].notna().any():
            frame[f"{ind}:score"] = mine["score"].reindex(ids).to_numpy()
            columns.append((t("columns.child_score", indicator=ctx.ind(ind)), f"{ind}:score", "score"))
    if index is not None:
        names = ctx.edition.settings.external
        if index not in names:
            raise ContentError(problem("chapter-value", found=f"unknown index {index!r}",
                                       expected=f"an index of edition.yaml's external: {known_list(names)}"))
        ext = ctx.edition.external_ranks
        ext = ext[(ext["index"] == index) & (ext["table"] == table)].set_index("city")["rank"]
        frame["external"] = ext.reindex(ids).to_numpy()
        columns.append((names[index][ctx.lang], "external", "rank"))
    caption = t("tables.published", table=source_table_name(ctx, table), n=len(frame))
    return finish(ctx, caption, columns, frame, keys=1)
