"""Intervals against published worked examples and scipy."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from uxlab.analysis.intervals import (
    adjusted_wald,
    best_estimate,
    geometric_mean_interval,
    mean_interval,
    median_interval,
)


def test_adjusted_wald_four_of_five() -> None:
    # Tullis & Albert, Measuring the User Experience: 4 of 5 at 95% is .3596 to .9797.
    low, high = adjusted_wald(4, 5, 0.95) or (0, 0)
    assert low == pytest.approx(0.3596, abs=1e-4)
    assert high == pytest.approx(0.9797, abs=1e-4)


def test_adjusted_wald_is_clipped_and_empty_for_no_attempts() -> None:
    assert adjusted_wald(0, 0, 0.95) is None
    low, high = adjusted_wald(10, 10, 0.95) or (0, 0)
    assert high == 1.0 and low == pytest.approx(0.6791, abs=1e-4)
    assert adjusted_wald(0, 10, 0.95)[0] == 0.0  # type: ignore[index]


@pytest.mark.parametrize(
    ("x", "n", "expected"),
    [
        (3, 10, (3 + 1.959964**2 / 2) / (10 + 1.959964**2)),  # p ≤ .5: Wilson
        (7, 10, 0.7),  # .5 < p < .9: x/n
        (9, 10, min(10 / 12, 9.5 / 11)),  # p ≥ .9: the smaller of Laplace and Jeffreys
        (10, 10, 11 / 12),  # p = 1: Laplace
    ],
)
def test_best_estimate_follows_lewis_and_sauro_2006(x: int, n: int, expected: float) -> None:
    assert best_estimate(x, n, 0.95) == pytest.approx(expected, abs=1e-6)


def test_geometric_mean_of_measuringu_example() -> None:
    # MeasuringU's graph-and-calculator example: 55, 65, 75, 62, 45, 135 s → 68.2 (46.0, 101.2).
    estimate = geometric_mean_interval([55, 65, 75, 62, 45, 135], 0.95)
    assert estimate.value == pytest.approx(68.2, abs=0.05)
    assert estimate.ci is not None
    assert estimate.ci[0] == pytest.approx(46.0, abs=0.05)
    assert estimate.ci[1] == pytest.approx(101.2, abs=0.05)


def test_geometric_mean_matches_scipy() -> None:
    times = [12.5, 30.1, 44.0, 18.2, 95.3, 21.0, 27.7]
    estimate = geometric_mean_interval(times, 0.90)
    logs = [math.log(t) for t in times]
    low, high = stats.t.interval(
        0.90, len(logs) - 1, loc=sum(logs) / len(logs), scale=stats.sem(logs)
    )
    assert estimate.value == pytest.approx(stats.gmean(times), rel=1e-12)
    assert estimate.ci == pytest.approx((math.exp(low), math.exp(high)), rel=1e-12)


def test_figures_that_cannot_be_computed_say_why() -> None:
    assert mean_interval([], 0.95).reason == "no values"
    one = geometric_mean_interval([42.0], 0.95)
    assert one.value == pytest.approx(42.0) and one.ci is None
    assert one.reason == "n = 1: an interval needs at least 2 values"
    zero = geometric_mean_interval([0.0, 3.0], 0.95)
    assert zero.value is None and "cannot be averaged on a log scale" in (zero.reason or "")
    short = median_interval([1.0, 2.0, 3.0], 0.95)
    assert short.value == 2.0 and short.ci is None


def test_mean_interval_matches_scipy() -> None:
    ratings = [5, 6, 7, 4, 6, 6, 3, 7]
    estimate = mean_interval(ratings, 0.95)
    reference = stats.t.interval(
        0.95, len(ratings) - 1, loc=sum(ratings) / len(ratings), scale=stats.sem(ratings)
    )
    assert estimate.ci == pytest.approx(reference, rel=1e-12)


@given(st.lists(st.floats(1, 3600), min_size=25, max_size=80))
def test_median_interval_is_scipys_quantile_interval(times: list[float]) -> None:
    estimate = median_interval(times, 0.95)
    reference = stats.quantile_test(times, q=0, p=0.5).confidence_interval(0.95)
    assert estimate.ci == (reference.low, reference.high)
    assert estimate.ci[0] <= (estimate.value or 0) <= estimate.ci[1]


@given(st.integers(0, 60), st.integers(1, 60), st.floats(0.5, 0.99))
def test_completion_interval_contains_the_observed_rate(x: int, n: int, confidence: float) -> None:
    # The adjusted-Wald interval contains the Wilson interval, which contains x/n. (The best
    # point estimate may fall outside it at low confidence: Laplace for 2/2 is .75.)
    x = min(x, n)
    low, high = adjusted_wald(x, n, confidence) or (0, 0)
    assert 0 <= low <= x / n <= high <= 1
    best = best_estimate(x, n, confidence)
    assert best is not None and 0 <= best <= 1


@given(st.lists(st.floats(0.5, 5000), min_size=2, max_size=40), st.floats(0.5, 0.99))
def test_geometric_interval_contains_the_mean(times: list[float], confidence: float) -> None:
    estimate = geometric_mean_interval(times, confidence)
    assert estimate.ci is not None and estimate.value is not None
    assert estimate.ci[0] <= estimate.value * (1 + 1e-9)
    assert estimate.value <= estimate.ci[1] * (1 + 1e-9)
