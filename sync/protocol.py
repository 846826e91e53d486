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
from collections.abc import Callable
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import cache
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, Column, Date, Integer, Numeric, String, Table, Uuid
from sqlalchemy import Enum as SqlEnum

import desktop.models  # noqa: F401  (registers every table)
from desktop.models.base import SYNC_COLUMNS, Base, UtcDateTime
from desktop.store.audit import jsonable
from sync.labels import field_label

PROTOCOL_VERSION = 4
MAX_PUSH = 2000
"""The most changes one push carries. A PC sends a local transaction whole in one push (the server applies it
or refuses it whole: an attendance grid saved at once holds over a thousand); one bigger than this (an Excel
import of thousands of rows) goes in parts, each whole. A push this size is applied well within the PC's
wait for an answer, on a busy PostgreSQL server too."""
# 2: proposal places count their visitors. A PC of version 1 lacks the field, so its checksums could never
# agree with the server's: it is told to update, and keeps its outbox until it has.
# 3: the server is the authority: a change carries its local transaction (applied or refused whole), an
# answer carries what the server stored (its author, time and position) or, for a refusal, the row to put
# back; decisions name who signed them; checksums narrow down by table and by row.
# 4: facilities record the other beneficiaries of NĐ 235/2025 (sustainable production, cluster infrastructure
# investors, artisans): a PC of version 3 lacks those fields, so it is told to update, as for version 2.
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


@cache
def data_columns(table: Table) -> list[Column[Any]]:
    """The columns of ``table`` that a change carries: all but those derived locally."""
    return [c for c in table.columns if c.key not in DERIVED_COLUMNS]


@cache
def writable(table: Table) -> frozenset[str]:
    """Fields a mutation may set: the row's own data, its province and its deletion mark."""
    own = {c.key for c in data_columns(table) if c.key not in SYNC_COLUMNS}
    return frozenset(own | {"province_code", "deleted_at"})


@cache
def required(table: Table) -> frozenset[str]:
    """Fields a row cannot be stored without (no default, not nullable): an insert must carry them, and no
    change may empty them, or every installation of the province would fail to store the row."""
    return frozenset(
        c.key
        for c in data_columns(table)
        if not c.nullable and c.default is None and c.server_default is None and c.key in writable(table)
    ) - {"province_code"}  # the scope travels with every mutation


encode = jsonable
"""A Python value as it travels (the audit trail stores values the same way)."""


INTEGER_LIMITS = {BigInteger: 2**63 - 1, Integer: 2**31 - 1}  # BigInteger first: it is an Integer too
"""What the server's PostgreSQL holds in each integer column (SQLite holds more, but then a PC could keep a
value the server cannot: both refuse the same)."""


def decode(column: Column[Any], value: Any) -> Any:
    """A travelled value back to what ``column`` holds, in the one form every database stores and reads back
    alike (a decimal at its column's scale, a time in UTC), so the value's digest is the same wherever it is
    computed. ValueError (in Vietnamese, naming the field) when it cannot be one: a wrong type, a number out
    of the column's range, a text longer than the column or holding a NUL character."""
    return None if value is None else decoder(column)(value)


Decoder = Callable[[Any], Any]


@cache
def decoder(column: Column[Any]) -> Decoder:
    """The check and conversion of ``column``'s values (not None), chosen once per column: a push decodes
    every field of every row, and the server's throughput is much of this."""
    kind = column.type
    key = field_label(column.key)  # what the messages name: "Mã số thuế", not tax_code

    def wrapped(convert: Decoder) -> Decoder:
        def checked(value: Any) -> Any:
            try:
                return convert(value)
            except (TypeError, ValueError, ArithmeticError) as error:
                raise ValueError(f"giá trị “{_short(value)}” không hợp lệ cho trường “{key}”") from error

        return checked

    if isinstance(kind, UtcDateTime):
        return wrapped(_utc_time)
    if isinstance(kind, Date):
        return wrapped(_date)
    if isinstance(kind, Uuid):
        return wrapped(lambda value: uuid.UUID(str(value)))
    if isinstance(kind, Numeric) and kind.asdecimal:
        return wrapped(lambda value: _decimal(column, kind, value))
    if isinstance(kind, SqlEnum) and kind.enum_class is not None:
        return wrapped(kind.enum_class)
    if isinstance(kind, JSON):  # any JSON value, but no NUL (PostgreSQL stores none)
        return lambda value: _json(key, value)
    python_type = kind.python_type
    if python_type is int:
        limit = next((v for t, v in INTEGER_LIMITS.items() if isinstance(kind, t)), INTEGER_LIMITS[BigInteger])
        return lambda value: _integer(key, limit, value)
    if python_type is str:
        return lambda value: _text(key, getattr(kind, "length", None), value)
    if python_type is bool:
        return lambda value: _boolean(key, value)
    return lambda value: value


def _utc_time(value: Any) -> datetime:
    parsed = datetime.fromisoformat(str(value))
    if parsed.tzinfo is None:
        raise ValueError("thiếu múi giờ")
    return parsed.astimezone(UTC)


def _date(value: Any) -> date:
    if not isinstance(value, str):
        raise ValueError("không phải ngày")
    return date.fromisoformat(value)


def _json(key: str, value: Any) -> Any:
    if "\\u0000" in json.dumps(value):
        raise ValueError(f"trường “{key}” có ký tự không hợp lệ (NUL)")
    return value


def _integer(key: str, limit: int, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"trường “{key}” phải là số nguyên, không phải “{_short(value)}”")
    if not -limit - 1 <= value <= limit:
        raise ValueError(f"trường “{key}”: số {_short(value)} quá lớn")
    return value


def _text(key: str, length: int | None, value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"trường “{key}” phải là chữ, không phải “{_short(value)}”")
    if "\x00" in value:
        raise ValueError(f"trường “{key}” có ký tự không hợp lệ (NUL)")
    if length is not None and len(value) > length:
        raise ValueError(f"trường “{key}” dài quá {length} ký tự")
    return value


def _boolean(key: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"trường “{key}” phải là đúng/sai, không phải “{_short(value)}”")
    return value


Encoder = Callable[[Any], Any]


@cache
def encoder(column: Column[Any]) -> Encoder:
    """How ``column``'s values (as the database hands them back) travel, chosen once per column: a pull
    encodes every field of every row it serves."""
    kind = column.type
    if isinstance(kind, UtcDateTime | Date):
        return lambda value: None if value is None else value.isoformat()
    if isinstance(kind, Uuid | Numeric):
        return lambda value: None if value is None else str(value)
    if isinstance(kind, SqlEnum):
        return lambda value: None if value is None else getattr(value, "value", value)
    if isinstance(kind, JSON | String | Integer | Boolean):
        return _same  # already what travels
    return jsonable


def _same(value: Any) -> Any:
    return value


def _decimal(column: Column[Any], kind: Numeric[Any], value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError("không phải số")
    number = Decimal(str(value))  # a float by its shortest text: 5.1 is 5.1, not 5.0999…
    if not number.is_finite():
        raise ValueError("không phải số")
    scale, precision = kind.scale or 0, kind.precision or 38
    number = number.quantize(Decimal(1).scaleb(-scale))
    if number.adjusted() >= precision - scale:
        raise ValueError(f"trường “{field_label(column.key)}”: số quá lớn")
    return number


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "…"


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
    at: str  # ISO time of the change on the installation (shown; the server records its own)
    txn: str = ""  # the local transaction: the server applies its changes together or refuses them together

    def digest(self) -> str:
        """Identifies the payload: the same ``seq`` pushed with another digest is another database.

        A change recorded before transactions were sent (``txn`` empty) has the digest it had then: the
        server's ledger holds those, and a PC sends its archive again after a server is restored."""
        payload = plain(self)
        if not self.txn:
            del payload["txn"]
        return hashlib.sha256(canonical(payload)).hexdigest()

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Mutation:
        return cls(**{k: data[k] for k in cls.__dataclass_fields__})


@dataclass(frozen=True)
class Outcome:
    """What the server did with one mutation: applied, conflict (applied with a conflict record, or kept
    for review), rejected (kept on the server for review; the queue moves on).

    ``row`` is what the PC takes from the server for the changed row, so it never downloads its own changes
    again: for an applied change, the fields the server stored otherwise than pushed (its position, the
    author and time of record, a value a conflict kept); with ``whole``, the row exactly as the server holds
    it (None: the server holds no such row) — a refused change is put back to it. ``needs``: the role that
    may make a refused change (``director``), when that is why it was refused."""

    seq: int
    status: str
    message: str = ""
    needs: str = ""
    row: dict[str, Any] | None = None
    whole: bool = False


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
    """A province's row count and checksum; ``tables``: each table's checksum, to narrow a difference down."""

    scope: str
    rows: int
    checksum: str
    position: int = 0
    tables: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Digests:
    """The rows of one table of a province whose id ends with ``suffix``: each row's digest when they are
    few, else the checksum of each group by the next character before the suffix (ids end in random hex
    digits). A PC compares them with its own to find the rows that differ in a few small requests."""

    scope: str
    table: str
    suffix: str
    rows: dict[str, str] | None = None
    groups: dict[str, str] | None = None


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


DIGEST_ROWS = 256
"""A narrowing step lists the rows themselves when there are at most this many, else it groups them."""


def digest_page(scope: str, table: str, suffix: str, found: list[tuple[str, str]], group: bool = False) -> Digests:
    """One narrowing step over ``found`` (row id, digest in hex), computed alike by the server and a PC: the
    rows themselves when few (and ``group`` is not asked), else each group's checksum, a group being the
    rows whose id ends with one more character before ``suffix``."""
    if len(found) <= DIGEST_ROWS and not group:
        return Digests(scope, table, suffix, rows=dict(found))
    sums: dict[str, list[int]] = {}
    for row_id, digest in found:
        entry = sums.setdefault(row_id[-len(suffix) - 1 :], [0, 0])
        entry[0] += int(digest, 16)
        entry[1] += 1
    return Digests(scope, table, suffix, groups={g: checksum(s[0], s[1]) for g, s in sums.items()})


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
    refusals: dict[str, int] = field(default_factory=dict)
    """Changes the server refused, counted by reason (a reason is said once, however many it refused)."""
    blocked: str = ""
    """Why the push waits for someone with more authority (the pull went on); "" when it did not."""
    repaired: int = 0
    """Rows found different from the server's and taken from it (or sent again) by the checksum repair."""
    parked: int = 0
    """Rows from the server set aside because they cannot be stored here yet (their reasons are listed)."""
