"""The whole-study analysis: independent of row order, n on every figure, nulls with reasons."""

from __future__ import annotations

import json
import random
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from uxlab.analysis.study import analyze_study
from uxlab.recording.derive import TaskAttempt
from uxlab.recording.results import Answer, SessionResults

T0 = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
DEFINITION: dict[str, Any] = {
    "study": "s",
    "design": "between",
    "variants": {"A": "a", "B": "b"},
    "tasks": [{"id": "t1", "target_time": 60.0, "optimal_steps": 4}, {"id": "t2"}],
    "questionnaires": {"post_task": ["seq"], "post_session": ["sus", "nps"], "items": []},
    "benchmarks": {"completion": 0.78, "seq": 5.5, "sus": 68},
}

attempts = st.tuples(
    st.sampled_from(["t1", "t2"]),
    st.sampled_from(["success", "failure", "abandoned", "timeout", "skipped"]),
    st.floats(1, 600),
    st.integers(0, 4),
    st.integers(1, 10),
    st.integers(1, 7),
)
people = st.lists(
    st.tuples(
        st.sampled_from(["A", "B"]),
        st.lists(attempts, max_size=3),
        st.lists(st.integers(1, 5), min_size=10, max_size=10),
        st.integers(0, 10),
    ),
    max_size=12,
)


def sessions(spec: list[Any]) -> list[SessionResults]:
    built = []
    for number, (variant, tries, sus, nps) in enumerate(spec):
        found, answers = [], []
        for index, (task, outcome, seconds, errors, steps, seq) in enumerate(tries):
            start = T0 + timedelta(minutes=10 * index)
            found.append(
                TaskAttempt(
                    task,
                    variant,
                    outcome,
                    start,
                    start + timedelta(seconds=seconds),
                    seconds,
                    0.0,
                    errors,
                    0,
                    steps,
                    0,
                )
            )
            answers.append(Answer("seq", "1", seq, task, start + timedelta(seconds=seconds)))
        answers += [
            Answer("sus", str(i + 1), v, None, T0 + timedelta(hours=1)) for i, v in enumerate(sus)
        ]
        answers.append(Answer("nps", "1", nps, None, T0 + timedelta(hours=1)))
        built.append(
            SessionResults(
                uuid.uuid4(), f"P{number}", variant, "completed", T0, None, None, found, answers, []
            )
        )
    return built


@settings(max_examples=60, deadline=None)
@given(people, st.randoms(use_true_random=False))
def test_results_do_not_depend_on_row_order(spec: list[Any], shuffle: random.Random) -> None:
    ordered = sessions(spec)
    shuffled = list(ordered)
    shuffle.shuffle(shuffled)
    first = analyze_study(DEFINITION, ordered)
    again = analyze_study(DEFINITION, shuffled)
    assert json.dumps(first, sort_keys=True) == json.dumps(again, sort_keys=True)
    for task in first["tasks"]:
        completion = task["completion"]
        assert completion["n"] == task["attempts"]
        if completion["rate"] is not None:
            assert 0 <= completion["rate"] <= 1
            low, high = completion["ci"]
            assert 0 <= low <= completion["rate"] <= high <= 1
        time = task["time_on_task"]
        if time["ci_s"] is not None:
            assert time["ci_s"][0] <= time["geometric_mean_s"] * (1 + 1e-9)


def test_empty_study_is_all_nulls_with_reasons() -> None:
    result = analyze_study(DEFINITION, [])
    assert result["participants"] == 0
    first = result["tasks"][0]
    assert first["completion"] == {
        "n": 0,
        "successes": 0,
        "rate": None,
        "best_estimate": None,
        "ci": None,
    }
    assert first["time_on_task"]["reason"] == "no values"
    assert first["seq"] == {"n": 0, "mean": None, "ci": None, "reason": "no values"}
    assert result["questionnaires"]["A"]["sus"]["mean"] is None
    assert result["comparisons"] == []
    assert json.loads(json.dumps(result)) == result


def test_last_finished_attempt_counts_and_skips_are_apart() -> None:
    spec = [
        (
            "A",
            [
                ("t1", "failure", 30.0, 1, 3, 3),
                ("t1", "success", 20.0, 0, 4, 6),
                ("t2", "skipped", 5.0, 0, 1, 4),
            ],
            [3] * 10,
            9,
        )
    ]
    result = analyze_study(DEFINITION, sessions(spec))
    t1 = next(t for t in result["tasks"] if (t["task"], t["variant"]) == ("t1", "A"))
    t2 = next(t for t in result["tasks"] if (t["task"], t["variant"]) == ("t2", "A"))
    assert (t1["attempts"], t1["completion"]["successes"], t1["errors"]["total"]) == (1, 1, 0)
    assert t1["efficiency"]["mean_ratio"] == 1.0
    assert (t2["attempts"], t2["skipped"]) == (0, 1)
    assert t1["benchmarks"]["completion"]["test"] == "binomial mid-p"
    assert result["questionnaires"]["A"]["nps"]["score"] == 100.0
