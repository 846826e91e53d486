"""Sign-in attempts are slowed after failures in a row, per user name and per address: the count is kept in
the database, so every server process sharing it sees the same.

Revision ID: s0003
Revises: s0002
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "s0003"
down_revision: str | None = "s0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if sa.inspect(op.get_bind()).has_table("sync_login_failure"):
        return  # a database whose version mark was set back by hand (its data upgrades are run again)
    op.create_table(
        "sync_login_failure",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_index("ix_sync_login_failure_last", "sync_login_failure", ["last_failure_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_sync_login_failure_last", table_name="sync_login_failure")
    op.drop_table("sync_login_failure")
