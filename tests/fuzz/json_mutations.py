"""Mutations of events JSONL lines: a field at any depth replaced by an edge value, added or
removed; a huge field; a whole line that is not an event; a field copied from another line."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from typing import Any

from tests.fuzz import values
from tests.fuzz.text import decode, encode, short

_HOLE = "\u0001uxlab-fuzz-hole\u0001"


def _paths(node: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found: list[tuple[str, ...]] = []
    if isinstance(node, dict):
        for key, child in node.items():
            found.append((*prefix, key))
            found += _paths(child, (*prefix, key))
    return found


def _json_value(rng: random.Random, key: str) -> str:
    if key in values.JSON_BY_FIELD and rng.random() < 0.75:
        return rng.choice(values.JSON_BY_FIELD[key])
    return rng.choice(values.JSON_COMMON)


def replace_in_json(obj: dict[str, Any], rng: random.Random, huge: bool = False) -> tuple[str, str]:
    """`obj` as JSON text with one field (at any depth) replaced by an edge value, or a new
    field added, or a field removed; and what was done."""
    paths = _paths(obj) or [("data",)]
    # The time, the ids and the type-specific data are where an importer's checks live.
    weights = [3.0 if p[-1] in ("at", "id", "target") or p[0] == "data" else 1.0 for p in paths]
    path = rng.choices(paths, weights=weights)[0]
    *parents, key = path
    holder: Any = obj
    for name in parents:
        holder = holder[name]
    roll = rng.random()
    if huge:
        raw = rng.choice(values.JSON_HUGE)
    elif roll < 0.08:
        del holder[key]
        return json.dumps(obj, ensure_ascii=False), f"{'.'.join(path)} removed"
    elif roll < 0.16:
        key = rng.choice(["extra", "at", "target", "fields", "", "\ud800"])
        path = (*parents, key)
        raw = _json_value(rng, key)
    else:
        raw = _json_value(rng, key)
    holder[key] = _HOLE
    text = json.dumps(obj, ensure_ascii=rng.random() < 0.3).replace(json.dumps(_HOLE), raw)
    return text, f"{'.'.join(path)} = {short(raw)}"


def _choose_json_line(lines: list[str], rng: random.Random) -> tuple[int, dict[str, Any]] | None:
    parsed = []
    for index, line in enumerate(lines):
        try:
            obj = json.loads(line)
        except (ValueError, RecursionError):
            continue
        if isinstance(obj, dict):
            parsed.append((index, obj))
    if not parsed:
        return None
    with_data = [pair for pair in parsed if pair[1].get("data")]
    return rng.choice(with_data if with_data and rng.random() < 0.5 else parsed)


def json_field(data: bytes, rng: random.Random, huge: bool = False) -> tuple[bytes, str]:
    lines = decode(data).split("\n")
    chosen = _choose_json_line(lines, rng)
    if chosen is None:
        return data, "no JSON line"
    index, obj = chosen
    lines[index], what = replace_in_json(obj, rng, huge)
    return encode("\n".join(lines)), f"line {index + 1}: {what}"


def json_huge_field(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    return json_field(data, rng, huge=True)


def json_whole_line(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    lines = decode(data).split("\n")
    index = rng.randrange(len(lines))
    lines[index] = rng.choice(
        [
            *["[]", '"x"', "null", "1", "{}", '{"id": ', "{,}", "\ud800"],
            *[values.deep_json(1000), values.deep_json(1000, "object")],
            '{"type": "session_start", "data": []}',
        ]
    )
    return encode("\n".join(lines)), f"line {index + 1} = {short(lines[index])}"


def json_same_as_other(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    """A field copied from another line: a repeated id (a conflict), another session."""
    lines = decode(data).split("\n")
    first, second = _choose_json_line(lines, rng), _choose_json_line(lines, rng)
    if first is None or second is None:
        return data, "no JSON line"
    key = rng.choice(["id", "id", "session", "participant", "at", "type", "data", "task"])
    (index, obj), (other, source) = first, second
    obj[key] = source.get(key)
    lines[index] = json.dumps(obj, ensure_ascii=False)
    return encode("\n".join(lines)), f"line {index + 1}: {key} from line {other + 1}"


JSON_OPS: dict[str, Callable[[bytes, random.Random], tuple[bytes, str]]] = {
    "json_field": json_field,
    "json_huge_field": json_huge_field,
    "json_whole_line": json_whole_line,
    "json_same_as_other": json_same_as_other,
}
