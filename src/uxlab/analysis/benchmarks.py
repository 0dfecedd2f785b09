"""Testing a design against a benchmark (Sauro & Lewis, Quantifying the User Experience, ch. 4)."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence

from scipy import stats

from uxlab.analysis.figures import TestResult


def completion_against(successes: int, n: int, benchmark: float) -> TestResult:
    """Is the completion rate above the benchmark? One-sided exact binomial test, mid-p
    (P(X > x) + P(X = x) / 2 under the benchmark rate)."""
    if n == 0:
        return TestResult("binomial mid-p", None, None, None, None, "no attempts")
    above = float(stats.binom.sf(successes, n, benchmark))
    at = float(stats.binom.pmf(successes, n, benchmark))
    p_value = above + at / 2
    return TestResult("binomial mid-p", float(successes), p_value, successes / n - benchmark, None)


def mean_against(values: Sequence[float], benchmark: float, name: str) -> TestResult:
    """Is the mean above the benchmark? One-sided one-sample t test (SEQ, SUS)."""
    if len(values) < 2:
        return TestResult(name, None, None, None, None, "needs at least 2 values")
    if min(values) == max(values):
        return TestResult(
            name, None, None, statistics.fmean(values) - benchmark, None, "every value is the same"
        )
    result = stats.ttest_1samp(values, benchmark, alternative="greater")
    return TestResult(
        name,
        float(result.statistic),
        float(result.pvalue),
        statistics.fmean(values) - benchmark,
        None,
    )


def times_against(times: Sequence[float], target: float) -> TestResult:
    """Are times below the target? One-sided one-sample t test on log times; the difference is
    the ratio of the geometric mean to the target."""
    if len(times) < 2 or any(t <= 0 for t in times):
        return TestResult(
            "one-sample t on log times", None, None, None, None, "needs at least 2 times above 0 s"
        )
    logs = [math.log(t) for t in times]
    if min(logs) == max(logs):
        return TestResult(
            "one-sample t on log times",
            None,
            None,
            math.exp(statistics.fmean(logs)) / target,
            None,
            "every time is the same",
        )
    result = stats.ttest_1samp(logs, math.log(target), alternative="less")
    return TestResult(
        "one-sample t on log times",
        float(result.statistic),
        float(result.pvalue),
        math.exp(statistics.fmean(logs)) / target,
        None,
    )
