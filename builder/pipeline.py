"""The pipeline's stages wired together: load -> validate -> score -> rank -> write."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .edition import Edition, load_edition
from .files import staging
from .rank import rank_results
from .results import write_results
from .score import published_results, score


def edition_folder(name: str, data_dir: Path) -> Path:
    """An edition given by id (looked up in data_dir) or by path."""
    path = Path(name)
    return path if path.is_dir() and (path / "edition.yaml").exists() else data_dir / name


def compute(edition: Edition) -> pd.DataFrame:
    """Scores and ranks of every city at every scored node (see rank.py for the columns).

    A results-only edition takes its scores and ranks from its published results instead.
    """
    if edition.settings.results_only:
        scores, ranks = published_results(edition)
        return in_published_order(edition, rank_results(edition, scores, ranks))
    return rank_results(edition, score(edition))


def score_edition(name: str, data_dir: Path, output_dir: Path) -> tuple[Edition, pd.DataFrame,
                                                                        list[Path]]:
    """`cityindex score`: validate, score, rank and write results; nothing is written on error."""
    edition = load_edition(edition_folder(name, data_dir))
    results = compute(edition)
    final = output_dir / edition.id
    with staging(final) as stage:
        written = write_results(edition, results, stage.scratch)
    return edition, results, [final / p.name for p in written]


def in_published_order(edition: Edition, results: pd.DataFrame) -> pd.DataFrame:
    """Tied cities in the order the source report printed them.

    For each indicator, the order is that of the first results table whose rows run in that
    indicator's rank order (Appendix 2 lists cities by their attractiveness rank, say, even if it
    prints only the second-level ranks); tables that do not are ignored for it.
    """
    pub = edition.published
    tables = edition.settings.results_tables or list(pub["table"].drop_duplicates())
    orders = [list(pub[pub["table"] == t]["city"].drop_duplicates()) for t in tables]
    frames = []
    for _, grp in results.groupby("indicator_id", sort=False):
        rank = grp.set_index("city_id")["rank"].astype("Float64").fillna(np.inf).astype(float)
        listing = next((o for o in orders if set(o) == set(rank.index) and rank.reindex(o).is_monotonic_increasing),
                       list(grp["city_id"]))
        position = {c: i for i, c in enumerate(listing)}
        frames.append(grp.iloc[np.lexsort((grp["city_id"].map(position).to_numpy(), rank.reindex(grp["city_id"])
                                            .to_numpy()))])
    return pd.concat(frames).reset_index(drop=True)
