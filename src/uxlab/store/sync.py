"""Copying studies from one store into another (laptops into the team PostgreSQL), idempotently.

Studies are matched by slug, protocol versions by content hash (a version the target lacks is
added with the target's next number; none is ever overwritten, and which version the target's new
sessions use stays the target's choice), participants by code, sessions
and events by their UUIDs, problems by key. Events go through the same checks as an import, in
one transaction per batch of sessions, so an interrupted sync resumes where it stopped and a
second sync copies nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select

from uxlab.errors import ImportFailed, SyncFailed
from uxlab.exchange.jsonl import ExchangedEvent
from uxlab.exchange.problems_csv import ProblemRow
from uxlab.protocol.validate import parse_protocol
from uxlab.store.engine import Store
from uxlab.store.exchange import export_events
from uxlab.store.importing import import_events
from uxlab.store.models import (
    Participant,
    Problem,
    ProblemSighting,
    ProtocolVersion,
    Study,
    StudySession,
)
from uxlab.store.problems import import_problems
from uxlab.store.studies import get_study, load_protocol, protocol_version

BATCH = 50


@dataclass
class SyncSummary:
    studies: int = 0
    versions: int = 0
    sessions: int = 0
    events: int = 0
    skipped: int = 0
    sightings: int = 0
    # Events kept that contradict their session's replay, and other things to know.
    warnings: list[str] = field(default_factory=list)


def plan(source: Store, study: str | None = None) -> dict[str, list[uuid.UUID]]:
    """What a sync will look at: each study's sessions, in the order they started."""
    with source.reading() as db:
        query = (
            select(Study.slug, StudySession.id)
            .outerjoin(StudySession, StudySession.study_id == Study.id)
            .order_by(Study.slug, StudySession.started_at, StudySession.id)
        )
        if study is not None:
            query = query.where(Study.slug == get_study(db, study).slug)
        sessions: dict[str, list[uuid.UUID]] = {}
        for slug, session in db.execute(query):
            sessions.setdefault(slug, []).extend([session] if session else [])
    return sessions


def sync(
    source: Store,
    target: Store,
    sessions: dict[str, list[uuid.UUID]],
    advance: Callable[[int], None] = lambda _count: None,
) -> SyncSummary:
    """Copy the planned studies from source into target; see the module for the rules."""
    summary = SyncSummary()
    for slug, ids in sessions.items():
        summary.studies += 1
        _copy_versions(source, target, slug, summary)
        for start in range(0, len(ids), BATCH):
            batch = ids[start : start + BATCH]
            with source.reading() as db:
                items = list(enumerate(export_events(db, slug, sessions=batch), start=1))
            try:
                with target.writing() as db:
                    done = import_events(db, f"sync of {slug}", items)
            except ImportFailed as failed:
                raise SyncFailed(
                    slug, [_where(slug, items, n, message) for n, message in failed.problems]
                ) from None
            summary.sessions += done.sessions
            summary.events += done.events
            summary.skipped += done.skipped
            summary.warnings += [_where(slug, items, n, message) for n, message in done.warnings]
            advance(len(batch))
        _copy_sightings(source, target, slug, summary)
    return summary


def _where(slug: str, items: list[tuple[int, ExchangedEvent]], number: int, message: str) -> str:
    """A message about the `number`th event a batch exported, naming it: sync has no lines."""
    item = items[number - 1][1]
    return f"{slug}: session {item.session}, {item.event.type} {item.event.id}: {message}"


def _copy_versions(source: Store, target: Store, slug: str, summary: SyncSummary) -> None:
    """Every version the source holds, kept by content. Which one new sessions use is the
    target's own choice; a study new to the target takes the source's."""
    with source.reading() as db:
        versions = [
            (v.content, v.source)
            for v in db.scalars(
                select(ProtocolVersion)
                .join(Study, Study.id == ProtocolVersion.study_id)
                .where(Study.slug == slug)
                .order_by(ProtocolVersion.number)
            )
        ]
        used = protocol_version(db, slug).content_hash
    with target.writing() as db:
        for content, origin in versions:
            parsed = parse_protocol(content, origin or slug)
            loaded = load_protocol(db, parsed, content, origin, use=False)
            summary.versions += loaded.new_version
        study = get_study(db, slug)
        if study.current_hash is None:
            study.current_hash = used


def _copy_sightings(source: Store, target: Store, slug: str, summary: SyncSummary) -> None:
    """Problem sightings that came from a problems CSV (events carry their own)."""
    with source.reading() as db:
        rows = [
            (number, ProblemRow(number, slug, *row))
            for number, row in enumerate(
                db.execute(
                    select(
                        Participant.code,
                        Problem.key,
                        Problem.severity,
                        ProblemSighting.task,
                        Problem.description,
                        Problem.recommendation,
                    )
                    .join(ProblemSighting, ProblemSighting.problem_id == Problem.id)
                    .join(Participant, Participant.id == ProblemSighting.participant_id)
                    .join(Study, Study.id == Problem.study_id)
                    .where(Study.slug == slug, ProblemSighting.event_id.is_(None))
                ),
                start=1,
            )
        ]
    if rows:
        with target.writing() as db:
            summary.sightings += import_problems(db, f"sync of {slug}", rows).sightings
