"""Two uxlab processes writing the same data into one PostgreSQL store at once: both finish,
without a traceback, and nothing is stored twice (issue 13, point 5)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from benchmarks.scratch_databases import ScratchDatabases
from sqlalchemy import text

from tests.conftest import POSTGRES_ENV, Cli
from uxlab.store.engine import Store

UXLAB = str(Path(sys.executable).with_name("uxlab"))
# Distinct rows by the keys their stores hold them under; any surplus is a duplicate.
_DUPLICATES = {
    "participant": "SELECT count(*) - count(DISTINCT (study_id, code)) FROM participant",
    "study_session": "SELECT count(*) - count(DISTINCT id) FROM study_session",
    "event": "SELECT count(*) - count(DISTINCT id) FROM event",
    "study": "SELECT count(*) - count(DISTINCT slug) FROM study",
    "protocol_version": (
        "SELECT count(*) - count(DISTINCT (study_id, content_hash)) FROM protocol_version"
    ),
}

pytestmark = pytest.mark.postgres


@pytest.fixture
def postgres() -> Iterator[str]:
    """An empty PostgreSQL database."""
    server = os.environ.get(POSTGRES_ENV)
    if not server:
        pytest.skip(f"{POSTGRES_ENV} is not set")
    scratch = ScratchDatabases(server)
    try:
        yield scratch.create("uxlab_race")
    finally:
        scratch.drop_all()


def at_once(*commands: tuple[str, list[str]]) -> list[subprocess.CompletedProcess[str]]:
    """Run each (store, arguments) as its own `uxlab` process, all started before waiting for
    any, so that their writes overlap."""
    started = [
        subprocess.Popen(
            [UXLAB, *args],
            env={**os.environ, "UXLAB_DB": db},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for db, args in commands
    ]
    finished = []
    for (_db, args), process in zip(commands, started, strict=True):
        out, err = process.communicate(timeout=300)
        finished.append(subprocess.CompletedProcess(args, process.returncode, out, err))
    return finished


def assert_clean(results: list[subprocess.CompletedProcess[str]]) -> None:
    for result in results:
        shown = f"{' '.join(result.args)}\nstdout: {result.stdout}\nstderr: {result.stderr}"
        assert result.returncode == 0, shown
        assert "Traceback" not in result.stderr + result.stdout, shown
        assert "internal error" not in result.stderr, shown


def duplicates(url: str) -> dict[str, int]:
    with Store.open(url) as store, store.reading() as db:
        return {table: db.scalar(text(query)) or 0 for table, query in _DUPLICATES.items()}


def laptop(folder: Path, seed: int) -> Cli:
    Cli("unused")("demo", "--participants", "8", "--seed", str(seed), "--out", str(folder))
    return Cli(str(folder / "demo.db"))


@pytest.mark.parametrize("attempt", range(3))
def test_two_imports_of_one_file_at_once(
    postgres: str, isolated: Path, checkout_protocol: Path, attempt: int
) -> None:
    source = laptop(isolated / "ana", 10 + attempt)
    (isolated / "e.jsonl").write_text(source("export", "checkout-form").stdout, "utf-8")
    team = Cli(postgres)
    team("init")
    team("protocol", "load", str(checkout_protocol))
    command = (postgres, ["import", str(isolated / "e.jsonl")])
    results = at_once(command, command)
    assert_clean(results)
    with Store.open(postgres) as store, store.reading() as db:
        stored = db.scalar(text("SELECT count(*) FROM event"))
        sessions = db.scalar(text("SELECT count(*) FROM study_session"))
    assert sessions == 8
    # One import stored every event; the other found each already there.
    outputs = " | ".join(result.stdout for result in results)
    assert f"imported {stored} events in 8 new sessions (0 already stored)" in outputs, outputs
    assert f"imported 0 events in 0 new sessions ({stored} already stored)" in outputs, outputs
    assert duplicates(postgres) == dict.fromkeys(_DUPLICATES, 0)


@pytest.mark.parametrize("attempt", range(2))
def test_two_syncs_into_an_empty_database_at_once(
    postgres: str, isolated: Path, attempt: int
) -> None:
    first, second = laptop(isolated / "ana", 20 + attempt), laptop(isolated / "ben", 30 + attempt)
    results = at_once(
        (first.db, ["sync", "--to", postgres]), (second.db, ["sync", "--to", postgres])
    )
    assert_clean(results)
    with Store.open(postgres) as store, store.reading() as db:
        assert db.scalar(text("SELECT count(*) FROM alembic_version")) == 1
        assert db.scalar(text("SELECT count(*) FROM study_session")) == 16
    assert duplicates(postgres) == dict.fromkeys(_DUPLICATES, 0)
    again = first("sync", "--to", postgres).stdout
    assert "0 new protocol versions, 0 new sessions, 0 new events" in again
