"""Report time against analysis time, in one run: 20 tasks x 2 variants x 50 participants.

    python benchmarks/report_speed.py [--tasks 20] [--participants 50]

Goal: the HTML report (analysis, charts, rendering) in at most 5 s on the project's machine.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from uxlab.analysis.study import analyze_study
from uxlab.cli.report import write_report
from uxlab.exchange.results_csv import results_events
from uxlab.protocol.validate import parse_protocol
from uxlab.store.analysis_data import study_data
from uxlab.store.engine import Store
from uxlab.store.importing import import_events
from uxlab.store.migrate import migrate_to_head
from uxlab.store.studies import load_protocol, protocol_version


def protocol_text(tasks: int) -> str:
    lines = [
        "study: bench",
        "title: Report benchmark",
        "design: between",
        "variants: {A: Current, B: Redesign}",
        "tasks:",
    ]
    lines += [
        f"  - {{id: t{i}, title: Task {i}, scenario: Do task {i}., success: Done, "
        f"target_time: 60s}}"
        for i in range(1, tasks + 1)
    ]
    lines.append("questionnaires: {post_task: [seq], post_session: [sus]}")
    return "\n".join(lines) + "\n"


def rows(tasks: int, participants: int) -> list[tuple[int, dict[str, str | None]]]:
    rng = random.Random(7)
    found: list[tuple[int, dict[str, str | None]]] = []
    for person in range(1, participants + 1):
        variant = "AB"[person % 2]
        sus = {f"sus_{i}": str(rng.randint(1, 5)) for i in range(1, 11)}
        for task in range(1, tasks + 1):
            success = rng.random() < (0.8 if variant == "B" else 0.65)
            found.append(
                (
                    len(found) + 2,
                    {
                        "study": "bench",
                        "participant": f"P{person:03d}",
                        "variant": variant,
                        "task": f"t{task}",
                        "outcome": "1" if success else "0",
                        "time_s": f"{rng.lognormvariate(4, 0.5):.1f}",
                        "errors": str(rng.randint(0, 3)),
                        "seq": str(rng.randint(1, 7)),
                        **sus,
                    },
                )
            )
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=20)
    parser.add_argument("--participants", type=int, default=50)
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory() as tmp,
        Store.connect(f"{tmp}/bench.db", create=True) as store,
    ):
        migrate_to_head(store)
        text = protocol_text(args.tasks)
        columns = [
            "study",
            "participant",
            "variant",
            "task",
            "outcome",
            "time_s",
            "errors",
            "seq",
            *(f"sus_{i}" for i in range(1, 11)),
        ]
        with store.writing() as s:
            load_protocol(s, parse_protocol(text, "bench.yaml"), text, None)
            events = results_events(
                rows(args.tasks, args.participants),
                columns,
                lambda _session: datetime(2026, 11, 1, tzinfo=UTC),
            )
            summary = import_events(s, "bench", events)
        start = time.perf_counter()
        with store.reading() as s:
            definition = protocol_version(s, "bench").definition
            analyze_study(definition, study_data(s, "bench", ["A", "B"]))
        analysis = time.perf_counter() - start
        start = time.perf_counter()
        write_report(
            store, "bench", Path(tmp) / "report.html", 0.95, "successful", "bench", force=False
        )
        report = time.perf_counter() - start
    print(
        f"{args.tasks} tasks x 2 variants x {args.participants} participants "
        f"({summary.events} events)"
    )
    print(f"analysis                {analysis:6.2f} s")
    print(
        f"HTML report (all of it) {report:6.2f} s   {report / analysis:5.1f}x the analysis "
        f"(goal: report <= 5 s)"
    )


if __name__ == "__main__":
    main()
