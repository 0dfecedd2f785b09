"""Results that state their n and, when they cannot be computed, say why instead of guessing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

Interval = tuple[float, float]


@dataclass(frozen=True)
class Estimate:
    """A point estimate with its interval; `value` or `ci` is None with a `reason` when the data
    cannot support them (n = 0, or n = 1 for an interval)."""

    n: int
    value: float | None
    ci: Interval | None
    reason: str | None = None

    def json(self, name: str = "value") -> dict[str, Any]:
        body: dict[str, Any] = {"n": self.n, name: self.value, "ci": as_list(self.ci)}
        if self.reason:
            body["reason"] = self.reason
        return body


@dataclass(frozen=True)
class TestResult:
    """A comparison or benchmark test."""

    test: str
    statistic: float | None
    p_value: float | None
    difference: float | None
    ci: Interval | None
    reason: str | None = None
    exact_p: float | None = None  # McNemar: the exact p beside the mid-p

    def json(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "test": self.test,
            "statistic": self.statistic,
            "p_value": self.p_value,
            "difference": self.difference,
            "ci": as_list(self.ci),
        }
        if self.exact_p is not None:
            body["exact_p_value"] = self.exact_p
        if self.reason:
            body["reason"] = self.reason
        return body


def as_list(ci: Interval | None) -> list[float] | None:
    """An interval as JSON: [low, high], or null."""
    return [ci[0], ci[1]] if ci is not None else None


def missing(n: int, what: str) -> str:
    """The reason a figure is null."""
    if n == 0:
        return f"no {what}"
    return f"n = {n}: an interval needs at least 2 {what}"
