"""`uxlab agreement` on a session logged by a moderator and an observer."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_recording_commands import at, start
from tests.conftest import Cli


def test_agreement_of_two_observers(uxlab: Cli, checkout_protocol: Path) -> None:
    uxlab("init")
    uxlab("protocol", "load", str(checkout_protocol))
    session = start(uxlab)
    uxlab("log", session, "task_start", "-t", "guest-checkout", "--at", at(1))
    for author, shift in (("ana", 0.0), ("obs", 0.8)):
        uxlab("log", session, "error", "--at", at(10 + shift), "--author", author)
        uxlab(
            "log",
            session,
            "marker",
            "--name",
            "opened-help",
            "--at",
            at(15 + shift),
            "--author",
            author,
        )
    uxlab("log", session, "assist", "--at", at(20), "--author", "ana")
    uxlab("log", session, "error", "--at", at(30), "--author", "obs")
    uxlab("log", session, "task_end", "-o", "success", "--at", at(40))
    shown = uxlab("agreement", session, "--tolerance", "2s").stdout
    assert shown.startswith("ana and obs, within 2 s: Cohen's kappa ")
    assert "unmatched:" in shown and "ana: assist" in shown and "obs: error" in shown
    [pair] = json.loads(uxlab("agreement", session, "--json").stdout)
    assert pair["codes"]["error"] == {
        "kappa": pair["codes"]["error"]["kappa"],
        "agreed": 1,
        "a_only": 0,
        "b_only": 1,
    }
    # The moderator's tasks are not observations: only the two observers' codes are compared.
    assert set(pair["codes"]) == {"error", "assist", "marker:opened-help"}
    assert pair["codes"]["marker:opened-help"]["agreed"] == 1
    none = json.loads(uxlab("agreement", session, "--json", "--tolerance", "0.1s").stdout)
    assert none[0]["codes"]["error"]["agreed"] == 0


def test_agreement_needs_two_authors(uxlab: Cli, checkout_protocol: Path) -> None:
    uxlab("init")
    uxlab("protocol", "load", str(checkout_protocol))
    session = start(uxlab)
    assert "agreement needs two authors" in uxlab("agreement", session, code=1).stderr
    assert (
        "--tolerance: expected a duration"
        in uxlab("agreement", session, "--tolerance", "soon", code=1).stderr
    )
