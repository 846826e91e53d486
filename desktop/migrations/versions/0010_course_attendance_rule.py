"""a course may set the share of its days a trainee must attend for a certificate (0: no rule); a certificate
below it is warned of before it is recorded

Rows already copied into the staging table of a first copy get the new field too, so a copy cut before this
upgrade resumes instead of starting again.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04 14:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN, not batch mode: the table (and its search triggers) stays as it is.
    op.add_column(
        "training_course", sa.Column("min_attendance_percent", sa.Integer(), server_default="0", nullable=False)
    )
    if not context.config.attributes.get("installation", True):
        return  # the sync server runs these too: it stages no first copy
    op.execute(
        "UPDATE sync_snapshot_row SET data = json_set(data, '$.min_attendance_percent', 0) "
        "WHERE table_name = 'training_course' AND json_type(data, '$.min_attendance_percent') IS NULL"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":  # DROP COLUMN keeps the table (and its triggers) in place
        op.execute("ALTER TABLE training_course DROP COLUMN min_attendance_percent")
        return
    op.drop_column("training_course", "min_attendance_percent")
