"""The pipeline's stages wired together: load -> validate -> score -> rank -> write."""

from __future__ import annotations

from pathlib import Path

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
        return rank_results(edition, scores, ranks)
    return rank_results(edition, score(edition))


def score_edition(name: str, data_dir: Path, output_dir: Path) -> tuple[Edition, pd.DataFrame,
                                                                        list[Path]]:
    """`cityindex score`: validate, score, rank and write results; nothing is written on error."""
    edition = load_edition(edition_folder(name, data_dir))
    results = compute(edition)
    final = output_dir / edition.id
    with staging(final) as scratch:
        written = write_results(edition, results, scratch)
    return edition, results, [final / p.name for p in written]
