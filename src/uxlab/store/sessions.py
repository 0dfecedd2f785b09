"""Study sessions: starting, finding, ending, resuming, listing."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, String, cast, func, select, true
from sqlalchemy.orm import Session

from uxlab.errors import InvalidEvent, NoSuchSession, UxlabError
from uxlab.recording.events import EventRecord, new_event
from uxlab.recording.identity import Visit
from uxlab.recording.live import check_time
from uxlab.recording.replay import Replay
from uxlab.recording.rules import StudyRules, code_problem, field_problem
from uxlab.recording.times import utc_now
from uxlab.store.appending import Appended, append_live, append_merged
from uxlab.store.derived import stored_replay
from uxlab.store.engine import serialize_imports
from uxlab.store.models import (
    Event,
    Participant,
    ProtocolVersion,
    Study,
    StudySession,
    shown_variant,
)
from uxlab.store.studies import get_study, protocol_version

_HEX = re.compile(r"[0-9a-f]+")
_SHORTEST = 4  # hex digits of a session prefix


def find_session(db: Session, ref: str) -> StudySession:
    """A session by its UUID or by a unique prefix of at least four hex digits."""
    text = ref.strip().lower().replace("-", "")
    if _HEX.fullmatch(text) and len(text) < _SHORTEST:
        raise UxlabError(
            f"session '{ref}': give at least {_SHORTEST} characters of its id "
            "(see `uxlab session list`)"
        )
    if not _HEX.fullmatch(text) or len(text) > 32:
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


def session_started(db: Session, session_id: uuid.UUID) -> datetime | None:
    """When a stored session started; None if the store does not hold it."""
    return db.scalar(select(StudySession.started_at).where(StudySession.id == session_id))


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
    check_time(at, utc_now())
    why = code_problem(participant)
    if why is not None:
        raise InvalidEvent(why)
    version = protocol_version(db, study)
    check_variants(version, variants)
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
    rules = StudyRules.from_definition(version.definition)
    why = field_problem(rules, start)
    if why is not None:
        raise InvalidEvent(why)
    # A participant new to the store may be arriving by an import at this moment.
    serialize_imports(db)
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
    append_merged(db, visit, [], [start], rules, fresh=True)
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
        started_at=at,
        recording=recording,
        recording_offset_s=recording_offset_s,
    )


def end_session(
    db: Session, visit: StudySession, at: datetime, author: str, status: str = "completed"
) -> Appended:
    """Append session_end (refused while a task is open, or by anyone but the moderator)."""
    return append_live(db, visit, [new_event("session_end", at, author, status=status)])


def reopen_session(db: Session, visit: StudySession, at: datetime, author: str) -> bool:
    """Reopen an ended session by undoing its session_end; True if it had ended."""
    ended = stored_replay(db, visit).end_event
    if ended is None:
        return False
    append_live(db, visit, [new_event("undo", at, author, target=str(ended))])
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
    return [
        SessionSummary(
            visit.id,
            slug,
            code,
            visit.shown_variant,
            visit.status,
            visit.started_at,
            events,
        )
        for visit, slug, code, events in db.execute(query.where(_of_study(db, study)))
    ]


def session_visits(db: Session, study: str | None = None) -> list[Visit]:
    """Every session as participant identity sees it (`recording.identity`): plain columns,
    read for every analysis."""
    query = (
        select(
            StudySession.id,
            Study.slug,
            Participant.code,
            StudySession.variant,
            StudySession.variant_order,
            ProtocolVersion.design,
            ProtocolVersion.content_hash,
            StudySession.status,
            StudySession.started_at,
        )
        .join(Study, Study.id == StudySession.study_id)
        .join(Participant, Participant.id == StudySession.participant_id)
        .join(ProtocolVersion, ProtocolVersion.id == StudySession.protocol_version_id)
        .where(_of_study(db, study))
    )
    return [
        Visit(ident, slug, code, shown_variant(variant, order), design, digest, status, at)
        for ident, slug, code, variant, order, design, digest, status, at in db.execute(query)
    ]


def _of_study(db: Session, study: str | None) -> ColumnElement[bool]:
    """The sessions of one study, or of every study."""
    return true() if study is None else StudySession.study_id == get_study(db, study).id


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
    replay: Replay


def session_detail(db: Session, visit: StudySession) -> SessionDetail:
    """Everything about one session: every event, with whether it counts, and the moderator's
    task attempts and answers derived from them."""
    return SessionDetail(
        id=visit.id,
        study=db.get_one(Study, visit.study_id).slug,
        participant=db.get_one(Participant, visit.participant_id).code,
        variant=visit.shown_variant,
        moderator=visit.moderator,
        status=visit.status,
        started_at=visit.started_at,
        ended_at=visit.ended_at,
        replay=stored_replay(db, visit),
    )


def session_logs(db: Session, visit: StudySession) -> dict[str, list[EventRecord]]:
    """Each author's effective events of a session."""
    replayed = stored_replay(db, visit)
    return {
        author: replayed.of(author) for author in dict.fromkeys(e.author for e in replayed.events)
    }
