"""What travels between an installation and the server (design/sync.md), as plain JSON-able data.

A *mutation* is one local change of one row, numbered by the installation (``seq``); each changed field
carries ``[base, new]``. A *change* is the server's current state of one row, numbered by the server
within the row's province (``position``): pulling a scope means reading its changes after a cursor.
Values travel as the audit trail stores them (:func:`encode`); :func:`decode`
turns them back into Python values for a column.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Column, Date, Numeric, Table, Uuid
from sqlalchemy import Enum as SqlEnum

import desktop.models  # noqa: F401  (registers every table)
from desktop.models.base import SYNC_COLUMNS, Base, UtcDateTime
from desktop.services.audit import jsonable

PROTOCOL_VERSION = 2
# 2: proposal places count their visitors. A PC of version 1 lacks the field, so its checksums could never
# agree with the server's: it is told to update, and keeps its outbox until it has.
PROTOCOL_HEADER = "X-Khuyencong-Protocol"
"""Every request says which protocol it speaks; an older one is told to upgrade (and keeps its outbox)."""
DERIVED_COLUMNS = frozenset({"search_text"})
"""Columns each installation computes for itself; they never travel."""
CONFLICT_TABLE = "sync_conflict"


def synced_tables() -> dict[str, Table]:
    """Every table whose rows travel, by name (those with the sync columns)."""
    return {t.name: t for t in Base.metadata.sorted_tables if set(t.c.keys()) >= SYNC_COLUMNS}


SYNCED_TABLES = synced_tables()
TABLE_ORDER = {name: n for n, name in enumerate(SYNCED_TABLES)}
"""Parents before children (foreign keys), so a page of changes applies in order."""


def data_columns(table: Table) -> list[Column[Any]]:
    """The columns of ``table`` that a change carries: all but those derived locally."""
    return [c for c in table.columns if c.key not in DERIVED_COLUMNS]


def writable(table: Table) -> set[str]:
    """Fields a mutation may set: the row's own data, its province and its deletion mark."""
    return {c.key for c in data_columns(table) if c.key not in SYNC_COLUMNS} | {"province_code", "deleted_at"}


def required(table: Table) -> set[str]:
    """Fields a row cannot be stored without (no default, not nullable): an insert must carry them, and no
    change may empty them, or every installation of the province would fail to store the row."""
    return {
        c.key
        for c in data_columns(table)
        if not c.nullable and c.default is None and c.server_default is None and c.key in writable(table)
    } - {"province_code"}  # the scope travels with every mutation


encode = jsonable
"""A Python value as it travels (the audit trail stores values the same way)."""


def decode(column: Column[Any], value: Any) -> Any:
    """A travelled value back to what ``column`` holds; ValueError when it cannot be one."""
    if value is None:
        return None
    kind = column.type
    try:
        if isinstance(kind, UtcDateTime):
            parsed = datetime.fromisoformat(str(value))
            if parsed.tzinfo is None:
                raise ValueError("thiếu múi giờ")
            return parsed
        if isinstance(kind, Date):
            return date.fromisoformat(str(value))
        if isinstance(kind, Uuid):
            return uuid.UUID(str(value))
        if isinstance(kind, Numeric) and kind.asdecimal:
            return Decimal(str(value))
        if isinstance(kind, SqlEnum) and kind.enum_class is not None:
            return kind.enum_class(value)
        python_type = kind.python_type
    except (TypeError, ValueError, ArithmeticError) as error:
        raise ValueError(f"giá trị “{value}” không hợp lệ cho trường {column.key}") from error
    except NotImplementedError:  # JSON columns: any JSON value
        return value
    if python_type is int and (isinstance(value, bool) or not isinstance(value, int)):
        raise ValueError(f"trường {column.key} phải là số nguyên, không phải “{value}”")
    if python_type is str and not isinstance(value, str):
        raise ValueError(f"trường {column.key} phải là chữ, không phải “{value}”")
    if python_type is bool and not isinstance(value, bool):
        raise ValueError(f"trường {column.key} phải là đúng/sai, không phải “{value}”")
    return value


def canonical(value: Any) -> bytes:
    """One byte string per JSON value, whatever the key order (for hashes and checksums)."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def plain(value: Any) -> Any:
    """``value`` with its dataclasses turned into dicts, for JSON. Unlike ``dataclasses.asdict`` it leaves
    the rows' data dicts as they are instead of deep-copying them (a page holds 500 rows)."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def to_json(reply: object) -> dict[str, Any]:
    """A reply (a dataclass) as the JSON object the server sends."""
    found = plain(reply)
    assert isinstance(found, dict)
    return found


def row_digest(table: str, data: dict[str, Any]) -> int:
    return int.from_bytes(hashlib.sha256(table.encode() + b"\0" + canonical(data)).digest()[:16], "big")


def checksum(digests: int, count: int) -> str:
    """An order-independent checksum of a set of rows: the sum of their digests, with their count."""
    return f"{count}:{digests % (1 << 128):032x}"


@dataclass(frozen=True)
class Mutation:
    seq: int
    table: str
    row_id: str
    province_code: str
    action: str  # insert, update, delete, restore
    fields: dict[str, list[Any]]  # field -> [base, new]
    hlc: str
    actor: str
    at: str  # ISO time of the change on the installation

    def digest(self) -> str:
        """Identifies the payload: the same ``seq`` pushed with another digest is another database."""
        return hashlib.sha256(canonical(plain(self))).hexdigest()

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Mutation:
        return cls(**{k: data[k] for k in cls.__dataclass_fields__})


@dataclass(frozen=True)
class Outcome:
    """What the server did with one mutation: applied, conflict (applied with a conflict record, or kept
    for review), rejected (kept on the server for review; the queue moves on)."""

    seq: int
    status: str
    message: str = ""


@dataclass(frozen=True)
class PushReply:
    outcomes: list[Outcome]
    resume_from: int | None = None  # the server's ledger stops before this seq: send from here
    epoch: str = ""


@dataclass(frozen=True)
class Change:
    """The server's state of one row after a change; ``data`` None: the row left this scope."""

    position: int
    table: str
    row_id: str
    data: dict[str, Any] | None


@dataclass(frozen=True)
class PullReply:
    changes: list[Change]
    cursor: int
    more: bool
    epoch: str = ""


@dataclass(frozen=True)
class ScopeSummary:
    scope: str
    rows: int
    checksum: str
    position: int = 0


@dataclass(frozen=True)
class SnapshotPage:
    """A page of a province's rows as they are now, in the order of their last change; the last page
    (``more`` false) carries the province's summary, to check the whole before it is used."""

    rows: list[Change]
    cursor: int
    more: bool
    epoch: str = ""
    summary: ScopeSummary | None = None


@dataclass(frozen=True)
class BlobState:
    """How much of an attachment's content the server holds: an upload resumes from ``received``."""

    sha256: str
    size: int
    received: int
    complete: bool


@dataclass
class SyncReport:
    """What one sync did, for the command line and the Đồng bộ page."""

    pushed: int = 0
    conflicts: int = 0
    rejected: int = 0
    pulled: int = 0
    verified: dict[str, bool] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)
    files_sent: int = 0
    files_received: int = 0
    files_waiting: int = 0
    """Attachments whose content the server does not hold yet (another PC has not sent it)."""
