"""One look for every chart: the Okabe–Ito palette (safe for colour-blind readers), a marker and
a hatch per variant so charts survive greyscale print, type sizes that stay legible on a phone."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import matplotlib

matplotlib.use("Agg")

from matplotlib import pyplot  # the backend is chosen above, before pyplot loads
from matplotlib.artist import Artist
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

# Okabe & Ito (2008): distinguishable with every common colour-vision deficiency.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")
MARKERS = ("o", "s", "^", "D", "v", "P", "X")
# Hatches tell variants apart where colours turn into similar greys.
HATCHES = ("", "///", "...", "xxx", "\\\\\\", "+++", "ooo")
GREY = "#6b6b6b"
# Reference lines (benchmarks, targets) share one look, distinct from any data mark.
REFERENCE: dict[str, Any] = {"color": "black", "linestyle": (0, (5, 2)), "linewidth": 1.3}

# The report shows a chart no narrower than ~560 px; a 7-inch figure (504 pt) drawn that wide
# turns 9 pt into 10 px, so nothing is set below 9 pt.
MINIMUM_FONT_PT = 9
pyplot.rcParams.update(
    {
        "font.family": "DejaVu Sans",
        "font.size": MINIMUM_FONT_PT,
        "axes.titlesize": 10,
        "axes.titleweight": "bold",
        "axes.labelsize": MINIMUM_FONT_PT,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "grid.color": "#d4d4d4",
        "grid.linewidth": 0.6,
        "legend.frameon": False,
        "legend.fontsize": MINIMUM_FONT_PT,
        "hatch.linewidth": 1.0,
        "svg.fonttype": "none",  # text stays text in SVG: searchable, selectable, crisp in print
        "svg.hashsalt": "uxlab",  # stable ids, so the same data gives the same file
        "figure.dpi": 100,
        "savefig.dpi": 200,
    }
)
FIGURE_WIDTH_IN = 7.0


def new_figure(height: float = 3.4) -> Figure:
    """A figure sized in inches for an A4 page with margins."""
    return Figure(figsize=(FIGURE_WIDTH_IN, height), layout="constrained")


def colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def marker(index: int) -> str:
    return MARKERS[index % len(MARKERS)]


def hatch(index: int) -> str:
    return HATCHES[index % len(HATCHES)]


def text_width_pt(text: str) -> float:
    """A generous estimate of a 9 pt DejaVu Sans line's width, for layout before drawing."""
    return 6.0 * max((len(line) for line in text.splitlines()), default=0)


def legend(figure: Figure, handles: Sequence[Artist]) -> None:
    """The legend below the chart, outside the data area, in as many columns as fit."""
    if not handles:
        return
    for columns in range(len(handles), 0, -1):
        box = figure.legend(handles=handles, loc="outside lower center", ncols=columns)
        if columns == 1 or box.get_window_extent().width <= figure.bbox.width * 0.95:
            return
        box.remove()


def variant_patch(index: int, variant: str) -> Patch:
    """The legend entry of a variant drawn as bars."""
    return Patch(
        facecolor=colour(index), hatch=hatch(index), hatchcolor="white", label=f"variant {variant}"
    )


def variant_mark(index: int, variant: str) -> Line2D:
    """The legend entry of a variant drawn as points."""
    return Line2D(
        [],
        [],
        color=colour(index),
        marker=marker(index),
        linestyle="none",
        label=f"variant {variant}",
    )


def reference_line(label: str) -> Line2D:
    """The legend entry of a benchmark or target line."""
    return Line2D([], [], **REFERENCE, label=label)
