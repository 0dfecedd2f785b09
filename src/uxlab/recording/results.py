"""What one session contributes to the analysis: derived attempts and effective answers."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from uxlab.recording.derive import TaskAttempt
from uxlab.recording.events import EventRecord


@dataclass(frozen=True)
class Answer:
    questionnaire: str
    item: str
    value: float
    task: str | None
    at: datetime


@dataclass(frozen=True)
class SessionResults:
    """What one session contributes to the analysis: the moderator's log, corrections applied."""

    id: uuid.UUID
    participant: str
    variant: str | None  # None in a within design: each attempt carries its own
    status: str
    started_at: datetime
    recording: str | None
    recording_offset_s: float | None
    attempts: list[TaskAttempt]
    answers: list[Answer]
    events: list[EventRecord]  # the effective events, in time order


def answer_variant(attempts: list[TaskAttempt], answer: Answer) -> str | None:
    """In a within design, the variant an answer is about: that of the latest attempt (of its
    task, for a post-task answer) that started before it."""
    before = [a for a in attempts if a.started_at <= answer.at]
    matching = [a for a in before if answer.task is None or a.task == answer.task]
    return matching[-1].variant if matching else None
