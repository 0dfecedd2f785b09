"""Problems CSV (SPEC §5): one row per participant who met a usability problem; `task`,
`description` and `recommendation` (what to change) are optional, an empty cell giving none."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

REQUIRED = ("study", "participant", "problem", "severity")


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
        empty = [c for c in REQUIRED if not row.get(c)]
        if empty:
            yield line, f"{empty[0]}: missing"
        elif row["severity"] not in ("1", "2", "3", "4"):
            yield line, f"severity: expected 1 (cosmetic) to 4 (critical), got {row['severity']!r}"
        else:
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
