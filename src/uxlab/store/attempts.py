"""A study's sessions replayed from their moderators' events, streamed."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from itertools import groupby

from sqlalchemy import select
from sqlalchemy.orm import Session

from uxlab.recording.events import EventRecord
from uxlab.recording.replay import replay
from uxlab.recording.results import SessionResults
from uxlab.recording.rules import StudyRules
from uxlab.store.events import event_rows, session_facts, to_record
from uxlab.store.models import Event, Participant, ProtocolVersion, StudySession
from uxlab.store.sessions import find_session
from uxlab.store.studies import get_study


def study_results(
    db: Session,
    study: str,
    session: str | None = None,
    versions: Sequence[uuid.UUID] | None = None,
) -> Iterator[SessionResults]:
    """Every session of a study (or one, or those of some protocol versions), in the order
    they started. One query reads all the events, in session order, so the cost grows with the
    events and not with the sessions."""
    study_row = get_study(db, study)
    visits = (
        select(StudySession, Participant.code)
        .join(Participant, Participant.id == StudySession.participant_id)
        .where(StudySession.study_id == study_row.id)
    )
    if session is not None:
        visits = visits.where(StudySession.id == find_session(db, session).id)
    if versions is not None:
        visits = visits.where(StudySession.protocol_version_id.in_(versions))
    sessions = {visit.id: (visit, code) for visit, code in db.execute(visits)}
    rules = {
        version.id: StudyRules.from_definition(version.definition)
        for version in db.scalars(
            select(ProtocolVersion).where(ProtocolVersion.study_id == study_row.id)
        )
    }
    rows = event_rows(
        db,
        select(
            Event.id,
            Event.session_id,
            Event.type,
            Event.at,
            Event.author,
            Event.task,
            Event.offset_s,
            Event.payload,
        )
        .join(StudySession, StudySession.id == Event.session_id)
        .where(StudySession.id.in_(sessions), Event.author == StudySession.moderator)
        .order_by(StudySession.started_at, StudySession.id)
        .execution_options(yield_per=5000),
    )
    for session_id, group in groupby(rows, key=lambda row: row.session_id):
        visit, participant = sessions[session_id]
        events = [to_record(row) for row in group]
        yield _results(visit, participant, rules[visit.protocol_version_id], events)


def _results(
    visit: StudySession, participant: str, rules: StudyRules, events: list[EventRecord]
) -> SessionResults:
    replayed = replay(events, session_facts(visit), rules)
    return SessionResults(
        id=visit.id,
        participant=participant,
        variant=visit.variant,
        status=replayed.status,
        started_at=visit.started_at,
        recording=visit.recording,
        recording_offset_s=visit.recording_offset_s,
        attempts=replayed.attempts,
        answers=replayed.answers,
        events=replayed.effective,
    )
