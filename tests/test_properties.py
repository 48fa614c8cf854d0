"""Scoring invariants checked with Hypothesis."""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from builder.edition import load_edition
from builder.engine import compute
from builder.engine.rank import competition_rank
from builder.methods import AGGREGATORS, NORMALISERS, TRANSFORMS
from builder.numbers import round_half_up

from .method_examples import write_small_edition
from .synth import write_edition

FAST = settings(max_examples=25, deadline=None)

finite = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)
spread_arrays = arrays(np.float64, st.integers(2, 40), elements=finite).filter(
    lambda a: np.ptp(a) > 1e-3 * max(1.0, np.abs(a).max()))
distinct_arrays = arrays(np.float64, st.integers(2, 30), elements=finite, unique=True).filter(
    lambda a: np.unique(np.round(a, 6)).size == a.size)
bounds = st.tuples(st.floats(-100, 100), st.floats(0.5, 100)).map(lambda t: (t[0], t[0] + t[1]))
directions = st.sampled_from([1, -1])

# scores with ties and missing values, as ranks see them
tied_scores = arrays(np.float64, st.integers(1, 40), elements=st.one_of(
    st.sampled_from([60.0, 70.5, 70.504, 80.0, 99.99, np.nan]), st.floats(0, 100)))


def _tol(lo: float, hi: float) -> float:
    return 1e-9 * max(1.0, abs(lo), abs(hi))


# ---------------------------------------------------------------------------------------------------------------
# Ranks

@FAST
@given(tied_scores)
def test_ascending_ranks_mirror_descending(x):
    lower = competition_rank(x, "exact", better="lower")
    np.testing.assert_array_equal(lower, competition_rank(-x, "exact", better="higher"))
    # with displayed ties, lower-is-better ranks tie on the displayed score of x (rounded half up), which is not
    # always the displayed score of -x negated (2.675 shows as 2.68, -2.675 as -2.67)
    np.testing.assert_array_equal(competition_rank(x, "displayed", 2, better="lower"),
                                  competition_rank(-round_half_up(x, 2), "exact", better="higher"))


@FAST
@given(distinct_arrays)
def test_ascending_ranks_of_distinct_scores_count_from_the_other_end(x):
    n = x.size
    np.testing.assert_array_equal(competition_rank(x, better="lower"), n + 1 - competition_rank(x, better="higher"))


@FAST
@given(tied_scores, st.floats(0, 100), st.sampled_from(["higher", "lower"]), st.sampled_from(["exact", "displayed"]))
def test_censoring_never_splits_a_shared_rank(x, below, better, ties):
    ranks = competition_rank(x, ties, 2, better=better, below=below)
    censored = x < below  # NaN compares False
    uncensored = ~np.isnan(x) & ~censored
    assert np.isnan(ranks[np.isnan(x)]).all()
    if censored.any():
        shared = np.unique(ranks[censored])
        assert shared.size == 1
        assert not (ranks[uncensored] == shared[0]).any()
        # the censored scores are the worst (higher is better) or the best (lower is better)
        assert shared[0] == (1 + uncensored.sum() if better == "higher" else 1)


@FAST
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


# ---------------------------------------------------------------------------------------------------------------
# Normalisers: reverse mirror and bounds

def norm(name: str, x, direction: int = 1, **params) -> np.ndarray:
    return NORMALISERS[name].function(x, direction, **params)


@FAST
@given(spread_arrays, bounds)
def test_reverse_indicator_mirrors_forward_twin(x, lohi):
    lo, hi = lohi
    for name, params in (("minmax", {}), ("dist2max", {}), ("goalposts", {"min": -1e5, "max": 1e5}),
                         ("bands", {"cuts": (-1e5, 0.0, 1e5)})):
        fwd = norm(name, x, 1, lo=lo, hi=hi, **params)
        np.testing.assert_allclose(norm(name, x, -1, lo=lo, hi=hi, **params), lo + hi - fwd, atol=_tol(lo, hi))
    fwd = norm("zscore", x, 1, mean=5, sd=2)
    np.testing.assert_allclose(norm("zscore", x, -1, mean=5, sd=2), 10 - fwd, atol=1e-9)


@FAST
@given(distinct_arrays, bounds)
def test_reverse_ranks_of_distinct_values_mirror(x, lohi):
    lo, hi = lohi
    n = x.size
    np.testing.assert_array_equal(norm("rank", x, -1), n + 1 - norm("rank", x, 1))
    np.testing.assert_array_equal(norm("borda", x, -1), n - 1 - norm("borda", x, 1))
    np.testing.assert_allclose(norm("prank", x, -1, lo=lo, hi=hi), lo + hi - norm("prank", x, 1, lo=lo, hi=hi),
                               atol=_tol(lo, hi))


@FAST
@given(spread_arrays, bounds, directions)
def test_normalised_scores_stay_within_bounds(x, lohi, direction):
    lo, hi = lohi
    tol = _tol(lo, hi)
    for name, params in (("minmax", {}), ("dist2max", {}), ("prank", {}), ("goalposts", {"min": -10.0, "max": 10.0}),
                         ("bands", {"cuts": (-10.0, 10.0)})):
        out = norm(name, x, direction, lo=lo, hi=hi, **params)
        assert out.min() >= lo - tol and out.max() <= hi + tol, name


# ---------------------------------------------------------------------------------------------------------------
# Every method works along the last axis: (scenarios, units) gives row by row what (units,) gives

NORMALISE_PARAMS = {
    "minmax": {"lo": 60, "hi": 100}, "dist2max": {}, "goalposts": {"min": -500, "max": 500},
    "scaled": {"min": -1000, "max": 1000}, "zscore": {"mean": 50, "sd": 10}, "rank": {}, "prank": {}, "borda": {},
    "dist2ref": {"ref": 0, "cap": 1}, "dist2targ": {"target": 5000}, "fracmax": {}, "bands": {"cuts": (-500, 0, 500)},
    "none": {},
}
AGGREGATE_PARAMS = {"arithmetic": {}, "geometric": {}, "harmonic": {}, "genmean": {"p": 2}, "copeland": {}}
TRANSFORM_PARAMS = {"log": {"a": 1001}, "power": {"p": 2}, "clamp": {"floor": -100, "cap": 100}, "log_ct": {},
                    "winsorise": {"winmax": 3}}

scenario_matrix = st.tuples(st.integers(1, 4), st.integers(3, 12)).flatmap(
    lambda shape: arrays(np.float64, shape, elements=st.floats(-1000, 1000, allow_subnormal=False),
                         unique=True)).filter(
    # unit 0 (the dist2ref reference) clear of the lowest and the highest value; a best value clear of 0 (fracmax)
    lambda m: (m[:, 0] - m.min(axis=1) > 1e-3).all() and (m.max(axis=1) - m[:, 0] > 1e-3).all()
    and (np.abs(m.max(axis=1)) > 1e-3).all())


def test_every_method_is_checked_along_the_last_axis():
    assert set(NORMALISE_PARAMS) == set(NORMALISERS)
    assert set(AGGREGATE_PARAMS) == set(AGGREGATORS)
    assert set(TRANSFORM_PARAMS) == set(TRANSFORMS)


def _same(matrix: np.ndarray, rows: list[np.ndarray]) -> None:
    np.testing.assert_allclose(matrix, np.stack(rows), rtol=1e-12, atol=1e-12, equal_nan=True)


@FAST
@given(scenario_matrix)
def test_normalisers_and_transforms_score_scenarios_row_by_row(m):
    for name, params in NORMALISE_PARAMS.items():
        for direction in (1,) if NORMALISERS[name].forward_only else (1, -1):
            _same(norm(name, m, direction, **params), [norm(name, row, direction, **params) for row in m])
    for name, params in TRANSFORM_PARAMS.items():
        fn = TRANSFORMS[name].function
        _same(fn(m, **params).values, [fn(row, **params).values for row in m])


child_scores = st.tuples(st.integers(1, 4), st.integers(2, 8), st.integers(1, 4)).flatmap(
    lambda shape: arrays(np.float64, shape, elements=st.one_of(st.floats(1, 100), st.just(np.nan))))


@FAST
@given(child_scores, st.data())
def test_aggregators_score_scenarios_row_by_row(scores, data):
    s, _, k = scores.shape
    weights = np.array(data.draw(st.lists(st.floats(0.1, 10), min_size=k, max_size=k)))
    per_scenario = np.array(data.draw(st.lists(st.lists(st.floats(0.1, 10), min_size=k, max_size=k),
                                               min_size=s, max_size=s)))
    for name, params in AGGREGATE_PARAMS.items():
        fn = AGGREGATORS[name].function
        _same(fn(scores, weights, **params), [fn(row, weights, **params) for row in scores])
        _same(fn(scores, per_scenario, **params), [fn(row, w, **params) for row, w in zip(scores, per_scenario,
                                                                                           strict=True)])


# ---------------------------------------------------------------------------------------------------------------
# Whole editions

def _results(folder: Path) -> pd.DataFrame:
    res = compute(load_edition(folder)).city
    return res.sort_values(["indicator_id", "city_id"]).reset_index(drop=True)


values_matrix = st.integers(3, 8).flatmap(
    lambda n: arrays(np.float64, (n, 4), elements=st.floats(0, 1000, allow_nan=False))).filter(
    lambda a: (np.ptp(a, axis=0) > 1e-6).all())


@FAST
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


@FAST
@given(values_matrix, st.floats(0.01, 100), st.lists(st.floats(0.1, 10), min_size=4, max_size=4))
def test_scaling_weights_changes_nothing_under_renormalisation(values, factor, weights):
    with tempfile.TemporaryDirectory() as tmp:
        a = _results(write_edition(Path(tmp) / "a", values, weights=weights, renormalise=True))
        b = _results(write_edition(Path(tmp) / "b", values, weights=[w * factor for w in weights],
                                   renormalise=True))
    pd.testing.assert_series_equal(a["rank"], b["rank"])
    np.testing.assert_allclose(a["score"], b["score"], rtol=1e-9)


three_children = st.integers(4, 8).flatmap(
    lambda n: st.tuples(arrays(np.float64, (n, 3), elements=st.floats(0, 1000).map(lambda v: round(v, 3))),
                        st.integers(0, n - 1), st.integers(0, 2)))


def _cells(values: np.ndarray, city: int, ind: int, text: str) -> dict[str, list[str]]:
    return {f"c{i}": [text if (i, j) == (city, ind) else repr(float(values[i, j])) for j in range(values.shape[1])]
            for i in range(values.shape[0])}


@FAST
@given(three_children, st.lists(st.floats(0.1, 10), min_size=3, max_size=3))
def test_not_applicable_equals_removing_the_indicator_for_that_city(case, weights):
    values, city, ind = case
    # every indicator has a spread over the cities it applies to (min-max needs one)
    assume(all(np.ptp(np.delete(values[:, j], city) if j == ind else values[:, j]) > 1e-3 for j in range(3)))
    cid = f"c{city}"
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        # n/a, and the value left out with the rule reweight (min-max bounds over the other cities in both)
        na = _results(write_small_edition(root / "na", _cells(values, city, ind, "n/a"), weights))
        gone = _results(write_small_edition(root / "gone", _cells(values, city, ind, ""), weights))
        # a parent that needs every child: n/a is not a missing child, a value left out is
        na_all = _results(write_small_edition(root / "na-all", _cells(values, city, ind, "n/a"), weights,
                                              parent_missing="share:1"))
        gone_all = _results(write_small_edition(root / "gone-all", _cells(values, city, ind, ""), weights,
                                                parent_missing="share:1"))
    np.testing.assert_allclose(na["score"], gone["score"], rtol=1e-12, atol=1e-9)
    pd.testing.assert_series_equal(na["rank"], gone["rank"])
    a = na.set_index(["indicator_id", "city_id"])
    assert a.loc[(f"i{ind}", cid), "status"] == "n/a" and np.isnan(a.loc[(f"i{ind}", cid), "score"])
    assert gone.set_index(["indicator_id", "city_id"]).loc[(f"i{ind}", cid), "status"] == "unscored"
    # the city's parent score is the weighted mean of its other two children's scores (the engine's own)
    rest = [j for j in range(3) if j != ind]
    expected = sum(weights[j] * a.loc[(f"i{j}", cid), "score"] for j in rest) / sum(weights[j] for j in rest)
    assert np.isclose(a.loc[("overall", cid), "score"], expected, rtol=1e-12, atol=1e-9)
    np.testing.assert_allclose(na_all["score"], na["score"], rtol=1e-12, atol=1e-9)
    assert np.isnan(gone_all.set_index(["indicator_id", "city_id"]).loc[("overall", cid), "score"])
