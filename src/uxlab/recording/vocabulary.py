"""The built-in event types, task outcomes and problem severities (SPEC §4), and the live
logger's default keys."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from uxlab.errors import UxlabError
from uxlab.recording.limits import shown

EVENT_TYPES: tuple[str, ...] = (
    "session_start",
    "session_end",
    "task_start",
    "task_end",
    "error",
    "assist",
    "step",
    "note",
    "problem",
    "pause",
    "resume",
    "answer",
    "undo",
    "amend",
    "marker",
)

OUTCOMES: tuple[str, ...] = ("success", "failure", "abandoned", "timeout", "skipped")

# A problem's severity is stored as its number; these are its words, wherever it is shown.
SEVERITY_WORDS: dict[int, str] = {1: "cosmetic", 2: "minor", 3: "major", 4: "critical"}

# What a protocol marker may count as: it is then tallied like that built-in event.
MARKER_COUNTS: tuple[str, ...] = ("error", "assist", "step", "note")

# One key per action in the live logger. Protocol markers may not reuse these keys.
DEFAULT_KEYS: dict[str, str] = {
    "next_task": "enter",
    "success": "s",
    "failure": "f",
    "abandoned": "g",
    "skipped": "x",
    "error": "e",
    "assist": "a",
    "step": "space",
    "note": "n",
    "problem": "b",
    "pause": "p",
    "undo": "u",
    "quit": "q",
}


def configure_keys(overrides: Mapping[str, str], marker_keys: Iterable[str]) -> dict[str, str]:
    """The logger's action -> key map with a moderator's overrides; clashes are errors."""
    unknown = sorted(set(overrides) - set(DEFAULT_KEYS))
    if unknown:
        raise UxlabError(
            f"unknown logger action {', '.join(unknown)}: expected {', '.join(DEFAULT_KEYS)}"
        )
    for action, key in overrides.items():
        if not _is_key(key):
            raise UxlabError(
                f"--key {action}: {shown(key)} is not a key: give one character (t, /, 1) or a "
                "key's name (enter, tab, f5, ctrl+t)"
            )
    keys = {**DEFAULT_KEYS, **overrides}
    taken: dict[str, str] = {}
    for action, key in keys.items():
        if key in taken:
            raise UxlabError(f"key '{key}' is set for both {taken[key]} and {action}")
        taken[key] = action
    for key in marker_keys:
        if key in taken:
            raise UxlabError(f"key '{key}' is set for {taken[key]} and for a protocol marker")
    return keys


def _is_key(key: str) -> bool:
    """Whether a key press can match `key`: one visible character, or a key's name."""
    from textual.keys import Keys

    if len(key) == 1:
        return key.isprintable() and not key.isspace()
    return any(key == name.value for name in Keys) and not key.startswith("<")
