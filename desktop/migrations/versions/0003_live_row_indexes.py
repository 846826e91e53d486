"""indexes on deleted_at for the tables with list pages

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LISTED = ("facility", "proposal", "training_course", "trainee", "voting_round")


def upgrade() -> None:
    for table in LISTED:
        op.create_index(f"ix_{table}_deleted_at", table, ["deleted_at"], unique=False)


def downgrade() -> None:
    for table in LISTED:
        op.drop_index(f"ix_{table}_deleted_at", table_name=table)
