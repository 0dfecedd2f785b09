"""Task attempts derived from a session's effective events (SPEC §4): paused time removed, the
time limit applied. `recording.replay` decides which events are effective."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from uxlab.recording.events import EventRecord


@dataclass(frozen=True)
class TaskAttempt:
    """One task in one session (and one variant, in a within design)."""

    task: str
    variant: str | None
    outcome: str | None  # None while the attempt is still open
    started_at: datetime
    ended_at: datetime | None
    time_s: float | None
    paused_s: float
    errors: int | None  # None where the source did not record them (a results CSV's columns)
    assists: int | None
    steps: int | None
    notes: int


# What a session's source may leave unrecorded (session_start's `recorded` lists what it has):
# the counts of an attempt; abandonment (whether a failed attempt was given up, which a results
# CSV's 1/0 outcome cannot say); and the questionnaires a results CSV can carry. What a source's
# list leaves out, it did not record.
COUNTS = ("errors", "assists", "steps")
MEASURES = (*COUNTS, "abandonment", "seq", "sus", "nps")


@dataclass
class _Open:
    task: str
    variant: str | None
    started_at: datetime
    paused_s: float = 0.0
    paused_since: datetime | None = None
    errors: int = 0
    assists: int = 0
    steps: int = 0
    notes: int = 0

    def close(
        self,
        at: datetime | None,
        outcome: str | None,
        limit: float | None,
        recorded: tuple[str, ...] = MEASURES,
    ) -> TaskAttempt:
        paused = self.paused_s
        if at is not None and self.paused_since is not None:
            paused += (at - self.paused_since).total_seconds()
        time_s = None
        if at is not None:
            time_s = max(0.0, (at - self.started_at).total_seconds() - paused)
            if limit is not None and time_s > limit and outcome is not None:
                outcome = "timeout"
        return TaskAttempt(
            self.task,
            self.variant,
            outcome,
            self.started_at,
            at,
            time_s,
            paused,
            self.errors if "errors" in recorded else None,
            self.assists if "assists" in recorded else None,
            self.steps if "steps" in recorded else None,
            self.notes,
        )


_COUNTED = {"error": "errors", "assist": "assists", "step": "steps", "note": "notes"}


def derive_attempts(
    effective: Iterable[EventRecord],
    time_limits: Mapping[str, float | None],
    markers: Mapping[str, str],
    variant: str | None = None,
    recorded: tuple[str, ...] = MEASURES,
) -> list[TaskAttempt]:
    """The task attempts in the moderator's effective events of one session (time order, as
    `replay` gives them), in the order they started.

    `variant` is the session's variant (between designs); in a within design each task_start
    names its own. An attempt still open at the end has outcome None. Measures not in
    `recorded` are None: their absence says nothing.
    """
    attempts: list[TaskAttempt] = []
    current: _Open | None = None
    for event in effective:
        kind = event.type
        if kind == "marker":
            kind = markers.get(str(event.data.get("name")), "note")
        if kind == "task_start" and event.task is not None:
            if current is not None:
                attempts.append(current.close(None, None, None, recorded))
            chosen = event.data.get("variant", variant)
            current = _Open(event.task, str(chosen) if chosen is not None else None, event.at)
        elif current is None:
            continue
        elif kind == "task_end":
            limit = time_limits.get(current.task)
            attempts.append(current.close(event.at, event.outcome, limit, recorded))
            current = None
        elif kind == "pause" and current.paused_since is None:
            current.paused_since = event.at
        elif kind == "resume" and current.paused_since is not None:
            current.paused_s += (event.at - current.paused_since).total_seconds()
            current.paused_since = None
        elif kind in _COUNTED:
            setattr(current, _COUNTED[kind], getattr(current, _COUNTED[kind]) + 1)
    if current is not None:
        attempts.append(current.close(None, None, None, recorded))
    return attempts
