"""Charts of the OpenShift benchmark (an imported results CSV, times up to 1000 s, no errors,
SEQ or SUS recorded): only the charts the data can fill, each held to the same rules. Its
sessions came from a results file, without timing: no sessions chart and no timelines."""

from __future__ import annotations

import re
from pathlib import Path

from tests.charts.checks import check_chart, check_grid_between_tasks, check_unique_ids, drawn
from tests.conftest import Cli
from uxlab.charts.study import study_figures, timeline_figures
from uxlab.report.collect import collect
from uxlab.store.engine import Store


def test_openshift_charts(uxlab: Cli, isolated: Path) -> None:
    from tests.datasets import OPENSHIFT_PROTOCOL, openshift_results_csv

    (isolated / "o.yaml").write_text(OPENSHIFT_PROTOCOL, "utf-8")
    uxlab("init")
    uxlab("protocol", "load", "o.yaml")
    uxlab("import", str(openshift_results_csv(isolated / "o.csv")), "--kind", "results")
    with Store.open(uxlab.db) as store:
        bundle = collect(store, "openshift")
    charts = {chart.name: chart for chart in study_figures(bundle)}

    assert len(bundle.sessions) == 33
    assert list(charts) == ["completion", "time-on-task"]
    assert list(timeline_figures(bundle)) == []
    check_unique_ids([check_chart(chart) for chart in charts.values()])
    for name in ("completion", "time-on-task"):
        check_grid_between_tasks(charts[name], 4)
    assert "Task 3 (A 20% (4/20), B 31% (4/13))" in charts["completion"].alt
    assert "Task 3, target 120 s (A 395 s, B 269 s)" in charts["time-on-task"].alt

    time = charts["time-on-task"].figure
    drawn(time)
    labels = [t.get_text() for t in time.axes[0].get_yticklabels()]
    # Labelled past the data at both ends: the slowest attempt took 1046 s.
    assert labels == ["10", "20", "50", "100", "200", "500", "1000", "1500"]
    assert all(re.fullmatch(r"\d+", label) for label in labels)
