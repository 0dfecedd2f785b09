"""Moving events in and out of the store: export in a stable order, import all or nothing."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace

from sqlalchemy import case, select
from sqlalchemy.orm import Session

from uxlab.errors import ImportFailed, InvalidEvent, UxlabError
from uxlab.exchange.jsonl import ExchangedEvent
from uxlab.recording.events import EventRecord, sort_key
from uxlab.recording.rules import SessionState, StudyRules
from uxlab.store.appending import check_in_session
from uxlab.store.bulk import RowBuffer
from uxlab.store.derived import refresh_session
from uxlab.store.events import (
    session_events,
    session_rules,
    sight_problems,
    store_events,
    to_record,
)
from uxlab.store.models import Event, Participant, ProtocolVersion, Study, StudySession
from uxlab.store.sessions import find_session, start_session
from uxlab.store.studies import get_study, protocol_version

_TIES = case(
    {"session_start": 0, "task_end": 1, "task_start": 2, "session_end": 4},
    value=Event.type,
    else_=3,
)


def export_events(
    db: Session,
    study: str,
    session: str | None = None,
    sessions: Sequence[uuid.UUID] | None = None,
) -> Iterator[ExchangedEvent]:
    """A study's events (or one session's, or those of `sessions`): sessions by start, events
    in time order."""
    query = (
        select(Event, Participant.code, StudySession.variant)
        .join(StudySession, StudySession.id == Event.session_id)
        .join(Participant, Participant.id == StudySession.participant_id)
        .where(StudySession.study_id == get_study(db, study).id)
        .order_by(StudySession.started_at, StudySession.id, Event.at, _TIES, Event.id)
    )
    if session is not None:
        query = query.where(StudySession.id == find_session(db, session).id)
    if sessions is not None:
        query = query.where(StudySession.id.in_(sessions))
    for row, participant, variant in db.execute(query.execution_options(yield_per=2000)):
        event = to_record(row)
        yield ExchangedEvent(
            event, study, row.session_id, participant, event.data.get("variant", variant)
        )


@dataclass
class ImportSummary:
    sessions: int = 0
    events: int = 0
    skipped: int = 0
    studies: set[str] = field(default_factory=set)


def import_events(
    db: Session, source: str, lines: Iterable[tuple[int, ExchangedEvent | str]]
) -> ImportSummary:
    """Store exchanged events; ids already in the store are skipped. Every line is checked with
    the same rules as live logging; any bad line raises ImportFailed listing all of them, and the
    caller's transaction then stores nothing. A `str` in `lines` is a line that did not parse."""
    errors: list[tuple[int, str]] = []
    by_session: dict[uuid.UUID, list[tuple[int, ExchangedEvent]]] = {}
    for number, item in lines:
        if isinstance(item, str):
            errors.append((number, item))
        else:
            by_session.setdefault(item.session, []).append((number, item))
    summary = ImportSummary()
    batch = _Batch(db)
    for session_id, items in by_session.items():
        items.sort(key=lambda pair: sort_key(pair[1].event))
        try:
            _import_session(db, session_id, items, summary, errors, batch)
        except UxlabError as exc:
            errors.append((items[0][0], str(exc)))
    batch.flush()
    if errors:
        raise ImportFailed(source, errors)
    return summary


def _import_session(
    db: Session,
    session_id: uuid.UUID,
    items: list[tuple[int, ExchangedEvent]],
    summary: ImportSummary,
    errors: list[tuple[int, str]],
    batch: _Batch,
) -> None:
    visit = db.get(StudySession, session_id)
    fresh = visit is None  # new to this store: nothing to look up, nothing to replace
    existing: set[uuid.UUID] = (
        set() if fresh else set(db.scalars(select(Event.id).where(Event.session_id == session_id)))
    )
    known = set(existing)
    history: dict[str, list[EventRecord]] = {}
    if visit is None:
        start = next((item for _, item in items if item.event.type == "session_start"), None)
        if start is None:
            raise UxlabError(
                f"session {session_id} is not in this store and the file does not start it"
            )
        visit = _open(db, start, batch)
        known.add(start.event.id)
        history[start.event.author] = [start.event]
        summary.sessions += 1
        summary.events += 1
    if db.get_one(Study, visit.study_id).slug != items[0][1].study:
        raise UxlabError(f"session {session_id} belongs to another study in this store")
    summary.studies.add(items[0][1].study)
    rules = batch.rules.get(visit.protocol_version_id) or session_rules(db, visit)
    batch.rules[visit.protocol_version_id] = rules
    states: dict[str, SessionState] = {a: SessionState.of(h) for a, h in history.items()}
    accepted: list[EventRecord] = []  # written together once the session has been checked
    for number, item in items:
        event = item.event
        if event.id in known:
            summary.skipped += event.id in existing
            continue
        if event.type == "task_start" and rules.design == "within" and item.variant:
            event = replace(event, data={**event.data, "variant": item.variant})
        author = event.author
        if author not in states:
            history[author] = [] if fresh else session_events(db, visit.id, author)
            states[author] = SessionState.of(history[author])
        try:
            if visit.status != "in_progress" and event.type not in ("undo", "amend"):
                raise InvalidEvent(f"the session is {visit.status}")
            checked = check_in_session(rules, states[author], visit, event)
        except InvalidEvent as exc:
            errors.append((number, str(exc)))
            continue
        accepted.append(checked)
        known.add(checked.id)
        history[author].append(checked)
        states[author] = states[author].add(checked, history[author])
        summary.events += 1
        if checked.type == "session_end":
            visit.status = str(checked.data.get("status", "completed"))
            visit.ended_at = checked.at
        elif checked.type == "undo" and visit.status != "in_progress" and not states[author].ended:
            visit.status, visit.ended_at = "in_progress", None  # its session_end was undone
    if not fresh:
        store_events(db, visit, accepted)
        if visit.moderator in history:
            refresh_session(db, visit, history[visit.moderator], rules)
        return
    batch.problems.append((visit, store_events(db, visit, accepted, batch.rows)))
    if visit.moderator in history:
        refresh_session(
            db, visit, history[visit.moderator], rules, replace=False, buffer=batch.rows
        )
    batch.sessions += 1
    if batch.sessions % BATCH_SESSIONS == 0:
        batch.flush()


# New sessions' rows are written together, this many sessions at a time.
BATCH_SESSIONS = 200


class _Batch:
    """What an import holds for sessions new to the store until it writes them together."""

    def __init__(self, db: Session) -> None:
        self.db = db
        self.rows = RowBuffer()
        self.problems: list[tuple[StudySession, list[EventRecord]]] = []
        self.rules: dict[uuid.UUID, StudyRules] = {}
        self.versions: dict[tuple[str, str | None], ProtocolVersion] = {}
        self.sessions = 0

    def flush(self) -> None:
        self.rows.flush(self.db)
        for visit, problems in self.problems:
            sight_problems(self.db, visit, problems)
        self.problems = []


def _open(db: Session, start: ExchangedEvent, batch: _Batch) -> StudySession:
    data = start.event.data
    offset = data.get("recording_offset_s")
    key = (start.study, data.get("protocol"))
    if key not in batch.versions:
        batch.versions[key] = protocol_version(db, start.study, content_hash=data.get("protocol"))
    return start_session(
        db,
        start.study,
        start.participant,
        str(data["variant"]).split(","),
        start.event.author,
        start.event.at,
        data.get("recording"),
        float(offset) if offset is not None else None,
        protocol=data.get("protocol"),
        attributes=data.get("attributes"),
        session_id=start.session,
        imported=start.event,
        version=batch.versions[key],
    )
