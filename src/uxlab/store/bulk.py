"""Rows gathered across many sessions and written together, table by table."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Table, insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from uxlab.store.base import Base
from uxlab.store.models import Event, Response, TaskAttemptRow

# Parents before children: responses point at events.
ORDER: tuple[type[Base], ...] = (Event, TaskAttemptRow, Response)


class RowBuffer:
    """Rows for bulk inserts; `flush` writes them in foreign-key order and empties the buffer.
    Every row of a table has the same keys, and gives every column without a server default."""

    def __init__(self) -> None:
        self.rows: dict[type[Base], list[dict[str, Any]]] = {model: [] for model in ORDER}

    def add(self, model: type[Base], rows: list[dict[str, Any]]) -> None:
        self.rows[model].extend(rows)

    def flush(self, db: Session) -> None:
        postgresql = db.get_bind().dialect.name == "postgresql"
        for model in ORDER:
            rows = self.rows[model]
            if not rows:
                continue
            table = model.__table__
            assert isinstance(table, Table)
            if postgresql:
                _copy(db, table, rows)
            else:
                # A Core insert (one executemany): the ORM's bulk layer adds nothing here.
                db.execute(insert(table), rows)
            self.rows[model] = []


def _copy(db: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """PostgreSQL's COPY, in the session's transaction: half the time of an executemany, which
    psycopg sends as one INSERT a row."""
    from psycopg import errors, sql
    from psycopg.types.json import Json

    columns = list(rows[0])
    json = {name for name in columns if isinstance(table.c[name].type, JSON)}
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table.name), sql.SQL(", ").join(map(sql.Identifier, columns))
    )
    driver = db.connection().connection.driver_connection
    assert driver is not None
    try:
        with driver.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row([Json(row[c]) if c in json else row[c] for c in columns])
    except errors.IntegrityError as exc:
        # As SQLAlchemy reports it for an INSERT, so that callers handle one error type.
        raise IntegrityError(statement.as_string(driver), None, exc) from exc
