"""Results CSV (SPEC §5): one row per participant and task, for studies kept in a spreadsheet.

Each participant becomes one session of events, as if it had been logged: task_start, the
errors, assists and steps spread through the attempt, task_end after `time_s`, then the answers.
What the participant's rows do not carry (a column the file lacks; abandonment, where an outcome
is 1/0) is left out of session_start's `recorded`.
Ids are UUID5 of the study, participant and row content, so importing a file twice changes
nothing. Session times start at the import's reference time (for a participant already
imported, where their session started), one attempt after another.
"""

from __future__ import annotations

import math
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from uxlab.exchange.jsonl import ExchangedEvent
from uxlab.recording.derive import COUNTS, MEASURES
from uxlab.recording.events import EventRecord
from uxlab.recording.limits import (
    MAX_COUNT,
    MAX_MARKS,
    MAX_SECONDS,
    SHORT,
    shown,
    string_problem,
)
from uxlab.recording.vocabulary import OUTCOMES

if TYPE_CHECKING:
    from uxlab.recording.results import SessionResults

REQUIRED = ("study", "participant", "variant", "task", "outcome", "time_s")
# The columns that name things, each stored in a 64-character column.
NAMES = ("study", "participant", "variant", "task")
SESSION_ITEMS = {
    **{f"sus_{i}": ("sus", str(i), 1, 5) for i in range(1, 11)},
    "nps": ("nps", "1", 0, 10),
}
NAMESPACE = uuid.UUID("8a6f2d1e-5b3c-4f7a-9e0d-2c4b6a8e1f3d")
GAP = timedelta(seconds=1)
# An attempt's shortest time: one that ends as it starts would end before it started.
MIN_SECONDS = 0.001
# The author of the events a results row becomes: no moderator logged them.
RESULTS_AUTHOR = "results-import"


def imported_from_results(session: SessionResults) -> bool:
    """A session read from a results file: its attempts are laid back to back from the time of
    the import, so it has outcomes and durations but no timeline and no moderator."""
    return any(e.type == "session_start" and e.author == RESULTS_AUTHOR for e in session.events)


Numbered = tuple[int, ExchangedEvent | str]


@dataclass
class _Participant:
    study: str
    code: str
    first_line: int
    variants: list[str] = field(default_factory=list)
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    answers: dict[str, tuple[float, int]] = field(default_factory=dict)


def results_events(
    rows: Iterable[tuple[int, dict[str, str | None]]],
    columns: list[str],
    start: Callable[[uuid.UUID], datetime],
) -> Iterator[Numbered]:
    """Events for the rows (line number, row); a bad row yields its line and the reason.
    `start` gives the time a participant's session starts, from its id."""
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        yield 1, f"missing columns: {', '.join(missing)} (needed: {', '.join(REQUIRED)})"
        return
    people: dict[tuple[str, str], _Participant] = {}
    marks = 0  # errors, assists and steps so far: each becomes an event
    for line, raw in rows:
        row = {k: (v or "").strip() for k, v in raw.items() if k is not None}
        problems = list(_check(row))
        key = (row["study"], row["participant"])
        person = people.setdefault(key, _Participant(*key, line))
        problems += _session_answers(person, row, line)
        if problems:
            yield from ((line, problem) for problem in problems)
            continue
        marks += sum(int(row.get(column) or 0) for column in COUNTS)
        if marks > MAX_MARKS:
            yield (
                line,
                (
                    f"errors, assists and steps add up to more than {MAX_MARKS:,} in this file, "
                    "the limit for a results file"
                ),
            )
            return
        if row["variant"] not in person.variants:
            person.variants.append(row["variant"])
        person.rows.append((line, row))
    for person in people.values():
        if person.rows:
            yield from _session(person, start)


def _check(row: dict[str, str]) -> Iterator[str]:
    for column in REQUIRED:
        if not row.get(column):
            yield f"{column}: missing"
        elif column in NAMES:
            why = string_problem(row[column], column, SHORT)
            if why is not None:
                yield why
    outcome = row.get("outcome", "")
    if outcome and outcome not in (*OUTCOMES, "1", "0"):
        yield f"outcome: expected {', '.join(OUTCOMES)}, 1 or 0, got {shown(outcome)}"
    time_s = row.get("time_s", "")
    if time_s and _number(time_s, MIN_SECONDS, MAX_SECONDS) is None:
        yield (
            f"time_s: expected {MIN_SECONDS} to {MAX_SECONDS:,} seconds (a day), "
            f"got {shown(time_s)}"
        )
    for column in COUNTS:
        value = row.get(column, "")
        whole = value.isascii() and value.isdigit() and len(value) <= len(str(MAX_COUNT))
        if value and not (whole and int(value) <= MAX_COUNT):
            yield f"{column}: expected a whole number from 0 to {MAX_COUNT:,}, got {shown(value)}"
    seq = row.get("seq", "")
    if seq and _number(seq, 1, 7) is None:
        yield f"seq: expected 1 to 7, got {shown(seq)}"


def _session_answers(person: _Participant, row: dict[str, str], line: int) -> Iterator[str]:
    """Session-level answers are given once per participant; repeats must agree."""
    for column, (_, _, low, high) in SESSION_ITEMS.items():
        text = row.get(column, "")
        if not text:
            continue
        value = _number(text, low, high)
        if value is None:
            yield f"{column}: expected {low} to {high}, got {shown(text)}"
        elif column in person.answers and person.answers[column][0] != value:
            first = person.answers[column][1]
            yield f"{column}: {text} differs from line {first} for {person.code}"
        else:
            person.answers.setdefault(column, (value, line))


def _number(text: str, low: float, high: float) -> float | None:
    """A number as a spreadsheet writes it: ASCII digits (Python also reads `1_000` and `٣`)."""
    if not text.isascii() or "_" in text:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) and low <= value <= high else None


def _session(person: _Participant, start_of: Callable[[uuid.UUID], datetime]) -> Iterator[Numbered]:
    session = uuid.uuid5(NAMESPACE, f"{person.study}\x1f{person.code}")
    start = start_of(session)
    author = RESULTS_AUTHOR

    def event(
        line: int,
        kind: str,
        at: datetime,
        task: str | None,
        shown: str | None,
        name: str,
        **data: object,
    ) -> Numbered:
        """`shown` is the exchanged variant: the session's order, or the task's variant."""
        ident = uuid.uuid5(session, name)
        record = EventRecord(
            ident, kind, at, author, task, 0.0, {k: v for k, v in data.items() if v is not None}
        )
        return line, ExchangedEvent(record, person.study, session, person.code, shown)

    order = ",".join(person.variants)
    # A count or questionnaire the file has no column for was not recorded: not zero (SPEC §6).
    columns = {SESSION_ITEMS.get(c, (c,))[0] for _, row in person.rows for c in row}
    # An outcome of 1/0 says whether a task was completed, not whether a failure was giving up:
    # a participant with any such row did not record abandonment.
    if all(row["outcome"] in OUTCOMES for _, row in person.rows):
        columns.add("abandonment")
    recorded = [name for name in MEASURES if name in columns]
    yield event(
        person.first_line,
        "session_start",
        start,
        None,
        order,
        "start",
        participant=person.code,
        variant=order,
        recorded=recorded if len(recorded) < len(MEASURES) else None,
    )
    at = start
    tries: Counter[tuple[str, str]] = Counter()
    for line, row in person.rows:
        task, variant = row["task"], row["variant"]
        tries[(task, variant)] += 1
        name = f"{task}\x1f{variant}\x1f{tries[(task, variant)]}"
        yield event(line, "task_start", at, task, variant, f"{name}\x1fstart")
        duration = float(row["time_s"])
        marks = [
            kind
            for column, kind in zip(COUNTS, ("error", "assist", "step"), strict=True)
            for _ in range(int(row.get(column) or 0))
        ]
        for index, kind in enumerate(marks):
            moment = at + timedelta(seconds=duration * (index + 1) / (len(marks) + 1))
            yield event(line, kind, moment, task, variant, f"{name}\x1f{kind}\x1f{index}")
        at += timedelta(seconds=duration)
        outcome = {"1": "success", "0": "failure"}.get(row["outcome"], row["outcome"])
        yield event(line, "task_end", at, task, variant, f"{name}\x1fend", outcome=outcome)
        if row.get("seq"):
            yield event(
                line,
                "answer",
                at,
                task,
                variant,
                f"{name}\x1fseq",
                questionnaire="seq",
                item="1",
                value=_plain(float(row["seq"])),
            )
        at += GAP
    for column, (value, line) in person.answers.items():
        questionnaire, item, _, _ = SESSION_ITEMS[column]
        yield event(
            line,
            "answer",
            at,
            None,
            None,
            f"answer\x1f{column}",
            questionnaire=questionnaire,
            item=item,
            value=_plain(value),
        )
    yield event(person.rows[-1][0], "session_end", at, None, None, "end", status="completed")


def _plain(value: float) -> int | float:
    return int(value) if value.is_integer() else value
