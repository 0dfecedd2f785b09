"""Every comparison the design allows (SPEC §6 honesty rules): custom post-task items per task,
UMUX-Lite, NPS and custom post-session items per study, against scipy; differences of bounded
scales kept to the scale; questionnaires a source did not record null with `not recorded`."""

from __future__ import annotations

from typing import Any

import pytest
from scipy import stats

from tests.analysis.test_study import DEFINITION, build
from tests.conftest import valid_analysis
from uxlab.analysis.compare import net_promoter_difference
from uxlab.analysis.data import AttemptFacts, StudyData
from uxlab.analysis.questionnaires import umux_lite_as_sus, umux_lite_score
from uxlab.analysis.study import analyze_study

CUSTOM: dict[str, Any] = {
    **DEFINITION,
    "questionnaires": {
        "post_task": ["seq", "confidence"],
        "post_session": ["sus", "umux-lite", "nps", "trust"],
        "items": [{"id": "confidence", "min": 1, "max": 5}, {"id": "trust", "min": 0, "max": 10}],
    },
}
# Per variant, one session each: (confidence after t1, UMUX-Lite items, NPS rating, trust).
ANSWERS = {
    "A": [(4, (6, 7), 10, 8), (5, (5, 5), 9, 9), (2, (7, 6), 6, 4), (4, (4, 5), 8, 7)],
    "B": [(2, (3, 4), 3, 2), (3, (4, 4), 7, 5), (1, (2, 3), 5, 3)],
}


def answered(within: bool = False) -> StudyData:
    """Sessions s<variant><n>; within a design, the n-th session of every variant is one."""
    data = StudyData(participants=4)
    for variant, rows in ANSWERS.items():
        for number, (rating, umux, nps, trust) in enumerate(rows):
            session = f"p{number}" if within else f"{variant}{number}"
            cell = data.cell("t1", variant)
            cell.attempts += 1
            cell.successes += 1
            cell.by_session[session] = AttemptFacts("success", 30.0 + number, None, None)
            cell.items.setdefault("confidence", {})[session] = rating
            given = data.answers.setdefault(variant, {})
            given.setdefault("umux-lite", {})[session] = {"1": umux[0], "2": umux[1]}
            given.setdefault("nps", {})[session] = {"1": nps}
            given.setdefault("trust", {})[session] = {"1": trust}
    return data


def row(result: dict[str, Any], metric: str, task: str | None = None) -> dict[str, Any]:
    return next(r for r in result["comparisons"] if (r["task"], r["metric"]) == (task, metric))


def column(index: int, variant: str) -> list[float]:
    return [float(answers[index]) for answers in ANSWERS[variant]]  # type: ignore[arg-type]


def umux(variant: str) -> list[float]:
    return [umux_lite_score(*answers[1]) for answers in ANSWERS[variant]]


# How far apart two scores can be: confidence 1–5, UMUX-Lite 0–100, trust 0–10.
WIDTHS = {"confidence": 4, "umux-lite": 100, "trust": 10}


def within_scale(metric: str, low: float, high: float) -> list[float]:
    """scipy's interval, clipped to what a difference on the scale can be (SPEC §6)."""
    return [max(low, -WIDTHS[metric]), min(high, WIDTHS[metric])]


def test_every_questionnaire_is_compared_between_variants_with_welchs_t() -> None:
    # SPEC §6: "compare SUS / SEQ: Welch t (between)", which the honesty rules extend to every
    # post-task scale and study-level scale; checked against scipy's ttest_ind(equal_var=False).
    result = valid_analysis(analyze_study(CUSTOM, answered()))
    checks = {
        ("t1", "confidence"): (column(0, "A"), column(0, "B")),
        (None, "umux-lite"): (umux("A"), umux("B")),
        (None, "trust"): (column(3, "A"), column(3, "B")),
    }
    for (task, metric), (a, b) in checks.items():
        compared = row(result, metric, task)
        expected = stats.ttest_ind(a, b, equal_var=False)
        low, high = expected.confidence_interval(0.95)
        assert (compared["test"], compared["difference_kind"]) == ("welch t", "a - b")
        assert (compared["n_a"], compared["n_b"]) == (len(a), len(b))
        assert compared["statistic"] == pytest.approx(expected.statistic, rel=1e-9)
        assert compared["p_value"] == pytest.approx(expected.pvalue, rel=1e-9)
        assert compared["difference"] == pytest.approx(sum(a) / len(a) - sum(b) / len(b))
        assert compared["ci"] == pytest.approx(within_scale(metric, low, high), rel=1e-9)


def test_every_questionnaire_is_compared_within_variants_with_the_paired_t() -> None:
    # The same sessions on both variants: scipy's ttest_rel over the sessions with both.
    result = valid_analysis(analyze_study({**CUSTOM, "design": "within"}, answered(True)))
    checks = {
        ("t1", "confidence"): (column(0, "A")[:3], column(0, "B")),
        (None, "umux-lite"): (umux("A")[:3], umux("B")),
        (None, "trust"): (column(3, "A")[:3], column(3, "B")),
    }
    for (task, metric), (a, b) in checks.items():
        compared = row(result, metric, task)
        expected = stats.ttest_rel(a, b)
        low, high = expected.confidence_interval(0.95)
        assert (compared["test"], compared["n_a"], compared["n_b"]) == ("paired t", 3, 3)
        assert compared["statistic"] == pytest.approx(expected.statistic, rel=1e-9)
        assert compared["p_value"] == pytest.approx(expected.pvalue, rel=1e-9)
        assert compared["ci"] == pytest.approx(within_scale(metric, low, high), rel=1e-9)
    assert row(result, "umux-lite")["ci"][1] == 100  # scipy's reaches 107.7


def test_nps_between_variants_is_the_adjusted_wald_difference() -> None:
    result = valid_analysis(analyze_study(CUSTOM, answered()))
    compared = row(result, "nps")
    expected = net_promoter_difference(column(2, "A"), column(2, "B"), 0.95)
    assert (compared["test"], compared["n_a"], compared["n_b"]) == ("adjusted-wald z", 4, 3)
    assert compared["statistic"] == expected.statistic
    assert compared["p_value"] == expected.p_value
    assert compared["ci"] == list(expected.ci or ())
    # Observed: A has 2 promoters and 1 detractor of 4 (+25), B none and 2 of 3 (−66.7).
    assert compared["difference"] == pytest.approx(25 + 200 / 3)


def test_nps_within_variants_has_no_test_and_says_why() -> None:
    result = valid_analysis(analyze_study({**CUSTOM, "design": "within"}, answered(True)))
    compared = row(result, "nps")
    assert (compared["test"], compared["statistic"], compared["p_value"]) == ("none", None, None)
    assert compared["ci"] is None and compared["p_adjusted"] is None
    assert compared["reason"] == (
        "no well-founded paired test of two Net Promoter Scores is published"
    )
    # The three participants who rated both: A +33.3 (10, 9, 6), B −66.7 (3, 7, 5).
    assert compared["difference"] == pytest.approx(100 / 3 + 200 / 3)


def test_the_new_comparisons_count_in_the_adjustment() -> None:
    result = valid_analysis(analyze_study(CUSTOM, answered()))
    tested = [r for r in result["comparisons"] if r["p_value"] is not None]
    assert {"confidence", "umux-lite", "nps", "trust"} <= {r["metric"] for r in tested}
    adjusted = stats.false_discovery_control([r["p_value"] for r in tested])
    assert [r["p_adjusted"] for r in tested] == pytest.approx(list(adjusted), abs=1e-12)


def test_differences_stay_within_what_their_scales_allow() -> None:
    # Two values a side: unclipped, the SEQ interval is −3 ± 38.1 and the SUS one −50 ± 635.
    data = build(
        [("t1", "A", "success", 20.0, 0, 4, seq) for seq in (1, 7)]
        + [("t1", "B", "success", 20.0, 0, 4, 7)] * 2,
        [("A", [1, 5] * 5, 9), ("A", [5, 1] * 5, 9), ("B", [5, 1] * 5, 9), ("B", [5, 1] * 5, 9)],
        None,
    )
    result = valid_analysis(analyze_study(DEFINITION, data))
    assert row(result, "seq", "t1")["ci"] == [-6, 6]
    assert row(result, "sus")["ci"] == [-100, 100]
    assert row(result, "seq", "t1")["difference"] == -3


def test_an_nps_difference_stays_within_200_points() -> None:
    # 10 promoters against 10 detractors at 99%: the adjusted-Wald interval reaches 208.5.
    data = StudyData()
    for variant, rating in (("A", 10), ("B", 0)):
        data.answers[variant] = {"nps": {f"{variant}{n}": {"1": rating} for n in range(10)}}
    compared = row(analyze_study(CUSTOM, data, confidence=0.99), "nps")
    assert compared["ci"][1] == 200 and compared["ci"][0] < 200
    assert compared["difference"] == 200


def test_questionnaires_no_source_recorded_are_not_recorded() -> None:
    # A results CSV without seq or sus columns: its sessions say what they recorded.
    data = build([("t1", v, "success", 20.0, 0, 4, 5) for v in "AABB"], [], None)
    for cell in data.cells.values():
        cell.seq.clear()
    data.recorded = {f"s{n}": ("errors",) for n in range(4)}
    result = valid_analysis(analyze_study(DEFINITION, data))
    t1 = result["tasks"][0]
    assert t1["seq"]["reason"] == "not recorded"
    assert t1["sum"]["left_out"]["satisfaction"] == "not recorded"
    for variant in "AB":
        assert result["questionnaires"][variant]["sus"]["reason"] == "not recorded"
        assert result["questionnaires"][variant]["nps"]["reason"] == "not recorded"
    for compared in (row(result, "seq", "t1"), row(result, "sus"), row(result, "nps")):
        assert (compared["p_value"], compared["reason"]) == (None, "not recorded")
    # A task nobody attempted had no session that could have answered: no values, no attempts.
    assert result["tasks"][2]["seq"]["reason"] == "no values"
    # One session whose source records everything could have answered: no values.
    del data.recorded["s0"]
    mixed = analyze_study(DEFINITION, data)
    assert mixed["tasks"][0]["seq"]["reason"] == "no values"
    assert mixed["questionnaires"]["A"]["sus"]["reason"] == "no values"


def test_figures_that_were_null_without_a_reason_say_why() -> None:
    data = build([("t1", "A", "success", 20.0 + n, 0, 4, 5) for n in range(3)], [], None)
    data.answers["A"] = {"umux-lite": {"s0": {"1": 1, "2": 1}, "s1": {"1": 1, "2": 1}}}
    definition = {**CUSTOM, "questionnaires": {**CUSTOM["questionnaires"], "items": []}}
    definition["questionnaires"]["post_task"] = ["seq"]
    definition["questionnaires"]["post_session"] = ["umux-lite"]
    result = valid_analysis(analyze_study(definition, data))
    time = result["tasks"][0]["time_on_task"]
    assert (time["median_ci_s"], time["median_ci_reason"]) == (None, "needs at least 25 times")
    # A UMUX-Lite mean of exactly 0 is a score: its SUS equivalent is the regression's intercept.
    umux_lite = result["questionnaires"]["A"]["umux_lite"]
    assert umux_lite["mean"] == 0 and umux_lite["sus_equivalent"] == umux_lite_as_sus(0) == 22.9
