"""The live rules (SPEC §4): a moderator logging now is refused an impossible event at once."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from uxlab.errors import InvalidEvent
from uxlab.recording.events import EventRecord, amended_time
from uxlab.recording.replay import Replay, SessionFacts, replay
from uxlab.recording.rules import StudyRules, content_problem
from uxlab.recording.times import iso_utc as _time

# A live event further ahead of this computer's clock is a typing mistake in --at.
AHEAD = timedelta(minutes=5)


def check_live(
    before: Replay,
    events: Sequence[EventRecord],
    facts: SessionFacts,
    rules: StudyRules,
    now: datetime,
) -> tuple[Replay, list[str]]:
    """The session's replay with `events` added, or InvalidEvent (nothing to store) when any of
    them is impossible now: refused by the replay, more than five minutes ahead of the clock,
    logged into an ended session (but for its reopening), or contradicting an event of the
    same author that counted before it. Another author's events that stop counting (an
    observer's note after the moderator's end) do not block the moderator: they come back
    as warnings naming them."""
    for event in events:
        why = content_problem(event)
        if why is not None:
            raise InvalidEvent(why)
        _check_before(before, event, facts, now)
    after = replay([*before.events, *events], facts, rules)
    for event in events:
        if event.id in after.rejected:
            raise InvalidEvent(after.rejected[event.id])
    authors = {event.author for event in events}
    warnings = []
    for event in after.events:
        if event.id not in after.rejected or event.id in before.rejected:
            continue
        told = f"{event.author}'s {event.type} at {_time(event.at)} ({str(event.id)[:8]})"
        if event.author in authors:
            raise InvalidEvent(f"it contradicts {told}: {after.rejected[event.id]}")
        warnings.append(f"{told} no longer counts: {after.rejected[event.id]}")
    return after, warnings


def check_time(at: datetime, now: datetime, what: str = "") -> None:
    """Refuse a time further ahead of the clock than a moderator can mean."""
    if at > now + AHEAD:
        raise InvalidEvent(
            f"{what}{_time(at)} is more than five minutes ahead of this computer's clock "
            f"({_time(now)}): check the time"
        )


def _check_before(before: Replay, event: EventRecord, facts: SessionFacts, now: datetime) -> None:
    if event.type == "session_start":
        raise InvalidEvent("a session is started with `uxlab session start`, not logged")
    for at, what in _times(event):
        check_time(at, now, what)
    if event.type == "undo" and event.target in before.undone:
        raise InvalidEvent(f"event {event.target} is already undone")
    if before.ended_at is None:
        return
    reopening = event.type == "undo" and event.target == before.end_event
    late_observation = event.author != facts.moderator and event.at <= before.ended_at
    if not (reopening or late_observation):
        raise InvalidEvent(f"the session is {before.status}: `uxlab session resume` reopens it")


def _times(event: EventRecord) -> list[tuple[datetime, str]]:
    times = [(event.at, "")]
    fields = event.data.get("fields")
    if event.type == "amend" and isinstance(fields, dict) and "at" in fields:
        corrected = amended_time(fields["at"])
        if corrected is not None:
            times.append((corrected, "the corrected time "))
    return times
