"""`uxlab export` and `uxlab import`: byte-identical round trips, idempotence, all or nothing."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest

from tests.cli.test_recording_commands import WITHIN, at
from tests.conftest import Cli


@pytest.fixture
def laptop(isolated: Path, checkout_protocol: Path) -> Cli:
    """An SQLite store with two sessions: corrections, answers, a problem, an ended session."""
    uxlab = Cli(str(isolated / "laptop.db"))
    uxlab("init")
    uxlab("protocol", "load", str(checkout_protocol))
    s1 = uxlab(
        "session",
        "start",
        "checkout-form",
        "-p",
        "P01",
        "-v",
        "A",
        "-m",
        "ana",
        "--at",
        at(0),
        "--recording",
        "p01.mp4",
        "--offset",
        "12.5s",
    ).stdout.strip()
    uxlab("log", s1, "task_start", "-t", "guest-checkout", "--at", at(1))
    error = uxlab("log", s1, "error", "-n", "typed into the wrong field", "--at", at(5)).stdout
    uxlab("log", s1, "undo", "--target", error.strip(), "--at", at(6))
    uxlab("log", s1, "problem", "--problem", "P3", "--severity", "2", "--at", at(7))
    end = uxlab("log", s1, "task_end", "-o", "failure", "--at", at(30)).stdout.strip()
    uxlab("log", s1, "amend", "--target", end, "-o", "abandoned", "--at", at(31))
    uxlab("answer", s1, "seq", "3", "--at", at(32))
    uxlab("session", "end", s1, "--at", at(40))
    s2 = uxlab(
        "session", "start", "checkout-form", "-p", "P02", "-v", "B", "-m", "ben", "--at", at(50)
    ).stdout.strip()
    uxlab("log", s2, "task_start", "-t", "apply-coupon", "--at", at(51))
    uxlab("log", s2, "marker", "--name", "validation-message", "--at", at(52))
    uxlab("log", s2, "task_end", "-o", "success", "--at", at(58))
    return uxlab


def test_export_import_export_is_byte_identical(
    laptop: Cli, uxlab: Cli, checkout_protocol: Path, isolated: Path
) -> None:
    exported = isolated / "a.jsonl"
    laptop("export", "checkout-form", "--out", str(exported))
    lines = exported.read_text("utf-8").splitlines()
    assert len(lines) == 13
    assert json.loads(lines[0])["type"] == "session_start"

    uxlab("init")
    uxlab("protocol", "load", str(checkout_protocol))
    result = uxlab("import", str(exported))
    assert result.stdout.startswith("imported 13 events in 2 new sessions (0 already stored)")
    assert uxlab("export", "checkout-form").stdout == exported.read_text("utf-8")

    again = uxlab("import", str(exported))
    assert "imported 0 events in 0 new sessions (13 already stored)" in again.stdout
    assert uxlab("export", "checkout-form").stdout == exported.read_text("utf-8")

    listing = uxlab("session", "list").stdout
    assert "completed" in listing and "in_progress" in listing
    shown = uxlab("session", "show", json.loads(lines[0])["session"]).stdout
    row = next(line for line in shown.splitlines() if line.startswith("guest-checkout"))
    assert row.split()[:5] == ["guest-checkout", "A", "abandoned", "29.0", "0"]


def test_any_text_survives_the_bulk_write(
    laptop: Cli, uxlab: Cli, checkout_protocol: Path, isolated: Path
) -> None:
    # New sessions are written in bulk (COPY on PostgreSQL): text with tabs, newlines,
    # backslashes, quotes and non-ASCII characters must come back exactly.
    session = json.loads(laptop("export", "checkout-form").stdout.splitlines()[-1])["session"]
    note = 'tab\there\nnew line \\N back\\slash "quoted" café ✓ \\.'
    laptop("log", session, "note", "--note", note, "--at", at(59))
    laptop("log", session, "task_start", "-t", "guest-checkout", "--at", at(60))
    laptop("log", session, "task_end", "-o", "success", "--note", note, "--at", at(61))
    exported = isolated / "text.jsonl"
    laptop("export", "checkout-form", "--out", str(exported))
    uxlab("init")
    uxlab("protocol", "load", str(checkout_protocol))
    uxlab("import", str(exported))
    assert uxlab("export", "checkout-form").stdout == exported.read_text("utf-8")
    assert note in uxlab("session", "show", session).stdout


def test_interleaved_sessions_import_as_grouped_ones(
    laptop: Cli, uxlab: Cli, checkout_protocol: Path, isolated: Path
) -> None:
    # A file in time order across sessions, as a remote tool logs them: sessions are written
    # once their last line is read, so a session split across the file must still be whole.
    exported = laptop("export", "checkout-form").stdout
    lines = exported.splitlines()
    first = [line for line in lines if json.loads(line)["participant"] == "P01"]
    second = [line for line in lines if json.loads(line)["participant"] == "P02"]
    mixed = [second[0], *first[:4], *second[1:], *first[4:]]
    path = isolated / "mixed.jsonl"
    path.write_text("\n".join(mixed) + "\n", "utf-8")
    uxlab("init")
    uxlab("protocol", "load", str(checkout_protocol))
    assert "imported 13 events in 2 new sessions" in uxlab("import", str(path)).stdout
    assert uxlab("export", "checkout-form").stdout == exported


def test_a_file_that_is_not_utf8_is_named_with_its_line(
    laptop: Cli, uxlab: Cli, checkout_protocol: Path, isolated: Path
) -> None:
    lines = laptop("export", "checkout-form").stdout.encode("utf-8").splitlines()
    lines[2] = lines[2].replace(b'"author"', b'"note": "caf\xe9", "author"', 1)
    path = isolated / "latin1.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    uxlab("init")
    uxlab("protocol", "load", str(checkout_protocol))
    result = uxlab("import", str(path), code=1)
    assert result.stderr.startswith(f"Error: {path}:3: not UTF-8 text")
    assert len(result.stderr.splitlines()) == 1
    assert uxlab("session", "list").stdout.startswith("No sessions yet")


def copy_of_session(lines: list[str], participant: str, **start_data: object) -> list[str]:
    """The lines of one exported session as another, new session of `participant`."""
    session = str(uuid.uuid4())
    ids = {json.loads(line)["id"]: str(uuid.uuid4()) for line in lines}
    copied = []
    for line in lines:
        event = json.loads(line)
        event.update(session=session, id=ids[event["id"]], participant=participant)
        if "target" in event["data"]:
            event["data"]["target"] = ids[event["data"]["target"]]
        if event["type"] == "session_start":
            event["data"] = {**event["data"], **start_data}
        copied.append(json.dumps(event))
    return copied


def test_a_second_open_session_of_a_participant_is_kept_with_a_warning(
    laptop: Cli, uxlab: Cli, checkout_protocol: Path, isolated: Path
) -> None:
    lines = laptop("export", "checkout-form").stdout.splitlines()
    open_one = [line for line in lines if json.loads(line)["participant"] == "P02"]  # no end
    first = copy_of_session(open_one, "P09", attributes={"device": "phone"})
    second = copy_of_session(open_one, "P09", attributes={"segment": "novice"})
    path = isolated / "twice.jsonl"
    path.write_text("\n".join(first + second) + "\n", "utf-8")
    uxlab("init")
    uxlab("protocol", "load", str(checkout_protocol))
    result = uxlab("import", str(path))
    assert f"{path}:5: warning: P09 already has a session in progress" in result.stderr
    assert "both are kept" in result.stderr
    assert "in 2 new sessions" in result.stdout
    listed = uxlab("session", "list").stdout
    assert listed.count(" P09 ") == 2 and listed.count("in_progress") == 2

    # The end of an open session and the participant's next session, in one file: no warning.
    ended = copy_of_session(lines[:9], "P10", attributes={"segment": "novice"})  # P01's
    end = {**json.loads(lines[8]), "id": str(uuid.uuid4()), "at": "2026-11-22T10:01:00Z"}
    opened = copy_of_session(open_one, "P10", attributes={"device": "phone"})
    start = json.loads(opened[0])
    end.update(session=start["session"], participant="P10", variant=start["variant"], author="ben")
    path.write_text("\n".join([*opened, json.dumps(end), *ended]) + "\n", "utf-8")
    result = uxlab("import", str(path))
    assert "in 2 new sessions" in result.stdout and result.stderr == ""
    uxlab("report", "checkout-form", "--out", "r.md")
    report = (isolated / "r.md").read_text("utf-8")  # both sessions' attributes, merged
    # P10 has a session on each variant, so counts on both.
    assert "| device | phone | 1 | 2 |" in report and "| segment | novice | 1 | 2 |" in report


def test_an_import_names_sessions_it_cannot_place(
    laptop: Cli, uxlab: Cli, checkout_protocol: Path, isolated: Path
) -> None:
    lines = laptop("export", "checkout-form").stdout.splitlines()
    headless = isolated / "headless.jsonl"
    headless.write_text("\n".join(lines[1:9]) + "\n", "utf-8")  # P01 without its start
    uxlab("init")
    uxlab("protocol", "load", str(checkout_protocol))
    result = uxlab("import", str(headless), code=1)
    session = json.loads(lines[0])["session"]
    assert f"{headless}:1: session {session} is not in this store and the file does not" in (
        result.stderr
    )
    full = isolated / "full.jsonl"
    full.write_text("\n".join(lines) + "\n", "utf-8")
    uxlab("import", str(full))
    other = checkout_protocol.read_text("utf-8").replace("study: checkout-form", "study: other")
    (isolated / "other.yaml").write_text(other, "utf-8")
    uxlab("protocol", "load", str(isolated / "other.yaml"))
    moved = isolated / "moved.jsonl"
    moved.write_text(
        "\n".join(json.dumps({**json.loads(line), "study": "other"}) for line in lines) + "\n",
        "utf-8",
    )
    result = uxlab("import", str(moved), code=1)
    assert f"session {session} belongs to another study in this store" in result.stderr


def test_one_session_can_be_exported(laptop: Cli) -> None:
    first = laptop("export", "checkout-form").stdout.splitlines()[0]
    session = json.loads(first)["session"]
    only = laptop("export", "checkout-form", "--session", session[:8]).stdout.splitlines()
    assert len(only) == 9 and all(json.loads(x)["session"] == session for x in only)


def test_a_bad_file_names_every_bad_line_and_stores_nothing(
    laptop: Cli, uxlab: Cli, checkout_protocol: Path, isolated: Path
) -> None:
    lines = laptop("export", "checkout-form").stdout.splitlines()
    broken = json.loads(lines[10])  # the second session's task_start
    broken["task"] = "no-such-task"
    bad = [*lines[:3], "{not json", *lines[3:10], json.dumps(broken), *lines[11:]]
    path = isolated / "bad.jsonl"
    path.write_text("\n".join(bad) + "\n", "utf-8")
    uxlab("init")
    uxlab("protocol", "load", str(checkout_protocol))
    result = uxlab("import", str(path), code=1)
    errors = result.stderr.splitlines()
    assert errors[0] == (f"{path}:4: not valid JSON: object keys must be strings (byte 1)")
    assert errors[1].startswith(f"{path}:12: unknown task 'no-such-task'")
    assert errors[-1] == f"Error: {len(errors) - 1} bad lines in {path}: nothing was imported"
    assert uxlab("session", "list").stdout.startswith("No sessions yet")


def test_a_contradicting_event_is_kept_and_named_as_a_warning(
    laptop: Cli, uxlab: Cli, checkout_protocol: Path, isolated: Path
) -> None:
    lines = laptop("export", "checkout-form").stdout.splitlines()
    second = [line for line in lines if json.loads(line)["participant"] == "P02"]
    end = json.loads(second[-1])
    end["id"] = end["id"][:-4] + "beef"
    end["at"] = "2026-11-22T10:00:59.000000Z"
    path = isolated / "twice.jsonl"
    path.write_text("\n".join([*second, json.dumps(end)]) + "\n", "utf-8")
    uxlab("init")
    uxlab("protocol", "load", str(checkout_protocol))
    result = uxlab("import", str(path))
    assert result.stderr == (
        f"{path}:5: warning: kept, but counts in no figure: "
        "no task is open: task_end needs a task_start first\n"
    )
    assert "imported 5 events in 1 new sessions" in result.stdout
    shown = uxlab("session", "show", end["session"][:8]).stdout
    assert "task_end (contradicts)" in shown
    assert [line.split()[:3] for line in shown.splitlines() if line.startswith("apply")] == [
        ["apply-coupon", "B", "success"]
    ]


def test_unknown_study_or_protocol_version(laptop: Cli, uxlab: Cli, isolated: Path) -> None:
    path = isolated / "a.jsonl"
    laptop("export", "checkout-form", "--out", str(path))
    uxlab("init")
    result = uxlab("import", str(path), code=1)
    assert "no study 'checkout-form' in this store" in result.stderr
    assert uxlab("export", "nope", code=1).stderr.startswith("Error: no study 'nope'")
    assert "cannot read" in uxlab("import", str(isolated / "missing.jsonl"), code=1).stderr


def test_within_variants_survive_the_round_trip(uxlab: Cli, isolated: Path) -> None:
    (isolated / "within.yaml").write_text(WITHIN, "utf-8")
    source = Cli(str(isolated / "source.db"))
    for cli in (source, uxlab):
        cli("init")
        cli("protocol", "load", "within.yaml")
    session = source(
        "session", "start", "menu-compare", "-p", "P1", "-v", "swipe,burger", "--at", at(0)
    ).stdout.strip()
    source("log", session, "task_start", "-t", "jump", "--variant", "swipe", "--at", at(1))
    source("log", session, "task_end", "-o", "success", "--at", at(4))
    exported = source("export", "menu-compare").stdout
    assert [json.loads(x)["variant"] for x in exported.splitlines()] == [
        "swipe,burger",
        "swipe",
        None,
    ]
    (isolated / "w.jsonl").write_text(exported, "utf-8")
    uxlab("import", "w.jsonl")
    assert uxlab("export", "menu-compare").stdout == exported


def test_recording_exports(laptop: Cli) -> None:
    assert (
        "is for one session's recording: give --session"
        in laptop("export", "checkout-form", "--format", "vtt", code=1).stderr
    )
    first = json.loads(laptop("export", "checkout-form").stdout.splitlines()[0])["session"]
    vtt = laptop("export", "checkout-form", "--format", "vtt", "--session", first).stdout
    assert vtt.startswith(
        "WEBVTT\n\n1\n00:00:13.500 --> 00:00:42.500\nCheck out as a guest: abandoned (29.0 s)\n"
    )
    srt = laptop("export", "checkout-form", "--format", "srt", "--session", first).stdout
    assert srt.startswith("1\n00:00:13,500 --> 00:00:42,500\n")
    clips = laptop("export", "checkout-form", "--format", "clips").stdout.splitlines()
    assert clips[3] == (
        "ffmpeg -hide_banner -loglevel error -ss 13.500 -to 42.500 -i p01.mp4 "
        "-c copy P01-01-guest-checkout.mp4"
    )
    assert clips[4] == "# P02: no recording given"
    tidy = laptop("export", "checkout-form", "--format", "csv").stdout.splitlines()
    assert tidy[0].startswith("record,study,session,participant,variant,task,attempt,outcome")
    assert len(tidy) == 1 + 2 + 1  # header, two attempts, one answer
