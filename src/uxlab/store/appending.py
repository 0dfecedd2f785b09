"""Appending an event: the rules are checked, the row is stored, derived rows follow."""

from __future__ import annotations

from sqlalchemy.orm import Session

from uxlab.errors import InvalidEvent
from uxlab.recording.events import EventRecord
from uxlab.recording.rules import SessionState, StudyRules, check_event
from uxlab.store.derived import refresh_session
from uxlab.store.events import session_events, session_rules, store_event
from uxlab.store.models import StudySession


def append_event(db: Session, visit: StudySession, event: EventRecord) -> EventRecord:
    """Check `event` against the session's protocol and its author's log, then store it.

    Raises InvalidEvent, leaving the store unchanged, when the rules refuse it.
    """
    if visit.status != "in_progress":
        raise InvalidEvent(f"the session is {visit.status}: `uxlab session resume` reopens it")
    history = session_events(db, visit.id, event.author)
    rules = session_rules(db, visit)
    checked = check_in_session(rules, SessionState.of(history), visit, event)
    store_event(db, visit, checked)
    if checked.author == visit.moderator:
        refresh_session(db, visit, [*history, checked], rules, checked.type)
    return checked


def check_in_session(
    rules: StudyRules, state: SessionState, visit: StudySession, event: EventRecord
) -> EventRecord:
    """The protocol's rules, plus what only the session knows: its start and variant order."""
    if state.started is None:
        state.started = visit.started_at
    checked = check_event(rules, state, event)
    if checked.type == "task_start" and rules.design == "within":
        order = visit.variant_order or []
        if checked.data.get("variant") not in order:
            raise InvalidEvent(
                f"variant '{checked.data.get('variant')}' is not in this session's order "
                f"({', '.join(order)})"
            )
    return checked
