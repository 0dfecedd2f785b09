"""Sessions over time: each attempt a bar shaded by its outcome (a fill and a hatch, so success
and failure differ in greyscale print too), events as marks. Only sessions with real timing:
those imported from a results file have their attempts laid back to back from the import time,
and are left out."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping
from itertools import pairwise
from typing import Any

from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.patches import Patch, Rectangle

from uxlab.charts.chart import Chart
from uxlab.charts.style import GREY, add_hatching, drawable, legend, new_figure
from uxlab.exchange.results_csv import imported_from_results
from uxlab.recording.derive import TaskAttempt
from uxlab.recording.results import SessionResults

# (fill, hatch): solid for success, cross-hatched failure, and so on. The fills differ in colour
# (each at least 3:1 against white, as are the white hatch lines against the fills), the hatches
# in greyscale print; skipped is a light grey box with a dark rim.
OUTCOME_STYLES = {
    "success": ("#007A5A", ""),
    "failure": ("#D55E00", "xxx"),
    "abandoned": ("#A8507F", "///"),
    "timeout": ("#8F6A00", "---"),
    "skipped": ("#BBBBBB", ""),
}
UNFINISHED = "not finished"
# Filled shapes with a white rim, so a mark shows on any bar, and its shape alone in grey.
EVENT_MARKS = {
    "error": ("X", "#D55E00"),
    "assist": ("^", "#0072B2"),
    "note": ("s", GREY),
    "problem": ("*", "#000000"),
    "marker": ("d", "#0072B2"),
}
ROW_IN = 0.2  # a row per session: room for one 9 pt label
LABELLED_ROWS = 40  # up to this many sessions, every row is named; past it, every n-th


def _code_order(participant: str) -> list[tuple[int, int, str]]:
    """P2 before P10: digits compare as numbers, the rest as text."""
    return [
        (0, int(part), "") if part.isdigit() else (1, 0, part.casefold())
        for part in re.split(r"(\d+)", participant)
        if part
    ]


def outcome_style(outcome: str | None) -> dict[str, Any]:
    """Bar options for an attempt's outcome (its hatch goes on with add_hatching); an unfinished
    attempt is an outline."""
    if outcome not in OUTCOME_STYLES:
        return {"facecolor": "white", "edgecolor": GREY, "linewidth": 1}
    fill = OUTCOME_STYLES[outcome][0]
    return {
        "facecolor": fill,
        # back-to-back attempts stay apart; the light skipped box gets a dark rim
        "edgecolor": GREY if outcome == "skipped" else "white",
        "linewidth": 0.8,
    }


def outcome_hatch(outcome: str | None) -> str:
    return OUTCOME_STYLES[outcome][1] if outcome in OUTCOME_STYLES else ""


def _outcome_handles(outcomes: Counter[str | None]) -> list[Artist]:
    present = [o for o in OUTCOME_STYLES if outcomes[o]]
    handles: list[Artist] = [
        Patch(**outcome_style(o), hatch=outcome_hatch(o) or None, hatchcolor="white", label=o)
        for o in present
    ]
    if sum(outcomes.values()) > sum(outcomes[o] for o in present):
        handles.append(Patch(**outcome_style(None), label=UNFINISHED))
    return handles


def _outcome_counts(outcomes: Counter[str | None]) -> str:
    return ", ".join(
        f"{outcome or UNFINISHED} {count}"
        for outcome, count in sorted(outcomes.items(), key=lambda item: -item[1])
    )


def _hatch_by_outcome(axes: Axes, bars: list[tuple[Rectangle, str | None]]) -> None:
    for outcome in OUTCOME_STYLES:
        add_hatching(axes, [bar for bar, o in bars if o == outcome], outcome_hatch(outcome))


def _within(sessions: list[SessionResults]) -> bool:
    """A within design: the sessions carry no variant, their attempts do."""
    return any(s.variant is None and any(a.variant for a in s.attempts) for s in sessions)


def timeline_chart(session: SessionResults, titles: Mapping[str, str]) -> Chart:
    """One session: each task attempt a bar shaded by outcome and named, events as marks."""
    figure = new_figure(height=1.7 + 0.35 * max(1, len(session.attempts)))
    axes = figure.add_subplot()
    start = session.started_at
    spans = []
    bars: list[tuple[Rectangle, str | None]] = []
    within = session.variant is None and any(a.variant for a in session.attempts)

    def task_name(attempt: TaskAttempt) -> str:
        name = titles.get(attempt.task, attempt.task)
        return f"{name} (variant {attempt.variant})" if within and attempt.variant else name

    for row, attempt in enumerate(session.attempts):
        begin = (attempt.started_at - start).total_seconds()
        end = (attempt.ended_at - start).total_seconds() if attempt.ended_at else begin
        drawn = axes.barh(
            row, max(end - begin, 0.5), left=begin, height=0.6, **outcome_style(attempt.outcome)
        )
        bars.append((drawn.patches[0], attempt.outcome))
        axes.annotate(
            attempt.outcome or UNFINISHED,
            (end, row),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
        )
        spans.append(f"{task_name(attempt)} {attempt.outcome or UNFINISHED}")
        if attempt.ended_at:
            spans[-1] += f" after {end - begin:.0f} s"
    _hatch_by_outcome(axes, bars)
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
        range(len(session.attempts)), [drawable(task_name(a)) for a in session.attempts]
    )
    axes.tick_params(axis="y", length=0)
    axes.grid(axis="y", visible=False)
    axes.invert_yaxis()
    axes.margins(x=0.12)
    axes.set_xlim(left=0)
    axes.set_xlabel("seconds since the session started")
    variant = f", variant {session.variant}" if session.variant else ""
    axes.set_title(drawable(f"Session of {session.participant}{variant}"))
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


def _rows(
    sessions: list[SessionResults], within: bool
) -> list[tuple[SessionResults, str | None, list[TaskAttempt]]]:
    """A row per session; in a within design a row per session and variant tried, the
    variant's attempts in it, so every attempt's variant shows whatever its width."""
    if not within:
        return [(s, s.variant, s.attempts) for s in sessions]
    rows = []
    for s in sessions:
        tried = sorted({a.variant or "" for a in s.attempts})
        for variant in tried or [""]:
            attempts = [a for a in s.attempts if (a.variant or "") == variant]
            rows.append((s, variant or None, attempts))
    return rows


def sessions_chart(sessions: list[SessionResults]) -> Chart | None:
    """Every session with real timing on one chart, in order of participant code: a row per
    session (per session and variant in a within design), each attempt a segment shaded by its
    outcome, so the study's rhythm and its failures show at a glance. None when no session has
    timing (all were imported from a results file)."""
    timed = sorted(
        (s for s in sessions if not imported_from_results(s)),
        key=lambda s: (_code_order(s.participant), s.started_at),
    )
    if not timed:
        return None
    within = _within(timed)
    rows = _rows(timed, within)
    count = len(rows)
    # A within design's rows of one session sit together, a little apart from the next.
    places = [0.0]
    for (before, _, _), (session, _, _) in pairwise(rows):
        places.append(places[-1] + (1.4 if within and before is not session else 1.0))
    figure = new_figure(height=1.8 + ROW_IN * min(places[-1] + 1, LABELLED_ROWS))
    axes = figure.add_subplot()
    outcomes: Counter[str | None] = Counter()
    bars: list[tuple[Rectangle, str | None]] = []
    for place, (session, _, attempts) in zip(places, rows, strict=True):
        for attempt in attempts:
            begin = (attempt.started_at - session.started_at).total_seconds() / 60
            end = ((attempt.ended_at or attempt.started_at) - session.started_at).total_seconds()
            drawn = axes.barh(
                place,
                max(end / 60 - begin, 0.05),
                left=begin,
                height=0.7,
                **outcome_style(attempt.outcome),
            )
            bars.append((drawn.patches[0], attempt.outcome))
            outcomes[attempt.outcome] += 1
    _hatch_by_outcome(axes, bars)
    # Every row is named up to LABELLED_ROWS of them; past that, every n-th.
    step = max(1, math.ceil(count / LABELLED_ROWS))
    labels = [
        drawable(f"{session.participant} ({variant})" if variant else session.participant)
        for session, variant, _ in rows
    ]
    axes.set_yticks(places[::step], labels[::step])
    axes.tick_params(axis="y", length=0)
    axes.set_ylim(places[-1] + 0.5, -0.5)
    axes.set_xlim(left=0)
    axes.set_xlabel("minutes since the session started")
    axes.grid(axis="y", visible=False)
    legend(figure, _outcome_handles(outcomes))
    per = "participant and variant" if within else "session"
    axes.set_title(f"Sessions: task attempts by outcome, a row per {per}")
    left_out = len(sessions) - len(timed)
    shown = (
        f"{len(timed)} of {len(sessions)} sessions ({left_out} imported from a results file, "
        f"without timing, {'is' if left_out == 1 else 'are'} left out)"
        if left_out
        else f"{len(timed)} session{'s' * (len(timed) != 1)}"
    )
    variants = Counter(a.variant for s in timed for a in s.attempts if a.variant)
    by_variant = ", ".join(f"{v} {n}" for v, n in sorted(variants.items()))
    return Chart(
        "sessions",
        figure,
        f"Every session as a row{' per variant tried' if within else ''} of its task attempts "
        f"over minutes since the session started, shaded by outcome, in order of participant "
        f"code: {shown}, attempts by outcome {_outcome_counts(outcomes) or 'none yet'}"
        f"{f', by variant {by_variant}' if within else ''}.",
    )
