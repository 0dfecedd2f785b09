"""Comparisons against the uxr/MeasuringU worked example and scipy."""

from __future__ import annotations

import math

import pytest
from scipy import stats

from uxlab.analysis import figures
from uxlab.analysis.compare import (
    clipped,
    matched_proportions,
    net_promoter_difference,
    paired,
    time_ratio,
    two_proportions,
    welch,
)
from uxlab.analysis.questionnaires import net_promoter


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


def test_fisher_exact_with_an_infinite_odds_ratio_says_why_it_has_no_statistic() -> None:
    # 3/3 against 0/1: the odds ratio (3·1)/(0·0) is infinite; p is still scipy's.
    result = two_proportions(3, 3, 0, 1, 0.95)
    assert result.test == "fisher exact" and result.statistic is None
    assert result.p_value == pytest.approx(stats.fisher_exact([[3, 0], [0, 1]]).pvalue)
    assert (
        result.reason == "the odds ratio is not finite: a variant has no successes or no failures"
    )


def ratings(promoters: int, passives: int, detractors: int) -> list[float]:
    return [10.0] * promoters + [7.0] * passives + [3.0] * detractors


def lewis_sauro(promoters: int, detractors: int, n: int) -> tuple[float, float]:
    """The adjusted NPS and its variance as Lewis & Sauro state them ("How to Statistically
    Compare Two Net Promoter Scores", MeasuringU 2021; "Evaluating NPS Significance Tests with
    Real-World Data", MeasuringU 2021): add 3 to n and 3/4 to promoters and to detractors; the
    variance is (p_pro + p_det − (p_pro − p_det)²) / (n + 3). No worked example with numbers
    could be found to check against, so the test is computed here from these words."""
    pro, det = (promoters + 0.75) / (n + 3), (detractors + 0.75) / (n + 3)
    return pro - det, (pro + det - (pro - det) ** 2) / (n + 3)


@pytest.mark.parametrize("confidence", [0.90, 0.95])
def test_nps_difference_is_lewis_and_sauros_adjusted_wald_z(confidence: float) -> None:
    a, b = ratings(10, 7, 3), ratings(4, 5, 6)  # NPS +35 on 20, −13.3 on 15
    result = net_promoter_difference(a, b, confidence)
    (centre_a, var_a), (centre_b, var_b) = lewis_sauro(10, 3, 20), lewis_sauro(4, 6, 15)
    se = math.sqrt(var_a + var_b)
    z = (centre_a - centre_b) / se
    margin = stats.norm.ppf(1 - (1 - confidence) / 2) * se
    assert result.test == "adjusted-wald z"
    assert result.statistic == pytest.approx(z, rel=1e-12)
    assert result.p_value == pytest.approx(2 * stats.norm.sf(abs(z)), rel=1e-12)
    assert result.ci == pytest.approx(
        (100 * (centre_a - centre_b - margin), 100 * (centre_a - centre_b + margin)), rel=1e-12
    )
    # The difference is the observed one, in points, as the single score beside its interval.
    assert result.difference == pytest.approx(100 * 7 / 20 - 100 * -2 / 15)


def test_nps_difference_agrees_with_the_single_group_interval() -> None:
    # net_promoter's adjusted-Wald interval of one group is centre ± z·se; the difference test
    # combines two such standard errors (Lewis & Sauro 2021), so each follows from the other.
    a, b = ratings(8, 6, 4), ratings(5, 4, 9)
    z = stats.norm.ppf(0.975)
    centres, variances = [], []
    for group in (a, b):
        low, high = net_promoter(group, 0.95).score.ci or (0.0, 0.0)
        centres.append((low + high) / 200)
        variances.append(((high - low) / 200 / z) ** 2)
    difference = centres[0] - centres[1]
    se = math.sqrt(sum(variances))
    result = net_promoter_difference(a, b, 0.95)
    assert result.ci == pytest.approx((100 * (difference - z * se), 100 * (difference + z * se)))
    assert result.statistic == pytest.approx(difference / se)


def test_nps_difference_needs_a_rating_on_each_side() -> None:
    result = net_promoter_difference([], [9.0], 0.95)
    assert (result.statistic, result.ci, result.reason) == (
        None,
        None,
        "each group needs at least 1 rating",
    )


def test_differences_of_a_bounded_scale_are_clipped_to_its_width() -> None:
    wide = figures.TestResult("welch t", 1.0, 0.5, -3.0, (-41.1, 35.1))
    assert clipped(wide, (1.0, 7.0)).ci == (-6.0, 6.0)
    assert clipped(wide, None) is wide
    narrow = figures.TestResult("welch t", 1.0, 0.5, -3.0, (-4.0, 2.0))
    assert clipped(narrow, (1.0, 7.0)) == narrow
