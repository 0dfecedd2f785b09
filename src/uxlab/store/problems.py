"""Usability problems: importing where they were seen."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from uxlab.errors import ImportFailed, UxlabError
from uxlab.exchange.problems_csv import ProblemRow
from uxlab.store.models import Participant, Problem, ProblemSighting, Study
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
            study_id=study.id, key=row.problem, severity=row.severity, description=row.description
        )
        db.add(problem)
        db.flush()
        summary.problems += 1
    elif problem.severity != row.severity and not _logged(db, problem):
        raise UxlabError(
            f"severity: problem {row.problem} has severity {problem.severity}, not {row.severity}"
        )
    elif row.description and not problem.description:
        problem.description = row.description
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
    """Who met which problem, with each problem's severity, frequency and tasks (sightings of
    problem events are derived rows: only events that count have them); participants are
    everyone with a session or a sighting."""
    study_row = get_study(db, study)
    rows = db.execute(
        select(
            Problem.key,
            Problem.severity,
            Problem.description,
            Participant.code,
            ProblemSighting.task,
        )
        .join(ProblemSighting, ProblemSighting.problem_id == Problem.id)
        .join(Participant, Participant.id == ProblemSighting.participant_id)
        .where(Problem.study_id == study_row.id)
    )
    seen_by: dict[str, set[str]] = {}
    tasks: dict[str, set[str]] = {}
    about: dict[str, tuple[int, str]] = {}
    for key, severity, description, code, task in rows:
        seen_by.setdefault(key, set()).add(code)
        tasks.setdefault(key, set()).update([task] if task else [])
        about[key] = (severity, description)
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
            "frequency": len(seen_by[key]) / participants if participants else None,
            "participants": sorted(seen_by[key]),
            "tasks": sorted(tasks[key]),
        }
        for key in ordered
    ]
    return ProblemMatrix(participants, seen_by, listed)
