"""Task attempts derived from events (SPEC §4): corrections applied, paused time removed."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from uxlab.recording.events import CORRECTIONS, EventRecord, sort_key


def effective_events(events: Iterable[EventRecord]) -> list[EventRecord]:
    """The events that count, in time order: undone events removed, amends applied, and the
    corrections themselves left out. An undo that is itself undone restores its target."""
    events = list(events)
    undos: dict[uuid.UUID, list[EventRecord]] = {}
    for event in events:
        if event.type == "undo" and event.target is not None:
            undos.setdefault(event.target, []).append(event)

    memo: dict[uuid.UUID, bool] = {}

    def alive(event_id: uuid.UUID, seen: frozenset[uuid.UUID] = frozenset()) -> bool:
        if event_id not in memo:
            if event_id in seen:  # an undo cycle can only come from a corrupt import
                return True
            memo[event_id] = not any(
                alive(undo.id, seen | {event_id}) for undo in undos.get(event_id, [])
            )
        return memo[event_id]

    by_id = {event.id: event for event in events if alive(event.id)}
    for amend in sorted((e for e in by_id.values() if e.type == "amend"), key=sort_key):
        target = amend.target
        fields = amend.data.get("fields")
        if target in by_id and isinstance(fields, Mapping):
            by_id[target] = by_id[target].amended(fields)
    return sorted((e for e in by_id.values() if e.type not in CORRECTIONS), key=sort_key)


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
    errors: int
    assists: int
    steps: int
    notes: int


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

    def close(self, at: datetime | None, outcome: str | None, limit: float | None) -> TaskAttempt:
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
            self.errors,
            self.assists,
            self.steps,
            self.notes,
        )


def derive_attempts(
    events: Iterable[EventRecord],
    time_limits: Mapping[str, float | None],
    markers: Mapping[str, str],
    variant: str | None = None,
) -> list[TaskAttempt]:
    """The task attempts in one author's events of one session, in the order they started.

    `variant` is the session's variant (between designs); in a within design each task_start
    names its own. An attempt still open at the end has outcome None.
    """
    attempts: list[TaskAttempt] = []
    current: _Open | None = None
    for event in effective_events(events):
        kind = event.type
        if kind == "marker":
            kind = markers.get(str(event.data.get("name")), "note")
        if kind == "task_start" and event.task is not None:
            if current is not None:
                attempts.append(current.close(None, None, None))
            chosen = event.data.get("variant", variant)
            current = _Open(event.task, str(chosen) if chosen is not None else None, event.at)
        elif current is None:
            continue
        elif kind == "task_end":
            attempts.append(current.close(event.at, event.outcome, time_limits.get(current.task)))
            current = None
        elif kind == "pause" and current.paused_since is None:
            current.paused_since = event.at
        elif kind == "resume" and current.paused_since is not None:
            current.paused_s += (event.at - current.paused_since).total_seconds()
            current.paused_since = None
        elif kind in ("error", "assist", "step", "note"):
            attribute = {"error": "errors", "assist": "assists", "step": "steps", "note": "notes"}
            setattr(current, attribute[kind], getattr(current, attribute[kind]) + 1)
    if current is not None:
        attempts.append(current.close(None, None, None))
    return attempts
