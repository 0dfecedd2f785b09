"""Charts of the demo study: the right axes, reference lines, legends and words (not pixels)."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.colors import to_rgb
from PIL import Image

from tests.charts.checks import (
    check_accessible_svg,
    check_chart,
    check_grid_between_tasks,
    check_no_overlapping_text,
    check_unique_ids,
    drawn,
)
from uxlab.charts.chart import Chart, save, svg_text
from uxlab.charts.overview import sus_chart
from uxlab.charts.sessions import OUTCOME_STYLES
from uxlab.charts.study import study_figures, timeline_figures
from uxlab.charts.style import HATCHES, MARKERS, PALETTE
from uxlab.charts.tasks import completion_chart
from uxlab.report.collect import StudyBundle

NAMES = ["completion", "time-on-task", "errors", "seq", "sus", "sessions", "problem-discovery"]


@pytest.fixture(scope="module")
def charts(bundle: StudyBundle) -> dict[str, Chart]:
    return {chart.name: chart for chart in study_figures(bundle)}


def test_the_report_charts(charts: dict[str, Chart], bundle: StudyBundle) -> None:
    assert list(charts) == NAMES
    time = charts["time-on-task"].figure.axes[0]
    assert time.get_yscale() == "log"
    assert "geometric mean" in time.get_title()
    successes = sum(row["time_on_task"]["n"] for row in bundle.result["tasks"])
    dots = [c for c in time.collections if isinstance(c, PathCollection)]
    assert sum(len(c.get_offsets()) for c in dots) == successes
    sessions = charts["sessions"].figure.axes[0]
    assert len(sessions.get_yticklabels()) == 12
    assert charts["problem-discovery"].figure.axes[0].get_xlabel() == "participants"
    legend = charts["completion"].figure.legends[0]
    assert [t.get_text() for t in legend.get_texts()] == ["variant A", "variant B", "benchmark 78%"]


@pytest.mark.parametrize("name", NAMES)
def test_every_chart_is_legible_labelled_and_accessible(
    charts: dict[str, Chart], name: str
) -> None:
    check_chart(charts[name])


@pytest.mark.parametrize("name", ["completion", "time-on-task", "errors", "seq"])
def test_grid_lines_fall_between_tasks(
    charts: dict[str, Chart], bundle: StudyBundle, name: str
) -> None:
    check_grid_between_tasks(charts[name], len(bundle.definition["tasks"]))


def test_completion_is_in_percent_against_its_benchmark(
    charts: dict[str, Chart], bundle: StudyBundle
) -> None:
    axes = charts["completion"].figure.axes[0]
    drawn(charts["completion"].figure)
    assert axes.get_ylim() == (0.0, 100.0)
    assert [t.get_text() for t in axes.get_yticklabels()] == [f"{p}%" for p in range(0, 101, 20)]
    rates = sorted(round(p.get_height(), 6) for p in axes.patches)
    assert rates == sorted(round(r["completion"]["rate"] * 100, 6) for r in bundle.result["tasks"])
    assert [list(line.get_ydata()) for line in axes.lines if line.get_linestyle() == "--"] == [
        [78.0, 78.0]
    ]


def test_time_axis_reads_in_plain_seconds_with_the_target_times(
    charts: dict[str, Chart], bundle: StudyBundle
) -> None:
    figure = charts["time-on-task"].figure
    drawn(figure)
    axes = figure.axes[0]
    labels = [t.get_text() for t in axes.get_yticklabels()]
    assert len(labels) >= 3 and all(re.fullmatch(r"\d+", label) for label in labels), labels
    assert not any(t.get_text() for t in axes.yaxis.get_minorticklabels())
    targets = [
        c
        for c in axes.collections
        if isinstance(c, LineCollection) and c.get_label() == "target time"
    ]
    segments = [segment for collection in targets for segment in collection.get_segments()]
    expected = [task["target_time"] for task in bundle.definition["tasks"]]
    assert [segment[0][1] for segment in segments] == expected
    for index, segment in enumerate(segments):
        assert index - 0.5 < segment[0][0] < segment[1][0] < index + 0.5
    a, b = (row["time_on_task"]["geometric_mean_s"] for row in bundle.result["tasks"][:2])
    assert (
        f"Check out as a guest, target 90 s (A {a:.0f} s, B {b:.0f} s)"
        in charts["time-on-task"].alt
    )


def test_seq_on_its_scale_against_the_benchmark(
    charts: dict[str, Chart], bundle: StudyBundle
) -> None:
    axes = charts["seq"].figure.axes[0]
    drawn(charts["seq"].figure)
    assert [t.get_text() for t in axes.get_yticklabels()] == [str(n) for n in range(1, 8)]
    assert axes.get_ylim()[0] < 1 and axes.get_ylim()[1] > 7
    assert [list(line.get_ydata()) for line in axes.lines if line.get_linestyle() == "--"] == [
        [5.5, 5.5]
    ]
    first = bundle.result["tasks"][0]
    assert f"Check out as a guest (A {first['seq']['mean']:.1f}," in charts["seq"].alt


def test_no_seq_chart_unless_the_protocol_asks(bundle: StudyBundle) -> None:
    questionnaires = {**bundle.definition["questionnaires"], "post_task": []}
    other = replace(bundle, definition={**bundle.definition, "questionnaires": questionnaires})
    assert "seq" not in [chart.name for chart in study_figures(other)]


def test_sus_against_68_and_its_benchmark_without_overlapping_grades(
    charts: dict[str, Chart], bundle: StudyBundle
) -> None:
    axes = charts["sus"].figure.axes[0]
    assert axes.get_xlim() == (0.0, 100.0)
    assert {t.get_text() for t in axes.texts} >= {"A+", "C+", "B-", "B+", "C", "F"}
    assert [list(line.get_xdata()) for line in axes.lines if line.get_linestyle() == ":"] == [
        [68.0, 68.0]
    ]
    higher = sus_chart(bundle.result, 75.0)
    assert higher is not None
    lines = [list(line.get_xdata()) for line in higher.figure.axes[0].lines]
    assert [68.0, 68.0] in lines and [75.0, 75.0] in lines
    assert "benchmark 75" in [t.get_text() for t in higher.figure.legends[0].get_texts()]
    check_no_overlapping_text(higher)


def test_greyscale_print_keeps_outcomes_and_variants_apart(charts: dict[str, Chart]) -> None:
    def grey(colour: str) -> float:
        red, green, blue = to_rgb(colour)
        return 0.299 * red + 0.587 * green + 0.114 * blue

    for (one, (fill_a, hatch_a)), (other, (fill_b, hatch_b)) in [
        (a, b) for a in OUTCOME_STYLES.items() for b in OUTCOME_STYLES.items() if a[0] < b[0]
    ]:
        assert hatch_a != hatch_b or abs(grey(fill_a) - grey(fill_b)) > 0.25, (one, other)
    assert len(set(HATCHES)) == len(HATCHES) and len(set(MARKERS)) == len(MARKERS)
    completion = charts["completion"].figure.axes[0]
    assert len({patch.get_hatch() or "" for patch in completion.patches}) == 2
    bars = charts["sessions"].figure.axes[0].patches
    assert {bar.get_hatch() or "" for bar in bars} == {"", "xxx", "///", "..."}


def test_colours_come_from_the_colour_blind_safe_palette(charts: dict[str, Chart]) -> None:
    colours = {patch.get_facecolor()[:3] for patch in charts["completion"].figure.axes[0].patches}
    palette = {to_rgb(h) for h in PALETTE}
    assert colours <= palette and len(colours) == 2


def test_alt_text_names_the_key_figures(charts: dict[str, Chart], bundle: StudyBundle) -> None:
    first = bundle.result["tasks"][0]["completion"]
    assert (
        f"Check out as a guest (A {first['rate']:.0%} ({first['successes']}/{first['n']}),"
        in charts["completion"].alt
    )
    sus = bundle.result["questionnaires"]["B"]["sus"]
    assert f"B {sus['mean']:.1f} (grade {sus['grade']}, n = 6)." in charts["sus"].alt
    assert "12 sessions" in charts["sessions"].alt
    for chart in charts.values():
        assert chart.alt.endswith(".") and chart.alt.count(". ") == 0, chart.alt


def test_one_page_of_svgs_has_unique_ids(charts: dict[str, Chart], bundle: StudyBundle) -> None:
    timelines = list(timeline_figures(bundle))[:2]
    check_unique_ids([check_accessible_svg(c) for c in [*charts.values(), *timelines]])


def test_what_users_typed_is_escaped_in_the_svg(bundle: StudyBundle) -> None:
    chart = completion_chart(bundle.result, {"guest-checkout": "Guest <b>&</b>"}, None)
    svg = svg_text(chart)
    assert "Guest &lt;b&gt;&amp;&lt;/b&gt; (A" in svg and "<b>" not in svg


def test_svg_and_png_files(bundle: StudyBundle, tmp_path: Path) -> None:
    chart = next(iter(timeline_figures(bundle)))
    written = save(chart, tmp_path)
    assert [p.name for p in written] == [f"{chart.name}.svg", f"{chart.name}.png"]
    assert written[1].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = written[0].read_text("utf-8")
    assert svg.startswith("<?xml") and "Session of P01" in svg and 'role="img"' in svg
    with Image.open(written[1]) as png:
        assert png.info["Description"] == chart.alt
    check_chart(chart)
