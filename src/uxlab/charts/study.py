"""All the charts of a study, by name."""

from __future__ import annotations

from collections.abc import Iterator

from matplotlib.figure import Figure

from uxlab.charts.overview import discovery_chart, sessions_chart, sus_chart, timeline_chart
from uxlab.charts.tasks import completion_chart, errors_chart, time_chart
from uxlab.report.collect import StudyBundle


def study_figures(bundle: StudyBundle) -> Iterator[tuple[str, Figure]]:
    """The report's charts: completion, time, errors, SUS, the sessions, problem discovery."""
    titles = bundle.titles
    yield "completion", completion_chart(bundle.result, titles)
    time = time_chart(bundle.result, bundle.data, titles)
    if time is not None:
        yield "time-on-task", time
    errors = errors_chart(bundle.result, titles)
    if errors is not None:
        yield "errors", errors
    sus = sus_chart(bundle.result)
    if sus is not None:
        yield "sus", sus
    if bundle.sessions:
        yield "sessions", sessions_chart(bundle.sessions)
    discovery = discovery_chart(
        bundle.seen_by, bundle.participants, bundle.problems["discovery"]["p_adjusted"]
    )
    if discovery is not None:
        yield "problem-discovery", discovery


def timeline_figures(bundle: StudyBundle) -> Iterator[tuple[str, Figure]]:
    """One timeline per session."""
    for session in bundle.sessions:
        yield (
            f"timeline-{session.participant}-{str(session.id)[:8]}",
            timeline_chart(session, bundle.titles),
        )
