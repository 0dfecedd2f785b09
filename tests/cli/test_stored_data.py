"""Stores holding rows that uxlab would refuse today (written by hand, or by an earlier uxlab
that checked less at the door): every reader names the row in one line and exits 1, leaves no
output behind, and `uxlab db check` lists each such row (issue 13)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.cli.test_event_log import start, store_at, task
from tests.cli.test_recording_commands import at
from tests.conftest import Cli

# Each corruption an earlier uxlab (or a hand edit) could leave in an event row, with what
# `db check` says of it.
CORRUPTIONS = {
    "a lone surrogate": ("payload = '{\"note\": \"\\ud800\"}', type = 'note'", "strict UTF-8 JSON"),
    "NaN in data": ("payload = '{\"value\": NaN}'", "strict UTF-8 JSON"),
    "a list as data": ("payload = '[1, 2]'", "not a JSON object"),
    "an id that is no UUID": ("id = 'zzz'", "not a UUID"),
    "a time that is no time": ("at = 'garbage'", "is not a time"),
    "an author too long": ("author = '" + "a" * 65 + "'", "65 characters long"),
}


@pytest.fixture
def study(isolated: Path, checkout_protocol: Path) -> Cli:
    uxlab = store_at(isolated, "team", checkout_protocol)
    session = start(uxlab, "P07")
    task(uxlab, session, "guest-checkout", 1, 20)
    uxlab("log", session, "note", "-n", "fine", "--at", at(25))
    return uxlab


def corrupt(uxlab: Cli, change: str) -> None:
    with sqlite3.connect(uxlab.db) as raw:
        note = raw.execute("SELECT id FROM event WHERE type = 'note'").fetchone()[0]
        raw.execute(f"UPDATE event SET {change} WHERE id = ?", (note,))


def test_a_sound_store_checks_clean(study: Cli) -> None:
    assert "Every stored row" in study("db", "check").stdout


@pytest.mark.parametrize("kind", CORRUPTIONS)
def test_every_reader_names_an_unreadable_row(study: Cli, isolated: Path, kind: str) -> None:
    change, said = CORRUPTIONS[kind]
    corrupt(study, change)
    found = study("db", "check", code=1)
    assert found.stdout.count("\n") == 1 and said in found.stdout
    assert found.stderr == (
        f"Error: 1 stored row of sqlite:///{study.db} cannot be read: "
        "correct or delete it with SQL (back the store up first)\n"
    )
    if kind == "an author too long":  # readable, only more than uxlab takes in today
        return
    out = isolated / "out"
    for args in (
        ["export", "checkout-form", "--format", "jsonl", "--out", f"{out}.jsonl"],
        ["export", "checkout-form", "--format", "csv", "--out", f"{out}.csv"],
        ["report", "checkout-form", "--out", f"{out}.html"],
        ["session", "show", study("session", "list").stdout.splitlines()[1].split()[0]],
        ["sync", "--to", str(isolated / "copy.db")],
    ):
        refused = study(*args, code=1)
        assert refused.stderr.startswith("Error: the store holds "), args
        assert "`uxlab db check` lists every such row" in refused.stderr
        assert refused.stderr.count("\n") == 1
    assert not [p for p in isolated.iterdir() if p.name.startswith(("out", ".out"))]
