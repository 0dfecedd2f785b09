"""The sessions chart and the timelines: only sessions with real timing, every row named in
order of participant code, each attempt's variant shown in a within design, hatches that stay
small in SVG and in print."""

from __future__ import annotations

import pytest
from matplotlib.axes import Axes
from matplotlib.patches import Rectangle

from tests.charts.checks import check_chart, drawn
from tests.charts.sessions import CAME, imported_sessions, session, within_sessions
from uxlab.charts.chart import svg_text
from uxlab.charts.sessions import sessions_chart, timeline_chart
from uxlab.charts.style import Hatching


def _bars(axes: Axes) -> list[Rectangle]:
    return [p for p in axes.patches if isinstance(p, Rectangle)]


def test_within_sessions_name_every_row_in_order_of_code_and_variant() -> None:
    sessions = within_sessions()
    chart = sessions_chart(sessions)
    assert chart is not None
    check_chart(chart)
    axes = chart.figure.axes[0]
    drawn(chart.figure)
    # Was: every other row named (P09, P01, P10, …), in the order the sessions ran, and no
    # variant anywhere. Now a row per participant and variant, each named.
    labels = [t.get_text() for t in axes.get_yticklabels()]
    assert labels == [f"P{n:02d} ({v})" for n in range(1, 11) for v in "AB"]
    assert sorted(CAME) == [label.split()[0] for label in labels[::2]]
    # Each attempt sits on the row of its own participant and variant.
    rows = dict(zip(labels, axes.get_yticks(), strict=True))
    bars = sorted(_bars(axes), key=lambda bar: (bar.get_y(), bar.get_x()))
    expected = sorted(
        (rows[f"{s.participant} ({a.variant})"], (a.started_at - s.started_at).total_seconds())
        for s in sessions
        for a in s.attempts
    )
    placed = [(bar.get_y() + bar.get_height() / 2, bar.get_x() * 60) for bar in bars]
    assert len(placed) == len(expected)
    for (row, start), (y, x) in zip(expected, placed, strict=True):
        assert row == pytest.approx(y) and start == pytest.approx(x)
    assert "a row per participant and variant" in axes.get_title()
    assert "in order of participant code: 10 sessions," in chart.alt
    assert "by variant A 30, B 30." in chart.alt


def test_natural_order_of_codes() -> None:
    codes = ["P10", "P2", "p1", "Q1"]
    chart = sessions_chart([session(code, "A", [("t", None, "success", 0, 30)]) for code in codes])
    assert chart is not None
    drawn(chart.figure)
    labels = [t.get_text() for t in chart.figure.axes[0].get_yticklabels()]
    assert labels == ["p1 (A)", "P2 (A)", "P10 (A)", "Q1 (A)"]


def test_timeline_names_each_attempts_variant_in_a_within_design() -> None:
    chart = timeline_chart(within_sessions()[1], {"find": "Find the setting"})
    check_chart(chart)
    drawn(chart.figure)
    labels = [t.get_text() for t in chart.figure.axes[0].get_yticklabels()]
    assert labels[:2] == ["Find the setting (variant A)", "change (variant A)"]
    assert "Find the setting (variant A) failure after" in chart.alt


def test_sessions_from_a_results_file_are_left_out() -> None:
    logged = within_sessions()[:3]
    chart = sessions_chart([*imported_sessions(2), *logged])
    assert chart is not None
    drawn(chart.figure)
    labels = [t.get_text() for t in chart.figure.axes[0].get_yticklabels()]
    assert [label.split()[0] for label in labels[::2]] == ["P01", "P09", "P10"]
    assert (
        "3 of 5 sessions (2 imported from a results file, without timing, are left out)"
        in chart.alt
    )
    one = sessions_chart([*imported_sessions(1), *logged])
    assert one is not None and "(1 imported from a results file, without timing, is left" in one.alt
    assert sessions_chart(imported_sessions(33)) is None


def test_many_sessions_name_every_nth_row_without_overlap() -> None:
    sessions = [
        session(f"P{n:03d}", "AB"[n % 2], [("t", None, "success", 30, 60 + n)])
        for n in range(85, 0, -1)
    ]
    chart = sessions_chart(sessions)
    assert chart is not None
    check_chart(chart)
    drawn(chart.figure)
    labels = [t.get_text() for t in chart.figure.axes[0].get_yticklabels()]
    assert labels[:3] == ["P001 (B)", "P004 (A)", "P007 (B)"] and len(labels) == 29
    forty = sessions_chart(sessions[:40])
    assert forty is not None
    drawn(forty.figure)
    assert len(forty.figure.axes[0].get_yticklabels()) == 40


def test_hatches_are_plain_lines_not_svg_patterns() -> None:
    """Chromium rasterises SVG <pattern> fills when printing: 17.7 MB for the hatched sessions
    chart of the OpenShift report. Hatches are line segments now, and the SVG stays small."""
    chart = sessions_chart(within_sessions())
    assert chart is not None
    svg = svg_text(chart)
    assert "<pattern" not in svg and "url(#h" not in svg
    assert len(svg) < 60_000, len(svg)
    hatchings = [a for a in chart.figure.axes[0].artists if isinstance(a, Hatching)]
    assert {h.pattern for h in hatchings} == {"xxx", "///", "---"}
    assert sum(len(h.patches) for h in hatchings) == 30  # every attempt but the successes
    assert all(not bar.get_hatch() for bar in _bars(chart.figure.axes[0]))
