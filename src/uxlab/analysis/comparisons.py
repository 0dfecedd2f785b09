"""Every comparison the design allows (SPEC §6), for each pair of variants: per task,
completion, time, errors per attempt and every post-task questionnaire (SEQ, custom items); per
study, every post-session one (SUS, UMUX-Lite, NPS, custom items). One that cannot be computed is
null with its reason; each names its `difference_kind` and carries `p_adjusted`.

Scores are compared with Welch's t between variants and the paired t within them (the sessions
with a score on both); NPS between variants with the adjusted-Wald z of Lewis & Sauro (2021).
The interval of a difference of two scores on a bounded scale stays within what the scale allows.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from itertools import chain, combinations
from typing import Any

from uxlab.analysis import compare
from uxlab.analysis.data import AttemptFacts, CellData, StudyData
from uxlab.analysis.figures import TestResult
from uxlab.analysis.questionnaires import (
    NPS_SCALE,
    promoters_and_detractors,
    score_range,
    umux_lite_score,
)

SUCCESS = "success"
NOT_RECORDED = "not recorded"
# How the p-values of a study's comparisons are adjusted for their number (SPEC §6).
ADJUSTMENT = "benjamini-hochberg"
# Lewis & Sauro's NPS test is for independent groups; no test of two NPS of the same people is
# published, so a within design's NPS row gives the observed difference and no test.
NO_PAIRED_NPS = "no well-founded paired test of two Net Promoter Scores is published"

Compared = tuple[TestResult, tuple[int, int]]


def comparisons(
    definition: dict[str, Any], data: StudyData, chosen: list[str], confidence: float, times: str
) -> list[dict[str, Any]]:
    """The comparison rows of a study, with `p_adjusted`."""
    within = definition["design"] == "within"
    asked = definition["questionnaires"]
    found: list[dict[str, Any]] = []
    for a, b in combinations(chosen, 2):
        for task in (t["id"] for t in definition["tasks"]):
            first = data.cells.get((task, a), CellData())
            second = data.cells.get((task, b), CellData())
            by_task = _paired_task if within else _independent_task
            for metric, compared in by_task(first, second, confidence, times).items():
                found.append(_row(task, metric, a, b, *compared))
            for name in asked["post_task"]:
                values = (
                    (first.seq, second.seq)
                    if name == "seq"
                    else (first.items.get(name, {}), second.items.get(name, {}))
                )
                scale = score_range(definition, name)
                compared = _scores(*values, within, confidence, scale)
                sessions = chain(first.by_session, second.by_session)
                found.append(_row(task, name, a, b, *_recorded(compared, data, name, sessions)))
        answerers = data.sessions_of(a) | data.sessions_of(b)
        for name in asked["post_session"]:
            values = (session_scores(data, a, name), session_scores(data, b, name))
            if name == "nps":
                compared = _net_promoters(*values, within, confidence)
            else:
                compared = _scores(*values, within, confidence, score_range(definition, name))
            found.append(_row(None, name, a, b, *_recorded(compared, data, name, answerers)))
    return _adjusted(found)


def session_scores(data: StudyData, variant: str, name: str) -> dict[str, float]:
    """Each session's score on a post-session questionnaire of one variant: SUS and UMUX-Lite
    from complete answers, NPS and custom items their one rating."""
    if name == "sus":
        return data.sus.get(variant, {})
    given = data.answers.get(variant, {}).get(name, {})
    if name == "umux-lite":
        return {
            who: umux_lite_score(answers["1"], answers["2"])
            for who, answers in given.items()
            if "1" in answers and "2" in answers
        }
    return {who: answers["1"] for who, answers in given.items() if "1" in answers}


def ordered(values: dict[str, Any]) -> list[Any]:
    """Values in the order of their session ids, so no figure depends on row order."""
    return [values[key] for key in sorted(values)]


def _scores(
    first: dict[str, float],
    second: dict[str, float],
    within: bool,
    confidence: float,
    scale: tuple[float, float] | None,
) -> Compared:
    if within:
        pairs = [(first[s], second[s]) for s in sorted(first) if s in second]
        result, counts = compare.paired(pairs, confidence, "paired t"), (len(pairs), len(pairs))
    else:
        result = compare.welch(ordered(first), ordered(second), confidence, "welch t")
        counts = (len(first), len(second))
    return compare.clipped(result, scale), counts


def _net_promoters(
    first: dict[str, float], second: dict[str, float], within: bool, confidence: float
) -> Compared:
    if not within:
        result = compare.net_promoter_difference(ordered(first), ordered(second), confidence)
        return compare.clipped(result, NPS_SCALE), (len(first), len(second))
    both = [s for s in sorted(first) if s in second]
    difference = None
    if both:
        difference = _net_score([first[s] for s in both]) - _net_score([second[s] for s in both])
    return TestResult("none", None, None, difference, None, NO_PAIRED_NPS), (len(both), len(both))


def _net_score(ratings: Sequence[float]) -> float:
    promoters, detractors = promoters_and_detractors(ratings)
    return 100 * (promoters - detractors) / len(ratings)


def _recorded(compared: Compared, data: StudyData, name: str, sessions: Iterable[str]) -> Compared:
    """A comparison of a questionnaire that no session of either variant recorded (a results
    CSV without its column): null with the reason `not recorded` (SPEC §6)."""
    result, counts = compared
    if not any(counts) and data.not_recorded(name, sessions):
        result = TestResult(result.test, None, None, None, None, NOT_RECORDED)
    return result, counts


def _independent_task(
    first: CellData, second: CellData, confidence: float, times: str
) -> dict[str, Compared]:
    t1 = attempt_times(ordered(first.by_session), times)
    t2 = attempt_times(ordered(second.by_session), times)
    logs = compare.welch(_logs(t1), _logs(t2), confidence, "welch t on log times")
    e1, e2 = _errors(ordered(first.by_session)), _errors(ordered(second.by_session))
    return {
        "completion": (
            compare.two_proportions(
                first.successes, first.attempts, second.successes, second.attempts, confidence
            ),
            (first.attempts, second.attempts),
        ),
        "time": (compare.time_ratio(logs), (len(t1), len(t2))),
        "errors": _errors_recorded(
            compare.welch(e1, e2, confidence, "welch t"), (len(e1), len(e2)), first, second
        ),
    }


def _paired_task(
    first: CellData, second: CellData, confidence: float, times: str
) -> dict[str, Compared]:
    both = [s for s in sorted(first.by_session) if s in second.by_session]
    pairs = [(first.by_session[s], second.by_session[s]) for s in both]
    outcomes = [(x.outcome == SUCCESS, y.outcome == SUCCESS) for x, y in pairs]
    log_pairs = [
        (math.log(x.time_s), math.log(y.time_s))
        for x, y in pairs
        if attempt_times([x], times) and attempt_times([y], times) and x.time_s and y.time_s
    ]
    errors = [
        (x.errors, y.errors) for x, y in pairs if x.errors is not None and y.errors is not None
    ]
    return {
        "completion": (compare.matched_proportions(outcomes, confidence), (len(both), len(both))),
        "time": (
            compare.time_ratio(compare.paired(log_pairs, confidence, "paired t on log times")),
            (len(log_pairs), len(log_pairs)),
        ),
        "errors": _errors_recorded(
            compare.paired(errors, confidence, "paired t"), (len(errors),) * 2, first, second
        ),
    }


def attempt_times(facts: Sequence[AttemptFacts], times: str) -> list[float]:
    """The times that count: of successful attempts, or of every finished one (times="all")."""
    return [
        f.time_s for f in facts if f.time_s is not None and (times == "all" or f.outcome == SUCCESS)
    ]


def _errors(facts: Sequence[AttemptFacts]) -> list[float]:
    """Errors per counted attempt, in session order, where the source recorded them."""
    return [float(f.errors) for f in facts if f.errors is not None]


def _errors_recorded(
    result: TestResult, counts: tuple[int, int], first: CellData, second: CellData
) -> Compared:
    """An errors comparison, or null with the reason `not recorded` where the variants had
    attempts but their source recorded no errors (SPEC §6)."""
    if not any(counts) and (first.attempts or second.attempts):
        result = TestResult(result.test, None, None, None, None, NOT_RECORDED)
    return result, counts


def _logs(times: Sequence[float]) -> list[float]:
    return [math.log(t) for t in times if t > 0]


def _row(
    task: str | None, metric: str, a: str, b: str, result: TestResult, counts: tuple[int, int]
) -> dict[str, Any]:
    return {
        "task": task,
        "metric": metric,
        "a": a,
        "b": b,
        "n_a": counts[0],
        "n_b": counts[1],
        # Times are compared as the ratio of geometric means, everything else as a difference.
        "difference_kind": "a / b" if metric == "time" else "a - b",
        **result.json(),
    }


def _adjusted(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each comparison with `p_adjusted`: Benjamini–Hochberg over every comparison of the
    study that has a p-value (null where it has none)."""
    from scipy.stats import false_discovery_control

    tested = [i for i, row in enumerate(rows) if row["p_value"] is not None]
    found = false_discovery_control([rows[i]["p_value"] for i in tested]) if tested else []
    adjusted = {i: float(p) for i, p in zip(tested, found, strict=True)}
    return [{**row, "p_adjusted": adjusted.get(i)} for i, row in enumerate(rows)]
