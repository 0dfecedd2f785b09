"""Opening a store: URL rules, SQLite pragmas, transactions, and the schema check."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import msgspec
from sqlalchemy import (
    Column,
    Engine,
    MetaData,
    String,
    Table,
    create_engine,
    event,
    func,
    select,
)
from sqlalchemy.engine import URL, Connection
from sqlalchemy.exc import DBAPIError, NoSuchModuleError
from sqlalchemy.orm import Session

from uxlab.errors import (
    StoredDataInvalid,
    StoreNotInitialised,
    StoreOutdated,
    StoreTooNew,
    StoreUnavailable,
    UxlabError,
)
from uxlab.store.revision import SCHEMA_REVISION, SCHEMA_REVISIONS
from uxlab.store.urls import display_url, mask_secrets, store_url

SQLITE_BUSY_TIMEOUT_MS = 10_000

# Keys of PostgreSQL advisory locks ("uxlab" in ASCII and a number, the same in every uxlab):
# creating or migrating the schema, and writing imported studies, sessions and participants.
# SQLite needs neither: its writers queue for the one write lock (BEGIN IMMEDIATE).
SCHEMA_LOCK = 0x75786C6162_01
IMPORT_LOCK = 0x75786C6162_02

# Read with a plain Table so that checking the schema does not need to import alembic.
_alembic_version = Table("alembic_version", MetaData(), Column("version_num", String(32)))


def _sqlite_on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    # uxlab issues BEGIN itself (see _sqlite_on_begin), so that DDL is transactional too.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    # FULL: a committed event survives a power cut, not only a crash of uxlab.
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()


def _sqlite_on_begin(connection: Connection) -> None:
    # Writers take the write lock up front, so two writers queue on busy_timeout instead of
    # failing with "database is locked" when a read transaction tries to turn into a write.
    mode = " IMMEDIATE" if connection.get_execution_options().get("uxlab_write") else ""
    connection.exec_driver_sql(f"BEGIN{mode}")


def read_json(text: str | bytes) -> Any:
    """Stored JSON, read strictly: what uxlab would not write (a lone surrogate, NaN) is refused
    where it is read, rather than carried into an export, a sync or a report."""
    try:
        return msgspec.json.decode(text)
    except msgspec.DecodeError:
        raise StoredDataInvalid("JSON data", "it is not strict UTF-8 JSON") from None


class Store:
    """A uxlab store behind a URL: one engine, sessions for reading and for writing."""

    def __init__(self, url: URL, engine: Engine) -> None:
        self.url = url
        self.engine = engine

    @property
    def display(self) -> str:
        return display_url(self.url)

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @classmethod
    def connect(cls, raw_url: str, *, create: bool = False) -> Store:
        """Open the store at `raw_url`; an SQLite file must exist unless `create` is set."""
        url = store_url(raw_url)
        kwargs: dict[str, Any] = {"json_deserializer": read_json}
        if url.get_backend_name() == "sqlite":
            path = Path(url.database or "")
            if url.database in (None, "", ":memory:"):
                raise UxlabError("uxlab needs an SQLite file, not an in-memory database")
            if not path.exists():
                if not create:
                    raise StoreNotInitialised(display_url(url))
                try:
                    path.parent.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise StoreUnavailable(display_url(url), exc.strerror or str(exc)) from None
        else:
            kwargs["pool_pre_ping"] = True
        try:
            engine = create_engine(url, **kwargs)
        except (NoSuchModuleError, ImportError) as exc:
            hint = " (install uxlab[postgres])" if url.get_backend_name() == "postgresql" else ""
            reason = mask_secrets(f"no driver: {exc}{hint}", url)
            raise StoreUnavailable(display_url(url), reason) from None
        if url.get_backend_name() == "sqlite":
            event.listen(engine, "connect", _sqlite_on_connect)
            event.listen(engine, "begin", _sqlite_on_begin)
        return cls(url, engine)

    @classmethod
    def open(cls, raw_url: str) -> Store:
        """Open an existing store whose schema matches this uxlab, or raise why not."""
        store = cls.connect(raw_url)
        store.check_schema()
        return store

    def revision(self) -> str | None:
        """The store's schema revision, or None for an empty database."""
        with self.connection() as conn:
            if not self.engine.dialect.has_table(conn, _alembic_version.name):
                return None
            return conn.execute(select(_alembic_version.c.version_num)).scalar()

    def check_schema(self) -> None:
        found = self.revision()
        if found is None:
            raise StoreNotInitialised(self.display)
        if found == SCHEMA_REVISION:
            return
        if found in SCHEMA_REVISIONS:
            raise StoreOutdated(self.display, found, SCHEMA_REVISION)
        raise StoreTooNew(self.display, found)

    @contextmanager
    def connection(self) -> Iterator[Connection]:
        """A connection; failing to connect (or to read the SQLite file) is StoreUnavailable."""
        try:
            conn = self.engine.connect()
        except DBAPIError as exc:
            reason = mask_secrets(_first_line(exc.orig), self.url)
            raise StoreUnavailable(self.display, reason) from None
        with conn:
            yield conn

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with self.connection() as conn, Session(bind=conn) as session:
            yield session

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back entirely on any error."""
        with self.connection() as conn:
            conn = conn.execution_options(uxlab_write=True)
            # Objects stay readable after the commit: commands print what they just stored.
            with Session(bind=conn, expire_on_commit=False) as session, session.begin():
                yield session

    @contextmanager
    def schema_lock(self) -> Iterator[None]:
        """The block holds the store's schema lock: two uxlabs creating or migrating one
        PostgreSQL database take turns, and the second finds the schema the first made."""
        if self.is_sqlite:
            yield
            return
        with self.connection() as conn:
            # A session-level lock, held across the several transactions of a migration.
            conn.execute(select(func.pg_advisory_lock(SCHEMA_LOCK)))
            conn.commit()
            try:
                yield
            finally:
                conn.execute(select(func.pg_advisory_unlock(SCHEMA_LOCK)))
                conn.commit()

    def dispose(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.dispose()


def serialize_imports(db: Session) -> None:
    """Wait until no other transaction is importing into this PostgreSQL store, and keep the
    others waiting until this one ends.

    An import decides from what it reads whether a study, participant or session is new; two
    imports of one file would both decide "new" and the second would fail on the unique keys.
    Taking turns, the second reads (READ COMMITTED: every statement sees what committed before
    it) what the first stored and skips it, through the same rules as any repeated import."""
    if db.get_bind().dialect.name == "postgresql":
        db.execute(select(func.pg_advisory_xact_lock(IMPORT_LOCK)))


def _first_line(error: BaseException | None) -> str:
    text = str(error).strip() if error is not None else ""
    return text.splitlines()[0] if text else type(error).__name__
