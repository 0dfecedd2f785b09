"""What the reader of an analysis must know about its data, in words, for the analysis'
warnings and the report's limitations: participant codes in conflict, versions mixed."""

from __future__ import annotations

from typing import Any

from uxlab.analysis.versions import SHORT_HASH


def conflict_warnings(result: dict[str, Any]) -> list[str]:
    """One sentence per participant code in conflict: why, and which session counts."""
    return [
        f"participant {c['participant']}: {'; '.join(c['why'])}: session {c['used'][:8]} counts, "
        f"{', '.join(s[:8] for s in c['left_out'])} left out of every figure"
        for c in result["conflicts"]
    ]


def version_warnings(result: dict[str, Any]) -> list[str]:
    """A sentence when the sessions ran under several protocol versions: which were pooled,
    and which tasks differ between them and so are analysed per version."""
    versions = result["versions"]
    if len(versions) < 2:
        return []
    named = ", ".join(
        f"{v['hash'][:SHORT_HASH]} ({v['sessions']} session{'s' * (v['sessions'] != 1)})"
        for v in versions
    )
    split = sorted({row["task"] for row in result["tasks"] if "@" in row["task"]})
    apart = (
        f"; tasks that differ between them are analysed per version: {', '.join(split)}"
        if split
        else "; every task is the same in them, so all are pooled"
    )
    return [f"the sessions ran under {len(versions)} protocol versions, {named}{apart}"]
