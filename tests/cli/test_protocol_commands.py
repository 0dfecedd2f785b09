"""`uxlab protocol validate|load|list|show|schema` through the real command line."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Cli


def _copy(source: Path, target: Path, *changes: tuple[str, str]) -> Path:
    text = source.read_text("utf-8")
    for old, new in changes:
        assert old in text
        text = text.replace(old, new)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, "utf-8")
    return target


def test_new_user_flow(uxlab: Cli) -> None:
    uxlab("init")
    assert "ok  protocols/checkout-form.yaml  checkout-form: 4 tasks, 2 variants, between" in (
        uxlab("protocol", "validate").stdout
    )
    assert "stored version 1 (" in uxlab("protocol", "load").stdout
    assert "version 1 (" in uxlab("protocol", "load").stdout
    listing = uxlab("protocol", "list").stdout.splitlines()
    assert listing[0].split() == ["study", "title", "design", "version", "tasks", "sessions"]
    assert listing[1].split()[0] == "checkout-form"
    assert listing[1].split()[-5:-3] == ["between", "1"] and listing[1].split()[-2:] == ["4", "0"]
    shown = uxlab("protocol", "show", "checkout-form").stdout
    assert "guest-checkout: Check out as a guest (limit 5m, target 1m30s, 7 optimal steps)" in shown
    assert "markers: v=validation-message (error), h=opened-help (assist)" in shown


def test_edited_protocol_becomes_a_new_version(
    uxlab: Cli, checkout_protocol: Path, isolated: Path
) -> None:
    uxlab("init")
    uxlab("protocol", "load", str(checkout_protocol))
    edited = _copy(
        checkout_protocol, isolated / "edited.yaml", ("target_time: 90s", "target_time: 80s")
    )
    assert ", a new version; new sessions use it" in uxlab("protocol", "load", str(edited)).stdout
    shown = uxlab("protocol", "show", "checkout-form").stdout
    assert "target 1m20s" in shown
    assert " *>  2" in shown and "    1" in shown
    old = uxlab("protocol", "show", "checkout-form", "--version", "1", "--yaml").stdout
    assert old == checkout_protocol.read_text("utf-8")


def test_validate_reports_every_problem_and_exits_1(
    checkout_protocol: Path, isolated: Path
) -> None:
    uxlab = Cli(str(isolated / "unused.db"))
    bad = _copy(
        checkout_protocol,
        isolated / "bad.yaml",
        ("design: between ", "design: mixed   "),
        ("time_limit: 3m\n    target_time: 45s", "time_limit: soon\n    target_time: 45s"),
    )
    result = uxlab("protocol", "validate", str(bad), str(checkout_protocol), code=1)
    assert result.stderr.splitlines() == [
        f"{bad}:5:1: design: expected 'between' or 'within', got 'mixed'",
        f"{bad}:25:5: tasks[1].time_limit: expected a duration like 90s or 3m, at most a day, "
        "got 'soon'",
        "Error: 2 problems in 1 protocol file",
    ]
    assert f"ok  {checkout_protocol}" in result.stdout


def test_load_stores_nothing_when_any_file_is_bad(
    uxlab: Cli, checkout_protocol: Path, isolated: Path
) -> None:
    uxlab("init")
    other = _copy(
        checkout_protocol, isolated / "other.yaml", ("study: checkout-form", "study: other")
    )
    bad = _copy(checkout_protocol, isolated / "bad.yaml", ("design: between", "design: 3"))
    result = uxlab("protocol", "load", str(other), str(bad), code=1)
    assert "Error: 1 problem in 1 protocol file" in result.stderr
    assert "No studies yet" in uxlab("protocol", "list").stdout


def test_missing_things_are_one_line_errors(uxlab: Cli, isolated: Path) -> None:
    uxlab("init")
    result = uxlab("protocol", "show", "nope", code=1)
    assert result.stderr == "Error: no study 'nope' in this store (see `uxlab protocol list`)\n"
    result = uxlab("protocol", "validate", str(isolated / "missing.yaml"), code=1)
    assert result.stderr.startswith(f"Error: cannot read protocol {isolated / 'missing.yaml'}")
    empty = isolated / "empty"
    empty.mkdir()
    result = uxlab("protocol", "validate", "--protocols", str(empty), code=1)
    assert result.stderr == f"Error: no protocol files given and none in {empty}\n"
    assert uxlab("protocol", "show", "x", "--version", "", code=1).stderr == (
        "Error: --version: must not be empty, got ''\n"
    )


def test_schema_is_json(isolated: Path) -> None:
    uxlab = Cli(str(isolated / "unused.db"))
    schema = json.loads(uxlab("protocol", "schema").stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert set(schema["required"]) == {"study", "title", "design", "variants", "tasks"}
    assert schema["additionalProperties"] is False
