"""The server's own tables (SQLite by default, PostgreSQL in production): users, devices, the ledger, the
change log and attachment contents.

The provinces' rows live in the models' own tables (``desktop.models``), made by the same migrations as on
every PC (``desktop/migrations``, run by ``sync.server.migrate``), so the server holds exactly what a PC can
hold: the same foreign keys, unique keys, checks and types. ``sync_meta`` holds, per row, what only the
server needs: its position in its province's change log, the clock and author of each field's last change,
and the row's digest (for checksums without reading the rows). Changes to these tables are migrations in
``sync/server/migrations``. Everything a request needs is in the database, never in process memory, so
several server processes can share one PostgreSQL.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)
from sqlalchemy.dialects.postgresql import JSONB

metadata = MetaData()
Json = JSON().with_variant(JSONB(), "postgresql")

user = Table(
    "sync_user",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(64), nullable=False, unique=True),
    Column("password_hash", String(200), nullable=False),
    Column("province_code", String(2), nullable=True),  # None: the ministry (every province)
    Column("role", String(10), nullable=False),
    Column("disabled", Boolean, nullable=False, default=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

device = Table(
    "sync_device",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("user_id", Integer, nullable=False),
    Column("name", String(100), nullable=False, default=""),
    Column("last_seq", BigInteger, nullable=False, default=0),
    Column("copied", Boolean, nullable=False, default=False),  # two databases pushed under this id
    Column("public_key", Text, nullable=True),  # Ed25519, base64: the key the device signs its sync files with
    Column("registered_at", DateTime(timezone=True), nullable=False),
)

token = Table(
    "sync_token",
    metadata,
    Column("digest", String(64), primary_key=True),  # SHA-256 of the token: a stolen table holds no tokens
    Column("kind", String(10), nullable=False),  # access, refresh
    Column("user_id", Integer, nullable=False),
    Column("device_id", String(36), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)

login_failure = Table(
    "sync_login_failure",
    metadata,
    # "user:NAME" or "address:IP": attempts are slowed by the name tried and by where they come from.
    Column("key", String(100), primary_key=True),
    Column("failures", Integer, nullable=False),  # in a row (a success, or an hour without one, starts again)
    Column("last_failure_at", DateTime(timezone=True), nullable=True),
    Column("locked_until", DateTime(timezone=True), nullable=True),
    Index("ix_sync_login_failure_last", "last_failure_at"),  # old entries are cleared by it
)

ledger = Table(
    "sync_ledger",
    metadata,
    Column("device_id", String(36), primary_key=True),
    Column("seq", BigInteger, primary_key=True),
    Column("digest", String(64), nullable=False),
    Column("status", String(10), nullable=False),
    Column("message", Text, nullable=False, default=""),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("needs", String(20), nullable=False, default="", server_default=""),  # the role a refusal needed
)

meta = Table(
    "sync_meta",
    metadata,
    Column("table_name", String(40), primary_key=True),
    Column("row_id", String(36), primary_key=True),
    Column("province_code", String(2), nullable=False),
    Column("position", BigInteger, nullable=False),  # also the row's row_version
    Column("device_id", String(36), nullable=False, default=""),  # whose change it was ("": the server's)
    Column("clocks", Json, nullable=False),  # field -> [clock value, author] of its last applied change
    Column("digest", String(32), nullable=False),  # protocol.row_digest of the row as stored
    Index("ix_sync_meta_position", "province_code", "position", unique=True),  # pulls page by it
    Index("ix_sync_meta_scope", "province_code", "table_name"),  # checksums narrow down by table
)

counter = Table(
    "sync_counter",
    metadata,
    Column("province_code", String(2), primary_key=True),
    Column("position", BigInteger, nullable=False),
)

rejected = Table(
    "sync_rejected",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("device_id", String(36), nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("payload", Json, nullable=False),
    Column("reason", Text, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)

setting = Table(
    "sync_setting",
    metadata,
    Column("key", String(40), primary_key=True),
    Column("value", Text, nullable=False),
)

file = Table(
    "sync_file",
    metadata,
    Column("province_code", String(2), primary_key=True),  # a province's files are its own
    Column("sha256", String(64), primary_key=True),  # stored once per content and province
    Column("size", BigInteger, nullable=False),
    Column("received", BigInteger, nullable=False, default=0),  # an upload resumes from here
    Column("complete", Boolean, nullable=False, default=False),  # every byte there and the hash checked
    Column("created_at", DateTime(timezone=True), nullable=False),
)

file_chunk = Table(
    "sync_file_chunk",
    metadata,
    Column("province_code", String(2), primary_key=True),
    Column("sha256", String(64), primary_key=True),
    Column("start", BigInteger, primary_key=True),
    Column("data", LargeBinary, nullable=False),
)

quarantine = Table(
    "sync_quarantine",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("table_name", String(40), nullable=False),
    Column("row_id", String(36), nullable=False),
    Column("province_code", String(2), nullable=False),
    Column("data", Json, nullable=False),
    Column("reason", Text, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)
"""Rows an older server had accepted that no PC could store (a missing commune, a score of 99): kept here
with the reason when the rows moved into the models' tables, for the administrator, instead of being served."""

identity = Table(
    "sync_identity",
    metadata,
    Column("table_name", String(40), primary_key=True),
    Column("province_code", String(2), primary_key=True),
    Column("key", String(400), primary_key=True),  # rules.identity_keys: tax code, name and commune…
    Column("row_id", String(36), primary_key=True),
    Index("ix_sync_identity_row", "table_name", "row_id"),
    Index("ix_sync_identity_key", "table_name", "key"),  # every province at once (the ministry's reads)
)
