"""A short run of benchmarks/concurrency.py on both backends, so that the load test cannot rot
and the 0-lost figure is checked on every CI run."""

from __future__ import annotations

from benchmarks.concurrency import run


def test_concurrent_moderators_lose_nothing(db_url: str) -> None:
    backend = "postgresql" if "://" in db_url else "sqlite"
    processes = 8 if backend == "postgresql" else 4
    result = run(db_url, backend, processes, 12)
    assert (result.lost, result.extra, result.errors) == (0, 0, 0)
    assert result.stored == processes * 13
