"""The analysis as a terminal table and as a flat CSV."""

from __future__ import annotations

import csv
import io
from typing import Any

from uxlab.cli.table import render_table
from uxlab.report.findings import ordinal


def _num(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _ci(ci: list[float] | None, digits: int = 2) -> str:
    return "" if ci is None else f" [{ci[0]:.{digits}f}, {ci[1]:.{digits}f}]"


def _p(value: float | None) -> str:
    if value is None:
        return "–"
    return "<.001" if value < 0.001 else f"{value:.3f}".lstrip("0")


def render(result: dict[str, Any]) -> str:
    confidence = result["confidence"]
    lines = [
        f"{result['study']}: {result['design']} design, {result['participants']} participants, "
        f"{confidence:.0%} intervals, times of {result['times']} attempts",
        "",
        render_table(
            [
                "task",
                "variant",
                "completion",
                "best",
                "time s (geo mean)",
                "median s",
                "errors/attempt",
                "error-free",
                "gave up",
                "SEQ",
            ],
            [_task_row(row) for row in result["tasks"]],
        ),
    ]
    questionnaires = [
        f"  {variant}: " + " · ".join(_questionnaire(name, q) for name, q in figures.items())
        for variant, figures in result["questionnaires"].items()
        if figures
    ]
    if questionnaires:
        lines += ["", "questionnaires", *questionnaires]
    if result["comparisons"]:
        alpha = 1 - confidence
        lines += [
            "",
            "comparisons",
            render_table(
                ["task", "metric", "a vs b", "n", "test", "statistic", "p", "p adj.", "difference"],
                [_comparison_row(row, alpha) for row in result["comparisons"]],
            ),
            f"* adjusted p < {alpha:.2g} (Benjamini–Hochberg over the "
            f"{sum(row['p_value'] is not None for row in result['comparisons'])} comparisons "
            "with a p-value)",
        ]
    return "\n".join(lines)


def _task_row(row: dict[str, Any]) -> list[str]:
    completion, time, errors, seq = (
        row["completion"],
        row["time_on_task"],
        row["errors"],
        row["seq"],
    )
    rate = (
        "–"
        if completion["rate"] is None
        else (
            f"{completion['successes']}/{completion['n']} = {completion['rate']:.2f}"
            f"{_ci(completion['ci'])}"
        )
    )
    timing = (
        "–"
        if time["geometric_mean_s"] is None
        else (f"{time['geometric_mean_s']:.1f}{_ci(time['ci_s'], 1)} n={time['n']}")
    )
    return [
        row["task"],
        row["variant"],
        rate,
        _num(completion["best_estimate"]),
        timing,
        _num(time["median_s"], 1),
        _num(errors["mean_per_attempt"]),
        _num(errors["error_free_rate"]),
        _num(row["abandonment_rate"]),
        "–" if seq["mean"] is None else f"{seq['mean']:.1f}{_ci(seq['ci'], 1)} n={seq['n']}",
    ]


def _questionnaire(name: str, figures: dict[str, Any]) -> str:
    if name == "nps":
        score = "–" if figures["score"] is None else f"{figures['score']:.0f}"
        return f"NPS {score}{_ci(figures['ci'], 0)} n={figures['n']}"
    mean = "–" if figures["mean"] is None else f"{figures['mean']:.1f}"
    text = f"{name.upper()} {mean}{_ci(figures['ci'], 1)} n={figures['n']}"
    if "grade" in figures:
        text += f", grade {figures['grade']} ({ordinal(figures['percentile'])} percentile)"
    return text


def _comparison_row(row: dict[str, Any], alpha: float) -> list[str]:
    adjusted = row["p_adjusted"]
    flag = " *" if adjusted is not None and adjusted < alpha else ""
    if row["difference"] is None:
        difference = row.get("reason", "–")
    elif row["difference_kind"] == "a / b":
        difference = f"a/b = {row['difference']:.2f}{_ci(row['ci'])}"
    else:
        difference = f"a − b = {row['difference']:+.2f}{_ci(row['ci'])}"
    return [
        row["task"] or "(study)",
        row["metric"],
        f"{row['a']} vs {row['b']}",
        f"{row['n_a']}/{row['n_b']}",
        row["test"],
        _num(row["statistic"]),
        _p(row["p_value"]),
        _p(adjusted) + flag,
        difference,
    ]


CSV_COLUMNS = (
    "task",
    "variant",
    "attempts",
    "successes",
    "completion_rate",
    "completion_low",
    "completion_high",
    "best_estimate",
    "time_n",
    "geometric_mean_s",
    "time_low_s",
    "time_high_s",
    "median_s",
    "errors_total",
    "errors_mean",
    "error_free_rate",
    "abandonment_rate",
    "seq_n",
    "seq_mean",
    "seq_low",
    "seq_high",
)


def render_csv(result: dict[str, Any]) -> str:
    sink = io.StringIO()
    writer = csv.writer(sink, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in result["tasks"]:
        completion, time, errors, seq = (
            row["completion"],
            row["time_on_task"],
            row["errors"],
            row["seq"],
        )
        ci, time_ci, seq_ci = (
            completion["ci"] or [None, None],
            time["ci_s"] or [None, None],
            seq["ci"] or [None, None],
        )
        values = [
            row["task"],
            row["variant"],
            row["attempts"],
            completion["successes"],
            completion["rate"],
            *ci,
            completion["best_estimate"],
            time["n"],
            time["geometric_mean_s"],
            *time_ci,
            time["median_s"],
            errors["total"],
            errors["mean_per_attempt"],
            errors["error_free_rate"],
            row["abandonment_rate"],
            seq["n"],
            seq["mean"],
            *seq_ci,
        ]
        writer.writerow(["" if v is None else v for v in values])
    return sink.getvalue()
