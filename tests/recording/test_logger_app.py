"""The live logger, driven headless by Textual's pilot against a real store."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from tests.conftest import Cli
from uxlab.recording.logger_app import LoggerApp
from uxlab.store.engine import Store
from uxlab.store.recorder import SessionRecorder
from uxlab.store.sessions import find_session, session_detail


@pytest.fixture
def session(uxlab: Cli, checkout_protocol: Path) -> str:
    uxlab("init")
    uxlab("protocol", "load", str(checkout_protocol))
    return uxlab(
        "session", "start", "checkout-form", "-p", "P07", "-v", "B", "-m", "ana"
    ).stdout.strip()


def drive(
    db: str,
    session: str,
    script: Callable[[Pilot[None], LoggerApp], Awaitable[None]],
    keys: dict[str, str] | None = None,
) -> LoggerApp:
    async def run() -> LoggerApp:
        with Store.open(db) as store:
            app = LoggerApp(SessionRecorder(store, session), keys)
            async with app.run_test(size=(120, 40)) as pilot:
                await script(pilot, app)
        return app

    return asyncio.run(run())


def text(app: LoggerApp, widget: str) -> str:
    return str(app.query_one(widget, Static).content)


def attempts(db: str, session: str) -> list[tuple[str, str | None, int, int, int]]:
    with Store.open(db) as store, store.reading() as s:
        detail = session_detail(s, find_session(s, session))
    return [(a.task, a.outcome, a.errors, a.assists, a.steps) for a in detail.replay.attempts]


def test_a_whole_session_with_keys_only(uxlab: Cli, session: str) -> None:
    async def script(pilot: Pilot[None], app: LoggerApp) -> None:
        assert "Next: task 1/4" in text(app, "#task")
        assert "[b]s[/] success" in text(app, "#legend")
        assert "[b]v[/] validation-message" in text(app, "#legend")
        await pilot.press("enter")
        assert "Read aloud: You want to buy the blue mug" in text(app, "#task")
        assert "/ 05:00" in text(app, "#task")
        await pilot.press("e", "v", "space", "space", "a")
        assert text(app, "#counts") == "errors 2 · assists 1 · steps 2"
        await pilot.press("s")
        assert app.mode == "question"
        await pilot.press("6", "enter")
        for outcome in ("f", "g", "x"):
            await pilot.press("enter", outcome, "escape")
        assert "All 4 tasks done" in text(app, "#task")
        await pilot.press("enter")
        for answer in ["4", "1", "5", "2", "5", "1", "4", "2", "3", "1", "9"]:
            await pilot.press(*answer, "enter")
        await pilot.pause()

    app = drive(uxlab.db, session, script)
    assert app.recorder.ended
    assert attempts(uxlab.db, session) == [
        ("guest-checkout", "success", 2, 1, 2),
        ("apply-coupon", "failure", 0, 0, 0),
        ("change-address", "abandoned", 0, 0, 0),
        ("find-returns", "skipped", 0, 0, 0),
    ]
    listing = uxlab("session", "list").stdout
    assert "completed" in listing
    answers = [e for e in app.recorder.history if e.type == "answer"]
    assert [(e.data["questionnaire"], e.data["value"]) for e in answers][:2] == [
        ("seq", 6),
        ("sus", 4),
    ]
    assert answers[0].task == "guest-checkout"
    assert answers[-1].data == {"questionnaire": "nps", "item": "1", "value": 9}


def test_refusals_are_shown_and_store_nothing(uxlab: Cli, session: str) -> None:
    async def script(pilot: Pilot[None], app: LoggerApp) -> None:
        await pilot.press("s")
        assert "no task is open" in text(app, "#status")
        await pilot.press("e")
        assert "error belongs to a task" in text(app, "#status")
        await pilot.press("enter", "p")
        assert "PAUSED" in text(app, "#head")
        await pilot.press("e")
        assert "the session is paused" in text(app, "#status")
        await pilot.press("p", "e", "u")
        assert "undid error" in text(app, "#status")
        assert "[strike dim]" in text(app, "#events")
        await pilot.press("n", *"found the <coupon> link", "enter")
        await pilot.press("b", *"P3 9 hidden", "enter")
        assert "severity must be 1" in text(app, "#status")
        await pilot.press("escape", "b", *"P3 2 coupon hidden", "enter")
        await pilot.press("q")

    app = drive(uxlab.db, session, script)
    kinds = [e.type for e in app.recorder.history]
    assert kinds == [
        "session_start",
        "task_start",
        "pause",
        "resume",
        "error",
        "undo",
        "note",
        "problem",
    ]
    assert app.recorder.history[-2].data["note"] == "found the <coupon> link"
    assert not app.recorder.ended
    assert attempts(uxlab.db, session) == [("guest-checkout", None, 0, 0, 0)]


def test_keys_can_be_changed(uxlab: Cli, session: str) -> None:
    async def script(pilot: Pilot[None], app: LoggerApp) -> None:
        assert "[b]t[/] step" in text(app, "#legend")
        await pilot.press("enter", "t", "t", "space")
        await pilot.press("q")

    drive(uxlab.db, session, script, keys={"step": "t"})
    assert attempts(uxlab.db, session) == [("guest-checkout", None, 0, 0, 2)]


def test_key_clashes_are_refused(uxlab: Cli, session: str) -> None:
    assert (
        "key 's' is set for both success and step"
        in uxlab("record", "--session", session, "--key", "step=s", code=1).stderr
    )
    assert (
        "key 'v' is set for step and for a protocol marker"
        in uxlab("record", "--session", session, "--key", "step=v", code=1).stderr
    )
    assert (
        "unknown logger action jump"
        in uxlab("record", "--session", session, "--key", "jump=j", code=1).stderr
    )
    assert "give STUDY, --participant and --variant" in uxlab("record", code=1).stderr


def test_a_key_no_press_can_match_is_refused_before_a_session_opens(
    uxlab: Cli, session: str
) -> None:
    """`--key step=ss` was taken, leaving the step action on no key (issue 13)."""
    args = ("record", "checkout-form", "-p", "P09", "-v", "A", "--key")
    for key in ("ss", "slash", "<any>"):
        refused = uxlab(*args, f"step={key}", code=1).stderr
        assert refused.startswith(f"Error: --key step: '{key}' is not a key: give one character")
    assert "P09" not in uxlab("session", "list").stdout


def test_a_key_set_as_the_character_it_types_works(uxlab: Cli, session: str) -> None:
    async def script(pilot: Pilot[None], app: LoggerApp) -> None:
        await pilot.press("enter", "slash", "slash")
        await pilot.press("q")

    drive(uxlab.db, session, script, keys={"step": "/"})
    assert attempts(uxlab.db, session) == [("guest-checkout", None, 0, 0, 2)]


def test_resumed_closing_questionnaire_asks_only_what_is_missing(uxlab: Cli, session: str) -> None:
    """A crash during the closing SUS: on resume, only the items not yet answered are asked,
    and the session's SUS is scored from one answer per item."""

    async def tasks(pilot: Pilot[None], app: LoggerApp) -> None:
        for outcome in ("s", "f", "g", "x"):
            await pilot.press("enter", outcome, "escape")
        await pilot.press("enter")
        for answer in ["5", "1", "5"]:
            await pilot.press(answer, "enter")
        await pilot.pause()

    first = drive(uxlab.db, session, tasks)
    assert not first.recorder.ended  # killed here, in the middle of the SUS

    async def resumed(pilot: Pilot[None], app: LoggerApp) -> None:
        await pilot.press("enter")
        assert "SUS 4:" in str(app.query_one("#prompt", Input).placeholder)
        for answer in ["1", "5", "1", "5", "1", "5", "1", "10"]:
            await pilot.press(*answer, "enter")
        await pilot.pause()

    second = drive(uxlab.db, session, resumed)
    assert second.recorder.ended
    answers = [e for e in second.recorder.history if e.data.get("questionnaire") == "sus"]
    assert [e.data["item"] for e in answers] == [str(i) for i in range(1, 11)]
    report = json.loads(uxlab("analyze", "checkout-form", "--json").stdout)
    assert report["questionnaires"]["B"]["sus"]["mean"] == 100.0
