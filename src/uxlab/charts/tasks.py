"""Per-task charts: completion, errors and SEQ, for every variant side by side."""

from __future__ import annotations

from typing import Any

from matplotlib.artist import Artist
from matplotlib.ticker import FixedLocator, PercentFormatter

from uxlab.analysis.questionnaires import SEQ_SCALE
from uxlab.charts.chart import Chart
from uxlab.charts.layout import TaskLayout
from uxlab.charts.style import (
    GREY,
    REFERENCE,
    add_hatching,
    colour,
    hatch,
    legend,
    marker,
    new_figure,
    reference_line,
    text_width_pt,
    variant_mark,
    variant_patch,
)


def completion_chart(
    result: dict[str, Any], titles: dict[str, str], benchmark: float | None
) -> Chart:
    """Completion rate in % per task and variant, with the adjusted-Wald interval, the count of
    successes under each bar and the completion benchmark."""
    layout = TaskLayout.of(result)
    figure = new_figure()
    axes = figure.add_subplot()
    counts = {
        (task, variant): f"{row['completion']['successes']}/{row['completion']['n']}"
        for _, task, variant, row in layout.cells()
        if row["completion"]["rate"] is not None
    }
    widest = text_width_pt(max(counts.values(), key=len, default=""))
    upright = widest < layout.slot_pt * 0.95
    for v_index, task, variant, row in layout.cells():
        completion = row["completion"]
        if completion["rate"] is None:
            continue
        x, rate = layout.x(task, variant), completion["rate"] * 100
        low, high = (100 * bound for bound in completion["ci"] or [completion["rate"]] * 2)
        bar = axes.bar(x, rate, layout.width * 0.9, color=colour(v_index))
        add_hatching(axes, bar.patches, hatch(v_index))
        axes.errorbar(
            x, rate, yerr=[[rate - low], [high - rate]], color="black", capsize=3, linewidth=1
        )
        axes.annotate(
            counts[(task, variant)],
            (x, 0),
            xycoords=("data", "axes fraction"),
            xytext=(0, -3),
            textcoords="offset points",
            ha="center",
            va="top",
            rotation=0 if upright else 90,
        )
    layout.label_tasks(axes, titles, pad=(12 if upright else widest) + 6)
    axes.set_ylim(0, 100)
    axes.yaxis.set_major_formatter(PercentFormatter(100, decimals=0))
    axes.set_ylabel("completion rate")
    confidence = f"{result['confidence']:.0%}"
    axes.set_title(f"Completion rate with {confidence} adjusted-Wald intervals")
    handles: list[Artist] = [variant_patch(i, v) for i, v in enumerate(layout.variants)]
    against = ""
    if benchmark is not None:
        axes.axhline(benchmark * 100, **REFERENCE)
        handles.append(reference_line(f"benchmark {benchmark:.0%}"))
        against = f", against the {benchmark:.0%} benchmark"
    legend(figure, handles)

    def rate_text(task: str, variant: str) -> str | None:
        completion = layout.rows[(task, variant)]["completion"]
        if completion["rate"] is None:
            return None
        return f"{completion['rate']:.0%} ({counts[(task, variant)]})"

    return Chart(
        "completion",
        figure,
        f"Completion rate per task and variant with {confidence} intervals{against}: "
        f"{layout.in_words(titles, rate_text)}.",
    )


def errors_chart(result: dict[str, Any], titles: dict[str, str]) -> Chart | None:
    """Mean errors per attempt, per task and variant; None when nobody made an error (or no
    errors were recorded)."""
    if not any(row["errors"]["total"] for row in result["tasks"]):
        return None
    layout = TaskLayout.of(result)
    figure = new_figure(height=3.0)
    axes = figure.add_subplot()
    for v_index, task, variant, row in layout.cells():
        mean = row["errors"]["mean_per_attempt"]
        if mean is not None:
            bar = axes.bar(layout.x(task, variant), mean, layout.width * 0.9, color=colour(v_index))
            add_hatching(axes, bar.patches, hatch(v_index))
    layout.label_tasks(axes, titles)
    axes.set_ylabel("errors per attempt")
    axes.set_title("Errors per attempt")
    axes.axhline(0, color=GREY, linewidth=0.8)
    legend(figure, [variant_patch(i, v) for i, v in enumerate(layout.variants)])

    def mean_text(task: str, variant: str) -> str | None:
        value = layout.rows[(task, variant)]["errors"]["mean_per_attempt"]
        return None if value is None else f"{value:.2f}"

    return Chart(
        "errors",
        figure,
        f"Mean errors per attempt per task and variant: {layout.in_words(titles, mean_text)}.",
    )


def seq_chart(
    result: dict[str, Any], titles: dict[str, str], benchmark: float | None
) -> Chart | None:
    """Mean SEQ per task and variant with its interval on the scale's own range, and the SEQ
    benchmark; None while no one has answered."""
    if not any(row["seq"]["mean"] is not None for row in result["tasks"]):
        return None
    layout = TaskLayout.of(result)
    figure = new_figure(height=3.2)
    axes = figure.add_subplot()
    for v_index, task, variant, row in layout.cells():
        seq = row["seq"]
        if seq["mean"] is None:
            continue
        low, high = seq["ci"] or (seq["mean"], seq["mean"])
        axes.errorbar(
            layout.x(task, variant),
            seq["mean"],
            yerr=[[seq["mean"] - low], [high - seq["mean"]]],
            fmt=marker(v_index),
            color=colour(v_index),
            markersize=7,
            capsize=4,
            linewidth=1.4,
        )
    bottom, top = SEQ_SCALE
    layout.label_tasks(axes, titles)
    axes.set_ylim(bottom - 0.2, top + 0.2)
    axes.spines["left"].set_bounds(bottom, top)
    axes.yaxis.set_major_locator(FixedLocator(range(int(bottom), int(top) + 1)))
    scale = f"{bottom:g} very difficult to {top:g} very easy"
    axes.set_ylabel(f"SEQ ({bottom:g}–{top:g}, {top:g} = very easy)")
    confidence = f"{result['confidence']:.0%}"
    axes.set_title(f"Single Ease Question: mean with {confidence} intervals")
    handles: list[Artist] = [variant_mark(i, v) for i, v in enumerate(layout.variants)]
    against = ""
    if benchmark is not None:
        axes.axhline(benchmark, **REFERENCE)
        handles.append(reference_line(f"benchmark {benchmark:g}"))
        against = f", against the benchmark of {benchmark:g}"
    legend(figure, handles)

    def mean_text(task: str, variant: str) -> str | None:
        value = layout.rows[(task, variant)]["seq"]["mean"]
        return None if value is None else f"{value:.1f}"

    return Chart(
        "seq",
        figure,
        f"Mean Single Ease Question rating ({scale}) per task and variant with {confidence} "
        f"intervals{against}: {layout.in_words(titles, mean_text)}.",
    )
