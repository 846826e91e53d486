"""The server's tables (SQLite by default, PostgreSQL in production).

Rows are kept as JSON documents (``sync_row``): the server stores and orders what installations send,
checks it against the same models and rules, and never needs a migration when a synced table gains a
column (expand-then-contract happens in the clients' schema); changes to these tables themselves are
migrations in ``sync/server/migrations``, run at start (``sync.server.migrate``). Everything a request needs is in these
tables, never in process memory, so several server processes can share one PostgreSQL.
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
)

row = Table(
    "sync_row",
    metadata,
    Column("table_name", String(40), primary_key=True),
    Column("row_id", String(36), primary_key=True),
    Column("province_code", String(2), nullable=False),
    Column("position", BigInteger, nullable=False),
    Column("data", Json, nullable=False),
    Column("clocks", Json, nullable=False),  # field -> [clock value, author] of its last applied change
    Index("ix_sync_row_scope", "province_code", "table_name"),
    Index("ix_sync_row_position", "province_code", "position"),  # snapshots page by it
)

change = Table(
    "sync_change",
    metadata,
    Column("province_code", String(2), primary_key=True),
    Column("position", BigInteger, primary_key=True),
    Column("table_name", String(40), nullable=False),
    Column("row_id", String(36), nullable=False),
    Index("ix_sync_change_row", "table_name", "row_id", "province_code"),  # compaction finds a row's entries
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

blob = Table(
    "sync_blob",
    metadata,
    Column("sha256", String(64), primary_key=True),  # attachments are stored once per content
    Column("size", BigInteger, nullable=False),
    Column("received", BigInteger, nullable=False, default=0),  # an upload resumes from here
    Column("complete", Boolean, nullable=False, default=False),  # every byte there and the hash checked
    Column("created_at", DateTime(timezone=True), nullable=False),
)

blob_chunk = Table(
    "sync_blob_chunk",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("start", BigInteger, primary_key=True),
    Column("data", LargeBinary, nullable=False),
)

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
