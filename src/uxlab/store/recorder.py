"""A live log of one session by one author, for the keyboard logger: each event is checked
against the session as stored and committed in its own transaction."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from uxlab.errors import InvalidEvent
from uxlab.recording.derive import TaskAttempt
from uxlab.recording.events import EventRecord, new_event
from uxlab.recording.replay import Replay
from uxlab.recording.rules import StudyRules
from uxlab.recording.times import utc_now
from uxlab.store.appending import append_live
from uxlab.store.derived import stored_replay
from uxlab.store.engine import Store
from uxlab.store.events import session_rules
from uxlab.store.models import Participant, ProtocolVersion, StudySession
from uxlab.store.sessions import find_session


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
            self.replay: Replay = stored_replay(s, self.visit)
        # Other authors' events that the last event made stop counting (see check_live).
        self.warnings: list[str] = []
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
        return self.visit.shown_variant

    @property
    def ended(self) -> bool:
        return self.replay.status != "in_progress"

    @property
    def status(self) -> str:
        return self.replay.status

    @property
    def paused(self) -> bool:
        return self.replay.paused

    @property
    def history(self) -> list[EventRecord]:
        """This author's events, in time order."""
        return [e for e in self.replay.events if e.author == self.author]

    def record(
        self, kind: str, task: str | None = None, at: datetime | None = None, **data: Any
    ) -> EventRecord:
        """Check and commit one event; InvalidEvent (nothing stored) if the rules refuse it."""
        event = new_event(kind, at or utc_now(), self.author, task, **data)
        return self._append(event)

    def _append(self, event: EventRecord) -> EventRecord:
        with self.store.writing() as s:
            # The row as this recorder last wrote it: no query per key press.
            visit = s.merge(self.visit, load=False)
            appended = append_live(
                s, visit, [event], self.rules, known=self.replay, participant=self.participant
            )
        self.visit, self.replay, self.warnings = visit, appended.replay, appended.warnings
        return appended.events[0]

    def start_next(self) -> EventRecord:
        upcoming = self.next_task()
        if upcoming is None:
            raise InvalidEvent("every task of the protocol has been attempted")
        return self.record("task_start", upcoming.id, variant=upcoming.variant)

    def undo_last(self) -> EventRecord:
        """Undo this author's latest event that still counts (never the session's start)."""
        candidates = [e for e in self.replay.of(self.author) if e.type != "session_start"]
        if not candidates:
            raise InvalidEvent("nothing to undo")
        return self.record("undo", target=str(candidates[-1].id))

    def end(self, status: str = "completed") -> None:
        self.record("session_end", status=status)

    def attempts(self) -> list[TaskAttempt]:
        return self.replay.attempts

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

    def answered(self) -> set[tuple[str, str, str | None]]:
        """The (questionnaire, item, task) of every answer that counts."""
        return {(a.questionnaire, a.item, a.task) for a in self.replay.answers}

    def recent(self, count: int) -> list[tuple[EventRecord, bool]]:
        """This author's latest events with whether each still counts."""
        return [(e, self.replay.counts(e.id)) for e in self.history[-count:]]
