"""Running the alembic migrations shipped with uxlab against a store."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory

from uxlab.errors import StoreError, StoreTooNew
from uxlab.shipped import shipped_path
from uxlab.store.derived import rebuild
from uxlab.store.engine import Store
from uxlab.store.revision import SCHEMA_REVISION, SCHEMA_REVISIONS


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(shipped_path("migrations")))
    return config


def head_revisions() -> list[str]:
    return list(ScriptDirectory.from_config(alembic_config()).get_heads())


def upgrade(store: Store, revision: str = "head") -> None:
    _run(store, command.upgrade, revision)


def downgrade(store: Store, revision: str) -> None:
    _run(store, command.downgrade, revision)


def _run(store: Store, step: object, revision: str) -> None:
    config = alembic_config()
    with store.connection() as conn:
        # The SQLite connection itself, outside SQLAlchemy's transactions.
        raw = conn.connection.driver_connection if conn.dialect.name == "sqlite" else None
        if raw is not None:
            # SQLite alters a table by copying it and dropping the old one, and with foreign
            # keys on that drop deletes every row that points at it (ON DELETE CASCADE): off
            # for the migration, checked after it. The pragma only takes effect outside a
            # transaction.
            raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with conn.begin():
                config.attributes["connection"] = conn
                step(config, revision)  # type: ignore[operator]
                if raw is not None and conn.exec_driver_sql("PRAGMA foreign_key_check").first():
                    raise StoreError(f"the migration of {store.display} broke a foreign key")
        finally:
            if raw is not None:
                raw.execute("PRAGMA foreign_keys=ON")


def migrate_to_head(store: Store) -> tuple[str | None, str]:
    """Bring the store to the schema this uxlab needs; returns the revision before and after.

    Under the store's schema lock: of two uxlabs migrating at once, the second reads the
    revision after the first has finished, and has nothing left to do."""
    with store.schema_lock():
        before = store.revision()
        if before is not None and before not in SCHEMA_REVISIONS:
            raise StoreTooNew(store.display, before)
        if before != SCHEMA_REVISION:
            upgrade(store)
            if before is not None and _older(before, DERIVED_ROWS_SINCE):
                rebuild(store)
    return before, SCHEMA_REVISION


# The last revision that added to the rows derived from events (0002 the task attempts, 0003
# the sightings' details, 0004 their recommendations); uxlab rewrites the derived rows of a
# store from before it.
DERIVED_ROWS_SINCE = "0004"


def _older(found: str, than: str) -> bool:
    return SCHEMA_REVISIONS.index(found) < SCHEMA_REVISIONS.index(than)
