"""What a protocol version allows, and what each event type needs (SPEC §4)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from uxlab.recording.derive import MEASURES
from uxlab.recording.event_data import data_problem, strings
from uxlab.recording.events import AMENDABLE, CORRECTIONS, EventRecord, amended_time
from uxlab.recording.limits import SHORT, shown, string_problem, text_problem
from uxlab.recording.questionnaires import STANDARD, Scale
from uxlab.recording.times import EARLIEST, LATEST, iso_utc
from uxlab.recording.vocabulary import EVENT_TYPES, OUTCOMES

# Events that belong to a task and contradict the log when none is open.
IN_TASK = ("error", "assist", "step")
SESSION_ENDS = ("completed", "aborted")


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

    def counts_as(self, event: EventRecord) -> str:
        """The built-in type an event is tallied as: a marker counts as its protocol says."""
        if event.type == "marker":
            return self.markers.get(str(event.data.get("name")), "note")
        return event.type


def code_problem(code: object) -> str | None:
    """What is wrong with a participant's code (P07); None if nothing."""
    why = text_problem(code, "a participant code", SHORT)
    if why is None and str(code) != str(code).strip():
        return f"a participant code cannot start or end with a space, got {code!r}"
    if why is None and any(ord(c) < 32 or ord(c) == 127 for c in str(code)):  # control codes
        return f"a participant code is one line of printable text, got {code!r}"
    return why


def field_problem(rules: StudyRules, event: EventRecord) -> str | None:
    """What is wrong with an event's own fields, whatever the session's state; None if nothing.
    Every event is checked so where it enters the store (the live logger, `log`, an import)."""
    return content_problem(event) or rule_problem(rules, event)


def content_problem(event: EventRecord) -> str | None:
    """What is wrong with an event's types, lengths and ranges, whatever the protocol says."""
    if event.type not in EVENT_TYPES:
        return f"unknown event type '{event.type}': expected one of {', '.join(EVENT_TYPES)}"
    if not EARLIEST <= event.at < LATEST:
        return f"{iso_utc(event.at)} is outside 1970–2099"
    why = text_problem(event.author, "the author", SHORT)
    if why is not None:
        return why
    if event.task is not None and len(event.task) > SHORT:
        return f"the task is {len(event.task):,} characters long: at most {SHORT}"
    data = event.data
    why = data_problem(event.type, data)
    if why is not None:
        return why
    if event.type == "note" or "note" in data:
        why = text_problem(data.get("note"), "a note")
        if why is not None:
            return why
    for name, value in strings(data):
        why = string_problem(value, name)
        if why is not None:
            return why
    return None


def rule_problem(rules: StudyRules, event: EventRecord) -> str | None:
    """What the protocol does not allow of an event whose content is sound (`content_problem`):
    the replay checks every event of a session so, each time one is added."""
    data = event.data
    if event.task is not None and event.task not in rules.tasks:
        return f"unknown task {shown(event.task)}: expected one of {', '.join(rules.tasks)}"
    match event.type:
        case "task_start" if event.task is None:
            return "task_start needs a task"
        case "task_start" if rules.design == "within":
            variant = data.get("variant")
            if variant is None:
                return "in a within design, task_start needs the variant it is attempted on"
            if variant not in rules.variants:
                return f"unknown variant '{variant}': expected one of {', '.join(rules.variants)}"
        case "task_start" if data.get("variant") is not None:
            return "in a between design the variant belongs to the session, not the task"
        case "task_end" if event.outcome not in OUTCOMES:
            return f"task_end needs an outcome: one of {', '.join(OUTCOMES)}"
        case "session_end" if data.get("status", "completed") not in SESSION_ENDS:
            return f"a session ends as completed or aborted, not {data.get('status')!r}"
        case "marker" if data.get("name") not in rules.markers:
            known = ", ".join(rules.markers) or "none in this protocol"
            return f"unknown marker '{data.get('name')}': expected {known}"
        case "session_start" if "recorded" in data:
            recorded = data["recorded"]
            if not isinstance(recorded, list) or not set(map(str, recorded)) <= set(MEASURES):
                return f"recorded lists what a source recorded of {', '.join(MEASURES)}"
        case "problem":
            return _problem_fields(data)
        case "answer":
            return _answer_fields(rules, data)
        case "amend":
            return amend_problem(rules, data.get("fields"))
    return None


def _problem_fields(data: Mapping[str, Any]) -> str | None:
    problem, severity = data.get("problem"), data.get("severity")
    if not isinstance(problem, str) or not problem.strip():
        return "a problem needs a short id, e.g. P3"
    if severity is None:
        return "a problem needs a severity: 1 (cosmetic) to 4 (critical)"
    if severity not in (1, 2, 3, 4) or isinstance(severity, bool):
        return f"problem severity must be 1 (cosmetic) to 4 (critical), got {severity!r}"
    if "recommendation" in data:
        return text_problem(data["recommendation"], "a recommendation")
    return None


def _answer_fields(rules: StudyRules, data: Mapping[str, Any]) -> str | None:
    name, item, value = (data.get(k) for k in ("questionnaire", "item", "value"))
    scale = rules.questionnaires.get(str(name))
    if scale is None:
        known = ", ".join(rules.questionnaires) or "none in this protocol"
        return f"questionnaire '{name}' is not in the protocol: expected {known}"
    if str(item) not in scale.items:
        return f"{name} has no item '{item}': items are {', '.join(scale.items)}"
    if (
        not isinstance(value, int | float)
        or isinstance(value, bool)
        or not math.isfinite(value)
        or not float(value).is_integer()
        or not scale.low <= value <= scale.high
    ):
        expected = f"a whole number {scale.low} to {scale.high}"
        return f"{name} item {item}: expected {expected}, got {value!r}"
    return None


def amend_problem(rules: StudyRules, fields: object) -> str | None:
    """What is wrong with an amend's corrected fields; None if nothing."""
    if not isinstance(fields, Mapping) or not fields:
        return "amend needs the corrected fields"
    unknown = sorted(set(fields) - set(AMENDABLE))
    if unknown:
        return f"amend cannot change {', '.join(unknown)}: only {', '.join(AMENDABLE)}"
    if "outcome" in fields and fields["outcome"] not in OUTCOMES:
        return f"outcome must be one of {', '.join(OUTCOMES)}, got {fields['outcome']!r}"
    if "task" in fields and fields["task"] not in rules.tasks:
        return f"unknown task {shown(fields['task'])}"
    if "at" in fields and amended_time(fields["at"]) is None:
        got = shown(fields["at"])
        return f"at must be an ISO-8601 time with a zone (Z for UTC) in 1970–2099, got {got}"
    return None


def is_correction(event: EventRecord) -> bool:
    return event.type in CORRECTIONS
