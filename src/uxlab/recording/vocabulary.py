"""The built-in event types and task outcomes (SPEC §4), and the live logger's default keys."""

from __future__ import annotations

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
