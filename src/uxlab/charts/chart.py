"""A chart with its words: the figure, a name for files and ids, and an alt text; written as an
accessible SVG (role="img", <title>, <desc>) and a PNG that carries the same text."""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from html import escape
from pathlib import Path

from matplotlib.figure import Figure


@dataclass(frozen=True)
class Chart:
    name: str
    figure: Figure
    alt: str

    @property
    def title(self) -> str:
        return next((a.get_title() for a in self.figure.axes if a.get_title()), self.name)


@contextmanager
def quiet() -> Iterator[None]:
    """Drawing without matplotlib's warnings about glyphs its font lacks: chart text is made
    drawable beforehand (style.drawable), and a person at the terminal has nothing to act on."""
    with warnings.catch_warnings():
        for message in (r"Glyph .* missing from font", r"Matplotlib currently does not support"):
            warnings.filterwarnings("ignore", message=message, category=UserWarning)
        yield


def svg_text(chart: Chart) -> str:
    """The chart as an inline SVG element (no XML prolog) for a self-contained HTML page: every
    id prefixed with the chart's name, so several charts share a page without clashing."""
    sink = io.StringIO()
    with quiet():
        chart.figure.savefig(sink, format="svg", metadata={"Date": None, "Creator": "uxlab"})
    text = sink.getvalue()
    svg = text[text.index("<svg") :]
    prefix = "chart-" + re.sub(r"[^A-Za-z0-9_-]+", "-", chart.name) + "-"
    svg = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}{m[1]}"', svg)
    svg = re.sub(r'(url\(#|href="#)([^)"]+)', lambda m: f"{m[1]}{prefix}{m[2]}", svg)
    opening = svg.index(">")
    return (
        f'{svg[:opening]} role="img" aria-labelledby="{prefix}title {prefix}desc">\n'
        f' <title id="{prefix}title">{escape(chart.title)}</title>\n'
        f' <desc id="{prefix}desc">{escape(chart.alt)}</desc>'
        f"{svg[opening + 1 :]}"
    )


def save(chart: Chart, folder: Path) -> list[Path]:
    """Write NAME.svg and NAME.png into folder; the PNG's Title and Description hold the words."""
    folder.mkdir(parents=True, exist_ok=True)
    svg = folder / f"{chart.name}.svg"
    svg.write_text(
        f'<?xml version="1.0" encoding="utf-8" standalone="no"?>\n{svg_text(chart)}',
        encoding="utf-8",
    )
    png = folder / f"{chart.name}.png"
    with quiet():
        chart.figure.savefig(
            png,
            format="png",
            metadata={"Software": "uxlab", "Title": chart.title, "Description": chart.alt},
        )
    return [svg, png]
