"""Proposal places count their visitors: rows stored before get the field at 0, as the PCs' own upgrade
gives theirs, so both sides' checksums still agree.

Revision ID: s0002
Revises: s0001
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "s0002"
down_revision: str | None = "s0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            """UPDATE sync_row SET data = data || '{"visitors": 0}'::jsonb """
            "WHERE table_name = 'proposal_location' AND NOT data ? 'visitors'"
        )
    else:
        op.execute(
            "UPDATE sync_row SET data = json_set(data, '$.visitors', 0) "
            "WHERE table_name = 'proposal_location' AND json_type(data, '$.visitors') IS NULL"
        )


def downgrade() -> None:
    """The field stays in the documents: PCs of the older version ignore a field they do not know."""
