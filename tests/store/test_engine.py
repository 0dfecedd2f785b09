"""Opening stores: URLs, SQLite settings, time zones, schema checks, unreachable servers."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import StatementError

from uxlab.errors import (
    StoreNotInitialised,
    StoreOutdated,
    StoreTooNew,
    StoreUnavailable,
    UxlabError,
)
from uxlab.store.engine import Store
from uxlab.store.migrate import downgrade
from uxlab.store.models import Study
from uxlab.store.revision import SCHEMA_REVISION
from uxlab.store.urls import display_url, store_url


def test_plain_paths_are_sqlite_files(tmp_path: Path) -> None:
    url = store_url("data/x.db")
    assert url.get_backend_name() == "sqlite"
    assert url.database == str(tmp_path / "data" / "x.db")


def test_postgresql_urls_use_psycopg3() -> None:
    assert store_url("postgresql://u@h/db").drivername == "postgresql+psycopg"
    assert store_url("postgres://u@h/db").drivername == "postgresql+psycopg"
    assert store_url("postgresql+psycopg://u@h/db").drivername == "postgresql+psycopg"


def test_passwords_are_masked() -> None:
    shown = display_url(store_url("postgresql://ana:s3cret@db.example:5432/uxlab"))
    assert "s3cret" not in shown
    assert shown == "postgresql+psycopg://ana:***@db.example:5432/uxlab"


def test_bad_url_is_a_clean_error() -> None:
    with pytest.raises(UxlabError, match="not a database URL"):
        store_url("postgresql://u@h:notaport/db")


def test_missing_sqlite_file_is_not_created(tmp_path: Path) -> None:
    with pytest.raises(StoreNotInitialised, match="run `uxlab init`"):
        Store.open(str(tmp_path / "nope.db"))
    assert not (tmp_path / "nope.db").exists()


def test_sqlite_runs_with_wal_foreign_keys_and_busy_timeout(tmp_path: Path) -> None:
    with Store.connect(str(tmp_path / "s.db"), create=True) as store, store.connection() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000


def test_timestamps_are_utc_aware_with_microseconds(store: Store) -> None:
    local = datetime(2026, 11, 22, 11, 15, 3, 123456, tzinfo=timezone(timedelta(hours=1)))
    with store.writing() as session:
        session.add(Study(slug="tz", title="T", created_at=local))
    with store.reading() as session:
        stored = session.scalar(select(Study.created_at).where(Study.slug == "tz"))
    assert stored == datetime(2026, 11, 22, 10, 15, 3, 123456, tzinfo=UTC)
    assert stored is not None and stored.utcoffset() == timedelta(0)


def test_naive_timestamps_are_refused(store: Store) -> None:
    with pytest.raises(StatementError, match="naive datetime"), store.writing() as session:
        session.add(Study(slug="naive", title="T", created_at=datetime(2026, 1, 1)))
        session.flush()


def test_a_failed_write_stores_nothing(store: Store) -> None:
    with pytest.raises(RuntimeError), store.writing() as session:
        session.add(Study(slug="half", title="T"))
        session.flush()
        raise RuntimeError("interrupted")
    with store.reading() as session:
        assert session.scalar(select(Study).where(Study.slug == "half")) is None


def test_empty_database_is_not_initialised(db_url: str) -> None:
    with Store.connect(db_url, create=True) as store, pytest.raises(StoreNotInitialised):
        store.check_schema()


def test_older_schema_asks_for_upgrade(store: Store) -> None:
    downgrade(store, "0001")
    with pytest.raises(
        StoreOutdated,
        match=rf"schema 0001, this uxlab needs {SCHEMA_REVISION}: run `uxlab db upgrade`",
    ):
        store.check_schema()


def test_newer_schema_is_refused(store: Store) -> None:
    with store.connection() as conn, conn.begin():
        conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": "9999"})
    with pytest.raises(StoreTooNew, match="newer uxlab"):
        store.check_schema()


def test_unreachable_server_is_a_clean_error_without_password() -> None:
    url = f"postgresql://ana:s3cret@127.0.0.1:1/{uuid.uuid4().hex}?connect_timeout=3"
    with pytest.raises(StoreUnavailable) as caught:
        Store.open(url)
    assert "cannot open the store at postgresql+psycopg://ana:***@127.0.0.1:1/" in str(caught.value)
    assert "s3cret" not in str(caught.value)


def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreUnavailable, match="file is not a database"):
        Store.open(str(junk))


def test_unparseable_url_does_not_show_its_password() -> None:
    with pytest.raises(UxlabError) as caught:
        store_url("postgresql://ana:s3cret@h:notaport/db")
    assert "s3cret" not in str(caught.value)
    assert "postgresql://ana:***@h:notaport/db" in str(caught.value)
