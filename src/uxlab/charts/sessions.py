"""Sessions over time: each attempt a bar shaded by its outcome (a fill and a hatch, so success
and failure differ in greyscale print too), events as marks."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from typing import Any

from matplotlib.artist import Artist
from matplotlib.patches import Patch

from uxlab.charts.chart import Chart
from uxlab.charts.style import GREY, legend, new_figure
from uxlab.recording.results import SessionResults

# (fill, hatch): solid dark for success, white cross-hatch for failure, and so on; the fills
# differ in colour, the hatches in print.
OUTCOME_STYLES = {
    "success": ("#009E73", ""),
    "failure": ("#D55E00", "xxx"),
    "abandoned": ("#CC79A7", "///"),
    "timeout": ("#E69F00", "..."),
    "skipped": ("#BBBBBB", ""),
}
UNFINISHED = "not finished"
# Filled shapes with a white rim, so a mark shows on any bar, and its shape alone in grey.
EVENT_MARKS = {
    "error": ("X", "#D55E00"),
    "assist": ("^", "#0072B2"),
    "note": ("s", GREY),
    "problem": ("*", "#000000"),
    "marker": ("d", "#56B4E9"),
}
ROW_IN = 0.2  # a row per session: room for one 9 pt label


def outcome_style(outcome: str | None) -> dict[str, Any]:
    """Bar options for an attempt's outcome; an unfinished attempt is an outline."""
    if outcome not in OUTCOME_STYLES:
        return {"facecolor": "white", "edgecolor": GREY, "linewidth": 1}
    fill, pattern = OUTCOME_STYLES[outcome]
    return {
        "facecolor": fill,
        "hatch": pattern,
        "hatchcolor": "white",
        "edgecolor": "white",  # back-to-back attempts stay apart
        "linewidth": 0.8,
    }


def _outcome_handles(outcomes: Counter[str | None]) -> list[Artist]:
    present = [o for o in OUTCOME_STYLES if outcomes[o]]
    handles: list[Artist] = [Patch(**outcome_style(o), label=o) for o in present]
    if sum(outcomes.values()) > sum(outcomes[o] for o in present):
        handles.append(Patch(**outcome_style(None), label=UNFINISHED))
    return handles


def _outcome_counts(outcomes: Counter[str | None]) -> str:
    return ", ".join(
        f"{outcome or UNFINISHED} {count}"
        for outcome, count in sorted(outcomes.items(), key=lambda item: -item[1])
    )


def timeline_chart(session: SessionResults, titles: Mapping[str, str]) -> Chart:
    """One session: each task attempt a bar shaded by outcome and named, events as marks."""
    figure = new_figure(height=1.7 + 0.35 * max(1, len(session.attempts)))
    axes = figure.add_subplot()
    start = session.started_at
    spans = []
    for row, attempt in enumerate(session.attempts):
        begin = (attempt.started_at - start).total_seconds()
        end = (attempt.ended_at - start).total_seconds() if attempt.ended_at else begin
        axes.barh(
            row, max(end - begin, 0.5), left=begin, height=0.6, **outcome_style(attempt.outcome)
        )
        axes.annotate(
            attempt.outcome or UNFINISHED,
            (end, row),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
        )
        spans.append(f"{titles.get(attempt.task, attempt.task)} {attempt.outcome or UNFINISHED}")
        if attempt.ended_at:
            spans[-1] += f" after {end - begin:.0f} s"
    rows = {a.task: i for i, a in enumerate(session.attempts)}
    handles: list[Artist] = []
    for kind, (shape, tint) in EVENT_MARKS.items():
        points = [
            ((e.at - start).total_seconds(), rows.get(e.task or "", -0.6))
            for e in session.events
            if e.type == kind
        ]
        if points:
            xs, ys = zip(*points, strict=True)
            handles.append(
                axes.scatter(
                    xs,
                    ys,
                    marker=shape,
                    color=tint,
                    edgecolors="white",
                    linewidths=0.7,
                    s=55,
                    zorder=3,
                    label=kind,
                )
            )
    outcomes = Counter(a.outcome for a in session.attempts)
    axes.set_yticks(
        range(len(session.attempts)), [titles.get(a.task, a.task) for a in session.attempts]
    )
    axes.tick_params(axis="y", length=0)
    axes.grid(axis="y", visible=False)
    axes.invert_yaxis()
    axes.margins(x=0.12)
    axes.set_xlim(left=0)
    axes.set_xlabel("seconds since the session started")
    variant = f", variant {session.variant}" if session.variant else ""
    axes.set_title(f"Session of {session.participant}{variant}")
    legend(figure, [*_outcome_handles(outcomes), *handles])
    events = Counter(e.type for e in session.events if e.type in EVENT_MARKS)
    marks = ", ".join(f"{kind} {events[kind]}" for kind in EVENT_MARKS if events[kind])
    return Chart(
        f"timeline-{session.participant}-{str(session.id)[:8]}",
        figure,
        f"Session of {session.participant}{variant} over time, each task attempt a bar shaded "
        f"by its outcome: {'; '.join(spans) or 'no attempts'}"
        f"{f'; events: {marks}' if marks else ''}.",
    )


def sessions_chart(sessions: list[SessionResults]) -> Chart:
    """Every session on one chart: a row per session, each attempt a segment shaded by its
    outcome, so the study's rhythm and its failures show at a glance."""
    height = min(10.0, 1.8 + ROW_IN * len(sessions))
    figure = new_figure(height=height)
    axes = figure.add_subplot()
    outcomes: Counter[str | None] = Counter()
    for row, session in enumerate(sessions):
        for attempt in session.attempts:
            begin = (attempt.started_at - session.started_at).total_seconds() / 60
            end = ((attempt.ended_at or attempt.started_at) - session.started_at).total_seconds()
            axes.barh(
                row,
                max(end / 60 - begin, 0.05),
                left=begin,
                height=0.7,
                **outcome_style(attempt.outcome),
            )
            outcomes[attempt.outcome] += 1
    # Past what fits at one label per row, every n-th session is named.
    step = max(1, math.ceil(len(sessions) * ROW_IN / (height - 1.8)))
    labels = [f"{s.participant} ({s.variant})" if s.variant else s.participant for s in sessions]
    axes.set_yticks(range(0, len(sessions), step), labels[::step])
    axes.tick_params(axis="y", length=0)
    axes.set_ylim(len(sessions) - 0.5, -0.5)
    axes.set_xlim(left=0)
    axes.set_xlabel("minutes since the session started")
    axes.grid(axis="y", visible=False)
    legend(figure, _outcome_handles(outcomes))
    axes.set_title("Sessions: task attempts by outcome")
    return Chart(
        "sessions",
        figure,
        f"Every session as a row of its task attempts over minutes since the session started, "
        f"shaded by outcome: {len(sessions)} sessions, attempts by outcome "
        f"{_outcome_counts(outcomes) or 'none yet'}.",
    )
