"""The event log's one truth (SPEC §4): each reproduction of issue 11 through the real command
line, on SQLite and PostgreSQL: status derived from events, reopened sessions that import and
sync, late observers, superseded answers, conflicting ids, one variant for every reader, and
times that can always be corrected."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from tests.cli.test_recording_commands import WITHIN, at
from tests.conftest import Cli


def start(uxlab: Cli, participant: str = "P01", variant: str = "A", when: float = 0) -> str:
    return uxlab(
        "session", "start", "checkout-form", "-p", participant, "-v", variant, "-m", "ana",
        "--at", at(when),
    ).stdout.strip()  # fmt: skip


def task(uxlab: Cli, session: str, name: str, begin: float, end: float, *extra: str) -> None:
    uxlab("log", session, "task_start", "-t", name, "--at", at(begin), *extra)
    uxlab("log", session, "task_end", "-o", "success", "--at", at(end), *extra)


def status(uxlab: Cli, session: str) -> str:
    return uxlab("session", "show", session).stdout.splitlines()[0].split(", ")[3]


def store_at(folder: Path, name: str, protocol: Path) -> Cli:
    other = Cli(str(folder / f"{name}.db"))
    other("init")
    other("protocol", "load", str(protocol))
    return other


def test_a_logged_session_end_ends_the_session(ready: Cli) -> None:
    session = start(ready)
    task(ready, session, "guest-checkout", 1, 20)
    ready("log", session, "session_end", "--at", at(30))
    assert status(ready, session) == "completed"
    refused = ready("session", "end", session, "--at", at(31), code=1)
    assert "the session is completed: `uxlab session resume` reopens it" in refused.stderr
    assert "reopened" in ready("session", "resume", session, "--at", at(32)).stdout
    assert status(ready, session) == "in_progress"
    ready("session", "end", session, "--at", at(33))
    assert status(ready, session) == "completed"
    next_one = start(ready, when=40)  # the participant is free again
    assert status(ready, next_one) == "in_progress"


def test_a_reopened_session_imports_and_syncs(
    ready: Cli, isolated: Path, checkout_protocol: Path
) -> None:
    session = start(ready)
    task(ready, session, "guest-checkout", 1, 20)
    ready("session", "end", session, "--at", at(30))
    ready("session", "resume", session, "--at", at(40))
    task(ready, session, "apply-coupon", 41, 50)
    ready("session", "end", session, "--at", at(60))
    later = start(ready, "P02", "B", when=70)  # a session behind it, as on a laptop
    task(ready, later, "guest-checkout", 71, 80)

    exported = isolated / "r.jsonl"
    ready("export", "checkout-form", "--out", str(exported))
    fresh = store_at(isolated, "fresh", checkout_protocol)
    result = fresh("import", str(exported))
    assert result.stderr == "" and "in 2 new sessions" in result.stdout
    assert fresh("export", "checkout-form").stdout == exported.read_text("utf-8")
    assert status(fresh, session) == "completed"

    team = store_at(isolated, "team", checkout_protocol)
    synced = ready("sync", "--to", team.db)
    assert synced.stderr == "" and "2 new sessions" in synced.stdout
    laptop = Cli(str(isolated / "laptop.db"))
    laptop("init")
    pulled = laptop("sync", "--from", team.db)
    assert pulled.stderr == "" and "2 new sessions" in pulled.stdout
    for store in (fresh, team, laptop):
        assert store("analyze", "checkout-form", "--json").stdout == (
            ready("analyze", "checkout-form", "--json").stdout
        )


def test_a_late_observer_syncs_and_logs_without_a_task_of_their_own(
    ready: Cli, isolated: Path, checkout_protocol: Path
) -> None:
    session = start(ready)
    observer = Cli(str(isolated / "ben.db"))
    observer("init")
    observer("sync", "--from", ready.db)  # the session as it was when it began
    # Offline, ben logs what he sees; he knows nothing of ana's tasks.
    ben_error = observer("log", session[:8], "error", "--author", "ben", "--at", at(5)).stdout
    observer("log", session[:8], "note", "-n", "hesitates", "--author", "ben", "--at", at(12))
    task(ready, session, "guest-checkout", 1, 20)
    ready("session", "end", session, "--at", at(30))
    result = observer("sync", "--to", ready.db)
    assert result.stderr == "" and "2 new events" in result.stdout
    shown = ready("session", "show", session).stdout
    error_row = next(line for line in shown.splitlines() if ben_error.strip()[:8] in line)
    assert error_row.split()[1:3] == ["error", "guest-checkout"] and "ben" in error_row
    assert status(ready, session) == "completed"
    # A late observation logged into the ended session, within its time: accepted.
    ready("log", session, "assist", "--author", "cleo", "--at", at(15))
    after = ready("log", session, "note", "-n", "x", "--author", "cleo", "--at", at(31), code=1)
    assert "the session is completed" in after.stderr
    # Observers' events count in no figure: ana's attempt has no errors.
    row = next(line for line in shown.splitlines() if line.startswith("guest-checkout"))
    assert row.split()[:5] == ["guest-checkout", "A", "success", "19.0", "0"]


def test_an_observer_cannot_end_the_session(ready: Cli) -> None:
    session = start(ready)
    refused = ready("session", "end", session, "--author", "ben", "--at", at(5), code=1)
    assert "session_end is the moderator's (ana) to log" in refused.stderr
    assert status(ready, session) == "in_progress"


def test_answers_given_again_supersede_and_sus_stays_on_its_scale(ready: Cli) -> None:
    session = start(ready)
    task(ready, session, "guest-checkout", 1, 20)
    ready(
        "answer",
        session,
        "sus",
        *["5", "1", "5", "1", "5", "1", "5", "1", "5", "1"],
        "--at",
        at(30),
    )
    ready("answer", session, "sus", "1=5", "2=1", "--at", at(31))
    ready("answer", session, "sus", "3=4", "--at", at(32))
    ready("session", "end", session, "--at", at(40))
    report = json.loads(ready("analyze", "checkout-form", "--json").stdout)
    sus = report["questionnaires"]["A"]["sus"]
    assert (sus["n"], sus["mean"]) == (1, 97.5)
    shown = ready("session", "show", session).stdout
    assert shown.count("answer (superseded)") == 3
    assert ready("answer", session, "sus", "1=5", "1=4", code=1).stderr.endswith(
        "sus item 1 is given twice\n"
    )


def test_an_incomplete_sus_has_no_score(ready: Cli) -> None:
    session = start(ready)
    ready("answer", session, "sus", "1=5", "2=1", "1=4", code=1)
    ready("answer", session, "sus", "1=5", "2=1", "--at", at(10))
    ready("answer", session, "sus", "1=4", "--at", at(11))
    report = json.loads(ready("analyze", "checkout-form", "--json").stdout)
    assert report["questionnaires"].get("A", {}).get("sus", {}).get("n", 0) == 0


def test_ids_that_repeat_with_other_content_are_conflicts(
    ready: Cli, isolated: Path, checkout_protocol: Path
) -> None:
    session = start(ready)
    ready("log", session, "task_start", "-t", "guest-checkout", "--at", at(1))
    note = ready("log", session, "note", "-n", "private remark", "--at", at(2)).stdout.strip()
    lines = ready("export", "checkout-form").stdout.splitlines()
    changed = {**json.loads(lines[2]), "note": "another remark"}
    path = isolated / "twice.jsonl"
    path.write_text("\n".join([*lines, lines[2], json.dumps(changed)]) + "\n", "utf-8")
    fresh = store_at(isolated, "fresh", checkout_protocol)
    result = fresh("import", str(path), code=1)
    assert result.stderr.splitlines()[0] == (
        f"{path}:5: event {note} is already on line 3 with other content: note differs"
    )
    assert "nothing was imported" in result.stderr
    assert fresh("session", "list").stdout.startswith("No sessions yet")
    path.write_text("\n".join([*lines, lines[2]]) + "\n", "utf-8")  # the same line twice
    assert "imported 3 events in 1 new sessions (1 already stored)" in (
        fresh("import", str(path)).stdout
    )
    # Changed content for an id already stored, and a stored id in another session.
    path.write_text(json.dumps(changed) + "\n", "utf-8")
    result = fresh("import", str(path), code=1)
    assert f"{path}:1: event {note} is already stored with other content: note differs" in (
        result.stderr
    )
    # A line that says its session is someone else's is a bad line, not the same event.
    path.write_text(json.dumps({**json.loads(lines[2]), "participant": "P09"}) + "\n", "utf-8")
    assert (
        f"{path}:1: session {session} is P01's in checkout-form, not P09's in checkout-form"
        in fresh("import", str(path), code=1).stderr
    )
    other = start(fresh, "P02", "B", when=50)
    moved = {**changed, "session": other, "participant": "P02", "at": "2026-11-22T10:00:51Z"}
    path.write_text(json.dumps(moved) + "\n", "utf-8")
    result = fresh("import", str(path), code=1)
    assert f"{path}:1: event {note} is already stored in session {session}" in result.stderr
    assert "remark" not in result.stderr and "Traceback" not in result.stderr


def test_a_stored_id_in_a_new_session_is_a_conflict(
    ready: Cli, isolated: Path, checkout_protocol: Path
) -> None:
    """New sessions are written in bulk; the write itself finds an id another session holds."""
    first = start(ready)
    ready("log", first, "note", "-n", "private remark", "--at", at(2))
    lines = ready("export", "checkout-form").stdout.splitlines()
    fresh = store_at(isolated, "fresh", checkout_protocol)
    path = isolated / "a.jsonl"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    fresh("import", str(path))
    copied = [
        {**json.loads(line), "session": "00000000-0000-4000-8000-000000000001"} for line in lines
    ]
    copied[0]["id"] = "00000000-0000-4000-8000-000000000002"
    path.write_text("\n".join(json.dumps(line) for line in copied) + "\n", "utf-8")
    result = fresh("import", str(path), code=1)
    note = copied[1]["id"]
    assert f"{path}:2: event {note} is already stored in session {first}" in result.stderr
    assert "remark" not in result.stderr
    assert len(fresh("session", "list").stdout.splitlines()) == 2  # header and the first


def test_within_design_answers_have_one_variant_everywhere(uxlab: Cli, isolated: Path) -> None:
    (isolated / "within.yaml").write_text(WITHIN, "utf-8")
    uxlab("init")
    uxlab("protocol", "load", "within.yaml")
    session = uxlab(
        "session", "start", "menu-compare", "-p", "P01", "-v", "swipe,burger", "--at", at(0)
    ).stdout.strip()
    for begin, variant, seq in ((1, "swipe", "6"), (20, "burger", "3")):
        uxlab("log", session, "task_start", "-t", "jump", "--variant", variant, "--at", at(begin))
        uxlab("log", session, "task_end", "-o", "success", "--at", at(begin + 10))
        uxlab("answer", session, "seq", seq, "--at", at(begin + 11))
    rows = list(
        csv.DictReader(io.StringIO(uxlab("export", "menu-compare", "--format", "csv").stdout))
    )
    answers = {r["variant"]: r["value"] for r in rows if r["record"] == "answer"}
    assert answers == {"swipe": "6.0", "burger": "3.0"}
    report = json.loads(uxlab("analyze", "menu-compare", "--json").stdout)
    analyzed = {t["variant"]: t["seq"]["mean"] for t in report["tasks"]}
    assert analyzed == {"swipe": 6.0, "burger": 3.0}


def test_a_time_far_ahead_is_refused_and_any_time_can_be_corrected(
    ready: Cli, isolated: Path, checkout_protocol: Path
) -> None:
    session = start(ready)
    refused = ready("log", session, "note", "-n", "x", "--at", "2062-11-21T10:00:10Z", code=1)
    assert "more than five minutes ahead of this computer's clock" in refused.stderr
    amend_ahead = ready("log", session, "note", "-n", "y", "--at", at(3)).stdout.strip()
    refused = ready(
        "log", session, "amend", "--target", amend_ahead, "--set", "at=2062-11-21T10:00:10Z",
        code=1,
    )  # fmt: skip
    assert "the corrected time 2062-11-21T10:00:10Z is more than five minutes ahead" in (
        refused.stderr
    )
    # A far-future note that came from elsewhere: the end names it, an amend fixes it.
    lines = ready("export", "checkout-form").stdout.splitlines()
    future = {
        **json.loads(lines[-1]),
        "id": "00000000-0000-4000-8000-0000000000aa",
        "at": "2062-11-21T10:00:10Z",
    }
    path = isolated / "future.jsonl"
    path.write_text(json.dumps(future) + "\n", "utf-8")
    assert "imported 1 events" in ready("import", str(path)).stdout
    blocked = ready("session", "end", session, "--at", at(20), code=1)
    assert "it contradicts ana's note at 2062-11-21T10:00:10Z (00000000)" in blocked.stderr
    ready(
        "log", session, "amend", "--target", future["id"], "--set", f"at={at(10)}", "--at", at(19)
    )
    ready("session", "end", session, "--at", at(20))
    assert status(ready, session) == "completed"


def test_a_session_cannot_start_far_ahead(ready: Cli) -> None:
    refused = ready(
        "session", "start", "checkout-form", "-p", "P01", "-v", "A", "--at", "2062-01-01T00:00Z",
        code=1,
    )  # fmt: skip
    assert "more than five minutes ahead of this computer's clock" in refused.stderr
    assert ready("session", "list").stdout.startswith("No sessions yet")


def test_an_amended_time_needs_a_zone(ready: Cli) -> None:
    session = start(ready)
    note = ready("log", session, "note", "-n", "x", "--at", at(3)).stdout.strip()
    refused = ready(
        "log", session, "amend", "--target", note, "--set", "at=2026-11-22T10:00:07", code=1
    )
    assert "at must be an ISO-8601 time with a zone" in refused.stderr


def test_undo_that_would_strand_later_events_is_refused(ready: Cli) -> None:
    session = start(ready)
    begun = ready("log", session, "task_start", "-t", "guest-checkout", "--at", at(1)).stdout
    ready("log", session, "error", "--at", at(2))
    refused = ready("log", session, "undo", "--target", begun.strip(), "--at", at(3), code=1)
    assert "it contradicts ana's error at 2026-11-22T10:00:02Z" in refused.stderr
    assert "no task is open: error belongs to a task" in refused.stderr


def test_a_sync_names_an_event_whose_content_differs(
    ready: Cli, isolated: Path, checkout_protocol: Path
) -> None:
    session = start(ready)
    note = ready("log", session, "note", "-n", "first words", "--at", at(2)).stdout.strip()
    lines = ready("export", "checkout-form").stdout.splitlines()
    edited = [line.replace("first words", "other words") for line in lines]
    path = isolated / "edited.jsonl"
    path.write_text("\n".join(edited) + "\n", "utf-8")
    team = store_at(isolated, "team", checkout_protocol)
    team("import", str(path))
    result = ready("sync", "--to", team.db, code=1)
    assert f"checkout-form: session {session}, note {note}: event {note} is already stored" in (
        result.stderr
    )
    assert "with other content: note differs" in result.stderr
    assert "1 event of checkout-form could not be merged" in result.stderr
    assert "words" not in result.stderr
