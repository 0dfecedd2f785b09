"""Importing exchanged events with the merge rules (SPEC §4): all or nothing.

Every well-formed event of a known study and session is stored through `append_merged`; an
event that contradicts its session's replay is kept, counts in no figure, and is reported as a
warning naming its line. An event the protocol cannot mean (an unknown task, variant, marker or
questionnaire item, a value off its scale) is a bad line. An id already stored with the same
content is skipped; with other content it is a conflict that fails the whole import.

Sessions new to the store are the bulk of a large import. Their rows wait in a buffer and are
written together, many sessions at a time; what their checks need from the store (studies,
protocol versions, participants, sessions in progress) is read once per study, not per session.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from uxlab.errors import ImportFailed, UxlabError
from uxlab.exchange.jsonl import ExchangedEvent
from uxlab.recording.events import EventRecord, sort_key
from uxlab.recording.rules import StudyRules, code_problem, content_problem, field_problem
from uxlab.store.appending import append_merged
from uxlab.store.bulk import RowBuffer
from uxlab.store.engine import serialize_imports
from uxlab.store.events import (
    Sighting,
    lock_session,
    session_events,
    session_rules,
    settle_problems,
    sight_problems,
)
from uxlab.store.models import Event, Participant, ProtocolVersion, Study, StudySession
from uxlab.store.sessions import busy, check_variants, new_session
from uxlab.store.studies import protocol_version

# New sessions' rows are written together, this many sessions at a time.
BATCH_SESSIONS = 200
# Ids are looked up in the store this many at a time.
LOOKUP_CHUNK = 500
# From this many imported events on, PostgreSQL's planner statistics are refreshed at once.
ANALYZE_AFTER = 10_000
_ANALYZE = "ANALYZE event, task_attempt, response, study_session, participant, problem_sighting"
# What makes two events with one id the same event.
_CONTENT = ("type", "at", "author", "task", "data")


@dataclass
class ImportSummary:
    sessions: int = 0
    events: int = 0
    skipped: int = 0
    studies: set[str] = field(default_factory=set)
    # (line, message): events kept that contradict their session, and other things to know.
    warnings: list[tuple[int, str]] = field(default_factory=list)


def import_events(
    db: Session,
    source: str,
    lines: Iterable[tuple[int, ExchangedEvent | str]],
    ends: Mapping[uuid.UUID, int] | None = None,
) -> ImportSummary:
    """Store exchanged events with the merge rules (see the module); any bad line raises
    ImportFailed listing all of them, and the caller's transaction then stores nothing. A `str`
    in `lines` is a line that did not parse.

    `ends`, the number of each session's last line (`session_ends`), lets each session be
    checked and written as soon as its last line is read; without it, all lines are held
    until the end."""
    serialize_imports(db)
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
    importer.summary.warnings.sort(key=lambda warning: warning[0])
    return importer.summary


def _stored_sessions(db: Session, ids: list[uuid.UUID]) -> set[uuid.UUID]:
    """Which of `ids` the store already holds."""
    found: set[uuid.UUID] = set()
    for start in range(0, len(ids), LOOKUP_CHUNK):
        chunk = ids[start : start + LOOKUP_CHUNK]
        found.update(db.scalars(select(StudySession.id).where(StudySession.id.in_(chunk))))
    return found


def differences(stored: EventRecord, given: EventRecord) -> list[str]:
    """The fields in which two events with one id differ, naming the data's own fields."""
    differ = [name for name in _CONTENT if getattr(stored, name) != getattr(given, name)]
    if "data" in differ:
        keys = sorted({*stored.data, *given.data})
        named = [key for key in keys if stored.data.get(key) != given.data.get(key)]
        differ[differ.index("data") : differ.index("data") + 1] = named
    return differ


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
        # The lines of the events waiting in the buffer, by id, to name a conflict at flush.
        self.buffered: dict[uuid.UUID, tuple[int, uuid.UUID]] = {}
        self.slugs: dict[uuid.UUID, str] = {}
        self.versions: dict[tuple[str, str | None], ProtocolVersion] = {}
        self.rules: dict[uuid.UUID, StudyRules] = {}
        self.participants: dict[uuid.UUID, dict[str, Participant]] = {}  # by study, by code
        self.in_progress: dict[uuid.UUID, uuid.UUID] = {}  # participant id -> session id

    def add_session(self, session_id: uuid.UUID, items: list[tuple[int, ExchangedEvent]]) -> None:
        """One session's lines, in time order; a line that cannot be placed is noted."""
        items.sort(key=lambda pair: sort_key(pair[1].event))
        try:
            self._add_session(session_id, items)
        except UxlabError as exc:
            self.errors.append((items[0][0], str(exc)))

    def _add_session(self, session_id: uuid.UUID, items: list[tuple[int, ExchangedEvent]]) -> None:
        fresh = session_id not in self.stored  # nothing to look up, nothing to replace
        code: str | None = None
        first: uuid.UUID | None = None  # the file's session_start of a new session
        if fresh:
            start = next((item for _, item in items if item.event.type == "session_start"), None)
            if start is None:
                raise UxlabError(
                    f"session {session_id} is not in this store and the file does not start it"
                )
            visit = self._open(start, items[0][0])
            code, first = start.participant, start.event.id
        else:
            visit = self.db.get_one(StudySession, session_id)
            lock_session(self.db, visit)
            self._load_study(visit.study_id)
        if self.slugs[visit.study_id] != items[0][1].study:
            raise UxlabError(f"session {session_id} belongs to another study in this store")
        who = code or self.db.get_one(Participant, visit.participant_id).code
        slug = items[0][1].study
        rules = self._rules(visit)
        # In a between design every line repeats its session's variant too.
        variant = visit.variant if rules.design == "between" else None
        for number, item in items:  # every line repeats its session's study and participant
            said = item.participant or who
            if (item.study, said) != (slug, who):
                where = f"not {said}'s in {item.study}"
                self.errors.append((number, f"session {session_id} is {who}'s in {slug}, {where}"))
            elif variant is not None and item.variant not in (None, variant):
                self.errors.append(
                    (number, f"session {session_id} is on variant {variant}, not {item.variant}")
                )
        self.summary.studies.add(items[0][1].study)
        lines = self._unique(items, rules)
        stored = [] if fresh else session_events(self.db, visit.id)
        for event in stored:
            if event.id in lines:
                number, given = lines.pop(event.id)
                self._compare(number, event, given)
        if not lines:
            return
        self._check_elsewhere(lines, fresh)
        opening = first or next(e.id for e in stored if e.type == "session_start")
        for event_id, (number, event) in list(lines.items()):
            why = field_problem(rules, event)
            if why is None and event.type == "session_start" and event_id != opening:
                why = f"session {session_id} has started already (event {opening})"
            if why is not None:
                self.errors.append((number, why))
                del lines[event_id]
        if not lines:
            return
        if fresh:
            self.buffered.update({event_id: (n, session_id) for event_id, (n, _) in lines.items()})
        new = [event for _, event in lines.values()]
        after, sightings = append_merged(
            self.db,
            visit,
            stored,
            new,
            rules,
            fresh=fresh,
            buffer=self.rows if fresh else None,
            participant=code,
        )
        self.sightings += sightings
        self.summary.sessions += fresh
        self.summary.events += len(new)
        for number, event in lines.values():
            if event.id in after.rejected:
                self.summary.warnings.append(
                    (number, f"kept, but counts in no figure: {after.rejected[event.id]}")
                )
        if after.status == "in_progress":
            self.in_progress[visit.participant_id] = visit.id
        else:
            self.in_progress.pop(visit.participant_id, None)
        if fresh:
            self.pending += 1
            if self.pending % BATCH_SESSIONS == 0:
                self.flush()

    def _unique(
        self, items: list[tuple[int, ExchangedEvent]], rules: StudyRules
    ) -> dict[uuid.UUID, tuple[int, EventRecord]]:
        """Each event of the session once, by id: a repeated line is skipped, a line that
        repeats an id with other content is a conflict."""
        unique: dict[uuid.UUID, tuple[int, EventRecord]] = {}
        for number, item in items:
            event = item.event
            if event.type == "task_start" and rules.design == "within" and item.variant:
                event = replace(event, data={**event.data, "variant": item.variant})
            if event.id in unique:
                self._compare(number, unique[event.id][1], event, unique[event.id][0])
                continue
            unique[event.id] = (number, event)
        return unique

    def _compare(
        self, number: int, first: EventRecord, given: EventRecord, line: int | None = None
    ) -> None:
        """A second sight of one id (in the store, or on an earlier `line`): the same event is
        skipped, another is a conflict."""
        differ = differences(first, given)
        if not differ:
            self.summary.skipped += 1
            return
        where = "stored" if line is None else f"on line {line}"
        self.errors.append(
            (
                number,
                f"event {given.id} is already {where} with other content: "
                f"{', '.join(differ)} differ{'s' if len(differ) == 1 else ''}",
            )
        )

    def _check_elsewhere(
        self, lines: dict[uuid.UUID, tuple[int, EventRecord]], fresh: bool
    ) -> None:
        """Ids new to this session that another session holds are conflicts, taken out of
        `lines`. The store is asked only for a session it holds already: a new session's rows
        are written in bulk, and the write itself finds such ids (`flush`)."""
        for event_id in [i for i in lines if i in self.buffered]:
            self._elsewhere(lines.pop(event_id)[0], event_id, self.buffered[event_id][1])
        if fresh:
            return
        for event_id, other in self._holders(list(lines)):
            self._elsewhere(lines.pop(event_id)[0], event_id, other)

    def _holders(self, ids: list[uuid.UUID]) -> list[tuple[uuid.UUID, uuid.UUID]]:
        """Which of `ids` the store holds, and in which session."""
        found: list[tuple[uuid.UUID, uuid.UUID]] = []
        for start in range(0, len(ids), LOOKUP_CHUNK):
            chunk = ids[start : start + LOOKUP_CHUNK]
            found += self.db.execute(select(Event.id, Event.session_id).where(Event.id.in_(chunk)))
        return found

    def _elsewhere(self, number: int, event_id: uuid.UUID, other: uuid.UUID) -> None:
        self.errors.append(
            (number, f"event {event_id} is already stored in session {other}: session differs")
        )

    def flush(self) -> None:
        """Write the buffered sessions. An id that the store holds in another session makes
        the write fail: the batch is taken back and each such id named (the import then fails
        whole)."""
        self.db.flush()  # participants and sessions before the rows that point at them
        try:
            with self.db.begin_nested():
                self.rows.flush(self.db)
        except IntegrityError:
            holders = self._holders(list(self.buffered))
            if not holders:
                raise
            for event_id, other in holders:
                self._elsewhere(self.buffered[event_id][0], event_id, other)
            self.rows = RowBuffer()
        else:
            settle_problems(self.db, sight_problems(self.db, self.sightings))
        self.sightings = []
        self.buffered = {}

    def _open(self, start: ExchangedEvent, line: int) -> StudySession:
        """The row of a session that the file starts, checked as `uxlab session start` is."""
        data = start.event.data  # typed and bounded as the file was read (`event_data`)
        why = content_problem(start.event) or code_problem(start.participant)
        if why is not None:
            raise UxlabError(why)
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
            self.summary.warnings.append(
                (line, f"{busy(start.participant, self.in_progress[person.id])}; both are kept")
            )
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
