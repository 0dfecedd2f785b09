"""How fast logging is, against the floor of its own stack, measured in one run.

    python benchmarks/logging_speed.py [--runs 15] [--appends 300]

Prints:
- `uxlab log` wall time (one note into an SQLite store, a fresh process each time) beside
  `python -c "import sqlalchemy.orm, click"`; goal: at most 1.5x that floor;
- append-to-commit latency inside one process (p50, p99) on SQLite; goal: p99 at most 5 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from uxlab.recording.events import new_event
from uxlab.recording.times import utc_now
from uxlab.store.engine import Store
from uxlab.store.events import append_event
from uxlab.store.migrate import migrate_to_head
from uxlab.store.sessions import find_session, start_session
from uxlab.store.studies import load_protocol

REPO = Path(__file__).resolve().parents[1]


def wall(command: list[str], runs: int, env: dict[str, str]) -> float:
    """Median wall time of a command in seconds, after one warm-up run."""
    subprocess.run(command, check=True, capture_output=True, env=env)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def prepared_store(folder: Path) -> tuple[str, str]:
    from uxlab.protocol.validate import read_protocol

    db = str(folder / "bench.db")
    with Store.connect(db, create=True) as store:
        migrate_to_head(store)
        protocol, text = read_protocol(REPO / "protocols" / "checkout-form.yaml")
        with store.writing() as s:
            load_protocol(s, protocol, text, None)
            visit = start_session(s, "checkout-form", "P01", ["A"], "bench", utc_now())
            session = str(visit.id)
    return db, session


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--appends", type=int, default=300)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        db, session = prepared_store(Path(tmp))
        env = {**os.environ, "UXLAB_DB": db}
        floor = wall([sys.executable, "-c", "import sqlalchemy.orm, click"], args.runs, env)
        uxlab = [sys.executable, "-m", "uxlab.cli.main"]
        log = wall([*uxlab, "log", session, "note", "--note", "bench"], args.runs, env)
        print(f"import floor (sqlalchemy.orm, click)   {floor * 1000:7.1f} ms")
        print(
            f"uxlab log note                         {log * 1000:7.1f} ms"
            f"   {log / floor:4.2f}x floor (goal <= 1.50x)"
        )

        latencies = []
        with Store.open(db) as store:
            for _ in range(args.appends):
                start = time.perf_counter()
                with store.writing() as s:
                    visit = find_session(s, session)
                    append_event(s, visit, new_event("note", utc_now(), "bench", note="bench"))
                latencies.append(time.perf_counter() - start)
        cuts = statistics.quantiles(latencies, n=100)
        print(
            f"append-to-commit, SQLite, {args.appends} events in one session"
            f"   p50 {cuts[49] * 1000:5.2f} ms   p99 {cuts[98] * 1000:5.2f} ms (goal p99 <= 5 ms)"
        )


if __name__ == "__main__":
    main()
