"""Scriptable logging through the real command line: sessions, events, answers, corrections."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.conftest import Cli
from uxlab.store.engine import Store
from uxlab.store.models import Event, Problem, ProblemSighting, Response

WITHIN = """\
study: menu-compare
title: Hamburger menu or swipe
design: within
variants: {burger: Hamburger menu, swipe: Swipe gestures}
tasks:
  - {id: jump, title: Jump five pages, scenario: Go to page 6., success: Page 6 is shown}
questionnaires: {post_task: [seq], post_session: [sus, confident],
                 items: [{id: confident, text: I felt confident, min: 1, max: 5}]}
"""


def at(seconds: float) -> str:
    minutes, secs = divmod(seconds, 60)
    return f"2026-11-22T10:{int(minutes):02d}:{secs:04.1f}Z"


def start(uxlab: Cli, participant: str = "P01", variant: str = "A") -> str:
    return uxlab(
        "session",
        "start",
        "checkout-form",
        "-p",
        participant,
        "-v",
        variant,
        "-m",
        "ana",
        "--at",
        at(0),
    ).stdout.strip()


def events_in(db: str) -> int:
    with Store.open(db) as store, store.reading() as s:
        return s.scalar(select(func.count()).select_from(Event)) or 0


def test_scripted_session(ready: Cli) -> None:
    session = start(ready)
    ready("log", session, "task_start", "--task", "guest-checkout", "--at", at(0))
    ready("log", session, "error", "--at", at(10))
    ready("log", session, "pause", "--at", at(20))
    ready("log", session, "resume", "--at", at(30))
    ready("log", session, "task_end", "--outcome", "success", "--at", at(50.5))
    shown = ready("session", "show", session).stdout
    row = next(line for line in shown.splitlines() if line.startswith("guest-checkout"))
    assert row.split() == ["guest-checkout", "A", "success", "40.5", "1", "0", "0"]


def test_task_end_without_open_task_changes_nothing(ready: Cli) -> None:
    session = start(ready)
    before = events_in(ready.db)
    result = ready("log", session, "task_end", "--outcome", "success", code=1)
    assert result.stderr == "Error: no task is open: task_end needs a task_start first\n"
    assert events_in(ready.db) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["task_start", "--task", "nope"], "unknown task 'nope'"),
        (["error"], "no task is open: error belongs to a task"),
        (["resume"], "the session is not paused"),
        (["teleport"], "unknown event type 'teleport'"),
        (["marker", "--name", "confetti"], "unknown marker 'confetti'"),
        (
            ["problem", "--problem", "P1"],
            "a problem needs a severity: 1 (cosmetic) to 4 (critical)",
        ),
        (["note", "--at", "yesterday"], "expected an ISO-8601 time"),
        (["note", "-n", "x", "--at", "2026-11-22T09:59:59Z"], "is before the session started"),
        (["undo", "--target", "abcdef12"], "no event 'abcdef12'"),
    ],
)
def test_refused_events_store_nothing(ready: Cli, args: list[str], message: str) -> None:
    session = start(ready)
    before = events_in(ready.db)
    result = ready("log", session, *args, code=1)
    assert message in result.stderr
    assert result.stderr.count("\n") == 1
    assert events_in(ready.db) == before


def test_second_open_task_and_events_in_their_time(ready: Cli) -> None:
    session = start(ready)
    ready("log", session, "task_start", "-t", "guest-checkout", "--at", at(5))
    result = ready("log", session, "task_start", "-t", "apply-coupon", "--at", at(6), code=1)
    assert "task 'guest-checkout' is still open" in result.stderr
    result = ready("log", session, "error", "--at", at(4), code=1)
    assert "no task is open: error belongs to a task" in result.stderr
    result = ready("session", "end", session, "--at", at(7), code=1)
    assert "is still open: end it before the session" in result.stderr


def test_undo_and_amend_by_id_prefix(ready: Cli) -> None:
    session = start(ready)
    ready("log", session, "task_start", "-t", "apply-coupon", "--at", at(1))
    error = ready("log", session, "error", "--at", at(2)).stdout.strip()
    end = ready("log", session, "task_end", "-o", "failure", "--at", at(30)).stdout.strip()
    ready("log", session, "undo", "--target", error[:8])
    ready(
        "log",
        session,
        "amend",
        "--target",
        end[:8],
        "--outcome",
        "success",
        "--set",
        f"at={at(20)}",
    )
    shown = ready("session", "show", session).stdout
    row = next(line for line in shown.splitlines() if line.startswith("apply-coupon"))
    assert row.split() == ["apply-coupon", "A", "success", "19.0", "0", "0", "0"]
    assert "error (undone)" in shown
    again = ready("log", session, "undo", "--target", error, code=1)
    assert "is already undone" in again.stderr
    bad = ready("log", session, "amend", "--target", end, "--set", "author=eve", code=1)
    assert "amend cannot change author" in bad.stderr


def test_answers_are_range_checked_all_or_nothing(ready: Cli) -> None:
    session = start(ready)
    ready("log", session, "task_start", "-t", "find-returns", "--at", at(1))
    ready("log", session, "task_end", "-o", "success", "--at", at(9))
    assert ready("answer", session, "seq", "6").stdout == "1 answer recorded\n"
    before = events_in(ready.db)
    result = ready(
        "answer", session, "sus", "4", "1", "5", "2", "6", "1", "4", "2", "3", "1", code=1
    )
    assert "sus item 5: expected a whole number 1 to 5, got 6" in result.stderr
    assert events_in(ready.db) == before
    assert (
        "10 answers"
        in ready("answer", session, "sus", "4", "1", "5", "2", "5", "1", "4", "2", "3", "1").stdout
    )
    assert (
        "umux-lite' is not in the protocol"
        in ready("answer", session, "umux-lite", "1=5", code=1).stderr
    )
    assert "expected a number" in ready("answer", session, "nps", "1=ten", code=1).stderr
    with Store.open(ready.db) as store, store.reading() as s:
        rows = s.execute(
            select(Response.questionnaire, Response.item, Response.value, Response.task)
        ).all()
    assert ("seq", "1", 6.0, "find-returns") in rows
    assert sorted(r.value for r in rows if r.questionnaire == "sus") == [
        1,
        1,
        1,
        2,
        2,
        3,
        4,
        4,
        5,
        5,
    ]


def test_problems_are_recorded_with_where_they_were_seen(ready: Cli) -> None:
    session = start(ready)
    ready("log", session, "task_start", "-t", "apply-coupon", "--at", at(1))
    ready(
        "log",
        session,
        "problem",
        "--problem",
        "P3",
        "--severity",
        "3",
        "--note",
        "Coupon field hidden behind a link",
        "--at",
        at(5),
    )
    with Store.open(ready.db) as store, store.reading() as s:
        problem = s.scalar(select(Problem))
        sighting = s.scalar(select(ProblemSighting))
    assert problem is not None and (problem.key, problem.severity) == ("P3", 3)
    assert problem.description == "Coupon field hidden behind a link"
    assert sighting is not None and sighting.task == "apply-coupon"


def test_end_resume_list(ready: Cli) -> None:
    session = start(ready)
    assert ready("session", "end", session, "--at", at(60)).stdout.endswith("completed\n")
    closed = ready("log", session, "note", "-n", "late", code=1)
    assert "the session is completed: `uxlab session resume` reopens it" in closed.stderr
    assert "reopened" in ready("session", "resume", session[:6]).stdout
    ready("log", session, "note", "-n", "after the lid was closed")
    listing = ready("session", "list").stdout
    assert session in listing and "in_progress" in listing
    assert (
        "already has a session in progress"
        in ready("session", "start", "checkout-form", "-p", "P01", "-v", "A", code=1).stderr
    )


def test_unknown_session_and_variant(ready: Cli) -> None:
    assert ready("log", "beef", "note", code=1).stderr == (
        "Error: no session 'beef' in this store (see `uxlab session list`)\n"
    )
    assert (
        "unknown variant 'C'"
        in ready("session", "start", "checkout-form", "-p", "P9", "-v", "C", code=1).stderr
    )
    assert (
        "no study 'nope'" in ready("session", "start", "nope", "-p", "P9", "-v", "A", code=1).stderr
    )


def test_observers_are_kept_apart_by_author(ready: Cli) -> None:
    session = start(ready)
    ready("log", session, "task_start", "-t", "guest-checkout", "--at", at(1))
    for kind, option in (
        ("task_start", "-t guest-checkout"),
        ("pause", ""),
        ("task_end", "-o success"),
    ):
        refused = ready(
            "log", session, kind, *option.split(), "--at", at(2), "--author", "obs", code=1
        )
        assert f"{kind} is the moderator's (ana) to log; an observer logs error," in refused.stderr
    refused = ready("answer", session, "seq", "5", "--at", at(2), "--author", "obs", code=1)
    assert "answer is the moderator's (ana) to log" in refused.stderr
    ready("log", session, "error", "--at", at(3), "--author", "obs")
    ready("log", session, "task_end", "-o", "success", "--at", at(11))
    shown = ready("session", "show", session).stdout
    row = next(line for line in shown.splitlines() if line.startswith("guest-checkout"))
    assert row.split() == ["guest-checkout", "A", "success", "10.0", "0", "0", "0"]
    assert shown.count(" obs ") == 1


def test_within_design(uxlab: Cli, isolated: Path) -> None:
    (isolated / "within.yaml").write_text(WITHIN, "utf-8")
    uxlab("init")
    uxlab("protocol", "load", "within.yaml")
    assert (
        "every variant once"
        in uxlab("session", "start", "menu-compare", "-p", "P1", "-v", "swipe", code=1).stderr
    )
    session = uxlab(
        "session", "start", "menu-compare", "-p", "P1", "-v", "swipe,burger", "--at", at(0)
    ).stdout.strip()
    assert "needs the variant" in uxlab("log", session, "task_start", "-t", "jump", code=1).stderr
    uxlab("log", session, "task_start", "-t", "jump", "--variant", "swipe", "--at", at(1))
    uxlab("log", session, "task_end", "-o", "success", "--at", at(4))
    uxlab("answer", session, "seq", "5", "--at", at(5))
    uxlab("log", session, "task_start", "-t", "jump", "--variant", "burger", "--at", at(6))
    uxlab("log", session, "task_end", "-o", "failure", "--at", at(16))
    assert (
        "expected a whole number 1 to 5, got 7"
        in uxlab("answer", session, "confident", "7", code=1).stderr
    )
    assert "got 2.5" in uxlab("answer", session, "confident", "2.5", code=1).stderr
    uxlab("answer", session, "confident", "4")
    rows = [
        line.split()
        for line in uxlab("session", "show", session).stdout.splitlines()
        if line.startswith("jump")
    ]
    assert rows == [
        ["jump", "swipe", "success", "3.0", "0", "0", "0"],
        ["jump", "burger", "failure", "10.0", "0", "0", "0"],
    ]


def test_session_list_shows_codes_in_conflict(uxlab: Cli, checkout_protocol: Path) -> None:
    """Issue 14: P01 on variant A on one laptop and P01 on variant B on another are two people
    (or one seen twice) under one code; `session list --conflicts` names both sessions."""
    uxlab("init")
    uxlab("protocol", "load", str(checkout_protocol))
    assert uxlab("session", "list", "--conflicts").stdout == "No participant code is in conflict.\n"
    first = start(uxlab, "P01", "A")
    uxlab("session", "end", first, "--at", at(60))
    second = uxlab(
        "session", "start", "checkout-form", "-p", "P01", "-v", "B", "--at", at(120)
    ).stdout.strip()
    start(uxlab, "P02", "B")
    rows = uxlab("session", "list", "--conflicts").stdout.splitlines()[1:]
    assert [row.split()[:4] for row in rows] == [
        ["checkout-form", "P01", first, "A"],
        ["checkout-form", "P01", second, "B"],
    ]
    assert all(
        row.endswith("sessions on variants A and B of a between-subjects design") for row in rows
    )
