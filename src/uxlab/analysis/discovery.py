"""Problem discovery (Lewis 2001; Sauro & Lewis, Quantifying the User Experience, ch. 7)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Set
from dataclasses import dataclass

GOALS = (5, 10, 20)


@dataclass(frozen=True)
class Discovery:
    participants: int
    problems: int
    p: float | None  # mean share of participants who met each problem
    p_adjusted: float | None  # the small-sample adjustment
    found_with: dict[int, float | None]  # share of problems expected to be found with n people
    reason: str | None = None


def discovery(seen_by: Mapping[str, Set[str]], participants: int) -> Discovery:
    """Estimate the problem discovery rate p from a problem-by-participant matrix, and its
    small-sample adjustment (Lewis 2001): the mean of the deflated estimate (p − 1/n)(1 − 1/n)
    and the Good–Turing estimate p / (1 + N1/N), where N1 of the N problems were seen once."""
    problems = len(seen_by)
    if participants == 0 or problems == 0:
        reason = "no participants" if participants == 0 else "no problems recorded"
        return Discovery(participants, problems, None, None, dict.fromkeys(GOALS), reason)
    p = sum(len(who) for who in seen_by.values()) / (problems * participants)
    once = sum(1 for who in seen_by.values() if len(who) == 1)
    deflated = (p - 1 / participants) * (1 - 1 / participants)
    good_turing = p / (1 + once / problems)
    adjusted = (deflated + good_turing) / 2
    return Discovery(
        participants, problems, p, adjusted, {n: found_share(adjusted, n) for n in GOALS}
    )


def found_share(p: float, n: int) -> float:
    """Share of problems expected to be found with n participants: 1 − (1 − p)^n."""
    return 1 - (1 - p) ** n


def participants_for(goal: float, p: float) -> int | None:
    """Participants needed to find `goal` (e.g. .85) of the problems with discovery rate p."""
    if not 0 < p < 1 or not 0 < goal < 1:
        return None
    return math.ceil(math.log(1 - goal) / math.log(1 - p))
