"""Scoring and ranking: an Edition turned into Results, keyed by the kind of entity scored."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..edition import Edition
from .published import in_published_order, published_results
from .rank import rank_results
from .score import score


@dataclass(frozen=True)
class Results:
    """Scores and ranks of every entity an edition scores, one long table per entity kind.

    `city`: one row per city and scored node (columns in rank.py). City pairs (pathways) are the
    next kind; a kind an edition does not score is absent from `kinds`.
    """

    kinds: dict[str, pd.DataFrame]

    @property
    def city(self) -> pd.DataFrame:
        return self.kinds["city"]


def compute(edition: Edition) -> Results:
    """Every entity's score and rank at every scored node.

    A results-only edition takes its scores and ranks from its published results instead.
    """
    if edition.settings.results_only:
        scores, ranks = published_results(edition)
        return Results({"city": in_published_order(edition, rank_results(edition, scores, ranks))})
    return Results({"city": rank_results(edition, score(edition))})
