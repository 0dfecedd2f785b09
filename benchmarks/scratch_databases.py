"""Throwaway PostgreSQL databases on a server where the user may create them, for the
benchmarks and the test suite."""

from __future__ import annotations

import uuid

from sqlalchemy import create_engine, text

from uxlab.store.urls import store_url


class ScratchDatabases:
    """Creates databases on `server` (a URL uxlab accepts) and drops every one of them."""

    def __init__(self, server: str) -> None:
        self.server = server
        self.admin = create_engine(store_url(server), isolation_level="AUTOCOMMIT")
        self.created: list[str] = []

    def create(self, prefix: str) -> str:
        """A new empty database; its URL, password included, as uxlab's --db takes it."""
        name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        with self.admin.connect() as conn:
            conn.execute(text(f"CREATE DATABASE {self._quote(name)}"))
        self.created.append(name)
        return store_url(self.server).set(database=name).render_as_string(hide_password=False)

    def drop_all(self) -> None:
        with self.admin.connect() as conn:
            for name in self.created:
                conn.execute(text(f"DROP DATABASE IF EXISTS {self._quote(name)} WITH (FORCE)"))
        self.created = []
        self.admin.dispose()

    def _quote(self, name: str) -> str:
        return self.admin.dialect.identifier_preparer.quote(name)
