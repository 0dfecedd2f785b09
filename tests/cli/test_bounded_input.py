"""Every value a file or a command gives is typed and bounded before it is stored (issue 13):
the calendar's edges, huge and odd numbers, NUL characters, lone surrogates and strings longer
than a column are refused in one line naming the file and line (or the option), and nothing
is stored. On PostgreSQL these were DataError tracebacks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.test_paths_and_options import AT, one_line, recorded  # noqa: F401
from tests.cli.test_recording_commands import start
from tests.cli.test_spreadsheet_imports import RESULTS, write
from tests.conftest import Cli

LONG_CODE = "P" * 65


def exported(cli: Cli) -> str:
    return cli("export", "checkout-form").stdout


def first_lines(cli: Cli) -> list[dict[str, object]]:
    return [json.loads(line) for line in exported(cli).splitlines()]


def refused_import(cli: Cli, path: Path, *options: str) -> list[str]:
    """The import's error lines; the store's export is the same before and after."""
    before = exported(cli)
    stderr = cli("import", str(path), *options, code=1).stderr
    assert "Traceback" not in stderr
    assert exported(cli) == before
    return stderr.splitlines()


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ({"at": "9999-12-31T23:59:59-05:00"}, "at: '9999-12-31T23:59:59-05:00' is outside 1970"),
        ({"at": "0001-01-01T00:00:00+01:00"}, "at: '0001-01-01T00:00:00+01:00' is outside 1970"),
        ({"author": "a" * 65}, "author: expected text of at most 64 characters"),
        ({"note": "a\u0000b"}, "a note contains a NUL character"),
        ({"note": "x" * 100_001}, "note: expected text of at most 100,000 characters"),
        ({"type": "undo", "note": None, "data": {"target": "x"}}, "data.target: invalid UUID"),
        (
            {"type": "amend", "note": None, "data": {"target": None, "fields": {"at": "10:00"}}},
            "at must be an ISO-8601 time with a zone (Z for UTC) in 1970–2099, got '10:00'",
        ),
        (
            {"type": "marker", "note": None, "data": {"name": ["x"]}},
            "data.name: expected text | null, got list",
        ),
        (
            {"type": "answer", "note": None, "data": {"value": 1e300}},
            "data.value: expected number <= 1000000",
        ),
        (
            {"type": "session_start", "data": {"recording_offset_s": -5}},
            "data.recording_offset_s: expected whole number >= 0",
        ),
        (
            {"type": "problem", "note": None, "data": {"problem": "P1"}},
            "a problem needs a severity: 1 (cosmetic) to 4 (critical)",
        ),
        (
            {"type": "task_start", "note": None, "task": "guest-checkout", "variant": "B"},
            "is on variant A, not B",
        ),
        (
            {
                "type": "task_start",
                "note": None,
                "task": "guest-checkout",
                "data": {"variant": "B"},
            },
            "data.variant differs from the line's variant: give it once, as variant",
        ),
    ],
)
def test_a_bad_event_line_is_refused_naming_it(
    ready: Cli,
    recorded: str,  # noqa: F811
    isolated: Path,
    change: dict[str, object],
    why: str,
) -> None:
    line = {
        **first_lines(ready)[-1],
        "id": "00000000-0000-4000-8000-0000000000aa",
        "type": "note",
        "note": "n",
        "data": {},
    }
    line.update(change)
    if line["type"] == "amend":
        line["data"] = {**line["data"], "target": line["id"][:-2] + "ab"}  # type: ignore[dict-item]
    path = isolated / "bad.jsonl"
    path.write_text(json.dumps(line) + "\n", "utf-8")
    errors = refused_import(ready, path)
    assert errors[0].startswith(f"{path}:1: ") and why in errors[0], errors
    assert errors[-1] == f"Error: 1 bad line in {path}: nothing was imported"


@pytest.mark.parametrize(
    ("start", "why"),
    [
        ({"participant": LONG_CODE}, "participant: expected text of at most 64 characters"),
        ({"data": {"attributes": ["novice"]}}, "data.attributes: expected object | null"),
        ({"data": {"recording_offset_s": "soon"}}, "data.recording_offset_s: expected"),
        ({"data": {"recording_offset_s": 1e12}}, "data.recording_offset_s: expected"),
        ({"data": {"protocol": 7}}, "data.protocol: expected text | null, got whole number"),
        # On PostgreSQL the session's row was written before the event was checked.
        ({"author": "a\u0000"}, "the author contains a NUL character"),
        ({"data": {"recording": "r\u0000"}}, "recording contains a NUL character"),
    ],
)
def test_a_session_start_of_the_wrong_shape_is_refused(
    ready: Cli,
    recorded: str,  # noqa: F811
    isolated: Path,
    start: dict[str, object],
    why: str,
) -> None:
    opening = {
        **first_lines(ready)[0],
        "id": "00000000-0000-4000-8000-0000000000bb",
        "session": "00000000-0000-4000-8000-0000000000cc",
        "participant": "P09",
    }
    opening.update(start)
    path = isolated / "bad.jsonl"
    path.write_text(json.dumps(opening) + "\n", "utf-8")
    errors = refused_import(ready, path)
    assert errors[0].startswith(f"{path}:1: ") and why in errors[0], errors


@pytest.mark.parametrize(
    ("old", "new", "why"),
    [
        (",95.5,", ",1e12,", "time_s: expected 0.001 to 86,400 seconds (a day), got '1e12'"),
        (",95.5,", ",1e300,", "time_s: expected 0.001 to 86,400 seconds (a day), got '1e300'"),
        (",95.5,2,", ",95.5,²,", "errors: expected a whole number from 0 to 10,000, got '²'"),
        (",95.5,2,", ",95.5,100000000,", "errors: expected a whole number from 0 to 10,000"),
        (",95.5,2,", f",95.5,{'9' * 5000},", "errors: expected a whole number from 0 to 10,000"),
        ("P02,", f"{LONG_CODE},", "participant is 65 characters long: at most 64"),
        ("P02,", "P\u000002,", "participant contains a NUL character"),
        # An attempt that ends as it starts would end before it started.
        (",95.5,", ",0,", "time_s: expected 0.001 to 86,400 seconds (a day), got '0'"),
        (",95.5,", ",٣,", "time_s: expected 0.001 to 86,400 seconds (a day), got '٣'"),
        (",95.5,", ",1_000,", "time_s: expected 0.001 to 86,400 seconds (a day), got '1_000'"),
    ],
)
def test_a_bad_results_row_is_refused_naming_it(
    ready: Cli, isolated: Path, old: str, new: str, why: str
) -> None:
    path = Path(write(isolated / "results.csv", RESULTS.replace(old, new, 1)))
    errors = refused_import(ready, path, "--kind", "results")
    assert errors[0].startswith(f"{path}:") and why in errors[0], errors


def test_a_results_file_with_old_mac_line_endings_reads_as_its_lines(
    ready: Cli, isolated: Path
) -> None:
    path = write(isolated / "results.csv", RESULTS.replace("\n", "\r"))
    assert "in 2 new sessions" in ready("import", path, "--kind", "results").stdout
    bad = write(isolated / "bad.csv", RESULTS.replace(",95.5,", ",1e12,").replace("\n", "\r"))
    errors = refused_import(ready, Path(bad), "--kind", "results")
    assert errors[0].startswith(f"{bad}:2: time_s: expected 0.001 to 86,400"), errors


def test_a_line_longer_than_the_limit_is_refused_unread(ready: Cli, isolated: Path) -> None:
    path = isolated / "huge.csv"
    path.write_text(RESULTS + "checkout-form," + "x" * 1_000_001 + "\n", "utf-8")
    [line] = refused_import(ready, path, "--kind", "results")
    assert line == f"Error: {path}:5: longer than 1,000,000 bytes"


@pytest.mark.parametrize(
    ("cell", "why"),
    [
        ("problem", "problem is 65 characters long: at most 64"),
        ("participant", "participant is 65 characters long: at most 64"),
        ("description", "description contains a NUL character"),
    ],
)
def test_a_bad_problems_row_is_refused_naming_it(
    ready: Cli,
    recorded: str,  # noqa: F811
    isolated: Path,
    cell: str,
    why: str,
) -> None:
    row = {"study": "checkout-form", "participant": "P01", "problem": "P3", "severity": "3"}
    row["description"] = "coupon field hidden"
    row[cell] = "x" * 65 if cell != "description" else "a\u0000b"
    text = ",".join(row) + "\n" + ",".join(row.values()) + "\n"
    path = Path(write(isolated / "problems.csv", text))
    errors = refused_import(ready, path, "--kind", "problems")
    assert errors[0].startswith(f"{path}:2: ") and why in errors[0], errors


def test_a_session_prefix_too_short_asks_for_more(ready: Cli) -> None:
    start(ready)
    for prefix in ("e", "0", "0a1"):
        refused = one_line(ready("session", "show", prefix, code=1).stderr)
        assert refused == f"Error: session '{prefix}': give at least 4 characters of its id " \
            "(see `uxlab session list`)"  # fmt: skip
    assert "no session 'zz'" in ready("session", "show", "zz", code=1).stderr


@pytest.mark.parametrize(
    ("args", "why"),
    [
        (["note", "--note", "a\u0000b"], "--note: the value contains a NUL character"),
        (
            ["amend", "--target", "0000", "--set", "value=1e400"],
            "--set value: expected a number from -1,000,000 to 1,000,000, got '1e400'",
        ),
        (["marker", "--name", "m" * 65], "--name: the value is 65 characters long: at most 64"),
        (["note", "--note", "n", "--author", "a" * 65], "--author: the value is 65 characters"),
        (
            ["note", "--note", "n", "--at", "9999-12-31T23:59:59-05:00"],
            "--at: '9999-12-31T23:59:59-05:00' is outside 1970–2099",
        ),
    ],
)
def test_a_bad_logged_value_is_refused_in_one_line(ready: Cli, args: list[str], why: str) -> None:
    session = start(ready)
    before = exported(ready)
    line = one_line(ready("log", session, *args, code=1).stderr)
    assert why in line
    assert exported(ready) == before


def test_an_amended_time_needs_a_zone(ready: Cli) -> None:
    session = start(ready)
    target = ready("log", session, "note", "--note", "n").stdout.strip()
    before = exported(ready)
    line = one_line(
        ready(
            "log", session, "amend", "--target", target, "--set", "at=2026-11-21T10:00:07",
            code=1,
        ).stderr
    )  # fmt: skip
    assert "at must be an ISO-8601 time with a zone" in line
    assert exported(ready) == before


def test_a_participant_code_longer_than_its_column_is_refused(ready: Cli) -> None:
    line = one_line(
        ready("session", "start", "checkout-form", "-p", LONG_CODE, "-v", "A", code=1).stderr
    )
    assert line == "Error: --participant: the value is 65 characters long: at most 64"
    assert ready("session", "list").stdout.startswith("No sessions yet")


def test_a_results_file_may_not_add_up_to_more_marks_than_its_limit(
    ready: Cli, isolated: Path
) -> None:
    """Every error, assist and step is an event: ten rows of 10,000 each are a million."""
    header = RESULTS.splitlines()[0]
    rows = [f"checkout-form,P{n:02d},A,guest-checkout,success,60,10000,0,0" for n in range(11)]
    path = isolated / "many.csv"
    path.write_text("\n".join([header.split(",seq")[0], *rows]) + "\n", "utf-8")
    errors = refused_import(ready, path, "--kind", "results")
    assert errors[0] == (
        f"{path}:12: errors, assists and steps add up to more than 100,000 in this file, "
        "the limit for a results file"
    )


@pytest.mark.parametrize(
    ("args", "why"),
    [
        (["plan", "completion", "--margin", "nan"], "Invalid value for '--margin': 'nan' is not"),
        (["analyze", "checkout-form", "--confidence", "nan"], "'--confidence': 'nan' is not"),
    ],
)
def test_numbers_out_of_range_are_usage_errors(ready: Cli, args: list[str], why: str) -> None:
    assert why in ready(*args, code=2).stderr


def test_a_word_that_is_not_text_is_refused(ready: Cli) -> None:
    """A terminal's stray byte (0xff) arrives as a lone surrogate."""
    line = one_line(ready("export", "\udcff", code=1).stderr)
    assert line == "Error: '\\udcff' is not valid UTF-8 text"


def test_a_participant_code_is_one_line(ready: Cli) -> None:
    """A code with a line break broke every table that lists it."""
    line = one_line(
        ready("session", "start", "checkout-form", "-p", "P\n1", "-v", "A", code=1).stderr
    )
    assert line == "Error: a participant code is one line of printable text, got 'P\\n1'"


def test_an_error_quoting_a_huge_value_stays_short(ready: Cli) -> None:
    line = one_line(ready("export", "s" * 100_000, code=1).stderr)
    assert line.startswith("Error: no study 'sss") and line.endswith("…")
    assert len(line) <= len("Error: ") + 1_000


def test_a_protocol_problem_quoting_a_huge_value_stays_short(
    uxlab: Cli, isolated: Path, checkout_protocol: Path
) -> None:
    text = checkout_protocol.read_text("utf-8").replace("study: ", "study: " + "s" * 200_000, 1)
    path = isolated / "big.yaml"
    path.write_text(text, "utf-8")
    first = uxlab("protocol", "validate", str(path), code=1).stderr.splitlines()[0]
    assert first.startswith(f"{path}:") and first.endswith("…") and len(first) == 1_000
