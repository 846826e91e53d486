"""search keys recomputed: the search key now ignores invisible characters (zero-width spaces, byte-order
marks, soft hyphens) as every door now removes them, so a name stored with one by an earlier version is found
("da nang" finds "Đà\u200b Nẵng") and matched by the duplicate check

Only ``search_text``, a key derived from each row, changes (through the search index's own triggers); no
record's content does, and nothing is sent to the server.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04 01:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import context, op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    from desktop.store import search

    if not context.config.attributes.get("installation", True):  # the sync server runs these too: it searches nothing
        return
    connection = op.get_bind()
    for table in search.SEARCHABLE:
        search.refresh(connection, table)


def downgrade() -> None:
    pass  # the keys computed here are as good for the schema before
