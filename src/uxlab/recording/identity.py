"""Participant identity across sessions (SPEC §4): one person, one code, one visit.

Two laptops may give one code to two people, or one person may be seen twice. A code is in
conflict when it has sessions on two variants of a between-subjects design, or two completed
sessions of one protocol version: the figures would pool two people, or count one twice.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Visit:
    """What identity needs of a session."""

    id: uuid.UUID
    study: str
    participant: str
    variant: str
    design: str
    protocol: str  # the protocol version's content hash
    status: str
    started_at: datetime


@dataclass(frozen=True)
class Conflict:
    study: str
    participant: str
    why: str
    sessions: tuple[uuid.UUID, ...]  # in the order they started


def conflicts(visits: Iterable[Visit]) -> list[Conflict]:
    """Every code in conflict, by study and code; a code may be in conflict twice over."""
    people: dict[tuple[str, str], list[Visit]] = defaultdict(list)
    for visit in visits:
        people[(visit.study, visit.participant)].append(visit)
    found = []
    for (study, code), seen in sorted(people.items()):
        seen.sort(key=lambda v: (v.started_at, v.id))
        between = [v for v in seen if v.design == "between"]
        variants = sorted({v.variant for v in between})
        if len(variants) > 1:
            why = f"sessions on variants {' and '.join(variants)} of a between-subjects design"
            found.append(Conflict(study, code, why, tuple(v.id for v in between)))
        completed: dict[str, list[Visit]] = defaultdict(list)
        for visit in seen:
            if visit.status == "completed":
                completed[visit.protocol].append(visit)
        for protocol, twice in completed.items():
            if len(twice) > 1:
                why = f"{len(twice)} completed sessions of protocol version {protocol[:8]}"
                found.append(Conflict(study, code, why, tuple(v.id for v in twice)))
    return found


@dataclass(frozen=True)
class Resolution:
    """Which of a code's sessions in conflict the analysis uses, and which it leaves out."""

    study: str
    participant: str
    used: uuid.UUID
    left_out: tuple[uuid.UUID, ...]
    why: tuple[str, ...]


def resolve(found: Iterable[Conflict], visits: Iterable[Visit]) -> list[Resolution]:
    """The rule (README, Teams): of a code's sessions in conflict, the earliest completed one
    counts (the earliest one, if none was completed); the others count in no figure."""
    by_id = {visit.id: visit for visit in visits}
    people: dict[tuple[str, str], list[Conflict]] = defaultdict(list)
    for conflict in found:
        people[(conflict.study, conflict.participant)].append(conflict)
    resolutions = []
    for (study, code), theirs in people.items():
        involved = sorted(
            {by_id[s] for c in theirs for s in c.sessions}, key=lambda v: (v.started_at, v.id)
        )
        completed = [v for v in involved if v.status == "completed"]
        used = (completed or involved)[0]
        left_out = tuple(v.id for v in involved if v is not used)
        resolutions.append(Resolution(study, code, used.id, left_out, tuple(c.why for c in theirs)))
    return resolutions
