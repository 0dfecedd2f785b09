"""The fuzz tests' store: a template built through the command line on the backend of
`db_url`, and a case store reset from it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import POSTGRES_ENV
from tests.fuzz.stores import FuzzStore


@pytest.fixture
def fuzz_store(db_url: str, tmp_path: Path) -> Iterator[FuzzStore]:
    server = os.environ.get(POSTGRES_ENV) if db_url.startswith("postgresql") else None
    store = FuzzStore(db_url, tmp_path / "template", server)
    yield store
    store.close()
