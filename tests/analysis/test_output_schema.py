"""The published JSON Schema of `uxlab analyze --json`: every kind of study's output matches it,
and it refuses an output that drifts from SPEC §6. (The `uxlab` fixture checks every
`analyze --json` the tests run; the studies here are those the other tests do not make.)"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from tests.analysis.test_study import DEFINITION, build, rows, surveys
from tests.conftest import Cli, valid_analysis
from tests.datasets import OPENSHIFT_PROTOCOL, openshift_results_csv
from uxlab.analysis.data import AttemptFacts, StudyData
from uxlab.analysis.output_schema import analysis_schema
from uxlab.analysis.study import analyze_study
from uxlab.demo.generate import demo_events
from uxlab.exchange.jsonl import format_line

WITHIN = """\
study: menus
title: Two menus, every participant on both
design: within
variants: {A: Menu A, B: Menu B}
tasks:
  - {id: find, title: Find the setting, scenario: Find it., success: Found, target_time: 40s}
questionnaires: {post_task: [seq], post_session: [sus]}
"""
SINGLE = """\
study: solo
title: One design
design: between
variants: {A: The only design}
tasks:
  - {id: find, title: Find the setting, scenario: Find it., success: Found}
questionnaires: {post_task: [seq], post_session: [sus, nps]}
"""


def analyze(uxlab: Cli, study: str, *options: str) -> dict[str, Any]:
    """`uxlab analyze STUDY --json`, which the fixture checks against the schema."""
    parsed: dict[str, Any] = json.loads(uxlab("analyze", study, "--json", *options).stdout)
    return parsed


def load(uxlab: Cli, folder: Path, protocol: str, results: list[str] | None = None) -> None:
    (folder / "study.yaml").write_text(protocol, "utf-8")
    uxlab("init")
    uxlab("protocol", "load", "study.yaml")
    if results:
        (folder / "results.csv").write_text("\n".join(results) + "\n", "utf-8")
        uxlab("import", "results.csv", "--kind", "results")


def test_the_schema_is_draft_2020_12_and_printed_without_a_study() -> None:
    schema = analysis_schema()
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    uxlab = Cli("no-store-needed.db")
    assert json.loads(uxlab("analyze", "--schema").stdout) == schema
    assert "Missing argument 'STUDY'" in uxlab("analyze", "--json", code=2).stderr


def test_the_demo_with_every_time_or_successful_ones(
    uxlab: Cli, isolated: Path, checkout_protocol: Path
) -> None:
    # The demo's own sessions (`uxlab demo` imports the same events, then writes its report).
    demo = isolated / "demo.jsonl"
    demo.write_text("".join(f"{format_line(e)}\n" for e in demo_events(12)), "utf-8")
    uxlab("init")
    uxlab("protocol", "load", str(checkout_protocol))
    uxlab("import", str(demo))
    successful = analyze(uxlab, "checkout-form")
    every = analyze(uxlab, "checkout-form", "--times", "all", "--confidence", "0.9")
    assert (successful["times"], every["times"]) == ("successful", "all")
    # 4 tasks × completion, time, errors and SEQ, then SUS and NPS.
    assert successful["participants"] == 12 and len(successful["comparisons"]) == 18


def test_a_results_csv_without_errors_and_an_empty_study(uxlab: Cli, isolated: Path) -> None:
    load(uxlab, isolated, OPENSHIFT_PROTOCOL)
    empty = analyze(uxlab, "openshift")
    assert empty["participants"] == 0 and empty["tasks"][0]["completion"]["rate"] is None
    uxlab("import", str(openshift_results_csv(isolated / "os.csv")), "--kind", "results")
    for times in ("successful", "all"):
        result = analyze(uxlab, "openshift", "--times", times)
        assert result["tasks"][0]["errors"]["reason"] == "not recorded"
    # The file has no seq or sus_* columns: SEQ and SUS were not recorded, not merely unanswered.
    assert result["tasks"][0]["seq"]["reason"] == "not recorded"
    assert result["questionnaires"]["A"]["sus"]["reason"] == "not recorded"
    assert {row["reason"] for row in result["comparisons"] if row["metric"] in ("seq", "sus")} == {
        "not recorded"
    }
    only_b = analyze(uxlab, "openshift", "--variant", "B")
    assert only_b["comparisons"] == []


def test_a_within_study_and_a_single_variant(uxlab: Cli, isolated: Path) -> None:
    load(
        uxlab,
        isolated,
        WITHIN,
        [
            "study,participant,variant,task,outcome,time_s,errors,seq",
            "menus,P1,A,find,1,30,0,5",
            "menus,P1,B,find,1,22,1,6",
            "menus,P2,A,find,1,41,2,4",
            "menus,P2,B,find,0,60,0,2",
            "menus,P3,A,find,0,25,1,6",
            "menus,P3,B,find,1,19,3,7",
        ],
    )
    within = analyze(uxlab, "menus")
    assert {row["test"] for row in within["comparisons"]} == {
        "mcnemar mid-p",
        "paired t on log times",
        "paired t",
    }
    # SEQ was in the file, SUS was not.
    assert within["tasks"][0]["seq"]["n"] == 3
    assert within["questionnaires"]["A"]["sus"]["reason"] == "not recorded"
    load(
        uxlab,
        isolated,
        SINGLE,
        [
            "study,participant,variant,task,outcome,time_s,seq",
            "solo,P1,A,find,1,30,5",
            "solo,P2,A,find,0,40,3",
        ],
    )
    assert analyze(uxlab, "solo")["comparisons"] == []


def test_custom_items_umux_lite_and_nps() -> None:
    definition = {
        **DEFINITION,
        "questionnaires": {
            "post_task": ["seq", "confidence"],
            "post_session": ["sus", "umux-lite", "nps", "trust"],
            "items": [
                {"id": "confidence", "min": 1, "max": 5},
                {"id": "trust", "min": 0, "max": 10},
            ],
        },
    }
    data = StudyData(participants=3)
    for number, (rating, umux) in enumerate([(4, (6, 7)), (5, (5, 5)), (2, (7, 6))]):
        session = f"s{number}"
        cell = data.cell("t1", "A")
        cell.attempts += 1
        cell.successes += 1
        cell.by_session[session] = AttemptFacts("success", 30.0 + number, None, None)
        cell.items.setdefault("confidence", {})[session] = rating
        answers = data.answers.setdefault("A", {})
        answers.setdefault("umux-lite", {})[session] = {"1": umux[0], "2": umux[1]}
        answers.setdefault("nps", {})[session] = {"1": 9 - number}
        answers.setdefault("trust", {})[session] = {"1": rating}
    result = valid_analysis(analyze_study(definition, data))
    assert set(result["questionnaires"]["A"]) == {"sus", "umux_lite", "nps", "trust"}
    assert result["tasks"][0]["items"]["confidence"]["n"] == 3


@settings(max_examples=60, deadline=None)
@given(
    rows, surveys, st.sampled_from(["between", "within"]), st.sampled_from(["successful", "all"])
)
def test_generated_studies_match_the_schema(
    attempts: list[Any], answers: list[Any], design: str, times: str
) -> None:
    data = build(attempts, answers, None)
    if design == "within":
        paired_up(data)
    valid_analysis(analyze_study({**DEFINITION, "design": design}, data, times=times))


def paired_up(data: StudyData) -> None:
    """The same participants on every variant: each variant's n-th session is participant n."""
    for cell in data.cells.values():
        cell.by_session = {f"p{n}": f for n, f in enumerate(cell.by_session.values())}
        cell.seq = {f"p{n}": value for n, value in enumerate(cell.seq.values())}
    for variant, scores in data.sus.items():
        data.sus[variant] = {f"p{n}": score for n, score in enumerate(scores.values())}


def _comparison(metric: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    return lambda output: next(row for row in output["comparisons"] if row["metric"] == metric)


DRIFTS: dict[str, Callable[[dict[str, Any]], None]] = {
    "a key removed": lambda o: o["tasks"][0]["completion"].pop("successes"),
    "a key added": lambda o: o["tasks"][0].update(errors_per_minute=0.5),
    "a rate of 1.2": lambda o: o["tasks"][0]["completion"].update(rate=1.2),
    "a p-value of -0.1": lambda o: _comparison("seq")(o).update(p_value=-0.1),
    "difference_kind 'ratio'": lambda o: _comparison("time")(o).update(difference_kind="ratio"),
    "a time ratio called a - b": lambda o: _comparison("time")(o).update(difference_kind="a - b"),
    "an interval of three": lambda o: o["tasks"][0]["seq"].update(ci=[4.0, 5.0, 6.0]),
    "SEQ beyond 7": lambda o: o["tasks"][0]["seq"].update(ci=[3.3, 8.4]),
    "SUS beyond 100": lambda o: o["questionnaires"]["A"]["sus"].update(ci=[16.5, 143.5]),
    "a null without its reason": lambda o: o["tasks"][0]["seq"].update(ci=None),
    "errors not recorded as zero": lambda o: o["tasks"][0]["errors"].update(
        n=0, total=None, mean_per_attempt=None
    ),
    "p_adjusted missing": lambda o: _comparison("completion")(o).pop("p_adjusted"),
    "another adjustment": lambda o: o.update(adjustment="bonferroni"),
    "a paired test between": lambda o: _comparison("seq")(o).update(test="paired t"),
    "SUS compared on a task": lambda o: _comparison("sus")(o).update(task="t1"),
    "an unknown design": lambda o: o.update(design="mixed"),
    "a median interval null without why": lambda o: o["tasks"][0]["time_on_task"].pop(
        "median_ci_reason"
    ),
    "no attempts without why": lambda o: o["tasks"][2]["completion"].pop("reason"),
    "a task of no attempts without why": lambda o: o["tasks"][2].pop("reason"),
    "an abandonment rate null without why": lambda o: o["tasks"][2].pop("abandonment_reason"),
    "abandonment without its n": lambda o: o["tasks"][0].pop("abandonment_n"),
    "an abandonment reason of its own": lambda o: o["tasks"][0].update(
        abandonment_n=0, abandonment_rate=None, abandonment_reason="no values"
    ),
    "errors of no attempts without why": lambda o: o["tasks"][2]["errors"].pop("reason"),
    "a statistic null without why": lambda o: _comparison("seq")(o).update(statistic=None),
    "a SEQ difference beyond 6": lambda o: _comparison("seq")(o).update(ci=[-7.0, 1.0]),
    "an NPS difference beyond 200": lambda o: _comparison("nps")(o).update(ci=[-10.0, 250.0]),
    "NPS compared on a task": lambda o: _comparison("nps")(o).update(task="t1"),
    "a custom item as a proportion": lambda o: _comparison("seq")(o).update(
        metric="confidence", test="n-1 two-proportion"
    ),
}


@pytest.mark.parametrize("drift", DRIFTS, ids=list(DRIFTS))
def test_the_schema_refuses_drift(drift: str) -> None:
    data = build(
        [("t1", v, o, s, 1, 5, r) for v in "AB" for o, s, r in [("success", 20, 6)] * 2]
        + [("t1", "A", "failure", 70, 3, 9, 2)],
        [(v, [4, 2] * 5, 9) for v in "AABB"],
        None,
    )
    output = valid_analysis(analyze_study(DEFINITION, data))
    drifted = copy.deepcopy(output)
    DRIFTS[drift](drifted)
    with pytest.raises(AssertionError, match="does not match its schema"):
        valid_analysis(drifted)
