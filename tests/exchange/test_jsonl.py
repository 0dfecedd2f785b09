"""The events JSONL format: exact layout, and every way a line can be wrong."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

import pytest

from uxlab.exchange.jsonl import (
    ExchangedEvent,
    LineError,
    format_line,
    parse_line,
    read_lines,
    session_ends,
)
from uxlab.recording.events import EventRecord

EVENT = EventRecord(
    uuid.UUID("6f1c0000-0000-4000-8000-000000000001"),
    "task_end",
    datetime(2026, 11, 22, 10, 15, 3, 123456, tzinfo=UTC),
    "ana",
    "guest-checkout",
    903.1,
    {"outcome": "success"},
)
SESSION = uuid.UUID("2b9e0000-0000-4000-8000-000000000002")


def test_line_layout_follows_the_spec() -> None:
    line = format_line(ExchangedEvent(EVENT, "checkout-form", SESSION, "P07", "B"))
    assert line == (
        '{"id": "6f1c0000-0000-4000-8000-000000000001", "study": "checkout-form", '
        '"session": "2b9e0000-0000-4000-8000-000000000002", "participant": "P07", "variant": "B", '
        '"type": "task_end", "at": "2026-11-22T10:15:03.123456Z", "task": "guest-checkout", '
        '"outcome": "success", "note": null, "author": "ana", "data": {}}'
    )
    parsed = parse_line(line)
    assert parsed.event.id == EVENT.id and parsed.event.at == EVENT.at
    assert parsed.event.data == {"outcome": "success"}
    assert format_line(parsed) == line


def test_type_specific_fields_stay_in_data_sorted() -> None:
    event = EventRecord(
        uuid.uuid4(),
        "answer",
        EVENT.at,
        "ana",
        "t",
        data={"value": 6, "questionnaire": "seq", "item": "1", "note": "ü"},
    )
    line = format_line(ExchangedEvent(event, "s", SESSION, "P1", None))
    assert line.endswith(
        '"note": "ü", "author": "ana", "data": {"item": "1", "questionnaire": "seq", "value": 6}}'
    )


def test_session_start_carries_participant_and_variant_into_data() -> None:
    line = json.dumps(
        {
            "id": str(uuid.uuid4()),
            "study": "s",
            "session": str(SESSION),
            "participant": "P1",
            "variant": "A,B",
            "type": "session_start",
            "at": "2026-11-22T10:00:00+01:00",
            "author": "ana",
            "data": {},
        }
    )
    parsed = parse_line(line)
    assert parsed.event.data == {"participant": "P1", "variant": "A,B"}
    assert parsed.event.at == datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


def _note(**fields: object) -> str:
    """A note line with `fields` changed; JSON escapes are kept as written."""
    line = {
        "id": str(SESSION),
        "study": "s",
        "session": str(SESSION),
        "type": "note",
        "at": "2026-11-22T10:00:00Z",
        "author": "a",
        "note": "fine",
        "data": {},
    }
    return json.dumps({**line, **fields}).replace("\\\\ud800", "\\ud800")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{", "not valid JSON"),
        ("[1]", "expected object, got list"),
        ('{"id": "x"}', "id: invalid UUID"),
        (f'{{"id": "{SESSION}"}}', "missing study"),
        (
            f'{{"id": "{SESSION}", "study": "s", "session": "{SESSION}", "type": "jump", '
            '"at": "t", "author": "a"}',
            "type: unknown event type 'jump'",
        ),
        (
            '{"id": "x", "study": "s", "session": "y", "type": "note", "at": "t", "author": "a"}',
            "id: invalid UUID",
        ),
        (
            f'{{"id": "{SESSION}", "study": "s", "session": "{SESSION}", "type": "note", '
            '"at": "2026-11-22T10:00:00", "author": "a"}',
            "at: the time needs a zone",
        ),
        (
            f'{{"id": "{SESSION}", "study": "s", "session": "{SESSION}", "type": "note", '
            '"at": "noon", "author": "a"}',
            "at: expected an ISO-8601 time, got 'noon'",
        ),
        (
            f'{{"id": "{SESSION}", "study": "s", "session": "{SESSION}", "type": "note", '
            '"at": "2026-11-22T10:00:00Z", "author": "a", "data": [1]}',
            "data: expected object, got list",
        ),
        # Times at the calendar's edges have no UTC equivalent: refused, not an overflow.
        (_note(at="9999-12-31T23:59:59-05:00"), "at: '9999-12-31T23:59:59-05:00' is outside"),
        (_note(at="0001-01-01T00:00:00+01:00"), "at: '0001-01-01T00:00:00[+]01:00' is outside"),
        (_note(author="a" * 65), "author: expected text of at most 64 characters"),
        (_note(author=""), "author: expected text, not an empty string"),
        (_note(data={"note": "x" * 100_001}), "data.note: expected text of at most 100,000"),
        (_note(note="\ud800"), "not Unicode text: a lone surrogate escape"),
        (_note(data={"x": 1}), "data: unknown field 'x'"),
        (
            _note(type="answer", data={"value": 10**4000}),
            "data.value: expected whole number <= 1000000",
        ),
        (_note(type="answer", data={"value": 1e300}), "data.value: expected number <= 1000000"),
        (_note(type="undo", data={"target": "abc"}), "data.target: invalid UUID"),
        (
            _note(type="session_start", participant="P1", variant="A", data={"attributes": [1]}),
            "data.attributes: expected object | null, got list",
        ),
        (_note(type="marker", data={"name": ["x"]}), "data.name: expected text | null, got list"),
        (_note(data={"note": [[[[[[[[1]]]]]]]]}), "data.note: expected text"),
        (_note()[:-1] + ', "extra": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply"),
        (
            f'{{"id": "{SESSION}", "study": "s", "session": "{SESSION}", "type": "session_start", '
            '"at": "2026-11-22T10:00:00Z", "author": "a"}',
            "needs participant and variant",
        ),
    ],
)
def test_bad_lines(line: str, message: str) -> None:
    with pytest.raises(LineError, match=message):
        parse_line(line)


def test_read_lines_numbers_lines_and_skips_blank_ones() -> None:
    good = format_line(ExchangedEvent(EVENT, "s", SESSION, "P1", None))
    result = list(read_lines([good + "\n", "\n", "nope\n"]))
    assert [number for number, _ in result] == [1, 3]
    assert isinstance(result[0][1], ExchangedEvent)
    assert isinstance(result[1][1], str) and result[1][1].startswith("not valid JSON")


def test_session_ends_are_the_last_line_of_each_session() -> None:
    other = uuid.UUID(int=SESSION.int + 1)
    a = format_line(ExchangedEvent(EVENT, "s", SESSION, "P1", None))
    b = format_line(ExchangedEvent(EVENT, "s", other, "P2", None))
    lines = [a, b, "\n", "{broken", a, '{"session": 7}', '["session"]']
    assert session_ends(lines) == {SESSION: 5, other: 2}
