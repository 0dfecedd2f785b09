"""Questionnaire scores, benchmarks, SUM, discovery and planning against published values."""

from __future__ import annotations

import pytest
from scipy import stats

from uxlab.analysis.benchmarks import completion_against, mean_against, times_against
from uxlab.analysis.discovery import discovery, found_share, participants_for
from uxlab.analysis.plan import for_completion_margin, for_two_proportions
from uxlab.analysis.questionnaires import (
    net_promoter,
    sus_grade,
    sus_percentile,
    sus_score,
    umux_lite_as_sus,
    umux_lite_score,
)
from uxlab.analysis.sum_score import single_usability_metric


def test_sus_score() -> None:
    # Brooke (1996) scoring: answers 4,1,5,2,5,1,4,2,3,1 give 85.
    assert sus_score([4, 1, 5, 2, 5, 1, 4, 2, 3, 1]) == 85.0
    assert sus_score([3] * 10) == 50.0
    with pytest.raises(ValueError):
        sus_score([3] * 9)


@pytest.mark.parametrize(
    ("score", "grade"),
    [
        (100, "A+"),
        (84.1, "A+"),
        (84.0, "A"),
        (80.8, "A"),
        (78.9, "A-"),
        (77.2, "B+"),
        (74.1, "B"),
        (72.6, "B-"),
        (71.1, "C+"),
        (68, "C"),
        (65.0, "C"),
        (62.7, "C-"),
        (51.7, "D"),
        (51.6, "F"),
        (0, "F"),
    ],
)
def test_sus_curved_grades(score: float, grade: str) -> None:
    # Sauro & Lewis (2016), curved grading scale.
    assert sus_grade(score) == grade


def test_sus_percentile_follows_the_lookup_curve() -> None:
    # Sauro & Lewis (2016): 68 is the 50th percentile; each grade starts at its percentile.
    assert sus_percentile(68) == pytest.approx(50.3, abs=0.1)
    assert sus_percentile(84.1) == pytest.approx(96)
    assert sus_percentile(51.7) == pytest.approx(15)
    assert sus_percentile(100) == 100 and sus_percentile(0) == 0
    scores = [i / 2 for i in range(201)]
    percentiles = [sus_percentile(s) for s in scores]
    assert percentiles == sorted(percentiles)


def test_umux_lite() -> None:
    # Lewis, Utesch & Maher (2013): (x1 − 1 + x2 − 1)/12 × 100, and 0.65 × score + 22.9.
    assert umux_lite_score(7, 7) == 100.0
    assert umux_lite_score(1, 1) == 0.0
    assert umux_lite_score(4, 5) == pytest.approx(7 / 12 * 100)
    assert umux_lite_as_sus(100) == pytest.approx(87.9)


def test_net_promoter_score_and_adjusted_wald_interval() -> None:
    ratings = [10] * 36 + [8] * 24 + [3] * 40  # 36 promoters, 40 detractors of 100
    nps = net_promoter(ratings, 0.95)
    assert (nps.promoters, nps.detractors, nps.score.value) == (36, 40, -4.0)
    # Rocks (2016) adjusted Wald: n + 3, promoters and detractors + 3/4.
    n, pro, det = 103, 36.75 / 103, 40.75 / 103
    margin = stats.norm.ppf(0.975) * ((pro + det - (pro - det) ** 2) / n) ** 0.5
    assert nps.score.ci == pytest.approx((100 * (pro - det - margin), 100 * (pro - det + margin)))
    assert net_promoter([], 0.95).score.value is None


def test_completion_against_benchmark_is_a_mid_p_binomial() -> None:
    result = completion_against(8, 10, 0.7)
    expected = stats.binom.sf(8, 10, 0.7) + stats.binom.pmf(8, 10, 0.7) / 2
    assert result.p_value == pytest.approx(expected)
    assert result.difference == pytest.approx(0.1)


def test_times_and_ratings_against_benchmarks_match_scipy() -> None:
    import math

    times = [40.0, 52.0, 61.0, 38.0, 70.0, 45.0]
    result = times_against(times, 60.0)
    reference = stats.ttest_1samp([math.log(t) for t in times], math.log(60), alternative="less")
    assert result.p_value == pytest.approx(reference.pvalue)
    assert result.difference == pytest.approx(stats.gmean(times) / 60)
    sus = [72.5, 80.0, 65.0, 90.0, 77.5]
    rated = mean_against(sus, 68, "one-sample t")
    assert rated.p_value == pytest.approx(stats.ttest_1samp(sus, 68, alternative="greater").pvalue)


def test_single_usability_metric_components() -> None:
    import math

    times = [50.0, 70.0, 90.0, 65.0]
    result = single_usability_metric(3, 4, times, 80.0, [5, 6, 7, 4], None, 2, 4)
    logs = [math.log(t) for t in times]
    mean, sd = sum(logs) / 4, stats.tstd(logs)
    expected = {
        "completion": 0.75,
        "errors": 0.5,
        "time": stats.norm.cdf((math.log(80) - mean) / sd),
        "satisfaction": stats.norm.cdf((5.5 - 4) / stats.tstd([5, 6, 7, 4])),
    }
    assert result["components"] == pytest.approx(expected)
    assert result["value"] == pytest.approx(sum(expected.values()) / 4)
    bare = single_usability_metric(1, 2, [], None, [], None, 1, 2)
    assert set(bare["left_out"]) == {"time", "satisfaction"}
    assert bare["value"] == pytest.approx(0.5)
    # Errors not recorded (a results CSV without the column) are left out, not perfect.
    unrecorded = single_usability_metric(1, 2, [], None, [], None, 0, 0)
    assert unrecorded["left_out"]["errors"] == "not recorded"
    assert unrecorded["value"] == pytest.approx(0.5)


def test_problem_discovery_small_sample_adjustment() -> None:
    # Lewis (2001): p_adj = ½ (p − 1/n)(1 − 1/n) + ½ p / (1 + N1/N).
    seen = {"a": {"1", "2", "3"}, "b": {"1"}, "c": {"2", "4"}, "d": {"3"}}
    found = discovery(seen, 4)
    p = 7 / 16
    expected = 0.5 * (p - 1 / 4) * (1 - 1 / 4) + 0.5 * p / (1 + 2 / 4)
    assert found.p == pytest.approx(p)
    assert found.p_adjusted == pytest.approx(expected)
    assert found.found_with[5] == pytest.approx(1 - (1 - expected) ** 5)
    assert discovery({}, 5).p is None


def test_planning() -> None:
    # Fleiss (1981): .5 against .7, two-sided 5%, 80% power: 93 per group.
    assert for_two_proportions(0.5, 0.7, 0.95, 0.8) == 93
    # Sauro & Lewis (2016), adjusted Wald: ±10% at 95% with p = .5 needs 93.
    assert for_completion_margin(0.10, 0.95) == 93
    # Nielsen & Landauer: with p = .31, 5 users find 84%; 85% needs 6.
    assert found_share(0.31, 5) == pytest.approx(0.8436, abs=1e-4)
    assert participants_for(0.85, 0.31) == 6
