"""Chart text as people will read it: characters the font lacks (emoji in a task title or a
participant code) drawn as '?' with no warning on the terminal, the words of the alt texts in
the right number, the time axis labelled past the data at both ends."""

from __future__ import annotations

import os
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any

import pytest

from tests.charts.checks import check_chart, drawn, texts
from tests.charts.sessions import session
from tests.conftest import Cli
from uxlab.charts.chart import Chart, save
from uxlab.charts.overview import discovery_chart
from uxlab.charts.sessions import sessions_chart, timeline_chart
from uxlab.charts.style import drawable, new_figure
from uxlab.charts.tasks import completion_chart
from uxlab.charts.time import _seconds_axis

TITLE = "Pay with a card 💳 and a coupon 👩‍💻 ✓"


def _result() -> dict[str, Any]:
    rows = []
    for variant, successes in (("A", 3), ("B", 5)):
        rows.append(
            {
                "task": "pay",
                "variant": variant,
                "completion": {"n": 6, "successes": successes, "rate": successes / 6, "ci": None},
            }
        )
    return {"tasks": rows, "confidence": 0.95}


def test_drawable_replaces_what_the_font_lacks() -> None:
    assert drawable(TITLE) == "Pay with a card ? and a coupon ? ✓"
    assert drawable("Zoë’s café — 10 € · P01") == "Zoë’s café — 10 € · P01"
    assert drawable("🦊🐻") == "?"
    assert drawable("配送先") == "?"


def _no_warnings_drawing(chart: Chart) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        drawn(chart.figure)
    return [str(w.message) for w in caught]


def test_emoji_in_titles_and_codes_become_readable_text(tmp_path: Path) -> None:
    completion = completion_chart(_result(), {"pay": TITLE}, 0.78)
    people = [
        session("P🦊1", None, [("pay", "A", "success", 10, 40), ("pay", "B", "failure", 60, 30)]),
        session("P2", None, [("pay", "B", "success", 10, 40), ("pay", "A", "success", 60, 30)]),
    ]
    overview = sessions_chart(people)
    assert overview is not None
    timeline = timeline_chart(people[0], {"pay": TITLE})
    for chart in (completion, overview, timeline):
        assert _no_warnings_drawing(chart) == [], chart.name
        shown = " ".join(t.get_text() for t in texts(chart.figure))
        assert "💳" not in shown and "🦊" not in shown, chart.name
        check_chart(chart)
        save(chart, tmp_path)
    assert "Pay with a card ? and a coupon ? ✓" in completion.figure.axes[0].get_xticklabels()[
        0
    ].get_text().replace("\n", " ")
    assert [t.get_text() for t in overview.figure.axes[0].get_yticklabels()] == [
        "P2 (A)",
        "P2 (B)",
        "P?1 (A)",
        "P?1 (B)",
    ]
    assert timeline.figure.axes[0].get_title() == "Session of P?1"
    # The alt texts keep what people typed: a screen reader can say it.
    assert TITLE in completion.alt and "P🦊1" in timeline.alt


def test_dollar_signs_are_text_not_a_formula() -> None:
    chart = completion_chart(_result(), {"pay": "Pay $5 and then $10"}, None)
    drawn(chart.figure)
    label = chart.figure.axes[0].get_xticklabels()[0]
    assert label.get_text() == "Pay $5 and then $10" and not label.get_parse_math()


PROTOCOL = """\
study: cards
title: Paying by card
design: between
variants: {A: Old form, B: New form}
tasks:
  - {id: pay, title: "Pay with a card 💳", scenario: Pay., success: Paid}
"""


def test_the_cli_prints_no_matplotlib_warnings(isolated: Path) -> None:
    """Run as people run it (not under pytest, which turns warnings into errors): `uxlab plot`
    and `uxlab report` used to print 'UserWarning: Glyph 128179 … missing from font(s)'."""
    (isolated / "cards.yaml").write_text(PROTOCOL, "utf-8")
    lines = ["study,participant,variant,task,outcome,time_s"]
    lines += [f"cards,P{n}🦊,{'AB'[n % 2]},pay,{n % 3 > 0:d},{30 + 7 * n}" for n in range(1, 9)]
    (isolated / "cards.csv").write_text("\n".join(lines) + "\n", "utf-8")
    db = str(isolated / "cards.db")
    uxlab = Cli(db)
    uxlab("init")
    uxlab("protocol", "load", "cards.yaml")
    uxlab("import", "cards.csv", "--kind", "results")
    for command in (["plot", "cards", "--out", "charts"], ["report", "cards", "--out", "r.html"]):
        run = subprocess.run(
            [sys.executable, "-m", "uxlab.cli.main", *command, "--db", db],
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "PYTHONWARNINGS": "default"},
        )
        assert run.returncode == 0, run.stderr
        assert "Warning" not in run.stderr and "Glyph" not in run.stderr, run.stderr
    assert "Pay with a card ?" in (isolated / "charts" / "completion.svg").read_text("utf-8")


@pytest.mark.parametrize(
    ("seen_by", "participants", "words"),
    [
        ({"p1": {"P1"}}, ["P1", "P2", "P3"], "the one problem seen was found by the first of 3"),
        (
            {"p1": {"P2"}},
            ["P1", "P2"],
            "the one problem seen was found only with both participants",
        ),
        ({"p1": {"P1"}}, ["P1"], "the one problem seen was found with the one participant"),
        (
            {"a": {"P1"}, "b": {"P2"}},
            ["P1", "P2", "P3", "P4"],
            "both problems seen were found within the first 2 of 4 participants",
        ),
        (
            {n: {f"P{n}"} for n in "2345"},
            [f"P{n}" for n in range(1, 9)],
            "all 4 problems seen were found within the first 5 of 8 participants",
        ),
    ],
)
def test_discovery_words_agree_in_number(
    seen_by: dict[str, set[str]], participants: list[str], words: str
) -> None:
    """Was: 'all 1 problems seen were found within the first 1 of 8 participants'."""
    chart = discovery_chart(seen_by, participants, 0.3)
    assert chart is not None
    assert words in chart.alt, chart.alt
    for wrong in ("all 1 ", "1 problems", "first 1 ", "all 2 ", "1 participants"):
        assert wrong not in chart.alt


@pytest.mark.parametrize(
    ("low", "high", "labels"),
    [
        # The demo's spread: the axis used to stop labelling at 100.
        (17.0, 180.0, ["15", "20", "50", "100", "200", "300"]),
        # OpenShift's: 1500, not 2000, above 1046; 10, not 15, so close to 20.
        (22.0, 1046.0, ["10", "20", "50", "100", "200", "500", "1000", "1500"]),
        (41.0, 48.0, ["40", "50"]),
        (3.0, 9.0, ["2", "3", "4", "5", "7", "10"]),
    ],
)
def test_time_axis_is_labelled_past_the_data_at_both_ends(
    low: float, high: float, labels: list[str]
) -> None:
    figure = new_figure()
    axes = figure.add_subplot()
    axes.scatter([0, 1], [low, high])
    _seconds_axis(axes)
    drawn(figure)
    shown = [t.get_text() for t in axes.get_yticklabels()]
    ticks = axes.get_yticks()
    assert ticks[0] <= low and high <= ticks[-1]
    assert axes.get_ylim() == pytest.approx((ticks[0], ticks[-1]))
    assert shown == labels
