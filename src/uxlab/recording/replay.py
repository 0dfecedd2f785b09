"""A session replayed from its events (SPEC §4): the one derivation of what a log means.

Every path that writes events (live logging, imports, syncs) and every reader (analysis,
exports, `session show`) goes through `replay`. The events are taken in time order, whatever
order they were stored in: undo and amend are applied first, then each event is checked against
where the session stands at its time. An event that contradicts the replay (a task_end with no
task open, an error after the end) is kept in the log but counts in no derived figure, and the
replay says why. Live logging refuses such an event before it is stored (`recording.live`).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from uxlab.recording.derive import MEASURES, TaskAttempt, derive_attempts
from uxlab.recording.events import CORRECTIONS, EventRecord, sort_key
from uxlab.recording.results import Answer
from uxlab.recording.rules import IN_TASK, StudyRules, field_problem, rule_problem
from uxlab.recording.times import iso_utc as _time

# Events that follow the moderator's pause without contradicting it.
WHILE_PAUSED = ("resume", "note", "problem", "session_end")
# What an observer logs; the session's tasks, pauses, answers and end are its moderator's.
OBSERVATIONS = ("error", "assist", "step", "note", "marker", "problem")


@dataclass(frozen=True)
class SessionFacts:
    """What the session row knows: who moderates (the author of session_start), when it started,
    and its variant (between) or every variant in order (within)."""

    moderator: str
    started_at: datetime
    variant: str | None = None
    order: tuple[str, ...] = ()


@dataclass
class Replay:
    """Where a session stands once its events are replayed."""

    events: list[EventRecord]  # every event, as stored, in time order
    effective: list[EventRecord] = field(default_factory=list)  # accepted, corrected, in order
    rejected: dict[uuid.UUID, str] = field(default_factory=dict)  # event id -> why it contradicts
    undone: set[uuid.UUID] = field(default_factory=set)
    superseded: set[uuid.UUID] = field(default_factory=set)  # answers given again later
    status: str = "in_progress"
    ended_at: datetime | None = None
    end_event: uuid.UUID | None = None  # the effective session_end
    open_task: str | None = None
    paused: bool = False
    last_task: str | None = None
    attempts: list[TaskAttempt] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)

    def counts(self, event_id: uuid.UUID) -> bool:
        """Whether an event counts: not undone, not contradicting (corrections count when valid)."""
        return event_id not in self.undone and event_id not in self.rejected

    def of(self, author: str) -> list[EventRecord]:
        """One author's effective events."""
        return [e for e in self.effective if e.author == author]


def replay(events: Iterable[EventRecord], facts: SessionFacts, rules: StudyRules) -> Replay:
    """Replay a session's events (any order, any authors); see the module."""
    ordered = sorted(events, key=sort_key)
    result = Replay(events=ordered)
    corrected = _corrections(ordered, rules, result)
    _Walk(facts, rules, result).run(corrected)
    moderated = [e for e in result.effective if e.author == facts.moderator]
    opened = next((e for e in moderated if e.type == "session_start"), None)
    recorded = opened.data.get("recorded", MEASURES) if opened is not None else MEASURES
    result.attempts = derive_attempts(
        moderated, rules.tasks, rules.markers, facts.variant, tuple(recorded)
    )
    _answers(moderated, facts, rules, result)
    return result


def _corrections(
    ordered: Sequence[EventRecord], rules: StudyRules, result: Replay
) -> list[EventRecord]:
    """The events that count once undo and amend are applied, in time order. A correction
    whose target is missing, another author's, or the session's start is rejected; undoing an
    undo restores its target."""
    by_id = {event.id: event for event in ordered}
    targets: dict[uuid.UUID, uuid.UUID] = {}
    for event in ordered:
        if event.type not in CORRECTIONS:
            continue
        why = _correction_problem(event, by_id, rules)
        target = event.target
        if why is None and target is not None:
            targets[event.id] = target
        else:
            result.rejected[event.id] = why or f"{event.type} needs the id of an event"
    for cycle in _cycles(targets):
        for member in cycle:
            result.rejected[member] = "an undo that undoes itself through other undos"
            targets.pop(member)
    result.undone = _undone(targets, by_id)
    alive = {e.id: e for e in ordered if e.id not in result.undone and e.id not in result.rejected}
    for amend in (e for e in ordered if e.type == "amend" and e.id in alive):
        target = targets[amend.id]
        if target in alive:
            alive[target] = alive[target].amended(amend.data["fields"])
    return sorted((e for e in alive.values() if e.type not in CORRECTIONS), key=sort_key)


def _correction_problem(
    event: EventRecord, by_id: dict[uuid.UUID, EventRecord], rules: StudyRules
) -> str | None:
    target_id = event.target
    if target_id is None:
        return f"{event.type} needs the id of the event it corrects"
    target = by_id.get(target_id)
    if target is None:
        return f"no event {target_id} in this session"
    if target.author != event.author:
        return f"event {target_id} was logged by {target.author}: only its author corrects it"
    if target.type == "session_start":
        return "session_start cannot be undone or amended: end the session as aborted instead"
    if event.type == "amend":
        if target.type in CORRECTIONS:
            return "a correction cannot be amended: undo it instead"
        why = field_problem(rules, event)
        if why is None:
            why = field_problem(rules, target.amended(event.data["fields"]))
            return why and f"the amended {target.type} would be wrong: {why}"
        return why
    return None


def _cycles(targets: dict[uuid.UUID, uuid.UUID]) -> list[list[uuid.UUID]]:
    """Undos that reach themselves by following their targets (only a crafted file has them)."""
    found: list[list[uuid.UUID]] = []
    done: set[uuid.UUID] = set()
    for start in targets:
        path: list[uuid.UUID] = []
        seen: set[uuid.UUID] = set()
        node: uuid.UUID | None = start
        while node is not None and node in targets and node not in done and node not in seen:
            path.append(node)
            seen.add(node)
            node = targets[node]
        if node is not None and node in seen:
            found.append(path[path.index(node) :])
        done.update(path)
    return found


def _undone(
    targets: dict[uuid.UUID, uuid.UUID], by_id: dict[uuid.UUID, EventRecord]
) -> set[uuid.UUID]:
    """The events removed by an undo that itself counts. An undo counts unless an undo of it
    counts, so undos are settled from the end of each chain back: undoing an undo restores
    its target."""
    undos = [u for u in targets if by_id[u].type == "undo"]
    undos_of: dict[uuid.UUID, list[uuid.UUID]] = {}
    for undo in undos:
        undos_of.setdefault(targets[undo], []).append(undo)
    depth: dict[uuid.UUID, int] = {}
    for undo in undos:
        chain = []
        node = undo
        while node not in depth and node in targets and by_id[node].type == "undo":
            chain.append(node)
            node = targets[node]
        base = depth.get(node, 0)
        for step, member in enumerate(reversed(chain), start=1):
            depth[member] = base + step
    counts: dict[uuid.UUID, bool] = {}
    for undo in sorted(undos, key=lambda u: -depth[u]):
        counts[undo] = not any(counts[v] for v in undos_of.get(undo, []))
    return {target for target, by in undos_of.items() if any(counts[u] for u in by)}


class _Walk:
    """The session's state as the effective events are taken in time order."""

    def __init__(self, facts: SessionFacts, rules: StudyRules, result: Replay) -> None:
        self.facts = facts
        self.rules = rules
        self.result = result
        self.started = False
        self.attempted: set[str] = set()  # tasks the moderator has started

    def run(self, corrected: list[EventRecord]) -> None:
        for event in corrected:
            why = rule_problem(self.rules, event) or self._problem(event)
            if why is not None:
                self.result.rejected[event.id] = why
                continue
            event = self._placed(event)
            self.result.effective.append(event)
            if event.author == self.facts.moderator:
                self._advance(event)

    def _problem(self, event: EventRecord) -> str | None:
        result, facts = self.result, self.facts
        if event.type == "session_start":
            if self.started or event.author != facts.moderator:
                return "the session has started already"
            self.started = True
            return None
        if event.at < facts.started_at:
            return f"{_time(event.at)} is before the session started ({_time(facts.started_at)})"
        if event.author != facts.moderator:
            return self._observed(event)
        if result.ended_at is not None:
            return (
                f"the session ended at {_time(result.ended_at)}: `uxlab session resume` reopens it"
            )
        kind = self.rules.counts_as(event)
        if result.paused and kind not in WHILE_PAUSED and event.type != "pause":
            return "the session is paused: log resume first"
        match kind:
            case "task_start":
                if result.open_task is not None:
                    return (
                        f"task '{result.open_task}' is still open: end it before starting another"
                    )
                variant = event.data.get("variant")
                if facts.order and variant not in facts.order:
                    return (
                        f"variant '{variant}' is not in this session's order "
                        f"({', '.join(facts.order)})"
                    )
            case "task_end":
                if result.open_task is None:
                    return "no task is open: task_end needs a task_start first"
                return _other_task(event, result.open_task)
            case "pause" if result.paused:
                return "the session is paused already"
            case "resume" if not result.paused:
                return "the session is not paused: resume only follows pause"
            case "session_end" if result.open_task is not None:
                return f"task '{result.open_task}' is still open: end it before the session"
            case "answer" if event.data.get("questionnaire") in self.rules.post_task:
                asked = event.data.get("questionnaire")
                if event.task is None and (result.open_task or result.last_task) is None:
                    return f"{asked} is asked after a task, and no task has been attempted yet"
                if event.task is not None and event.task not in self.attempted:
                    return (
                        f"{asked} is asked after a task, and '{event.task}' has not been attempted"
                    )
        if kind in IN_TASK:
            if result.open_task is None:
                return f"no task is open: {event.type} belongs to a task"
            return _other_task(event, result.open_task)
        return None

    def _observed(self, event: EventRecord) -> str | None:
        """What is wrong with an observer's event: it must be an observation within the
        session. It belongs to the task the moderator has open at its time, whatever task
        it names: an observer logging offline knows nothing of the moderator's tasks."""
        if event.type not in OBSERVATIONS:
            return (
                f"{event.type} is the moderator's ({self.facts.moderator}) to log; "
                f"an observer logs {', '.join(OBSERVATIONS)}"
            )
        ended = self.result.ended_at
        if ended is not None:
            return f"{_time(event.at)} is after the session ended ({_time(ended)})"
        return None

    def _placed(self, event: EventRecord) -> EventRecord:
        """The event with the task it belongs to: the moderator's open task at its time (for a
        post-task answer, the task just attempted), unless the moderator names one."""
        result = self.result
        if event.type in ("session_start", "session_end", "pause", "resume"):
            return event
        task = result.open_task  # where an observer's event belongs, whatever it names
        if event.author == self.facts.moderator:
            if event.task is not None:
                return event
            if event.type == "answer":
                if event.data.get("questionnaire") not in self.rules.post_task:
                    return event
                task = task or result.last_task
        if task == event.task:
            return event
        return EventRecord(
            event.id, event.type, event.at, event.author, task, event.offset_s, event.data
        )

    def _advance(self, event: EventRecord) -> None:
        result = self.result
        match event.type:
            case "session_end":
                result.status = str(event.data.get("status", "completed"))
                result.ended_at = event.at
                result.end_event = event.id
            case "task_start":
                result.open_task = event.task
                self.attempted.add(str(event.task))
            case "task_end":
                result.last_task, result.open_task, result.paused = result.open_task, None, False
            case "pause":
                result.paused = True
            case "resume":
                result.paused = False


def _other_task(event: EventRecord, open_task: str) -> str | None:
    if event.task is not None and event.task != open_task:
        return f"task '{event.task}' is not open; the open task is '{open_task}'"
    return None


def _answers(
    moderated: list[EventRecord], facts: SessionFacts, rules: StudyRules, result: Replay
) -> None:
    """The answers that count: in one session, the latest answer to an item (per attempt, for
    a post-task questionnaire; per variant, for a session-level one in a within design)
    supersedes earlier ones. Each carries the variant it is about."""
    latest: dict[tuple[str, str, object], Answer] = {}
    for event in moderated:
        if event.type != "answer":
            continue
        attempt = _attempt_of(result.attempts, event)
        variant = facts.variant
        if facts.order:
            variant = result.attempts[attempt].variant if attempt is not None else None
        post_task = event.data["questionnaire"] in rules.post_task
        scope: object = attempt if post_task else variant
        answer = Answer(
            event.id,
            str(event.data["questionnaire"]),
            str(event.data["item"]),
            float(event.data["value"]),
            event.task,
            variant,
            event.at,
        )
        key = (answer.questionnaire, answer.item, scope)
        if key in latest:
            result.superseded.add(latest[key].id)
        latest[key] = answer
    result.answers = sorted(latest.values(), key=lambda a: (a.at, a.id))


def _attempt_of(attempts: list[TaskAttempt], answer: EventRecord) -> int | None:
    """The position of the attempt an answer is about: the latest that started before it (of
    its task, for a post-task answer)."""
    found = None
    for position, attempt in enumerate(attempts):
        if attempt.started_at > answer.at:
            break
        if answer.task is None or attempt.task == answer.task:
            found = position
    return found
