"""What every chart must hold to, measured on the drawn figure: legible type, a legend outside
the data, no text on top of other text, grid lines between tasks only, an accessible SVG."""

from __future__ import annotations

import re
from collections import Counter
from html import escape
from itertools import combinations

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from uxlab.charts.chart import Chart, svg_text


def drawn(figure: Figure) -> FigureCanvasAgg:
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    return canvas


def _shown(text: Text) -> bool:
    return text.get_visible() and bool(text.get_text().strip())


def _tick_labels(axes: Axes) -> list[Text]:
    """The tick labels actually drawn: those of ticks inside the view."""
    labels = []
    for axis, (low, high), index in (
        (axes.xaxis, sorted(axes.get_xlim()), 0),
        (axes.yaxis, sorted(axes.get_ylim()), 1),
    ):
        for label in [*axis.get_majorticklabels(), *axis.get_minorticklabels()]:
            if low - 1e-9 <= label.get_position()[index] <= high + 1e-9:
                labels.append(label)
    return labels


def texts(figure: Figure) -> list[Text]:
    """Every piece of text the figure shows."""
    found: list[Text] = []
    for axes in figure.axes:
        found += [axes.title, axes.xaxis.label, axes.yaxis.label, *axes.texts]
        found += _tick_labels(axes)
    for legend in figure.legends:
        found += [legend.get_title(), *legend.get_texts()]
    return [t for t in found if _shown(t)]


def check_legible(chart: Chart) -> None:
    assert chart.figure.get_figwidth() <= 7.5, chart.name
    for text in chart.figure.findobj(Text):
        if _shown(text):
            assert text.get_fontsize() >= 9, (chart.name, text.get_text(), text.get_fontsize())


def check_no_overlapping_text(chart: Chart) -> None:
    renderer = drawn(chart.figure).get_renderer()
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in texts(chart.figure)]
    assert len(boxes) > 3
    for (one, a), (other, b) in combinations(boxes, 2):
        overlap = Bbox.intersection(a, b)
        assert overlap is None or min(overlap.width, overlap.height) < 0.5, (
            f"{chart.name}: {one!r} overlaps {other!r}"
        )


def check_legend_outside(chart: Chart) -> None:
    renderer = drawn(chart.figure).get_renderer()
    assert len(chart.figure.legends) == 1, chart.name
    assert not any(axes.get_legend() for axes in chart.figure.axes), chart.name
    legend = chart.figure.legends[0].get_window_extent(renderer)
    for axes in chart.figure.axes:
        area = axes.get_window_extent(renderer)
        assert not legend.overlaps(area), chart.name
    page = chart.figure.bbox
    assert page.x0 <= legend.x0 and legend.x1 <= page.x1 and page.y0 <= legend.y0, chart.name


def check_grid_between_tasks(chart: Chart, tasks: int) -> None:
    """Vertical grid lines at 0.5, 1.5, … only: between tasks, never between variants."""
    drawn(chart.figure)
    axes = chart.figure.axes[0]
    major = axes.xaxis.get_major_ticks(len(axes.xaxis.get_majorticklocs()))
    minor = axes.xaxis.get_minor_ticks(len(axes.xaxis.get_minorticklocs()))
    assert not any(tick.gridline.get_visible() for tick in major), chart.name
    lines = sorted(tick.get_loc() for tick in minor if tick.gridline.get_visible())
    assert lines == [task + 0.5 for task in range(tasks - 1)], chart.name


def check_accessible_svg(chart: Chart) -> str:
    svg = svg_text(chart)
    assert svg.startswith("<svg") and "<?xml" not in svg
    opening = svg[: svg.index(">")]
    assert 'role="img"' in opening
    labelled_by = re.search(r'aria-labelledby="([^"]+)"', opening)
    assert labelled_by is not None
    title_id, desc_id = labelled_by[1].split()
    assert f'<title id="{title_id}">{escape(chart.title)}</title>' in svg
    assert f'<desc id="{desc_id}">{escape(chart.alt)}</desc>' in svg
    assert svg.index("<title") < svg.index("<desc") < svg.index("<g ")
    assert not re.search(r'(href|src)="(https?:)?//', svg)
    assert "@import" not in svg and "@font-face" not in svg
    return svg


def check_unique_ids(svgs: list[str]) -> None:
    """One page of charts: no id twice, and every reference to an id finds it."""
    page = "\n".join(svgs)
    ids = Counter(re.findall(r'\bid="([^"]+)"', page))
    assert ids and max(ids.values()) == 1, [i for i, n in ids.items() if n > 1][:5]
    for reference in re.findall(r'(?:url\(#|href="#)([^)"]+)', page):
        assert reference in ids, reference


def check_chart(chart: Chart) -> str:
    check_legible(chart)
    check_legend_outside(chart)
    check_no_overlapping_text(chart)
    return check_accessible_svg(chart)
