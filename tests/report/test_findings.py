"""The report's words against the analysis JSON: a direction ("B was faster", "completed more
often", "rated higher") only where the comparison's interval excludes no difference, and the
summary honest about how many tests were made."""

from __future__ import annotations

import re
from typing import Any

from hypothesis import given, settings

from tests.analysis.test_study import DEFINITION, build, rows, surveys
from uxlab.analysis.study import analyze_study
from uxlab.report.findings import comparison_sentence, key_findings, multiplicity
from uxlab.report.numbers import points, signed
from uxlab.report.scorecard import scorecard, verdict

DIRECTED = re.compile(r"was faster|more often|rated higher|had fewer errors")
WINNING = re.compile(r"better|faster|fewer errors|rated higher")
# Lower is better for time and errors; every rating and score is better higher.
HIGHER_IS_BETTER = {"completion": True, "time": False, "errors": False}


def excludes_no_difference(row: dict[str, Any]) -> bool:
    """Read from the JSON alone: 0 for a difference, 1 for a ratio (SPEC §6)."""
    if row["ci"] is None:
        return False
    none = {"a - b": 0.0, "a / b": 1.0}[row["difference_kind"]]
    return row["ci"][0] > none or row["ci"][1] < none


def expected_winner(row: dict[str, Any]) -> str:
    """The better variant by the JSON alone: the higher one where higher is better."""
    none = {"a - b": 0.0, "a / b": 1.0}[row["difference_kind"]]
    a_higher = row["difference"] > none
    return row["a"] if a_higher == HIGHER_IS_BETTER.get(row["metric"], True) else row["b"]


@settings(max_examples=60, deadline=None)
@given(rows, surveys)
def test_a_direction_only_where_the_interval_excludes_no_difference(
    attempts: list[Any], answers: list[Any]
) -> None:
    result = analyze_study(DEFINITION, build(attempts, answers, None))
    alpha = 1 - result["confidence"]
    for row in result["comparisons"]:
        sentence = comparison_sentence(row, {}, result["confidence"])
        assert bool(DIRECTED.search(sentence)) == excludes_no_difference(row), sentence
        if row["ci"] is None:
            assert "not compared (" in sentence
        elif not excludes_no_difference(row):
            assert "no difference in" in sentence
        # The scorecard's cell says the same as the JSON: a winner only where the interval
        # excludes no difference, the right one, and marked only if it survives adjustment.
        said = verdict(row, alpha)
        assert bool(WINNING.search(said.headline)) == excludes_no_difference(row), said
        if excludes_no_difference(row):
            assert said.winner == expected_winner(row)
            assert said.headline.startswith(said.winner)
            assert said.survives == (row["p_adjusted"] < alpha)
        else:
            assert said.winner is None and not said.survives
            assert said.headline == (
                "not compared" if row["ci"] is None else "no difference detected"
            )
    card = scorecard(DEFINITION, result)
    study_rows = {row.key for row in card.study}
    shown = [
        r
        for r in result["comparisons"]
        if (r["task"] is None and r["metric"] in study_rows) or r["metric"] in card.metrics
    ]
    assert len(card.verdicts) == len(shown)
    summary = key_findings(DEFINITION, result, {})
    assert 1 <= len(summary) <= 5 or not result["comparisons"]
    directed = [s for s in summary if DIRECTED.search(s)]
    assert len(directed) <= sum(map(excludes_no_difference, result["comparisons"]))
    for sentence in directed:
        assert sentence.endswith(("(survives the adjustment).", "(not after the adjustment)."))
    tested = [row for row in result["comparisons"] if row["p_value"] is not None]
    sentence = multiplicity(result)
    assert (sentence is None) == (not tested)
    if tested:
        said = "1 comparison was" if len(tested) == 1 else f"{len(tested)} comparisons were"
        assert sentence.startswith(f"{said} tested;")
    if result["comparisons"] and not any(map(excludes_no_difference, result["comparisons"])):
        assert any(s.startswith("No difference between the variants was detected") for s in summary)


def test_a_zero_difference_is_no_win() -> None:
    # Issue 12: "B was completed more often: A − B = 0% … p = 1.000" on the demo.
    row = {
        "task": "t1", "metric": "completion", "a": "A", "b": "B", "difference_kind": "a - b",
        "test": "n-1 two-proportion", "p_value": 1.0, "p_adjusted": 1.0, "difference": 0.0,
        "ci": [-0.26, 0.26],
    }  # fmt: skip
    sentence = comparison_sentence(row, {"t1": "Change the address"}, 0.95)
    assert sentence == (
        "On “Change the address”, no difference in completion was detected: A − B = 0 pts "
        "(95% CI −26 pts to +26 pts); N−1 two-proportion test, p = 1.000, adjusted p = 1.000."
    )


def test_a_bound_near_zero_never_reads_as_zero() -> None:
    # Issue 12: "95% CI −57% to 0%" beside p = .032; the bound was −0.3 points.
    assert points(-0.003) == "−0.3 pts"
    assert points(0.33) == "+33 pts" and points(0.0) == "0 pts"


def test_the_scorecard_reads_every_study_level_comparison() -> None:
    # The questionnaires object spells UMUX-Lite `umux_lite`, its comparison `umux-lite`.
    result = {
        "confidence": 0.95,
        "tasks": [],
        "questionnaires": {
            "A": {"umux_lite": {"n": 8, "mean": 61.0, "ci": [50.0, 72.0]}},
            "B": {"umux_lite": {"n": 8, "mean": 80.0, "ci": [71.0, 89.0]}},
        },
        "comparisons": [
            {
                "task": None, "metric": "umux-lite", "a": "A", "b": "B",
                "difference_kind": "a - b", "test": "welch t", "p_value": 0.004,
                "p_adjusted": 0.004, "difference": -19.0, "ci": [-31.0, -7.0],
            }
        ],
    }  # fmt: skip
    definition = {"tasks": [], "questionnaires": {"post_task": [], "post_session": []}}
    (row,) = scorecard(definition, result).study
    assert (row.key, row.label) == ("umux-lite", "UMUX-Lite (0–100)")
    (said,) = row.cells["score"].verdicts
    assert (said.headline, said.detail, said.survives) == (
        "B rated higher",
        "by 19.0 [7.0, 31.0]",
        True,
    )


def test_a_bound_beside_a_direction_never_reads_as_zero() -> None:
    # Review of issue 12: "A rated higher: +1.0 [+0.0, +2.0]" where the bound was 0.00105.
    assert signed(0.00105) == "+0.001" and signed(-0.00905) == "−0.01" and signed(0.0) == "+0.0"
    row = {
        "task": "t2", "metric": "seq", "a": "A", "b": "B", "difference_kind": "a - b",
        "test": "welch t", "p_value": 0.0498, "p_adjusted": 0.2, "difference": 1.0,
        "ci": [0.00105, 1.9989],
    }  # fmt: skip
    said = verdict(row, 0.05)
    assert (said.headline, said.detail) == ("A rated higher", "by 1.0 [0.001, 2.0]")
    sentence = comparison_sentence(row, {}, 0.95)
    assert "A − B = +1.0 (95% CI +0.001 to +2.0)" in sentence


def test_no_difference_says_what_it_rules_out_on_each_side() -> None:
    # Review of issue 12: "rules out more than ±64 pts" hid an interval of [−64, +6].
    row = {
        "task": "t1", "metric": "completion", "a": "A", "b": "B", "difference_kind": "a - b",
        "test": "n-1 two-proportion", "p_value": 0.1, "p_adjusted": 0.3, "difference": -0.33,
        "ci": [-0.64, 0.06],
    }  # fmt: skip
    assert (
        verdict(row, 0.05).detail
        == "rules out B better by more than 64 pts, or A by more than 6 pts"
    )
    time = {
        **row,
        "metric": "time",
        "difference_kind": "a / b",
        "difference": 1.2,
        "ci": [0.8, 2.0],
    }
    assert (
        verdict(time, 0.05).detail
        == "rules out B faster by more than 2.00×, or A by more than 1.25×"
    )
    errors = {**row, "metric": "errors", "difference": 0.2, "ci": [-0.3, 0.7]}
    # A − B above 0: A makes more errors, so B is better on that side.
    assert (
        verdict(errors, 0.05).detail
        == "rules out B better by more than 0.70, or A by more than 0.30"
    )


def test_benchmark_words_and_their_p_agree() -> None:
    # Review of issue 12: "A not met (mid-p = .996)" beside a finding of one-sided p = .004.
    from uxlab.report.scorecard import Standing

    definition = {
        "tasks": [{"id": "t1", "title": "T1", "target_time": 60.0}],
        "questionnaires": {"post_task": [], "post_session": ["sus"]},
        "benchmarks": {"completion": 0.78},  # no SUS benchmark, but SUS answers: no crash
    }
    completion = {"n": 12, "successes": 5, "rate": 5 / 12, "best_estimate": 0.42, "ci": [0.2, 0.7]}
    test = {
        "test": "binomial mid-p",
        "statistic": 5.0,
        "p_value": 0.996,
        "difference": -0.36,
        "ci": None,
    }
    result = {
        "confidence": 0.95,
        "tasks": [
            {
                "task": "t1", "variant": "A", "completion": completion,
                "time_on_task": {"geometric_mean_s": 70.0}, "errors": {"n": 0},
                "seq": {"n": 0}, "benchmarks": {"completion": test},
            }
        ],
        "questionnaires": {"A": {"sus": {"n": 5, "mean": 70.0, "ci": [60.0, 80.0], "grade": "C+"}}},
        "comparisons": [],
    }  # fmt: skip
    card = scorecard(definition, result)
    cell = card.tasks[0].cells["completion"]
    assert cell.standings == [Standing("A", "not met", "mid-p = .004")]
    assert [row.key for row in card.study] == ["sus"] and card.study[0].cells[
        "score"
    ].benchmark is None


def test_a_serious_frequent_problem_is_a_key_finding() -> None:
    from uxlab.report.findings import key_findings

    problem = {
        "id": "P1", "severity": 3, "frequency": 11 / 24,
        "participants": [f"P{i}" for i in range(11)],
        "tasks": ["t1"], "description": "The coupon field hides", "recommendation": "Show it",
        "per_variant": {"A": {"participants": 7, "of": 12}, "B": {"participants": 4, "of": 12}},
    }  # fmt: skip
    definition = {"tasks": [], "variants": {"A": "a", "B": "b"}}
    result = {"confidence": 0.95, "tasks": [], "questionnaires": {}, "comparisons": []}
    assert key_findings(definition, result, {}, [problem]) == [
        "Problem P1 (major) was met by 11 participants (7 of 12 on A, 4 of 12 on B): The coupon "
        "field hides. Recommendation: Show it."
    ]
    minor = {**problem, "severity": 2}
    rare = {**problem, "frequency": 0.1}
    assert key_findings(definition, result, {}, [minor, rare]) == []


def test_a_ratio_bound_never_reads_as_no_difference() -> None:
    # Second review of issue 12: "B faster: A takes 1.20× as long [1.00, 1.40]" for 1.003.
    from uxlab.report.numbers import ratio

    assert (ratio(1.003), ratio(0.997), ratio(1.0), ratio(1.2)) == (
        "1.003",
        "0.997",
        "1.00",
        "1.20",
    )
    row = {
        "task": "t1", "metric": "time", "a": "A", "b": "B", "difference_kind": "a / b",
        "test": "welch t on log times", "p_value": 0.045, "p_adjusted": 0.2, "difference": 1.2,
        "ci": [1.003, 1.4],
    }  # fmt: skip
    assert verdict(row, 0.05).detail == "A takes 1.20× as long [1.003, 1.40]"
    assert "(95% CI 1.003 to 1.40)" in comparison_sentence(row, {}, 0.95)


def test_what_fails_everywhere_keeps_its_place_among_many_differences() -> None:
    # Second review of issue 12: five surviving differences pushed out a task that fails on
    # every variant, the very finding issue 12 asked for on OpenShift.
    from uxlab.report.findings import key_findings

    def compared(task: str) -> dict[str, Any]:
        return {
            "task": task, "metric": "seq", "a": "A", "b": "B", "difference_kind": "a - b",
            "test": "welch t", "p_value": 0.001, "p_adjusted": 0.002, "difference": -1.0,
            "ci": [-1.5, -0.5],
        }  # fmt: skip

    def attempts(task: str, variant: str, successes: int) -> dict[str, Any]:
        completion = {"n": 40, "successes": successes, "rate": successes / 40,
                      "ci": [successes / 40 - 0.1, successes / 40 + 0.12]}  # fmt: skip
        return {"task": task, "variant": variant, "completion": completion, "benchmarks": {}}

    tasks = [f"t{i}" for i in range(6)]
    definition = {"tasks": [{"id": t} for t in tasks], "variants": {"A": "a", "B": "b"}}
    result = {
        "confidence": 0.95, "participants": 80, "questionnaires": {},
        "comparisons": [compared(t) for t in tasks],
        "tasks": [attempts("t5", "A", 7), attempts("t5", "B", 10)]
        + [attempts(t, v, 36) for t in tasks[:5] for v in "AB"],
    }  # fmt: skip
    found = key_findings(definition, result, {"t5": "Task five"})
    assert len(found) == 5
    assert any(
        s.startswith("“Task five” fails on every variant: completed by 18% on A") for s in found
    )
