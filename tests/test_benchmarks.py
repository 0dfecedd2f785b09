"""The benchmarks run, small, on every CI run, so that their code cannot rot. Their figures are
read by people (see the README); here only that they run and print every figure is checked."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def run(script: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / script), *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_scale_benchmark_prints_every_figure() -> None:
    server = os.environ.get("UXLAB_TEST_POSTGRES_URL")
    out = run("run.py", "--events", "20000", "--growth", "2000,20000", "--postgres", server or "")
    backends = ["sqlite", "postgresql"] if server else ["sqlite"]
    parts = out.split("\n[")
    assert [part.split("]")[0].strip("[") for part in parts] == backends
    for part in parts:
        # About 20,000 events: the demo's sessions, as many as make up the number asked for.
        assert re.search(r"import 2\d,\d{3} events", part), part
        assert re.search(r"analyze --json, 2\d,\d{3} events", part), part
        for figure in ("uxlab log", "report, 50 participants", "growth ("):
            assert figure in part
        growth = part.split("growth (")[1].splitlines()[2:4]
        assert [len(line.split()) for line in growth] == [3, 5]  # 2k events, then 20k and costs
    assert "uxlab --help" in parts[-1]


def test_report_and_logging_benchmarks() -> None:
    assert "HTML report (all of it)" in run(
        "report_speed.py", "--tasks", "3", "--participants", "6"
    )
    out = run("logging_speed.py", "--appends", "30")
    assert "live logger key press to commit" in out and "one-shot append" in out
