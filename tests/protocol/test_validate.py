"""Protocol validation: every problem at once, each with file, line, column and path."""

from __future__ import annotations

from pathlib import Path

import pytest

from uxlab.errors import ProtocolInvalid
from uxlab.protocol.validate import parse_protocol, read_protocol

VALID = """\
study: s1
title: A study
design: between
variants:
  A: old
  B: new
tasks:
  - id: t1
    title: First
    scenario: Do it.
    success: Done
    time_limit: 1m30s
"""


def problems(text: str) -> list[str]:
    with pytest.raises(ProtocolInvalid) as caught:
        parse_protocol(text, "p.yaml")
    return [str(p) for p in caught.value.problems]


def test_shipped_protocol_is_valid(checkout_protocol: Path) -> None:
    protocol, text = read_protocol(checkout_protocol)
    assert protocol.study == "checkout-form"
    assert protocol.design == "between"
    assert list(protocol.variants) == ["A", "B"]
    assert [t.id for t in protocol.tasks][:2] == ["guest-checkout", "apply-coupon"]
    assert protocol.tasks[0].time_limit == 300.0
    assert protocol.tasks[0].target_time == 90.0
    assert protocol.tasks[0].optimal_steps == 7
    assert protocol.benchmarks is not None and protocol.benchmarks.sus == 68
    assert protocol.markers[0].counts_as == "error"
    assert text.startswith("#")


def test_minimal_protocol_parses_durations() -> None:
    protocol = parse_protocol(VALID, "p.yaml")
    assert protocol.tasks[0].time_limit == 90.0
    assert protocol.questionnaires.post_task == []


def test_bad_design_and_bad_time_limit_are_both_reported_with_lines() -> None:
    text = VALID.replace("design: between", "design: mixed").replace("1m30s", "soon")
    assert problems(text) == [
        "p.yaml:3:1: design: expected 'between' or 'within', got 'mixed'",
        "p.yaml:12:5: tasks[0].time_limit: expected a duration like 90s or 3m, at most a day, "
        "got 'soon'",
    ]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ("time_limit: 1m30s", "time_limt: 1m30s"),
            "p.yaml:12:5: tasks[0].time_limt: unknown key 'time_limt' (did you mean 'time_limit'?)",
        ),
        (("title: A study\n", ""), "p.yaml:1:1: missing required key 'title'"),
        (("    success: Done\n", ""), "p.yaml:8:5: tasks[0]: missing required key 'success'"),
        (
            ("time_limit: 1m30s", "time_limit: -5"),
            "p.yaml:12:5: tasks[0].time_limit: expected a duration like 90s or 3m, at most a day, "
            "got -5",
        ),
        (
            ("time_limit: 1m30s", "optimal_steps: zero"),
            "p.yaml:12:5: tasks[0].optimal_steps: expected a valid integer, got 'zero'",
        ),
        (
            ("time_limit: 1m30s", "optimal_steps: 0"),
            "p.yaml:12:5: tasks[0].optimal_steps: expected greater than 0, got 0",
        ),
        (
            ("variants:\n  A: old\n  B: new\n", "variants: {}\n"),
            "p.yaml:4:1: variants: must not be empty",
        ),
        (
            ("study: s1", "study: my study"),
            "p.yaml:1:1: study: expected an id of letters, digits, '.', '_' or '-' (at most 64), "
            "got 'my study'",
        ),
        (
            ("    title: First\n", "    title: ''\n"),
            "p.yaml:9:5: tasks[0].title: must not be empty",
        ),
        (
            ("design: between", "design: within\nstudy: again"),
            "p.yaml:4:1: duplicate key 'study' (first on line 1)",
        ),
    ],
)
def test_each_rule_is_located(change: tuple[str, str], expected: str) -> None:
    assert expected in problems(VALID.replace(*change))


def test_empty_task_list_and_missing_variants() -> None:
    text = VALID.split("tasks:")[0].replace("variants:\n  A: old\n  B: new\n", "") + "tasks: []\n"
    assert problems(text) == [
        "p.yaml:1:1: missing required key 'variants'",
        "p.yaml:4:1: tasks: must not be empty",
    ]


def test_duplicate_task_ids() -> None:
    second = "  - id: t1\n    title: Again\n    scenario: x\n    success: y\n"
    assert problems(VALID + second) == [
        "p.yaml:13:5: tasks[1].id: duplicate task id 't1' (also tasks[0])"
    ]


def test_questionnaire_names_must_be_known_or_defined() -> None:
    text = VALID + (
        "questionnaires:\n"
        "  post_task: [seq, confidence, nasa-tlx]\n"
        "  post_session: [sus, seq]\n"
        "  items:\n"
        "    - {id: confidence, text: I felt confident, min: 1, max: 5}\n"
        "    - {id: calm, text: I felt calm, min: 3, max: 3}\n"
    )
    assert problems(text) == [
        "p.yaml:14:32: questionnaires.post_task[2]: unknown questionnaire 'nasa-tlx': "
        "expected seq or the id of an item under questionnaires.items",
        "p.yaml:15:23: questionnaires.post_session[1]: unknown questionnaire 'seq': "
        "expected sus, umux-lite, nps or the id of an item under questionnaires.items",
        "p.yaml:18:45: questionnaires.items[1].max: max must be greater than min (3 <= 3)",
    ]


def test_custom_items_are_accepted() -> None:
    text = VALID + (
        "questionnaires:\n  post_task: [seq, confidence]\n  post_session: [umux-lite]\n"
        "  items:\n    - {id: confidence, text: I felt confident}\n"
    )
    protocol = parse_protocol(text, "p.yaml")
    assert protocol.questionnaires.items[0].max == 7


def test_marker_keys_may_not_clash() -> None:
    text = VALID + (
        "markers:\n"
        "  - {key: s, name: saw-help, counts_as: assist}\n"
        "  - {key: v, name: validation, counts_as: error}\n"
        "  - {key: v, name: note, counts_as: note}\n"
        "  - {key: vv, name: other, counts_as: surprise}\n"
    )
    found = problems(text)
    assert found == [
        "p.yaml:14:6: markers[0].key: key 's' is the logger's key for success",
        "p.yaml:16:6: markers[2].key: key 'v' is already used by markers[1]",
        "p.yaml:16:14: markers[2].name: 'note' is a built-in event type",
        "p.yaml:17:6: markers[3].key: must have at most 1 character, got 'vv'",
        "p.yaml:17:28: markers[3].counts_as: expected 'error', 'assist', 'step' or 'note', "
        "got 'surprise'",
    ]


def test_within_design_needs_two_variants() -> None:
    text = VALID.replace("design: between", "design: within").replace("  B: new\n", "")
    assert problems(text) == ["p.yaml:3:1: design: a within design needs at least two variants"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "p.yaml:1:1: the protocol is empty"),
        ("# only a comment\n", "p.yaml:1:1: the protocol is empty"),
        (
            "- a\n- b\n",
            "p.yaml:1:1: expected a mapping with study, title, design, variants and tasks",
        ),
        ("study: [x\n", "p.yaml:2:1: not valid YAML: expected ',' or ']', but got '<stream end>'"),
        ("a: b\n  c: d\n", "p.yaml:2:4: not valid YAML: mapping values are not allowed here"),
    ],
)
def test_documents_that_are_not_protocols(text: str, expected: str) -> None:
    assert problems(text) == [expected]


def test_unreadable_file_is_a_clean_error(tmp_path: Path) -> None:
    from uxlab.errors import UxlabError

    with pytest.raises(UxlabError, match=r"cannot read protocol .*missing.yaml: No such file"):
        read_protocol(tmp_path / "missing.yaml")


def test_content_hash_ignores_layout_and_spelling_but_not_meaning() -> None:
    same = VALID.replace("1m30s", "90s").replace("  A: old", "  A: old   # the current form")
    changed = VALID.replace("Do it.", "Do it now.")
    base = parse_protocol(VALID, "p.yaml").content_hash()
    assert parse_protocol(same, "p.yaml").content_hash() == base
    assert parse_protocol(changed, "p.yaml").content_hash() != base
    assert len(base) == 64


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        # An infinite or not-a-number limit went into the stored definition, which PostgreSQL's
        # JSON cannot hold.
        ("1m30s", ".inf", "12:5: tasks[0].time_limit: expected a duration like 90s or 3m, at"),
        ("1m30s", ".nan", "12:5: tasks[0].time_limit: expected a duration like 90s or 3m, at"),
        ("1m30s", "2d", "12:5: tasks[0].time_limit: expected a duration like 90s or 3m, at"),
        ("Do it.", '"Do\\0it."', "10:5: tasks[0].scenario: contains a NUL character"),
        ("Do it.", '"Do \\ud800"', "10:5: tasks[0].scenario: expected a valid string"),
        # `$` matched before a final newline: such an id could never be chosen again.
        ("id: t1", 'id: "t1\\n"', "tasks[0].id: expected an id of letters"),
        (
            "time_limit: 1m30s",
            "optimal_steps: 100001",
            "tasks[0].optimal_steps: expected less than or equal to 10000",
        ),
    ],
)
def test_values_a_store_cannot_hold_are_located(old: str, new: str, expected: str) -> None:
    [problem] = problems(VALID.replace(old, new))
    assert problem.startswith("p.yaml:") and expected in problem, problem
