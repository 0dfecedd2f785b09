"""Deriving task attempts from a session's replay: times, pauses, limits, corrections, markers."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from uxlab.recording.derive import TaskAttempt
from uxlab.recording.events import EventRecord
from uxlab.recording.replay import Replay, SessionFacts, replay
from uxlab.recording.rules import StudyRules

T0 = datetime(2026, 11, 22, 10, 0, 0, tzinfo=UTC)
LIMITS: dict[str, float | None] = {"t1": 60.0, "t2": None}
MARKERS = {"validation": "error", "help": "assist"}


def replayed(events: list[EventRecord], variant: str | None = None, within: bool = False) -> Replay:
    rules = StudyRules("within" if within else "between", ("A", "B"), dict(LIMITS), MARKERS, {})
    facts = SessionFacts("ana", T0, variant, ("A", "B") if within else ())
    return replay(events, facts, rules)


def derive_attempts(
    events: list[EventRecord], variant: str | None = None, within: bool = False
) -> list[TaskAttempt]:
    return replayed(events, variant, within).attempts


def ev(kind: str, seconds: float, task: str | None = None, **data: Any) -> EventRecord:
    return EventRecord(
        uuid.uuid4(), kind, T0 + timedelta(seconds=seconds), "ana", task, seconds, data
    )


def scripted() -> list[EventRecord]:
    """Start at 10:00:00, error at :10, pause :20, resume :30, success at :50.5."""
    return [
        ev("session_start", 0),
        ev("task_start", 0, "t1"),
        ev("error", 10, "t1"),
        ev("pause", 20, "t1"),
        ev("resume", 30, "t1"),
        ev("task_end", 50.5, "t1", outcome="success"),
    ]


def test_scripted_session_is_one_success_of_40_5_seconds_with_one_error() -> None:
    [attempt] = derive_attempts(scripted(), "A")
    assert (attempt.task, attempt.variant, attempt.outcome) == ("t1", "A", "success")
    assert attempt.time_s == 40.5
    assert attempt.paused_s == 10.0
    assert attempt.errors == 1


def test_running_past_the_time_limit_is_a_timeout() -> None:
    events = [
        ev("task_start", 0, "t1"),
        ev("task_end", 61, "t1", outcome="success"),
        ev("task_start", 70, "t2"),
        ev("task_end", 400, "t2", outcome="success"),
    ]
    first, second = derive_attempts(events)
    assert (first.outcome, first.time_s) == ("timeout", 61.0)
    assert (second.outcome, second.time_s) == ("success", 330.0)


def test_paused_time_does_not_count_towards_the_limit() -> None:
    events = [
        ev("task_start", 0, "t1"),
        ev("pause", 10),
        ev("resume", 40),
        ev("task_end", 65, "t1", outcome="success"),
    ]
    [attempt] = derive_attempts(events)
    assert (attempt.outcome, attempt.time_s) == ("success", 35.0)


def test_markers_count_as_what_the_protocol_says() -> None:
    events = [
        ev("task_start", 0, "t2"),
        ev("marker", 1, "t2", name="validation"),
        ev("marker", 2, "t2", name="validation"),
        ev("marker", 3, "t2", name="help"),
        ev("step", 4, "t2"),
        ev("note", 5, "t2", note="hesitates"),
        ev("task_end", 6, "t2", outcome="failure"),
    ]
    [attempt] = derive_attempts(events)
    assert (attempt.errors, attempt.assists, attempt.steps, attempt.notes) == (2, 1, 1, 1)


def test_undo_removes_and_undo_of_undo_restores() -> None:
    events = scripted()
    error = events[2]
    undo = ev("undo", 60, target=str(error.id))
    assert derive_attempts([*events, undo])[0].errors == 0
    undo_undo = ev("undo", 61, target=str(undo.id))
    assert derive_attempts([*events, undo, undo_undo])[0].errors == 1


def test_amend_replaces_fields_of_its_target() -> None:
    events = scripted()
    end = events[-1]
    amend = ev(
        "amend",
        70,
        target=str(end.id),
        fields={"outcome": "failure", "at": (T0 + timedelta(seconds=45)).isoformat()},
    )
    [attempt] = derive_attempts([*events, amend])
    assert (attempt.outcome, attempt.time_s) == ("failure", 35.0)
    undone = ev("undo", 71, target=str(amend.id))
    assert derive_attempts([*events, amend, undone])[0].outcome == "success"


def test_within_design_takes_the_variant_from_task_start() -> None:
    events = [
        ev("task_start", 0, "t2", variant="B"),
        ev("task_end", 5, "t2", outcome="success"),
        ev("task_start", 6, "t2", variant="A"),
        ev("task_end", 9, "t2", outcome="success"),
    ]
    assert [a.variant for a in derive_attempts(events, within=True)] == ["B", "A"]


def test_an_open_attempt_has_no_outcome_or_time() -> None:
    [attempt] = derive_attempts([ev("task_start", 0, "t1"), ev("error", 3)])
    assert (attempt.outcome, attempt.time_s, attempt.errors) == (None, None, 1)


def test_corrections_are_not_effective_events() -> None:
    events = scripted()
    undo = ev("undo", 60, target=str(events[2].id))
    kinds = [e.type for e in replayed([*events, undo]).effective]
    assert "undo" not in kinds and kinds.count("error") == 0


# Random logs: any mix of events, including nonsense orders that the rules would refuse.
KINDS = ["task_start", "task_end", "error", "assist", "step", "pause", "resume", "note", "marker"]
random_logs = st.lists(
    st.tuples(
        st.sampled_from(KINDS),
        st.floats(0, 600),
        st.sampled_from(["t1", "t2"]),
        st.sampled_from(["success", "failure", "abandoned"]),
    ),
    max_size=30,
)


def _build(log: list[tuple[str, float, str, str]]) -> list[EventRecord]:
    return [
        ev(kind, at, task, outcome=outcome, name="validation") for kind, at, task, outcome in log
    ]


@settings(max_examples=200)
@given(random_logs, st.randoms(use_true_random=False))
def test_storage_order_never_matters(
    log: list[tuple[str, float, str, str]], shuffle: random.Random
) -> None:
    events = _build(log)
    shuffled = list(events)
    shuffle.shuffle(shuffled)
    assert derive_attempts(shuffled) == derive_attempts(events)


@settings(max_examples=200)
@given(random_logs)
def test_times_are_never_negative(log: list[tuple[str, float, str, str]]) -> None:
    for attempt in derive_attempts(_build(log)):
        assert attempt.paused_s >= 0
        assert attempt.time_s is None or attempt.time_s >= 0


@settings(max_examples=200)
@given(random_logs, st.data())
def test_undo_of_undo_restores_anything(
    log: list[tuple[str, float, str, str]], data: st.DataObject
) -> None:
    events = _build(log)
    if not events:
        return
    target = data.draw(st.sampled_from(events))
    undo = ev("undo", 700, target=str(target.id))
    restore = ev("undo", 701, target=str(undo.id))
    assert derive_attempts([*events, undo, restore]) == derive_attempts(events)
