"""Events as plain data, as the recording rules and the derivation see them."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from uxlab.errors import UxlabError
from uxlab.recording.times import parse_zoned

CORRECTIONS = ("undo", "amend")
# Fields an `amend` may correct; everything else about an event is fixed.
AMENDABLE = ("at", "task", "outcome", "note", "variant", "value", "severity", "problem", "name")


@dataclass(frozen=True)
class EventRecord:
    """One event. `data` holds the type-specific fields: outcome, note, variant, questionnaire,
    item, value, problem, severity, target (undo, amend), fields (amend), name (marker)."""

    id: uuid.UUID
    type: str
    at: datetime
    author: str
    task: str | None = None
    offset_s: float = 0.0
    data: Mapping[str, Any] = field(default_factory=dict)

    @property
    def outcome(self) -> str | None:
        value = self.data.get("outcome")
        return str(value) if value is not None else None

    @property
    def target(self) -> uuid.UUID | None:
        """The event an undo or amend corrects; None if it names no event id."""
        value = self.data.get("target")
        if not isinstance(value, str):
            return None
        try:
            return uuid.UUID(value)
        except ValueError:
            return None

    def amended(self, fields: Mapping[str, Any]) -> EventRecord:
        """This event with an amend's corrected fields in place."""
        data = dict(self.data)
        changes: dict[str, Any] = {}
        for name, value in fields.items():
            if name == "at":
                changes["at"] = amended_time(value) or self.at
            elif name == "task":
                changes["task"] = value
            else:
                data[name] = value
        return replace(self, data=data, **changes)


def amended_time(value: object) -> datetime | None:
    """An amend's corrected time in UTC, or None if it is not a time with a zone between 1970
    and 2100."""
    try:
        return parse_zoned(str(value))
    except UxlabError:
        return None


# At one instant: the session opens, the previous task ends, the next starts, things happen in
# it, the session closes. Ids break the remaining ties, so storage order never matters.
_TIE_ORDER = {"session_start": 0, "task_end": 1, "task_start": 2, "session_end": 4}


def sort_key(event: EventRecord) -> tuple[datetime, int, uuid.UUID]:
    """Time order, so that nothing depends on the order in which events were stored. UUIDs
    compare as their 32 hex digits do, as the store orders them."""
    return event.at, _TIE_ORDER.get(event.type, 3), event.id


def new_event(
    kind: str, at: datetime, author: str, task: str | None = None, **data: Any
) -> EventRecord:
    """A fresh event with a new UUID; data fields that are None are left out."""
    return EventRecord(
        id=uuid.uuid4(),
        type=kind,
        at=at,
        author=author,
        task=task,
        data={k: v for k, v in data.items() if v is not None},
    )
