"""The data of a study's analysis, read from the derived rows: counts and sums in SQL, the rest
streamed."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Integer, Select, String, case, cast, func, select, true
from sqlalchemy.orm import InstrumentedAttribute, Session

from uxlab.analysis.data import AttemptFacts, StudyData
from uxlab.recording.derive import MEASURES
from uxlab.recording.identity import conflicts, resolve
from uxlab.store.models import Event, Participant, Response, StudySession, TaskAttemptRow
from uxlab.store.sessions import session_visits
from uxlab.store.studies import get_study

GAVE_UP = ("abandoned", "timeout")


def study_data(db: Session, study: str, variants: Sequence[str]) -> StudyData:
    study_id = get_study(db, study).id
    data = StudyData()
    visits = session_visits(db, study)
    data.conflicts = resolve(conflicts(visits), visits)
    # Sessions of a participant code in conflict that the rule leaves out (`identity.resolve`).
    left_out = [session for c in data.conflicts for session in c.left_out]
    data.participants = (
        db.scalar(
            select(func.count(func.distinct(Participant.code)))
            .join(StudySession, StudySession.participant_id == Participant.id)
            .where(StudySession.study_id == study_id)
        )
        or 0
    )
    attempt = TaskAttemptRow
    in_study = (
        (attempt.study_id == study_id)
        & attempt.variant.in_(variants)
        & _kept(attempt.session_id, left_out)
    )
    counts = db.execute(
        select(
            attempt.task,
            attempt.variant,
            func.count(),
            _count(attempt.outcome == "success"),
            func.count(attempt.errors),  # attempts whose errors were recorded
            func.sum(attempt.errors),
            _count(attempt.errors == 0),
            func.count(attempt.assists),
            func.sum(attempt.assists),
        )
        .where(in_study, attempt.counted)
        .group_by(attempt.task, attempt.variant)
    )
    for row in counts:
        task, variant, n, successes, with_errors, errors, error_free, with_assists, assists = row
        cell = data.cell(task, str(variant))
        cell.attempts, cell.successes = n, successes
        cell.with_errors, cell.errors, cell.error_free = with_errors, errors or 0, error_free
        cell.with_assists, cell.assists = with_assists, assists or 0
    skipped = db.execute(
        select(attempt.task, attempt.variant, func.count())
        .where(in_study, attempt.outcome == "skipped")
        .group_by(attempt.task, attempt.variant)
    )
    for task, variant, n in skipped:
        data.cell(task, str(variant)).skipped = n
    data.recorded = _recorded(db, study_id)
    facts = db.execute(
        select(
            _text(attempt.session_id),
            attempt.task,
            attempt.variant,
            attempt.outcome,
            attempt.time_s,
            attempt.steps,
            attempt.errors,
        )
        .where(in_study, attempt.counted)
        .execution_options(yield_per=5000)
    )
    for session, task, variant, outcome, time_s, steps, errors in facts:
        cell = data.cell(task, str(variant))
        cell.by_session[session] = AttemptFacts(str(outcome), time_s, steps, errors)
        # Abandonment counts over the attempts whose source could say (not a 1/0 outcome).
        if "abandonment" in data.recorded.get(session, MEASURES):
            cell.with_abandonment += 1
            cell.gave_up += outcome in GAVE_UP
    answers = db.execute(
        select(
            _text(Response.session_id),
            Response.task,
            Response.variant,
            Response.questionnaire,
            Response.item,
            Response.value,
        )
        .join(StudySession, StudySession.id == Response.session_id)
        .where(
            StudySession.study_id == study_id,
            Response.variant.in_(variants),
            Response.questionnaire != "sus",
            _kept(Response.session_id, left_out),
        )
        .execution_options(yield_per=5000)
    )
    for session, about, answered, questionnaire, item, value in answers:
        key, variant = session, str(answered)
        if about is None:
            by_variant = data.answers.setdefault(variant, {})
            by_variant.setdefault(questionnaire, {}).setdefault(key, {})[item] = value
        elif questionnaire == "seq":
            data.cell(about, variant).seq[key] = value
        else:
            data.cell(about, variant).items.setdefault(questionnaire, {})[key] = value
    for session, variant, score in db.execute(_sus_scores(study_id, variants, left_out)):
        data.sus.setdefault(str(variant), {})[session] = score
    return data


def _recorded(db: Session, study_id: uuid.UUID) -> dict[str, tuple[str, ...]]:
    """What each session's source recorded, where it says (the moderator's session_start)."""
    starts = db.execute(
        select(_text(Event.session_id), Event.payload)
        .join(StudySession, StudySession.id == Event.session_id)
        .where(
            StudySession.study_id == study_id,
            Event.type == "session_start",
            Event.author == StudySession.moderator,
        )
        .order_by(Event.at)
    )
    recorded: dict[str, tuple[str, ...]] = {}
    for session, payload in starts:
        if "recorded" in payload:
            recorded.setdefault(session, tuple(map(str, payload["recorded"])))
    return recorded


def _sus_scores(
    study_id: object, variants: Sequence[str], left_out: Sequence[uuid.UUID]
) -> Select[tuple[Any, Any, float]]:
    """SUS scored in SQL (Brooke 1996: odd items x − 1, even items 5 − x, sum × 2.5), one row
    per session that answered all ten items."""
    odd = func.cast(Response.item, Integer) % 2 == 1
    points = case((odd, Response.value - 1), else_=5 - Response.value)
    return (
        select(
            _text(Response.session_id), Response.variant, (func.sum(points) * 2.5).label("score")
        )
        .join(StudySession, StudySession.id == Response.session_id)
        .where(
            StudySession.study_id == study_id,
            Response.variant.in_(variants),
            Response.questionnaire == "sus",
            _kept(Response.session_id, left_out),
        )
        .group_by(Response.session_id, Response.variant)
        .having(func.count(func.distinct(Response.item)) == 10)
    )


def _kept(
    column: InstrumentedAttribute[uuid.UUID], left_out: Sequence[uuid.UUID]
) -> ColumnElement[bool]:
    """The rows of sessions that count (no condition at all where none is left out)."""
    return column.not_in(left_out) if left_out else true()


def _count(condition: ColumnElement[bool]) -> ColumnElement[int]:
    """How many rows meet the condition, as an SQL aggregate."""
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0).cast(Integer)


def _text(column: InstrumentedAttribute[uuid.UUID]) -> ColumnElement[str]:
    """A UUID column read as text: the analysis only needs keys that match each other, and
    skipping the conversion to uuid.UUID and back saves a second on a million events."""
    return cast(column, String)
