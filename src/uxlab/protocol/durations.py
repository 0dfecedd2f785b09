"""Durations as written in protocols: `90s`, `3m`, `1m30s`, `1h`, or a plain number of seconds."""

from __future__ import annotations

import re

_DURATION = re.compile(
    r"^(?:(?P<h>\d+(?:\.\d+)?)h)?(?:(?P<m>\d+(?:\.\d+)?)m)?(?:(?P<s>\d+(?:\.\d+)?)s)?$"
)

# The same pattern without group names, valid in JSON Schema's regex dialect and in Python's.
DURATION_PATTERN = re.sub(r"\?P<\w+>", "", _DURATION.pattern)


def parse_duration(text: str) -> float:
    """Seconds in a duration like `90s`, `3m`, `1m30s` or `1h`; ValueError if it is none."""
    match = _DURATION.match(text.strip().replace(" ", ""))
    if not text.strip() or match is None:
        raise ValueError(text)
    hours, minutes, seconds = (float(match.group(g) or 0) for g in ("h", "m", "s"))
    return hours * 3600 + minutes * 60 + seconds


def format_duration(seconds: float) -> str:
    """The shortest protocol spelling of a number of seconds: 90 -> `1m30s`, 180 -> `3m`."""
    whole = int(seconds)
    if whole != seconds:
        return f"{seconds:g}s"
    minutes, secs = divmod(whole, 60)
    if minutes == 0:
        return f"{secs}s"
    return f"{minutes}m{secs}s" if secs else f"{minutes}m"
