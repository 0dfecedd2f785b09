"""Time on task: every attempt a dot on a log axis, the geometric mean with its interval, and
each task's target time."""

from __future__ import annotations

import math
from typing import Any

from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.ticker import FixedLocator, NullFormatter, NullLocator, StrMethodFormatter

from uxlab.analysis.data import StudyData
from uxlab.charts.chart import Chart
from uxlab.charts.layout import TaskLayout
from uxlab.charts.style import (
    REFERENCE,
    colour,
    legend,
    marker,
    new_figure,
    reference_line,
    variant_mark,
)

# Rungs for the ends of the axis: the next one past the data is never more than 1.5 times away.
FINE_STEPS = (1, 1.5, 2, 3, 4, 5, 7)


def _ladder(low: float, high: float, steps: tuple[float, ...]) -> list[float]:
    """Round numbers from a rung below `low` to one above `high`."""
    return [
        step * 10.0**power
        for power in range(math.floor(math.log10(low)) - 1, math.ceil(math.log10(high)) + 1)
        for step in steps
    ]


def _too_close(lower: float, upper: float, bottom: float, top: float) -> bool:
    """Two ticks less than a sixteenth of the axis apart (about 10 pt on the time chart)."""
    return math.log10(upper / lower) < math.log10(top / bottom) / 16


def _seconds_axis(axes: Axes) -> None:
    """A log axis labelled in plain seconds (10, 20, 50, 100), never as powers of ten; finer
    steps when the data spans too little for four of those. The axis runs from a labelled
    round number below the lowest time to one above the highest, so every dot can be read
    against a number on either side."""
    axes.set_yscale("log")
    axes.autoscale_view()
    low, high = axes.get_ylim()
    for steps in ((1, 2, 5), (1, 2, 3, 5), FINE_STEPS):
        ticks = [tick for tick in _ladder(low, high, steps) if low <= tick <= high]
        if len(ticks) >= 4:
            break
    ends = _ladder(low, high, FINE_STEPS)
    first = max(i for i, tick in enumerate(ends) if tick <= low * 1.0001)
    last = min(i for i, tick in enumerate(ends) if tick >= high / 1.0001)
    ticks = [tick for tick in ticks if ends[first] * 1.0001 < tick < ends[last] / 1.0001]
    # An end too close to the next tick would print its label on that one's: one rung further.
    while ticks and first > 0 and _too_close(ends[first], ticks[0], ends[first], ends[last]):
        first -= 1
    while (
        ticks
        and last < len(ends) - 1
        and _too_close(ticks[-1], ends[last], ends[first], ends[last])
    ):
        last += 1
    bottom, top = ends[first], ends[last]
    axes.set_ylim(bottom, top)
    axes.yaxis.set_major_locator(FixedLocator([bottom, *ticks, top]))
    axes.yaxis.set_major_formatter(StrMethodFormatter("{x:g}"))
    axes.yaxis.set_minor_locator(NullLocator())
    axes.yaxis.set_minor_formatter(NullFormatter())


def _times(data: StudyData, task: str, variant: str, only_successes: bool) -> list[float]:
    cell = data.cells.get((task, variant))
    if cell is None:
        return []
    return sorted(
        f.time_s
        for f in cell.by_session.values()
        if f.time_s and (not only_successes or f.outcome == "success")
    )


def time_chart(
    result: dict[str, Any], data: StudyData, titles: dict[str, str], targets: dict[str, float]
) -> Chart | None:
    """Time on task on a log axis: every attempt a dot, the geometric mean and its interval,
    the target times; None when no attempt has a time yet."""
    if not any(row["time_on_task"]["n"] for row in result["tasks"]):
        return None
    layout = TaskLayout.of(result)
    only_successes = result["times"] == "successful"
    figure = new_figure(height=3.8)
    axes = figure.add_subplot()
    for v_index, task, variant, row in layout.cells():
        x = layout.x(task, variant)
        times = _times(data, task, variant, only_successes)
        axes.scatter(
            [x + layout.width * 0.3 * ((i % 7) / 6 - 0.5) for i in range(len(times))],
            times,
            s=16,
            color=colour(v_index),
            marker=marker(v_index),
            edgecolors="white",  # dots on top of each other stay apart at full contrast
            linewidths=0.4,
        )
        timing = row["time_on_task"]
        mean = timing["geometric_mean_s"]
        if mean is None:
            continue
        if timing["ci_s"] is not None:
            low, high = timing["ci_s"]
            axes.errorbar(
                x, mean, yerr=[[mean - low], [high - mean]], color="black", capsize=4, linewidth=1.2
            )
        axes.plot(x, mean, marker="_", markersize=16, markeredgewidth=2, color="black")
    shown = {task: targets[task] for task in layout.tasks if task in targets}
    for task, target in shown.items():
        middle = layout.tasks.index(task)
        axes.hlines(target, middle - 0.45, middle + 0.45, **REFERENCE, label="target time")
    _seconds_axis(axes)
    layout.label_tasks(axes, titles)
    axes.set_ylabel("time on task (s, log scale)")
    which = "successful attempts" if only_successes else "all finished attempts"
    confidence = f"{result['confidence']:.0%}"
    axes.set_title(f"Time on task ({which}): geometric mean with {confidence} interval")
    handles: list[Artist] = [variant_mark(i, v) for i, v in enumerate(layout.variants)]
    handles.append(
        Line2D(
            [],
            [],
            color="black",
            marker="_",
            markersize=12,
            label=f"geometric mean, {confidence} interval",
        )
    )
    if shown:
        handles.append(reference_line("target time"))
    legend(figure, handles)

    def mean_text(task: str, variant: str) -> str | None:
        value = layout.rows[(task, variant)]["time_on_task"]["geometric_mean_s"]
        return None if value is None else f"{value:.0f} s"

    named = {
        t: titles.get(t, t) + (f", target {shown[t]:g} s" if t in shown else "")
        for t in layout.tasks
    }
    also = " and each task's target time" if shown else ""
    return Chart(
        "time-on-task",
        figure,
        f"Time on task ({which}) per task and variant on a log scale, each attempt a dot with "
        f"the geometric mean and its {confidence} interval{also}: "
        f"{layout.in_words(named, mean_text)}.",
    )
