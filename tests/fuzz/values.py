"""Edge values the fuzz mutations put into exchange files: wrong types, times at the calendar's
edges, numbers that overflow, awkward Unicode, huge and over-long strings, ids that are not
UUIDs. JSON values are JSON text, written into a line as they are (a 5,000-digit integer or
`NaN` cannot be made with json.dumps); cell values are the text of a CSV cell."""

from __future__ import annotations

import json

MEGABYTE = 1_000_000
DIGITS_5000 = "1" * 5000

TIMES = [
    "9999-12-31T23:59:59-05:00",
    "9999-12-31T23:59:59.999999Z",
    "0001-01-01T00:00:00+01:00",
    "0001-01-01T00:00:00Z",
    "1969-12-31T23:59:59Z",
    "1900-01-01T00:00:00Z",
    "2100-12-31T23:59:59Z",
    "2101-01-01T00:00:00Z",
    "2026-11-21T10:00:07",
    "2026-02-30T10:00:00Z",
    "2026-11-21T10:00:07+23:59",
    "2026-11-21",
    "2026-W47-6T10:00:00Z",
    "2026-11-21T10:00:07.1234567Z",
    "2026-11-21T24:00:00Z",
    "now",
    "",
]

NUMBERS = [
    "1e12",
    "1e300",
    "1e400",
    "-1",
    "-0",
    "0",
    "0.5",
    "NaN",
    "Infinity",
    "-Infinity",
    DIGITS_5000,
    "9223372036854775808",
    "-9223372036854775809",
    "2147483648",
    "100000000",
    "10001",
]

STRINGS = [
    "\ud800",
    "\udfff x",
    "a\u0000b",
    "\u202eevil\u200f",
    "\u200b",
    "😀🙈",
    "e\u0301",
    "²",
    "P" * 70,
    "x" * 65,
    " ",
    "line\nbreak",
    "tab\there",
    "'; DROP TABLE event; --",
]

IDS = [
    "not-a-uuid",
    "7bed",
    "00000000-0000-0000-0000-000000000000",
    "5c80808b9093489fab92ae64b04be778",
    "5C80808B-9093-489F-AB92-AE64B04BE778",
    "{5c80808b-9093-489f-ab92-ae64b04be778}",
    "urn:uuid:5c80808b-9093-489f-ab92-ae64b04be778",
    "5c80808b-9093-489f-ab92-ae64b04be77",
    "5c80808b-9093-489f-ab92-ae64b04be778 ",
    "5c80808b-9093-489f-ab92-ae64b04be77\u0661",
]

WRONG_TYPES_JSON = ["[]", "{}", "[1, 2]", '{"a": 1}', "0", "1.5", "true", "false", "null", '""']


def json_string(text: str) -> str:
    """`text` as a JSON string; lone surrogates become `\\ud800` escapes."""
    return json.dumps(text)


def deep_json(levels: int, kind: str = "list") -> str:
    if kind == "list":
        return "[" * levels + "1" + "]" * levels
    return '{"a": ' * levels + "1" + "}" * levels


# What a JSON field may be replaced with, by field name; any field also gets the common pool.
JSON_BY_FIELD: dict[str, list[str]] = {
    "at": [json_string(t) for t in TIMES],
    "id": [json_string(i) for i in IDS],
    "session": [json_string(i) for i in IDS],
    "target": [json_string(i) for i in IDS],
    "value": [*NUMBERS, '"5"', '"²"'],
    "severity": [*NUMBERS, '"3"', '"²"', "5"],
    "item": [*NUMBERS, '"11"', '"0"', '"²"'],
    "recording_offset_s": [*NUMBERS, '"12.5s"'],
    "type": [
        json_string(t)
        for t in ("session_start", "task_start", "task_end", "undo", "amend", "answer", "quote")
    ]
    + ['"Task_End"', '"task_end "'],
    "fields": [
        '{"at": "2026-11-21T10:00:07"}',
        '{"at": "9999-12-31T23:59:59-05:00"}',
        '{"task": "no-such-task"}',
        '{"outcome": "won"}',
        '{"at": 5}',
        '{"type": "session_start"}',
        '{"id": "not-a-uuid"}',
    ],
    "outcome": ['"won"', '"Success"', '"timeout"', '"skipped"'],
    "attributes": ['["a", "b"]', '{"k": ["v"]}', '{"k": {"deep": 1}}', '"text"'],
    "name": ['["validation-message"]', '"no-such-marker"'],
}
JSON_COMMON = (
    WRONG_TYPES_JSON
    + [json_string(s) for s in STRINGS]
    + ["1e300", DIGITS_5000, "NaN", deep_json(1000), deep_json(1000, "object"), deep_json(60)]
)
JSON_HUGE = [json_string("x" * MEGABYTE), json_string("é" * (MEGABYTE // 2))]

# What a CSV cell may be replaced with, by column; any cell also gets the common pool.
COUNT_CELLS = ["-1", "3.5", "1e3", "²", "٣", "100000000", "10001", DIGITS_5000, "+2", " 4 "]
CELLS_BY_COLUMN: dict[str, list[str]] = {
    "time_s": ["1e12", "1e300", "1e400", "NaN", "inf", "-1", "-0", "0", DIGITS_5000, "²", "1,5"],
    "errors": COUNT_CELLS,
    "assists": COUNT_CELLS,
    "steps": COUNT_CELLS,
    "seq": ["0", "8", "7.5", "NaN", "1e300", "²", DIGITS_5000],
    "nps": ["-1", "11", "NaN", "inf", "1e300", "²", DIGITS_5000, "10.0"],
    "severity": ["0", "5", "-1", "3.0", "²", "٣", DIGITS_5000, "1e300"],
    "outcome": ["won", "2", "-1", "true", "Success", "timeout", "skipped"],
    "at": TIMES,
    "id": IDS,
    "session": IDS,
    "data": [
        '{"fields": {"at": "2026-11-21T10:00:07"}, "target": "not-a-uuid"}',
        deep_json(1000),
        deep_json(1000, "object"),
        '{"value": ' + DIGITS_5000 + "}",
        '{"value": NaN}',
        '{"target": 5}',
        '{"attributes": ["a"]}',
        "[1, 2]",
        '"text"',
        "null",
        "{",
    ],
}
CELLS_COMMON = (
    ["", "[1, 2]", '{"a": 1}', "true", "null", "0", "1e300", "NaN", DIGITS_5000, "²"]
    + STRINGS
    + [f"sus_{n}" for n in (0, 11)]
)
CELLS_HUGE = ["x" * MEGABYTE, "y" * 200_000]

YAML_VALUES = [
    "!!int x",
    "!!float y",
    "!!timestamp 2026-02-30",
    "!!binary AAAA",
    "!!python/name:os.system",
    "!!str 5",
    "&anchor 5",
    "*anchor",
    "[1, 2]",
    "{a: 1}",
    "null",
    "~",
    "true",
    "''",
    "1e300",
    DIGITS_5000,
    "-1",
    ".nan",
    ".inf",
    "99999999999999h",
    "1e12s",
    "0s",
    "-5m",
    '"\\ud800"',
    '"a\\0b"',
    '"\\x00"',
    "P" * 70,
    "\u202eevil",
    "😀",
    "2026-11-21T10:00:07",
    "2026-02-30",
    "0x1F",
    "0o17",
    "1_000",
    "'unterminated",
    "[" * 1000 + "]" * 1000,
    "{a: " * 60 + "1" + "}" * 60,
]
YAML_KEYS = ["[a, b]", "{a: 1}", "1", "null", "true", "? [a]", '"\\ud800"', "study", "tasks"]
