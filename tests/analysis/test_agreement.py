"""Observers' agreement: event matching within a tolerance, Cohen's kappa."""

from __future__ import annotations

from collections import Counter

import pytest

from uxlab.analysis.agreement import NONE, Coded, PairAgreement, agreement


def test_cohens_kappa_of_a_textbook_table() -> None:
    # Cohen (1960) style worked example (as on Wikipedia's "Cohen's kappa" page): 50 items,
    # both yes 20, A yes B no 5, A no B yes 10, both no 15: po = .7, pe = .5, kappa = .4.
    pair = PairAgreement(
        "a",
        "b",
        2.0,
        Counter({("yes", "yes"): 20, ("yes", "no"): 5, ("no", "yes"): 10, ("no", "no"): 15}),
    )
    assert pair.kappa() == pytest.approx(0.4)
    assert pair.kappa("yes") == pytest.approx(0.4)


def test_matching_within_the_tolerance() -> None:
    ana = [
        Coded(10.0, "error", "a1"),
        Coded(20.0, "assist", "a2"),
        Coded(40.0, "error", "a3"),
        Coded(60.0, "step", "a4"),
    ]
    ben = [
        Coded(11.5, "error", "b1"),
        Coded(20.5, "error", "b2"),
        Coded(45.0, "error", "b3"),
        Coded(60.2, "step", "b4"),
    ]
    [pair] = agreement({"ana": ana, "ben": ben}, 2.0)
    assert pair.matrix == Counter(
        {
            ("error", "error"): 1,
            ("assist", "error"): 1,
            ("step", "step"): 1,
            ("error", NONE): 1,
            (NONE, "error"): 1,
        }
    )
    assert [(who, e.ref) for who, e in pair.unmatched] == [("ana", "a3"), ("ben", "b3")]
    assert pair.codes == ["assist", "error", "step", NONE]
    observed = 2 / 5
    expected = (1 * 0 + 2 * 3 + 1 * 1 + 1 * 1) / 25  # rows × columns over codes
    assert pair.kappa() == pytest.approx((observed - expected) / (1 - expected))


def test_the_same_code_is_matched_before_a_closer_different_one() -> None:
    [pair] = agreement(
        {
            "a": [Coded(10, "error", "x")],
            "b": [Coded(10.1, "assist", "y"), Coded(11.5, "error", "z")],
        },
        2.0,
    )
    assert pair.matrix[("error", "error")] == 1
    assert pair.matrix[(NONE, "assist")] == 1


def test_three_observers_give_three_pairs() -> None:
    logs = {name: [Coded(5.0, "error", name)] for name in ("c", "a", "b")}
    assert [(p.first, p.second) for p in agreement(logs, 1.0)] == [
        ("a", "b"),
        ("a", "c"),
        ("b", "c"),
    ]
    assert all(p.kappa() is None for p in agreement(logs, 1.0))  # one code: no kappa
