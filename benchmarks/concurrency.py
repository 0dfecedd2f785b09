"""Several moderators logging into one store at once: nothing lost, nothing doubled.

    python benchmarks/concurrency.py [--events 200] [--postgres URL]

Runs 4 processes against one SQLite store (WAL) and, with --postgres, 8 against one empty
PostgreSQL database, every process logging its own session through the same code
path as `uxlab log`. Prints events per second, and counts of lost and extra events and of
errors such as "database is locked" (all must be 0). Bounded in count; local sockets only.
"""

from __future__ import annotations

import argparse
import multiprocessing
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from uxlab.protocol.validate import read_protocol
from uxlab.recording.events import new_event
from uxlab.recording.times import utc_now
from uxlab.shipped import starter_protocol
from uxlab.store.appending import append_live
from uxlab.store.engine import Store
from uxlab.store.migrate import migrate_to_head
from uxlab.store.models import Event
from uxlab.store.sessions import find_session, start_session
from uxlab.store.studies import load_protocol


@dataclass(frozen=True)
class LoadResult:
    backend: str
    processes: int
    committed: int  # events the workers saw committed, session starts included
    stored: int
    lost: int  # committed events missing from the store
    errors: int  # appends that raised, e.g. "database is locked"
    seconds: float

    @property
    def extra(self) -> int:
        """Stored events nobody committed: a double insert would show here."""
        return self.stored - self.committed

    def line(self) -> str:
        return (
            f"{self.backend:<10} {self.processes} processes  {self.stored:6d} events  "
            f"{self.stored / self.seconds:7.0f} events/s  lost {self.lost}  "
            f"extra {self.extra}  errors {self.errors}"
        )


def _worker(url: str, participant: str, events: int) -> tuple[list[str], int]:
    """Log one session; returns the ids committed and how many appends raised."""
    committed, errors = [], 0
    with Store.open(url) as store:
        with store.writing() as s:
            visit = start_session(s, "checkout-form", participant, ["A"], participant, utc_now())
            session = str(visit.id)
        plan = ["task_start"] + ["step"] * (events - 2) + ["task_end"]
        for kind in plan:
            try:
                with store.writing() as s:
                    visit = find_session(s, session)
                    task = "guest-checkout" if kind == "task_start" else None
                    outcome = "success" if kind == "task_end" else None
                    event = new_event(kind, utc_now(), participant, task, outcome=outcome)
                    appended = append_live(s, visit, [event])
                committed.append(str(appended.events[0].id))
            except Exception:  # every failure counts; none may happen
                errors += 1
    return committed, errors


def prepare(url: str) -> None:
    with Store.connect(url, create=True) as store:
        migrate_to_head(store)
        protocol, text = read_protocol(starter_protocol())
        with store.writing() as s:
            load_protocol(s, protocol, text, None)


def run(url: str, backend: str, processes: int, events: int) -> LoadResult:
    """Load an empty database: `processes` sessions logged at once, `events` events each."""
    prepare(url)
    context = multiprocessing.get_context("spawn")
    start = time.perf_counter()
    with context.Pool(processes) as pool:
        results = pool.starmap(
            _worker, [(url, f"L{uuid.uuid4().hex[:6]}", events) for _ in range(processes)]
        )
    seconds = time.perf_counter() - start
    committed = [uuid.UUID(i) for ids, _ in results for i in ids]
    with Store.open(url) as store, store.reading() as s:
        stored = s.scalar(select(func.count()).select_from(Event)) or 0
        present = set(s.scalars(select(Event.id).where(Event.id.in_(committed))))
    return LoadResult(
        backend,
        processes,
        len(committed) + processes,
        stored,
        len(set(committed) - present),
        sum(e for _, e in results),
        seconds,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=200, help="Events per process.")
    parser.add_argument(
        "--postgres",
        metavar="URL",
        help="An empty PostgreSQL database to load (it is migrated first).",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        print(run(str(Path(tmp) / "load.db"), "sqlite", 4, args.events).line())
    if args.postgres:
        print(run(args.postgres, "postgresql", 8, args.events).line())
    else:
        print("postgresql skipped: give --postgres URL of an empty database")


if __name__ == "__main__":
    main()
