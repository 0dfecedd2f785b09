"""A whole study's analysis (SPEC §6) from its sessions' derived attempts and answers.

Comparisons are made for every pair of variants, task and metric where either variant has data.

Which data count, where the SPEC leaves it open:
- one attempt per participant, task and variant: the last finished one; `skipped` attempts
  were not attempted and are left out of every figure but their own count;
- times are those of successful attempts, or of every finished attempt with times="all";
- an answer belongs to its session's variant; in a within design, to the variant of the latest
  task attempt that started before it.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from uxlab.analysis import benchmarks, compare
from uxlab.analysis.discovery import discovery
from uxlab.analysis.figures import TestResult, as_list
from uxlab.analysis.intervals import (
    adjusted_wald,
    best_estimate,
    geometric_mean_interval,
    mean_interval,
    median_interval,
)
from uxlab.analysis.questionnaires import (
    net_promoter,
    sus_score,
    sus_summary,
    umux_lite_as_sus,
    umux_lite_score,
)
from uxlab.analysis.sum_score import single_usability_metric
from uxlab.recording.derive import TaskAttempt
from uxlab.recording.results import Answer, SessionResults

SUCCESS = "success"
GAVE_UP = ("abandoned", "timeout")


@dataclass
class _Cell:
    """What one task on one variant gathered: one entry per participant."""

    attempts: dict[str, TaskAttempt] = field(default_factory=dict)
    seq: dict[str, float] = field(default_factory=dict)
    items: dict[str, dict[str, float]] = field(default_factory=lambda: defaultdict(dict))


@dataclass
class _Gathered:
    participants: set[str] = field(default_factory=set)
    cells: dict[tuple[str, str], _Cell] = field(default_factory=lambda: defaultdict(_Cell))
    # variant -> questionnaire -> participant -> item -> value
    answers: dict[str, dict[str, dict[str, dict[str, float]]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(lambda: defaultdict(dict)))
    )
    skipped: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))


def analyze_study(
    definition: dict[str, Any],
    sessions: Iterable[SessionResults],
    confidence: float = 0.95,
    times: str = "successful",
    variants: Sequence[str] | None = None,
) -> dict[str, Any]:
    """The SPEC §6 JSON object for a study."""
    chosen = [v for v in definition["variants"] if not variants or v in variants]
    data = _gather(definition, sessions, chosen)
    targets = {t["id"]: t for t in definition["tasks"]}
    goals = definition.get("benchmarks") or {}
    post_task_items = [q for q in definition["questionnaires"]["post_task"] if q != "seq"]
    tasks = [
        _task_figures(
            task,
            variant,
            data.cells[(task, variant)],
            data.skipped[(task, variant)],
            targets[task],
            goals,
            confidence,
            times,
            post_task_items,
        )
        for task in targets
        for variant in chosen
    ]
    return {
        "study": definition["study"],
        "design": definition["design"],
        "confidence": confidence,
        "times": times,
        "participants": len(data.participants),
        "tasks": tasks,
        "questionnaires": {
            variant: _questionnaires(data.answers[variant], definition, goals, confidence)
            for variant in chosen
        },
        "comparisons": _comparisons(definition, data, chosen, confidence, times),
    }


def _gather(
    definition: dict[str, Any], sessions: Iterable[SessionResults], chosen: list[str]
) -> _Gathered:
    data = _Gathered()
    within = definition["design"] == "within"
    # A canonical order, so that no figure depends on the order sessions arrive in (sums of
    # floats do) and the latest session wins where a participant has two.
    for session in sorted(sessions, key=lambda s: (s.started_at, str(s.id))):
        who = session.participant
        data.participants.add(who)
        for attempt in session.attempts:
            variant = attempt.variant if within else session.variant
            if attempt.outcome is None or variant not in chosen:
                continue
            if attempt.outcome == "skipped":
                data.skipped[(attempt.task, variant)] += 1
                continue
            data.cells[(attempt.task, variant)].attempts[who] = attempt
        for answer in session.answers:
            variant = _answer_variant(session, answer) if within else session.variant
            if variant not in chosen:
                continue
            if answer.task is not None:
                cell = data.cells[(answer.task, variant)]
                if answer.questionnaire == "seq":
                    cell.seq[who] = answer.value
                else:
                    cell.items[answer.questionnaire][who] = answer.value
            else:
                data.answers[variant][answer.questionnaire][who][answer.item] = answer.value
    return data


def _answer_variant(session: SessionResults, answer: Answer) -> str | None:
    before = [a for a in session.attempts if a.started_at <= answer.at]
    matching = [a for a in before if answer.task is None or a.task == answer.task]
    return matching[-1].variant if matching else None


def _task_figures(
    task: str,
    variant: str,
    cell: _Cell,
    skipped: int,
    spec: dict[str, Any],
    goals: dict[str, Any],
    confidence: float,
    times: str,
    post_task_items: list[str],
) -> dict[str, Any]:
    attempts = list(cell.attempts.values())
    n = len(attempts)
    successes = sum(1 for a in attempts if a.outcome == SUCCESS)
    timed = _times(attempts, times)
    error_free = sum(1 for a in attempts if a.errors == 0)
    geometric = geometric_mean_interval(timed, confidence)
    median = median_interval(timed, confidence)
    seq = list(cell.seq.values())
    figures: dict[str, Any] = {
        "task": task,
        "variant": variant,
        "attempts": n,
        "skipped": skipped,
        "completion": {
            "n": n,
            "successes": successes,
            "rate": successes / n if n else None,
            "best_estimate": best_estimate(successes, n, confidence),
            "ci": as_list(adjusted_wald(successes, n, confidence)),
        },
        "time_on_task": {
            "n": geometric.n,
            "geometric_mean_s": geometric.value,
            "ci_s": as_list(geometric.ci),
            "median_s": median.value,
            "median_ci_s": as_list(median.ci),
            **({"reason": geometric.reason} if geometric.reason else {}),
        },
        "errors": {
            "n": n,
            "total": sum(a.errors for a in attempts),
            "mean_per_attempt": statistics.fmean(a.errors for a in attempts) if n else None,
            "error_free_rate": error_free / n if n else None,
        },
        "assists": {
            "n": n,
            "total": sum(a.assists for a in attempts),
            "mean_per_attempt": statistics.fmean(a.assists for a in attempts) if n else None,
        },
        "abandonment_rate": sum(1 for a in attempts if a.outcome in GAVE_UP) / n if n else None,
        "efficiency": _efficiency(attempts, spec.get("optimal_steps"), confidence),
        "seq": mean_interval(seq, confidence).json("mean"),
        "items": {
            name: mean_interval(list(cell.items[name].values()), confidence).json("mean")
            for name in post_task_items
        },
        "benchmarks": _task_benchmarks(successes, n, timed, spec, seq, goals),
        "sum": single_usability_metric(
            successes,
            n,
            _times(attempts, "successful"),
            spec.get("target_time"),
            seq,
            goals.get("seq"),
            error_free,
        ),
    }
    return figures


def _times(attempts: Sequence[TaskAttempt], times: str) -> list[float]:
    return [
        a.time_s
        for a in attempts
        if a.time_s is not None and (times == "all" or a.outcome == SUCCESS)
    ]


def _efficiency(
    attempts: Sequence[TaskAttempt], optimal: int | None, confidence: float
) -> dict[str, Any]:
    if not optimal:
        return {
            "n": 0,
            "optimal_steps": None,
            "mean_ratio": None,
            "ci": None,
            "reason": "no optimal_steps in the protocol",
        }
    ratios = [a.steps / optimal for a in attempts if a.outcome == SUCCESS and a.steps > 0]
    estimate = mean_interval(ratios, confidence).json("mean_ratio")
    return {**estimate, "optimal_steps": optimal}


def _task_benchmarks(
    successes: int,
    n: int,
    timed: list[float],
    spec: dict[str, Any],
    seq: list[float],
    goals: dict[str, Any],
) -> dict[str, Any]:
    tests: dict[str, TestResult] = {}
    if goals.get("completion") is not None:
        tests["completion"] = benchmarks.completion_against(successes, n, goals["completion"])
    if spec.get("target_time") is not None:
        tests["time"] = benchmarks.times_against(timed, spec["target_time"])
    if goals.get("seq") is not None:
        tests["seq"] = benchmarks.mean_against(seq, goals["seq"], "one-sample t")
    return {name: test.json() for name, test in tests.items()}


def _scores(answers: dict[str, dict[str, float]], items: Sequence[str]) -> dict[str, list[float]]:
    """Each participant's answers to `items`, for those who answered all of them."""
    return {
        who: [given[i] for i in items]
        for who, given in answers.items()
        if all(i in given for i in items)
    }


def sus_by_participant(answers: dict[str, dict[str, float]]) -> dict[str, float]:
    return {
        who: sus_score(values)
        for who, values in _scores(answers, [str(i) for i in range(1, 11)]).items()
    }


def umux_by_participant(answers: dict[str, dict[str, float]]) -> dict[str, float]:
    return {who: umux_lite_score(*values) for who, values in _scores(answers, ["1", "2"]).items()}


def _questionnaires(
    answers: dict[str, dict[str, dict[str, float]]],
    definition: dict[str, Any],
    goals: dict[str, Any],
    confidence: float,
) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for name in definition["questionnaires"]["post_session"]:
        given = answers.get(name, {})
        if name == "sus":
            scores = list(sus_by_participant(given).values())
            result["sus"] = sus_summary(scores, confidence)
            if goals.get("sus") is not None:
                result["sus"]["benchmark"] = benchmarks.mean_against(
                    scores, goals["sus"], "one-sample t"
                ).json()
        elif name == "umux-lite":
            raw = list(umux_by_participant(given).values())
            estimate = mean_interval(raw, confidence)
            result["umux_lite"] = {
                **estimate.json("mean"),
                "sus_equivalent": umux_lite_as_sus(estimate.value) if estimate.value else None,
            }
        elif name == "nps":
            ratings = [values["1"] for values in given.values() if "1" in values]
            nps = net_promoter(ratings, confidence)
            result["nps"] = {
                **nps.score.json("score"),
                "promoters": nps.promoters,
                "detractors": nps.detractors,
            }
        else:
            ratings = [values["1"] for values in given.values() if "1" in values]
            result[name] = mean_interval(ratings, confidence).json("mean")
    return result


def _comparisons(
    definition: dict[str, Any], data: _Gathered, chosen: list[str], confidence: float, times: str
) -> list[dict[str, Any]]:
    within = definition["design"] == "within"
    found: list[dict[str, Any]] = []
    for a, b in combinations(chosen, 2):
        for task in (t["id"] for t in definition["tasks"]):
            first, second = data.cells[(task, a)], data.cells[(task, b)]
            metrics = (
                _paired_task(first, second, confidence, times)
                if within
                else _independent_task(first, second, confidence, times)
            )
            found += [
                _row(task, metric, a, b, result, counts)
                for metric, (result, counts) in metrics.items()
                if any(counts)
            ]
        if "sus" in definition["questionnaires"]["post_session"]:
            sus_a = sus_by_participant(data.answers[a].get("sus", {}))
            sus_b = sus_by_participant(data.answers[b].get("sus", {}))
            if within:
                pairs = [(sus_a[p], sus_b[p]) for p in sus_a if p in sus_b]
                result, counts = compare.paired(pairs, confidence, "paired t"), (len(pairs),) * 2
            else:
                result = compare.welch(
                    list(sus_a.values()), list(sus_b.values()), confidence, "welch t"
                )
                counts = (len(sus_a), len(sus_b))
            if any(counts):
                found.append(_row(None, "sus", a, b, result, counts))
    return found


Metric = dict[str, tuple[TestResult, tuple[int, int]]]


def _independent_task(first: _Cell, second: _Cell, confidence: float, times: str) -> Metric:
    one, two = list(first.attempts.values()), list(second.attempts.values())
    x1 = sum(1 for a in one if a.outcome == SUCCESS)
    x2 = sum(1 for a in two if a.outcome == SUCCESS)
    t1, t2 = _times(one, times), _times(two, times)
    logs = compare.welch(_logs(t1), _logs(t2), confidence, "welch t on log times")
    s1, s2 = list(first.seq.values()), list(second.seq.values())
    return {
        "completion": (
            compare.two_proportions(x1, len(one), x2, len(two), confidence),
            (len(one), len(two)),
        ),
        "time": (compare.time_ratio(logs), (len(t1), len(t2))),
        "seq": (compare.welch(s1, s2, confidence, "welch t"), (len(s1), len(s2))),
    }


def _paired_task(first: _Cell, second: _Cell, confidence: float, times: str) -> Metric:
    both = [p for p in first.attempts if p in second.attempts]
    outcomes = [
        (first.attempts[p].outcome == SUCCESS, second.attempts[p].outcome == SUCCESS) for p in both
    ]
    timed = [
        (first.attempts[p].time_s, second.attempts[p].time_s)
        for p in both
        if _times([first.attempts[p]], times) and _times([second.attempts[p]], times)
    ]
    log_pairs = [(math.log(x), math.log(y)) for x, y in timed if x and y and x > 0 and y > 0]
    seq = [(first.seq[p], second.seq[p]) for p in first.seq if p in second.seq]
    return {
        "completion": (compare.matched_proportions(outcomes, confidence), (len(both),) * 2),
        "time": (
            compare.time_ratio(compare.paired(log_pairs, confidence, "paired t on log times")),
            (len(log_pairs),) * 2,
        ),
        "seq": (compare.paired(seq, confidence, "paired t"), (len(seq),) * 2),
    }


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
        **result.json(),
    }


def analyze_problems(
    seen_by: dict[str, set[str]], participants: int, problems: list[dict[str, Any]]
) -> dict[str, Any]:
    """SPEC §6 `uxlab problems --json`: the problem list and the discovery estimates."""
    found = discovery(seen_by, participants)
    return {
        "participants": participants,
        "problems": problems,
        "discovery": {
            "p": found.p,
            "p_adjusted": found.p_adjusted,
            **{f"found_with_{n}": share for n, share in found.found_with.items()},
            **({"reason": found.reason} if found.reason else {}),
        },
    }
