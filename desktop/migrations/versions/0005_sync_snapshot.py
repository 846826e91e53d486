"""sync: first copies of a scope downloaded into a staging table, used once complete and checked

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 10:05:00
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
    op.create_table(
        "sync_snapshot",
        sa.Column("scope", sa.String(length=2), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.Column("epoch", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("scope", name=op.f("pk_sync_snapshot")),
    )
    op.create_table(
        "sync_snapshot_row",
        sa.Column("scope", sa.String(length=2), nullable=False),
        sa.Column("table_name", sa.String(length=40), nullable=False),
        sa.Column("row_id", sa.String(length=36), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("scope", "table_name", "row_id", name=op.f("pk_sync_snapshot_row")),
    )


def downgrade() -> None:
    op.drop_table("sync_snapshot_row")
    op.drop_table("sync_snapshot")
