"""Forgetting a participant on request: every row about them, everywhere in the store."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, delete, func, select
from sqlalchemy.orm import Session

from uxlab.errors import UxlabError
from uxlab.store.base import Base
from uxlab.store.models import (
    Event,
    Participant,
    ProblemSighting,
    Response,
    StudySession,
    TaskAttemptRow,
)
from uxlab.store.studies import get_study


@dataclass(frozen=True)
class Forgotten:
    sessions: int
    events: int
    answers: int
    sightings: int

    @property
    def rows(self) -> int:
        return self.sessions + self.events + self.answers + self.sightings + 1


def forget_participant(db: Session, study: str, code: str) -> Forgotten:
    """Delete a participant with their sessions, events, answers and problem sightings.

    This is the one deletion uxlab makes: a right to erasure outranks an append-only log.
    Problems stay (they describe the product); their frequency no longer counts this person.
    """
    study_row = get_study(db, study)
    person = db.scalar(
        select(Participant).where(Participant.study_id == study_row.id, Participant.code == code)
    )
    if person is None:
        raise UxlabError(f"no participant '{code}' in study '{study}'")
    sessions = select(StudySession.id).where(StudySession.participant_id == person.id)

    def count(model: type[Base], where: ColumnElement[bool]) -> int:
        return db.scalar(select(func.count()).select_from(model).where(where)) or 0

    counts = Forgotten(
        sessions=count(StudySession, StudySession.participant_id == person.id),
        events=count(Event, Event.session_id.in_(sessions)),
        answers=count(Response, Response.session_id.in_(sessions)),
        sightings=count(ProblemSighting, ProblemSighting.participant_id == person.id),
    )
    # Children first, so that the result does not depend on ON DELETE CASCADE being enforced.
    # Sightings in the participant's sessions carry their participant_id: the first delete
    # takes them all.
    db.execute(delete(ProblemSighting).where(ProblemSighting.participant_id == person.id))
    db.execute(delete(Response).where(Response.session_id.in_(sessions)))
    db.execute(delete(TaskAttemptRow).where(TaskAttemptRow.session_id.in_(sessions)))
    db.execute(delete(Event).where(Event.session_id.in_(sessions)))
    db.execute(delete(StudySession).where(StudySession.participant_id == person.id))
    db.execute(delete(Participant).where(Participant.id == person.id))
    return counts
