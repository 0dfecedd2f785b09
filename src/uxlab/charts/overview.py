"""Study-level charts: SUS against its grades and its average, problem discovery."""

from __future__ import annotations

from collections.abc import Mapping, Set
from typing import Any

from matplotlib.artist import Artist
from matplotlib.lines import Line2D
from matplotlib.ticker import PercentFormatter

from uxlab.analysis.discovery import found_share
from uxlab.analysis.questionnaires import GRADES
from uxlab.charts.chart import Chart
from uxlab.charts.style import (
    BACKGROUNDS,
    GREY,
    REFERENCE,
    colour,
    legend,
    marker,
    new_figure,
    reference_line,
    variant_label,
    variant_mark,
)

SUS_AVERAGE = 68.0
# Grade labels sit in two staggered rows above the variants: the narrow bands (C+, B-, B+ are
# under two points wide) would otherwise print their labels on top of each other.
GRADE_ROWS = (-0.75, -1.15)


def sus_chart(result: dict[str, Any], benchmark: float | None) -> Chart | None:
    """Mean SUS per variant with its interval, over the Sauro–Lewis curved grade bands, with
    the average of 68 and the study's SUS benchmark."""
    variants = [
        (v, q["sus"])
        for v, q in result["questionnaires"].items()
        if "sus" in q and q["sus"]["mean"] is not None
    ]
    if not variants:
        return None
    figure = new_figure(height=2.3 + 0.45 * len(variants))
    axes = figure.add_subplot()
    uppers = (100.0, *(lowest for _, lowest, _ in GRADES[:-1]))
    bands = [(grade, low, high) for (grade, low, _), high in zip(GRADES, uppers, strict=True)]
    for index, (grade, low, high) in enumerate(reversed(bands)):
        band = BACKGROUNDS[2] if index % 2 else BACKGROUNDS[1]
        axes.axvspan(low, high, color=band, linewidth=0)
        axes.text(
            (low + high) / 2,
            GRADE_ROWS[index % 2],
            grade,
            ha="center",
            va="center",
            bbox={"boxstyle": "square,pad=0.1", "color": band, "linewidth": 0},
        )
    for index, (_, sus) in enumerate(variants):
        mean = sus["mean"]
        low, high = sus["ci"] or (mean, mean)
        axes.errorbar(
            mean,
            index,
            xerr=[[mean - low], [high - mean]],
            fmt=marker(index),
            color=colour(index),
            markersize=7,
            capsize=4,
        )
        axes.annotate(
            f"{mean:.1f}, grade {sus['grade']}, n = {sus['n']}",
            (mean, index - 0.3),
            ha="right" if mean > 85 else "left" if mean < 15 else "center",
            va="center",
            bbox={"boxstyle": "round,pad=0.15", "color": "white", "alpha": 0.85, "linewidth": 0},
        )
    average = f"SUS average {SUS_AVERAGE:g}"
    if benchmark == SUS_AVERAGE:
        average += " (the benchmark)"
    axes.axvline(SUS_AVERAGE, color="black", linestyle=":", linewidth=1.3)
    handles: list[Artist] = [variant_mark(i, v) for i, (v, _) in enumerate(variants)]
    handles.append(Line2D([], [], color="black", linestyle=":", linewidth=1.3, label=average))
    against = f"the average of {SUS_AVERAGE:g}"
    if benchmark is not None and benchmark != SUS_AVERAGE:
        axes.axvline(benchmark, **REFERENCE)
        handles.append(reference_line(f"benchmark {benchmark:g}"))
        against += f" and the benchmark of {benchmark:g}"
    axes.set_yticks(range(len(variants)), [variant_label(v) for v, _ in variants])
    axes.tick_params(axis="y", length=0)
    axes.set_ylim(len(variants) - 0.5, GRADE_ROWS[1] - 0.3)
    axes.set_xlim(0, 100)
    axes.set_xlabel("SUS score (grades: Sauro–Lewis curved grading scale)")
    axes.grid(False)
    confidence = f"{result['confidence']:.0%}"
    axes.set_title(f"SUS per variant with {confidence} intervals")
    legend(figure, handles)
    scores = ", ".join(
        f"{v} {sus['mean']:.1f} (grade {sus['grade']}, n = {sus['n']})" for v, sus in variants
    )
    return Chart(
        "sus",
        figure,
        f"Mean SUS score per variant with {confidence} intervals over the curved grade bands, "
        f"against {against}: {scores}.",
    )


def discovery_chart(
    seen_by: Mapping[str, Set[str]], participants: list[str], p_adjusted: float | None
) -> Chart | None:
    """Problems found as participants are added, against the expected 1 − (1 − p)^n."""
    if not seen_by or not participants or p_adjusted is None:
        return None
    figure = new_figure(height=3.2)
    axes = figure.add_subplot()
    found: set[str] = set()
    observed = []
    for person in participants:
        found |= {problem for problem, who in seen_by.items() if person in who}
        observed.append(len(found) / len(seen_by))
    axes.plot(
        range(1, len(observed) + 1),
        observed,
        marker="o",
        color=colour(0),
        label="found in this study (share of the problems seen)",
    )
    horizon = max(20, len(participants))
    expected = f"expected, 1 − (1 − {p_adjusted:.2f})^n"
    axes.plot(
        range(1, horizon + 1),
        [found_share(p_adjusted, n) for n in range(1, horizon + 1)],
        linestyle="--",
        color=GREY,
        label=expected,
    )
    axes.set_ylim(0, 1.02)
    axes.yaxis.set_major_formatter(PercentFormatter(1, decimals=0))
    axes.set_xlabel("participants")
    axes.set_ylabel("share of problems found")
    axes.set_title("Problem discovery")
    legend(figure, axes.get_legend_handles_labels()[0])
    everyone = next((i + 1 for i, share in enumerate(observed) if share >= 1), None)
    return Chart(
        "problem-discovery",
        figure,
        f"Share of problems found as participants were added, against the expected "
        f"1 − (1 − {p_adjusted:.2f})^n: {_found_in_words(observed, len(seen_by), everyone)}, "
        f"where the expected curve reaches "
        f"{found_share(p_adjusted, everyone or len(participants)):.0%}.",
    )


def _count(number: int, thing: str) -> str:
    """'1 problem', '2 problems'."""
    return f"{number} {thing}{'s' * (number != 1)}"


def _all(number: int, thing: str) -> str:
    """'the one participant', 'both participants', 'all 8 participants'."""
    return {1: f"the one {thing}", 2: f"both {thing}s"}.get(number, f"all {number} {thing}s")


def _found_in_words(observed: list[float], seen: int, everyone: int | None) -> str:
    """How many of the problems seen were found, by how many of the participants."""
    total = len(observed)
    were = "was" if seen == 1 else "were"
    if everyone is None:
        return (
            f"{observed[-1]:.0%} of the {_count(seen, 'problem')} seen {were} found with "
            f"{_all(total, 'participant')}"
        )
    if total == 1:
        by = "with the one participant"
    elif everyone == total:
        by = f"only with {_all(total, 'participant')}"
    elif everyone == 1:
        by = f"by the first of {total} participants"
    else:
        by = f"within the first {everyone} of {total} participants"
    return f"{_all(seen, 'problem')} seen {were} found {by}"
