"""alembic environment for uxlab: uses the connection uxlab hands it, or UXLAB_DB for developers."""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import Connection

from uxlab.store.base import UTCDateTime
from uxlab.store.engine import Store
from uxlab.store.models import Base

config = context.config
target_metadata = Base.metadata


def render_item(kind: str, obj: object, _context: object) -> str | bool:
    # Migrations spell uxlab's column types in plain SQLAlchemy, so that an old migration
    # never changes meaning when uxlab's own types do.
    if kind == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def run_with(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        render_item=render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        run_with(connection)
        return
    store = Store.connect(os.environ.get("UXLAB_DB") or "uxlab-dev.db", create=True)
    with store.connection() as conn, conn.begin():
        run_with(conn)


if context.is_offline_mode():
    raise SystemExit(
        "uxlab migrations run online only: set UXLAB_DB and run `alembic upgrade head`"
    )
run_online()
