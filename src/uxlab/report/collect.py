"""Everything a study's charts and report show, read and computed in one place."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from uxlab.analysis.data import StudyData
from uxlab.analysis.study import analyze_problems, analyze_study
from uxlab.recording.results import SessionResults
from uxlab.store.analysis_data import study_data
from uxlab.store.attempts import study_results
from uxlab.store.engine import Store
from uxlab.store.problems import problem_matrix
from uxlab.store.studies import (
    participant_attributes,
    protocol_version,
    session_versions,
    study_versions,
)


@dataclass
class StudyBundle:
    definition: dict[str, Any]
    version: int
    content_hash: str
    loaded_at: datetime
    result: dict[str, Any]
    data: StudyData
    sessions: list[SessionResults]
    problems: dict[str, Any]
    seen_by: dict[str, set[str]]
    events: int
    attributes: dict[str, dict[str, str]]  # participant code -> attribute -> value
    versions: dict[int, int]  # protocol version number -> sessions that ran under it

    @property
    def titles(self) -> dict[str, str]:
        return {task["id"]: task["title"] for task in self.definition["tasks"]}

    @property
    def participants(self) -> list[str]:
        return sorted({session.participant for session in self.sessions})


def collect(
    store: Store, study: str, confidence: float = 0.95, times: str = "successful"
) -> StudyBundle:
    with store.reading() as db:
        version = protocol_version(db, study)
        definition = version.definition
        chosen = list(definition["variants"])
        data = study_data(db, study, chosen)
        sessions = list(study_results(db, study))
        matrix = problem_matrix(db, study)
        loaded_at = next(
            v.loaded_at for v in study_versions(db, study) if v.number == version.number
        )
        number, digest = version.number, version.content_hash
        attributes = participant_attributes(db, study)
        versions = session_versions(db, study)
    return StudyBundle(
        definition=definition,
        version=number,
        content_hash=digest,
        loaded_at=loaded_at,
        result=analyze_study(definition, data, confidence, times, chosen),
        data=data,
        sessions=sessions,
        problems=analyze_problems(matrix.seen_by, matrix.participants, matrix.problems),
        seen_by=matrix.seen_by,
        events=sum(len(s.events) for s in sessions),
        attributes=attributes,
        versions=versions,
    )
