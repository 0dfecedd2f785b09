"""The fuzz checks find what they look for: a store changed by a refused file, an error that
names no line, a traceback and the uxlab frame it came from, a case past its time limit."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fuzz.harness import Run, check_run, invoke, run_case
from tests.fuzz.seeds import PROTOCOL
from tests.fuzz.stores import FuzzStore, seed_bytes


@pytest.fixture
def sqlite_store(tmp_path: Path) -> FuzzStore:
    return FuzzStore(str(tmp_path / "template.db"), tmp_path / "template")


def _refused(path: Path, stderr: str) -> Run:
    return Run(("import", str(path)), 1, "", stderr, 0.1, 0.0)


def test_a_store_changed_by_a_refused_file_is_a_partial_import(
    sqlite_store: FuzzStore, tmp_path: Path
) -> None:
    edited = tmp_path / "edited.yaml"
    edited.write_text(PROTOCOL.read_text("utf-8").replace("SAVE10", "SAVE20"), "utf-8")
    assert invoke(sqlite_store.url, ("protocol", "load", str(edited))).code == 0
    path = tmp_path / "case.jsonl"
    failures = check_run(_refused(path, f"{path}:3: bad"), path, sqlite_store, sqlite_store.clean)
    assert [f.kind for f in failures] == ["partial import"]
    assert "protocol_version" in failures[0].key
    assert sqlite_store.dirty


def test_an_error_without_its_line_is_found(sqlite_store: FuzzStore, tmp_path: Path) -> None:
    path = tmp_path / "case.jsonl"
    for said in (f"{path}:12: bad", f"Error: {path}, line 4: not UTF-8 text"):
        assert check_run(_refused(path, said), path, sqlite_store, sqlite_store.clean) == []
    failures = check_run(
        _refused(path, f"Error: cannot read {path}"), path, sqlite_store, sqlite_store.clean
    )
    assert [(f.kind, f.key) for f in failures] == [
        ("no line", "import FILE: Error: cannot read FILE")
    ]


def test_a_traceback_is_found_with_its_innermost_uxlab_frame(
    sqlite_store: FuzzStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object) -> None:
        raise ZeroDivisionError("in the problems reader")

    monkeypatch.setattr("uxlab.exchange.problems_csv.problem_rows", broken)
    outcome = run_case(sqlite_store, "problems", seed_bytes("problems"), tmp_path, 10.0)
    assert [(f.kind, f.key) for f in outcome.failures] == [
        ("traceback", "import FILE: ZeroDivisionError in uxlab/cli/exchange.py:import_")
    ]


def test_a_case_past_its_time_limit_is_stopped_and_slow(
    sqlite_store: FuzzStore, tmp_path: Path
) -> None:
    outcome = run_case(sqlite_store, "events_jsonl", seed_bytes("events_jsonl"), tmp_path, 0.002)
    assert [f.kind for f in outcome.failures] == ["slow"]
    assert outcome.seconds < 1
    assert sqlite_store.dirty
