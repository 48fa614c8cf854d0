"""Scoring and ranking: an Edition turned into Results, keyed by the kind of entity scored."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..edition import Edition
from .pathways import pathway_results
from .published import in_published_order, published_results
from .rank import rank_results
from .score import Scored, score


@dataclass(frozen=True)
class Results:
    """Scores and ranks of every entity an edition scores, one long table per entity kind.

    `city`: one row per city and scored node (columns in rank.py); `pathway`: one row per city pair and
    scored node (columns in pathways.py), where the edition has pathways. A kind an edition does not score is
    absent from `kinds`.
    """

    kinds: dict[str, pd.DataFrame]
    scored: Scored | None = None  # the engine's record (statuses, treatments, screening); None: results-only

    @property
    def city(self) -> pd.DataFrame:
        return self.kinds["city"]

    @property
    def pathway(self) -> pd.DataFrame | None:
        """The pathway results, or None where the edition has no pathways."""
        return self.kinds.get("pathway")

    @property
    def screened(self) -> pd.DataFrame:
        """Cities screening dropped: city, coverage (empty where nothing was screened)."""
        return self.scored.screened if self.scored is not None else pd.DataFrame(columns=["city", "coverage"])


def compute(edition: Edition) -> Results:
    """Every entity's score and rank at every scored node.

    A results-only edition takes its scores and ranks from its published results instead.
    """
    pathways = pathway_results(edition)
    extra = {"pathway": pathways} if pathways is not None else {}
    if edition.settings.results_only:
        scores, ranks = published_results(edition)
        return Results({"city": in_published_order(edition, rank_results(edition, scores, ranks))} | extra)
    scored = score(edition)
    return Results({"city": rank_results(edition, scored.scores, scored=scored)} | extra, scored)
