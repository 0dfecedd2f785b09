"""Times as moderators type them: ISO-8601, stored as UTC, between 1970 and 2100."""

from __future__ import annotations

from datetime import UTC, datetime

from uxlab.errors import UxlabError

# Every time uxlab stores lies in [EARLIEST, LATEST): a time outside is a typing mistake.
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 1, 1, tzinfo=UTC)


def parse_timestamp(text: str) -> datetime:
    """An ISO-8601 time; one without a zone is taken as this computer's local time."""
    try:
        value = datetime.fromisoformat(text.strip())
        if value.tzinfo is None:
            value = value.astimezone()
    except (ValueError, OverflowError):
        raise UxlabError(
            f"expected an ISO-8601 time like 2026-11-22T10:15:03.5Z, got {text!r}"
        ) from None
    return in_range(value, text)


def parse_zoned(text: str) -> datetime:
    """An ISO-8601 time with a zone, as files and corrections carry them."""
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise UxlabError(f"expected an ISO-8601 time, got {text!r}") from None
    if value.tzinfo is None:
        raise UxlabError(f"the time needs a zone (Z for UTC), got {text!r}")
    return in_range(value, text)


def in_range(at: datetime, given: str) -> datetime:
    """A time with a zone, in UTC, if it lies between 1970 and 2100; UxlabError naming it as
    `given` if not."""
    # Compared before converting: a time at the calendar's edge (year 1 ahead of UTC, 9999
    # behind it) has no UTC equivalent.
    if not EARLIEST <= at < LATEST:
        raise UxlabError(f"{given!r} is outside 1970–2099")
    return at.astimezone(UTC)


def utc_now() -> datetime:
    return datetime.now(UTC)


def iso_utc(at: datetime) -> str:
    """A time as messages show it: ISO-8601 in UTC, with Z."""
    return at.astimezone(UTC).isoformat().replace("+00:00", "Z")
