"""Rows derived from events (task attempts, responses), kept in step with the moderator's log so
that analysis can count and sum in SQL. They are rewritten, never edited: events stay the truth."""

from __future__ import annotations

import uuid

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from uxlab.recording.derive import TaskAttempt, derive_attempts, effective_events
from uxlab.recording.events import EventRecord
from uxlab.recording.results import Answer, answer_variant
from uxlab.recording.rules import StudyRules
from uxlab.store.bulk import RowBuffer
from uxlab.store.engine import Store
from uxlab.store.events import session_events, session_rules
from uxlab.store.models import Participant, Response, StudySession, TaskAttemptRow


def refresh_session(
    db: Session,
    visit: StudySession,
    events: list[EventRecord] | None = None,
    rules: StudyRules | None = None,
    changed: str | None = None,
    replace: bool = True,
    buffer: RowBuffer | None = None,
    participant: str | None = None,
) -> None:
    """Rewrite a session's task_attempt and response rows from its moderator's events (given,
    or read from the store). `changed`, the type of the one event just appended, narrows the
    work: an answer changes only responses, any other event but a correction only attempts.
    `replace=False` is for a session new to the store, which has no rows to delete yet; such
    a session's rows may wait in a buffer to be written with others', and its participant's
    code is given: it is not in the store yet to be looked up."""
    if events is None:
        events = session_events(db, visit.id, visit.moderator)
    rules = rules or session_rules(db, visit)
    effective = effective_events(events)
    attempts = derive_attempts(effective, rules.tasks, rules.markers, visit.variant)
    counted: dict[tuple[str, str | None], int] = {}
    for position, attempt in enumerate(attempts):
        if attempt.outcome is not None and attempt.outcome != "skipped":
            counted[(attempt.task, attempt.variant)] = position
    if changed != "answer":
        if participant is None:
            participant = db.get_one(Participant, visit.participant_id).code
        _write_attempts(db, visit, participant, attempts, counted, replace, buffer)
    if changed is None or changed in ("answer", "undo", "amend"):
        _write_answers(db, visit, rules, attempts, effective, replace, buffer)


def _write_attempts(
    db: Session,
    visit: StudySession,
    participant: str,
    attempts: list[TaskAttempt],
    counted: dict[tuple[str, str | None], int],
    replace: bool,
    buffer: RowBuffer | None,
) -> None:
    if replace:
        db.execute(delete(TaskAttemptRow).where(TaskAttemptRow.session_id == visit.id))
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
        for position, a in enumerate(attempts)
    ]
    if buffer is not None:
        buffer.add(TaskAttemptRow, rows)
    elif rows:
        db.execute(insert(TaskAttemptRow), rows)


def _write_answers(
    db: Session,
    visit: StudySession,
    rules: StudyRules,
    attempts: list[TaskAttempt],
    effective: list[EventRecord],
    replace: bool,
    buffer: RowBuffer | None,
) -> None:
    if replace:
        db.execute(delete(Response).where(Response.session_id == visit.id))
    answers = []
    for event in effective:
        if event.type != "answer":
            continue
        answer = Answer(
            str(event.data["questionnaire"]),
            str(event.data["item"]),
            float(event.data["value"]),
            event.task,
            event.at,
        )
        variant = visit.variant if rules.design == "between" else answer_variant(attempts, answer)
        answers.append(
            {
                "id": uuid.uuid4(),
                "session_id": visit.id,
                "event_id": event.id,
                "task": event.task,
                "variant": variant,
                "questionnaire": answer.questionnaire,
                "item": answer.item,
                "value": answer.value,
                "answered_at": event.at,
            }
        )
    if buffer is not None:
        buffer.add(Response, answers)
    elif answers:
        db.execute(insert(Response), answers)


def rebuild(store: Store) -> int:
    """Rewrite the derived rows of every session, e.g. after a migration adds one; returns how
    many sessions there were."""
    with store.writing() as db:
        visits = list(db.scalars(select(StudySession)))
        for visit in visits:
            refresh_session(db, visit)
    return len(visits)
