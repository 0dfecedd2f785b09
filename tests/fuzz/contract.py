"""What every event a store holds must be, read from `uxlab export --format jsonl` after a
fuzz case was accepted (SPEC §4–5 and issue 13's bounds): well-formed UUIDs, times between
1970 and 2100, text that is valid Unicode without NUL and fits a column on both backends,
finite numbers, and data fields of the type their event type gives them."""

from __future__ import annotations

import json
import math
import uuid
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import yaml

# The shortest column (String(64)) that author, participant, variant, task and problem fill.
COLUMN_CHARS = 64
CODES = ("author", "participant", "variant", "task")
# No count, duration, offset or answer comes near this.
SANE = 1e9


def breaches(jsonl: str) -> list[str]:
    """One line per rule that an exported event breaks, without repeats."""
    found: dict[str, None] = {}
    for line in jsonl.splitlines():
        try:
            event = json.loads(line)
        except ValueError as exc:
            found[f"an exported line is not JSON: {str(exc)[:60]}"] = None
            continue
        for rule in _event_breaches(event):
            found[rule] = None
    return list(found)


def problem_list_breaches(listing: str) -> list[str]:
    """The same bounds for the problems `uxlab problems STUDY --json` lists, which a problems
    CSV fills."""
    found: dict[str, None] = {}
    for problem in json.loads(listing).get("problems", []):
        codes = [("problem id", problem.get("id"))] + [
            ("participant", code) for code in problem.get("participants", [])
        ]
        for what, code in codes:
            if not isinstance(code, str) or len(code) > COLUMN_CHARS:
                rule = f"{what} is not text of at most {COLUMN_CHARS} characters"
                found[f"problem list: {rule}"] = None
        for where, text in _strings(problem):
            if "\x00" in text:
                found[f"problem list: NUL in {where}"] = None
            if any(0xD800 <= ord(char) <= 0xDFFF for char in text):
                found[f"problem list: lone surrogate in {where}"] = None
    return list(found)


def protocol_breaches(text: bytes) -> list[str]:
    """What a protocol that `uxlab protocol validate` passed holds that no store can keep: a
    number that is not finite (YAML's `.nan`, `.inf`) anywhere in it."""
    return [
        f"protocol: {where} is not a finite number"
        for where, number in _numbers(yaml.safe_load(text))
        if not math.isfinite(number)
    ]


def _event_breaches(event: dict[str, Any]) -> Iterator[str]:
    for key in ("id", "session"):
        if not _uuid(event.get(key)):
            yield f"{key} is not a UUID"
    try:
        at = datetime.fromisoformat(event["at"])
    except (TypeError, ValueError):
        yield "at is not an ISO-8601 time"
    else:
        if not 1970 <= at.year <= 2100:
            yield "at is outside 1970-2100"
    for key in CODES:
        value = event.get(key)
        if value is not None and (not isinstance(value, str) or len(value) > COLUMN_CHARS):
            yield f"{key} is not text of at most {COLUMN_CHARS} characters"
    for where, text in _strings(event):
        if "\x00" in text:
            yield f"NUL in {where}"
        if any(0xD800 <= ord(char) <= 0xDFFF for char in text):
            yield f"lone surrogate in {where}"
    for where, number in _numbers(event):
        if not math.isfinite(number) or abs(number) > SANE:
            yield f"{where} is not a finite number of sane size"
    kind = event["type"]
    yield from (f"{kind}: {rule}" for rule in _data_breaches(kind, event.get("data") or {}))


def _data_breaches(kind: str, data: dict[str, Any]) -> Iterator[str]:
    if kind in ("undo", "amend") and not _uuid(data.get("target")):
        yield "data.target is not a UUID"
    if kind == "amend":
        at = (data.get("fields") or {}).get("at")
        if at is not None and (not isinstance(at, str) or _naive(at)):
            yield "data.fields.at has no zone"
    if kind == "session_start":
        attributes = data.get("attributes", {})
        if not isinstance(attributes, dict) or not all(
            isinstance(v, str | int | float | bool) for v in attributes.values()
        ):
            yield "data.attributes is not an object of plain values"
        if not isinstance(data.get("recording_offset_s", 0.0), int | float):
            yield "data.recording_offset_s is not a number"
        if not isinstance(data.get("protocol", ""), str):
            yield "data.protocol is not text"
    if kind == "marker" and not isinstance(data.get("name"), str):
        yield "data.name is not text"
    if kind == "answer" and not isinstance(data.get("value"), int | float):
        yield "data.value is not a number"
    if kind == "problem":
        if data.get("severity") not in (1, 2, 3, 4):
            yield "data.severity is not 1 to 4"
        problem = data.get("problem")
        if not isinstance(problem, str) or len(problem) > COLUMN_CHARS:
            yield f"data.problem is not text of at most {COLUMN_CHARS} characters"


def _uuid(value: object) -> bool:
    try:
        return isinstance(value, str) and str(uuid.UUID(value)) == value
    except ValueError:
        return False


def _naive(text: str) -> bool:
    try:
        return datetime.fromisoformat(text).tzinfo is None
    except ValueError:
        return True


def _strings(node: Any, where: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(node, str):
        yield where or "text", node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(key, f"{where}.key" if where else "key")
            yield from _strings(value, f"{where}.{key}" if where else key)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value, f"{where}[]")


def _numbers(node: Any, where: str = "") -> Iterator[tuple[str, float]]:
    if isinstance(node, bool):
        return
    if isinstance(node, int):
        yield where, float(node) if abs(node) <= SANE else math.inf
    elif isinstance(node, float):
        yield where, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _numbers(value, f"{where}.{key}" if where else key)
    elif isinstance(node, list):
        for value in node:
            yield from _numbers(value, f"{where}[]")
