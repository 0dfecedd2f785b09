"""Migration 0004: problems and their sightings gain a recommendation, given back to a store
from before it by its events."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import inspect

from tests.cli.test_recording_commands import at, start
from tests.conftest import Cli
from uxlab.store.engine import Store
from uxlab.store.migrate import downgrade, migrate_to_head
from uxlab.store.revision import SCHEMA_REVISION


def recommendation_columns(store: Store) -> list[str]:
    with store.connection() as conn:
        found = inspect(conn)
        return [
            table
            for table in ("problem", "problem_sighting")
            if "recommendation" in {c["name"] for c in found.get_columns(table)}
        ]


def test_down_to_0003_and_up_again_keeps_the_data(
    uxlab: Cli, db_url: str, checkout_protocol: Path
) -> None:
    uxlab("init")
    uxlab("protocol", "load", str(checkout_protocol))
    session = start(uxlab)
    uxlab("log", session, "problem", "--problem", "P1", "--severity", "2", "-n", "hidden",
          "--recommendation", "Show it", "--at", at(3))  # fmt: skip
    before = json.loads(uxlab("problems", "checkout-form", "--json").stdout)
    with Store.connect(db_url) as store:
        assert recommendation_columns(store) == ["problem", "problem_sighting"]
        downgrade(store, "0003")
        assert store.revision() == "0003" and recommendation_columns(store) == []
        assert migrate_to_head(store) == ("0003", SCHEMA_REVISION)
        assert recommendation_columns(store) == ["problem", "problem_sighting"]
    assert json.loads(uxlab("problems", "checkout-form", "--json").stdout) == before
    assert before["problems"][0]["recommendation"] == "Show it"
