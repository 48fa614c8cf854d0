"""Scoring invariants checked with Hypothesis."""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from builder import methods as m
from builder.edition import load_edition
from builder.engine import compute
from builder.engine.rank import competition_rank

from .synth import write_edition

finite = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)
spread_arrays = arrays(np.float64, st.integers(2, 40), elements=finite).filter(
    lambda a: np.ptp(a) > 1e-3 * max(1.0, np.abs(a).max()))
bounds = st.tuples(st.floats(-100, 100), st.floats(0.5, 100)).map(lambda t: (t[0], t[0] + t[1]))


@given(spread_arrays, bounds, st.sampled_from([1, -1]))
def test_normalised_scores_stay_within_bounds(x, lohi, direction):
    lo, hi = lohi
    tol = 1e-9 * max(1.0, abs(lo), abs(hi))
    for method in ("minmax", "percentile"):
        out = m.NORMALISERS[method](x, direction, lo=lo, hi=hi)
        assert out.min() >= lo - tol and out.max() <= hi + tol
    gp = m.goalposts(x, direction, min=-10.0, max=10.0, lo=lo, hi=hi)
    assert gp.min() >= lo - tol and gp.max() <= hi + tol


@given(spread_arrays, bounds)
def test_reverse_indicator_mirrors_forward_twin(x, lohi):
    lo, hi = lohi
    for method in ("minmax", "percentile"):
        fwd = m.NORMALISERS[method](x, 1, lo=lo, hi=hi)
        rev = m.NORMALISERS[method](x, -1, lo=lo, hi=hi)
        np.testing.assert_allclose(rev, lo + hi - fwd, atol=1e-9 * max(1, abs(lo), abs(hi)))
    np.testing.assert_allclose(m.zscore(x, -1, mean=5), 10 - m.zscore(x, 1, mean=5), atol=1e-9)


@given(arrays(np.float64, st.integers(1, 60), elements=st.sampled_from([60.0, 70.5, 70.5, 80.0, 99.99])),
       st.sampled_from(["exact", "displayed"]))
def test_tied_scores_share_rank_and_next_rank_skips(x, ties):
    ranks = competition_rank(x, ties, 2)
    for i in range(x.size):
        assert ranks[i] == 1 + np.sum(x > x[i])
    for r in np.unique(ranks):
        shared = int(np.sum(ranks == r))
        later = ranks[ranks > r]
        if later.size:
            assert later.min() == r + shared


def _results(folder: Path) -> pd.DataFrame:
    res = compute(load_edition(folder)).city
    return res.sort_values(["indicator_id", "city_id"]).reset_index(drop=True)


values_matrix = st.integers(3, 8).flatmap(
    lambda n: arrays(np.float64, (n, 4), elements=st.floats(0, 1000, allow_nan=False))).filter(
    lambda a: (np.ptp(a, axis=0) > 1e-6).all())


@settings(max_examples=25, deadline=None)
@given(values_matrix, st.randoms(use_true_random=False))
def test_shuffling_input_rows_changes_no_result(values, rnd):
    n, k = values.shape
    cities, cells = list(range(n)), list(range(n * k))
    rnd.shuffle(cities)
    rnd.shuffle(cells)
    with tempfile.TemporaryDirectory() as tmp:
        a = _results(write_edition(Path(tmp) / "a", values))
        b = _results(write_edition(Path(tmp) / "b", values, city_order=cities, value_order=cells))
    pd.testing.assert_frame_equal(a, b)


@settings(max_examples=25, deadline=None)
@given(values_matrix, st.floats(0.01, 100), st.lists(st.floats(0.1, 10), min_size=4, max_size=4))
def test_scaling_weights_changes_nothing_under_renormalisation(values, factor, weights):
    with tempfile.TemporaryDirectory() as tmp:
        a = _results(write_edition(Path(tmp) / "a", values, weights=weights, renormalise=True))
        b = _results(write_edition(Path(tmp) / "b", values, weights=[w * factor for w in weights],
                                   renormalise=True))
    pd.testing.assert_series_equal(a["rank"], b["rank"])
    np.testing.assert_allclose(a["score"], b["score"], rtol=1e-9)
