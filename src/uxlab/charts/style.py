"""One look for every chart: the Okabe–Ito palette (safe for colour-blind readers), print sizes."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

from matplotlib import pyplot  # the backend is chosen above, before pyplot loads
from matplotlib.axes import Axes
from matplotlib.figure import Figure

# Okabe & Ito (2008): distinguishable with every common colour-vision deficiency, and in grey.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")
MARKERS = ("o", "s", "^", "D", "v", "P", "X")
GREY = "#6b6b6b"

pyplot.rcParams.update(
    {
        "font.family": "DejaVu Sans",
        "font.size": 9,
        "axes.titlesize": 10,
        "axes.titleweight": "bold",
        "axes.labelsize": 9,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "grid.color": "#dddddd",
        "grid.linewidth": 0.6,
        "legend.frameon": False,
        "svg.fonttype": "none",  # text stays text in SVG: searchable, selectable, crisp in print
        "svg.hashsalt": "uxlab",  # stable ids, so the same data gives the same file
        "figure.dpi": 100,
        "savefig.dpi": 200,
    }
)


def new_figure(width: float = 7.0, height: float = 3.2) -> Figure:
    """A figure sized in inches for an A4 page with margins."""
    return Figure(figsize=(width, height), layout="constrained")


def colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def marker(index: int) -> str:
    return MARKERS[index % len(MARKERS)]


def svg_text(figure: Figure) -> str:
    """The figure as an inline SVG element (no XML prolog), for a self-contained HTML page."""
    sink = io.StringIO()
    figure.savefig(sink, format="svg", metadata={"Date": None, "Creator": "uxlab"})
    text = sink.getvalue()
    return text[text.index("<svg") :]


def save(figure: Figure, folder: Path, name: str) -> list[Path]:
    """Write NAME.svg and NAME.png into folder."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for suffix in ("svg", "png"):
        path = folder / f"{name}.{suffix}"
        metadata = {"Date": None, "Creator": "uxlab"} if suffix == "svg" else {"Software": "uxlab"}
        figure.savefig(path, format=suffix, metadata=metadata)
        written.append(path)
    return written


def legend(axes: Axes, **options: Any) -> None:
    """A legend when something is labelled; a study with no finished attempts has nothing."""
    if "handles" in options or axes.get_legend_handles_labels()[0]:
        axes.legend(**options)
