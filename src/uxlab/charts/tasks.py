"""Per-task charts: completion, time on task, errors, for every variant side by side."""

from __future__ import annotations

from typing import Any

from matplotlib.figure import Figure

from uxlab.analysis.data import StudyData
from uxlab.charts.style import GREY, colour, legend, marker, new_figure


def _layout(result: dict[str, Any]) -> tuple[list[str], list[str], float]:
    tasks = list(dict.fromkeys(row["task"] for row in result["tasks"]))
    variants = list(dict.fromkeys(row["variant"] for row in result["tasks"]))
    return tasks, variants, 0.8 / max(1, len(variants))


def _rows(result: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(row["task"], row["variant"]): row for row in result["tasks"]}


def completion_chart(result: dict[str, Any], titles: dict[str, str]) -> Figure:
    """Completion rate per task and variant, with the adjusted-Wald interval."""
    tasks, variants, width = _layout(result)
    rows = _rows(result)
    figure = new_figure()
    axes = figure.add_subplot()
    for v_index, variant in enumerate(variants):
        for t_index, task in enumerate(tasks):
            completion = rows[(task, variant)]["completion"]
            if completion["rate"] is None:
                continue
            x = t_index + (v_index - (len(variants) - 1) / 2) * width
            low, high = completion["ci"]
            axes.bar(
                x,
                completion["rate"],
                width * 0.9,
                color=colour(v_index),
                label=variant if t_index == 0 else None,
            )
            axes.errorbar(
                x,
                completion["rate"],
                yerr=[[completion["rate"] - low], [high - completion["rate"]]],
                color="black",
                capsize=3,
                linewidth=1,
            )
            axes.annotate(
                f"{completion['successes']}/{completion['n']}",
                (x, 0.02),
                ha="center",
                fontsize=7,
                color="white",
            )
    axes.set_xticks(range(len(tasks)), [titles.get(t, t) for t in tasks], rotation=15, ha="right")
    axes.set_ylim(0, 1)
    axes.set_ylabel("completion rate")
    axes.set_title(f"Completion rate with {result['confidence']:.0%} adjusted-Wald intervals")
    legend(axes, title="variant", loc="upper right")
    return figure


def time_chart(result: dict[str, Any], data: StudyData, titles: dict[str, str]) -> Figure | None:
    """Time on task on a log axis: every attempt a dot, the geometric mean and its interval;
    None when no attempt has a time yet."""
    if not any(row["time_on_task"]["n"] for row in result["tasks"]):
        return None
    tasks, variants, width = _layout(result)
    rows = _rows(result)
    only_successes = result["times"] == "successful"
    figure = new_figure(height=3.6)
    axes = figure.add_subplot()
    for v_index, variant in enumerate(variants):
        for t_index, task in enumerate(tasks):
            x = t_index + (v_index - (len(variants) - 1) / 2) * width
            cell = data.cells.get((task, variant))
            times = (
                []
                if cell is None
                else sorted(
                    f.time_s
                    for f in cell.by_session.values()
                    if f.time_s and (not only_successes or f.outcome == "success")
                )
            )
            spread = [x + width * 0.3 * ((i % 7) / 6 - 0.5) for i in range(len(times))]
            axes.scatter(
                spread,
                times,
                s=10,
                color=colour(v_index),
                alpha=0.6,
                marker=marker(v_index),
                label=variant if t_index == 0 else None,
            )
            timing = rows[(task, variant)]["time_on_task"]
            if timing["geometric_mean_s"] is not None:
                mean = timing["geometric_mean_s"]
                if timing["ci_s"] is not None:
                    low, high = timing["ci_s"]
                    axes.errorbar(
                        x,
                        mean,
                        yerr=[[mean - low], [high - mean]],
                        color="black",
                        capsize=4,
                        linewidth=1.2,
                    )
                axes.plot(x, mean, marker="_", markersize=16, color="black")
    axes.set_yscale("log")
    axes.set_xticks(range(len(tasks)), [titles.get(t, t) for t in tasks], rotation=15, ha="right")
    axes.set_ylabel("time on task (s, log scale)")
    which = "successful attempts" if only_successes else "all finished attempts"
    axes.set_title(
        f"Time on task ({which}): geometric mean with {result['confidence']:.0%} interval"
    )
    legend(axes, title="variant", loc="upper left")
    return figure


def errors_chart(result: dict[str, Any], titles: dict[str, str]) -> Figure | None:
    """Mean errors per attempt, per task and variant; None when nobody made an error."""
    if not any(row["errors"]["total"] for row in result["tasks"]):
        return None
    tasks, variants, width = _layout(result)
    rows = _rows(result)
    figure = new_figure(height=2.8)
    axes = figure.add_subplot()
    for v_index, variant in enumerate(variants):
        for t_index, task in enumerate(tasks):
            errors = rows[(task, variant)]["errors"]
            if errors["mean_per_attempt"] is None:
                continue
            x = t_index + (v_index - (len(variants) - 1) / 2) * width
            axes.bar(
                x,
                errors["mean_per_attempt"],
                width * 0.9,
                color=colour(v_index),
                hatch="//" if v_index % 2 else None,
                edgecolor="white",
                label=variant if t_index == 0 else None,
            )
    axes.set_xticks(range(len(tasks)), [titles.get(t, t) for t in tasks], rotation=15, ha="right")
    axes.set_ylabel("errors per attempt")
    axes.set_title("Errors per attempt")
    axes.axhline(0, color=GREY, linewidth=0.8)
    legend(axes, title="variant", loc="upper right")
    return figure
