"""Each problem sighting from an event keeps that event's severity, note and time, so that a
problem's severity and description are its earliest sighting's, whatever order the events were
stored in; a task attempt's errors, assists and steps may be null: not recorded by its source.
uxlab fills them from the events after this migration (store.derived).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


MEASURES = ("errors", "assists", "steps")


def upgrade() -> None:
    with op.batch_alter_table("task_attempt", schema=None) as batch_op:
        for name in MEASURES:
            batch_op.alter_column(name, existing_type=sa.Integer(), nullable=True)
    with op.batch_alter_table("problem_sighting", schema=None) as batch_op:
        batch_op.add_column(sa.Column("severity", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("note", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("seen_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.drop_index(batch_op.f("ix_problem_sighting_problem_id"))
        batch_op.create_index(
            batch_op.f("ix_problem_sighting_problem_id"), ["problem_id", "seen_at"], unique=False
        )


def downgrade() -> None:
    for name in MEASURES:  # as uxlab before 0003 counted what was not recorded: zero
        column = sa.column(name, sa.Integer())
        op.execute(
            sa.table("task_attempt", column).update().where(column.is_(None)).values({name: 0})
        )
    with op.batch_alter_table("task_attempt", schema=None) as batch_op:
        for name in MEASURES:
            batch_op.alter_column(name, existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table("problem_sighting", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_problem_sighting_problem_id"))
        batch_op.create_index(
            batch_op.f("ix_problem_sighting_problem_id"), ["problem_id"], unique=False
        )
        batch_op.drop_column("seen_at")
        batch_op.drop_column("note")
        batch_op.drop_column("severity")
