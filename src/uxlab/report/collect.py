"""Everything a study's charts and report show, read and computed in one place."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from uxlab.analysis.data import StudyData
from uxlab.analysis.study import analyze_problems, analyze_study
from uxlab.recording.results import SessionResults
from uxlab.store.analysis_data import analysis_scope, study_data
from uxlab.store.attempts import study_results
from uxlab.store.engine import Store
from uxlab.store.problems import problem_matrix
from uxlab.store.studies import participant_attributes, study_versions


@dataclass(frozen=True)
class UsedVersion:
    """A protocol version whose sessions the report reads."""

    number: int  # this store's label
    content_hash: str
    loaded_at: datetime
    sessions: int


@dataclass
class StudyBundle:
    definition: dict[str, Any]  # pooled over `versions` (analysis.versions)
    versions: list[UsedVersion]  # latest sessions first
    result: dict[str, Any]
    data: StudyData
    sessions: list[SessionResults]
    problems: dict[str, Any]
    seen_by: dict[str, set[str]]
    events: int
    attributes: dict[str, dict[str, str]]  # participant code -> attribute -> value

    @property
    def titles(self) -> dict[str, str]:
        return {task["id"]: task["title"] for task in self.definition["tasks"]}

    @property
    def participants(self) -> list[str]:
        return sorted({session.participant for session in self.sessions})


def collect(
    store: Store,
    study: str,
    confidence: float = 0.95,
    times: str = "successful",
    refs: tuple[str, ...] = (),
) -> StudyBundle:
    """The report's data: the sessions of the protocol versions `refs` names, or of all."""
    with store.reading() as db:
        scope = analysis_scope(db, study, refs)
        definition = scope.pooling.definition
        chosen = list(definition["variants"])
        data = study_data(db, study, chosen, scope)
        sessions = list(study_results(db, study, versions=scope.versions))
        matrix = problem_matrix(db, study)
        stored = {v.content_hash: v for v in study_versions(db, study)}
        attributes = participant_attributes(db, study)
    used = [
        UsedVersion(stored[v["hash"]].number, v["hash"], stored[v["hash"]].loaded_at, v["sessions"])
        for v in definition["versions"]
    ]
    return StudyBundle(
        definition=definition,
        versions=used,
        result=analyze_study(definition, data, confidence, times, chosen),
        data=data,
        sessions=sessions,
        problems=analyze_problems(matrix.seen_by, matrix.participants, matrix.problems),
        seen_by=matrix.seen_by,
        events=sum(len(s.events) for s in sessions),
        attributes=attributes,
    )
