"""Rows derived from a session's replay (task attempts, responses, problem sightings, the
session's status), kept in step with its events so that analysis can count and sum in SQL.
They are rewritten, never edited: events stay the truth."""

from __future__ import annotations

import uuid

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from uxlab.recording.replay import Replay, replay
from uxlab.store.bulk import RowBuffer
from uxlab.store.engine import Store
from uxlab.store.events import (
    Sighting,
    session_events,
    session_facts,
    session_rules,
    settle_problems,
    sight_problems,
)
from uxlab.store.models import (
    Participant,
    ProblemSighting,
    Response,
    StudySession,
    TaskAttemptRow,
)


def write_derived(
    db: Session,
    visit: StudySession,
    after: Replay,
    before: Replay | None = None,
    *,
    fresh: bool = False,
    buffer: RowBuffer | None = None,
    participant: str | None = None,
) -> list[Sighting]:
    """Bring a session's derived rows and status in step with its replay. With `before`, the
    replay the stored rows came from, only what changed is rewritten; without it, everything
    is. A `fresh` session is new to the store and has no rows to delete; its rows may wait in
    a buffer to be written with other sessions', and its problem sightings are then returned,
    to be written (`sight_problems`) once the buffer has been flushed. Its participant's code
    is given: it is not in the store yet to be looked up."""
    visit.status = after.status
    visit.ended_at = after.ended_at
    replace = not fresh
    if before is None or before.attempts != after.attempts:
        if participant is None:
            participant = db.get_one(Participant, visit.participant_id).code
        _write_attempts(db, visit, participant, after, replace, buffer)
    if before is None or before.answers != after.answers:
        _write_answers(db, visit, after, replace, buffer)
    sightings = _sightings(visit, after)
    if before is not None and sightings == _sightings(visit, before):
        return []
    unsighted: set[uuid.UUID] = set()
    if replace:
        logged = (ProblemSighting.session_id == visit.id, ProblemSighting.event_id.is_not(None))
        unsighted.update(db.scalars(select(ProblemSighting.problem_id).where(*logged)))
        db.execute(delete(ProblemSighting).where(*logged))
    if buffer is not None:
        return sightings
    settle_problems(db, unsighted | sight_problems(db, sightings))
    return []


def _sightings(visit: StudySession, replayed: Replay) -> list[Sighting]:
    return [(visit, event) for event in replayed.effective if event.type == "problem"]


def _write_attempts(
    db: Session,
    visit: StudySession,
    participant: str,
    after: Replay,
    replace: bool,
    buffer: RowBuffer | None,
) -> None:
    if replace:
        db.execute(delete(TaskAttemptRow).where(TaskAttemptRow.session_id == visit.id))
    # The attempt that represents a participant, task and variant: the last finished one.
    counted: dict[tuple[str, str | None], int] = {}
    for position, attempt in enumerate(after.attempts):
        if attempt.outcome is not None and attempt.outcome != "skipped":
            counted[(attempt.task, attempt.variant)] = position
    rows = [
        {
            "session_id": visit.id,
            "study_id": visit.study_id,
            "participant": participant,
            "position": position,
            "task": a.task,
            "variant": a.variant,
            "outcome": a.outcome,
            "counted": counted.get((a.task, a.variant)) == position,
            "started_at": a.started_at,
            "ended_at": a.ended_at,
            "time_s": a.time_s,
            "paused_s": a.paused_s,
            "errors": a.errors,
            "assists": a.assists,
            "steps": a.steps,
            "notes": a.notes,
        }
        for position, a in enumerate(after.attempts)
    ]
    if buffer is not None:
        buffer.add(TaskAttemptRow, rows)
    elif rows:
        db.execute(insert(TaskAttemptRow), rows)


def _write_answers(
    db: Session, visit: StudySession, after: Replay, replace: bool, buffer: RowBuffer | None
) -> None:
    if replace:
        db.execute(delete(Response).where(Response.session_id == visit.id))
    rows = [
        {
            "id": uuid.uuid4(),
            "session_id": visit.id,
            "event_id": answer.id,
            "task": answer.task,
            "variant": answer.variant,
            "questionnaire": answer.questionnaire,
            "item": answer.item,
            "value": answer.value,
            "answered_at": answer.at,
        }
        for answer in after.answers
    ]
    if buffer is not None:
        buffer.add(Response, rows)
    elif rows:
        db.execute(insert(Response), rows)


def stored_replay(db: Session, visit: StudySession) -> Replay:
    """A stored session replayed from all its events."""
    return replay(session_events(db, visit.id), session_facts(visit), session_rules(db, visit))


def rebuild(store: Store) -> int:
    """Rewrite the derived rows of every session, e.g. after a migration adds one; returns how
    many sessions there were."""
    with store.writing() as db:
        visits = list(db.scalars(select(StudySession)))
        for visit in visits:
            write_derived(db, visit, stored_replay(db, visit))
    return len(visits)
