"""proposal places count their visitors (a count that adds up: it syncs as a difference)

Rows already copied into the staging table of a first copy get the new field too, so a copy cut before
this upgrade resumes instead of starting again (its checksum is the server's, which fills the field alike).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 11:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("proposal_location") as batch:
        batch.add_column(sa.Column("visitors", sa.Integer(), server_default="0", nullable=False))
    if not context.config.attributes.get("installation", True):
        return  # the sync server runs these too: it stages no first copy
    op.execute(
        "UPDATE sync_snapshot_row SET data = json_set(data, '$.visitors', 0) "
        "WHERE table_name = 'proposal_location' AND json_type(data, '$.visitors') IS NULL"
    )


def downgrade() -> None:
    with op.batch_alter_table("proposal_location") as batch:
        batch.drop_column("visitors")
