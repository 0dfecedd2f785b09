"""Tidy long-format CSV for R and pandas: one row per task attempt, one per answer."""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import IO

from uxlab.exchange.jsonl import format_time
from uxlab.recording.results import SessionResults

COLUMNS = (
    "record",
    "study",
    "session",
    "participant",
    "variant",
    "task",
    "attempt",
    "outcome",
    "time_s",
    "errors",
    "assists",
    "steps",
    "questionnaire",
    "item",
    "value",
    "at",
)


def tidy_rows(study: str, sessions: Iterable[SessionResults]) -> Iterator[dict[str, object]]:
    for session in sessions:
        base = {"study": study, "session": str(session.id), "participant": session.participant}
        tries: Counter[tuple[str, str | None]] = Counter()
        for attempt in session.attempts:
            tries[(attempt.task, attempt.variant)] += 1
            yield {
                **base,
                "record": "attempt",
                "variant": attempt.variant,
                "task": attempt.task,
                "attempt": tries[(attempt.task, attempt.variant)],
                "outcome": attempt.outcome,
                "time_s": attempt.time_s,
                "errors": attempt.errors,
                "assists": attempt.assists,
                "steps": attempt.steps,
                "at": format_time(attempt.started_at),
            }
        for answer in session.answers:
            yield {
                **base,
                "record": "answer",
                "variant": answer.variant,
                "task": answer.task,
                "questionnaire": answer.questionnaire,
                "item": answer.item,
                "value": answer.value,
                "at": format_time(answer.at),
            }


def write_tidy_csv(sink: IO[str], study: str, sessions: Iterable[SessionResults]) -> None:
    writer = csv.DictWriter(sink, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in tidy_rows(study, sessions):
        writer.writerow({k: ("" if v is None else v) for k, v in row.items()})
