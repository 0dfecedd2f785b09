"""`uxlab participant forget`: a participant's rows are gone everywhere, others stay."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from tests.conftest import Cli
from uxlab.store.engine import Store
from uxlab.store.models import Event, Participant, ProblemSighting, Response, TaskAttemptRow


def counts(db: str) -> dict[str, int]:
    with Store.open(db) as store, store.reading() as s:
        return {
            model.__name__: s.scalar(select(func.count()).select_from(model)) or 0
            for model in (Participant, Event, Response, ProblemSighting, TaskAttemptRow)
        }


def test_forget_a_participant(isolated: Path) -> None:
    Cli("unused")("demo", "--participants", "4", "--out", str(isolated / "d"))
    store = Cli(str(isolated / "d" / "demo.db"))
    before = counts(store.db)
    assert (
        "Aborted"
        in store(
            "participant", "forget", "P01", "--study", "checkout-form", input="n\n", code=1
        ).stderr
    )
    assert counts(store.db) == before
    shown = store("participant", "forget", "P01", "--study", "checkout-form", "--yes").stdout
    assert shown.startswith("forgot P01: 1 sessions, ")
    after = counts(store.db)
    assert after["Participant"] == before["Participant"] - 1
    assert after["TaskAttemptRow"] == before["TaskAttemptRow"] - 4
    assert 0 < after["Event"] < before["Event"]
    assert "P01" not in store("export", "checkout-form").stdout
    assert "P01" not in store("session", "list").stdout
    assert (
        "no participant 'P01'"
        in store("participant", "forget", "P01", "--study", "checkout-form", "--yes", code=1).stderr
    )
    assert store("analyze", "checkout-form", "--json").stdout.count('"participants": 3') == 1
