"""Scale and speed, each figure beside its baseline and goal, measured in one run.

    python benchmarks/run.py [--events 1000000] [--growth 10000,100000,1000000]

Every command runs in a fresh process, as a user runs it; its peak memory is its own maximum
resident set. Figures:
- import of N events from JSONL (goal ≤ 90 s for a million), with peak memory;
- `uxlab analyze --json` on N events against one plain Python pass over the stored events
  (stdlib sqlite3, SELECT * FROM event, fetchall): goal ≤ 3×, peak ≤ 600 MB;
- `uxlab log` against `python -c "import sqlalchemy.orm, click"`: goal ≤ 1.5×;
- `uxlab --help` against `python -c "import click"`: goal ≤ 3×;
- the report against the analysis for a 50-participant study;
- growth: the analysis at each size of --growth, to show that its cost grows linearly.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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


def wall(command: list[str], runs: int = 7) -> float:
    times = []
    for _ in range(runs + 1):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return sorted(times[1:])[runs // 2]  # the median, after a warm-up


def uxlab(*args: str) -> list[str]:
    return ["uxlab.cli.main", *args]


def study(folder: Path, events: int) -> tuple[Path, Path, int]:
    """A store holding about `events` demo events, and the JSONL they were imported from."""
    participants = max(2, events // EVENTS_PER_PARTICIPANT)
    jsonl = folder / f"demo-{participants}.jsonl"
    with jsonl.open("w", encoding="utf-8") as sink:
        written = sum(
            sink.write(format_line(item) + "\n") > 0 for item in demo_events(participants)
        )
    db = folder / f"demo-{participants}.db"
    subprocess.run(
        [sys.executable, "-m", "uxlab.cli.main", "init", "--db", str(db)],
        cwd=folder,
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "uxlab.cli.main",
            "protocol",
            "load",
            "--db",
            str(db),
            "protocols/checkout-form.yaml",
        ],
        cwd=folder,
        check=True,
        capture_output=True,
    )
    return db, jsonl, written


def row(label: str, value: str, baseline: str, goal: str) -> None:
    print(f"{label:<46} {value:>22} {baseline:>26}   {goal}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--growth", default="10000,100000,1000000")
    args = parser.parse_args()
    sizes = sorted({int(n) for n in args.growth.split(",") if n} | {args.events})
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        subprocess.run(
            [sys.executable, "-m", "uxlab.cli.main", "init", "--db", str(folder / "starter.db")],
            cwd=folder,
            check=True,
            capture_output=True,
        )
        row("figure", "uxlab", "baseline", "goal")
        growth = []
        for size in sizes:
            db, jsonl, written = study(folder, size)
            seconds, peak = measured(uxlab("import", str(jsonl), "--db", str(db)), folder)
            analysis, analysis_peak = measured(
                uxlab("analyze", "checkout-form", "--json", "--db", str(db)), folder
            )
            start = time.perf_counter()
            subprocess.run(
                [
                    sys.executable,
                    "-c",
                    "import sqlite3, sys; sqlite3.connect("
                    "sys.argv[1]).execute('SELECT * FROM event').fetchall()",
                    str(db),
                ],
                check=True,
            )
            floor = time.perf_counter() - start
            growth.append((written, seconds, analysis, floor))
            if size == args.events:
                row(
                    f"import {written:,} events (JSONL)",
                    f"{seconds:.1f} s, {peak:.0f} MB",
                    "",
                    "≤ 90 s per million",
                )
                row(
                    f"analyze --json, {written:,} events",
                    f"{analysis:.2f} s, {analysis_peak:.0f} MB",
                    f"plain pass {floor:.2f} s = {analysis / floor:.2f}×",
                    "≤ 3×, ≤ 600 MB",
                )
                session = subprocess.run(
                    [
                        sys.executable,
                        "-m",
                        "uxlab.cli.main",
                        "session",
                        "start",
                        "checkout-form",
                        "-p",
                        "BENCH",
                        "-v",
                        "A",
                        "--db",
                        str(db),
                    ],
                    cwd=folder,
                    check=True,
                    capture_output=True,
                    text=True,
                ).stdout.strip()
                log = wall(
                    [
                        sys.executable,
                        "-m",
                        "uxlab.cli.main",
                        "log",
                        session,
                        "note",
                        "-n",
                        "x",
                        "--db",
                        str(db),
                    ]
                )
                orm = wall([sys.executable, "-c", "import sqlalchemy.orm, click"])
                row(
                    "uxlab log",
                    f"{log * 1000:.0f} ms",
                    f"import floor {orm * 1000:.0f} ms = {log / orm:.2f}×",
                    "≤ 1.5×",
                )
        helped = wall([sys.executable, "-m", "uxlab.cli.main", "--help"])
        click_floor = wall([sys.executable, "-c", "import click"])
        row(
            "uxlab --help",
            f"{helped * 1000:.0f} ms",
            f"import click {click_floor * 1000:.0f} ms = {helped / click_floor:.2f}×",
            "≤ 3×",
        )
        db, _jsonl, written = study(folder, 50 * EVENTS_PER_PARTICIPANT)
        subprocess.run(
            [sys.executable, "-m", "uxlab.cli.main", "import", str(_jsonl), "--db", str(db)],
            cwd=folder,
            check=True,
            capture_output=True,
        )
        analysis, _ = measured(uxlab("analyze", "checkout-form", "--json", "--db", str(db)), folder)
        report, _ = measured(
            uxlab("report", "checkout-form", "--out", "r.html", "--db", str(db)), folder
        )
        row(
            "report, 50 participants",
            f"{report:.2f} s",
            f"analysis {analysis:.2f} s = {report / analysis:.1f}×",
            "",
        )
        print("\ngrowth: events, import s, analyze s, plain pass s, analyze s per 100k events")
        for written, seconds, analysis, floor in growth:
            print(
                f"  {written:>9,}  {seconds:8.1f}  {analysis:8.2f}  {floor:8.2f}  "
                f"{analysis / written * 100_000:8.2f}"
            )


if __name__ == "__main__":
    main()
