"""Declarative base, column types and the columns every synced row carries (see design/sync.md)."""

import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum as PythonEnum
from enum import StrEnum
from functools import cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import BigInteger, DateTime, Dialect, Enum, Index, MetaData, Numeric, String, Text, TypeDecorator, Uuid
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from uuid6 import uuid7

# Constraint names must be stable so that Alembic's batch mode on SQLite can find them again.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

NATIONAL_SCOPE = "00"
"""Scope code of rows that belong to the whole country (national caps, national targets)."""


def utcnow() -> datetime:
    """Now, in UTC (storage is always UTC; screens show local time)."""
    return datetime.now(UTC)


def new_id() -> uuid.UUID:
    """A UUIDv7: time-ordered, made on the client, so a retried insert can never create a second row."""
    return uuid.UUID(bytes=uuid7().bytes)


class UtcDateTime(TypeDecorator[datetime]):
    """A timestamp stored as naive UTC and always read back as an aware UTC datetime."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given for a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


Money = BigInteger
"""Amounts of money: integer đồng (VND has no decimals)."""


def money_column(*, nullable: bool = False, default: int | None = 0) -> Any:
    return mapped_column(Money, nullable=nullable, default=default)


def decimal_column(precision: int, scale: int, *, nullable: bool = False, default: Decimal | None = None) -> Any:
    return mapped_column(Numeric(precision, scale), nullable=nullable, default=default)


def enum_column(
    enum: type[StrEnum], *, nullable: bool = False, default: StrEnum | None = None, name: str | None = None
) -> Any:
    """A short string column holding the enum's value, checked by the database.

    ``name`` names the CHECK constraint; give one when a table has two columns of the same enum.
    """
    return mapped_column(
        Enum(
            enum,
            native_enum=False,
            create_constraint=True,
            length=max(len(m.value) for m in enum),
            values_callable=lambda e: [m.value for m in e],
            name=name or enum.__name__.lower(),
            validate_strings=True,
        ),
        nullable=nullable,
        default=default,
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Synced:
    """Columns of every row that travels between installations and the server.

    ``row_version`` is the server sequence of the row's last applied change (0: never synced);
    ``deleted_at`` makes deletion an ordinary field edit, so nothing is ever physically removed.
    """

    if TYPE_CHECKING:
        __tablename__: Any

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    province_code: Mapped[str] = mapped_column(String(2), index=True)
    row_version: Mapped[int] = mapped_column(BigInteger, default=0)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    deleted_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    created_by: Mapped[str] = mapped_column(String(64), default="")
    updated_by: Mapped[str] = mapped_column(String(64), default="")

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


def live_index(table: str) -> Index:
    """An index on ``deleted_at`` for a table with its own list page: counting its live rows (shown under
    every list, and each time a filter changes) reads this small index instead of every row."""
    return Index(f"ix_{table}_deleted_at", "deleted_at")


def search_column() -> Any:
    """Folded text that search-as-you-type matches (FTS5) and lists sort by; derived locally, never synced.

    It begins with the folded name, so ordering by it is an accent-insensitive order by name that can use
    an index ("Đà Lạt" sorts among the d's).
    """
    return mapped_column(Text, default="", index=True)


NATURAL_ID_NAMESPACE = uuid.UUID("6b68636f-6e67-5d00-9a1e-6e617475726c")


@cache
def natural_keys() -> dict[str, tuple[str, ...]]:
    """Tables whose rows are identified by what they join (an enrolment: a course and a trainee; a score: a
    juror and an entry): their unique key without the province, naming at least one parent. Such rows get
    ids derived from that key (:func:`natural_id`), so two PCs that make "the same" row offline make one."""
    keys: dict[str, tuple[str, ...]] = {}
    for table in Base.metadata.sorted_tables:
        if not set(table.c.keys()) >= SYNC_COLUMNS:
            continue
        for constraint in table.constraints:
            columns = [c.key for c in getattr(constraint, "columns", ())]
            if (
                type(constraint).__name__ == "UniqueConstraint"
                and "province_code" not in columns
                and any(table.c[c].foreign_keys for c in columns)
            ):
                keys[table.name] = tuple(columns)
    return keys


def _key_text(value: Any) -> str:
    if isinstance(value, PythonEnum):
        return str(value.value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def natural_id(table: str, key: Sequence[Any]) -> uuid.UUID:
    """The id of the row of ``table`` whose natural key (:func:`natural_keys`) holds ``key``: the same on every
    PC and on the server, whatever the values' Python types (a UUID or its text, a date or its ISO text)."""
    return uuid.uuid5(NATURAL_ID_NAMESPACE, table + "|" + "|".join(_key_text(v) for v in key))


SYNC_COLUMNS = frozenset(
    {"id", "province_code", "row_version", "created_at", "updated_at", "deleted_at", "created_by", "updated_by"}
)
