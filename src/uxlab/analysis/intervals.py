"""Confidence intervals for small samples (Sauro & Lewis, Quantifying the User Experience)."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence

from scipy import stats

from uxlab.analysis.figures import Estimate, missing


def z_value(confidence: float) -> float:
    """Two-sided critical value of the standard normal."""
    return float(stats.norm.ppf(1 - (1 - confidence) / 2))


def t_value(confidence: float, df: float) -> float:
    return float(stats.t.ppf(1 - (1 - confidence) / 2, df))


def adjusted_wald(successes: int, n: int, confidence: float) -> tuple[float, float] | None:
    """Adjusted Wald (Agresti–Coull) interval for a proportion, clipped to [0, 1]
    (Sauro & Lewis 2005; Agresti & Coull 1998)."""
    if n == 0:
        return None
    z = z_value(confidence)
    adjusted_n = n + z * z
    p = (successes + z * z / 2) / adjusted_n
    margin = z * math.sqrt(p * (1 - p) / adjusted_n)
    return max(0.0, p - margin), min(1.0, p + margin)


def best_estimate(successes: int, n: int, confidence: float = 0.95) -> float | None:
    """The small-sample best point estimate of a completion rate (Lewis & Sauro 2006): Wilson
    up to p = .5, the plain x/n below .9, the smaller of Laplace and Jeffreys from .9, and
    Laplace at 1. The Wilson adjustment uses the z of the chosen confidence level."""
    if n == 0:
        return None
    p = successes / n
    if p <= 0.5:
        z = z_value(confidence)
        return (successes + z * z / 2) / (n + z * z)
    if p < 0.9:
        return p
    laplace = (successes + 1) / (n + 2)
    if p == 1:
        return laplace
    return min(laplace, (successes + 0.5) / (n + 1))


def mean_interval(
    values: Sequence[float], confidence: float, scale: tuple[float, float] | None = None
) -> Estimate:
    """Mean with a t interval; on a bounded `scale` (SEQ 1–7, SUS 0–100) the interval is
    clipped to it (SPEC §6), as no mean can leave the scale."""
    n = len(values)
    if n == 0:
        return Estimate(0, None, None, missing(0, "values"))
    mean = statistics.fmean(values)
    if n == 1:
        return Estimate(1, mean, None, missing(1, "values"))
    margin = t_value(confidence, n - 1) * statistics.stdev(values) / math.sqrt(n)
    low, high = mean - margin, mean + margin
    if scale is not None:
        low, high = max(low, scale[0]), min(high, scale[1])
    return Estimate(n, mean, (low, high))


def geometric_mean_interval(times: Sequence[float], confidence: float) -> Estimate:
    """Geometric mean of task times with the t interval of the log times, transformed back
    (Sauro & Lewis 2016, ch. 3). Times of zero cannot be logged and are refused."""
    if any(t <= 0 for t in times):
        positive = [t for t in times if t > 0]
        reason = f"{len(times) - len(positive)} time(s) of 0 s cannot be averaged on a log scale"
        return Estimate(len(times), None, None, reason)
    logs = mean_interval([math.log(t) for t in times], confidence)
    value = math.exp(logs.value) if logs.value is not None else None
    ci = (math.exp(logs.ci[0]), math.exp(logs.ci[1])) if logs.ci else None
    return Estimate(logs.n, value, ci, logs.reason)


MEDIAN_INTERVAL_MIN_N = 25


def median_interval(times: Sequence[float], confidence: float) -> Estimate:
    """Median; from n = 25 with the distribution-free binomial-rank interval (the order
    statistics whose ranks bound the median with Binomial(n, .5) coverage)."""
    n = len(times)
    if n == 0:
        return Estimate(0, None, None, missing(0, "times"))
    ordered = sorted(times)
    median = statistics.median(ordered)
    if n < MEDIAN_INTERVAL_MIN_N:
        return Estimate(n, median, None, f"needs at least {MEDIAN_INTERVAL_MIN_N} times")
    lower_rank = max(1, int(stats.binom.ppf((1 - confidence) / 2, n, 0.5)))
    upper_rank = n - lower_rank + 1
    return Estimate(n, median, (ordered[lower_rank - 1], ordered[upper_rank - 1]))
