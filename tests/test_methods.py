"""Every scoring method against values computed by hand."""

from __future__ import annotations

import numpy as np
import pytest

from builder import methods as m
from builder.engine.rank import competition_rank
from builder.engine.score import impute_group_mean
from builder.numbers import round_half_up

nan = np.nan


def test_minmax_forward_and_reverse():
    x = np.array([10.0, 20.0, 30.0, nan])
    np.testing.assert_allclose(m.minmax(x, 1, lo=60, hi=100), [60, 80, 100, nan])
    np.testing.assert_allclose(m.minmax(x, -1, lo=60, hi=100), [100, 80, 60, nan])


def test_minmax_zero_variance_raises():
    with pytest.raises(ZeroDivisionError):
        m.minmax(np.array([3.0, 3.0]), 1)


def test_goalposts_clip():
    x = np.array([-5.0, 0.0, 25.0, 50.0, 80.0])
    np.testing.assert_allclose(m.goalposts(x, 1, min=0, max=50, lo=0, hi=100), [0, 0, 50, 100, 100])
    np.testing.assert_allclose(m.goalposts(x, -1, min=0, max=50, lo=0, hi=100), [100, 100, 50, 0, 0])


def test_zscore():
    x = np.array([1.0, 2.0, 3.0])  # mean 2, sample sd 1
    np.testing.assert_allclose(m.zscore(x, 1), [-1, 0, 1])
    np.testing.assert_allclose(m.zscore(x, -1, mean=100, sd=10), [110, 100, 90])


def test_percentile_with_ties():
    x = np.array([5.0, 1.0, 5.0, 3.0])  # ranks 3.5, 1, 3.5, 2 of n=4
    np.testing.assert_allclose(m.percentile(x, 1), [250 / 3, 0, 250 / 3, 100 / 3])
    np.testing.assert_allclose(m.percentile(x, -1), [100 - 250 / 3, 100, 100 - 250 / 3, 200 / 3])


def test_log_transforms():
    np.testing.assert_allclose(m.log(np.array([1.0, np.e])), [0, 1])
    np.testing.assert_allclose(m.log1p(np.array([0.0, np.e - 1])), [0, 1])


def test_skew_kurtosis_matches_pandas():
    import pandas as pd
    x = np.array([1.0, 2.0, 2.0, 3.0, 9.0, 4.0])
    s, k = m.skew_kurtosis(x)
    assert s == pytest.approx(pd.Series(x).skew())
    assert k == pytest.approx(pd.Series(x).kurt())


def test_winsorise_replaces_outlier_with_next_value():
    x = np.array([1.0, 2.0, 2.0, 3.0, 2.0, 1.0, 2.0, 3.0, 2.0, 100.0])
    s, k = m.skew_kurtosis(x)
    assert s > 2 and k > 3.5
    y = m.winsorise(x)
    assert y[-1] == 3.0  # the outlier takes the next highest value
    np.testing.assert_array_equal(y[:-1], x[:-1])


def test_winsorise_leaves_well_behaved_data_alone():
    x = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
    np.testing.assert_array_equal(m.winsorise(x), x)


def test_aggregations():
    scores = np.array([[80.0, 60.0], [100.0, 100.0]])
    w = np.array([0.75, 0.25])
    np.testing.assert_allclose(m.arithmetic(scores, w), [75, 100])
    np.testing.assert_allclose(m.geometric(scores, w), [80**0.75 * 60**0.25, 100])
    np.testing.assert_allclose(m.harmonic(scores, w), [1 / (0.75 / 80 + 0.25 / 60), 100])


def test_aggregation_reweights_over_available_children():
    scores = np.array([[80.0, nan, 60.0], [nan, nan, nan]])
    w = np.array([0.5, 0.3, 0.2])
    out = m.arithmetic(scores, w)
    assert out[0] == pytest.approx((0.5 * 80 + 0.2 * 60) / 0.7)
    assert np.isnan(out[1])


def test_group_mean_imputation():
    x = np.array([10.0, nan, 30.0, 7.0])
    g = np.array(["a", "a", "a", "b"])
    np.testing.assert_allclose(impute_group_mean(x, g), [10, 20, 30, 7])


def test_rescale_minmax_best_100_last_60():
    np.testing.assert_allclose(m.rescale_minmax(np.array([70.0, 75.0, 90.0]), 60, 100), [60, 70, 100])


def test_round_half_up():
    np.testing.assert_allclose(round_half_up(np.array([2.675, 73.665, 1.004999, -0.5]), 2),
                               [2.68, 73.67, 1.0, -0.5])


def test_competition_ranks_displayed_ties_as_iec():
    x = np.array([90.001, 88.0, 90.004, 70.0])  # displayed 90.00, 88.00, 90.00, 70.00
    np.testing.assert_array_equal(competition_rank(x, "displayed", 2), [1, 3, 1, 4])


def test_competition_ranks_exact_as_set():
    x = np.array([73.6712, 73.6698, 80.0])  # both shown as 73.67: Austin 23rd, Guangzhou 24th
    np.testing.assert_array_equal(competition_rank(x, "exact", 2), [2, 3, 1])
    y = np.array([50.0, 50.0, 40.0, nan])
    np.testing.assert_array_equal(competition_rank(y, "exact"), [1, 1, 3, nan])
