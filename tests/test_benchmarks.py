"""The benchmarks run, small, on every CI run, so that their code cannot rot. Their figures are
read by people (see the README); here only that they run and print every figure is checked."""

from __future__ import annotations

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
    out = run("run.py", "--events", "3000", "--growth", "1000,3000")
    for figure in (
        "import 3,0",
        "analyze --json, 3,0",
        "uxlab log",
        "uxlab --help",
        "report, 50 participants",
        "growth:",
    ):
        assert figure in out
    assert out.count("\n  ") == 2  # two growth rows


def test_report_and_logging_benchmarks() -> None:
    assert "HTML report (all of it)" in run(
        "report_speed.py", "--tasks", "3", "--participants", "6"
    )
    out = run("logging_speed.py", "--runs", "2", "--appends", "30")
    assert "live logger key press to commit" in out and "uxlab log note" in out
