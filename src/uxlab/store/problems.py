"""Usability problems: importing where they were seen."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from uxlab.errors import ImportFailed, UxlabError
from uxlab.exchange.problems_csv import ProblemRow
from uxlab.store.engine import serialize_imports
from uxlab.store.models import (
    Participant,
    Problem,
    ProblemSighting,
    ProtocolVersion,
    Study,
    StudySession,
    TaskAttemptRow,
    Variant,
)
from uxlab.store.studies import get_study, task_titles


@dataclass
class ProblemImport:
    problems: int = 0
    sightings: int = 0
    skipped: int = 0


def import_problems(
    db: Session, source: str, rows: Iterable[tuple[int, ProblemRow | str]]
) -> ProblemImport:
    """Store problems and sightings; sightings already stored are skipped; any bad row raises
    ImportFailed naming every bad row, and the caller's transaction then stores nothing."""
    serialize_imports(db)
    errors: list[tuple[int, str]] = []
    summary = ProblemImport()
    studies: dict[str, tuple[Study, dict[str, str]]] = {}
    for line, row in rows:
        if isinstance(row, str):
            errors.append((line, row))
            continue
        try:
            if row.study not in studies:
                studies[row.study] = (get_study(db, row.study), task_titles(db, row.study))
            study, tasks = studies[row.study]
            if row.task is not None and row.task not in tasks:
                raise UxlabError(f"task: unknown task '{row.task}' in {row.study}")
            _sight(db, study, row, summary)
        except UxlabError as exc:
            errors.append((line, str(exc)))
    if errors:
        raise ImportFailed(source, errors)
    return summary


def _sight(db: Session, study: Study, row: ProblemRow, summary: ProblemImport) -> None:
    problem = db.scalar(
        select(Problem).where(Problem.study_id == study.id, Problem.key == row.problem)
    )
    if problem is None:
        problem = Problem(
            study_id=study.id,
            key=row.problem,
            severity=row.severity,
            description=row.description,
            recommendation=row.recommendation,
        )
        db.add(problem)
        db.flush()
        summary.problems += 1
    elif problem.severity != row.severity and not _logged(db, problem):
        raise UxlabError(
            f"severity: problem {row.problem} has severity {problem.severity}, not {row.severity}"
        )
    else:  # the first row that gives a description or a recommendation gives it
        problem.description = problem.description or row.description
        problem.recommendation = problem.recommendation or row.recommendation
    person = db.scalar(
        select(Participant).where(
            Participant.study_id == study.id, Participant.code == row.participant
        )
    )
    if person is None:
        person = Participant(study_id=study.id, code=row.participant)
        db.add(person)
        db.flush()
    seen = db.scalar(
        select(ProblemSighting.id).where(
            ProblemSighting.problem_id == problem.id,
            ProblemSighting.participant_id == person.id,
            ProblemSighting.task.is_(None)
            if row.task is None
            else ProblemSighting.task == row.task,
        )
    )
    if seen is not None:
        summary.skipped += 1
        return
    db.add(ProblemSighting(problem_id=problem.id, participant_id=person.id, task=row.task))
    db.flush()
    summary.sightings += 1


def _logged(db: Session, problem: Problem) -> bool:
    """Whether problem events sight a problem: then they, not a problems CSV, give its
    severity (store.events.settle_problems), whichever came first."""
    return (
        db.scalar(
            select(ProblemSighting.id)
            .where(ProblemSighting.problem_id == problem.id, ProblemSighting.event_id.is_not(None))
            .limit(1)
        )
        is not None
    )


@dataclass(frozen=True)
class ProblemMatrix:
    participants: int
    seen_by: dict[str, set[str]]  # problem -> participant codes
    problems: list[dict[str, Any]]


def problem_matrix(db: Session, study: str) -> ProblemMatrix:
    """Who met which problem, with each problem's severity, frequency, tasks, description,
    recommendation, and per variant how many participants met it of how many had that variant
    (sightings of problem events are derived rows: only events that count have them);
    participants are everyone with a session or a sighting."""
    study_row = get_study(db, study)
    where = _Variants.of_study(db, study_row.id)
    rows = db.execute(
        select(
            Problem.key,
            Problem.severity,
            Problem.description,
            Problem.recommendation,
            Participant.code,
            ProblemSighting.task,
            ProblemSighting.session_id,
            ProblemSighting.seen_at,
        )
        .join(ProblemSighting, ProblemSighting.problem_id == Problem.id)
        .join(Participant, Participant.id == ProblemSighting.participant_id)
        .where(Problem.study_id == study_row.id)
    )
    seen_by: dict[str, set[str]] = {}
    tasks: dict[str, set[str]] = {}
    met: dict[str, dict[str | None, set[str]]] = {}  # problem -> variant -> participant codes
    about: dict[str, tuple[int, str, str | None]] = {}
    for key, severity, description, recommendation, code, task, session, seen_at in rows:
        seen_by.setdefault(key, set()).add(code)
        tasks.setdefault(key, set()).update([task] if task else [])
        variant = where.variant(code, session, task, seen_at)
        met.setdefault(key, {}).setdefault(variant, set()).add(code)
        about[key] = (severity, description, recommendation)
    participants = (
        db.scalar(
            select(func.count())
            .select_from(Participant)
            .where(Participant.study_id == study_row.id)
        )
        or 0
    )
    ordered = sorted(seen_by, key=lambda key: (-about[key][0], -len(seen_by[key]), key))
    listed: list[dict[str, Any]] = [
        {
            "id": key,
            "severity": about[key][0],
            "description": about[key][1],
            "recommendation": about[key][2],
            "frequency": len(seen_by[key]) / participants if participants else None,
            "participants": sorted(seen_by[key]),
            "tasks": sorted(tasks[key]),
            "per_variant": {
                variant: {"participants": len(met[key].get(variant, ())), "of": len(had)}
                for variant, had in where.participants.items()
            },
        }
        for key in ordered
    ]
    return ProblemMatrix(participants, seen_by, listed)


# A within session's task attempts in the order they started: (started at, task, variant).
Attempts = list[tuple[datetime, str, str | None]]


@dataclass(frozen=True)
class _Variants:
    """Which variants a study's participants had, and the variant each sighting belongs to: in
    a between design its session's; in a within design that of the attempt it was seen in, the
    latest that started before it (of its task, where it has one), as for an answer."""

    sessions: dict[uuid.UUID, str | None]  # session -> its variant (None: within)
    attempts: dict[uuid.UUID, Attempts]  # within session -> its attempts
    by_code: dict[str, list[uuid.UUID]]  # participant code -> their sessions
    participants: dict[str, set[str]]  # every variant of the study -> the codes that had it

    @classmethod
    def of_study(cls, db: Session, study_id: uuid.UUID) -> _Variants:
        listed = db.scalars(
            select(Variant.key)
            .join(ProtocolVersion, ProtocolVersion.id == Variant.protocol_version_id)
            .where(ProtocolVersion.study_id == study_id)
            .order_by(ProtocolVersion.number, Variant.position)
        )
        found = cls({}, {}, {}, {key: set() for key in listed})
        for session, code, variant in db.execute(
            select(StudySession.id, Participant.code, StudySession.variant)
            .join(Participant, Participant.id == StudySession.participant_id)
            .where(StudySession.study_id == study_id)
        ):
            found.sessions[session] = variant
            found.by_code.setdefault(code, []).append(session)
        attempt = TaskAttemptRow
        for session, task, variant, started_at in db.execute(
            select(attempt.session_id, attempt.task, attempt.variant, attempt.started_at)
            .join(StudySession, StudySession.id == attempt.session_id)
            .where(attempt.study_id == study_id, StudySession.variant.is_(None))
            .order_by(attempt.session_id, attempt.started_at, attempt.position)
        ):
            found.attempts.setdefault(session, []).append((started_at, task, variant))
        for code, visits in found.by_code.items():
            for visit in visits:
                for variant in found.ran(visit):
                    found.participants.setdefault(variant, set()).add(code)
        return found

    def ran(self, session: uuid.UUID, task: str | None = None) -> set[str]:
        """The variants a session ran (its task attempts', in a within design; of one task,
        where given)."""
        between = self.sessions[session]
        if between is not None:
            return {between}
        return {v for _, t, v in self.attempts.get(session, []) if v and task in (None, t)}

    def variant(
        self, code: str, session: uuid.UUID | None, task: str | None, seen_at: datetime | None
    ) -> str | None:
        """The variant a sighting belongs to; None where that cannot be told. A problems
        CSV's sighting has no session: it belongs to the one variant its participant had (on
        its task, where it names one)."""
        if session is not None and seen_at is not None:
            return self.sessions[session] or _attempted(
                self.attempts.get(session, []), task, seen_at
            )
        had = set().union(*(self.ran(visit, task) for visit in self.by_code.get(code, [])))
        return had.pop() if len(had) == 1 else None


def _attempted(attempts: Attempts, task: str | None, seen_at: datetime) -> str | None:
    """The variant of the latest attempt (of a task, where given) that started by `seen_at`."""
    found = None
    for started_at, attempted, variant in attempts:
        if started_at > seen_at:
            break
        if task in (None, attempted):
            found = variant
    return found
