"""A results CSV's outcome column, through the real command line: 1/0 says whether a task was
completed, not whether a failure was giving up, so abandonment from such rows is not recorded
(SPEC §6: null with the reason, never zero). Named task_end outcomes record it. The rule is per
participant's session, so a file may mix the two forms."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import Cli
from tests.datasets import OPENSHIFT_PROTOCOL, openshift_results_csv

HEADER = "study,participant,variant,task,outcome,time_s"


def results(folder: Path, *rows: str, name: str = "results.csv") -> str:
    path = folder / name
    path.write_text("\n".join((HEADER, *rows)) + "\n", "utf-8")
    return str(path)


def tasks(uxlab: Cli, study: str = "checkout-form") -> dict[tuple[str, str], dict[str, Any]]:
    """The task rows of `uxlab analyze --json` (which the fixture checks against the schema)."""
    shown = json.loads(uxlab("analyze", study, "--json").stdout)
    return {(row["task"], row["variant"]): row for row in shown["tasks"]}


def abandonment(row: dict[str, Any]) -> tuple[Any, ...]:
    return row["abandonment_rate"], row.get("abandonment_n"), row.get("abandonment_reason")


def session_starts(uxlab: Cli, study: str = "checkout-form") -> dict[str, dict[str, Any]]:
    lines = [json.loads(line) for line in uxlab("export", study).stdout.splitlines()]
    return {e["participant"]: e["data"] for e in lines if e["type"] == "session_start"}


def test_the_openshift_benchmark_did_not_record_abandonment(uxlab: Cli, isolated: Path) -> None:
    """Review of issue 12: the benchmark's outcomes are 1/0, yet analyze said
    abandonment_rate 0.0 (the report: "gave up 0%")."""
    (isolated / "openshift.yaml").write_text(OPENSHIFT_PROTOCOL, "utf-8")
    uxlab("init")
    uxlab("protocol", "load", "openshift.yaml")
    uxlab("import", str(openshift_results_csv(isolated / "os.csv")), "--kind", "results")
    rows = tasks(uxlab, "openshift")
    assert len(rows) == 8
    for row in rows.values():
        assert row["attempts"] > 0
        assert abandonment(row) == (None, 0, "not recorded")
        assert "reason" not in row  # the task has attempts: its other figures stand
    assert all(
        "abandonment" not in data["recorded"]
        for data in session_starts(uxlab, "openshift").values()
    )


def test_outcomes_of_one_and_zero_leave_abandonment_not_recorded(
    ready: Cli, isolated: Path
) -> None:
    path = results(
        isolated,
        "checkout-form,P01,A,guest-checkout,1,40",
        "checkout-form,P02,A,guest-checkout,0,60",
        "checkout-form,P03,A,guest-checkout,0,75",
    )
    ready("import", path, "--kind", "results")
    row = tasks(ready)[("guest-checkout", "A")]
    assert abandonment(row) == (None, 0, "not recorded")
    assert row["completion"]["successes"] == 1 and row["attempts"] == 3
    # A task nobody attempted still says so, on the task and on its abandonment.
    empty = tasks(ready)[("apply-coupon", "A")]
    assert (empty["reason"], *abandonment(empty)) == ("no attempts", None, 0, "no attempts")


def test_named_outcomes_record_abandonment(ready: Cli, isolated: Path) -> None:
    path = results(
        isolated,
        "checkout-form,P01,A,guest-checkout,success,40",
        "checkout-form,P02,A,guest-checkout,abandoned,60",
        "checkout-form,P03,A,guest-checkout,timeout,75",
        "checkout-form,P04,A,guest-checkout,failure,50",
    )
    ready("import", path, "--kind", "results")
    assert abandonment(tasks(ready)[("guest-checkout", "A")]) == (0.5, 4, None)
    # With every column of a results CSV but the optional ones, `recorded` names abandonment.
    assert {tuple(data["recorded"]) for data in session_starts(ready).values()} == {
        ("abandonment",)
    }


def test_a_file_mixing_the_forms_counts_the_sessions_that_recorded_it(
    ready: Cli, isolated: Path
) -> None:
    path = results(
        isolated,
        "checkout-form,P01,A,guest-checkout,abandoned,60",
        "checkout-form,P02,A,guest-checkout,success,40",
        "checkout-form,P03,A,guest-checkout,0,70",
        "checkout-form,P04,A,guest-checkout,1,30",
        # One participant in both forms: their 0 cannot say, so their session did not record it.
        "checkout-form,P05,A,guest-checkout,success,35",
        "checkout-form,P05,A,apply-coupon,0,50",
        "checkout-form,P06,A,apply-coupon,0,45",
    )
    ready("import", path, "--kind", "results")
    rows = tasks(ready)
    # Over P01 and P02 (not 1 of 5, as if the others could not have given up).
    assert abandonment(rows[("guest-checkout", "A")]) == (0.5, 2, None)
    assert rows[("guest-checkout", "A")]["attempts"] == 5
    assert abandonment(rows[("apply-coupon", "A")]) == (None, 0, "not recorded")
    recorded = {p: "abandonment" in data["recorded"] for p, data in session_starts(ready).items()}
    assert recorded == {
        "P01": True, "P02": True, "P03": False, "P04": False, "P05": False, "P06": False
    }  # fmt: skip


def test_reimport_and_a_jsonl_round_trip_keep_it(
    ready: Cli, isolated: Path, checkout_protocol: Path
) -> None:
    path = results(
        isolated,
        "checkout-form,P01,A,guest-checkout,abandoned,60",
        "checkout-form,P02,A,guest-checkout,success,40",
        "checkout-form,P03,A,guest-checkout,0,70",
    )
    ready("import", path, "--kind", "results")
    assert (
        "imported 0 events in 0 new sessions" in ready("import", path, "--kind", "results").stdout
    )
    before = tasks(ready)
    assert abandonment(before[("guest-checkout", "A")]) == (0.5, 2, None)
    exported = isolated / "e.jsonl"
    ready("export", "checkout-form", "--out", str(exported))
    other = Cli(str(isolated / "other.db"))
    other("init")
    other("protocol", "load", str(checkout_protocol))
    other("import", str(exported))
    assert tasks(other) == before
    assert other("export", "checkout-form").stdout == exported.read_text("utf-8")
