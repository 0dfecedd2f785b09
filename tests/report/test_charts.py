"""Charts: the right axes, labels and files (not pixels)."""

from __future__ import annotations

from pathlib import Path

from matplotlib.collections import PathCollection

from uxlab.charts.study import study_figures, timeline_figures
from uxlab.charts.style import PALETTE, save, svg_text
from uxlab.report.collect import StudyBundle


def test_the_report_charts(bundle: StudyBundle) -> None:
    figures = dict(study_figures(bundle))
    assert list(figures) == [
        "completion",
        "time-on-task",
        "errors",
        "sus",
        "sessions",
        "problem-discovery",
    ]
    completion = figures["completion"].axes[0]
    assert completion.get_ylim() == (0.0, 1.0)
    assert completion.get_ylabel() == "completion rate"
    assert [t.get_text() for t in completion.get_xticklabels()][:2] == [
        "Check out as a guest",
        "Apply the coupon SAVE10",
    ]
    assert [t.get_text() for t in completion.get_legend().get_texts()] == ["A", "B"]
    time = figures["time-on-task"].axes[0]
    assert time.get_yscale() == "log"
    assert "geometric mean" in time.get_title()
    successes = sum(row["time_on_task"]["n"] for row in bundle.result["tasks"])
    dots = [c for c in time.collections if isinstance(c, PathCollection)]
    assert sum(len(c.get_offsets()) for c in dots) == successes
    sus = figures["sus"].axes[0]
    assert sus.get_xlim() == (0.0, 100.0)
    assert {t.get_text() for t in sus.texts} >= {"A+", "C", "F"}
    assert len(figures["sessions"].axes[0].get_yticklabels()) == 12
    discovery = figures["problem-discovery"].axes[0]
    assert discovery.get_xlabel() == "participants"


def test_colours_come_from_the_colour_blind_safe_palette(bundle: StudyBundle) -> None:
    figure = dict(study_figures(bundle))["completion"]
    colours = {patch.get_facecolor()[:3] for patch in figure.axes[0].patches}
    palette = {tuple(int(h[i : i + 2], 16) / 255 for i in (1, 3, 5)) for h in PALETTE}
    assert colours <= palette and len(colours) == 2


def test_svg_and_png_files(bundle: StudyBundle, tmp_path: Path) -> None:
    name, figure = next(iter(timeline_figures(bundle)))
    written = save(figure, tmp_path, name)
    assert [p.suffix for p in written] == [".svg", ".png"]
    assert written[1].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = written[0].read_text("utf-8")
    assert "<svg" in svg and "Session of P01" in svg
    inline = svg_text(figure)
    assert inline.startswith("<svg") and "<?xml" not in inline
