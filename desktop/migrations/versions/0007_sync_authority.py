"""sync that cannot get stuck: transactions travel together, pulled rows wait for their parents, refused
changes wait for the user, and a decision records who signed it on paper

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 14:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN, not batch mode: copying sync_outbox would lose its AUTOINCREMENT counter.
    op.add_column("sync_outbox", sa.Column("txn", sa.String(length=32), server_default="", nullable=False))
    op.add_column("status_transition", sa.Column("signer", sa.String(length=120), server_default="", nullable=False))
    op.create_table(
        "sync_parked",
        sa.Column("table_name", sa.String(length=40), nullable=False),
        sa.Column("row_id", sa.String(length=36), nullable=False),
        sa.Column("scope", sa.String(length=2), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("table_name", "row_id", name=op.f("pk_sync_parked")),
    )
    op.create_table(
        "sync_rejection",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("table_name", sa.String(length=40), nullable=False),
        sa.Column("row_id", sa.Uuid(), nullable=False),
        sa.Column("action", sa.String(length=10), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("needs", sa.String(length=20), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("typed_at", sa.DateTime(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_rejection")),
    )
    with op.batch_alter_table("sync_rejection", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sync_rejection_row_id"), ["row_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_sync_rejection_seq"), ["seq"], unique=False)
        batch_op.create_index(batch_op.f("ix_sync_rejection_status"), ["status"], unique=False)


def downgrade() -> None:
    op.drop_table("sync_rejection")
    op.drop_table("sync_parked")
    with op.batch_alter_table("status_transition") as batch:
        batch.drop_column("signer")
    op.drop_column("sync_outbox", "txn")
