"""The inputs issue 13 found tracebacks with, each an edit of a seed file, checked like any
fuzz case on both backends: accepted within the contract, or refused whole naming its line."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.fuzz import values
from tests.fuzz.harness import TIME_LIMIT_S, run_case
from tests.fuzz.stores import FuzzStore, seed_bytes

Event = dict[str, Any]


def _event(kind: str, edit: Callable[[Event], object]) -> tuple[str, bytes]:
    """The events JSONL seed with the first `kind` event of its first session edited (the
    first session is not in the template store, so its events are checked, not compared)."""
    lines = [json.loads(line) for line in seed_bytes("events_jsonl").decode().splitlines()]
    edit(next(e for e in lines if e["type"] == kind and e["session"] == lines[0]["session"]))
    return "events_jsonl", "".join(json.dumps(e) + "\n" for e in lines).encode()


def _session(edit: Callable[[Event], object]) -> tuple[str, bytes]:
    """As _event, for every event of the first session (each repeats its participant)."""
    lines = [json.loads(line) for line in seed_bytes("events_jsonl").decode().splitlines()]
    for event in lines:
        if event["session"] == lines[0]["session"]:
            edit(event)
    return "events_jsonl", "".join(json.dumps(e) + "\n" for e in lines).encode()


def _raw_event(kind: str, key: str, raw: str) -> tuple[str, bytes]:
    """As _event, with the value of `key` in data written as raw JSON text."""
    fmt, data = _event(kind, lambda e: e["data"].__setitem__(key, "HOLE"))
    return fmt, data.replace(b'"HOLE"', raw.encode(), 1)


def _cell(fmt: str, column: str, value: str) -> tuple[str, bytes]:
    """The CSV seed of `fmt` with `column` of its first row set to `value`."""
    header, first, *rest = seed_bytes(fmt).decode().splitlines(keepends=True)
    cells = first.rstrip("\n").split(",")
    cells[header.rstrip("\n").split(",").index(column)] = value
    return fmt, (header + ",".join(cells) + "\n" + "".join(rest)).encode("utf-8", "surrogatepass")


def _protocol(text: str, append: bool = True) -> tuple[str, bytes]:
    seed = seed_bytes("protocol").decode()
    return "protocol", (seed + "\n" + text if append else text).encode("utf-8", "surrogatepass")


def _aliases(levels: int) -> str:
    chain = [f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]" for n in range(1, levels + 1)]
    return "l0: &l0 lol\n" + "\n".join(chain) + "\n"


EXAMPLES: dict[str, Callable[[], tuple[str, bytes]]] = {
    "at 9999-12-31T23:59:59-05:00": lambda: _event(
        "task_end", lambda e: e.update(at=values.TIMES[0])
    ),
    "at 0001-01-01T00:00:00+01:00": lambda: _event(
        "task_end", lambda e: e.update(at=values.TIMES[2])
    ),
    "data 1,000 levels deep": lambda: _raw_event("note", "x", values.deep_json(1000)),
    "a 5,000-digit answer": lambda: _raw_event("answer", "value", values.DIGITS_5000),
    "undo target not a UUID": lambda: _event("undo", lambda e: e["data"].update(target="7bed")),
    "amend target not a UUID": lambda: _event("amend", lambda e: e["data"].update(target="7bed")),
    "amend at without a zone": lambda: _event(
        "amend", lambda e: e["data"]["fields"].update(at="2026-11-21T10:00:07")
    ),
    "attributes as a list": lambda: _event(
        "session_start", lambda e: e["data"].update(attributes=["a"])
    ),
    "recording offset not a number": lambda: _event(
        "session_start", lambda e: e["data"].update(recording_offset_s="soon")
    ),
    "protocol not text": lambda: _event("session_start", lambda e: e["data"].update(protocol=5)),
    "marker name a list": lambda: _event("marker", lambda e: e["data"].update(name=["v"])),
    "participant a lone surrogate": lambda: _session(lambda e: e.update(participant="\ud800")),
    "task a lone surrogate": lambda: _event("task_start", lambda e: e.update(task="\ud800")),
    "note a lone surrogate": lambda: _event("note", lambda e: e.update(note="\ud800")),
    "note with NUL": lambda: _event("note", lambda e: e.update(note="a\x00b")),
    "author of 70 characters": lambda: _event("note", lambda e: e.update(author="a" * 70)),
    "participant of 70 characters": lambda: _session(lambda e: e.update(participant="P" * 70)),
    "problem id of 70 characters": lambda: _event(
        "problem", lambda e: e["data"].update(problem="P" * 70)
    ),
    "events CSV: a 1 MB note": lambda: _cell("events_csv", "note", "x" * values.MEGABYTE),
    "events CSV: CR-only line endings": lambda: (
        "events_csv",
        seed_bytes("events_csv").replace(b"\n", b"\r"),
    ),
    "results: time_s=1e12": lambda: _cell("results", "time_s", "1e12"),
    "results: time_s=1e300": lambda: _cell("results", "time_s", "1e300"),
    "results: errors=²": lambda: _cell("results", "errors", "²"),
    "results: errors=100000000": lambda: _cell("results", "errors", "100000000"),
    "problems: problem id of 70 characters": lambda: _cell("problems", "problem", "P" * 70),
    "protocol: 7 levels of aliases": lambda: _protocol(_aliases(7)),
    "protocol: 9 levels of aliases": lambda: _protocol(_aliases(9)),
    "protocol: loop: &l [*l]": lambda: _protocol("loop: &l [*l]\n"),
    "protocol: a recursive root": lambda: _protocol("&r [*r]\n", append=False),
    "protocol: 1,000 levels of nesting": lambda: _protocol("deep: " + "[" * 1000 + "]" * 1000),
    "protocol: optimal_steps: !!int x": lambda: (
        "protocol",
        seed_bytes("protocol").replace(b"optimal_steps: 7", b"optimal_steps: !!int x"),
    ),
    "protocol: not UTF-8": lambda: (
        "protocol",
        seed_bytes("protocol").replace(b"Kiel", b"K\xe9iel"),
    ),
}


def test_the_inputs_of_issue_13_are_accepted_or_refused_naming_their_line(
    fuzz_store: FuzzStore, tmp_path: Path
) -> None:
    """All in one test, on one template store per backend: each example is one case."""
    failed = {}
    for name, make in EXAMPLES.items():
        fmt, data = make()
        assert data != seed_bytes(fmt), name
        outcome = run_case(fuzz_store, fmt, data, tmp_path, TIME_LIMIT_S)
        if outcome.failures:
            failed[name] = [f"{f.kind}: {f.key}" for f in outcome.failures]
    assert failed == {}
