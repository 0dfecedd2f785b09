"""The data of a study's analysis, read from the derived rows: counts and sums in SQL, the rest
streamed."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Integer, Select, String, case, cast, func, select, true
from sqlalchemy.orm import InstrumentedAttribute, Session

from uxlab.analysis.data import AttemptFacts, StudyData
from uxlab.analysis.versions import Pooling, SessionVersion, pooled
from uxlab.recording.derive import MEASURES
from uxlab.recording.identity import conflicts, resolve
from uxlab.store.models import (
    Event,
    Participant,
    ProtocolVersion,
    Response,
    StudySession,
    TaskAttemptRow,
)
from uxlab.store.sessions import session_visits
from uxlab.store.studies import find_version, get_study, protocol_version

GAVE_UP = ("abandoned", "timeout")


@dataclass(frozen=True)
class Scope:
    """Which sessions an analysis reads, by protocol version, and how their tasks pool."""

    pooling: Pooling
    versions: list[uuid.UUID] | None  # None: the sessions of every version
    # (version id, task id) -> task key, for tasks analysed per version
    split: dict[tuple[uuid.UUID, str], str]

    @property
    def joined(self) -> bool:
        """Whether rows need their session's protocol version."""
        return self.versions is not None or bool(self.split)


def analysis_scope(db: Session, study: str, refs: Sequence[str] = ()) -> Scope:
    """The protocol versions whose sessions an analysis reads (those named by `refs`, else all
    that have sessions, else the one in use), latest sessions first, pooled as
    `analysis.versions` says."""
    study_id = get_study(db, study).id
    used = (
        select(
            StudySession.protocol_version_id.label("version"),
            func.count().label("sessions"),
            func.max(StudySession.started_at).label("latest"),
        )
        .where(StudySession.study_id == study_id)
        .group_by(StudySession.protocol_version_id)
        .subquery()
    )
    query = (
        select(ProtocolVersion, func.coalesce(used.c.sessions, 0))
        .outerjoin(used, used.c.version == ProtocolVersion.id)
        .where(ProtocolVersion.study_id == study_id)
        .order_by(used.c.latest.desc().nulls_last(), ProtocolVersion.content_hash)
    )
    if refs:
        chosen = {find_version(db, study, ref).id for ref in refs}
        query = query.where(ProtocolVersion.id.in_(chosen))
    else:
        query = query.where(used.c.sessions > 0)
    rows: list[tuple[ProtocolVersion, int]] = [(v, n) for v, n in db.execute(query)]
    if not rows:  # a study without sessions: the version in use
        rows = [(protocol_version(db, study), 0)]
    ids = {version.content_hash: version.id for version, _ in rows}
    pooling = pooled(
        [SessionVersion(v.content_hash, v.definition, sessions) for v, sessions in rows]
    )
    split = {(ids[digest], task): key for (digest, task), key in pooling.split.items()}
    return Scope(pooling, list(ids.values()) if refs else None, split)


def study_data(
    db: Session, study: str, variants: Sequence[str], scope: Scope | None = None
) -> StudyData:
    """What the analysis reads of the sessions in `scope` (default: those of every version)."""
    study_id = get_study(db, study).id
    scope = scope or analysis_scope(db, study)
    data = StudyData()
    visits = session_visits(db, study)
    data.conflicts = resolve(conflicts(visits), visits)
    # Sessions of a participant code in conflict that the rule leaves out (`identity.resolve`).
    left_out = [session for c in data.conflicts for session in c.left_out]
    data.participants = (
        db.scalar(
            select(func.count(func.distinct(Participant.code)))
            .join(StudySession, StudySession.participant_id == Participant.id)
            .where(StudySession.study_id == study_id, _in_versions(scope))
        )
        or 0
    )
    attempt = TaskAttemptRow
    in_study = (
        (attempt.study_id == study_id)
        & attempt.variant.in_(variants)
        & _kept(attempt.session_id, left_out)
        & _in_versions(scope)
    )
    task = _task_key(attempt.task, scope)

    def of_attempts(query: Select[Any]) -> Select[Any]:
        joined = query.join(StudySession, StudySession.id == attempt.session_id)
        return joined if scope.joined else query

    counts = db.execute(
        of_attempts(
            select(
                task,
                attempt.variant,
                func.count(),
                _count(attempt.outcome == "success"),
                func.count(attempt.errors),  # attempts whose errors were recorded
                func.sum(attempt.errors),
                _count(attempt.errors == 0),
                func.count(attempt.assists),
                func.sum(attempt.assists),
            )
        )
        .where(in_study, attempt.counted)
        .group_by(task, attempt.variant)
    )
    for row in counts:
        key, variant, n, successes, with_errors, errors, error_free, with_assists, assists = row
        cell = data.cell(key, str(variant))
        cell.attempts, cell.successes = n, successes
        cell.with_errors, cell.errors, cell.error_free = with_errors, errors or 0, error_free
        cell.with_assists, cell.assists = with_assists, assists or 0
    skipped = db.execute(
        of_attempts(select(task, attempt.variant, func.count()))
        .where(in_study, attempt.outcome == "skipped")
        .group_by(task, attempt.variant)
    )
    for key, variant, n in skipped:
        data.cell(key, str(variant)).skipped = n
    data.recorded = _recorded(db, study_id)
    facts = db.execute(
        of_attempts(
            select(
                _text(attempt.session_id),
                task,
                attempt.variant,
                attempt.outcome,
                attempt.time_s,
                attempt.steps,
                attempt.errors,
            )
        )
        .where(in_study, attempt.counted)
        .execution_options(yield_per=5000)
    )
    for session, key, variant, outcome, time_s, steps, errors in facts:
        cell = data.cell(key, str(variant))
        cell.by_session[session] = AttemptFacts(str(outcome), time_s, steps, errors)
        # Abandonment counts over the attempts whose source could say (not a 1/0 outcome).
        if "abandonment" in data.recorded.get(session, MEASURES):
            cell.with_abandonment += 1
            cell.gave_up += outcome in GAVE_UP
    answers = db.execute(
        select(
            _text(Response.session_id),
            _task_key(Response.task, scope),
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
            _in_versions(scope),
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
    for session, variant, score in db.execute(_sus_scores(study_id, variants, left_out, scope)):
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
    study_id: object, variants: Sequence[str], left_out: Sequence[uuid.UUID], scope: Scope
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
            _in_versions(scope),
        )
        .group_by(Response.session_id, Response.variant)
        .having(func.count(func.distinct(Response.item)) == 10)
    )


def _in_versions(scope: Scope) -> ColumnElement[bool]:
    """The rows of sessions of the scope's versions (StudySession joined)."""
    if scope.versions is None:
        return true()
    return StudySession.protocol_version_id.in_(scope.versions)


def _task_key(column: InstrumentedAttribute[str | None], scope: Scope) -> ColumnElement[Any]:
    """A row's task as the analysis keys it: its id, or for a task analysed per version, the
    key of its version's definition (StudySession joined)."""
    if not scope.split:
        return column.expression
    return case(
        *[
            ((StudySession.protocol_version_id == version) & (column == task), key)
            for (version, task), key in scope.split.items()
        ],
        else_=column,
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
