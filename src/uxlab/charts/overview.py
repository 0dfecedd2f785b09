"""Study-level charts: SUS against its grades, session timelines, problem discovery."""

from __future__ import annotations

from collections.abc import Mapping, Set
from typing import Any

from matplotlib.figure import Figure
from matplotlib.patches import Patch

from uxlab.analysis.discovery import found_share
from uxlab.analysis.questionnaires import GRADES
from uxlab.charts.style import GREY, colour, legend, new_figure
from uxlab.recording.results import SessionResults

OUTCOME_COLOURS = {
    "success": "#009E73",
    "failure": "#D55E00",
    "abandoned": "#CC79A7",
    "timeout": "#E69F00",
    "skipped": "#999999",
}
EVENT_MARKS = {
    "error": ("x", "#D55E00"),
    "assist": ("^", "#0072B2"),
    "note": ("|", GREY),
    "problem": ("*", "#000000"),
    "marker": ("d", "#56B4E9"),
}


def sus_chart(result: dict[str, Any]) -> Figure | None:
    """Mean SUS per variant with its interval, over the Sauro–Lewis curved grade bands."""
    variants = [
        (v, q["sus"])
        for v, q in result["questionnaires"].items()
        if "sus" in q and q["sus"]["mean"] is not None
    ]
    if not variants:
        return None
    figure = new_figure(height=1.2 + 0.45 * len(variants))
    axes = figure.add_subplot()
    bounds = [
        (grade, low, high)
        for (grade, low, _), (_, high, _) in zip(GRADES, (("", 100.0, 0), *GRADES), strict=False)
    ]
    for index, (grade, low, high) in enumerate(bounds):
        axes.axvspan(low, high, color="#f0f0f0" if index % 2 else "#e2e2e2", linewidth=0)
        axes.annotate(
            grade,
            ((low + high) / 2, len(variants) - 0.45),
            ha="center",
            fontsize=7,
            color=GREY,
            annotation_clip=False,
        )
    for index, (_, sus) in enumerate(variants):
        low, high = sus["ci"] or (sus["mean"], sus["mean"])
        axes.errorbar(
            sus["mean"],
            index,
            xerr=[[sus["mean"] - low], [high - sus["mean"]]],
            fmt="o",
            color=colour(index),
            capsize=4,
        )
        axes.annotate(
            f"{sus['mean']:.1f} ({sus['grade']}, n = {sus['n']})",
            (sus["mean"], index + 0.18),
            ha="center",
            fontsize=8,
        )
    axes.set_yticks(range(len(variants)), [v for v, _ in variants])
    axes.set_ylim(-0.6, len(variants) - 0.2)
    axes.set_xlim(0, 100)
    axes.set_xlabel("SUS score")
    axes.grid(False)
    axes.set_title(f"SUS per variant with {result['confidence']:.0%} intervals and curved grades")
    return figure


def timeline_chart(session: SessionResults, titles: Mapping[str, str]) -> Figure:
    """One session: each task attempt a bar coloured by outcome, events as marks."""
    figure = new_figure(height=0.9 + 0.3 * max(1, len(session.attempts)))
    axes = figure.add_subplot()
    start = session.started_at
    for row, attempt in enumerate(session.attempts):
        begin = (attempt.started_at - start).total_seconds()
        end = (attempt.ended_at - start).total_seconds() if attempt.ended_at else begin
        axes.barh(
            row,
            max(end - begin, 0.5),
            left=begin,
            height=0.6,
            color=OUTCOME_COLOURS.get(attempt.outcome or "", GREY),
        )
        axes.annotate(
            attempt.outcome or "open",
            (end, row),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontsize=7,
        )
    rows = {a.task: i for i, a in enumerate(session.attempts)}
    for kind, (shape, tint) in EVENT_MARKS.items():
        points = [
            ((e.at - start).total_seconds(), rows.get(e.task or "", -0.6))
            for e in session.events
            if e.type == kind
        ]
        if points:
            xs, ys = zip(*points, strict=True)
            axes.scatter(xs, ys, marker=shape, color=tint, s=22, zorder=3, label=kind)
    axes.set_yticks(
        range(len(session.attempts)), [titles.get(a.task, a.task) for a in session.attempts]
    )
    axes.invert_yaxis()
    axes.set_xlabel("seconds since the session started")
    variant = f", variant {session.variant}" if session.variant else ""
    axes.set_title(f"Session of {session.participant}{variant}")
    if any(e.type in EVENT_MARKS for e in session.events):
        legend(axes, loc="lower right", ncols=5, fontsize=7)
    return figure


def discovery_chart(
    seen_by: Mapping[str, Set[str]], participants: list[str], p_adjusted: float | None
) -> Figure | None:
    """Problems found as participants are added, against the expected 1 − (1 − p)^n."""
    if not seen_by or p_adjusted is None:
        return None
    figure = new_figure(height=3.0)
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
        label="found in this study (share of problems seen)",
    )
    horizon = max(20, len(participants))
    axes.plot(
        range(1, horizon + 1),
        [found_share(p_adjusted, n) for n in range(1, horizon + 1)],
        linestyle="--",
        color=colour(1),
        label=f"expected, 1 − (1 − {p_adjusted:.2f})^n",
    )
    axes.set_ylim(0, 1.02)
    axes.set_xlabel("participants")
    axes.set_ylabel("share of problems found")
    axes.set_title("Problem discovery")
    legend(axes, loc="lower right")
    return figure


def sessions_chart(sessions: list[SessionResults]) -> Figure:
    """Every session on one chart: a row per session, each attempt a segment coloured by its
    outcome, so the study's rhythm and its failures show at a glance."""
    figure = new_figure(height=1.2 + 0.18 * len(sessions))
    axes = figure.add_subplot()
    for row, session in enumerate(sessions):
        for attempt in session.attempts:
            begin = (attempt.started_at - session.started_at).total_seconds() / 60
            end = ((attempt.ended_at or attempt.started_at) - session.started_at).total_seconds()
            axes.barh(
                row,
                max(end / 60 - begin, 0.05),
                left=begin,
                height=0.7,
                color=OUTCOME_COLOURS.get(attempt.outcome or "", GREY),
                linewidth=0,
            )
    labels = [f"{s.participant} ({s.variant})" if s.variant else s.participant for s in sessions]
    axes.set_yticks(range(len(sessions)), labels, fontsize=6 if len(sessions) > 20 else 8)
    axes.invert_yaxis()
    axes.set_xlabel("minutes since the session started")
    axes.grid(axis="y", visible=False)
    handles = [Patch(color=tint, label=outcome) for outcome, tint in OUTCOME_COLOURS.items()]
    legend(axes, handles=handles, loc="lower right", ncols=5, fontsize=7)
    axes.set_title("Sessions: task attempts by outcome")
    return figure
