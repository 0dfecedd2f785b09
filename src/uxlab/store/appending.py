"""The one way events enter a store (SPEC §4): replayed with the session, written with the
derived rows and the session's new status in the caller's transaction.

`append_live` is for a moderator logging now (`log`, `answer`, `session`, the live logger): an
impossible event is refused and nothing is stored. `append_merged` is for facts recorded
elsewhere (imports, syncs): every event is stored, and the replay says which of them contradict
the session and count in no figure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from uxlab.recording.events import EventRecord
from uxlab.recording.live import check_live
from uxlab.recording.replay import Replay, replay
from uxlab.recording.rules import StudyRules
from uxlab.recording.times import utc_now
from uxlab.store.bulk import RowBuffer
from uxlab.store.derived import write_derived
from uxlab.store.events import (
    Sighting,
    event_count,
    lock_session,
    session_events,
    session_facts,
    session_rules,
    store_events,
)
from uxlab.store.models import StudySession


@dataclass
class Appended:
    """Live events as stored (each with the task it belongs to), the session's replay with
    them, and other authors' events that stopped counting because of them."""

    events: list[EventRecord]
    replay: Replay
    warnings: list[str]


def append_live(
    db: Session,
    visit: StudySession,
    events: Sequence[EventRecord],
    rules: StudyRules | None = None,
    now: datetime | None = None,
    *,
    known: Replay | None = None,
    participant: str | None = None,
) -> Appended:
    """Check `events` against the session as stored and store them all, or raise InvalidEvent
    and store none. `known`, a replay of the session from an earlier append (the live logger
    keeps one), saves reading the events again while nobody else has added any."""
    lock_session(db, visit)
    rules = rules or session_rules(db, visit)
    facts = session_facts(visit)
    if known is None or event_count(db, visit.id) != len(known.events):
        known = replay(session_events(db, visit.id), facts, rules)
    after, warnings = check_live(known, events, facts, rules, now or utc_now())
    placed = {event.id: event for event in after.effective}
    stored = [placed.get(event.id, event) for event in events]
    # The replay holds the events as stored: replaying them gives the same tasks again.
    written = {event.id: event for event in stored}
    after.events = [written.get(event.id, event) for event in after.events]
    store_events(db, visit, stored)
    write_derived(db, visit, after, known, participant=participant)
    return Appended(stored, after, warnings)


def append_merged(
    db: Session,
    visit: StudySession,
    stored: Sequence[EventRecord],
    new: Sequence[EventRecord],
    rules: StudyRules,
    *,
    fresh: bool = False,
    buffer: RowBuffer | None = None,
    participant: str | None = None,
) -> tuple[Replay, list[Sighting]]:
    """Store `new` events in a session that holds `stored`, as they are: see the module. For a
    `fresh` session (new to the store) the rows may wait in `buffer`; see `write_derived`."""
    facts = session_facts(visit)
    before = None if fresh else replay(stored, facts, rules)
    after = replay([*stored, *new], facts, rules)
    store_events(db, visit, new, buffer)
    sightings = write_derived(
        db, visit, after, before, fresh=fresh, buffer=buffer, participant=participant
    )
    return after, sightings
