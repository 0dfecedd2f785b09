"""A large import leaves PostgreSQL with planner statistics for the rows it wrote."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from tests.conftest import Cli
from uxlab.demo.generate import demo_events
from uxlab.store import importing
from uxlab.store.engine import Store


def test_a_large_import_refreshes_postgresql_statistics(
    uxlab: Cli, checkout_protocol: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    uxlab("init")
    uxlab("protocol", "load", str(checkout_protocol))
    monkeypatch.setattr(importing, "ANALYZE_AFTER", 100)
    with Store.open(uxlab.db) as store:
        with store.writing() as db:
            summary = importing.import_events(db, "demo", enumerate(demo_events(4), start=1))
        assert summary.events > 100
        with store.reading() as db:
            if store.is_sqlite:
                # SQLite plans well without statistics: the import leaves it none to go stale.
                stats = text("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
                assert db.scalar(stats) == 0
                return
            # A table never analysed has reltuples -1 (PostgreSQL 14 and later).
            query = text("SELECT reltuples FROM pg_class WHERE relname = 'event'")
            assert db.scalar(query) == summary.events
