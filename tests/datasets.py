"""Published usability studies in ../shared/datasets, turned into uxlab inputs by the tests.

The data stay outside the repository; tests that need them skip when the folder is absent.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.conftest import SHARED_DATASETS

OPENSHIFT = SHARED_DATASETS / "openshift-benchmark" / "final-combined-data.csv"

# The OpenShift benchmark (carljpearson/openshift-sum, 2019): 4 tasks, time targets 90, 90,
# 120 and 180 s, version A (group 1) against version B (group 2), between subjects.
OPENSHIFT_PROTOCOL = """\
study: openshift
title: Red Hat OpenShift usability benchmark
design: between
variants:
  A: Version A (group 1)
  B: Version B (group 2)
tasks:
  - {id: t1, title: Task 1, scenario: Benchmark task 1., success: Done, target_time: 90s}
  - {id: t2, title: Task 2, scenario: Benchmark task 2., success: Done, target_time: 90s}
  - {id: t3, title: Task 3, scenario: Benchmark task 3., success: Done, target_time: 2m}
  - {id: t4, title: Task 4, scenario: Benchmark task 4., success: Done, target_time: 3m}
questionnaires: {post_task: [seq], post_session: [sus]}
"""


def require(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is not here (the shared datasets sit beside the repository)")
    return path


def openshift_rows() -> list[dict[str, str]]:
    with require(OPENSHIFT).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def openshift_results_csv(target: Path) -> Path:
    """The benchmark as a uxlab results CSV (outcome 1/0, time in seconds)."""
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["study", "participant", "variant", "task", "outcome", "time_s"])
        for row in openshift_rows():
            variant = {"1": "A", "2": "B"}[row["group"]]
            writer.writerow(
                [
                    "openshift",
                    f"P{int(row['par']):02d}",
                    variant,
                    f"t{row['task']}",
                    row["comp"],
                    row["time"],
                ]
            )
    return target
