"""Mutations of CSV files (events, results, problems): a cell replaced by an edge value (inside
an events CSV's `data` JSON too), a huge cell, rows of the wrong length, headers renamed,
repeated or removed, stray quotes."""

from __future__ import annotations

import csv
import io
import json
import random
from collections.abc import Callable

from tests.fuzz import values
from tests.fuzz.json_mutations import replace_in_json
from tests.fuzz.text import decode, encode, short


def _rows(data: bytes) -> list[list[str]] | None:
    try:
        return list(csv.reader(io.StringIO(decode(data), newline="")))
    except csv.Error:
        return None


def _write(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return encode(out.getvalue())


def csv_cell(data: bytes, rng: random.Random, huge: bool = False) -> tuple[bytes, str]:
    rows = _rows(data)
    if not rows or not rows[0]:
        return data, "no CSV rows"
    header = rows[0]
    index = 0 if len(rows) == 1 or rng.random() < 0.05 else rng.randrange(1, len(rows))
    row = rows[index]
    if not row:
        return data, "an empty row"
    column = rng.randrange(len(row))
    name = header[column] if column < len(header) else ""
    try:
        inner = json.loads(row[column]) if name == "data" else None
    except (ValueError, RecursionError):
        inner = None
    if huge:
        row[column] = rng.choice(values.CELLS_HUGE)
    elif isinstance(inner, dict) and inner and rng.random() < 0.6:
        row[column], what = replace_in_json(inner, rng)
        return _write(rows), f"line {index + 1}: data.{what}"
    elif name in values.CELLS_BY_COLUMN and rng.random() < 0.75:
        row[column] = rng.choice(values.CELLS_BY_COLUMN[name])
    else:
        row[column] = rng.choice(values.CELLS_COMMON)
    return _write(rows), f"line {index + 1}: {name or column} = {short(row[column])}"


def csv_huge_cell(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    return csv_cell(data, rng, huge=True)


def csv_row_shape(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    rows = _rows(data)
    if not rows:
        return data, "no CSV rows"
    index = rng.randrange(len(rows))
    if rng.random() < 0.5:
        rows[index] += ["extra"] * rng.randint(1, 3)
        return _write(rows), f"line {index + 1}: cells added"
    rows[index] = rows[index][: rng.randrange(len(rows[index]) + 1)]
    return _write(rows), f"line {index + 1}: cut to {len(rows[index])} cells"


def csv_header(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    rows = _rows(data)
    if not rows or not rows[0]:
        return data, "no CSV header"
    header = rows[0]
    column = rng.randrange(len(header))
    roll = rng.random()
    if roll < 0.35:
        old, header[column] = header[column], rng.choice(["", "Study", "time", "x" * 70, "\ud800"])
        return _write(rows), f"column {old!r} renamed {header[column]!r}"
    if roll < 0.7:
        other = rng.randrange(len(header))
        header[column] = header[other]
        return _write(rows), f"column {column + 1} named {header[other]!r} twice"
    for row in rows:
        if column < len(row):
            del row[column]
    return _write(rows), f"column {column + 1} removed"


def csv_quote(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    lines = decode(data).split("\n")
    index = rng.randrange(len(lines))
    at = rng.randrange(len(lines[index]) + 1)
    mark = rng.choice(['"', '"\n"', '""', '"a"b"', "\n"])
    lines[index] = lines[index][:at] + mark + lines[index][at:]
    return encode("\n".join(lines)), f"line {index + 1}: {mark!r} at column {at + 1}"


CSV_OPS: dict[str, Callable[[bytes, random.Random], tuple[bytes, str]]] = {
    "csv_cell": csv_cell,
    "csv_huge_cell": csv_huge_cell,
    "csv_row_shape": csv_row_shape,
    "csv_header": csv_header,
    "csv_quote": csv_quote,
}
