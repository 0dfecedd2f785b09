"""How fast the live logger commits a key press, measured in one run.

    python benchmarks/logging_speed.py [--appends 500]

(`uxlab log` in a fresh process, against the import floor of its stack: benchmarks/run.py.)
Prints:
- key-press-to-commit latency of the live logger (its SessionRecorder, p50 and p99) on SQLite;
  goal: p99 at most 5 ms;
- for comparison, one-shot appends (each opens a transaction and rebuilds the author's state).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from uxlab.protocol.validate import read_protocol
from uxlab.recording.events import new_event
from uxlab.recording.times import utc_now
from uxlab.store.appending import append_live
from uxlab.store.engine import Store
from uxlab.store.migrate import migrate_to_head
from uxlab.store.recorder import SessionRecorder
from uxlab.store.sessions import find_session, start_session
from uxlab.store.studies import load_protocol

REPO = Path(__file__).resolve().parents[1]


def timed(action: Callable[[], object], count: int) -> list[float]:
    latencies = []
    for _ in range(count):
        start = time.perf_counter()
        action()
        latencies.append(time.perf_counter() - start)
    return latencies


def report(label: str, latencies: list[float], goal: str) -> None:
    cuts = statistics.quantiles(latencies, n=100)
    print(f"{label:<52} p50 {cuts[49] * 1000:6.2f} ms   p99 {cuts[98] * 1000:6.2f} ms  {goal}")


def prepared_store(folder: Path) -> tuple[str, str]:
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
    parser.add_argument("--appends", type=int, default=500)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        db, session = prepared_store(Path(tmp))
        with Store.open(db) as store:
            recorder = SessionRecorder(store, session, "bench")
            recorder.start_next()
            live = timed(lambda: recorder.record("step"), args.appends)

            def one_shot() -> None:
                with store.writing() as s:
                    visit = find_session(s, session)
                    append_live(s, visit, [new_event("note", utc_now(), "bench", note="b")])

            cold = timed(one_shot, args.appends)
        report(f"live logger key press to commit ({args.appends} steps)", live, "goal p99 <= 5 ms")
        report(f"one-shot append, uxlab log's path ({args.appends} notes)", cold, "")


if __name__ == "__main__":
    main()
