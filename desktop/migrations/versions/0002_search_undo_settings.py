"""search index, undo log, settings

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op

from desktop.store import search

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEARCHABLE = ("facility", "proposal", "training_course", "trainee", "voting_round")


def upgrade() -> None:
    op.create_table(
        "app_setting",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_app_setting")),
    )
    op.create_table(
        "operation",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("label", sa.String(length=300), nullable=False),
        sa.Column("undoes_id", sa.Uuid(), nullable=True),
        sa.Column("undone_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_operation")),
    )
    with op.batch_alter_table("operation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_operation_at"), ["at"], unique=False)
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.add_column(sa.Column("operation_id", sa.Uuid(), nullable=True))
        batch_op.create_index(batch_op.f("ix_audit_entry_operation_id"), ["operation_id"], unique=False)
    connection = op.get_bind()
    for table in SEARCHABLE:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("search_text", sa.Text(), nullable=False, server_default=""))
            batch_op.create_index(batch_op.f(f"ix_{table}_search_text"), ["search_text"], unique=False)
        if context.config.attributes.get("installation", True):  # the sync server runs these too: it searches nothing
            search.refresh(connection, table)
            search.create_index(connection, table)


def downgrade() -> None:
    connection = op.get_bind()
    for table in SEARCHABLE:
        if context.config.attributes.get("installation", True):
            search.drop_index(connection, table)
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f"ix_{table}_search_text"))
            batch_op.drop_column("search_text")
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_entry_operation_id"))
        batch_op.drop_column("operation_id")
    with op.batch_alter_table("operation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_operation_at"))
    op.drop_table("operation")
    op.drop_table("app_setting")
