"""Numbers as the report prints them: signed with a true minus, and never rounded to a zero
that is not one (a bound of +0.001 beside a direction word must not read as +0.0)."""

from __future__ import annotations


def signed(value: float, digits: int = 1) -> str:
    """+1.2, −0.4; a value that rounds to zero keeps as many more decimals as it needs."""
    return _minus(_shown(value, digits, "+"))


def unsigned(value: float, digits: int = 1) -> str:
    return _minus(_shown(value, digits, ""))


def points(share: float) -> str:
    """A difference of two rates in percentage points, signed: +33 pts, −0.3 pts, 0 pts."""
    text = signed(share * 100, 0)
    return "0 pts" if share == 0 else f"{text} pts"


def ratio(value: float) -> str:
    """A ratio to two decimals that never reads as 1.00 (no difference) unless it is 1."""
    for places in range(2, 6):
        text = f"{value:.{places}f}"
        if value == 1 or float(text) != 1:
            return text
    return f"{value:.5f}"


def _shown(value: float, digits: int, sign: str) -> str:
    for places in range(digits, digits + 4):
        text = f"{value:{sign}.{places}f}"
        if value == 0 or float(text) != 0:
            return text
    return f"{value:{sign}.{digits + 3}f}"


def _minus(text: str) -> str:
    return text.replace("-", "−")
