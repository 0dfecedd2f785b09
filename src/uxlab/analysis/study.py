"""A whole study's analysis (SPEC §6) from its counts and facts (see analysis.data).

Comparisons are made for every pair of variants, task and metric where either variant has data.
Which data count, where the SPEC leaves it open (the store applies these when it derives rows):
- one attempt per session, task and variant: the last finished one; `skipped` attempts were not
  attempted and are left out of every figure but their own count;
- times are those of successful attempts, or of every finished attempt with times="all";
- an answer belongs to its session's variant; in a within design, to the variant of the latest
  task attempt that started before it;
- values are taken in the order of their session ids, so no figure depends on row order.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import combinations
from typing import Any

from uxlab.analysis import benchmarks, compare
from uxlab.analysis.data import AttemptFacts, CellData, StudyData
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
    UMUX_LITE_SCALE,
    net_promoter,
    sus_summary,
    umux_lite_as_sus,
    umux_lite_score,
)
from uxlab.analysis.sum_score import single_usability_metric
from uxlab.recording.questionnaires import STANDARD

SUCCESS = "success"
GAVE_UP = ("abandoned", "timeout")


def analyze_study(
    definition: dict[str, Any],
    data: StudyData,
    confidence: float = 0.95,
    times: str = "successful",
    variants: Sequence[str] | None = None,
) -> dict[str, Any]:
    """The SPEC §6 JSON object for a study."""
    chosen = [v for v in definition["variants"] if not variants or v in variants]
    targets = {t["id"]: t for t in definition["tasks"]}
    goals = definition.get("benchmarks") or {}
    post_task_items = {
        q: scale_of(definition, q) for q in definition["questionnaires"]["post_task"] if q != "seq"
    }
    tasks = [
        _task_figures(
            task,
            variant,
            data.cells.get((task, variant), CellData()),
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
        "participants": data.participants,
        "tasks": tasks,
        "questionnaires": {
            variant: _questionnaires(
                data.answers.get(variant, {}),
                data.sus.get(variant, {}),
                definition,
                goals,
                confidence,
            )
            for variant in chosen
        },
        "adjustment": ADJUSTMENT,
        "comparisons": _adjusted(_comparisons(definition, data, chosen, confidence, times)),
    }


# How the p-values of a study's comparisons are adjusted for their number (SPEC §6).
ADJUSTMENT = "benjamini-hochberg"


def _adjusted(comparisons: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each comparison with `p_adjusted`: Benjamini–Hochberg over every comparison of the
    study that has a p-value (null where it has none)."""
    from scipy.stats import false_discovery_control

    tested = [i for i, row in enumerate(comparisons) if row["p_value"] is not None]
    found = false_discovery_control([comparisons[i]["p_value"] for i in tested]) if tested else []
    adjusted = {i: float(p) for i, p in zip(tested, found, strict=True)}
    return [{**row, "p_adjusted": adjusted.get(i)} for i, row in enumerate(comparisons)]


SEQ_SCALE = (float(STANDARD["seq"].low), float(STANDARD["seq"].high))


def scale_of(definition: dict[str, Any], name: str) -> tuple[float, float] | None:
    """The answer range of a one-item questionnaire: a custom item's from the protocol, a
    standard one's from the registry (None for one it does not know)."""
    for item in definition["questionnaires"].get("items", []):
        if item["id"] == name:
            return float(item["min"]), float(item["max"])
    known = STANDARD.get(name)
    return (float(known.low), float(known.high)) if known is not None else None


def _ordered(values: dict[str, Any]) -> list[Any]:
    return [values[key] for key in sorted(values)]


def _task_figures(
    task: str,
    variant: str,
    cell: CellData,
    spec: dict[str, Any],
    goals: dict[str, Any],
    confidence: float,
    times: str,
    post_task_items: dict[str, tuple[float, float] | None],
) -> dict[str, Any]:
    n, successes = cell.attempts, cell.successes
    facts = _ordered(cell.by_session)
    timed = _times(facts, times)
    geometric = geometric_mean_interval(timed, confidence)
    median = median_interval(timed, confidence)
    seq = _ordered(cell.seq)
    return {
        "task": task,
        "variant": variant,
        "attempts": n,
        "skipped": cell.skipped,
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
            **_counted(n, cell.with_errors, cell.errors),
            "error_free_rate": cell.error_free / cell.with_errors if cell.with_errors else None,
        },
        "assists": _counted(n, cell.with_assists, cell.assists),
        "abandonment_rate": cell.gave_up / n if n else None,
        "efficiency": _efficiency(facts, spec.get("optimal_steps"), confidence),
        "seq": mean_interval(seq, confidence, SEQ_SCALE).json("mean"),
        "items": {
            name: mean_interval(_ordered(cell.items.get(name, {})), confidence, scale).json("mean")
            for name, scale in post_task_items.items()
        },
        "benchmarks": _task_benchmarks(successes, n, timed, spec, seq, goals),
        "sum": single_usability_metric(
            successes,
            n,
            _times(facts, "successful"),
            spec.get("target_time"),
            seq,
            goals.get("seq"),
            cell.error_free,
            cell.with_errors,
        ),
    }


def _counted(attempts: int, recorded: int, total: int) -> dict[str, Any]:
    """A count per attempt over the attempts that recorded it; where none did although there
    were attempts, null with the reason `not recorded` (SPEC §6), never zero."""
    body: dict[str, Any] = {
        "n": recorded,
        "total": total if recorded else None,
        "mean_per_attempt": total / recorded if recorded else None,
    }
    if attempts and not recorded:
        body["reason"] = "not recorded"
    return body


def _times(facts: Sequence[AttemptFacts], times: str) -> list[float]:
    return [
        f.time_s for f in facts if f.time_s is not None and (times == "all" or f.outcome == SUCCESS)
    ]


def _efficiency(
    attempts: Sequence[AttemptFacts], optimal: int | None, confidence: float
) -> dict[str, Any]:
    if not optimal:
        return {
            "n": 0,
            "optimal_steps": None,
            "mean_ratio": None,
            "ci": None,
            "reason": "no optimal_steps in the protocol",
        }
    ratios = [a.steps / optimal for a in attempts if a.outcome == SUCCESS and a.steps]
    estimate = mean_interval(ratios, confidence).json("mean_ratio")
    if attempts and all(a.steps is None for a in attempts):
        estimate["reason"] = "not recorded"
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
    """Each session's answers to `items`, for those that answered all of them, in id order."""
    return {
        who: [answers[who][i] for i in items]
        for who in sorted(answers)
        if all(i in answers[who] for i in items)
    }


def umux_by_session(answers: dict[str, dict[str, float]]) -> dict[str, float]:
    return {who: umux_lite_score(*values) for who, values in _scores(answers, ["1", "2"]).items()}


def _questionnaires(
    answers: dict[str, dict[str, dict[str, float]]],
    sus: dict[str, float],
    definition: dict[str, Any],
    goals: dict[str, Any],
    confidence: float,
) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for name in definition["questionnaires"]["post_session"]:
        given = answers.get(name, {})
        if name == "sus":
            scores = _ordered(sus)
            result["sus"] = sus_summary(scores, confidence)
            if goals.get("sus") is not None:
                result["sus"]["benchmark"] = benchmarks.mean_against(
                    scores, goals["sus"], "one-sample t"
                ).json()
        elif name == "umux-lite":
            raw = list(umux_by_session(given).values())
            estimate = mean_interval(raw, confidence, UMUX_LITE_SCALE)
            result["umux_lite"] = {
                **estimate.json("mean"),
                "sus_equivalent": umux_lite_as_sus(estimate.value) if estimate.value else None,
            }
        elif name == "nps":
            ratings = [v["1"] for v in _ordered(given) if "1" in v]
            nps = net_promoter(ratings, confidence)
            result["nps"] = {
                **nps.score.json("score"),
                "promoters": nps.promoters,
                "detractors": nps.detractors,
            }
        else:
            ratings = [v["1"] for v in _ordered(given) if "1" in v]
            result[name] = mean_interval(ratings, confidence, scale_of(definition, name)).json(
                "mean"
            )
    return result


def _comparisons(
    definition: dict[str, Any], data: StudyData, chosen: list[str], confidence: float, times: str
) -> list[dict[str, Any]]:
    within = definition["design"] == "within"
    found: list[dict[str, Any]] = []
    for a, b in combinations(chosen, 2):
        for task in (t["id"] for t in definition["tasks"]):
            first = data.cells.get((task, a), CellData())
            second = data.cells.get((task, b), CellData())
            metrics = (
                _paired_task(first, second, confidence, times)
                if within
                else _independent_task(first, second, confidence, times)
            )
            found += [
                _row(task, metric, a, b, result, counts)
                for metric, (result, counts) in metrics.items()
                if metric != "seq" or "seq" in definition["questionnaires"]["post_task"]
            ]
        if "sus" in definition["questionnaires"]["post_session"]:
            sus_a, sus_b = data.sus.get(a, {}), data.sus.get(b, {})
            if within:
                pairs = [(sus_a[s], sus_b[s]) for s in sorted(sus_a) if s in sus_b]
                result, counts = compare.paired(pairs, confidence, "paired t"), (len(pairs),) * 2
            else:
                result = compare.welch(_ordered(sus_a), _ordered(sus_b), confidence, "welch t")
                counts = (len(sus_a), len(sus_b))
            found.append(_row(None, "sus", a, b, result, counts))
    return found


Metric = dict[str, tuple[TestResult, tuple[int, int]]]


def _independent_task(first: CellData, second: CellData, confidence: float, times: str) -> Metric:
    t1, t2 = _times(_ordered(first.by_session), times), _times(_ordered(second.by_session), times)
    logs = compare.welch(_logs(t1), _logs(t2), confidence, "welch t on log times")
    s1, s2 = _ordered(first.seq), _ordered(second.seq)
    e1, e2 = _errors(_ordered(first.by_session)), _errors(_ordered(second.by_session))
    return {
        "completion": (
            compare.two_proportions(
                first.successes, first.attempts, second.successes, second.attempts, confidence
            ),
            (first.attempts, second.attempts),
        ),
        "time": (compare.time_ratio(logs), (len(t1), len(t2))),
        "errors": _recorded(
            compare.welch(e1, e2, confidence, "welch t"), (len(e1), len(e2)), first, second
        ),
        "seq": (compare.welch(s1, s2, confidence, "welch t"), (len(s1), len(s2))),
    }


def _paired_task(first: CellData, second: CellData, confidence: float, times: str) -> Metric:
    both = [s for s in sorted(first.by_session) if s in second.by_session]
    pairs = [(first.by_session[s], second.by_session[s]) for s in both]
    outcomes = [(x.outcome == SUCCESS, y.outcome == SUCCESS) for x, y in pairs]
    log_pairs = [
        (math.log(x.time_s), math.log(y.time_s))
        for x, y in pairs
        if _times([x], times) and _times([y], times) and x.time_s and y.time_s
    ]
    seq = [(first.seq[s], second.seq[s]) for s in sorted(first.seq) if s in second.seq]
    errors = [
        (x.errors, y.errors) for x, y in pairs if x.errors is not None and y.errors is not None
    ]
    return {
        "completion": (compare.matched_proportions(outcomes, confidence), (len(both),) * 2),
        "time": (
            compare.time_ratio(compare.paired(log_pairs, confidence, "paired t on log times")),
            (len(log_pairs),) * 2,
        ),
        "errors": _recorded(
            compare.paired(errors, confidence, "paired t"), (len(errors),) * 2, first, second
        ),
        "seq": (compare.paired(seq, confidence, "paired t"), (len(seq),) * 2),
    }


def _errors(facts: Sequence[AttemptFacts]) -> list[float]:
    """Errors per counted attempt, in session order, where the source recorded them."""
    return [float(f.errors) for f in facts if f.errors is not None]


def _recorded(
    result: TestResult, counts: tuple[int, int], first: CellData, second: CellData
) -> tuple[TestResult, tuple[int, int]]:
    """An errors comparison, or null with the reason `not recorded` where the variants had
    attempts but their source recorded no errors (SPEC §6)."""
    if not any(counts) and (first.attempts or second.attempts):
        result = TestResult(result.test, None, None, None, None, "not recorded")
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
