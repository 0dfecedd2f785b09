"""Event rows: reading a session's, writing them, and the problem sightings they imply."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any, Protocol, TypeVarTuple

from sqlalchemy import Row, Select, func, insert, select, update
from sqlalchemy.orm import Session

from uxlab.errors import InvalidEvent, StoredDataInvalid
from uxlab.recording.events import EventRecord
from uxlab.recording.replay import SessionFacts
from uxlab.recording.rules import StudyRules
from uxlab.store.bulk import RowBuffer
from uxlab.store.models import (
    Event,
    Problem,
    ProblemSighting,
    ProtocolVersion,
    StudySession,
)


def session_events(db: Session, session_id: uuid.UUID) -> list[EventRecord]:
    """A session's events, read as plain rows (no ORM objects: the logging path reads them at
    every key press)."""
    query = select(
        Event.id, Event.type, Event.at, Event.author, Event.task, Event.offset_s, Event.payload
    ).where(Event.session_id == session_id)
    return [to_record(row) for row in event_rows(db, query.order_by(Event.at, Event.id))]


_Columns = TypeVarTuple("_Columns")


def event_rows(db: Session, query: Select[*_Columns]) -> Iterator[Row[*_Columns]]:
    """The rows of a query on events; a value the driver cannot convert (an id that is not a
    UUID, a time that is not one, data that is not JSON text) is a StoredDataInvalid."""
    try:
        yield from db.execute(query)
    except ValueError as exc:
        raise StoredDataInvalid("an event row", str(exc) or type(exc).__name__) from None


def lock_session(db: Session, visit: StudySession) -> None:
    """Hold a session's row until the transaction ends, so that two writers of one session's
    events (two laptops logging into one PostgreSQL, a sync during logging) take turns and each
    replays what the other stored. SQLite's writers take turns already (BEGIN IMMEDIATE)."""
    if db.get_bind().dialect.name != "sqlite":
        db.execute(select(StudySession.id).where(StudySession.id == visit.id).with_for_update())


def event_count(db: Session, session_id: uuid.UUID) -> int:
    """How many events a session holds: as events are only ever added, a replay of that many
    events is still the session's replay."""
    return db.scalar(select(func.count()).where(Event.session_id == session_id)) or 0


class EventFields(Protocol):
    """An Event row, or a selected row with the same columns."""

    id: uuid.UUID
    type: str
    at: datetime
    author: str
    task: str | None
    offset_s: float
    payload: dict[str, Any]


def to_record(row: EventFields) -> EventRecord:
    if not isinstance(row.payload, dict):
        raise StoredDataInvalid(f"event {row.id}", "its data is not a JSON object")
    return EventRecord(row.id, row.type, row.at, row.author, row.task, row.offset_s, row.payload)


def session_rules(db: Session, visit: StudySession) -> StudyRules:
    version = db.get_one(ProtocolVersion, visit.protocol_version_id)
    return StudyRules.from_definition(version.definition)


def session_facts(visit: StudySession) -> SessionFacts:
    """What a session's replay needs from its row."""
    return SessionFacts(
        moderator=visit.moderator or "",
        started_at=visit.started_at,
        variant=visit.variant,
        order=tuple(visit.variant_order or ()),
    )


def store_events(
    db: Session,
    visit: StudySession,
    events: Sequence[EventRecord],
    buffer: RowBuffer | None = None,
) -> None:
    """Write a session's event rows in one statement (or into a buffer, to be written with
    other sessions'); no checks: see store.appending."""
    if not events:
        return
    rows = [
        {
            "id": event.id,
            "session_id": visit.id,
            "type": event.type,
            "task": event.task,
            "at": event.at,
            "offset_s": (event.at - visit.started_at).total_seconds(),
            "author": event.author,
            "payload": dict(event.data),
        }
        for event in events
    ]
    if buffer is not None:
        buffer.add(Event, rows)
    else:
        db.execute(insert(Event), rows)


# A problem event that counts and the session it was logged in.
Sighting = tuple[StudySession, EventRecord]


def sight_problems(db: Session, sightings: Sequence[Sighting]) -> set[uuid.UUID]:
    """The problems and sightings that problem events imply: one query per study. Each
    sighting keeps its event's severity, note, recommendation and time, for `settle_problems`.
    Returns the problems sighted."""
    sighted: set[uuid.UUID] = set()
    by_study: dict[uuid.UUID, list[Sighting]] = {}
    for visit, event in sightings:
        by_study.setdefault(visit.study_id, []).append((visit, event))
    for study_id, seen in by_study.items():
        keys = {str(event.data["problem"]) for _, event in seen}
        known = {
            problem.key: problem.id
            for problem in db.scalars(
                select(Problem).where(Problem.study_id == study_id, Problem.key.in_(keys))
            )
        }
        for visit, event in seen:
            key = str(event.data["problem"])
            severity = int(event.data["severity"])
            note = str(event.data.get("note") or "")
            recommendation = event.data.get("recommendation")
            if key not in known:
                known[key] = uuid.uuid4()
                db.add(
                    Problem(
                        id=known[key],
                        study_id=study_id,
                        key=key,
                        severity=severity,
                        description=note,
                        recommendation=recommendation,
                    )
                )
            sighted.add(known[key])
            db.add(
                ProblemSighting(
                    problem_id=known[key],
                    participant_id=visit.participant_id,
                    session_id=visit.id,
                    task=event.task,
                    event_id=event.id,
                    severity=severity,
                    note=note,
                    recommendation=recommendation,
                    seen_at=event.at,
                )
            )
    return sighted


def settle_problems(db: Session, problems: Iterable[uuid.UUID]) -> None:
    """A problem that events have sighted has the severity of its earliest sighting (by time,
    then id), and the note and the recommendation of the earliest that has one, whatever order
    the events were stored in. A problem that no counting event sights keeps what it had (a
    problems CSV's)."""
    for problem_id in problems:
        logged = (
            select(ProblemSighting.severity, ProblemSighting.note)
            .where(ProblemSighting.problem_id == problem_id, ProblemSighting.seen_at.is_not(None))
            .order_by(ProblemSighting.seen_at, ProblemSighting.event_id)
            .limit(1)
        )
        first = db.execute(logged).first()
        if first is None:
            continue
        noted = db.scalar(
            logged.with_only_columns(ProblemSighting.note).where(ProblemSighting.note != "")
        )
        recommended = db.scalar(
            logged.with_only_columns(ProblemSighting.recommendation).where(
                ProblemSighting.recommendation.is_not(None)
            )
        )
        db.execute(
            update(Problem)
            .where(Problem.id == problem_id)
            .values(severity=first.severity, description=noted or "", recommendation=recommended)
        )


def find_event(db: Session, visit: StudySession, ref: str) -> uuid.UUID:
    """An event of this session by its UUID or a unique prefix of its id."""
    text = ref.strip().lower().replace("-", "")
    matches = [
        event_id
        for event_id in db.scalars(select(Event.id).where(Event.session_id == visit.id))
        if event_id.hex.startswith(text)
    ]
    if len(text) < 4 or not matches:
        raise InvalidEvent(f"no event '{ref}' in session {visit.id}")
    if len(matches) > 1:
        raise InvalidEvent(f"event prefix '{ref}' is ambiguous: give more digits")
    return matches[0]
