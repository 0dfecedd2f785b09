from __future__ import annotations

import pytest

from uxlab.protocol.durations import format_duration, parse_duration


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("90s", 90),
        ("3m", 180),
        ("1m30s", 90),
        ("1h", 3600),
        ("1h2m3s", 3723),
        ("2.5s", 2.5),
        (" 45s ", 45),
    ],
)
def test_parse(text: str, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "soon", "90", "3x", "m", "1s30m", "-5s", "1.5.2s"])
def test_parse_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_duration(text)


@pytest.mark.parametrize(
    ("seconds", "text"), [(90, "1m30s"), (180, "3m"), (45, "45s"), (2.5, "2.5s")]
)
def test_format_round_trips(seconds: float, text: str) -> None:
    assert format_duration(seconds) == text
    assert parse_duration(format_duration(seconds)) == seconds
