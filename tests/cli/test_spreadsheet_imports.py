"""Results and problems CSV imports, and events CSV, through the real command line."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from tests.cli.test_recording_commands import at, start
from tests.conftest import Cli
from tests.datasets import OPENSHIFT_PROTOCOL, openshift_results_csv, openshift_rows
from tests.fuzz.seeds import events_csv

RESULTS = """\
study,participant,variant,task,outcome,time_s,errors,assists,steps,seq,sus_1,sus_2,sus_3,sus_4,sus_5,sus_6,sus_7,sus_8,sus_9,sus_10,nps
checkout-form,P01,A,guest-checkout,success,95.5,2,1,7,6,4,1,5,2,5,1,4,2,3,1,9
checkout-form,P01,A,apply-coupon,0,40,,,,3,,,,,,,,,,,
checkout-form,P02,B,guest-checkout,1,61,0,0,7,7,5,1,5,1,5,1,5,1,5,1,10
"""


def write(path: Path, text: str) -> str:
    path.write_text(text, "utf-8")
    return str(path)


def tidy(uxlab: Cli) -> list[dict[str, str]]:
    return list(
        csv.DictReader(io.StringIO(uxlab("export", "checkout-form", "--format", "csv").stdout))
    )


def test_results_become_sessions_of_events(ready: Cli, isolated: Path) -> None:
    path = write(isolated / "results.csv", RESULTS)
    result = ready("import", path, "--kind", "results", "--at", "2026-11-01T09:00:00Z")
    assert "imported" in result.stdout and "in 2 new sessions" in result.stdout
    again = ready("import", path, "--kind", "results")
    assert "imported 0 events in 0 new sessions" in again.stdout

    rows = tidy(ready)
    attempts = [
        (
            r["participant"],
            r["variant"],
            r["task"],
            r["outcome"],
            r["time_s"],
            r["errors"],
            r["assists"],
            r["steps"],
        )
        for r in rows
        if r["record"] == "attempt"
    ]
    assert attempts == [
        ("P01", "A", "guest-checkout", "success", "95.5", "2", "1", "7"),
        ("P01", "A", "apply-coupon", "failure", "40.0", "0", "0", "0"),
        ("P02", "B", "guest-checkout", "success", "61.0", "0", "0", "7"),
    ]
    answers = [
        (r["participant"], r["questionnaire"], r["item"], r["task"], r["value"])
        for r in rows
        if r["record"] == "answer"
    ]
    assert ("P01", "seq", "1", "guest-checkout", "6.0") in answers
    assert ("P01", "seq", "1", "apply-coupon", "3.0") in answers
    assert sum(1 for a in answers if a[0] == "P02" and a[1] == "sus") == 10
    assert ("P02", "nps", "1", "", "10.0") in answers
    assert ready("session", "list").stdout.count("completed") == 2


def test_a_spreadsheet_byte_order_mark_is_dropped(ready: Cli, isolated: Path) -> None:
    # Excel's "CSV UTF-8" starts the file with a byte order mark, which must not end up in the
    # first column's name.
    path = isolated / "excel.csv"
    path.write_bytes(b"\xef\xbb\xbf" + RESULTS.encode("utf-8"))
    result = ready("import", str(path), "--kind", "results")
    assert "in 2 new sessions" in result.stdout


def test_a_bad_results_file_names_every_bad_row(ready: Cli, isolated: Path) -> None:
    bad = RESULTS.replace("apply-coupon,0,40,", "apply-coupon,0,fast,").replace(
        "P02,B,guest-checkout,1,61,0,0,7,7,", "P02,B,checkout,1,61,0,0,7,9,"
    )
    bad += "checkout-form,P01,A,find-returns,maybe,30,,,,,5,,,,,,,,,,\n"
    path = write(isolated / "results.csv", bad)
    errors = ready("import", path, "--kind", "results", code=1).stderr.splitlines()
    assert errors == [
        f"{path}:3: time_s: expected 0.001 to 86,400 seconds (a day), got 'fast'",
        f"{path}:4: seq: expected 1 to 7, got '9'",
        f"{path}:5: outcome: expected success, failure, abandoned, timeout, skipped, 1 or 0, "
        "got 'maybe'",
        f"{path}:5: sus_1: 5 differs from line 2 for P01",
        f"Error: 3 bad lines in {path}: nothing was imported",
    ]
    assert ready("session", "list").stdout.startswith("No sessions yet")


def test_results_rows_must_fit_the_protocol(ready: Cli, isolated: Path) -> None:
    path = write(
        isolated / "r.csv",
        "study,participant,variant,task,outcome,time_s\n"
        "checkout-form,P01,A,checkout,1,5\ncheckout-form,P02,C,guest-checkout,1,5\n",
    )
    errors = ready("import", path, "--kind", "results", code=1).stderr.splitlines()
    assert (
        errors[0] == f"{path}:2: unknown task 'checkout': expected one of guest-checkout, "
        "apply-coupon, change-address, find-returns"
    )
    assert errors[1] == f"{path}:3: unknown variant 'C': expected one of A, B"
    missing = write(isolated / "m.csv", "study,participant,task\ncheckout-form,P01,x\n")
    assert ready("import", missing, "--kind", "results", code=1).stderr.startswith(
        f"{missing}:1: missing columns: variant, outcome, time_s"
    )


def test_problems_csv(ready: Cli, isolated: Path) -> None:
    path = write(
        isolated / "problems.csv",
        "study,participant,problem,severity,task,description\n"
        "checkout-form,P01,P3,3,apply-coupon,Coupon field hidden\n"
        "checkout-form,P02,P3,3,apply-coupon,\n"
        "checkout-form,P02,P7,1,,Low contrast footer\n",
    )
    result = ready("import", path, "--kind", "problems")
    assert "imported 2 new problems and 3 sightings (0 already stored)" in result.stdout
    again = ready("import", path, "--kind", "problems")
    assert "imported 0 new problems and 0 sightings (3 already stored)" in again.stdout
    bad = write(
        isolated / "bad.csv",
        "study,participant,problem,severity,task\n"
        "checkout-form,P01,P3,2,\ncheckout-form,P01,P9,5,\ncheckout-form,P01,P9,1,nope\n"
        "other,P01,P1,1,\n",
    )
    errors = ready("import", bad, "--kind", "problems", code=1).stderr.splitlines()
    assert errors == [
        f"{bad}:2: severity: problem P3 has severity 3, not 2",
        f"{bad}:3: severity: expected 1 (cosmetic) to 4 (critical), got '5'",
        f"{bad}:4: task: unknown task 'nope' in checkout-form",
        f"{bad}:5: no study 'other' in this store (see `uxlab protocol list`)",
        f"Error: 4 bad lines in {bad}: nothing was imported",
    ]


def test_events_csv_imports_like_jsonl(ready: Cli, isolated: Path) -> None:
    session = start(ready)
    ready("log", session, "task_start", "-t", "find-returns", "--at", "2026-11-22T10:00:01Z")
    ready("log", session, "task_end", "-o", "success", "--at", "2026-11-22T10:00:21Z")
    exported = [json.loads(x) for x in ready("export", "checkout-form").stdout.splitlines()]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(exported[0]))
    writer.writeheader()
    for event in exported:
        writer.writerow(
            {
                k: (json.dumps(v) if k == "data" else ("" if v is None else v))
                for k, v in event.items()
            }
        )
    other = Cli(str(isolated / "other.db"))
    other("init")
    other(
        "protocol",
        "load",
        str(Path(__file__).resolve().parents[2] / "protocols" / "checkout-form.yaml"),
    )
    path = write(isolated / "events.csv", buffer.getvalue())
    assert "imported 3 events in 1 new sessions" in other("import", path).stdout
    assert other("export", "checkout-form").stdout == ready("export", "checkout-form").stdout


def test_openshift_benchmark_imports(uxlab: Cli, isolated: Path) -> None:
    source = openshift_results_csv(isolated / "openshift.csv")
    (isolated / "openshift.yaml").write_text(OPENSHIFT_PROTOCOL, "utf-8")
    uxlab("init")
    uxlab("protocol", "load", "openshift.yaml")
    assert "in 33 new sessions" in uxlab("import", str(source), "--kind", "results").stdout
    exported = list(
        csv.DictReader(io.StringIO(uxlab("export", "openshift", "--format", "csv").stdout))
    )
    expected = sorted(
        (
            f"P{int(r['par']):02d}",
            f"t{r['task']}",
            "success" if r["comp"] == "1" else "failure",
            float(r["time"]),
        )
        for r in openshift_rows()
    )
    assert (
        sorted((r["participant"], r["task"], r["outcome"], float(r["time_s"])) for r in exported)
        == expected
    )


def test_counts_a_results_file_lacks_are_not_recorded(
    ready: Cli, isolated: Path, checkout_protocol: Path
) -> None:
    """Issue 12: a results CSV without an errors column read as "0.00 errors per attempt, 100%
    error-free", and SUM scored those errors as perfect. Not recorded is null, with the reason,
    and it stays so through an export and an import."""
    path = write(
        isolated / "no-errors.csv",
        "study,participant,variant,task,outcome,time_s,assists\n"
        "checkout-form,P01,A,guest-checkout,1,40,1\n"
        "checkout-form,P02,A,guest-checkout,0,60,0\n",
    )
    ready("import", path, "--kind", "results")

    def guest_a(uxlab: Cli) -> dict[str, Any]:
        shown = json.loads(uxlab("analyze", "checkout-form", "--json").stdout)
        return next(
            t for t in shown["tasks"] if (t["task"], t["variant"]) == ("guest-checkout", "A")
        )

    cell = guest_a(ready)
    assert cell["errors"] == {
        "n": 0, "total": None, "mean_per_attempt": None, "error_free_rate": None,
        "reason": "not recorded",
    }  # fmt: skip
    assert cell["assists"] == {"n": 2, "total": 1, "mean_per_attempt": 0.5}
    assert cell["sum"]["left_out"]["errors"] == "not recorded"
    assert "errors" not in cell["sum"]["components"]
    exported = isolated / "e.jsonl"
    ready("export", "checkout-form", "--out", str(exported))
    other = Cli(str(isolated / "other.db"))
    other("init")
    other("protocol", "load", str(checkout_protocol))
    other("import", str(exported))
    assert guest_a(other) == cell


def test_a_stray_quote_in_an_events_csv_is_refused_not_read_as_one_row(
    ready: Cli, isolated: Path, checkout_protocol: Path
) -> None:
    """A quote opening a cell by mistake made the reader join the lines after it into that
    cell, up to the next quote: the file imported with exit 0 and fewer events (issue 13)."""
    session = start(ready)
    for second, note in enumerate(("first", "second", 'a 5" screen'), start=1):
        ready("log", session, "note", "-n", note, "--at", at(second))
    text = events_csv(ready("export", "checkout-form").stdout)
    other = Cli(str(isolated / "other.db"))
    other("init")
    other("protocol", "load", str(checkout_protocol))
    line = text.splitlines().index(next(x for x in text.splitlines() if ",first," in x)) + 1

    stray = write(isolated / "stray.csv", text.replace(",first,", ',"first,'))
    refused = other("import", stray, code=1)
    assert refused.stderr == (
        f"Error: {stray}:{line}: not valid CSV: ',' expected after '\"' (a stray quote?)\n"
    )
    extra = write(isolated / "extra.csv", text.replace(",first,", ",first,,"))
    refused = other("import", extra, code=1)
    assert (
        refused.stderr
        == f"Error: {extra}:{line}: not valid CSV: 13 cells where the header has 12\n"
    )
    assert other("session", "list").stdout.startswith("No sessions yet")

    whole = write(isolated / "whole.csv", text)
    assert "imported 4 events in 1 new sessions" in other("import", whole).stdout
