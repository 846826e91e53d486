"""The server's tables as they were when migrations began.

Servers from before then made their tables at start-up, some without the later ones (attachment contents,
identity keys) or their newer indexes: each table and index is made only if missing, so such a database
comes to this revision like an empty one.

Revision ID: s0001
Revises:
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "s0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON_DOCUMENT = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def _missing(table: str) -> bool:
    return not sa.inspect(op.get_bind()).has_table(table)


def _index(name: str, table: str, columns: list[str]) -> None:
    if name not in {index["name"] for index in sa.inspect(op.get_bind()).get_indexes(table)}:
        op.create_index(name, table, columns, unique=False)


def upgrade() -> None:
    if _missing("sync_blob"):
        op.create_table(
            "sync_blob",
            sa.Column("sha256", sa.String(length=64), nullable=False),
            sa.Column("size", sa.BigInteger(), nullable=False),
            sa.Column("received", sa.BigInteger(), nullable=False),
            sa.Column("complete", sa.Boolean(), nullable=False),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
            sa.PrimaryKeyConstraint("sha256"),
        )
    if _missing("sync_blob_chunk"):
        op.create_table(
            "sync_blob_chunk",
            sa.Column("sha256", sa.String(length=64), nullable=False),
            sa.Column("start", sa.BigInteger(), nullable=False),
            sa.Column("data", sa.LargeBinary(), nullable=False),
            sa.PrimaryKeyConstraint("sha256", "start"),
        )
    if _missing("sync_change"):
        op.create_table(
            "sync_change",
            sa.Column("province_code", sa.String(length=2), nullable=False),
            sa.Column("position", sa.BigInteger(), nullable=False),
            sa.Column("table_name", sa.String(length=40), nullable=False),
            sa.Column("row_id", sa.String(length=36), nullable=False),
            sa.PrimaryKeyConstraint("province_code", "position"),
        )
    _index("ix_sync_change_row", "sync_change", ["table_name", "row_id", "province_code"])
    if _missing("sync_counter"):
        op.create_table(
            "sync_counter",
            sa.Column("province_code", sa.String(length=2), nullable=False),
            sa.Column("position", sa.BigInteger(), nullable=False),
            sa.PrimaryKeyConstraint("province_code"),
        )
    if _missing("sync_device"):
        op.create_table(
            "sync_device",
            sa.Column("id", sa.String(length=36), nullable=False),
            sa.Column("user_id", sa.Integer(), nullable=False),
            sa.Column("name", sa.String(length=100), nullable=False),
            sa.Column("last_seq", sa.BigInteger(), nullable=False),
            sa.Column("copied", sa.Boolean(), nullable=False),
            sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
            sa.PrimaryKeyConstraint("id"),
        )
    if _missing("sync_identity"):
        op.create_table(
            "sync_identity",
            sa.Column("table_name", sa.String(length=40), nullable=False),
            sa.Column("province_code", sa.String(length=2), nullable=False),
            sa.Column("key", sa.String(length=400), nullable=False),
            sa.Column("row_id", sa.String(length=36), nullable=False),
            sa.PrimaryKeyConstraint("table_name", "province_code", "key", "row_id"),
        )
    _index("ix_sync_identity_key", "sync_identity", ["table_name", "key"])
    _index("ix_sync_identity_row", "sync_identity", ["table_name", "row_id"])
    if _missing("sync_ledger"):
        op.create_table(
            "sync_ledger",
            sa.Column("device_id", sa.String(length=36), nullable=False),
            sa.Column("seq", sa.BigInteger(), nullable=False),
            sa.Column("digest", sa.String(length=64), nullable=False),
            sa.Column("status", sa.String(length=10), nullable=False),
            sa.Column("message", sa.Text(), nullable=False),
            sa.Column("at", sa.DateTime(timezone=True), nullable=False),
            sa.PrimaryKeyConstraint("device_id", "seq"),
        )
    if _missing("sync_rejected"):
        op.create_table(
            "sync_rejected",
            sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
            sa.Column("device_id", sa.String(length=36), nullable=False),
            sa.Column("seq", sa.BigInteger(), nullable=False),
            sa.Column("payload", JSON_DOCUMENT, nullable=False),
            sa.Column("reason", sa.Text(), nullable=False),
            sa.Column("at", sa.DateTime(timezone=True), nullable=False),
            sa.PrimaryKeyConstraint("id"),
        )
    if _missing("sync_row"):
        op.create_table(
            "sync_row",
            sa.Column("table_name", sa.String(length=40), nullable=False),
            sa.Column("row_id", sa.String(length=36), nullable=False),
            sa.Column("province_code", sa.String(length=2), nullable=False),
            sa.Column("position", sa.BigInteger(), nullable=False),
            sa.Column("data", JSON_DOCUMENT, nullable=False),
            sa.Column("clocks", JSON_DOCUMENT, nullable=False),
            sa.PrimaryKeyConstraint("table_name", "row_id"),
        )
    _index("ix_sync_row_position", "sync_row", ["province_code", "position"])
    _index("ix_sync_row_scope", "sync_row", ["province_code", "table_name"])
    if _missing("sync_setting"):
        op.create_table(
            "sync_setting",
            sa.Column("key", sa.String(length=40), nullable=False),
            sa.Column("value", sa.Text(), nullable=False),
            sa.PrimaryKeyConstraint("key"),
        )
    if _missing("sync_token"):
        op.create_table(
            "sync_token",
            sa.Column("digest", sa.String(length=64), nullable=False),
            sa.Column("kind", sa.String(length=10), nullable=False),
            sa.Column("user_id", sa.Integer(), nullable=False),
            sa.Column("device_id", sa.String(length=36), nullable=False),
            sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
            sa.PrimaryKeyConstraint("digest"),
        )
    if _missing("sync_user"):
        op.create_table(
            "sync_user",
            sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
            sa.Column("name", sa.String(length=64), nullable=False),
            sa.Column("password_hash", sa.String(length=200), nullable=False),
            sa.Column("province_code", sa.String(length=2), nullable=True),
            sa.Column("role", sa.String(length=10), nullable=False),
            sa.Column("disabled", sa.Boolean(), nullable=False),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
            sa.PrimaryKeyConstraint("id"),
            sa.UniqueConstraint("name"),
        )


def downgrade() -> None:

    op.drop_table("sync_user")
    op.drop_table("sync_token")
    op.drop_table("sync_setting")
    op.drop_index("ix_sync_row_scope", table_name="sync_row")
    op.drop_index("ix_sync_row_position", table_name="sync_row")
    op.drop_table("sync_row")
    op.drop_table("sync_rejected")
    op.drop_table("sync_ledger")
    op.drop_index("ix_sync_identity_row", table_name="sync_identity")
    op.drop_index("ix_sync_identity_key", table_name="sync_identity")
    op.drop_table("sync_identity")
    op.drop_table("sync_device")
    op.drop_table("sync_counter")
    op.drop_index("ix_sync_change_row", table_name="sync_change")
    op.drop_table("sync_change")
    op.drop_table("sync_blob_chunk")
    op.drop_table("sync_blob")
