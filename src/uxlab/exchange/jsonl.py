"""The events JSONL format (SPEC §5): one event per line, stable so that export → import →
export gives the same bytes."""

from __future__ import annotations

import functools
import json
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from uxlab.recording.events import EventRecord
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


def parse_line(text: str) -> ExchangedEvent:
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LineError(f"not valid JSON: {exc.msg} at column {exc.colno}") from None
    if not isinstance(raw, dict):
        raise LineError("expected a JSON object")
    return parse_record(raw)


def parse_csv_row(row: dict[str, str | None]) -> ExchangedEvent:
    """An events CSV row: the JSONL keys as columns, `data` as JSON text, empty cells null."""
    raw: dict[str, Any] = {k: (v if v != "" else None) for k, v in row.items() if k is not None}
    if raw.get("data") is not None:
        try:
            raw["data"] = json.loads(str(raw["data"]))
        except json.JSONDecodeError as exc:
            raise LineError(f"data: not valid JSON: {exc.msg}") from None
    return parse_record(raw)


def parse_record(raw: dict[str, Any]) -> ExchangedEvent:
    """One event from its exchanged fields; LineError says what is wrong."""
    missing = [k for k in ("id", "study", "session", "type", "at", "author") if raw.get(k) is None]
    if missing:
        raise LineError(f"missing {', '.join(missing)}")
    kind = _text(raw, "type")
    if kind not in EVENT_TYPES:
        raise LineError(f"type: unknown event type '{kind}'")
    data = raw.get("data") or {}
    if not isinstance(data, dict):
        raise LineError("data: expected a JSON object")
    payload: dict[str, Any] = {k: v for k, v in data.items() if k not in PROMOTED}
    for key in ("outcome", "note"):
        if raw.get(key) is not None:
            payload[key] = _text(raw, key)
    participant = raw.get("participant")
    variant = raw.get("variant")
    if kind == "session_start":
        if participant is None or variant is None:
            raise LineError("session_start needs participant and variant")
        payload["participant"] = _text(raw, "participant")
        payload["variant"] = _text(raw, "variant")
    event = EventRecord(
        id=_uuid(raw, "id"),
        type=kind,
        at=_time(raw),
        author=_text(raw, "author"),
        task=_text(raw, "task") if raw.get("task") is not None else None,
        data=payload,
    )
    return ExchangedEvent(
        event,
        _text(raw, "study"),
        _uuid(raw, "session", _session_uuid),
        str(participant) if participant is not None else "",
        str(variant) if variant is not None else None,
    )


def _text(raw: dict[str, Any], key: str) -> str:
    value = raw[key]
    if not isinstance(value, str) or not value:
        raise LineError(f"{key}: expected text, got {value!r}")
    return value


# A session's id repeats on every line of the session: parsed once.
_session_uuid = functools.lru_cache(maxsize=1024)(uuid.UUID)


def _uuid(
    raw: dict[str, Any], key: str, parse: Callable[[str], uuid.UUID] = uuid.UUID
) -> uuid.UUID:
    try:
        return parse(_text(raw, key))
    except ValueError:
        raise LineError(f"{key}: expected a UUID, got {raw[key]!r}") from None


def _time(raw: dict[str, Any]) -> datetime:
    try:
        at = datetime.fromisoformat(_text(raw, "at"))
    except ValueError:
        raise LineError(f"at: expected an ISO-8601 time, got {raw['at']!r}") from None
    if at.tzinfo is None:
        raise LineError(f"at: the time needs a zone (Z for UTC), got {raw['at']!r}")
    return at.astimezone(UTC)


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
            ends[uuid.UUID(json.loads(text)["session"])] = number
        except (ValueError, KeyError, TypeError, AttributeError):
            continue
    return ends
