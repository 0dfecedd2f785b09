"""A live log of one session by one author, for the keyboard logger: each event is checked
against rules and state held in memory, then committed in its own transaction."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from uxlab.errors import InvalidEvent
from uxlab.recording.derive import TaskAttempt, derive_attempts, effective_events
from uxlab.recording.events import CORRECTIONS, EventRecord, new_event
from uxlab.recording.rules import SessionState, StudyRules
from uxlab.recording.times import utc_now
from uxlab.store.appending import check_in_session
from uxlab.store.derived import refresh_session
from uxlab.store.engine import Store
from uxlab.store.events import session_events, session_rules, store_event
from uxlab.store.models import Participant, ProtocolVersion, StudySession
from uxlab.store.sessions import end_session, find_session


@dataclass(frozen=True)
class PlannedTask:
    """One task to attempt, on one variant in a within design."""

    id: str
    variant: str | None
    title: str
    scenario: str
    success: str
    time_limit: float | None


class SessionRecorder:
    """One author's live log of one session."""

    def __init__(self, store: Store, session_ref: str, author: str | None = None) -> None:
        self.store = store
        with store.reading() as s:
            self.visit: StudySession = find_session(s, session_ref)
            self.rules: StudyRules = session_rules(s, self.visit)
            self.definition: dict[str, Any] = s.get_one(
                ProtocolVersion, self.visit.protocol_version_id
            ).definition
            self.participant = s.get_one(Participant, self.visit.participant_id).code
            self.author = author or self.visit.moderator or "moderator"
            self.history: list[EventRecord] = session_events(s, self.visit.id, self.author)
        self.state = SessionState.of(self.history)
        self.state.started = self.state.started or self.visit.started_at
        # A between session goes through the tasks once; a within one once per variant.
        order: list[str | None] = list(self.visit.variant_order or ()) or [None]
        self.plan = [
            PlannedTask(
                t["id"],
                v if self.rules.design == "within" else None,
                t["title"],
                t["scenario"],
                t["success"],
                t.get("time_limit"),
            )
            for v in order
            for t in self.definition["tasks"]
        ]

    @property
    def session_id(self) -> str:
        return str(self.visit.id)

    @property
    def variant(self) -> str:
        return self.visit.variant or ",".join(self.visit.variant_order or [])

    @property
    def ended(self) -> bool:
        return self.visit.status != "in_progress"

    def record(
        self, kind: str, task: str | None = None, at: datetime | None = None, **data: Any
    ) -> EventRecord:
        """Check and commit one event; InvalidEvent (nothing stored) if the rules refuse it."""
        if self.ended:
            raise InvalidEvent(f"the session is {self.visit.status}")
        event = new_event(kind, at or utc_now(), self.author, task, **data)
        checked = check_in_session(self.rules, self.state, self.visit, event)
        with self.store.writing() as s:
            store_event(s, self.visit, checked)
            if self.author == self.visit.moderator:
                refresh_session(s, self.visit, [*self.history, checked], self.rules, checked.type)
        self.history.append(checked)
        self.state = self.state.add(checked, self.history)
        return checked

    def start_next(self) -> EventRecord:
        upcoming = self.next_task()
        if upcoming is None:
            raise InvalidEvent("every task of the protocol has been attempted")
        return self.record("task_start", upcoming.id, variant=upcoming.variant)

    def undo_last(self) -> EventRecord:
        """Undo this author's latest event that still counts (never the session's start)."""
        candidates = [e for e in effective_events(self.history) if e.type != "session_start"]
        if not candidates:
            raise InvalidEvent("nothing to undo")
        return self.record("undo", target=str(candidates[-1].id))

    def end(self, status: str = "completed") -> None:
        with self.store.writing() as s:
            visit = s.get_one(StudySession, self.visit.id)
            end_session(s, visit, utc_now(), self.author, status)
        self.visit.status = status

    def attempts(self) -> list[TaskAttempt]:
        return derive_attempts(
            self.history, self.rules.tasks, self.rules.markers, self.visit.variant
        )

    def open_attempt(self) -> TaskAttempt | None:
        return next((a for a in self.attempts() if a.outcome is None), None)

    def next_task(self) -> PlannedTask | None:
        done = Counter(
            (a.task, a.variant if self.rules.design == "within" else None)
            for a in self.attempts()
            if a.outcome is not None
        )
        for planned in self.plan:
            if done[(planned.id, planned.variant)]:
                done[(planned.id, planned.variant)] -= 1
            else:
                return planned
        return None

    def planned(self, task: str, variant: str | None) -> PlannedTask:
        return next(p for p in self.plan if p.id == task and p.variant in (variant, None))

    def recent(self, count: int) -> list[tuple[EventRecord, bool]]:
        """The latest events with whether each still counts (corrections always do)."""
        alive = {e.id for e in effective_events(self.history)}
        return [(e, e.id in alive or e.type in CORRECTIONS) for e in self.history[-count:]]
