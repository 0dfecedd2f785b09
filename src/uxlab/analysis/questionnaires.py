"""Questionnaire scores: SUS, UMUX-Lite, NPS."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from uxlab.analysis.figures import Estimate, missing
from uxlab.analysis.intervals import mean_interval, z_value
from uxlab.recording.questionnaires import STANDARD


def sus_score(answers: Sequence[float]) -> float:
    """System Usability Scale score (Brooke 1996): odd items x − 1, even items 5 − x, the sum
    times 2.5. `answers` are items 1 to 10 in order."""
    if len(answers) != 10:
        raise ValueError(f"SUS has 10 items, got {len(answers)}")
    return 2.5 * sum((a - 1) if i % 2 == 0 else (5 - a) for i, a in enumerate(answers))


# Sauro & Lewis (2016, table 8.5) curved grading scale: lowest score of each grade, and the
# percentile range it spans. The percentile curve is interpolated through these published points.
GRADES: tuple[tuple[str, float, int], ...] = (
    ("A+", 84.1, 96),
    ("A", 80.8, 90),
    ("A-", 78.9, 85),
    ("B+", 77.2, 80),
    ("B", 74.1, 70),
    ("B-", 72.6, 65),
    ("C+", 71.1, 60),
    ("C", 65.0, 41),
    ("C-", 62.7, 35),
    ("D", 51.7, 15),
    ("F", 0.0, 0),
)


def sus_grade(score: float) -> str:
    """The Sauro–Lewis curved grade of a SUS score."""
    return next(grade for grade, lowest, _ in GRADES if score >= lowest)


def sus_percentile(score: float) -> float:
    """Percentile rank of a SUS score on the published lookup curve (Sauro & Lewis 2016, table
    8.5: the score at which each grade starts and its percentile), linear between those points;
    100 at a score of 100. Not a normal approximation."""
    points = [(100.0, 100.0), *((lowest, float(pct)) for _, lowest, pct in GRADES)]
    for (high_score, high_pct), (low_score, low_pct) in pairwise(points):
        if score >= low_score:
            share = (score - low_score) / (high_score - low_score)
            return low_pct + share * (high_pct - low_pct)
    return 0.0


def umux_lite_score(capabilities: float, ease: float) -> float:
    """UMUX-Lite on 0–100 from its two 7-point items (Lewis, Utesch & Maher 2013)."""
    return (capabilities - 1 + ease - 1) / 12 * 100


def umux_lite_as_sus(score: float) -> float:
    """UMUX-Lite regressed onto the SUS scale: 0.65 × score + 22.9 (Lewis et al. 2013)."""
    return 0.65 * score + 22.9


@dataclass(frozen=True)
class NetPromoter:
    n: int
    promoters: int
    detractors: int
    score: Estimate  # in points, −100 … 100


def promoters_and_detractors(ratings: Sequence[float]) -> tuple[int, int]:
    """Promoters rate 9–10, detractors 0–6 (Reichheld 2003)."""
    return sum(1 for r in ratings if r >= 9), sum(1 for r in ratings if r <= 6)


def adjusted_net_promoter(promoters: int, detractors: int, n: int) -> tuple[float, float]:
    """The adjusted-Wald NPS as a share (−1 … 1) and its variance: 3 added to n and 3/4 to
    promoters and to detractors, the variance that of a difference of two proportions of one
    sample, (p_pro + p_det − (p_pro − p_det)²) / (n + 3) (Rocks 2016; Lewis & Sauro 2021)."""
    adjusted_n = n + 3
    pro, det = (promoters + 0.75) / adjusted_n, (detractors + 0.75) / adjusted_n
    return pro - det, (pro + det - (pro - det) ** 2) / adjusted_n


def net_promoter(ratings: Sequence[float], confidence: float) -> NetPromoter:
    """Net Promoter Score: % promoters (9–10) − % detractors (0–6), with the adjusted-Wald
    interval of Rocks (2016), as MeasuringU recommends (see `adjusted_net_promoter`)."""
    n = len(ratings)
    promoters, detractors = promoters_and_detractors(ratings)
    if n == 0:
        return NetPromoter(0, 0, 0, Estimate(0, None, None, missing(0, "ratings")))
    score = 100 * (promoters - detractors) / n
    centre, variance = adjusted_net_promoter(promoters, detractors, n)
    margin = z_value(confidence) * math.sqrt(variance)
    ci = (100 * max(-1.0, centre - margin), 100 * min(1.0, centre + margin))
    return NetPromoter(n, promoters, detractors, Estimate(n, score, ci))


# The ranges of the scores (each item's own range: recording.questionnaires).
SEQ_SCALE = (float(STANDARD["seq"].low), float(STANDARD["seq"].high))
SUS_SCALE = (0.0, 100.0)
UMUX_LITE_SCALE = (0.0, 100.0)
NPS_SCALE = (-100.0, 100.0)
SCORE_SCALES = {"seq": SEQ_SCALE, "sus": SUS_SCALE, "umux-lite": UMUX_LITE_SCALE, "nps": NPS_SCALE}


def score_range(definition: dict[str, Any], name: str) -> tuple[float, float] | None:
    """The range of a questionnaire's score: a standard instrument's, or a custom item's from
    the protocol (None for a name it does not know)."""
    if name in SCORE_SCALES:
        return SCORE_SCALES[name]
    for item in definition["questionnaires"].get("items", []):
        if item["id"] == name:
            return float(item["min"]), float(item["max"])
    return None


def sus_summary(scores: Sequence[float], confidence: float) -> dict[str, object]:
    estimate = mean_interval(scores, confidence, SUS_SCALE)
    body = estimate.json("mean")
    if estimate.value is not None:
        body["grade"] = sus_grade(estimate.value)
        body["percentile"] = round(sus_percentile(estimate.value), 1)
    return body
