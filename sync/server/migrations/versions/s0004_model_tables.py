"""The provinces' rows move into the models' own tables (made by the PCs' migrations just before this one):
the server then holds them with the same foreign keys, unique keys and checks as every PC.

Each row keeps its bookkeeping in ``sync_meta``; documents no PC could store go to ``sync_quarantine``;
attachment contents are kept per province; a device may register the key it signs its sync files with; the
ledger remembers which role a refused change needed.

Revision ID: s0004
Revises: s0003
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "s0004"
down_revision: str | None = "s0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON_DOCUMENT = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    op.create_table(
        "sync_meta",
        sa.Column("table_name", sa.String(length=40), nullable=False),
        sa.Column("row_id", sa.String(length=36), nullable=False),
        sa.Column("province_code", sa.String(length=2), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("clocks", JSON_DOCUMENT, nullable=False),
        sa.Column("digest", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("table_name", "row_id"),
    )
    op.create_index("ix_sync_meta_position", "sync_meta", ["province_code", "position"], unique=True)
    op.create_index("ix_sync_meta_scope", "sync_meta", ["province_code", "table_name"], unique=False)
    op.create_table(
        "sync_file",
        sa.Column("province_code", sa.String(length=2), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("received", sa.BigInteger(), nullable=False),
        sa.Column("complete", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("province_code", "sha256"),
    )
    op.create_table(
        "sync_file_chunk",
        sa.Column("province_code", sa.String(length=2), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("start", sa.BigInteger(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("province_code", "sha256", "start"),
    )
    op.create_table(
        "sync_quarantine",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("table_name", sa.String(length=40), nullable=False),
        sa.Column("row_id", sa.String(length=36), nullable=False),
        sa.Column("province_code", sa.String(length=2), nullable=False),
        sa.Column("data", JSON_DOCUMENT, nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("sync_device") as batch:
        batch.add_column(sa.Column("public_key", sa.Text(), nullable=True))
    with op.batch_alter_table("sync_ledger") as batch:
        batch.add_column(sa.Column("needs", sa.String(length=20), server_default="", nullable=False))
    from sync.server import legacy

    legacy.move(op.get_bind())


def downgrade() -> None:
    """One way only: the documents are gone once their rows are in the tables (the database was copied
    aside before the upgrade: restore that copy to go back)."""
    raise RuntimeError("s0004 không hạ cấp được: hãy khôi phục bản sao lưu chụp trước khi nâng cấp")
