"""What the analysis reads: per task and variant, the counts and sums (which the store computes
in SQL) and the facts that distributions need (streamed), keyed by session."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class AttemptFacts:
    """The counted attempt of one session on one task and variant."""

    outcome: str
    time_s: float | None
    steps: int | None  # None: not recorded
    errors: int | None  # None: not recorded


@dataclass
class CellData:
    attempts: int = 0
    successes: int = 0
    with_errors: int = 0  # attempts whose source recorded errors (a results CSV may not)
    errors: int = 0
    error_free: int = 0
    with_assists: int = 0
    assists: int = 0
    gave_up: int = 0  # abandoned or timeout
    skipped: int = 0
    by_session: dict[str, AttemptFacts] = field(default_factory=dict)
    seq: dict[str, float] = field(default_factory=dict)
    items: dict[str, dict[str, float]] = field(default_factory=dict)


@dataclass
class StudyData:
    participants: int = 0
    cells: dict[tuple[str, str], CellData] = field(default_factory=dict)
    # variant -> questionnaire -> session -> item -> value (SUS comes scored, below)
    answers: dict[str, dict[str, dict[str, dict[str, float]]]] = field(default_factory=dict)
    # variant -> session -> SUS score, for sessions that answered all ten items
    sus: dict[str, dict[str, float]] = field(default_factory=dict)

    def cell(self, task: str, variant: str) -> CellData:
        return self.cells.setdefault((task, variant), CellData())
