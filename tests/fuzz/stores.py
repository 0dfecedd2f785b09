"""The stores fuzz cases run against: a template built once through the command line, a case
store made afresh from it whenever a case changed it, and a dump of every row of every table
to tell whether a refused import left anything behind."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

from sqlalchemy import Engine, MetaData, create_engine, text
from sqlalchemy.pool import NullPool

from tests.conftest import Cli
from tests.fuzz.seeds import PROTOCOL, SEEDS
from uxlab.store.urls import store_url

# Each table's rows, each row the repr of what the database driver returns, sorted.
Snapshot = dict[str, list[str]]

# When results are imported: fixed, so that a case imports the same events on every run.
RESULTS_AT = "2026-11-03T09:00:00Z"


def seed_bytes(fmt: str) -> bytes:
    if fmt == "protocol":
        return PROTOCOL.read_bytes()
    name = {"events_jsonl": "events.jsonl", "events_csv": "events.csv"}.get(fmt, f"{fmt}.csv")
    return (SEEDS / name).read_bytes()


def fill_template(url: str, folder: Path) -> None:
    """The study and a part of each seed file: a mutated file meets sessions, participants and
    problems the store holds already (the undo and amend of the first session stay new)."""
    folder.mkdir(parents=True, exist_ok=True)
    uxlab = Cli(url)
    uxlab("init", "--protocols", str(folder / "protocols"))
    uxlab("protocol", "load", str(PROTOCOL))
    lines = seed_bytes("events_jsonl").decode("utf-8").splitlines(keepends=True)
    second = list(dict.fromkeys(json.loads(line)["session"] for line in lines))[1]
    stored = folder / "stored.jsonl"
    stored.write_text("".join(x for x in lines if json.loads(x)["session"] == second), "utf-8")
    uxlab("import", str(stored))
    for kind, keep in (("results", 2), ("problems", 1)):
        header, *rows = seed_bytes(kind).splitlines(keepends=True)
        part = folder / f"stored-{kind}.csv"
        part.write_bytes(header + b"".join(rows[-keep:]))
        uxlab(
            "import",
            str(part),
            "--kind",
            kind,
            *(["--at", RESULTS_AT] if kind == "results" else []),
        )


class FuzzStore:
    """A case store on SQLite or PostgreSQL, reset from a template when a case changed it."""

    def __init__(self, template: str, folder: Path, server: str | None = None) -> None:
        """`template` is an empty database: an SQLite path, or a database on the PostgreSQL
        `server`, beside which the case database is made."""
        fill_template(template, folder)
        self.template = template
        self.admin = None
        if server:
            self.admin = create_engine(
                store_url(server), isolation_level="AUTOCOMMIT", poolclass=NullPool
            )
            with self.admin.connect() as conn:
                version = int(conn.execute(text("SHOW server_version_num")).scalar_one())
            # Copying the files of a small template is faster than logging them (PostgreSQL 15).
            self.strategy = " STRATEGY FILE_COPY" if version >= 150000 else ""
            self.template_name = store_url(template).database or ""
            self.case_name = f"{self.template_name}_case"
            self.url = (
                store_url(template)
                .set(database=self.case_name)
                .render_as_string(hide_password=False)
            )
        else:
            with sqlite3.connect(template) as conn:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self.url = str(folder / "case.db")
        self.dirty = True
        self.reset()
        meta = MetaData()
        engine = self._engine()
        meta.reflect(engine)
        engine.dispose()
        self.tables = sorted(meta.tables)
        self.clean = self.dump()

    def _engine(self) -> Engine:
        return create_engine(store_url(self.url), poolclass=NullPool)

    def reset(self) -> None:
        """Make the case store a copy of the template again, if a case may have changed it."""
        if not self.dirty:
            return
        if self.admin is not None:
            quote = self.admin.dialect.identifier_preparer.quote
            with self.admin.connect() as conn:
                conn.execute(text(f"DROP DATABASE IF EXISTS {quote(self.case_name)} WITH (FORCE)"))
                conn.execute(
                    text(
                        f"CREATE DATABASE {quote(self.case_name)} "
                        f"TEMPLATE {quote(self.template_name)}{self.strategy}"
                    )
                )
        else:
            for suffix in ("-wal", "-shm", ""):
                Path(self.url + suffix).unlink(missing_ok=True)
            shutil.copyfile(self.template, self.url)
        self.dirty = False

    def dump(self) -> Snapshot:
        """Every row of every table of the case store, as the database driver reads it."""
        engine = self._engine()
        quote = engine.dialect.identifier_preparer.quote
        try:
            with engine.connect() as conn:
                return {
                    table: sorted(
                        repr(tuple(row))
                        for row in conn.exec_driver_sql(f"SELECT * FROM {quote(table)}")
                    )
                    for table in self.tables
                }
        finally:
            engine.dispose()

    def close(self) -> None:
        if self.admin is not None:
            quote = self.admin.dialect.identifier_preparer.quote
            with self.admin.connect() as conn:
                conn.execute(text(f"DROP DATABASE IF EXISTS {quote(self.case_name)} WITH (FORCE)"))
            self.admin.dispose()


def changed_tables(before: Snapshot, after: Snapshot) -> list[str]:
    return [table for table in before if before[table] != after.get(table)]
