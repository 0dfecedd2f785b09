"""Participant codes in conflict, in words, for the analysis' warnings and the report."""

from __future__ import annotations

from typing import Any


def conflict_warnings(result: dict[str, Any]) -> list[str]:
    """One sentence per participant code in conflict: why, and which session counts."""
    return [
        f"participant {c['participant']}: {'; '.join(c['why'])}: session {c['used'][:8]} counts, "
        f"{', '.join(s[:8] for s in c['left_out'])} left out of every figure"
        for c in result["conflicts"]
    ]
