"""What one session contributes to the analysis: derived attempts and effective answers."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from uxlab.recording.derive import TaskAttempt
from uxlab.recording.events import EventRecord


@dataclass(frozen=True)
class Answer:
    """An answer that counts: the latest to its item (per attempt, for a post-task
    questionnaire), with the variant it is about."""

    id: uuid.UUID
    questionnaire: str
    item: str
    value: float
    task: str | None
    variant: str | None
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
    events: list[EventRecord]  # the moderator's effective events, in time order
