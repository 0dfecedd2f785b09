"""Tasks along the x axis, the variants of each side by side; and per-task figures in words."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from matplotlib.axes import Axes

from uxlab.charts.style import FIGURE_WIDTH_IN, drawable

# The share of a task's slot its variants fill; the rest is the gap between tasks.
GROUP_WIDTH = 0.8
# Room for the y axis and its label, which the data area does not get.
AXES_WIDTH_PT = (FIGURE_WIDTH_IN - 0.8) * 72


@dataclass(frozen=True)
class TaskLayout:
    tasks: list[str]
    variants: list[str]
    rows: dict[tuple[str, str], dict[str, Any]]

    @classmethod
    def of(cls, result: dict[str, Any]) -> TaskLayout:
        return cls(
            tasks=list(dict.fromkeys(row["task"] for row in result["tasks"])),
            variants=list(dict.fromkeys(row["variant"] for row in result["tasks"])),
            rows={(row["task"], row["variant"]): row for row in result["tasks"]},
        )

    @property
    def width(self) -> float:
        """The width of one variant's slot, in task units."""
        return GROUP_WIDTH / max(1, len(self.variants))

    @property
    def slot_pt(self) -> float:
        """About how wide one variant's slot is drawn, in points."""
        return AXES_WIDTH_PT / max(1, len(self.tasks)) * self.width

    def x(self, task: str, variant: str) -> float:
        offset = self.variants.index(variant) - (len(self.variants) - 1) / 2
        return self.tasks.index(task) + offset * self.width

    def cells(self) -> list[tuple[int, str, str, dict[str, Any]]]:
        """(variant index, task, variant, its result row) for every task and variant."""
        return [
            (v_index, task, variant, self.rows[(task, variant)])
            for v_index, variant in enumerate(self.variants)
            for task in self.tasks
            if (task, variant) in self.rows
        ]

    def label_tasks(self, axes: Axes, titles: dict[str, str], pad: float = 3.5) -> None:
        """Task titles under their groups, wrapped to the group's width; with too many tasks
        for that, upright on their side (a taller figure makes room), shortened to the lines
        that fit. The vertical grid lines fall between tasks only, never between the variants
        of one task."""
        count = len(self.tasks)
        group_pt = AXES_WIDTH_PT / max(1, count)
        characters = int(group_pt / 6.0) - 1
        upright = characters >= 10
        names = [drawable(titles.get(t, t)) for t in self.tasks]
        if upright:
            labels = [textwrap.fill(name, characters) for name in names]
        else:
            lines = max(1, int(group_pt // 12))
            labels = [textwrap.fill(name, 22, max_lines=lines, placeholder=" …") for name in names]
            figure = axes.get_figure(root=True)
            if figure is not None:
                figure.set_figheight(figure.get_figheight() + 1.2)
        axes.set_xticks(range(count), labels, rotation=0 if upright else 90)
        axes.tick_params(axis="x", which="major", length=0, pad=pad)
        axes.set_xticks([i + 0.5 for i in range(count - 1)], minor=True)
        axes.tick_params(axis="x", which="minor", length=0)
        axes.xaxis.grid(False, which="major")
        axes.xaxis.grid(True, which="minor")
        axes.set_xlim(-0.5, count - 0.5)

    def in_words(self, titles: dict[str, str], figure: Callable[[str, str], str | None]) -> str:
        """'Task (A 67%, B 100%); …' with `figure(task, variant)`, cells without one left out;
        with one variant, 'Task (100%)'."""
        parts = []
        for task in self.tasks:
            values = [
                f"{variant} {text}" if len(self.variants) > 1 else text
                for variant in self.variants
                if (task, variant) in self.rows and (text := figure(task, variant)) is not None
            ]
            if values:
                parts.append(f"{titles.get(task, task)} ({', '.join(values)})")
        return "; ".join(parts) or "no data yet"
