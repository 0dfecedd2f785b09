"""Checking that every stored row can be read: rows written by hand, or by a uxlab that checked
less at the door, are named one by one instead of breaking the first export that meets them."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import String, Text, select, type_coerce
from sqlalchemy.orm import InstrumentedAttribute, Session

from uxlab.errors import StoredDataInvalid
from uxlab.recording.events import EventRecord
from uxlab.recording.rules import content_problem
from uxlab.store.engine import read_json
from uxlab.store.models import Event, Participant, ProtocolVersion, StudySession

# The JSON columns beside the events', each with the column that names its row.
_JSON_COLUMNS: list[tuple[str, InstrumentedAttribute[Any], InstrumentedAttribute[Any]]] = [
    ("protocol version", ProtocolVersion.id, ProtocolVersion.definition),
    ("participant", Participant.code, Participant.attributes),
    ("session", StudySession.id, StudySession.variant_order),
]


def unreadable_rows(db: Session) -> Iterator[str]:
    """A line for each stored row that uxlab cannot read, naming it and saying why."""
    for kind, name, column in _JSON_COLUMNS:
        for key, raw in db.execute(select(type_coerce(name, String), type_coerce(column, Text))):
            why = _json_problem(raw)
            if why is not None:
                yield f"{kind} {key}: {why}"
    query = select(
        type_coerce(Event.session_id, String),
        type_coerce(Event.id, String),
        Event.type,
        type_coerce(Event.at, String),
        Event.author,
        Event.task,
        Event.offset_s,
        type_coerce(Event.payload, Text),
    ).execution_options(yield_per=5000)
    for session, id_, type_, at, author, task, offset, raw in db.execute(query):
        why = _event_problem(id_, type_, at, author, task, offset, raw)
        if why is not None:
            yield f"session {_shown(session)}, event {_shown(id_)}: {why}"


def _shown(raw: object) -> str:
    """An id as uxlab prints UUIDs, or as stored when it is not one."""
    try:
        return str(raw if isinstance(raw, uuid.UUID) else uuid.UUID(str(raw)))
    except ValueError:
        return repr(raw)


def _json_problem(raw: object) -> str | None:
    return _decoded(raw)[1]


def _decoded(raw: object) -> tuple[object, str | None]:
    """A JSON column's value, or why it cannot be read; a driver that decodes JSON itself
    (PostgreSQL) hands over the value."""
    if not isinstance(raw, str | bytes):
        return raw, None
    try:
        return read_json(raw), None
    except StoredDataInvalid:
        return None, "its JSON is not strict UTF-8 JSON"


def _event_problem(
    id_: object, type_: str, at: object, author: str, task: str | None, offset: float, raw: object
) -> str | None:
    try:
        event_id = id_ if isinstance(id_, uuid.UUID) else uuid.UUID(str(id_))
    except ValueError:
        return "its id is not a UUID"
    try:
        when = at if isinstance(at, datetime) else datetime.fromisoformat(str(at))
    except ValueError:
        return f"its time {at!r} is not a time"
    data, why = _decoded(raw)
    if why is not None:
        return why
    if not isinstance(data, dict):
        return "its data is not a JSON object"
    stamp = when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)
    return content_problem(EventRecord(event_id, type_, stamp, author, task, offset, data))
