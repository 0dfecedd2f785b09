"""Scale and speed, each figure beside its baseline and goal, measured in one run.

    python benchmarks/run.py [--events 1000000] [--growth 10000,100000,1000000]
                             [--postgres postgresql://user@host/postgres]

Every command runs in a fresh process, as a user runs it (with compiled bytecode, as an
installed uxlab has); its peak memory is its own maximum resident set. Figures, on SQLite and,
with --postgres (a server where databases may be created), on PostgreSQL too:
- import of N events from JSONL (goal ≤ 90 s for a million), with peak memory, beside a plain
  load of the same lines with no checks (json.loads, one executemany);
- `uxlab analyze --json` on N events against one plain Python pass over the stored events
  (`SELECT * FROM event`, fetchall, with stdlib sqlite3 or psycopg): goal ≤ 3×, peak ≤ 600 MB;
- `uxlab log` against `python -c "import sqlalchemy.orm, click"` (with `, psycopg` on
  PostgreSQL): goal ≤ 1.5×;
- `uxlab --help` against `python -c "import click"`: goal ≤ 3×;
- the report against the analysis for a 50-participant study;
- growth: import and analysis at each size of --growth, with the cost of each further 100k
  events, which stays flat when cost grows linearly.
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from scratch_databases import ScratchDatabases  # beside this script

import uxlab
from uxlab.demo.generate import demo_events
from uxlab.exchange.jsonl import format_line

EVENTS_PER_PARTICIPANT = 50  # the demo's sessions have about this many events
PEAK = (
    "import resource, runpy, sys\n"
    "sys.argv = sys.argv[1:]\n"
    "try:\n"
    "    runpy.run_module(sys.argv[0], run_name='__main__')\n"
    "except SystemExit as exit:\n"
    "    code = exit.code\n"
    "else:\n"
    "    code = 0\n"
    "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
    "sys.exit(code)\n"
)
# The floor of an import: each line read with json.loads and its event row written by a plain
# executemany into a table like `event` (same columns, key and indexes), with no checks, no
# sessions and nothing derived. A fresh store's `event` on SQLite (stdlib sqlite3 leaves foreign
# keys off); a temporary copy of it on PostgreSQL.
_ROWS = (
    "rows = ((e['id'], e['session'], e['type'], e['task'], e['at'], 0.0, e['author'], "
    "json.dumps(e['data'])) for e in map(json.loads, open(sys.argv[2], encoding='utf-8')))\n"
)
PLAIN_LOAD = {
    "sqlite": "import json, sqlite3, sys\n" + _ROWS + "db = sqlite3.connect(sys.argv[1])\n"
    "with db:\n"
    "    db.executemany('INSERT INTO event VALUES (?, ?, ?, ?, ?, ?, ?, ?)', rows)\n",
    "postgresql": "import json, psycopg, sys\n"
    + _ROWS
    + "with psycopg.connect(sys.argv[1]) as db:\n"
    "    db.execute('CREATE TEMPORARY TABLE plain (LIKE event INCLUDING ALL)')\n"
    "    db.cursor().executemany("
    "'INSERT INTO plain VALUES (%s, %s, %s, %s, %s, %s, %s, %s)', rows)\n",
}
# The floor of `uxlab log`: importing its own stack, the database driver included (sqlite3 is
# part of Python; psycopg is not, and adds about a quarter to the floor).
STACK = {"sqlite": "sqlalchemy.orm, click", "postgresql": "sqlalchemy.orm, click, psycopg"}
PLAIN_PASS = {
    "sqlite": "import sqlite3, sys; "
    "sqlite3.connect(sys.argv[1]).execute('SELECT * FROM event').fetchall()",
    "postgresql": "import psycopg, sys; "
    "psycopg.connect(sys.argv[1]).execute('SELECT * FROM event').fetchall()",
}


def measured(args: list[str], cwd: Path) -> tuple[float, float]:
    """Wall time in seconds and peak memory in MB of a Python module run in a fresh process."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", PEAK, *args], cwd=cwd, capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stderr}")
    return seconds, int(done.stderr.strip().splitlines()[-1]) / 1024


def walls(first: list[str], second: list[str], runs: int = 9) -> tuple[float, float]:
    """Median wall times of two commands, run in turn so that the machine's load, which drifts,
    weighs on both alike; one warm-up run each."""
    times: tuple[list[float], list[float]] = ([], [])
    for turn in range(runs + 1):
        for command, seen in zip((first, second), times, strict=True):
            start = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True)
            if turn:
                seen.append(time.perf_counter() - start)
    return statistics.median(times[0]), statistics.median(times[1])


def uxlab_cli(*args: str) -> list[str]:
    return ["uxlab.cli.main", *args]


def run_uxlab(folder: Path, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "uxlab.cli.main", *args],
        cwd=folder,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip()


class Backend:
    """Where the stores of one run live: SQLite files, or databases on a PostgreSQL server."""

    def __init__(self, folder: Path, server: str | None) -> None:
        self.folder = folder
        self.server = server
        self.name = "postgresql" if server else "sqlite"
        self.scratch = ScratchDatabases(server) if server else None

    def new_store(self, label: str) -> str:
        """The --db of a new, initialised store with the demo protocol loaded."""
        if self.scratch is None:
            db = str(self.folder / f"{label}.db")
        else:
            db = self.scratch.create(f"uxlab_bench_{label}")
        run_uxlab(self.folder, "init", "--db", db)
        run_uxlab(self.folder, "protocol", "load", "--db", db, "protocols/checkout-form.yaml")
        return db

    def plain_pass(self, db: str) -> float:
        """One plain Python pass over the stored events."""
        return self._plain(PLAIN_PASS[self.name], db)

    def plain_load(self, jsonl: Path) -> float:
        """The events of `jsonl` loaded into a fresh store with no checks (see PLAIN_LOAD)."""
        return self._plain(PLAIN_LOAD[self.name], self.new_store("plain"), str(jsonl))

    def _plain(self, script: str, db: str, *args: str) -> float:
        target = db if self.server is None else db.replace("+psycopg", "")
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", script, target, *args], check=True)
        return time.perf_counter() - start

    def drop_all(self) -> None:
        if self.scratch is not None:
            self.scratch.drop_all()


def demo_file(folder: Path, events: int) -> tuple[Path, int]:
    """A JSONL file of about `events` demo events (written once per size), and its count."""
    participants = max(2, events // EVENTS_PER_PARTICIPANT)
    jsonl = folder / f"demo-{participants}.jsonl"
    with jsonl.open("w", encoding="utf-8") as sink:
        written = sum(
            sink.write(format_line(item) + "\n") > 0 for item in demo_events(participants)
        )
    return jsonl, written


def row(label: str, value: str, baseline: str, goal: str) -> None:
    print(f"{label:<46} {value:>22} {baseline:>36}   {goal}")


def figures(backend: Backend, files: dict[int, tuple[Path, int]], largest: int) -> None:
    """Every figure of one backend, the growth table last."""
    folder = backend.folder
    growth = []
    for size, (jsonl, written) in sorted(files.items()):
        db = backend.new_store(f"n{size}")
        seconds, peak = measured(uxlab_cli("import", str(jsonl), "--db", db), folder)
        analysis, analysis_peak = measured(
            uxlab_cli("analyze", "checkout-form", "--json", "--db", db), folder
        )
        floor = backend.plain_pass(db)
        growth.append((written, seconds, analysis))
        if size != largest:
            continue
        load = backend.plain_load(jsonl)
        row(
            f"import {written:,} events (JSONL)",
            f"{seconds:.1f} s, {peak:.0f} MB",
            f"plain load {load:.1f} s = {seconds / load:.1f}×",
            "≤ 90 s per million",
        )
        row(
            f"analyze --json, {written:,} events",
            f"{analysis:.2f} s, {analysis_peak:.0f} MB",
            f"plain pass {floor:.2f} s = {analysis / floor:.2f}×",
            "≤ 3×, ≤ 600 MB",
        )
        session = run_uxlab(
            folder, "session", "start", "checkout-form", "-p", "BENCH", "-v", "A", "--db", db
        )
        log, orm = walls(
            [sys.executable, "-m", "uxlab.cli.main", "log", session, "note", "-n", "x", "--db", db],
            [sys.executable, "-c", f"import {STACK[backend.name]}"],
        )
        row(
            "uxlab log",
            f"{log * 1000:.0f} ms",
            f"import floor {orm * 1000:.0f} ms = {log / orm:.2f}×",
            "≤ 1.5×",
        )
    jsonl, _ = demo_file(folder, 50 * EVENTS_PER_PARTICIPANT)
    db = backend.new_store("report")
    run_uxlab(folder, "import", str(jsonl), "--db", db)
    analysis, _ = measured(uxlab_cli("analyze", "checkout-form", "--json", "--db", db), folder)
    report, _ = measured(
        uxlab_cli("report", "checkout-form", "--out", "r.html", "--force", "--db", db), folder
    )
    row(
        "report, 50 participants",
        f"{report:.2f} s",
        f"analysis {analysis:.2f} s = {report / analysis:.1f}×",
        "",
    )
    print(f"\ngrowth ({backend.name}): each further 100k events costs")
    print("     events   import s  analyze s   import s/100k  analyze s/100k")
    previous: tuple[int, float, float] | None = None
    for written, seconds, analysis in growth:
        more = ""
        if previous is not None:
            added = (written - previous[0]) / 100_000
            more = (
                f"{(seconds - previous[1]) / added:15.2f}{(analysis - previous[2]) / added:16.3f}"
            )
        print(f"  {written:>9,}  {seconds:9.1f}  {analysis:9.2f}{more}")
        previous = (written, seconds, analysis)
    print()


@contextmanager
def backends(folder: Path, server: str | None) -> Iterator[list[Backend]]:
    chosen = [Backend(folder, None)] + ([Backend(folder, server)] if server else [])
    try:
        yield chosen
    finally:
        for backend in chosen:
            backend.drop_all()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--growth", default="10000,100000,1000000")
    parser.add_argument(
        "--postgres",
        metavar="URL",
        default=os.environ.get("UXLAB_BENCH_POSTGRES"),
        help="a PostgreSQL server where databases may be created (or UXLAB_BENCH_POSTGRES)",
    )
    args = parser.parse_args()
    sizes = sorted({int(n) for n in args.growth.split(",") if n} | {args.events})
    # An installed uxlab has its bytecode compiled (pip does it); so does this run.
    compileall.compile_dir(Path(uxlab.__file__).parent, quiet=1)
    with tempfile.TemporaryDirectory() as tmp, backends(Path(tmp), args.postgres) as chosen:
        folder = Path(tmp)
        run_uxlab(folder, "init", "--db", str(folder / "starter.db"))
        files = {size: demo_file(folder, size) for size in sizes}
        for backend in chosen:
            print(f"[{backend.name}]")
            row("figure", "uxlab", "baseline", "goal")
            figures(backend, files, args.events)
        helped, click_floor = walls(
            [sys.executable, "-m", "uxlab.cli.main", "--help"],
            [sys.executable, "-c", "import click"],
        )
        row(
            "uxlab --help",
            f"{helped * 1000:.0f} ms",
            f"import click {click_floor * 1000:.0f} ms = {helped / click_floor:.2f}×",
            "≤ 3×",
        )


if __name__ == "__main__":
    main()
