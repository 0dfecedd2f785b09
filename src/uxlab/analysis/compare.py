"""Comparing two designs (Sauro & Lewis, Quantifying the User Experience, ch. 5)."""

from __future__ import annotations

import dataclasses
import math
import statistics
from collections.abc import Sequence

from scipy import stats

from uxlab.analysis.figures import TestResult
from uxlab.analysis.intervals import t_value, z_value
from uxlab.analysis.questionnaires import adjusted_net_promoter, promoters_and_detractors


def two_proportions(x1: int, n1: int, x2: int, n2: int, confidence: float) -> TestResult:
    """Completion rates of two independent groups: the N−1 two-proportion test (Campbell 2007,
    recommended by Sauro & Lewis), or the two-sided Fisher exact test where any expected cell
    count is below 1; the difference p1 − p2 with its adjusted-Wald interval (Agresti &
    Caffo 2000)."""
    if n1 == 0 or n2 == 0:
        return TestResult("n-1 two-proportion", None, None, None, None, "a group has no attempts")
    p1, p2 = x1 / n1, x2 / n2
    z = z_value(confidence)
    a1 = (x1 + z * z / 4) / (n1 + z * z / 2)
    a2 = (x2 + z * z / 4) / (n2 + z * z / 2)
    margin = z * math.sqrt(a1 * (1 - a1) / (n1 + z * z / 2) + a2 * (1 - a2) / (n2 + z * z / 2))
    ci = (max(-1.0, a1 - a2 - margin), min(1.0, a1 - a2 + margin))
    total = n1 + n2
    pooled = (x1 + x2) / total
    expected = [n * share for n in (n1, n2) for share in (pooled, 1 - pooled)]
    if min(expected) < 1:
        table = [[x1, n1 - x1], [x2, n2 - x2]]
        odds, p = stats.fisher_exact(table, alternative="two-sided")
        if not math.isfinite(odds):
            why = "the odds ratio is not finite: a variant has no successes or no failures"
            return TestResult("fisher exact", None, float(p), p1 - p2, ci, why)
        return TestResult("fisher exact", float(odds), float(p), p1 - p2, ci)
    statistic = (p1 - p2) / math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    statistic *= math.sqrt((total - 1) / total)
    return TestResult(
        "n-1 two-proportion", statistic, 2 * float(stats.norm.sf(abs(statistic))), p1 - p2, ci
    )


def matched_proportions(pairs: Sequence[tuple[bool, bool]], confidence: float) -> TestResult:
    """Completion of the same participants on two designs: the exact McNemar test, reported as
    its mid-p value (the exact p beside it in the name), and the difference with the adjusted-Wald
    interval for matched proportions (each cell + z²/8; Sauro & Lewis 2016, ch. 5)."""
    n = len(pairs)
    if n == 0:
        return TestResult("mcnemar mid-p", None, None, None, None, "no participant did both")
    only_first = sum(1 for a, b in pairs if a and not b)
    only_second = sum(1 for a, b in pairs if b and not a)
    discordant = only_first + only_second
    difference = (only_first - only_second) / n
    z = z_value(confidence)
    cells = [
        sum(1 for a, b in pairs if a and b),
        only_first,
        only_second,
        sum(1 for a, b in pairs if not a and not b),
    ]
    adjusted = [c + z * z / 8 for c in cells]
    total = sum(adjusted)
    p12, p21 = adjusted[1] / total, adjusted[2] / total
    diff = p12 - p21
    margin = z * math.sqrt(max(0.0, (p12 + p21 - diff * diff) / total))
    ci = (max(-1.0, diff - margin), min(1.0, diff + margin))
    if discordant == 0:
        return TestResult(
            "mcnemar mid-p",
            None,
            1.0,
            difference,
            ci,
            "no participant succeeded on one design only",
        )
    smaller = min(only_first, only_second)
    below = float(stats.binom.cdf(smaller, discordant, 0.5))
    at = float(stats.binom.pmf(smaller, discordant, 0.5))
    exact = min(1.0, 2 * below)
    mid = min(1.0, 2 * (below - at / 2))  # Fagerland, Lydersen & Laake 2013
    return TestResult("mcnemar mid-p", float(smaller), mid, difference, ci, exact_p=exact)


def welch(a: Sequence[float], b: Sequence[float], confidence: float, name: str) -> TestResult:
    """Welch's t test of two independent groups, the mean difference with its interval."""
    if len(a) < 2 or len(b) < 2:
        return TestResult(name, None, None, None, None, "each group needs at least 2 values")
    va, vb = statistics.variance(a) / len(a), statistics.variance(b) / len(b)
    difference = statistics.fmean(a) - statistics.fmean(b)
    se = math.sqrt(va + vb)
    if se == 0:
        return TestResult(name, None, None, difference, None, "no variation in either group")
    df = (va + vb) ** 2 / (va**2 / (len(a) - 1) + vb**2 / (len(b) - 1))
    statistic = difference / se
    margin = t_value(confidence, df) * se
    return TestResult(
        name,
        statistic,
        two_sided_p(statistic, df),
        difference,
        (difference - margin, difference + margin),
    )


def paired(pairs: Sequence[tuple[float, float]], confidence: float, name: str) -> TestResult:
    """Paired t test of the same participants on two designs."""
    if len(pairs) < 2:
        return TestResult(name, None, None, None, None, "needs at least 2 participants with both")
    differences = [a - b for a, b in pairs]
    mean = statistics.fmean(differences)
    sd = statistics.stdev(differences)
    if sd == 0:
        return TestResult(name, None, None, mean, None, "every difference is the same")
    se = sd / math.sqrt(len(pairs))
    statistic = mean / se
    margin = t_value(confidence, len(pairs) - 1) * se
    return TestResult(
        name,
        statistic,
        two_sided_p(statistic, len(pairs) - 1),
        mean,
        (mean - margin, mean + margin),
    )


def two_sided_p(statistic: float, df: float) -> float:
    """Two-sided p of a t statistic. The t tests are computed here from their own standard
    errors (the same numbers as scipy's ttest_ind and ttest_rel, which the tests check),
    because scipy warns of lost precision when one group's values are all equal."""
    return 2 * float(stats.t.sf(abs(statistic), df))


def time_ratio(result: TestResult) -> TestResult:
    """A test on log times, restated as the ratio of geometric means with its interval."""
    if result.difference is None:
        return result
    ci = (math.exp(result.ci[0]), math.exp(result.ci[1])) if result.ci else None
    return TestResult(
        result.test,
        result.statistic,
        result.p_value,
        math.exp(result.difference),
        ci,
        result.reason,
    )


NPS_TEST = "adjusted-wald z"


def net_promoter_difference(
    a: Sequence[float], b: Sequence[float], confidence: float
) -> TestResult:
    """Net Promoter Scores of two independent groups: the adjusted-Wald difference test of
    Lewis & Sauro ("How to Statistically Compare Two Net Promoter Scores", MeasuringU 2021;
    evaluated in "Evaluating NPS Significance Tests with Real-World Data", 2021). Each group's
    adjusted NPS and variance as in `adjusted_net_promoter`; z is the difference of the adjusted
    scores over the root of the summed variances, its p two-sided from the normal, its interval
    that difference ± z_(1−α/2) standard errors. In points; `difference` is the observed
    NPS_a − NPS_b (as the single score beside its adjusted interval)."""
    if not a or not b:
        return TestResult(NPS_TEST, None, None, None, None, "each group needs at least 1 rating")
    (pro_a, det_a), (pro_b, det_b) = promoters_and_detractors(a), promoters_and_detractors(b)
    centre_a, var_a = adjusted_net_promoter(pro_a, det_a, len(a))
    centre_b, var_b = adjusted_net_promoter(pro_b, det_b, len(b))
    difference = centre_a - centre_b
    se = math.sqrt(var_a + var_b)
    statistic = difference / se
    margin = z_value(confidence) * se
    return TestResult(
        NPS_TEST,
        statistic,
        2 * float(stats.norm.sf(abs(statistic))),
        100 * ((pro_a - det_a) / len(a) - (pro_b - det_b) / len(b)),
        (100 * (difference - margin), 100 * (difference + margin)),
    )


def clipped(result: TestResult, scale: tuple[float, float] | None) -> TestResult:
    """A difference of two scores on a bounded scale, its interval clipped to what such a
    difference can be: ±(high − low) (SPEC §6)."""
    if result.ci is None or scale is None:
        return result
    widest = scale[1] - scale[0]
    low, high = max(-widest, result.ci[0]), min(widest, result.ci[1])
    return dataclasses.replace(result, ci=(low, high))
