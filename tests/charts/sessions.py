"""Sessions built in memory for the sessions chart and the timelines: a within design logged by a
moderator (participants in the order they came, not by code) and rows of a results file."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from uxlab.exchange.results_csv import RESULTS_AUTHOR
from uxlab.recording.derive import TaskAttempt
from uxlab.recording.events import EventRecord
from uxlab.recording.results import SessionResults

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
# The order the sessions ran in, as the store returns them: not the order of the codes.
CAME = ["P09", "P01", "P10", "P03", "P07", "P02", "P08", "P05", "P04", "P06"]
TASKS = ["find", "change", "share"]
OUTCOMES = ["success", "failure", "success", "abandoned", "success", "timeout"]


def session(
    participant: str,
    variant: str | None,
    attempts: Sequence[tuple[str, str | None, str | None, float, float]],
    author: str = "moderator",
    start: datetime = START,
) -> SessionResults:
    """A session with (task, variant, outcome, seconds from its start, duration) attempts."""
    done = [
        TaskAttempt(
            task=task,
            variant=tried,
            outcome=outcome,
            started_at=start + timedelta(seconds=begin),
            ended_at=start + timedelta(seconds=begin + length) if outcome else None,
            time_s=length if outcome else None,
            paused_s=0.0,
            errors=None,
            assists=None,
            steps=None,
            notes=0,
        )
        for task, tried, outcome, begin, length in attempts
    ]
    opened = EventRecord(id=uuid.uuid4(), type="session_start", at=start, author=author)
    return SessionResults(
        id=uuid.uuid4(),
        participant=participant,
        variant=variant,
        status="completed",
        started_at=start,
        recording=None,
        recording_offset_s=None,
        attempts=done,
        answers=[],
        events=[opened],
    )


def within_sessions() -> list[SessionResults]:
    """Ten participants, each on every task with both variants (half A first, half B first);
    attempts from 8 s to 4 minutes, so some letters fit in their bar and some do not."""
    found = []
    for number, code in enumerate(CAME):
        order = "AB" if number % 2 else "BA"
        attempts = []
        at = 20.0
        for index, (variant, task) in enumerate((v, t) for v in order for t in TASKS):
            length = 8.0 if (number + index) % 5 == 0 else 25.0 + 37 * ((number * 7 + index) % 7)
            outcome = OUTCOMES[(number + index) % len(OUTCOMES)]
            attempts.append((task, variant, outcome, at, length))
            at += length + 15
        found.append(session(code, None, attempts, start=START + timedelta(hours=number)))
    return found


def imported_sessions(count: int) -> list[SessionResults]:
    """Rows of a results file: attempts laid back to back from the time of the import."""
    return [
        session(
            f"R{number:02d}",
            "A",
            [(task, None, "success", 60.0 * index, 60.0) for index, task in enumerate(TASKS)],
            author=RESULTS_AUTHOR,
        )
        for number in range(1, count + 1)
    ]
