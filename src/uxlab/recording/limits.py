"""How large and how strange a value uxlab accepts: the one place each limit lives, named by
every message that refuses a value (README, "Errors")."""

from __future__ import annotations

# Ids, codes, names and authors: the store's 64-character columns, on SQLite and PostgreSQL.
SHORT = 64
# Notes, descriptions, recommendations, recording paths, attribute values.
LONG = 100_000
# Errors, assists or steps in one row of a results file, and all of them in one file (each is
# an event of its own).
MAX_COUNT = 10_000
MAX_MARKS = 100_000
# A task's time in a results file, a recording's offset: one day, in seconds.
MAX_SECONDS = 86_400
# One line of an exchange file, in bytes: a line longer than this is refused unread.
MAX_LINE = 1_000_000
# Questionnaire values: any scale a protocol defines lies within these.
MAX_VALUE = 1_000_000


# An error line quotes what it refuses; a 100,000-character value is cut to show where it is.
ERROR_LINE = 1_000


def bounded(line: str) -> str:
    """A message line of at most ERROR_LINE characters."""
    return line if len(line) <= ERROR_LINE else f"{line[: ERROR_LINE - 1]}…"


def shown(value: object, width: int = 40) -> str:
    """A value as a message quotes it: its repr, cut to `width` characters."""
    text = repr(value)
    return text if len(text) <= width else f"{text[: width - 1]}…"


def text_problem(value: object, what: str, limit: int = LONG) -> str | None:
    """What is wrong with a piece of text a person or a file gave: blank, longer than `limit`,
    holding a NUL character, or not storable as UTF-8 (a terminal's stray bytes, a lone
    surrogate); None if nothing."""
    if not isinstance(value, str) or not value.strip():
        return f"{what} needs text, got {shown(value)}"
    return string_problem(value, what, limit)


def string_problem(value: str, what: str, limit: int = LONG) -> str | None:
    """As `text_problem`, for a string that may be blank."""
    if len(value) > limit:
        return f"{what} is {len(value):,} characters long: at most {limit:,}"
    if "\x00" in value:
        return f"{what} contains a NUL character"
    if not is_text(value):
        return f"{what} is not valid UTF-8 text: {shown(value)}"
    return None


def is_text(value: str) -> bool:
    """Whether a string can be stored as UTF-8: a terminal's stray byte arrives as a lone
    surrogate, which cannot."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
