"""`uxlab sync`: laptops into a team store, twice, with the same analysis as one store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Cli


def laptop(folder: Path, seed: int) -> Cli:
    Cli("unused")("demo", "--participants", "6", "--seed", str(seed), "--out", str(folder))
    return Cli(str(folder / "demo.db"))


def test_two_laptops_into_a_fresh_store_twice(uxlab: Cli, isolated: Path) -> None:
    first, second = laptop(isolated / "ana", 1), laptop(isolated / "ben", 2)
    shown = first("sync", "--to", uxlab.db).stdout
    assert "1 new protocol versions, 6 new sessions" in shown
    assert "new sessions" in second("sync", "--to", uxlab.db).stdout
    again = first("sync", "--to", uxlab.db).stdout
    assert "0 new protocol versions, 0 new sessions, 0 new events" in again
    assert "0 new sessions, 0 new events" in second("sync", "--to", uxlab.db).stdout
    assert len(uxlab("session", "list").stdout.splitlines()) == 1 + 12

    together = Cli(str(isolated / "together.db"))
    together("init")
    together("protocol", "load", "protocols/checkout-form.yaml")
    for source in (first, second):
        (isolated / "e.jsonl").write_text(source("export", "checkout-form").stdout, "utf-8")
        together("import", "e.jsonl")
    team = json.loads(uxlab("analyze", "checkout-form", "--json").stdout)
    single = json.loads(together("analyze", "checkout-form", "--json").stdout)
    assert team == single and team["participants"] == 6
    # Both laptops named their participants P01…P06: each code has two completed sessions,
    # a conflict (issue 14), and only the earliest of each counts.
    assert [c["participant"] for c in team["conflicts"]] == [f"P0{n}" for n in range(1, 7)]
    assert all(len(c["left_out"]) == 1 for c in team["conflicts"])
    assert sum(t["attempts"] for t in team["tasks"]) == 6 * 4 - sum(
        t["skipped"] for t in team["tasks"]
    )


def test_pull_a_study_and_refuse_nonsense(uxlab: Cli, isolated: Path) -> None:
    source = laptop(isolated / "ana", 3)
    uxlab("init")
    pulled = uxlab("sync", "--from", source.db, "--study", "checkout-form").stdout
    assert "synced 1 studies" in pulled and "6 new sessions" in pulled
    assert "exactly one of --to URL and --from URL" in uxlab("sync", code=1).stderr
    assert "no study 'nope'" in uxlab("sync", "--from", source.db, "--study", "nope", code=1).stderr
    assert "the same store" in source("sync", "--to", source.db, code=1).stderr


def test_a_conflicting_protocol_becomes_a_new_version(
    uxlab: Cli, isolated: Path, checkout_protocol: Path
) -> None:
    source = laptop(isolated / "ana", 4)
    edited = checkout_protocol.read_text("utf-8").replace("target_time: 90s", "target_time: 80s")
    (isolated / "edited.yaml").write_text(edited, "utf-8")
    uxlab("init")
    uxlab("protocol", "load", "edited.yaml")
    assert "1 new protocol versions" in source("sync", "--to", uxlab.db).stdout
    shown = uxlab("protocol", "show", "checkout-form").stdout
    # Issue 14: the synced version is kept; the target goes on using its own choice.
    assert " *>  1" in shown and "     2  " in shown and "target 1m20s" in shown
    assert "target 1m30s" in uxlab("protocol", "show", "checkout-form", "--version", "2").stdout


def test_an_interrupted_sync_resumes_without_duplicates(
    isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from uxlab.store import sync as syncing
    from uxlab.store.engine import Store

    source = laptop(isolated / "ana", 5)
    target = Cli(str(isolated / "team.db"))
    target("init")
    monkeypatch.setattr(syncing, "BATCH", 2)
    real = syncing.import_events
    calls = {"n": 0}

    def failing_second_batch(*args: object, **kwargs: object) -> object:
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("the network went away")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(syncing, "import_events", failing_second_batch)
    with Store.open(source.db) as a, Store.open(target.db) as b, pytest.raises(OSError):
        syncing.sync(a, b, syncing.plan(a))
    assert len(target("session", "list").stdout.splitlines()) == 1 + 2  # the first batch landed
    monkeypatch.setattr(syncing, "import_events", real)
    resumed = source("sync", "--to", target.db).stdout
    assert "4 new sessions" in resumed
    assert target("export", "checkout-form").stdout == source("export", "checkout-form").stdout
