"""Each study names the protocol version new sessions use, by content hash: a deliberate choice
(`uxlab protocol load`, `uxlab protocol use`), never the order in which versions arrived. A
store upgraded to it keeps using what it used before: each study's highest-numbered version.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("study", schema=None) as batch_op:
        batch_op.add_column(sa.Column("current_hash", sa.String(length=64), nullable=True))
    study = sa.table("study", sa.column("id", sa.Uuid()), sa.column("current_hash"))
    version = sa.table(
        "protocol_version",
        sa.column("study_id", sa.Uuid()),
        sa.column("number"),
        sa.column("content_hash"),
    )
    newer = version.alias("newer")
    latest = (
        sa.select(version.c.content_hash)
        .where(version.c.study_id == study.c.id)
        .where(
            ~sa.exists().where(
                newer.c.study_id == version.c.study_id, newer.c.number > version.c.number
            )
        )
        .scalar_subquery()
    )
    op.execute(study.update().values(current_hash=latest))


def downgrade() -> None:
    with op.batch_alter_table("study", schema=None) as batch_op:
        batch_op.drop_column("current_hash")
