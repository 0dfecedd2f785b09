"""Problems CSV (SPEC §5): one row per participant who met a usability problem; `task`,
`description` and `recommendation` (what to change) are optional, an empty cell giving none."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from uxlab.recording.limits import LONG, SHORT, shown, string_problem

REQUIRED = ("study", "participant", "problem", "severity")
# The columns of sentences; the others name things, in 64 characters.
PROSE = ("description", "recommendation")


@dataclass(frozen=True)
class ProblemRow:
    line: int
    study: str
    participant: str
    problem: str
    severity: int
    task: str | None
    description: str
    recommendation: str | None


def problem_rows(
    rows: Iterable[tuple[int, dict[str, str | None]]], columns: list[str]
) -> Iterator[tuple[int, ProblemRow | str]]:
    """Each row parsed, or its line and what is wrong with it."""
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        yield 1, f"missing columns: {', '.join(missing)} (needed: {', '.join(REQUIRED)})"
        return
    for line, raw in rows:
        row = {k: (v or "").strip() for k, v in raw.items() if k is not None}
        why = _problem(row)
        if why is not None:
            yield line, why
            continue
        yield (
            line,
            ProblemRow(
                line,
                row["study"],
                row["participant"],
                row["problem"],
                int(row["severity"]),
                row.get("task") or None,
                row.get("description", ""),
                row.get("recommendation") or None,
            ),
        )


def _problem(row: dict[str, str]) -> str | None:
    """What is wrong with a row; None if nothing."""
    empty = [c for c in REQUIRED if not row.get(c)]
    if empty:
        return f"{empty[0]}: missing"
    if row["severity"] not in ("1", "2", "3", "4"):
        return f"severity: expected 1 (cosmetic) to 4 (critical), got {shown(row['severity'])}"
    for column in (*REQUIRED, "task", *PROSE):
        why = string_problem(row.get(column, ""), column, LONG if column in PROSE else SHORT)
        if why is not None:
            return why
    return None
