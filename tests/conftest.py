"""Shared fixtures: an isolated environment per test, stores on SQLite and PostgreSQL, the CLI."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from benchmarks.scratch_databases import ScratchDatabases
from click.testing import CliRunner, Result
from jsonschema import Draft202012Validator

from uxlab.analysis.output_schema import analysis_schema
from uxlab.cli.main import INTERNAL_ERROR_EXIT, cli
from uxlab.store.engine import Store
from uxlab.store.migrate import migrate_to_head
from uxlab.store.urls import display_url

POSTGRES_ENV = "UXLAB_TEST_POSTGRES_URL"
REPO = Path(__file__).resolve().parents[1]
SHARED_DATASETS = REPO.parent / "shared" / "datasets"
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def pytest_sessionstart(session: pytest.Session) -> None:
    # In CI the PostgreSQL half of the suite must run, never be skipped quietly.
    if os.environ.get("CI") and not os.environ.get(POSTGRES_ENV):
        raise pytest.UsageError(f"CI is set but {POSTGRES_ENV} is not: PostgreSQL tests would skip")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    ran = [
        r
        for r in terminalreporter.stats.get("passed", []) + terminalreporter.stats.get("failed", [])
        if "postgres" in r.keywords and r.when == "call"
    ]
    where = os.environ.get(POSTGRES_ENV)
    shown = display_url(where) if where else "not set"
    terminalreporter.write_line(f"PostgreSQL tests run: {len(ran)} ({POSTGRES_ENV}: {shown})")


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test runs in its own folder with its own per-user data folder and no UXLAB_ vars."""
    for name in [n for n in os.environ if n.startswith("UXLAB_") and n != POSTGRES_ENV]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database: an SQLite file path, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield str(tmp_path / "store.db")
        return
    server = os.environ.get(POSTGRES_ENV)
    if not server:
        pytest.skip(f"{POSTGRES_ENV} is not set")
    scratch = ScratchDatabases(server)
    try:
        yield scratch.create("uxlab_test")
    finally:
        scratch.drop_all()


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """A store built by the real migrations."""
    with Store.connect(db_url, create=True) as opened:
        migrate_to_head(opened)
        yield opened


@dataclass
class Cli:
    """The real `uxlab` command line, pointed at one store."""

    db: str

    def __call__(self, *args: str, code: int = 0, input: str | None = None) -> Result:
        result = CliRunner().invoke(
            cli, list(args), env={"UXLAB_DB": self.db}, input=input, catch_exceptions=True
        )
        if result.exit_code == INTERNAL_ERROR_EXIT:
            # The last line of defence must never fire: every failure has a typed error.
            log = Path(result.stderr.rpartition("details in ")[2].strip())
            raise AssertionError(
                f"uxlab {' '.join(args)} hit an internal error\n{result.stderr}"
                + (log.read_text("utf-8") if log.is_file() else "")
            )
        if result.exit_code != code:
            raise AssertionError(
                f"uxlab {' '.join(args)} exited {result.exit_code}, expected {code}\n"
                f"stdout: {result.stdout}\nstderr: {result.stderr}\n{result.exc_info}"
            )
        assert "Traceback" not in result.output
        if args[:1] == ("analyze",) and "--json" in args and result.exit_code == 0:
            valid_analysis(json.loads(result.stdout, parse_constant=_not_json))
        return result


@cache
def _analysis_validator() -> Draft202012Validator:
    return Draft202012Validator(analysis_schema())


def valid_analysis(output: Any) -> Any:
    """`output` if it matches the published schema of `uxlab analyze --json`; else every
    place where it does not, as an AssertionError."""
    errors = [
        f"{error.json_path}: {error.message}" for error in _analysis_validator().iter_errors(output)
    ]
    assert not errors, "analyze --json does not match its schema:\n" + "\n".join(errors)
    return output


def _not_json(constant: str) -> None:
    raise AssertionError(f"{constant} is not JSON")


@pytest.fixture
def uxlab(db_url: str) -> Cli:
    """The CLI against an empty database (run `init` first where a store is needed)."""
    return Cli(db_url)


@pytest.fixture
def checkout_protocol() -> Path:
    return REPO / "protocols" / "checkout-form.yaml"
