"""What the analysis reads: per task and variant, the counts and sums (which the store computes
in SQL) and the facts that distributions need (streamed), keyed by session."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from uxlab.recording.identity import Resolution


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
    with_abandonment: int = 0  # attempts whose source could say a failure was giving up
    gave_up: int = 0  # of those, abandoned or timeout
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
    # session -> what its source recorded (session_start's `recorded`: counts, abandonment and
    # the questionnaires a results CSV carries), for sessions whose source says; the others
    # recorded everything
    recorded: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Participant codes in conflict, and which of their sessions were left out of every figure
    conflicts: list[Resolution] = field(default_factory=list)

    def cell(self, task: str, variant: str) -> CellData:
        return self.cells.setdefault((task, variant), CellData())

    def not_recorded(self, instrument: str, sessions: Iterable[str]) -> bool:
        """Whether there were sessions that could have answered `instrument` and none of them
        recorded it (a results CSV without its column)."""
        could = False
        for session in sessions:
            if instrument in self.recorded.get(session, (instrument,)):
                return False
            could = True
        return could

    def sessions_of(self, variant: str) -> set[str]:
        """The sessions with a counted attempt or an answer on a variant."""
        found = {s for (_, v), cell in self.cells.items() if v == variant for s in cell.by_session}
        for answers in self.answers.get(variant, {}).values():
            found.update(answers)
        return found | set(self.sus.get(variant, {}))
