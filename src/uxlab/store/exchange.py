"""Moving events in and out of the store: export in a stable order, import all or nothing."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence

from sqlalchemy import case, select
from sqlalchemy.orm import Session

from uxlab.exchange.jsonl import ExchangedEvent
from uxlab.store.events import event_rows, to_record
from uxlab.store.models import Event, Participant, StudySession
from uxlab.store.sessions import find_session
from uxlab.store.studies import get_study

_TIES = case(
    {"session_start": 0, "task_end": 1, "task_start": 2, "session_end": 4},
    value=Event.type,
    else_=3,
)


def export_events(
    db: Session,
    study: str,
    session: str | None = None,
    sessions: Sequence[uuid.UUID] | None = None,
    versions: Sequence[uuid.UUID] | None = None,
) -> Iterator[ExchangedEvent]:
    """A study's events (or one session's, those of `sessions`, or those of sessions of some
    protocol `versions`): sessions by start, events in time order."""
    query = (
        select(Event, Participant.code, StudySession.variant)
        .join(StudySession, StudySession.id == Event.session_id)
        .join(Participant, Participant.id == StudySession.participant_id)
        .where(StudySession.study_id == get_study(db, study).id)
        .order_by(StudySession.started_at, StudySession.id, Event.at, _TIES, Event.id)
    )
    if session is not None:
        query = query.where(StudySession.id == find_session(db, session).id)
    if sessions is not None:
        query = query.where(StudySession.id.in_(sessions))
    if versions is not None:
        query = query.where(StudySession.protocol_version_id.in_(versions))
    for row, participant, variant in event_rows(db, query.execution_options(yield_per=2000)):
        event = to_record(row)
        yield ExchangedEvent(
            event, study, row.session_id, participant, event.data.get("variant", variant)
        )
