"""The schema revisions this uxlab knows, oldest first; the last is the one it needs.

Kept here as plain strings so that opening a store does not import alembic; a test checks
that they match the revision chain in migrations/.
"""

from __future__ import annotations

SCHEMA_REVISIONS: tuple[str, ...] = ("0001", "0002", "0003", "0004", "0005")
SCHEMA_REVISION = SCHEMA_REVISIONS[-1]


def describe_revision(found: str | None) -> str:
    """How a store's revision stands against this uxlab, in words for `info` and `db current`."""
    if found is None:
        return "empty (run `uxlab init`)"
    if found == SCHEMA_REVISION:
        return f"{found} (head)"
    if found in SCHEMA_REVISIONS:
        return f"{found} (run `uxlab db upgrade` to reach {SCHEMA_REVISION})"
    return f"{found} (written by a newer uxlab; this one knows up to {SCHEMA_REVISION})"
