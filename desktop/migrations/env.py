"""Alembic environment: always run on a connection handed over by desktop.store.storage."""

from __future__ import annotations

from alembic import context

import desktop.models  # noqa: F401  (registers every table)
from desktop.models.base import Base
from desktop.store import crashpoints
from desktop.store.storage import managed_by_alembic

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things: batch mode copies the table instead
    compare_type=True,
    include_object=managed_by_alembic,
    on_version_apply=lambda **_step: crashpoints.reached("migration-step"),
    # The sync server runs these migrations too, for the provinces' rows, beside its own chain of revisions.
    version_table=context.config.attributes.get("version_table", "alembic_version"),
)
with context.begin_transaction():
    context.run_migrations()
