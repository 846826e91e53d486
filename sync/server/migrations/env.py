"""Alembic environment of the server database: always run on a connection handed over by
sync.server.migrate, inside the transaction that holds the migration lock."""

from __future__ import annotations

from alembic import context

from sync.server import schema

context.configure(
    connection=context.config.attributes["connection"],
    target_metadata=schema.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things: batch mode copies the table instead
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
