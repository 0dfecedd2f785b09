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


SIDABI = SHARED_DATASETS / "sidabi-sus" / "usability-db-en.csv"
LEWIS = SHARED_DATASETS / "lewis2001-problems" / "problem-matrix.csv"

SUS_PROTOCOL = """\
study: sidabi
title: SIDABI system SUS evaluation
design: between
variants: {current: The SIDABI system}
tasks:
  - {id: explore, title: Use the system, scenario: Use SIDABI as usual., success: Done}
questionnaires: {post_session: [sus]}
"""

PROBLEMS_PROTOCOL = """\
study: lewis
title: Lewis (2001) problem discovery data
design: between
variants: {only: The evaluated product}
tasks:
  - {id: all, title: All tasks, scenario: The evaluation's tasks., success: Done}
"""


def sidabi_answers() -> list[list[int]]:
    """Each respondent's ten SUS answers, in the standard item order."""
    with require(SIDABI).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))[1:]
    return [[int(value) for value in row[4:14]] for row in rows if row]


def sidabi_events(target: Path) -> Path:
    """Each respondent as a session with ten SUS answers, as events JSONL."""
    import json
    import uuid

    namespace = uuid.UUID("0f4c9a4e-2b7d-4c3e-9a61-5d2e8f1b7c10")
    lines = []
    for number, answers in enumerate(sidabi_answers(), start=1):
        session = uuid.uuid5(namespace, f"session {number}")
        base = {
            "study": "sidabi",
            "session": str(session),
            "participant": f"R{number:02d}",
            "variant": "current",
            "task": None,
            "outcome": None,
            "note": None,
            "author": "import",
        }
        at = f"2019-05-{1 + number % 28:02d}T10:00:00.000000Z"
        lines.append(
            {
                "id": str(uuid.uuid5(session, "start")),
                **base,
                "type": "session_start",
                "at": at,
                "data": {},
            }
        )
        for item, value in enumerate(answers, start=1):
            lines.append(
                {
                    "id": str(uuid.uuid5(session, f"sus {item}")),
                    **base,
                    "type": "answer",
                    "at": at,
                    "data": {"questionnaire": "sus", "item": str(item), "value": value},
                }
            )
    target.write_text("".join(json.dumps(line) + "\n" for line in lines), "utf-8")
    return target


def lewis_matrix() -> tuple[list[str], list[dict[str, str]]]:
    with require(LEWIS).open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
    return [c for c in (reader.fieldnames or []) if c[0] == "P" and c[1:].isdigit()], rows


def lewis_problems_csv(target: Path) -> Path:
    """Problems CSV of the matrix. Three problems have Impact 0 (unrated in the source);
    uxlab's severities are 1–4, so they come in as 1, the lowest: the discovery rate does not
    depend on severity."""
    participants, rows = lewis_matrix()
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["study", "participant", "problem", "severity"])
        for row in rows:
            for participant in participants:
                if row[participant] == "1":
                    severity = max(1, int(row["Impact"]))
                    writer.writerow(["lewis", participant, f"problem-{row['Prob']}", severity])
    return target
