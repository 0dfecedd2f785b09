"""Which events are valid when (SPEC §4): checked before anything is stored."""

from __future__ import annotations

import math
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from uxlab.errors import InvalidEvent
from uxlab.recording.derive import effective_events
from uxlab.recording.events import AMENDABLE, CORRECTIONS, EventRecord
from uxlab.recording.questionnaires import STANDARD, Scale
from uxlab.recording.vocabulary import EVENT_TYPES, OUTCOMES

# Events that belong to a task and are refused when none is open.
IN_TASK = ("error", "assist", "step")


@dataclass(frozen=True)
class StudyRules:
    """What a protocol version allows, read from its stored definition."""

    design: str
    variants: tuple[str, ...]
    tasks: dict[str, float | None]  # task id -> time limit in seconds
    markers: dict[str, str]  # marker name -> what it counts as
    questionnaires: dict[str, Scale]
    post_task: tuple[str, ...] = ()

    @classmethod
    def from_definition(cls, definition: Mapping[str, Any]) -> StudyRules:
        questionnaires = definition.get("questionnaires", {})
        custom = {
            item["id"]: Scale(("1",), int(item["min"]), int(item["max"]))
            for item in questionnaires.get("items", [])
        }
        used = [*questionnaires.get("post_task", []), *questionnaires.get("post_session", [])]
        return cls(
            design=definition["design"],
            variants=tuple(definition["variants"]),
            tasks={t["id"]: t.get("time_limit") for t in definition["tasks"]},
            markers={m["name"]: m["counts_as"] for m in definition.get("markers", [])},
            questionnaires={name: custom.get(name) or STANDARD[name] for name in used},
            post_task=tuple(questionnaires.get("post_task", [])),
        )


@dataclass
class SessionState:
    """Where one author's log of a session stands, after undo and amend."""

    started: datetime | None = None
    ended: bool = False
    open_task: str | None = None
    paused: bool = False
    last_task: str | None = None
    last_at: datetime | None = None
    types: dict[uuid.UUID, str] = field(default_factory=dict)  # id -> type, undone ones too
    effective: set[uuid.UUID] = field(default_factory=set)

    @classmethod
    def of(cls, events: Iterable[EventRecord]) -> SessionState:
        events = list(events)
        state = cls(types={e.id: e.type for e in events})
        # Corrections are logged when the mistake is noticed; they do not set the pace.
        state.last_at = max((e.at for e in events if e.type not in CORRECTIONS), default=None)
        for event in effective_events(events):
            state._advance(event)
        return state

    def add(self, event: EventRecord, history: list[EventRecord]) -> SessionState:
        """The state once `event`, already appended to `history`, is logged. Cheap for
        ordinary events; a correction can change the past, so the state is rebuilt."""
        if event.type in CORRECTIONS:
            rebuilt = SessionState.of(history)
            rebuilt.started = rebuilt.started or self.started
            return rebuilt
        self.types[event.id] = event.type
        self.last_at = event.at if self.last_at is None else max(self.last_at, event.at)
        self._advance(event)
        return self

    def _advance(self, event: EventRecord) -> None:
        self.effective.add(event.id)
        match event.type:
            case "session_start":
                self.started = event.at
            case "session_end":
                self.ended = True
            case "task_start":
                self.open_task = event.task
            case "task_end":
                self.last_task, self.open_task, self.paused = self.open_task, None, False
            case "pause":
                self.paused = True
            case "resume":
                self.paused = False


def check_event(rules: StudyRules, state: SessionState, event: EventRecord) -> EventRecord:
    """The event as it will be stored (its task filled in where implied), or InvalidEvent."""
    kind = event.type
    if kind not in EVENT_TYPES:
        raise InvalidEvent(f"unknown event type '{kind}': expected one of {', '.join(EVENT_TYPES)}")
    if kind == "session_start":
        raise InvalidEvent("a session is started with `uxlab session start`, not logged")
    if state.ended:
        raise InvalidEvent("the session has ended: `uxlab session resume` reopens it")
    if state.started is not None and event.at < state.started:
        raise InvalidEvent(
            f"{_time(event.at)} is before the session started ({_time(state.started)})"
        )
    if state.last_at is not None and event.at < state.last_at and kind not in CORRECTIONS:
        raise InvalidEvent(
            f"{_time(event.at)} is before this author's last event ({_time(state.last_at)}); "
            "events are logged in time order (use amend to correct a time)"
        )
    if event.task is not None and event.task not in rules.tasks:
        raise InvalidEvent(f"unknown task '{event.task}': expected one of {', '.join(rules.tasks)}")
    if state.paused and kind not in ("resume", "note", *CORRECTIONS, "session_end"):
        raise InvalidEvent("the session is paused: log resume first")

    checker = _CHECKS.get(kind)
    return checker(rules, state, event) if checker else event


def _task_start(rules: StudyRules, state: SessionState, event: EventRecord) -> EventRecord:
    if event.task is None:
        raise InvalidEvent("task_start needs a task")
    if state.open_task is not None:
        raise InvalidEvent(
            f"task '{state.open_task}' is still open: end it before starting another"
        )
    variant = event.data.get("variant")
    if rules.design == "within":
        if variant is None:
            raise InvalidEvent(
                "in a within design, task_start needs the variant it is attempted on"
            )
        _check_variant(rules, variant)
    elif variant is not None:
        raise InvalidEvent("in a between design the variant belongs to the session, not the task")
    return event


def _task_end(rules: StudyRules, state: SessionState, event: EventRecord) -> EventRecord:
    if state.open_task is None:
        raise InvalidEvent("no task is open: task_end needs a task_start first")
    if event.task is not None and event.task != state.open_task:
        raise InvalidEvent(f"task '{event.task}' is not open; the open task is '{state.open_task}'")
    if event.outcome not in OUTCOMES:
        raise InvalidEvent(f"task_end needs an outcome: one of {', '.join(OUTCOMES)}")
    return _with_task(event, state.open_task)


def _in_task(rules: StudyRules, state: SessionState, event: EventRecord) -> EventRecord:
    counts_as = event.type
    if event.type == "marker":
        name = event.data.get("name")
        if name not in rules.markers:
            known = ", ".join(rules.markers) or "none in this protocol"
            raise InvalidEvent(f"unknown marker '{name}': expected {known}")
        counts_as = rules.markers[str(name)]
    if counts_as in IN_TASK:
        if state.open_task is None:
            raise InvalidEvent(f"no task is open: {event.type} belongs to a task")
        if event.task is not None and event.task != state.open_task:
            raise InvalidEvent(
                f"task '{event.task}' is not open; the open task is '{state.open_task}'"
            )
    return _with_task(event, event.task or state.open_task)


def _pause(rules: StudyRules, state: SessionState, event: EventRecord) -> EventRecord:
    return _with_task(event, state.open_task)


def _resume(rules: StudyRules, state: SessionState, event: EventRecord) -> EventRecord:
    if not state.paused:
        raise InvalidEvent("the session is not paused: resume only follows pause")
    return _with_task(event, state.open_task)


def _session_end(rules: StudyRules, state: SessionState, event: EventRecord) -> EventRecord:
    if state.open_task is not None:
        raise InvalidEvent(f"task '{state.open_task}' is still open: end it before the session")
    return event


def _problem(rules: StudyRules, state: SessionState, event: EventRecord) -> EventRecord:
    problem, severity = event.data.get("problem"), event.data.get("severity")
    if not isinstance(problem, str) or not problem.strip():
        raise InvalidEvent("a problem needs a short id, e.g. P3")
    if severity not in (1, 2, 3, 4):
        raise InvalidEvent(
            f"problem severity must be 1 (cosmetic) to 4 (critical), got {severity!r}"
        )
    return _with_task(event, event.task or state.open_task)


def _answer(rules: StudyRules, state: SessionState, event: EventRecord) -> EventRecord:
    name, item, value = (event.data.get(k) for k in ("questionnaire", "item", "value"))
    scale = rules.questionnaires.get(str(name))
    if scale is None:
        known = ", ".join(rules.questionnaires) or "none in this protocol"
        raise InvalidEvent(f"questionnaire '{name}' is not in the protocol: expected {known}")
    if str(item) not in scale.items:
        raise InvalidEvent(f"{name} has no item '{item}': items are {', '.join(scale.items)}")
    if (
        not isinstance(value, int | float)
        or isinstance(value, bool)
        or not math.isfinite(value)
        or not scale.low <= value <= scale.high
    ):
        raise InvalidEvent(
            f"{name} item {item}: expected {scale.low} to {scale.high}, got {value!r}"
        )
    if name in rules.post_task and event.task is None:
        task = state.open_task or state.last_task
        if task is None:
            raise InvalidEvent(f"{name} is asked after a task, and no task has been attempted yet")
        return _with_task(event, task)
    return event


def _undo(rules: StudyRules, state: SessionState, event: EventRecord) -> EventRecord:
    target = _target(state, event)
    if state.types[target] == "session_start":
        raise InvalidEvent("session_start cannot be undone: end the session as aborted instead")
    if target not in state.effective and state.types[target] not in CORRECTIONS:
        raise InvalidEvent(f"event {target} is already undone")
    return event


def _amend(rules: StudyRules, state: SessionState, event: EventRecord) -> EventRecord:
    _target(state, event)
    fields = event.data.get("fields")
    if not isinstance(fields, Mapping) or not fields:
        raise InvalidEvent("amend needs the corrected fields")
    unknown = sorted(set(fields) - set(AMENDABLE))
    if unknown:
        raise InvalidEvent(f"amend cannot change {', '.join(unknown)}: only {', '.join(AMENDABLE)}")
    if "outcome" in fields and fields["outcome"] not in OUTCOMES:
        raise InvalidEvent(
            f"outcome must be one of {', '.join(OUTCOMES)}, got {fields['outcome']!r}"
        )
    if "task" in fields and fields["task"] not in rules.tasks:
        raise InvalidEvent(f"unknown task '{fields['task']}'")
    if "at" in fields:
        try:
            datetime.fromisoformat(str(fields["at"]))
        except ValueError:
            raise InvalidEvent(f"at must be an ISO-8601 time, got {fields['at']!r}") from None
    return event


def _target(state: SessionState, event: EventRecord) -> uuid.UUID:
    target = event.target
    if target is None:
        raise InvalidEvent(f"{event.type} needs the id of the event it corrects")
    if target not in state.types:
        raise InvalidEvent(f"no event {target} by this author in this session")
    return target


def _check_variant(rules: StudyRules, variant: object) -> None:
    if variant not in rules.variants:
        raise InvalidEvent(
            f"unknown variant '{variant}': expected one of {', '.join(rules.variants)}"
        )


def _with_task(event: EventRecord, task: str | None) -> EventRecord:
    return event if event.task == task else replace(event, task=task)


def _time(at: datetime) -> str:
    return at.isoformat().replace("+00:00", "Z")


_CHECKS = {
    "task_start": _task_start,
    "task_end": _task_end,
    "error": _in_task,
    "assist": _in_task,
    "step": _in_task,
    "note": _in_task,
    "marker": _in_task,
    "pause": _pause,
    "resume": _resume,
    "session_end": _session_end,
    "problem": _problem,
    "answer": _answer,
    "undo": _undo,
    "amend": _amend,
}
