"""Plausible sessions of the checkout-form study: variant B (the stepped form) helps on the
checkout tasks, everybody struggles a little with returns. Deterministic for a seed."""

from __future__ import annotations

import math
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from uxlab.exchange.jsonl import ExchangedEvent
from uxlab.recording.events import EventRecord


@dataclass(frozen=True)
class TaskProfile:
    success: float  # chance of success
    median_s: float  # median time of a success
    errors: float  # mean errors per attempt
    gives_up: float  # chance that a failure is giving up


# (task, variant) -> how it tends to go
PROFILES = {
    ("guest-checkout", "A"): TaskProfile(0.62, 115, 1.6, 0.5),
    ("guest-checkout", "B"): TaskProfile(0.9, 80, 0.5, 0.5),
    ("apply-coupon", "A"): TaskProfile(0.55, 60, 1.2, 0.6),
    ("apply-coupon", "B"): TaskProfile(0.85, 38, 0.4, 0.6),
    ("change-address", "A"): TaskProfile(0.8, 70, 0.7, 0.3),
    ("change-address", "B"): TaskProfile(0.82, 66, 0.6, 0.3),
    ("find-returns", "A"): TaskProfile(0.7, 45, 0.3, 0.7),
    ("find-returns", "B"): TaskProfile(0.72, 47, 0.3, 0.7),
}
PROBLEMS = (
    ("P1", 3, "apply-coupon", "The coupon field hides behind a collapsed 'Have a code?' link",
     "Show the coupon field open beside the total", 0.5),
    ("P2", 2, "guest-checkout", "'Continue as guest' reads as a secondary action",
     "Give guest checkout a primary button of its own", 0.35),
    ("P3", 4, "guest-checkout", "The card error clears every field of the form",
     "Keep the form's entries when the card is declined", 0.15),
    ("P4", 1, "find-returns", "The returns period is only in the footer's small print",
     "Link the returns policy from the order summary", 0.4),
    ("P5", 2, "change-address", "The address step offers no 'edit' after review",
     "Add an edit link to each section of the review step", 0.25),
)  # fmt: skip
# The protocol's optimal_steps (protocols/checkout-form.yaml).
OPTIMAL_STEPS = {"guest-checkout": 7, "apply-coupon": 3}
NOTES = (
    "Read the scenario twice before starting",
    "Scrolled past the button twice",
    "Pasted '<script>' from the help page into the coupon field",
    "Said the progress bar was reassuring",
)
NAMESPACE = uuid.UUID("d3b07384-d9a0-4c9b-8a6e-2f1c5e7a9b10")


def _poisson(rng: random.Random, mean: float) -> int:
    """Knuth's method; small means only."""
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


class _Session:
    def __init__(self, number: int, variant: str, start: datetime, seed: int) -> None:
        self.id = uuid.uuid5(NAMESPACE, f"seed {seed} session {number}")
        self.participant = f"P{number:02d}"
        self.variant = variant
        self.at = start
        self.serial = 0

    def event(self, kind: str, task: str | None = None, **data: Any) -> ExchangedEvent:
        self.serial += 1
        record = EventRecord(
            uuid.uuid5(self.id, str(self.serial)),
            kind,
            self.at,
            "moderator",
            task,
            0.0,
            {k: v for k, v in data.items() if v is not None},
        )
        return ExchangedEvent(record, "checkout-form", self.id, self.participant, self.variant)

    def wait(self, seconds: float) -> None:
        self.at += timedelta(seconds=seconds)


def demo_events(
    participants: int, seed: int = 2026, start: datetime | None = None
) -> Iterator[ExchangedEvent]:
    """The sessions of `participants` people, alternating variants A and B."""
    rng = random.Random(seed)
    begin = start or datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
    limits = {
        "guest-checkout": 300,
        "apply-coupon": 180,
        "change-address": 180,
        "find-returns": 120,
    }
    for number in range(1, participants + 1):
        variant = "AB"[(number - 1) % 2]
        day, slot = divmod(number - 1, 8)
        session = _Session(number, variant, begin + timedelta(days=day, minutes=50 * slot), seed)
        experience = "frequent shopper" if rng.random() < 0.5 else "occasional shopper"
        yield session.event(
            "session_start",
            participant=session.participant,
            variant=variant,
            attributes={"experience": experience},
        )
        skill = rng.gauss(0, 0.35)
        for task, limit in limits.items():
            yield from _attempt(rng, session, task, limit, PROFILES[(task, variant)], skill)
        session.wait(20)
        yield from _questionnaires(rng, session, variant, skill)
        yield session.event("session_end", status="completed")


def _attempt(
    rng: random.Random, session: _Session, task: str, limit: int, profile: TaskProfile, skill: float
) -> Iterator[ExchangedEvent]:
    session.wait(rng.uniform(15, 40))
    yield session.event("task_start", task)
    succeeded = rng.random() < min(0.98, profile.success + skill / 4)
    duration = profile.median_s * math.exp(rng.gauss(-skill / 2, 0.35))
    if not succeeded:
        duration *= rng.uniform(1.2, 2.0)
    duration = min(duration, limit * rng.uniform(0.97, 1.05))
    errors = _poisson(rng, profile.errors * (1.6 if not succeeded else 0.8))
    marks: list[tuple[float, str, dict[str, Any]]] = []
    for _ in range(errors):
        kind = "marker" if rng.random() < 0.4 else "error"
        marks.append(
            (
                rng.uniform(0.1, 0.9),
                kind,
                {"name": "validation-message"} if kind == "marker" else {},
            )
        )
    if not succeeded and rng.random() < 0.4:
        marks.append((rng.uniform(0.3, 0.8), "assist", {}))
    for _ in range(rng.randint(2, 8)):
        marks.append((rng.uniform(0.05, 0.95), "step", {}))
    # The optimal path's steps (less the two every attempt takes), evenly spread: no attempt
    # takes fewer steps than the optimum.
    extra = max(0, OPTIMAL_STEPS.get(task, 0) - 2)
    marks += [((i + 1) / (extra + 1), "step", {}) for i in range(extra)]
    for key, severity, where, description, recommendation, chance in PROBLEMS:
        if where == task and rng.random() < chance * (1.5 if not succeeded else 0.7):
            marks.append(
                (
                    rng.uniform(0.2, 0.9),
                    "problem",
                    {
                        "problem": key,
                        "severity": severity,
                        "note": description,
                        "recommendation": recommendation,
                    },
                )
            )
    if rng.random() < 0.12:
        marks.append((rng.uniform(0.1, 0.9), "note", {"note": rng.choice(NOTES)}))
    elapsed = 0.0
    for share, kind, data in sorted(marks, key=lambda mark: mark[0]):
        session.wait(share * duration - elapsed)
        elapsed = share * duration
        yield session.event(kind, task, **data)
    session.wait(duration - elapsed)
    outcome = (
        "success" if succeeded else ("abandoned" if rng.random() < profile.gives_up else "failure")
    )
    yield session.event("task_end", task, outcome=outcome)
    ease = 6 if succeeded else 3
    seq = max(1, min(7, round(rng.gauss(ease + skill, 1.0))))
    session.wait(8)
    yield session.event("answer", task, questionnaire="seq", item="1", value=seq)


def _questionnaires(
    rng: random.Random, session: _Session, variant: str, skill: float
) -> Iterator[ExchangedEvent]:
    leaning = (0.6 if variant == "B" else 0.0) + skill
    for item in range(1, 11):
        positive = item % 2 == 1
        centre = 3.6 + leaning if positive else 2.4 - leaning
        value = max(1, min(5, round(rng.gauss(centre, 0.8))))
        yield session.event("answer", questionnaire="sus", item=str(item), value=value)
    nps = max(0, min(10, round(rng.gauss(7 + 2 * leaning, 1.8))))
    yield session.event("answer", questionnaire="nps", item="1", value=nps)
