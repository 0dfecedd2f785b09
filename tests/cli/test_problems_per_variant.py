"""`uxlab problems` per variant and with recommendations, through the real command line: each
sighting counts on its variant, and a recommendation settles, travels and is checked like a
description."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.cli.test_event_log import start, store_at, task
from tests.cli.test_recording_commands import WITHIN, at
from tests.conftest import Cli


def problem(uxlab: Cli, session: str, key: str, when: float, *extra: str) -> str:
    return uxlab(
        "log", session, "problem", "--problem", key, "--severity", "3", "--at", at(when), *extra
    ).stdout.strip()


def shown(uxlab: Cli, study: str = "checkout-form") -> dict[str, dict[str, Any]]:
    listed = json.loads(uxlab("problems", study, "--json").stdout)["problems"]
    return {p["id"]: p for p in listed}


def counts(found: dict[str, Any]) -> dict[str, tuple[int, int]]:
    return {v: (on["participants"], on["of"]) for v, on in found["per_variant"].items()}


def write(path: Path, text: str) -> str:
    path.write_text(text, "utf-8")
    return str(path)


def test_between_sightings_count_on_their_sessions_variant(ready: Cli, isolated: Path) -> None:
    sessions = {who: start(ready, who, variant) for who, variant in
                (("P01", "A"), ("P02", "A"), ("P03", "B"), ("P04", "B"), ("P05", "B"))}  # fmt: skip
    for who in ("P01", "P03", "P04"):
        task(ready, sessions[who], "apply-coupon", 1, 9)
        problem(ready, sessions[who], "P1", 5)
    problem(ready, sessions["P02"], "P2", 2, "--author", "obs")  # outside any task
    # P04 met P2 as well (their session says B); P09 has no session, so no variant.
    csv = write(
        isolated / "p.csv",
        "study,participant,problem,severity\ncheckout-form,P04,P2,3\ncheckout-form,P09,P2,3\n",
    )
    ready("import", csv, "--kind", "problems")
    found = shown(ready)
    assert counts(found["P1"]) == {"A": (1, 2), "B": (2, 3)}
    assert counts(found["P2"]) == {"A": (1, 2), "B": (1, 3)}
    assert found["P2"]["participants"] == ["P02", "P04", "P09"]
    assert "severity_word" not in found["P1"] and found["P1"]["severity"] == 3
    table = ready("problems", "checkout-form").stdout.splitlines()
    assert table[0].split() == ["problem", "severity", "seen", "by", "on", "A", "on", "B",
                                "tasks", "description", "recommendation"]  # fmt: skip
    assert table[1].split()[:6] == ["P1", "3", "major", "3/6", "1/2", "2/3"]


def test_within_sightings_count_on_their_attempts_variant(uxlab: Cli, isolated: Path) -> None:
    uxlab("init")
    uxlab("protocol", "load", write(isolated / "within.yaml", WITHIN))

    def session(who: str, order: str) -> str:
        return uxlab(
            "session", "start", "menu-compare", "-p", who, "-v", order, "--at", at(0)
        ).stdout.strip()

    def attempt(visit: str, variant: str, begin: float) -> None:
        uxlab("log", visit, "task_start", "-t", "jump", "--variant", variant, "--at", at(begin))
        uxlab("log", visit, "task_end", "-o", "success", "--at", at(begin + 10))

    first, second = session("P01", "swipe,burger"), session("P02", "burger,swipe")
    attempt(first, "swipe", 1)
    attempt(first, "burger", 20)
    attempt(second, "burger", 1)  # P02 never got to swipe
    problem(uxlab, first, "P1", 5)  # in the swipe attempt
    problem(uxlab, first, "P2", 25)  # in the burger attempt
    problem(uxlab, first, "P3", 15, "--author", "obs")  # between attempts: the one before
    problem(uxlab, second, "P1", 5)
    csv = write(
        isolated / "p.csv",
        "study,participant,problem,severity,task\n"
        "menu-compare,P02,P4,2,jump\n"  # P02 attempted jump on burger only
        "menu-compare,P01,P4,2,jump\n",  # P01 on both: which one cannot be told
    )
    uxlab("import", csv, "--kind", "problems")
    found = shown(uxlab, "menu-compare")
    assert counts(found["P1"]) == {"burger": (1, 2), "swipe": (1, 1)}
    assert counts(found["P2"]) == {"burger": (1, 2), "swipe": (0, 1)}
    assert counts(found["P3"]) == {"burger": (0, 2), "swipe": (1, 1)}
    assert counts(found["P4"]) == {"burger": (1, 2), "swipe": (0, 1)}
    assert found["P4"]["participants"] == ["P01", "P02"]


def test_a_recommendation_settles_like_a_description(
    ready: Cli, isolated: Path, checkout_protocol: Path
) -> None:
    session = start(ready)
    ready("log", session, "task_start", "-t", "guest-checkout", "--at", at(1))
    problem(ready, session, "P1", 8, "--recommendation", "later")
    problem(ready, session, "P1", 5)
    early = problem(ready, session, "P1", 6, "--recommendation", "  Show the field  ")
    ready("log", session, "task_end", "-o", "success", "--at", at(10))
    assert shown(ready)["P1"]["recommendation"] == "Show the field"
    # The same events in another order recommend the same.
    lines = ready("export", "checkout-form").stdout.splitlines()
    assert any(json.loads(line)["data"].get("recommendation") == "Show the field"
               for line in lines)  # fmt: skip
    other = store_at(isolated, "other", checkout_protocol)
    other("import", write(isolated / "r.jsonl", "\n".join([lines[0], *reversed(lines[1:])])))
    assert shown(other)["P1"]["recommendation"] == "Show the field"
    ready("log", session, "undo", "--target", early, "--at", at(11))
    assert shown(ready)["P1"]["recommendation"] == "later"
    # In a problems CSV, the first row that gives one gives it; the column is optional.
    csv = write(
        isolated / "p.csv",
        "study,participant,problem,severity,recommendation\n"
        "checkout-form,P02,P7,1,\ncheckout-form,P03,P7,1,Darker footer text\n"
        "checkout-form,P04,P7,1,Bigger footer\n",
    )
    ready("import", csv, "--kind", "problems")
    assert shown(ready)["P7"]["recommendation"] == "Darker footer text"
    plain = write(isolated / "q.csv", "study,participant,problem,severity\ncheckout-form,P2,P8,2\n")
    ready("import", plain, "--kind", "problems")
    assert shown(ready)["P8"]["recommendation"] is None
    table = ready("problems", "checkout-form").stdout
    assert "later" in table and "Darker footer text" in table and "1 cosmetic" in table


def test_a_bad_recommendation_is_refused_naming_where(ready: Cli, isolated: Path) -> None:
    session = start(ready)
    for given, why in (
        ("  ", "--recommendation: must not be empty, got '  '"),
        ("caf\udce9", "'caf\\udce9' is not valid UTF-8 text"),
    ):
        refused = ready("log", session, "problem", "--problem", "P1", "--severity", "2",
                        "--recommendation", given, code=1)  # fmt: skip
        assert refused.stderr.startswith("Error: ") and why in refused.stderr
        assert len(refused.stderr.splitlines()) == 1
    refused = ready("log", session, "note", "-n", "x", "--recommendation", "y", code=1)
    assert "recommendation belongs to problem, not to note" in refused.stderr
    problem(ready, session, "P1", 1, "--recommendation", "fine")
    lines = ready("export", "checkout-form").stdout.splitlines()
    event = json.loads(lines[-1])
    for value, why in (
        ("", "a recommendation needs text"),
        ("\ud800", "not Unicode text: a lone surrogate escape such as \\ud800"),
    ):
        bad = {**event, "id": "00000000-0000-4000-8000-00000000000b"}
        bad["data"] = {**event["data"], "recommendation": value}
        path = write(isolated / "bad.jsonl", json.dumps(bad) + "\n")
        refused = ready("import", path, code=1)
        assert f"{path}:1: {why}" in refused.stderr and "nothing was imported" in refused.stderr
    latin1 = isolated / "latin1.csv"
    latin1.write_bytes(b"study,participant,problem,severity,recommendation\n"
                     b"checkout-form,P01,P2,1,caf\xe9\n")  # fmt: skip
    refused = ready("import", str(latin1), "--kind", "problems", code=1)
    assert refused.stderr.startswith(f"Error: {latin1}:2: not UTF-8 text")
    assert "P2" not in shown(ready)


def test_recommendations_travel_by_jsonl_and_sync(
    ready: Cli, isolated: Path, checkout_protocol: Path
) -> None:
    session = start(ready)
    task(ready, session, "apply-coupon", 1, 9)
    problem(ready, session, "P1", 5, "--recommendation", "Open the coupon field")
    csv = write(
        isolated / "p.csv",
        "study,participant,problem,severity,recommendation\ncheckout-form,P09,P7,1,Darker text\n",
    )
    ready("import", csv, "--kind", "problems")
    expected = shown(ready)
    assert expected["P1"]["recommendation"] == "Open the coupon field"
    copy = store_at(isolated, "copy", checkout_protocol)
    copy("import", write(isolated / "e.jsonl", ready("export", "checkout-form").stdout))
    assert shown(copy)["P1"]["recommendation"] == "Open the coupon field"
    team = Cli(str(isolated / "team.db"))
    ready("sync", "--to", team.db)
    ready("sync", "--to", team.db)
    assert shown(team) == expected
