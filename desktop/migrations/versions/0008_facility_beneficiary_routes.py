"""facilities record the other beneficiaries of NĐ 235/2025: sustainable production and consumption, investors
in an industrial cluster's infrastructure, and the two state artisan titles (with the day each was conferred)

Rows already copied into the staging table of a first copy get the new fields too, so a copy cut before this
upgrade resumes instead of starting again.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-10 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ARTISAN_TITLES = ("nghe_nhan_nhan_dan", "nghe_nhan_uu_tu")
_NEW_FIELDS = (
    ("sustainable_production", "json('false')"),
    ("ccn_infrastructure_investor", "json('false')"),
    ("ccn_name", "''"),
    ("artisan_title", "NULL"),
    ("artisan_name", "''"),
    ("artisan_recognised_on", "NULL"),
)


def upgrade() -> None:
    # Plain ADD COLUMN, not batch mode: the facility table (and its search triggers) stays as it is.
    op.add_column(
        "facility", sa.Column("sustainable_production", sa.Boolean(), server_default=sa.false(), nullable=False)
    )
    op.add_column(
        "facility", sa.Column("ccn_infrastructure_investor", sa.Boolean(), server_default=sa.false(), nullable=False)
    )
    op.add_column("facility", sa.Column("ccn_name", sa.String(length=200), server_default="", nullable=False))
    titles = ", ".join(f"'{t}'" for t in _ARTISAN_TITLES)
    if op.get_bind().dialect.name == "sqlite":  # SQLite adds a column's CHECK only written inline
        op.execute(
            "ALTER TABLE facility ADD COLUMN artisan_title VARCHAR(18) "
            f"CONSTRAINT ck_facility_artisantitle CHECK (artisan_title IN ({titles}))"
        )
    else:
        op.add_column("facility", sa.Column("artisan_title", sa.String(length=18), nullable=True))
        op.create_check_constraint("artisantitle", "facility", f"artisan_title IN ({titles})")
    op.add_column("facility", sa.Column("artisan_name", sa.String(length=120), server_default="", nullable=False))
    op.add_column("facility", sa.Column("artisan_recognised_on", sa.Date(), nullable=True))
    if not context.config.attributes.get("installation", True):
        return  # the sync server runs these too: it stages no first copy
    for name, value in _NEW_FIELDS:
        op.execute(
            f"UPDATE sync_snapshot_row SET data = json_set(data, '$.{name}', {value}) "
            f"WHERE table_name = 'facility' AND json_type(data, '$.{name}') IS NULL"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":  # DROP COLUMN keeps the table (and its triggers) in place
        for name, _value in reversed(_NEW_FIELDS):
            op.execute(f"ALTER TABLE facility DROP COLUMN {name}")
        return
    op.drop_constraint("ck_facility_artisantitle", "facility", type_="check")
    for name, _value in reversed(_NEW_FIELDS):
        op.drop_column("facility", name)
