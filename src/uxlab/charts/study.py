"""All the charts of a study, by name."""

from __future__ import annotations

from collections.abc import Iterator

from uxlab.charts.chart import Chart, quiet
from uxlab.charts.overview import discovery_chart, sus_chart
from uxlab.charts.sessions import sessions_chart, timeline_chart
from uxlab.charts.tasks import completion_chart, errors_chart, seq_chart
from uxlab.charts.time import time_chart
from uxlab.exchange.results_csv import imported_from_results
from uxlab.report.collect import StudyBundle


def study_figures(bundle: StudyBundle) -> Iterator[Chart]:
    """The report's charts: completion, time, errors, SEQ (when the protocol asks for it), SUS,
    the sessions (those with timing), problem discovery; each with its alt text."""
    with quiet():
        charts = _study_charts(bundle)
    yield from (chart for chart in charts if chart is not None)


def _study_charts(bundle: StudyBundle) -> list[Chart | None]:
    definition, result, titles = bundle.definition, bundle.result, bundle.titles
    benchmarks = definition.get("benchmarks") or {}
    targets = {t["id"]: t["target_time"] for t in definition["tasks"] if t.get("target_time")}
    return [
        completion_chart(result, titles, benchmarks.get("completion")),
        time_chart(result, bundle.data, titles, targets),
        errors_chart(result, titles),
        seq_chart(result, titles, benchmarks.get("seq"))
        if "seq" in definition["questionnaires"]["post_task"]
        else None,
        sus_chart(result, benchmarks.get("sus")),
        sessions_chart(bundle.sessions),
        discovery_chart(
            bundle.seen_by, bundle.participants, bundle.problems["discovery"]["p_adjusted"]
        ),
    ]


def timeline_figures(bundle: StudyBundle) -> Iterator[Chart]:
    """One timeline per session with timing (none for sessions imported from a results file,
    whose attempts are laid back to back from the time of the import)."""
    for session in bundle.sessions:
        if not imported_from_results(session):
            with quiet():
                chart = timeline_chart(session, bundle.titles)
            yield chart
