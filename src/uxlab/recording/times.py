"""Times as moderators type them: ISO-8601, stored as UTC."""

from __future__ import annotations

from datetime import UTC, datetime

from uxlab.errors import UxlabError


def parse_timestamp(text: str) -> datetime:
    """An ISO-8601 time; one without a zone is taken as this computer's local time."""
    try:
        value = datetime.fromisoformat(text.strip())
        if value.tzinfo is None:
            value = value.astimezone()
        # Times at the calendar's edges (year 1 ahead of UTC, 9999 behind it) overflow here.
        return value.astimezone(UTC)
    except (ValueError, OverflowError):
        raise UxlabError(
            f"expected an ISO-8601 time like 2026-11-22T10:15:03.5Z, got {text!r}"
        ) from None


def utc_now() -> datetime:
    return datetime.now(UTC)


def iso_utc(at: datetime) -> str:
    """A time as messages show it: ISO-8601 in UTC, with Z."""
    return at.astimezone(UTC).isoformat().replace("+00:00", "Z")
