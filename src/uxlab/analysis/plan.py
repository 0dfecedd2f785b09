"""Sample sizes for planning a study (Sauro & Lewis, Quantifying the User Experience, ch. 6)."""

from __future__ import annotations

import math

from scipy import stats

from uxlab.analysis.intervals import z_value


def for_completion_margin(margin: float, confidence: float, expected: float = 0.5) -> int:
    """Participants for a completion-rate interval of ± `margin` with the adjusted-Wald
    interval: n = z²p(1 − p)/d² − z² (Sauro & Lewis 2016, ch. 6), at least 1."""
    z = z_value(confidence)
    return max(1, math.ceil(z * z * expected * (1 - expected) / (margin * margin) - z * z))


def for_two_proportions(p1: float, p2: float, confidence: float, power: float) -> int:
    """Participants per group to detect completion rates p1 against p2 with a two-sided test
    at the given confidence and power (Fleiss 1981, without continuity correction)."""
    z_alpha = z_value(confidence)
    z_beta = float(stats.norm.ppf(power))
    mean = (p1 + p2) / 2
    numerator = (
        z_alpha * math.sqrt(2 * mean * (1 - mean))
        + z_beta * math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))
    ) ** 2
    return math.ceil(numerator / (p1 - p2) ** 2)
