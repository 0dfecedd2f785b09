"""Who may log what, and what each event's fields may hold (SPEC §4 Authors, Live rules), on
SQLite and PostgreSQL: observers log observations placed in the moderator's task; the
moderator's end is never blocked by an observer's clock; corrections are checked as the event
they make; a problem is described by its earliest sighting, whatever order it was logged in."""

from __future__ import annotations

import json
import threading
from datetime import datetime
from pathlib import Path

import pytest

from tests.cli.test_event_log import start, store_at, task
from tests.cli.test_recording_commands import at
from tests.conftest import Cli
from uxlab.errors import InvalidEvent
from uxlab.recording.events import new_event
from uxlab.store.appending import append_live
from uxlab.store.engine import Store
from uxlab.store.sessions import find_session


def event_rows(uxlab: Cli, session: str) -> dict[str, list[str]]:
    """`session show`'s event rows by id prefix: offset, type and the rest, split on spaces."""
    rows = {}
    for line in uxlab("session", "show", session).stdout.splitlines():
        words = line.split()
        if len(words) > 3 and words[0].endswith("s") and words[0][:-1].replace(".", "").isdigit():
            rows[words[-1]] = words
    return rows


def test_an_observation_belongs_to_the_moderators_open_task(ready: Cli) -> None:
    session = start(ready)
    # ben names a task, but ana has none open: the note belongs to no task.
    outside = ready("log", session, "note", "-n", "x", "-t", "guest-checkout", "--author", "ben",
                    "--at", at(1)).stdout.strip()  # fmt: skip
    ready("log", session, "task_start", "-t", "apply-coupon", "--at", at(2))
    inside = ready("log", session, "error", "-t", "guest-checkout", "--author", "ben",
                   "--at", at(3)).stdout.strip()  # fmt: skip
    ready("log", session, "task_end", "-o", "success", "--at", at(10))
    rows = event_rows(ready, session)
    assert rows[outside[:8]][1:3] == ["note", "note=x"]
    assert rows[inside[:8]][1:3] == ["error", "apply-coupon"]


def test_an_observer_logs_observations_only(ready: Cli, isolated: Path) -> None:
    session = start(ready)
    ready("log", session, "task_start", "-t", "guest-checkout", "--at", at(1))
    for command in (
        ("log", session, "pause"),
        ("log", session, "task_end", "-o", "success"),
        ("answer", session, "seq", "5"),
    ):
        refused = ready(*command, "--author", "ben", "--at", at(2), code=1)
        assert "is the moderator's (ana) to log; an observer logs error, assist" in refused.stderr
    ready("log", session, "task_end", "-o", "success", "--at", at(10))
    # Merged from a file, such an event is kept with a warning and counts in no figure.
    exported = [json.loads(line) for line in ready("export", "checkout-form").stdout.splitlines()]
    pause = dict(exported[1], id="00000000-0000-4000-8000-0000000000aa", type="pause",
                 author="ben", at=at(5), task=None)  # fmt: skip
    (isolated / "e.jsonl").write_text(
        "\n".join(json.dumps(line) for line in [*exported, pause]) + "\n", "utf-8"
    )
    result = ready("import", str(isolated / "e.jsonl"))
    assert result.stderr == (
        f"{isolated / 'e.jsonl'}:4: warning: kept, but counts in no figure: "
        "pause is the moderator's (ana) to log; an observer logs error, assist, step, note, "
        "marker, problem\n"
    )


def test_an_observers_clock_never_blocks_the_moderators_end(ready: Cli) -> None:
    session = start(ready)
    task(ready, session, "guest-checkout", 1, 20)
    skewed = ready("log", session, "note", "-n", "x", "--author", "ben", "--at", at(40)).stdout
    ended = ready("session", "end", session, "--at", at(30))
    assert ended.stderr == (
        f"warning: ben's note at {at(40)[:19]}Z ({skewed[:8]}) no longer counts: "
        f"{at(40)[:19]}Z is after the session ended ({at(30)[:19]}Z)\n"
    )
    assert "completed" in ended.stdout
    # The moderator's own events still may not be stranded: that is a refusal.
    again = start(ready, "P02", when=100)
    task(ready, again, "guest-checkout", 101, 120)
    ready("log", again, "note", "-n", "y", "--at", at(140))
    refused = ready("session", "end", again, "--at", at(130), code=1)
    assert "it contradicts ana's note at" in refused.stderr


def test_notes_need_text(ready: Cli) -> None:
    session = start(ready)
    for blank in ("", "  \n"):
        refused = ready("log", session, "note", "-n", blank, "--at", at(1), code=1)
        assert f"--note: must not be empty, got {blank!r}" in refused.stderr
        refused = ready("log", session, "note", "--at", at(1), code=1)
        assert "a note needs text" in refused.stderr
    note = ready("log", session, "note", "-n", "x", "--at", at(2)).stdout.strip()
    refused = ready(
        "log", session, "amend", "--target", note, "--set", "note= ", "--at", at(3), code=1
    )
    assert "the amended note would be wrong: a note needs text" in refused.stderr


def test_an_amend_is_checked_as_the_event_it_makes(ready: Cli) -> None:
    session = start(ready)
    task(ready, session, "guest-checkout", 1, 20)
    answer = ready("answer", session, "seq", "5", "--at", at(21))
    assert answer.stdout.startswith("1 answer")
    seq = next(
        line["id"]
        for line in map(json.loads, ready("export", "checkout-form").stdout.splitlines())
        if line["type"] == "answer"
    )
    ready("log", session, "amend", "--target", seq, "--set", "value=2", "--at", at(22))
    shown = json.loads(ready("analyze", "checkout-form", "--json").stdout)
    [cell] = [t for t in shown["tasks"] if (t["task"], t["variant"]) == ("guest-checkout", "A")]
    assert cell["seq"]["mean"] == 2.0
    for fields, why in (
        (["--set", "value=x"], "--set value: expected a number, got 'x'"),
        (["--set", "value=2.5"], "seq item 1: expected a whole number 1 to 7, got 2.5"),
        (["--set", "value=9"], "seq item 1: expected a whole number 1 to 7, got 9"),
        (["-o", "success"], "the amended answer would be wrong: outcome belongs to task_end"),
        (["--set", "=1"], "--set expects FIELD=VALUE, got '=1'"),
    ):
        refused = ready("log", session, "amend", "--target", seq, *fields, "--at", at(23), code=1)
        assert why in refused.stderr
    refused = ready("answer", session, "sus", "2.5", "--at", at(24), code=1)
    assert "sus item 1: expected a whole number 1 to 5, got 2.5" in refused.stderr


def test_a_problem_is_described_by_its_earliest_sighting(
    ready: Cli, isolated: Path, checkout_protocol: Path
) -> None:
    session = start(ready)
    ready("log", session, "task_start", "-t", "guest-checkout", "--at", at(1))
    ready("log", session, "problem", "--problem", "P1", "--severity", "2", "-n", "later",
          "--at", at(8))  # fmt: skip
    early = ready("log", session, "problem", "--problem", "P1", "--severity", "4",
                  "--at", at(5)).stdout.strip()  # fmt: skip
    ready("log", session, "problem", "--problem", "P1", "--severity", "3", "-n", "noted",
          "--at", at(6))  # fmt: skip
    ready("log", session, "task_end", "-o", "success", "--at", at(10))

    def about(uxlab: Cli) -> tuple[int, str]:
        [problem] = json.loads(uxlab("problems", "checkout-form", "--json").stdout)["problems"]
        return problem["severity"], problem["description"]

    assert about(ready) == (4, "noted")
    # The same events in another order (the file's lines reversed) describe it the same way.
    lines = ready("export", "checkout-form").stdout.splitlines()
    (isolated / "r.jsonl").write_text("\n".join([lines[0], *reversed(lines[1:])]) + "\n")
    other = store_at(isolated, "other", checkout_protocol)
    other("import", str(isolated / "r.jsonl"))
    assert about(other) == (4, "noted")
    ready("log", session, "undo", "--target", early, "--at", at(11))
    assert about(ready) == (3, "noted")


def test_two_writers_of_one_session_take_turns(
    db_url: str, uxlab: Cli, checkout_protocol: Path
) -> None:
    """Two laptops log a task_start into one PostgreSQL session at the same moment: the
    second waits for the first and is refused, instead of both being stored."""
    if "://" not in db_url:
        pytest.skip("SQLite writers take turns by BEGIN IMMEDIATE")
    uxlab("init")
    uxlab("protocol", "load", str(checkout_protocol))
    session = start(uxlab)
    first_stored = threading.Event()
    outcome: list[BaseException | None] = []

    def second() -> None:
        first_stored.wait()
        with Store.open(db_url) as store:
            try:
                with store.writing() as s:
                    visit = find_session(s, session)
                    append_live(s, visit, [new_event("task_start", _at(2), "ana", "apply-coupon")])
            except InvalidEvent as exc:
                outcome.append(exc)
            else:
                outcome.append(None)

    other = threading.Thread(target=second)
    other.start()
    with Store.open(db_url) as store, store.writing() as s:
        visit = find_session(s, session)
        append_live(s, visit, [new_event("task_start", _at(1), "ana", "guest-checkout")])
        first_stored.set()
        other.join(timeout=1)
        assert other.is_alive()  # waiting for this transaction
    other.join(timeout=30)
    assert len(outcome) == 1 and isinstance(outcome[0], InvalidEvent)
    assert "task 'guest-checkout' is still open" in str(outcome[0])


def _at(seconds: float) -> datetime:
    return datetime.fromisoformat(at(seconds))


def test_text_people_type_is_checked(ready: Cli, isolated: Path) -> None:
    for code, why in (
        ("", "--participant: must not be empty"),
        (" P01", "a participant code cannot start or end with a space"),
        ("P\udcff", "'P\\udcff' is not valid UTF-8 text"),  # a terminal's stray byte
    ):
        refused = ready("session", "start", "checkout-form", "-p", code, "-v", "A", code=1)
        assert why in refused.stderr and "Traceback" not in refused.stderr
    session = start(ready)
    assert "a note needs text, got None" in ready("log", session, "note", code=1).stderr
    for option, why in (
        (["-n", "caf\udce9"], "'caf\\udce9' is not valid UTF-8 text"),
        (["-n", "x", "--author", "b\udcffn"], "'b\\udcffn' is not valid UTF-8 text"),
    ):
        assert why in ready("log", session, "note", *option, code=1).stderr
    # In a file, the same text is a bad line naming it, and nothing is imported.
    lines = ready("export", "checkout-form").stdout.splitlines()
    note = {**json.loads(lines[0]), "id": "00000000-0000-4000-8000-00000000000a",
            "type": "note", "at": at(1), "note": "\ud800"}  # fmt: skip
    path = isolated / "bad.jsonl"
    path.write_text(json.dumps(note) + "\n", "utf-8")
    result = ready("import", str(path), code=1)
    assert f"{path}:1: not Unicode text: a lone surrogate escape" in result.stderr
    assert "nothing was imported" in result.stderr


def test_a_session_has_one_start(ready: Cli, isolated: Path, checkout_protocol: Path) -> None:
    session = start(ready)
    task(ready, session, "guest-checkout", 1, 9)
    lines = ready("export", "checkout-form").stdout.splitlines()
    other = {**json.loads(lines[0]), "id": "00000000-0000-4000-8000-0000000000ff",
             "variant": "B", "author": "zed", "at": "2026-11-22T09:59:00Z"}  # fmt: skip
    path = isolated / "two.jsonl"
    path.write_text(json.dumps(other) + "\n", "utf-8")
    refused = ready("import", str(path), code=1)
    assert f"{path}:1: session {session} has started already (event " in refused.stderr
    path.write_text("\n".join([*lines, json.dumps(other)]) + "\n", "utf-8")
    fresh = store_at(isolated, "fresh", checkout_protocol)
    refused = fresh("import", str(path), code=1)
    assert "has started already" in refused.stderr and "nothing was imported" in refused.stderr


def test_a_post_task_answer_needs_its_task_attempted(ready: Cli) -> None:
    session = start(ready)
    task(ready, session, "guest-checkout", 1, 9)
    refused = ready("answer", session, "seq", "6", "-t", "find-returns", "--at", at(10), code=1)
    assert "seq is asked after a task, and 'find-returns' has not been attempted" in (
        refused.stderr
    )
    assert ready("answer", session, "seq", "6", "--at", at(11)).stdout.startswith("1 answer")


def test_a_problems_csv_and_problem_events_agree_in_any_order(
    ready: Cli, isolated: Path, checkout_protocol: Path
) -> None:
    (isolated / "p.csv").write_text(
        "study,participant,problem,severity,description\ncheckout-form,P09,P1,4,from the CSV\n"
    )

    def log_it(uxlab: Cli) -> None:
        session = start(uxlab)
        uxlab("log", session, "task_start", "-t", "guest-checkout", "--at", at(1))
        uxlab("log", session, "problem", "--problem", "P1", "--severity", "2", "-n", "seen",
              "--at", at(2))  # fmt: skip
        uxlab("log", session, "task_end", "-o", "success", "--at", at(3))

    csv_first = store_at(isolated, "csv-first", checkout_protocol)
    csv_first("import", str(isolated / "p.csv"), "--kind", "problems")
    log_it(csv_first)
    log_it(ready)
    ready("import", str(isolated / "p.csv"), "--kind", "problems")
    shown = [
        json.loads(u("problems", "checkout-form", "--json").stdout) for u in (csv_first, ready)
    ]
    assert shown[0] == shown[1]
    assert (shown[0]["problems"][0]["severity"], shown[0]["problems"][0]["description"]) == (
        2,
        "seen",
    )


def test_session_show_shows_events_as_they_count(ready: Cli) -> None:
    session = start(ready)
    ready("log", session, "task_start", "-t", "guest-checkout", "--at", at(1))
    end = ready("log", session, "task_end", "-o", "failure", "--at", at(9)).stdout.strip()
    ready("log", session, "amend", "--target", end, "-o", "success", "--set",
          f"at={at(7)}", "--at", at(12))  # fmt: skip
    rows = event_rows(ready, session)
    assert rows[end[:8]][:5] == [
        "7.0s",
        "task_end",
        "(amended)",
        "guest-checkout",
        "outcome=success",
    ]
