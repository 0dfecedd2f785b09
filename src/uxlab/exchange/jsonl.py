"""The events JSONL format (SPEC §5): one event per line, stable so that export → import →
export gives the same bytes."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import msgspec

from uxlab.errors import UxlabError
from uxlab.recording.event_data import Long, Short, decode_data, said
from uxlab.recording.events import EventRecord
from uxlab.recording.limits import shown
from uxlab.recording.times import parse_zoned
from uxlab.recording.vocabulary import EVENT_TYPES

# Payload fields that the format lifts to the top level of a line.
PROMOTED = ("outcome", "note", "variant", "participant")


@dataclass(frozen=True)
class ExchangedEvent:
    """An event with the session facts that travel with it."""

    event: EventRecord
    study: str
    session: uuid.UUID
    participant: str
    variant: str | None  # the task's variant (within), the session's (between), or the order


def format_time(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def format_line(item: ExchangedEvent) -> str:
    event = item.event
    head = {
        "id": str(event.id),
        "study": item.study,
        "session": str(item.session),
        "participant": item.participant,
        "variant": item.variant,
        "type": event.type,
        "at": format_time(event.at),
        "task": event.task,
        "outcome": event.data.get("outcome"),
        "note": event.data.get("note"),
        "author": event.author,
    }
    data = {k: v for k, v in event.data.items() if k not in PROMOTED}
    body = json.dumps(head, ensure_ascii=False)[:-1]
    return f'{body}, "data": {json.dumps(data, ensure_ascii=False, sort_keys=True)}}}'


class LineError(ValueError):
    """What is wrong with one line; the importer adds the file and line number."""


class _Line(msgspec.Struct):
    """A line's fields as the format types and bounds them; `data` is decoded by its type."""

    id: uuid.UUID
    study: Short
    session: uuid.UUID
    type: Short
    at: Short
    author: Short
    participant: Short | None = None
    variant: Short | None = None
    task: Short | None = None
    outcome: Short | None = None
    note: Long | None = None
    data: msgspec.Raw = msgspec.Raw(b"null")


class _Session(msgspec.Struct):
    session: uuid.UUID


_LINE = msgspec.json.Decoder(_Line)
_SESSION = msgspec.json.Decoder(_Session)
# A JSON escape of half a UTF-16 surrogate pair, which no Unicode text holds.
_SURROGATE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def parse_line(text: str) -> ExchangedEvent:
    try:
        line = _LINE.decode(text)
    except msgspec.ValidationError as exc:
        raise LineError(_validation(exc)) from None
    except msgspec.DecodeError as exc:
        raise LineError(_malformed(text, exc)) from None
    except RecursionError:
        raise LineError("nested too deeply") from None
    return _event(line, bytes(line.data))


def parse_csv_row(row: dict[str, str | None]) -> ExchangedEvent:
    """An events CSV row: the JSONL keys as columns, `data` as JSON text, empty cells null."""
    raw: dict[str, Any] = {k: v for k, v in row.items() if k is not None and v}
    data = raw.pop("data", "null")
    try:
        line = msgspec.convert(raw, _Line)
    except msgspec.ValidationError as exc:
        raise LineError(_validation(exc)) from None
    return _event(line, data)


def _event(line: _Line, data: bytes | str) -> ExchangedEvent:
    """One event from its exchanged fields; LineError says what is wrong."""
    kind = line.type
    if kind not in EVENT_TYPES:
        raise LineError(f"type: unknown event type {shown(kind)}")
    try:
        payload = {} if data in (b"null", "null") else decode_data(kind, data)
    except msgspec.ValidationError as exc:
        raise LineError(said(exc, "data.")) from None
    except msgspec.DecodeError as exc:
        raise LineError(f"data: {_malformed(str(data), exc)}") from None
    except RecursionError:
        raise LineError("data: nested too deeply") from None
    for key in PROMOTED:  # each lives at the top of the line; `data` may only repeat it
        if key in payload and payload.pop(key) != getattr(line, key):
            raise LineError(f"data.{key} differs from the line's {key}: give it once, as {key}")
    for key in ("outcome", "note"):
        if getattr(line, key) is not None:
            payload[key] = getattr(line, key)
    if kind == "session_start":
        if line.participant is None or line.variant is None:
            raise LineError("session_start needs participant and variant")
        payload["participant"] = line.participant
        payload["variant"] = line.variant
    try:
        at = parse_zoned(line.at)
    except UxlabError as exc:
        raise LineError(f"at: {exc}") from None
    event = EventRecord(
        id=line.id, type=kind, at=at, author=line.author, task=line.task, data=payload
    )
    return ExchangedEvent(event, line.study, line.session, line.participant or "", line.variant)


def _validation(exc: msgspec.ValidationError) -> str:
    missing = re.fullmatch(r"Object missing required field `(\w+)`.*", str(exc))
    return f"missing {missing[1]}" if missing else said(exc)


def _malformed(text: str, exc: msgspec.DecodeError) -> str:
    if _SURROGATE.search(text):
        return "not Unicode text: a lone surrogate escape such as \\ud800"
    reason = str(exc).removeprefix("JSON is malformed: ")
    return f"not valid JSON: {reason[:1].lower()}{reason[1:]}"


def read_lines(lines: Iterable[str]) -> Iterator[tuple[int, ExchangedEvent | str]]:
    """Each non-blank line, numbered from 1, parsed or else the reason it does not parse."""
    for number, text in enumerate(lines, start=1):
        if text.strip():
            try:
                yield number, parse_line(text)
            except LineError as exc:
                yield number, str(exc)


def session_ends(lines: Iterable[str]) -> dict[uuid.UUID, int]:
    """The number of each session's last line, as `read_lines` numbers them: read ahead of an
    import so that each session is checked and written once complete, and a file grouped by
    session is never held whole. Lines that do not parse are passed over; `read_lines` says
    what is wrong with them."""
    ends: dict[uuid.UUID, int] = {}
    for number, text in enumerate(lines, start=1):
        try:
            ends[_SESSION.decode(text).session] = number
        except (msgspec.DecodeError, RecursionError):
            continue
    return ends
