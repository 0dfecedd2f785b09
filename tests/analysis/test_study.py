"""The whole-study analysis: independent of row order, n on every figure, nulls with reasons."""

from __future__ import annotations

import json
import random
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import valid_analysis
from uxlab.analysis.data import AttemptFacts, StudyData
from uxlab.analysis.questionnaires import sus_score
from uxlab.analysis.study import analyze_study

DEFINITION: dict[str, Any] = {
    "study": "s",
    "design": "between",
    "variants": {"A": "a", "B": "b"},
    "tasks": [{"id": "t1", "target_time": 60.0, "optimal_steps": 4}, {"id": "t2"}],
    "questionnaires": {"post_task": ["seq"], "post_session": ["sus", "nps"], "items": []},
    "benchmarks": {"completion": 0.78, "seq": 5.5, "sus": 68},
}

rows = st.lists(
    st.tuples(
        st.sampled_from(["t1", "t2"]),
        st.sampled_from(["A", "B"]),
        st.sampled_from(["success", "failure", "abandoned", "timeout"]),
        st.floats(1, 600),
        st.integers(0, 4),
        st.integers(1, 10),
        st.integers(1, 7),
    ),
    max_size=30,
)
surveys = st.lists(
    st.tuples(
        st.sampled_from(["A", "B"]),
        st.lists(st.integers(1, 5), min_size=10, max_size=10),
        st.integers(0, 10),
    ),
    max_size=10,
)


def build(attempts: list[Any], answers: list[Any], order: random.Random | None) -> StudyData:
    """StudyData as the store would give it, with rows in the order `order` shuffles them to."""
    attempts = [(f"s{i}", *row) for i, row in enumerate(attempts)]
    answers = [(f"s{i}", *row) for i, row in enumerate(answers)]
    if order is not None:
        order.shuffle(attempts)
        order.shuffle(answers)
    data = StudyData(participants=len(attempts))
    for session, task, variant, outcome, seconds, errors, steps, seq in attempts:
        cell = data.cell(task, variant)
        cell.attempts += 1
        cell.successes += outcome == "success"
        cell.errors += errors
        cell.with_errors += 1
        cell.error_free += errors == 0
        cell.with_abandonment += 1
        cell.gave_up += outcome in ("abandoned", "timeout")
        cell.by_session[session] = AttemptFacts(outcome, seconds, steps, errors)
        cell.seq[session] = seq
    for session, variant, sus, nps in answers:
        data.sus.setdefault(variant, {})[session] = sus_score(sus)
        data.answers.setdefault(variant, {}).setdefault("nps", {})[session] = {"1": nps}
    return data


@settings(max_examples=80, deadline=None)
@given(rows, surveys, st.randoms(use_true_random=False))
def test_results_do_not_depend_on_row_order(
    attempts: list[Any], answers: list[Any], order: random.Random
) -> None:
    first = analyze_study(DEFINITION, build(attempts, answers, None))
    again = analyze_study(DEFINITION, build(attempts, answers, order))
    assert json.dumps(first, sort_keys=True) == json.dumps(again, sort_keys=True)
    for task in first["tasks"]:
        completion = task["completion"]
        assert completion["n"] == task["attempts"]
        if completion["rate"] is not None:
            low, high = completion["ci"]
            assert 0 <= low <= completion["rate"] <= high <= 1
        if task["seq"]["ci"] is not None:  # clipped to the scale (SPEC §6)
            assert 1 <= task["seq"]["ci"][0] <= task["seq"]["mean"] <= task["seq"]["ci"][1] <= 7
        time = task["time_on_task"]
        if time["ci_s"] is not None:
            assert time["ci_s"][0] <= time["geometric_mean_s"] * (1 + 1e-9)
            assert time["geometric_mean_s"] <= time["ci_s"][1] * (1 + 1e-9)


def test_intervals_stay_on_their_scales() -> None:
    # Unclipped, these t intervals reach 8.4 on SEQ and 143.5 on SUS (issue 12's report).
    data = build(
        [("t1", "A", "success", 20.0, 0, 4, seq) for seq in (7, 7, 7, 2)],
        [("A", sus, 9) for sus in ([5, 1] * 5, [5, 1] * 5, [3] * 10)],
        None,
    )
    result = analyze_study(DEFINITION, data)
    seq = result["tasks"][0]["seq"]
    assert seq["ci"][1] == 7 and seq["ci"][0] < seq["mean"] == 5.75
    sus = result["questionnaires"]["A"]["sus"]
    assert sus["ci"][1] == 100 and sus["ci"][0] < sus["mean"]


def test_empty_study_is_all_nulls_with_reasons() -> None:
    result = analyze_study(DEFINITION, StudyData())
    assert result["participants"] == 0
    first = result["tasks"][0]
    assert first["completion"] == {
        "n": 0,
        "successes": 0,
        "rate": None,
        "best_estimate": None,
        "ci": None,
        "reason": "no attempts",
    }
    # The rates of a task without attempts say why on the task; counts say it themselves.
    assert (first["abandonment_rate"], first["reason"]) == (None, "no attempts")
    assert (first["abandonment_n"], first["abandonment_reason"]) == (0, "no attempts")
    for count in ("errors", "assists"):
        assert (first[count]["total"], first[count]["reason"]) == (None, "no attempts")
    assert first["time_on_task"]["reason"] == "no values"
    assert first["time_on_task"]["median_ci_reason"] == "no times"
    assert first["seq"] == {"n": 0, "mean": None, "ci": None, "reason": "no values"}
    assert first["efficiency"]["reason"] == "no values"
    assert result["tasks"][2]["efficiency"]["reason"] == "no optimal_steps in the protocol"
    assert result["questionnaires"]["A"]["sus"]["mean"] is None
    # Every comparison the design allows is there, null with the reason: NPS too.
    assert [(row["task"], row["metric"]) for row in result["comparisons"]] == [
        ("t1", "completion"), ("t1", "time"), ("t1", "errors"), ("t1", "seq"),
        ("t2", "completion"), ("t2", "time"), ("t2", "errors"), ("t2", "seq"),
        (None, "sus"), (None, "nps"),
    ]  # fmt: skip
    for row in result["comparisons"]:
        assert row["p_value"] is None and row["difference"] is None and row["reason"]
    assert json.loads(json.dumps(result)) == result


def test_figures_use_counts_and_facts() -> None:
    data = build(
        [("t1", "A", "success", 20.0, 0, 4, 6), ("t1", "A", "failure", 90.0, 2, 9, 2)],
        [("A", [3] * 10, 9)],
        None,
    )
    result = analyze_study(DEFINITION, data)
    t1 = result["tasks"][0]
    assert (t1["attempts"], t1["completion"]["successes"], t1["errors"]["total"]) == (2, 1, 2)
    assert t1["errors"]["error_free_rate"] == 0.5
    assert t1["efficiency"]["mean_ratio"] == 1.0  # successful attempts only
    assert t1["time_on_task"]["n"] == 1
    assert t1["benchmarks"]["completion"]["test"] == "binomial mid-p"
    assert result["questionnaires"]["A"]["nps"]["score"] == 100.0
    assert result["questionnaires"]["A"]["sus"]["mean"] == 50.0


def test_abandonment_is_over_the_attempts_that_recorded_it() -> None:
    # The store counts an attempt's abandonment only where its session's source could say
    # (not a results CSV's 1/0 outcome): the share is over those, null where there are none.
    data = build([("t1", "A", o, 30.0, 0, 4, 5) for o in ("abandoned", "success")], [], None)
    data.cell("t1", "A").attempts += 3  # three more attempts, from 1/0 rows
    data.cell("t2", "A").attempts = 2
    result = valid_analysis(analyze_study(DEFINITION, data))
    t1, t2 = result["tasks"][0], result["tasks"][2]
    assert (t1["abandonment_rate"], t1["abandonment_n"]) == (0.5, 2)
    assert "abandonment_reason" not in t1
    assert (t2["abandonment_rate"], t2["abandonment_n"]) == (None, 0)
    assert t2["abandonment_reason"] == "not recorded" and "reason" not in t2


def benjamini_hochberg(p_values: list[float]) -> list[float]:
    """The step-up adjustment as Benjamini & Hochberg (1995) define it: p_(i) · m / i, made
    monotone from the largest p down, capped at 1."""
    m = len(p_values)
    order = sorted(range(m), key=lambda i: p_values[i])
    adjusted = [0.0] * m
    running = 1.0
    for rank in range(m, 0, -1):
        i = order[rank - 1]
        running = min(running, p_values[i] * m / rank)
        adjusted[i] = running
    return adjusted


def test_benjamini_hochberg_as_published() -> None:
    # Benjamini & Hochberg (1995), J. R. Statist. Soc. B 57(1), p. 296: of these 15 p-values,
    # the procedure at q = 0.05 rejects the four smallest.
    published = [0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459,
                 0.3240, 0.4262, 0.5719, 0.6528, 0.7590, 1.000]  # fmt: skip
    assert [p <= 0.05 for p in benjamini_hochberg(published)] == [True] * 4 + [False] * 11


@settings(max_examples=60, deadline=None)
@given(rows, surveys)
def test_every_comparison_says_its_kind_and_its_adjusted_p(
    attempts: list[Any], answers: list[Any]
) -> None:
    from scipy.stats import false_discovery_control

    result = analyze_study(DEFINITION, build(attempts, answers, None))
    assert result["adjustment"] == "benjamini-hochberg"
    rows = result["comparisons"]
    tested = [row for row in rows if row["p_value"] is not None]
    for row in rows:
        assert row["difference_kind"] == ("a / b" if row["metric"] == "time" else "a - b")
        if row["p_value"] is None:
            assert row["p_adjusted"] is None
    if tested:
        ours = [row["p_adjusted"] for row in tested]
        p_values = [row["p_value"] for row in tested]
        assert ours == pytest.approx(benjamini_hochberg(p_values), abs=1e-12)
        assert ours == pytest.approx(list(false_discovery_control(p_values)), abs=1e-12)


def test_errors_per_attempt_are_compared_with_welchs_t() -> None:
    # SPEC §6: errors per attempt are compared where recorded; between variants, Welch's t on
    # each attempt's error count (checked against scipy's ttest_ind with equal_var=False).
    from scipy import stats

    errors_a, errors_b = [0, 1, 3, 2, 0], [0, 0, 1, 0]
    data = build(
        [("t1", "A", "success", 30.0, e, 5, 5) for e in errors_a]
        + [("t1", "B", "success", 30.0, e, 5, 5) for e in errors_b],
        [],
        None,
    )
    row = next(c for c in analyze_study(DEFINITION, data)["comparisons"] if c["metric"] == "errors")
    expected = stats.ttest_ind(errors_a, errors_b, equal_var=False)
    assert (row["task"], row["test"], row["n_a"], row["n_b"]) == ("t1", "welch t", 5, 4)
    assert row["p_value"] == pytest.approx(expected.pvalue, abs=1e-12)
    assert row["statistic"] == pytest.approx(expected.statistic, abs=1e-12)
    assert row["difference"] == pytest.approx(1.2 - 0.25)
    low, high = expected.confidence_interval(0.95)
    assert row["ci"] == pytest.approx([low, high], abs=1e-9)


def test_errors_not_recorded_are_not_compared() -> None:
    data = build([("t1", v, "success", 30.0, 0, 5, 5) for v in "AABB"], [], None)
    for cell in data.cells.values():
        cell.by_session = {
            s: AttemptFacts(f.outcome, f.time_s, f.steps, None) for s, f in cell.by_session.items()
        }
    row = next(c for c in analyze_study(DEFINITION, data)["comparisons"] if c["metric"] == "errors")
    assert (row["p_value"], row["ci"], row["reason"]) == (None, None, "not recorded")
