"""Importing exchanged events: all or nothing, checked with the same rules as live logging.

Sessions new to the store are the bulk of a large import. Their rows wait in a buffer and are
written together, many sessions at a time; what their checks need from the store (studies,
protocol versions, participants, sessions in progress) is read once per study, not per session.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from uxlab.errors import ImportFailed, InvalidEvent, UxlabError
from uxlab.exchange.jsonl import ExchangedEvent
from uxlab.recording.events import EventRecord, sort_key
from uxlab.recording.rules import SessionState, StudyRules
from uxlab.store.appending import check_in_session
from uxlab.store.bulk import RowBuffer
from uxlab.store.derived import refresh_session
from uxlab.store.events import Sighting, session_events, session_rules, sight_problems, store_events
from uxlab.store.models import Event, Participant, ProtocolVersion, Study, StudySession
from uxlab.store.sessions import busy, check_variants, new_session
from uxlab.store.studies import protocol_version

# New sessions' rows are written together, this many sessions at a time.
BATCH_SESSIONS = 200
# Session ids are looked up in the store this many at a time.
LOOKUP_CHUNK = 500
# From this many imported events on, PostgreSQL's planner statistics are refreshed at once.
ANALYZE_AFTER = 10_000
_ANALYZE = "ANALYZE event, task_attempt, response, study_session, participant, problem_sighting"


@dataclass
class ImportSummary:
    sessions: int = 0
    events: int = 0
    skipped: int = 0
    studies: set[str] = field(default_factory=set)


def import_events(
    db: Session,
    source: str,
    lines: Iterable[tuple[int, ExchangedEvent | str]],
    ends: Mapping[uuid.UUID, int] | None = None,
) -> ImportSummary:
    """Store exchanged events; ids already in the store are skipped. Every line is checked with
    the same rules as live logging; any bad line raises ImportFailed listing all of them, and the
    caller's transaction then stores nothing. A `str` in `lines` is a line that did not parse.

    `ends`, the number of each session's last line (`session_ends`), lets each session be
    checked and written as soon as its last line is read; without it, all lines are held
    until the end."""
    errors: list[tuple[int, str]] = []
    held: dict[uuid.UUID, list[tuple[int, ExchangedEvent]]] = {}
    importer = None if ends is None else _Importer(db, errors, _stored_sessions(db, list(ends)))
    for number, item in lines:
        if isinstance(item, str):
            errors.append((number, item))
            continue
        held.setdefault(item.session, []).append((number, item))
        if importer is not None and ends is not None and ends.get(item.session) == number:
            importer.add_session(item.session, held.pop(item.session))
    if importer is None:
        importer = _Importer(db, errors, _stored_sessions(db, list(held)))
    for session_id, items in held.items():
        importer.add_session(session_id, items)
    importer.flush()
    if errors:
        raise ImportFailed(source, errors)
    if importer.summary.events >= ANALYZE_AFTER and db.get_bind().dialect.name == "postgresql":
        # Without statistics on the rows just written, PostgreSQL plans the analysis as if the
        # tables were empty until autovacuum catches up: 40 times slower at a million events.
        db.execute(text(_ANALYZE))
    return importer.summary


def _stored_sessions(db: Session, ids: list[uuid.UUID]) -> set[uuid.UUID]:
    """Which of `ids` the store already holds."""
    found: set[uuid.UUID] = set()
    for start in range(0, len(ids), LOOKUP_CHUNK):
        chunk = ids[start : start + LOOKUP_CHUNK]
        found.update(db.scalars(select(StudySession.id).where(StudySession.id.in_(chunk))))
    return found


class _Importer:
    """One import's checks and writes, with what it has read from the store so far."""

    def __init__(self, db: Session, errors: list[tuple[int, str]], stored: set[uuid.UUID]):
        self.db = db
        self.errors = errors
        self.stored = stored
        self.summary = ImportSummary()
        self.rows = RowBuffer()
        self.sightings: list[Sighting] = []
        self.pending = 0
        self.slugs: dict[uuid.UUID, str] = {}
        self.versions: dict[tuple[str, str | None], ProtocolVersion] = {}
        self.rules: dict[uuid.UUID, StudyRules] = {}
        self.participants: dict[uuid.UUID, dict[str, Participant]] = {}  # by study, by code
        self.in_progress: dict[uuid.UUID, uuid.UUID] = {}  # participant id -> session id

    def add_session(self, session_id: uuid.UUID, items: list[tuple[int, ExchangedEvent]]) -> None:
        """Check one session's lines in time order; a line the rules refuse is noted."""
        items.sort(key=lambda pair: sort_key(pair[1].event))
        try:
            self._add_session(session_id, items)
        except UxlabError as exc:
            self.errors.append((items[0][0], str(exc)))

    def _add_session(self, session_id: uuid.UUID, items: list[tuple[int, ExchangedEvent]]) -> None:
        fresh = session_id not in self.stored  # nothing to look up, nothing to replace
        history: dict[str, list[EventRecord]] = {}
        existing: set[uuid.UUID] = set()
        if fresh:
            start = next((item for _, item in items if item.event.type == "session_start"), None)
            if start is None:
                raise UxlabError(
                    f"session {session_id} is not in this store and the file does not start it"
                )
            visit = self._open(start)
            code = start.participant
            history[start.event.author] = [start.event]
            accepted = [start.event]  # written together once the session has been checked
            self.summary.sessions += 1
            self.summary.events += 1
        else:
            visit = self.db.get_one(StudySession, session_id)
            self._load_study(visit.study_id)
            existing = set(self.db.scalars(select(Event.id).where(Event.session_id == session_id)))
            accepted = []
        if self.slugs[visit.study_id] != items[0][1].study:
            raise UxlabError(f"session {session_id} belongs to another study in this store")
        self.summary.studies.add(items[0][1].study)
        rules = self._rules(visit)
        known = existing | {event.id for event in accepted}
        states = {author: SessionState.of(events) for author, events in history.items()}
        for number, item in items:
            event = item.event
            if event.id in known:
                self.summary.skipped += event.id in existing
                continue
            if event.type == "task_start" and rules.design == "within" and item.variant:
                event = replace(event, data={**event.data, "variant": item.variant})
            author = event.author
            if author not in states:
                history[author] = [] if fresh else session_events(self.db, visit.id, author)
                states[author] = SessionState.of(history[author])
            try:
                if visit.status != "in_progress" and event.type not in ("undo", "amend"):
                    raise InvalidEvent(f"the session is {visit.status}")
                checked = check_in_session(rules, states[author], visit, event)
            except InvalidEvent as exc:
                self.errors.append((number, str(exc)))
                continue
            accepted.append(checked)
            known.add(checked.id)
            history[author].append(checked)
            states[author] = states[author].add(checked, history[author])
            self.summary.events += 1
            ended = states[author].ended
            if checked.type == "session_end":
                visit.status = str(checked.data.get("status", "completed"))
                visit.ended_at = checked.at
            elif checked.type == "undo" and visit.status != "in_progress" and not ended:
                visit.status, visit.ended_at = "in_progress", None  # its session_end was undone
        if visit.status == "in_progress":
            self.in_progress[visit.participant_id] = visit.id
        else:
            self.in_progress.pop(visit.participant_id, None)
        moderator = history.get(visit.moderator or "")
        if not fresh:
            store_events(self.db, visit, accepted)
            if moderator is not None:
                refresh_session(self.db, visit, moderator, rules)
            return
        self.sightings += store_events(self.db, visit, accepted, self.rows)
        if moderator is not None:
            refresh_session(
                self.db,
                visit,
                moderator,
                rules,
                replace=False,
                buffer=self.rows,
                participant=code,
            )
        self.pending += 1
        if self.pending % BATCH_SESSIONS == 0:
            self.flush()

    def flush(self) -> None:
        self.db.flush()  # participants and sessions before the rows that point at them
        self.rows.flush(self.db)
        sight_problems(self.db, self.sightings)
        self.sightings = []

    def _open(self, start: ExchangedEvent) -> StudySession:
        """The row of a session that the file starts, checked as `uxlab session start` is."""
        data = start.event.data
        key = (start.study, data.get("protocol"))
        if key not in self.versions:
            self.versions[key] = protocol_version(
                self.db, start.study, content_hash=data.get("protocol")
            )
        version = self.versions[key]
        variants = str(data["variant"]).split(",")
        check_variants(version, variants)
        person = self._participant(version.study_id, start.participant)
        if person.id in self.in_progress:
            raise busy(start.participant, self.in_progress[person.id])
        attributes = data.get("attributes")
        if attributes:
            person.attributes = {**person.attributes, **attributes}
        offset = data.get("recording_offset_s")
        visit = new_session(
            version,
            person,
            variants,
            start.event.author,
            start.event.at,
            data.get("recording"),
            float(offset) if offset is not None else None,
            session_id=start.session,
        )
        self.db.add(visit)
        return visit

    def _participant(self, study_id: uuid.UUID, code: str) -> Participant:
        self._load_study(study_id)
        people = self.participants[study_id]
        if code not in people:
            people[code] = Participant(id=uuid.uuid4(), study_id=study_id, code=code, attributes={})
            self.db.add(people[code])
        return people[code]

    def _load_study(self, study_id: uuid.UUID) -> None:
        """A study's slug, participants and sessions in progress, read once."""
        if study_id in self.slugs:
            return
        self.slugs[study_id] = self.db.get_one(Study, study_id).slug
        self.participants[study_id] = {
            person.code: person
            for person in self.db.scalars(
                select(Participant).where(Participant.study_id == study_id)
            )
        }
        for person, visit in self.db.execute(
            select(StudySession.participant_id, StudySession.id).where(
                StudySession.study_id == study_id, StudySession.status == "in_progress"
            )
        ):
            self.in_progress[person] = visit

    def _rules(self, visit: StudySession) -> StudyRules:
        if visit.protocol_version_id not in self.rules:
            self.rules[visit.protocol_version_id] = session_rules(self.db, visit)
        return self.rules[visit.protocol_version_id]
