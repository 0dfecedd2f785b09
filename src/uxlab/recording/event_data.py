"""The fields each event type carries in its `data` (SPEC §4), as typed, bounded records.

One definition serves every way in: the live logger and `uxlab log` check what they are about
to store against it, and the importers decode a file's `data` with it, so a field of the wrong
type, too long, or out of range is refused the same way wherever it comes from. What a
protocol allows (its tasks, variants, scales) is checked on top, by `recording.rules`.
msgspec does the decoding: it adds little to the logging path's start-up, and it is quick
enough to check every event of a million-event import.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator, Mapping
from typing import Annotated, Any

import msgspec

from uxlab.recording.limits import LONG, MAX_SECONDS, MAX_VALUE, SHORT

Short = Annotated[str, msgspec.Meta(min_length=1, max_length=SHORT)]
Long = Annotated[str, msgspec.Meta(max_length=LONG)]
# Where in its recording a session starts: the recording began with it or before.
Offset = (
    Annotated[int, msgspec.Meta(ge=0, le=MAX_SECONDS)]
    | Annotated[float, msgspec.Meta(ge=0, le=MAX_SECONDS)]
)
Value = (
    Annotated[int, msgspec.Meta(ge=-MAX_VALUE, le=MAX_VALUE)]
    | Annotated[float, msgspec.Meta(ge=-MAX_VALUE, le=MAX_VALUE)]
)
# What an amend may set: a field's corrected value, never a structure.
Corrected = Long | Value | None


class Data(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True):
    """Any event may carry a note."""

    note: Long | None = None


class SessionStart(Data):
    participant: Short | None = None
    variant: Short | None = None  # the session's variant, or a within design's order
    protocol: Short | None = None  # the protocol version's content hash
    recording: Long | None = None
    recording_offset_s: Offset | None = None
    attributes: dict[Short, Long | Value] | None = None
    recorded: list[Short] | None = None  # what a results file recorded (MEASURES)


class SessionEnd(Data):
    status: Short | None = None


class TaskStart(Data):
    variant: Short | None = None


class TaskEnd(Data):
    outcome: Short | None = None


class Problem(Data):
    problem: Short | None = None
    severity: int | None = None
    recommendation: Long | None = None


class Answer(Data):
    questionnaire: Short | None = None
    item: Short | None = None
    value: Value | None = None


class Undo(Data):
    target: uuid.UUID | None = None


class Amend(Data):
    target: uuid.UUID | None = None
    fields: dict[Short, Corrected] | None = None


class Marker(Data):
    name: Short | None = None


DATA: dict[str, type[Data]] = {
    "session_start": SessionStart,
    "session_end": SessionEnd,
    "task_start": TaskStart,
    "task_end": TaskEnd,
    "error": Data,
    "assist": Data,
    "step": Data,
    "note": Data,
    "problem": Problem,
    "pause": Data,
    "resume": Data,
    "answer": Answer,
    "undo": Undo,
    "amend": Amend,
    "marker": Marker,
}

# The event types that own each field but the note, which every type may carry.
FIELD_OWNERS: dict[str, tuple[str, ...]] = {
    name: tuple(kind for kind, record in DATA.items() if name in record.__struct_fields__)
    for record in set(DATA.values())
    for name in record.__struct_fields__
    if name != "note"
}

_DECODERS = {kind: msgspec.json.Decoder(record) for kind, record in DATA.items()}


def data_problem(kind: str, data: Mapping[str, Any]) -> str | None:
    """What is wrong with the types, lengths or ranges of an event's data; None if nothing.
    `kind` is a known event type."""
    for name in data:
        owners = FIELD_OWNERS.get(name)
        if owners is not None and kind not in owners:
            return f"{name} belongs to {' or '.join(owners)}, not to {kind}"
    try:
        msgspec.convert(data, DATA[kind])
    except msgspec.ValidationError as exc:
        return said(exc)
    return None


def decode_data(kind: str, text: bytes | str) -> dict[str, Any]:
    """An event's data from its JSON text, typed and bounded; msgspec.ValidationError or
    DecodeError if it is not."""
    return msgspec.to_builtins(_DECODERS[kind].decode(text))  # type: ignore[no-any-return]


def said(exc: msgspec.ValidationError, prefix: str = "") -> str:
    """A msgspec message as uxlab words it, the field first: `note: expected text of at most
    100,000 characters`."""
    message, _, path = str(exc).partition(" - at `$")
    field = (prefix + path.rstrip("`").lstrip(".").replace("[...]", "")).rstrip(".")
    message = re.sub(
        r"`str` of length <= (\d+)", lambda m: f"text of at most {int(m[1]):,} characters", message
    )
    message = re.sub(r"`str` of length >= 1", "text, not an empty string", message)
    message = re.sub(r"Object contains unknown field `(.+)`", r"unknown field '\1'", message)
    message = re.sub(r"`([^`]+)`", lambda m: _WORDS.sub(lambda w: _WORD[w[0]], m[1]), message)
    message = message[:1].lower() + message[1:]
    return f"{field}: {message}" if field else message


_WORD = {
    "str": "text",
    "int": "whole number",
    "float": "number",
    "array": "list",
    "bool": "boolean",
}
_WORDS = re.compile(r"\b(" + "|".join(_WORD) + r")\b")


def strings(data: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """Every piece of text in an event's data, keys of its objects included, with its field."""
    for name, value in data.items():
        if isinstance(value, str):
            yield name, value
        elif isinstance(value, Mapping):
            for key, inner in value.items():
                yield name, str(key)
                if isinstance(inner, str):
                    yield f"{name}.{key}", inner
        elif isinstance(value, list):
            yield from ((name, item) for item in value if isinstance(item, str))
