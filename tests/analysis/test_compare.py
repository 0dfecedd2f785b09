"""Comparisons against the uxr/MeasuringU worked example and scipy."""

from __future__ import annotations

import math

import pytest
from scipy import stats

from uxlab.analysis.compare import matched_proportions, paired, time_ratio, two_proportions, welch


def test_n_minus_one_two_proportion_test() -> None:
    # The N−1 two-proportion worked example (uxr documentation; Sauro & Lewis, ch. 5):
    # 10/12 against 4/13 gives z = 2.59, p = .0096, difference CI .133 to .776.
    result = two_proportions(10, 12, 4, 13, 0.95)
    assert result.test == "n-1 two-proportion"
    assert result.statistic == pytest.approx(2.59, abs=0.005)
    # p is .009548; the published .0096 comes from the rounded z = 2.59.
    assert result.p_value == pytest.approx(0.0096, abs=0.0001)
    assert result.difference == pytest.approx(10 / 12 - 4 / 13)
    assert result.ci == pytest.approx((0.133, 0.776), abs=0.0005)


def test_fisher_exact_where_an_expected_count_is_below_one() -> None:
    result = two_proportions(2, 2, 0, 3, 0.95)
    assert result.test == "fisher exact"
    assert result.p_value == pytest.approx(stats.fisher_exact([[2, 0], [0, 3]]).pvalue)


def test_mcnemar_exact_and_mid_p() -> None:
    # 14 participants: 7 succeed on both, 5 only on A, 1 only on B, 1 on neither.
    pairs = [(True, True)] * 7 + [(True, False)] * 5 + [(False, True)] + [(False, False)]
    result = matched_proportions(pairs, 0.95)
    exact = stats.binomtest(1, 6, 0.5).pvalue
    assert result.exact_p == pytest.approx(exact)
    mid = 2 * (stats.binom.cdf(1, 6, 0.5) - stats.binom.pmf(1, 6, 0.5) / 2)
    assert result.p_value == pytest.approx(mid)
    assert result.p_value < result.exact_p
    assert result.difference == pytest.approx(4 / 14)
    assert result.ci is not None and result.ci[0] < 4 / 14 < result.ci[1]


def test_welch_matches_scipy() -> None:
    a, b = [3.1, 4.0, 3.6, 5.2, 4.4], [2.2, 2.9, 3.3, 2.5, 3.0, 2.7]
    result = welch(a, b, 0.90, "welch t")
    reference = stats.ttest_ind(a, b, equal_var=False)
    assert result.statistic == pytest.approx(reference.statistic)
    assert result.p_value == pytest.approx(reference.pvalue)
    interval = reference.confidence_interval(0.90)
    assert result.ci == pytest.approx((interval.low, interval.high))


def test_paired_matches_scipy_and_time_ratio_exponentiates() -> None:
    pairs = [
        (math.log(a), math.log(b))
        for a, b in [(30, 22), (41, 40), (25, 19), (60, 45), (33, 31), (28, 30)]
    ]
    result = paired(pairs, 0.95, "paired t on log times")
    reference = stats.ttest_rel([x for x, _ in pairs], [y for _, y in pairs])
    assert result.statistic == pytest.approx(reference.statistic)
    assert result.p_value == pytest.approx(reference.pvalue)
    interval = reference.confidence_interval(0.95)
    assert result.ci == pytest.approx((interval.low, interval.high))
    ratio = time_ratio(result)
    assert ratio.difference == pytest.approx(math.exp(result.difference or 0))
    assert ratio.ci == pytest.approx((math.exp(interval.low), math.exp(interval.high)))


def test_comparisons_that_cannot_be_made_say_why() -> None:
    assert welch([1.0], [2.0, 3.0], 0.95, "welch t").reason == "each group needs at least 2 values"
    assert (
        paired([(1.0, 2.0)], 0.95, "paired t").reason == "needs at least 2 participants with both"
    )
    assert two_proportions(0, 0, 1, 2, 0.95).reason == "a group has no attempts"
    assert matched_proportions([(True, True)], 0.95).reason == (
        "no participant succeeded on one design only"
    )
