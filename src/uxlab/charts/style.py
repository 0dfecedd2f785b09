"""One look for every chart: the darker Okabe–Ito colours (safe for colour-blind readers, at
least 3:1 against white and the SUS grade bands), a marker and a hatch per variant so charts
survive greyscale print, type sizes that stay legible on a phone, and only text the font can
draw."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from functools import cache
from typing import Any, cast

import matplotlib

matplotlib.use("Agg")

from matplotlib import pyplot  # the backend is chosen above, before pyplot loads
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, findfont
from matplotlib.ft2font import FT2Font
from matplotlib.legend import Legend
from matplotlib.legend_handler import HandlerPatch
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.path import Path
from matplotlib.transforms import Bbox, IdentityTransform, Transform
from matplotlib.typing import ColorType

# Okabe & Ito (2008), distinguishable with every common colour-vision deficiency: the blue and
# vermillion as they are, the bluish green, reddish purple and orange darkened, so that every
# colour keeps 3:1 against white and the SUS grade bands (WCAG 1.4.11). The light members (sky
# blue, yellow, the orange itself) fall below that and are left out.
PALETTE = ("#0072B2", "#D55E00", "#007A5A", "#A8507F", "#8F6A00")
MARKERS = ("o", "s", "^", "D", "v", "P", "X")
# Hatches tell variants apart where colours turn into similar greys. They are drawn as plain
# lines (see Hatching), so they are made of lines only: / \ x - | +, denser when repeated.
HATCHES = ("", "///", "xxx", "\\\\\\", "---", "+++", "|||")
GREY = "#6b6b6b"
# Backgrounds the palette is drawn on: the page and the SUS chart's grade bands.
BACKGROUNDS = ("#ffffff", "#e4e4e4", "#f2f2f2")
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
        "axes.axisbelow": True,  # grid lines behind bars and dots, never across them
        "grid.color": "#d4d4d4",
        "grid.linewidth": 0.6,
        "legend.frameon": False,
        "legend.fontsize": MINIMUM_FONT_PT,
        "text.parse_math": False,  # a title with two $ signs is text, not a formula
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


@cache
def _font_characters() -> frozenset[int]:
    font = FT2Font(findfont(FontProperties(family=pyplot.rcParams["font.family"])))
    return frozenset(font.get_charmap())


# Joiners, variation selectors and skin-tone modifiers: parts of an emoji, nothing on their own.
_EMOJI_PARTS = re.compile("[\u200d\ufe0e\ufe0f\U0001f3fb-\U0001f3ff]")


def drawable(text: str) -> str:
    """Text as the chart's font can draw it: each run of characters DejaVu Sans lacks (an emoji,
    a script it does not cover) becomes one '?', instead of an empty box and a warning. For the
    drawn text only; alt texts keep what people typed."""
    characters = _font_characters()
    out: list[str] = []
    for character in _EMOJI_PARTS.sub("", text):
        if ord(character) in characters or character in "\n\t":
            out.append(character)
        elif unicodedata.category(character) in ("Mn", "Me", "Cf"):
            continue  # a mark or format character on a glyph that is replaced anyway
        elif not out or out[-1] != "?":
            out.append("?")
    return "".join(out)


# Hatch lines per 13.5 pt for one repetition of a pattern's character: "xxx" every 4.5 pt.
HATCH_UNIT_PT = 13.5


def _hatch_segments(
    box: Bbox, pattern: str, step: float
) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """Line segments across an upright box (display units) for a hatch pattern: `step` apart,
    divided by how often the pattern repeats the character. Diagonals sit on a grid fixed to
    the page, so neighbouring boxes line up; straight lines are centred in the box, so none
    runs along its edge."""
    x0, y0, x1, y1 = box.x0, box.y0, box.x1, box.y1
    segments = []

    def counts(char: str) -> int:
        return pattern.count(char) + pattern.count("x" if char in "/\\" else "+")

    for char in "/\\-|":
        if not (repeat := counts(char)):
            continue
        gap = step / repeat
        if char in "-|":  # centred in the box, clear of its edges
            across = (y0, y1) if char == "-" else (x0, x1)
            lines = math.floor((across[1] - across[0]) / gap)
            first = (across[0] + across[1]) / 2 - (lines - 1) * gap / 2
            for k in range(max(0, lines)):
                at = first + k * gap
                segments.append(((x0, at), (x1, at)) if char == "-" else ((at, y0), (at, y1)))
        else:
            diagonal = gap * 2**0.5  # the lines' spacing across, measured along an axis
            rising = char == "/"
            low, high = (y0 - x1, y1 - x0) if rising else (x0 + y0, x1 + y1)
            for k in range(int(low // diagonal) + 1, int(high / diagonal) + 1):
                c = k * diagonal
                if rising:  # y = x + c
                    start, end = max(x0, y0 - c), min(x1, y1 - c)
                    segments.append(((start, start + c), (end, end + c)))
                else:  # y = c - x
                    start, end = max(x0, c - y1), min(x1, c - y0)
                    segments.append(((start, c - start), (end, c - end)))
    return [(a, b) for a, b in segments if a != b]


class Hatching(Artist):
    """A hatch over patches (bars, legend keys), drawn as plain line segments.

    Matplotlib's own hatches become SVG <pattern> fills, which Chromium rasterises when it
    prints: every hatched bar an image, megabytes per chart in a PDF. These lines stay vectors,
    one path per hatching, and cost as little in SVG as in print."""

    def __init__(
        self,
        patches: Sequence[Patch],
        pattern: str,
        colour: ColorType = "white",
        linewidth: float = 1.0,
    ) -> None:
        super().__init__()
        self.patches = list(patches)
        self.pattern = pattern
        self.colour = colour
        self.linewidth = linewidth
        self.set_zorder(max((p.get_zorder() for p in self.patches), default=1) + 0.1)
        self.set_in_layout(False)  # it never reaches past its patches

    def segments(self, renderer: RendererBase) -> list[tuple[tuple[float, float], ...]]:
        step = cast(float, renderer.points_to_pixels(HATCH_UNIT_PT))
        area = self.axes.bbox if self.axes is not None else None
        found: list[tuple[tuple[float, float], ...]] = []
        for patch in self.patches:
            if not patch.get_visible():
                continue
            box: Bbox | None = patch.get_window_extent(renderer)
            if area is not None and box is not None:
                box = Bbox.intersection(box, area)
            if box is not None and box.width > 0 and box.height > 0:
                found += _hatch_segments(box, self.pattern, step)
        return found

    def draw(self, renderer: RendererBase) -> None:
        if not self.get_visible() or not self.pattern:
            return
        segments = self.segments(renderer)
        if not segments:
            return
        vertices = [point for segment in segments for point in segment]
        codes = [Path.MOVETO, Path.LINETO] * len(segments)
        gc = renderer.new_gc()
        gc.set_foreground(self.colour)
        gc.set_linewidth(self.linewidth)
        gc.set_capstyle("butt")
        gc.set_antialiased(True)
        renderer.open_group("hatching", gid=self.get_gid())
        renderer.draw_path(gc, Path(vertices, codes), IdentityTransform())
        renderer.close_group("hatching")
        gc.restore()
        self.stale = False


def add_hatching(axes: Axes, patches: Sequence[Patch], pattern: str, colour: str = "white") -> None:
    """Hatch these bars of `axes` with plain lines (nothing when the pattern is empty)."""
    if pattern and patches:
        axes.add_artist(Hatching(patches, pattern, colour))


class _HatchedKey(HandlerPatch):
    """A legend key for a patch with a hatch: the patch without matplotlib's hatch, and the
    same pattern drawn by Hatching."""

    def create_artists(
        self,
        legend: Legend,
        orig_handle: Artist,
        xdescent: float,
        ydescent: float,
        width: float,
        height: float,
        fontsize: float,
        trans: Transform,
    ) -> Sequence[Artist]:
        artists = super().create_artists(
            legend, orig_handle, xdescent, ydescent, width, height, fontsize, trans
        )
        key = artists[0]
        if not isinstance(key, Patch) or not isinstance(orig_handle, Patch):
            return artists
        pattern = orig_handle.get_hatch()
        key.set_hatch("")
        if not pattern:
            return artists
        return [key, Hatching([key], pattern, orig_handle.get_hatchcolor())]


def legend(figure: Figure, handles: Sequence[Artist]) -> None:
    """The legend below the chart, outside the data area, in as many columns as fit; hatched
    keys drawn as plain lines like the bars."""
    if not handles:
        return
    for columns in range(len(handles), 0, -1):
        box = figure.legend(
            handles=handles,
            loc="outside lower center",
            ncols=columns,
            handler_map={Patch: _HatchedKey()},
        )
        if columns == 1 or box.get_window_extent().width <= figure.bbox.width * 0.95:
            return
        box.remove()


def variant_label(variant: str) -> str:
    return drawable(f"variant {variant}")


def variant_patch(index: int, variant: str) -> Patch:
    """The legend entry of a variant drawn as bars (its hatch drawn by the legend as lines)."""
    return Patch(
        facecolor=colour(index),
        hatch=hatch(index),
        hatchcolor="white",
        label=variant_label(variant),
    )


def variant_mark(index: int, variant: str) -> Line2D:
    """The legend entry of a variant drawn as points."""
    return Line2D(
        [],
        [],
        color=colour(index),
        marker=marker(index),
        linestyle="none",
        label=variant_label(variant),
    )


def reference_line(label: str) -> Line2D:
    """The legend entry of a benchmark or target line."""
    return Line2D([], [], **REFERENCE, label=label)
