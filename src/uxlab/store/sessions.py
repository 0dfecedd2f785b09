"""Study sessions: starting, finding, ending, resuming, listing."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import String, cast, func, select
from sqlalchemy.orm import Session

from uxlab.errors import InvalidEvent, NoSuchSession, UxlabError
from uxlab.recording.derive import TaskAttempt, derive_attempts, effective_events
from uxlab.recording.events import EventRecord, new_event
from uxlab.store.appending import append_event
from uxlab.store.events import session_events, session_rules, store_event
from uxlab.store.models import Event, Participant, ProtocolVersion, Study, StudySession
from uxlab.store.studies import get_study, protocol_version

_HEX = re.compile(r"^[0-9a-f]{4,32}$")


def find_session(db: Session, ref: str) -> StudySession:
    """A session by its UUID or by a unique prefix of at least four hex digits."""
    text = ref.strip().lower().replace("-", "")
    if not _HEX.match(text):
        raise NoSuchSession(ref)
    if len(text) == 32:
        found = db.get(StudySession, uuid.UUID(text))
        if found is None:
            raise NoSuchSession(ref)
        return found
    # SQLite keeps UUIDs as 32 hex digits, PostgreSQL prints them with dashes: compare without.
    digits = func.replace(cast(StudySession.id, String), "-", "")
    matches = list(db.scalars(select(StudySession).where(digits.like(f"{text}%")).limit(2)))
    if not matches:
        raise NoSuchSession(ref)
    if len(matches) > 1:
        raise UxlabError(f"session prefix '{ref}' is ambiguous: give more digits")
    return matches[0]


def start_session(
    db: Session,
    study: str,
    participant: str,
    variants: list[str],
    moderator: str,
    at: datetime,
    recording: str | None = None,
    recording_offset_s: float | None = None,
    *,
    attributes: dict[str, str] | None = None,
) -> StudySession:
    """Open a session, with its session_start event, on the study's latest protocol version."""
    version = protocol_version(db, study)
    check_variants(version, variants)
    person = db.scalar(
        select(Participant).where(
            Participant.study_id == version.study_id, Participant.code == participant
        )
    )
    if person is None:
        person = Participant(
            id=uuid.uuid4(), study_id=version.study_id, code=participant, attributes={}
        )
        db.add(person)
    else:
        open_session = db.scalar(
            select(StudySession.id).where(
                StudySession.participant_id == person.id, StudySession.status == "in_progress"
            )
        )
        if open_session is not None:
            raise busy(participant, open_session)
    if attributes:
        person.attributes = {**person.attributes, **attributes}
    visit = new_session(version, person, variants, moderator, at, recording, recording_offset_s)
    db.add(visit)
    db.flush()
    start = new_event(
        "session_start",
        at,
        moderator,
        participant=participant,
        variant=variants[0] if len(variants) == 1 else ",".join(variants),
        protocol=version.content_hash,
        recording=recording,
        recording_offset_s=recording_offset_s,
        attributes=attributes or None,
    )
    store_event(db, visit, start)
    return visit


def check_variants(version: ProtocolVersion, variants: list[str]) -> None:
    """Refuse variants that the protocol does not define, or too few or many for its design."""
    known = [v.key for v in version.variants]
    for variant in variants:
        if variant not in known:
            raise InvalidEvent(f"unknown variant '{variant}': expected one of {', '.join(known)}")
    if version.design == "between" and len(variants) != 1:
        raise InvalidEvent("a between design takes exactly one --variant")
    if version.design == "within" and sorted(variants) != sorted(known):
        raise InvalidEvent(
            f"a within design takes every variant once, in the order shown: {','.join(known)}"
        )


def busy(participant: str, session_id: uuid.UUID) -> InvalidEvent:
    """The refusal of a second session for a participant whose session is in progress."""
    return InvalidEvent(
        f"{participant} already has a session in progress ({session_id}): end it or resume it"
    )


def new_session(
    version: ProtocolVersion,
    person: Participant,
    variants: list[str],
    moderator: str,
    at: datetime,
    recording: str | None,
    recording_offset_s: float | None,
    session_id: uuid.UUID | None = None,
) -> StudySession:
    """The row of a session starting now, for variants already checked (`check_variants`)."""
    return StudySession(
        id=session_id or uuid.uuid4(),
        study_id=version.study_id,
        protocol_version_id=version.id,
        participant_id=person.id,
        variant=variants[0] if version.design == "between" else None,
        variant_order=variants if version.design == "within" else None,
        moderator=moderator,
        status="in_progress",
        started_at=at,
        recording=recording,
        recording_offset_s=recording_offset_s,
    )


def end_session(
    db: Session, visit: StudySession, at: datetime, author: str, status: str = "completed"
) -> EventRecord:
    """Append session_end (refused while a task is open) and close the session."""
    if status not in ("completed", "aborted"):
        raise InvalidEvent(f"a session ends as completed or aborted, not {status}")
    event = append_event(db, visit, new_event("session_end", at, author, status=status))
    visit.status = status
    visit.ended_at = at
    return event


def reopen_session(db: Session, visit: StudySession, at: datetime, author: str) -> bool:
    """Reopen an ended session by undoing its session_end; True if it had ended."""
    if visit.status == "in_progress":
        return False
    for event in effective_events(session_events(db, visit.id)):
        if event.type == "session_end":
            store_event(db, visit, new_event("undo", at, author, target=str(event.id)))
    visit.status = "in_progress"
    visit.ended_at = None
    return True


@dataclass(frozen=True)
class SessionSummary:
    id: uuid.UUID
    study: str
    participant: str
    variant: str
    status: str
    started_at: datetime
    events: int


def list_sessions(db: Session, study: str | None = None) -> list[SessionSummary]:
    counts = (
        select(Event.session_id, func.count().label("events")).group_by(Event.session_id).subquery()
    )
    query = (
        select(StudySession, Study.slug, Participant.code, func.coalesce(counts.c.events, 0))
        .join(Study, Study.id == StudySession.study_id)
        .join(Participant, Participant.id == StudySession.participant_id)
        .outerjoin(counts, counts.c.session_id == StudySession.id)
        .order_by(StudySession.started_at)
    )
    if study is not None:
        query = query.where(StudySession.study_id == get_study(db, study).id)
    return [
        SessionSummary(
            visit.id,
            slug,
            code,
            visit.variant or ",".join(visit.variant_order or []),
            visit.status,
            visit.started_at,
            events,
        )
        for visit, slug, code, events in db.execute(query)
    ]


@dataclass(frozen=True)
class SessionDetail:
    id: uuid.UUID
    study: str
    participant: str
    variant: str
    moderator: str | None
    status: str
    started_at: datetime
    ended_at: datetime | None
    events: list[EventRecord]
    effective: set[uuid.UUID]
    attempts: list[TaskAttempt]


def session_detail(db: Session, visit: StudySession) -> SessionDetail:
    """Everything about one session: all events (which still count), and the moderator's
    task attempts derived from them."""
    events = session_events(db, visit.id)
    rules = session_rules(db, visit)
    mine = [e for e in events if e.author == visit.moderator]
    attempts = derive_attempts(mine, rules.tasks, rules.markers, visit.variant)
    return SessionDetail(
        id=visit.id,
        study=db.get_one(Study, visit.study_id).slug,
        participant=db.get_one(Participant, visit.participant_id).code,
        variant=visit.variant or ",".join(visit.variant_order or []),
        moderator=visit.moderator,
        status=visit.status,
        started_at=visit.started_at,
        ended_at=visit.ended_at,
        events=events,
        effective={e.id for e in effective_events(events)},
        attempts=attempts,
    )


def session_logs(db: Session, visit: StudySession) -> dict[str, list[EventRecord]]:
    """Each author's effective events of a session."""
    by_author: dict[str, list[EventRecord]] = {}
    for event in session_events(db, visit.id):
        by_author.setdefault(event.author, []).append(event)
    return {author: effective_events(events) for author, events in by_author.items()}
