"""Lint, formatting and types are checked as part of the test suite."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=REPO, capture_output=True, text=True, check=False
    )


def test_ruff_lint() -> None:
    result = _run("ruff", "check", "src", "tests", "migrations", "benchmarks")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format() -> None:
    result = _run("ruff", "format", "--check", "src", "tests", "migrations", "benchmarks")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict() -> None:
    result = _run("mypy")
    assert result.returncode == 0, result.stdout + result.stderr


def test_analysis_never_imports_the_store() -> None:
    analysis = REPO / "src" / "uxlab" / "analysis"
    offenders = [
        str(path.relative_to(REPO))
        for path in analysis.rglob("*.py")
        if any(
            word in path.read_text("utf-8") for word in ("uxlab.store", "from ..store", "uxlab.cli")
        )
    ]
    assert offenders == []
