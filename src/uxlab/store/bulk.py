"""Rows gathered across many sessions and written with one statement per table."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session

from uxlab.store.base import Base
from uxlab.store.models import Event, Response, TaskAttemptRow

# Parents before children: responses point at events.
ORDER: tuple[type[Base], ...] = (Event, TaskAttemptRow, Response)


class RowBuffer:
    """Rows for bulk inserts; `flush` writes them in foreign-key order and empties the buffer."""

    def __init__(self) -> None:
        self.rows: dict[type[Base], list[dict[str, Any]]] = {model: [] for model in ORDER}

    def add(self, model: type[Base], rows: list[dict[str, Any]]) -> None:
        self.rows[model].extend(rows)

    def flush(self, db: Session) -> None:
        for model in ORDER:
            if self.rows[model]:
                # A Core insert of the table: the ORM's bulk layer adds nothing for plain rows.
                table = model.__table__
                assert isinstance(table, Table)
                db.execute(insert(table), self.rows[model])
                self.rows[model] = []
