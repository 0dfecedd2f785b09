"""A whole study's analysis (SPEC §6) from its counts and facts (see analysis.data).

Comparisons are made for every pair of variants, task and metric the design allows (see
analysis.comparisons). Which data count, where the SPEC leaves it open (the store applies these
when it derives rows):
- one attempt per session, task and variant: the last finished one; `skipped` attempts were not
  attempted and are left out of every figure but their own count;
- times are those of successful attempts, or of every finished attempt with times="all";
- an answer belongs to its session's variant; in a within design, to the variant of the latest
  task attempt that started before it;
- abandonment is counted over the attempts of sessions whose source recorded it (not those of a
  results CSV whose outcomes are 1/0), `not recorded` where there were none;
- a questionnaire was `not recorded` where sessions could have answered it (those with a counted
  attempt on the task and variant, or after the session, with an attempt or an answer on the
  variant) and none of their sources recorded it;
- values are taken in the order of their session ids, so no figure depends on row order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from uxlab.analysis import benchmarks
from uxlab.analysis.comparisons import (
    ADJUSTMENT,
    NOT_RECORDED,
    SUCCESS,
    attempt_times,
    comparisons,
    ordered,
    session_scores,
)
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
    score_range,
    sus_summary,
    umux_lite_as_sus,
)
from uxlab.analysis.sum_score import single_usability_metric

NO_ATTEMPTS = "no attempts"


@dataclass(frozen=True)
class _Study:
    definition: dict[str, Any]
    data: StudyData
    goals: dict[str, Any]
    confidence: float
    times: str


def analyze_study(
    definition: dict[str, Any],
    data: StudyData,
    confidence: float = 0.95,
    times: str = "successful",
    variants: Sequence[str] | None = None,
) -> dict[str, Any]:
    """The SPEC §6 JSON object for a study."""
    chosen = [v for v in definition["variants"] if not variants or v in variants]
    study = _Study(definition, data, definition.get("benchmarks") or {}, confidence, times)
    return {
        "study": definition["study"],
        "design": definition["design"],
        "confidence": confidence,
        "times": times,
        "participants": data.participants,
        # The protocol versions whose sessions fed the figures (`analysis.versions`).
        "versions": definition.get("versions", []),
        "tasks": [
            _task_figures(study, task, variant)
            for task in definition["tasks"]
            for variant in chosen
        ],
        "questionnaires": {variant: _questionnaires(study, variant) for variant in chosen},
        "adjustment": ADJUSTMENT,
        "comparisons": comparisons(definition, data, chosen, confidence, times),
        "conflicts": [
            {
                "participant": c.participant,
                "why": list(c.why),
                "used": str(c.used),
                "left_out": [str(s) for s in c.left_out],
            }
            for c in data.conflicts
        ],
    }


def _task_figures(study: _Study, spec: dict[str, Any], variant: str) -> dict[str, Any]:
    cell = study.data.cells.get((spec["id"], variant), CellData())
    confidence, goals = study.confidence, study.goals
    n, successes, abandonment = cell.attempts, cell.successes, cell.with_abandonment
    facts = ordered(cell.by_session)
    timed = attempt_times(facts, study.times)
    geometric = geometric_mean_interval(timed, confidence)
    median = median_interval(timed, confidence)
    seq = ordered(cell.seq)
    seq_unrecorded = study.data.not_recorded("seq", cell.by_session)

    def answered(name: str, values: dict[str, float]) -> dict[str, Any]:
        scale = score_range(study.definition, name)
        body = mean_interval(ordered(values), confidence, scale).json("mean")
        return _recorded(body, study.data.not_recorded(name, cell.by_session))

    usability = single_usability_metric(
        successes,
        n,
        attempt_times(facts, "successful"),
        spec.get("target_time"),
        seq,
        goals.get("seq"),
        cell.error_free,
        cell.with_errors,
    )
    if seq_unrecorded:  # SUM names what it leaves out, and why (SPEC §6)
        usability["left_out"]["satisfaction"] = NOT_RECORDED
    return {
        "task": spec["id"],
        "variant": variant,
        "versions": spec.get("versions", []),
        "attempts": n,
        "skipped": cell.skipped,
        **({} if n else {"reason": NO_ATTEMPTS}),
        "completion": {
            "n": n,
            "successes": successes,
            "rate": successes / n if n else None,
            "best_estimate": best_estimate(successes, n, confidence),
            "ci": as_list(adjusted_wald(successes, n, confidence)),
            **({} if n else {"reason": NO_ATTEMPTS}),
        },
        "time_on_task": {
            "n": geometric.n,
            "geometric_mean_s": geometric.value,
            "ci_s": as_list(geometric.ci),
            "median_s": median.value,
            "median_ci_s": as_list(median.ci),
            **({"reason": geometric.reason} if geometric.reason else {}),
            **({"median_ci_reason": median.reason} if median.reason else {}),
        },
        "errors": {
            **_counted(n, cell.with_errors, cell.errors),
            "error_free_rate": cell.error_free / cell.with_errors if cell.with_errors else None,
        },
        "assists": _counted(n, cell.with_assists, cell.assists),
        # Over the attempts whose source could say a failure was giving up (SPEC §6).
        "abandonment_rate": cell.gave_up / abandonment if abandonment else None,
        "abandonment_n": abandonment,
        **({} if abandonment else {"abandonment_reason": NOT_RECORDED if n else NO_ATTEMPTS}),
        "efficiency": _efficiency(facts, spec.get("optimal_steps"), confidence),
        "seq": answered("seq", cell.seq),
        "items": {
            name: answered(name, cell.items.get(name, {}))
            for name in study.definition["questionnaires"]["post_task"]
            if name != "seq"
        },
        "benchmarks": _task_benchmarks(successes, n, timed, spec, seq, goals),
        "sum": usability,
    }


def _recorded(body: dict[str, Any], unrecorded: bool) -> dict[str, Any]:
    """A questionnaire's figure; with no values where no session recorded it, null with the
    reason `not recorded` (SPEC §6)."""
    if body["n"] == 0 and unrecorded:
        body["reason"] = NOT_RECORDED
    return body


def _counted(attempts: int, recorded: int, total: int) -> dict[str, Any]:
    """A count per attempt over the attempts that recorded it; where none did, null with the
    reason: no attempts, or `not recorded` (SPEC §6), never zero."""
    body: dict[str, Any] = {
        "n": recorded,
        "total": total if recorded else None,
        "mean_per_attempt": total / recorded if recorded else None,
    }
    if not recorded:
        body["reason"] = NOT_RECORDED if attempts else NO_ATTEMPTS
    return body


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
        estimate["reason"] = NOT_RECORDED
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


def _questionnaires(study: _Study, variant: str) -> dict[str, Any]:
    """The post-session questionnaires of one variant, each under its id (UMUX-Lite as
    `umux_lite`)."""
    confidence, sessions = study.confidence, study.data.sessions_of(variant)
    result: dict[str, Any] = {}
    for name in study.definition["questionnaires"]["post_session"]:
        scores = ordered(session_scores(study.data, variant, name))
        if name == "sus":
            body = sus_summary(scores, confidence)
            if study.goals.get("sus") is not None:
                test = benchmarks.mean_against(scores, study.goals["sus"], "one-sample t")
                body["benchmark"] = test.json()
        elif name == "umux-lite":
            estimate = mean_interval(scores, confidence, UMUX_LITE_SCALE)
            equivalent = umux_lite_as_sus(estimate.value) if estimate.value is not None else None
            body = {**estimate.json("mean"), "sus_equivalent": equivalent}
        elif name == "nps":
            nps = net_promoter(scores, confidence)
            body = {
                **nps.score.json("score"),
                "promoters": nps.promoters,
                "detractors": nps.detractors,
            }
        else:
            scale = score_range(study.definition, name)
            body = mean_interval(scores, confidence, scale).json("mean")
        key = "umux_lite" if name == "umux-lite" else name
        result[key] = _recorded(body, study.data.not_recorded(name, sessions))
    return result


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
