"""Nine tasks with long titles and three variants: labels turn on their side, counts too, and
still no text lands on other text."""

from __future__ import annotations

from typing import Any

import pytest

from tests.charts.checks import check_chart, check_grid_between_tasks
from uxlab.charts.chart import Chart
from uxlab.charts.tasks import completion_chart, errors_chart, seq_chart

TASKS = 9


def _result() -> dict[str, Any]:
    rows = []
    for task in range(TASKS):
        for index, variant in enumerate("ABC"):
            successes = (task * 5 + index * 3) % 15
            rate = successes / 14
            rows.append(
                {
                    "task": f"t{task}",
                    "variant": variant,
                    "completion": {
                        "n": 14,
                        "successes": successes,
                        "rate": rate,
                        "ci": [max(0.0, rate - 0.2), min(1.0, rate + 0.2)],
                    },
                    "errors": {"total": 3, "mean_per_attempt": (task + index) / 10},
                    "seq": {"mean": 1 + (task + index) % 7, "ci": None},
                }
            )
    return {"tasks": rows, "confidence": 0.9}


TITLES = {f"t{t}": f"Task number {t} with a rather long descriptive title" for t in range(TASKS)}


@pytest.mark.parametrize(
    "draw",
    [
        lambda: completion_chart(_result(), TITLES, 0.8),
        lambda: errors_chart(_result(), TITLES),
        lambda: seq_chart(_result(), TITLES, 5.5),
    ],
    ids=["completion", "errors", "seq"],
)
def test_crowded_charts_keep_their_text_apart(draw: Any) -> None:
    chart: Chart = draw()
    check_chart(chart)
    check_grid_between_tasks(chart, TASKS)
    labels = chart.figure.axes[0].get_xticklabels()
    assert all(label.get_rotation() == 90 for label in labels)
