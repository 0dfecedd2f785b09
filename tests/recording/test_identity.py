"""Participant codes in conflict (issue 14, point 3): two people under one code, or one person
counted twice."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from uxlab.recording.identity import Visit, conflicts


def visit(
    code: str, variant: str, status: str = "completed", *, day: int, protocol: str = "a" * 64
) -> Visit:
    design = "within" if "," in variant else "between"
    at = datetime(2026, 11, day, 10, tzinfo=UTC)
    return Visit(uuid.uuid4(), "s", code, variant, design, protocol, status, at)


def test_a_code_on_two_variants_of_a_between_design_is_a_conflict() -> None:
    first, second = visit("P01", "B", "aborted", day=2), visit("P01", "A", "in_progress", day=3)
    [conflict] = conflicts([second, visit("P02", "A", day=1), first])
    assert conflict.participant == "P01"
    assert conflict.why == "sessions on variants A and B of a between-subjects design"
    assert conflict.sessions == (first.id, second.id)  # in the order they started


def test_two_completed_sessions_of_one_version_are_a_conflict() -> None:
    first, second = visit("P01", "A,B", day=1), visit("P01", "B,A", day=2)
    [conflict] = conflicts([first, second, visit("P01", "A,B", "aborted", day=3)])
    assert conflict.why == f"2 completed sessions of protocol version {'a' * 8}"
    assert conflict.sessions == (first.id, second.id)


def test_a_code_seen_once_per_version_or_only_in_unfinished_sessions_is_no_conflict() -> None:
    assert (
        conflicts(
            [
                visit("P01", "A", day=1, protocol="a" * 64),
                visit("P01", "A", day=2, protocol="b" * 64),
                visit("P02", "B", "aborted", day=1),
                visit("P02", "B", day=2),
            ]
        )
        == []
    )
