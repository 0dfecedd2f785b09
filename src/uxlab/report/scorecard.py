"""The scorecard that opens the report: tasks × metrics, each cell the variants' figures, a
verdict on their difference with its interval, and each benchmark as met, not met or
undetermined. Built from the analysis JSON alone, so every word can be checked against it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from uxlab.report.findings import direction, p_text
from uxlab.report.numbers import ratio, signed, unsigned

# Which way is better, per metric: more completion, less time, fewer errors, higher ratings.
HIGHER_IS_BETTER = {"completion": True, "time": False, "errors": False}
HEADLINES = {"completion": "better", "time": "faster", "errors": "fewer errors"}
TASK_METRICS = ("completion", "time", "errors", "seq")
METRIC_TITLES = {
    "completion": "Completion",
    "time": "Time on task",
    "errors": "Errors per attempt",
    "seq": "SEQ (1–7)",
    "sus": "SUS (0–100)",
    "umux-lite": "UMUX-Lite (0–100)",
    "nps": "NPS (−100 to +100)",
}


@dataclass(frozen=True)
class Verdict:
    """One comparison of two variants in a few words."""

    a: str
    b: str
    winner: str | None  # only where the interval excludes no difference
    headline: str  # "B better", "no difference detected", "not compared"
    detail: str  # the effect and its interval, how much the data rules out, or why not
    p_value: float | None
    p_adjusted: float | None
    survives: bool  # the adjusted p is below 1 − confidence


@dataclass(frozen=True)
class Standing:
    """One variant against a benchmark."""

    variant: str
    word: str  # "met", "not met", "undetermined"
    detail: str


@dataclass
class Cell:
    figures: list[tuple[str, str]] = field(default_factory=list)  # (variant, figure)
    verdicts: list[Verdict] = field(default_factory=list)
    benchmark: str | None = None  # "benchmark 78%", "target 1m30s"
    standings: list[Standing] = field(default_factory=list)


@dataclass
class Row:
    key: str  # the task id, or the questionnaire's name
    label: str
    cells: dict[str, Cell]


@dataclass
class Scorecard:
    metrics: list[str]  # the task columns that have any data (the rest: see `unanswered`)
    tasks: list[Row]
    study: list[Row]  # study-level questionnaires, one cell each ("score")

    @property
    def verdicts(self) -> list[Verdict]:
        return [
            verdict
            for row in self.tasks + self.study
            for cell in row.cells.values()
            for verdict in cell.verdicts
        ]


def scorecard(definition: dict[str, Any], result: dict[str, Any]) -> Scorecard:
    alpha = 1 - result["confidence"]
    goals = definition.get("benchmarks") or {}
    comparisons: dict[tuple[str | None, str], list[dict[str, Any]]] = {}
    for row in result["comparisons"]:
        comparisons.setdefault((row["task"], row["metric"]), []).append(row)
    asked = set(definition["questionnaires"]["post_task"])
    metrics = [
        metric
        for metric in TASK_METRICS
        if (metric != "seq" or "seq" in asked)
        and (metric not in ("errors", "seq") or any(t[metric]["n"] for t in result["tasks"]))
    ]
    rows = []
    for task in definition["tasks"]:
        figures = [t for t in result["tasks"] if t["task"] == task["id"]]
        cells = {}
        for metric in metrics:
            cell = Cell(figures=[(t["variant"], _figure(metric, t)) for t in figures])
            cell.verdicts = [
                verdict(row, alpha) for row in comparisons.get((task["id"], metric), [])
            ]
            _benchmark(cell, metric, figures, task, goals, alpha)
            cells[metric] = cell
        rows.append(Row(task["id"], task.get("title", task["id"]), cells))
    return Scorecard(metrics, rows, _study_rows(result, goals, comparisons, alpha))


def _figure(metric: str, row: dict[str, Any]) -> str:
    if metric == "completion":
        completion = row["completion"]
        if completion["rate"] is None:
            return "no attempts"
        return f"{completion['rate']:.0%} ({completion['successes']}/{completion['n']})"
    if metric == "time":
        mean = row["time_on_task"]["geometric_mean_s"]
        return "–" if mean is None else f"{mean:.0f} s"
    if metric == "errors":
        errors = row["errors"]
        if errors["mean_per_attempt"] is None:
            return str(errors.get("reason", "–"))
        return f"{errors['mean_per_attempt']:.2f}"
    mean = row["seq"]["mean"]
    return "–" if mean is None else f"{mean:.1f}"


def verdict(row: dict[str, Any], alpha: float) -> Verdict:
    """A comparison as the scorecard says it: the winner and the effect from its side with
    the interval, only where the interval excludes no difference (see `direction`)."""
    a, b, metric = row["a"], row["b"], row["metric"]
    survives = row["p_adjusted"] is not None and row["p_adjusted"] < alpha
    common = {"a": a, "b": b, "p_value": row["p_value"], "p_adjusted": row["p_adjusted"]}
    if row["difference"] is None or row["ci"] is None:
        why = row.get("reason") or "no interval"
        return Verdict(**common, winner=None, headline="not compared", detail=why, survives=False)
    way = direction(row)
    if way == 0:
        return Verdict(
            **common,
            winner=None,
            headline="no difference detected",
            detail=_bound(row),
            survives=False,
        )
    # a − b (or a / b) above no difference: A is higher (slower, more errors).
    higher = a if way > 0 else b
    lower = b if way > 0 else a
    better_is_higher = HIGHER_IS_BETTER.get(metric, True)
    winner = higher if better_is_higher else lower
    headline = f"{winner} {HEADLINES.get(metric, 'rated higher')}"
    return Verdict(
        **common,
        winner=winner,
        headline=headline,
        detail=_effect(row, winner),
        survives=survives,
    )


def _effect(row: dict[str, Any], winner: str) -> str:
    """How much better the winner is, with the interval, as magnitudes: "by 33 pts [0.3, 57]",
    "A takes 1.91× as long [1.36, 2.69]"."""
    metric, kind = row["metric"], row["difference_kind"]
    value, (low, high) = row["difference"], row["ci"]
    if kind == "a / b":
        # The loser's time as a multiple of the winner's.
        loser = row["b"] if winner == row["a"] else row["a"]
        if winner == row["a"]:
            value, low, high = 1 / value, 1 / high, 1 / low
        return f"{loser} takes {ratio(value)}× as long [{ratio(low)}, {ratio(high)}]"
    if direction(row) < 0:  # seen from the variant that is higher: A − B, or B − A
        value, low, high = -value, -high, -low
    if metric == "completion":
        return f"by {_pts(value)} pts [{_pts(low)}, {_pts(high)}]"
    digits = 2 if metric == "errors" else 1
    unit = " errors per attempt" if metric == "errors" else ""
    return f"by {unsigned(value, digits)}{unit} [{unsigned(low, digits)}, {unsigned(high, digits)}]"


def _bound(row: dict[str, Any]) -> str:
    """What an interval that includes no difference still rules out, on each side: "rules out
    B better by more than 64 pts, or A by more than 6 pts"."""
    a, b, metric = row["a"], row["b"], row["metric"]
    low, high = row["ci"]
    word = HEADLINES.get(metric, "rated higher")
    if row["difference_kind"] == "a / b":  # A faster below 1, B faster above
        a_side, b_side = f"{ratio(1 / low)}×", f"{ratio(high)}×"
    else:
        higher_is_better = HIGHER_IS_BETTER.get(metric, True)
        # a − b below 0: A lower; better for A where lower is better.
        below, above = -low, high
        a_better, b_better = (above, below) if higher_is_better else (below, above)
        if metric == "completion":
            a_side, b_side = f"{_pts(a_better)} pts", f"{_pts(b_better)} pts"
        else:
            digits = 2 if metric == "errors" else 1
            a_side, b_side = unsigned(a_better, digits), unsigned(b_better, digits)
    word = "better" if metric == "errors" else word
    return f"rules out {b} {word} by more than {b_side}, or {a} by more than {a_side}"


def _pts(share: float) -> str:
    """A share as unsigned percentage points; a bound near zero keeps a decimal so that it
    never reads as zero."""
    return unsigned(share * 100, 0)


def standing(test: dict[str, Any] | None, alpha: float) -> str:
    """Met where the one-sided test shows the benchmark beaten, not met where the opposite
    one-sided test (its p is 1 − p) shows it missed, otherwise undetermined."""
    if test is None or test["p_value"] is None:
        return "undetermined"
    p = test["p_value"]
    return "met" if p < alpha else "not met" if p > 1 - alpha else "undetermined"


def _benchmark(
    cell: Cell,
    metric: str,
    figures: list[dict[str, Any]],
    task: dict[str, Any],
    goals: dict[str, Any],
    alpha: float,
) -> None:
    goal = {
        "completion": goals.get("completion"),
        "time": task.get("target_time"),
        "seq": goals.get("seq"),
    }.get(metric)
    if goal is None:
        return
    if metric == "completion":
        cell.benchmark = f"benchmark {goal:.0%}"
    elif metric == "time":
        cell.benchmark = f"target {goal:g} s"
    else:
        cell.benchmark = f"benchmark {goal:g}"
    for row in figures:
        test = row["benchmarks"].get(metric)
        word = standing(test, alpha)
        cell.standings.append(Standing(row["variant"], word, _test_text(test, word)))


def _test_text(test: dict[str, Any] | None, word: str) -> str:
    """The one-sided p of the side a benchmark test shows: of meeting it, or for "not met" of
    missing it (1 − p), so that a small p always backs the word beside it."""
    if test is None:
        return "no data"
    if test["p_value"] is None:
        return test.get("reason") or "not computable"
    name = "mid-p" if test["test"] == "binomial mid-p" else "p"
    p = 1 - test["p_value"] if word == "not met" else test["p_value"]
    return p_text(p).replace("p", name, 1)


def _study_rows(
    result: dict[str, Any],
    goals: dict[str, Any],
    comparisons: dict[tuple[str | None, str], list[dict[str, Any]]],
    alpha: float,
) -> list[Row]:
    names: list[str] = []
    for figures in result["questionnaires"].values():
        names += [name for name in figures if name not in names]
    rows = []
    for name in names:
        if not any(
            (figures.get(name) or {}).get("n") for figures in result["questionnaires"].values()
        ):
            continue  # never answered: named under the limitations
        cell = Cell()
        for variant, figures in result["questionnaires"].items():
            figure = figures.get(name)
            if figure is not None:
                cell.figures.append((variant, _questionnaire_figure(name, figure)))
        # The questionnaires object spells UMUX-Lite `umux_lite`, its comparisons `umux-lite`.
        metric = name.replace("_", "-")
        cell.verdicts = [verdict(row, alpha) for row in comparisons.get((None, metric), [])]
        if goals.get(metric) is not None:
            cell.benchmark = f"benchmark {goals[metric]:g}"
            for variant, figures in result["questionnaires"].items():
                test = (figures.get(name) or {}).get("benchmark")
                word = standing(test, alpha)
                cell.standings.append(Standing(variant, word, _test_text(test, word)))
        rows.append(Row(metric, METRIC_TITLES.get(metric, metric.upper()), {"score": cell}))
    return rows


def _questionnaire_figure(name: str, figure: dict[str, Any]) -> str:
    if name == "nps":
        score = figure["score"]
        return "–" if score is None else "0" if score == 0 else signed(score, 0)
    if figure.get("mean") is None:
        return "–"
    grade = f" ({figure['grade']})" if figure.get("grade") else ""
    return f"{figure['mean']:.1f}{grade}"
