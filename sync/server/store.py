"""The server's ledger, row store and change log: push, pull, verify (design/sync.md).

Every function works in one database transaction. The per-device ledger (``last_seq`` and one entry per
mutation) is written in the same transaction as the mutation's effects, so a retried push is answered
from the ledger and never applied twice. Positions in a province's change log come from a counter row
locked until commit, so a reader can never see position 101 before 100 is committed.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from functools import cache
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, create_engine, delete, event, insert, select, update
from sqlalchemy.exc import IntegrityError, OperationalError

from desktop.models.base import new_id
from desktop.services import crashpoints, forms
from desktop.services.validation import FieldError
from sync import rules
from sync.protocol import (
    CONFLICT_TABLE,
    PROTOCOL_VERSION,
    SYNCED_TABLES,
    Change,
    Mutation,
    Outcome,
    PullReply,
    PushReply,
    ScopeSummary,
    SnapshotPage,
    checksum,
    data_columns,
    decode,
    encode,
    required,
    row_digest,
    writable,
)
from sync.server import migrate, schema

SERVER_ACTOR = "may-chu"
EPOCH_KEY = "epoch"
SEED_KEY = "reference_seed"
IDENTITY_KEY = "identity_keys"
IDENTITY_VERSION = "2"  # 2: attachments by content hash


class SyncRefused(Exception):
    """A request the server will not serve; ``code`` says why (for the HTTP status and the client)."""

    code = "refused"


class Forbidden(SyncRefused):
    code = "forbidden"


class CopiedDatabase(SyncRefused):
    code = "copied"


class UpgradeRequired(SyncRefused):
    code = "upgrade"


class NotYet(SyncRefused):
    """Asked for something the server does not hold yet (an attachment still being uploaded)."""

    code = "not_yet"


class _Rejected(Exception):
    """A mutation that can never be applied (rule, permission, bad value): kept for review, queue moves on."""


@dataclass(frozen=True)
class Caller:
    """Who is asking, as the server's own tables say (never as the client claims)."""

    user_id: int
    name: str
    role: str
    province: str | None
    device_id: str

    def readable(self, scope: str) -> bool:
        scopes = rules.readable_scopes(self.role, self.province)
        return scopes is None or scope in scopes


def now() -> datetime:
    return datetime.now(UTC)


# --- opening ------------------------------------------------------------------------------------------
def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # The driver would open a transaction only at the first write, so the ledger and the counters were
    # read outside the transaction that writes (two pushes of one device could both read the same last
    # number) and the counter's savepoint committed on its own. SQLAlchemy issues BEGIN instead.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")  # an acknowledged push survives a power cut
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


WRITING_OPTION = "khuyencong_writing"


def _sqlite_begin(connection: Connection) -> None:
    # A writer takes SQLite's write lock when it starts (as FOR UPDATE does on PostgreSQL): concurrent
    # pushes wait their turn instead of failing when the one before them commits. Readers never wait.
    immediate = connection.get_execution_options().get(WRITING_OPTION, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """A transaction that writes: committed at the end, rolled back whole on any error."""
    with engine.connect() as connection:
        connection.execution_options(**{WRITING_OPTION: True})
        with connection.begin():
            yield connection


def open_engine(url: str, schema_name: str | None = None) -> Engine:
    """An engine on the server database at ``url``, its schema made or upgraded and its epoch set.

    ``schema_name``: a PostgreSQL schema to work in (tests give each server its own)."""
    options = {"connect_args": {"options": f"-csearch_path={schema_name}"}} if schema_name else {}
    engine = create_engine(url, pool_pre_ping=True, **options)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    migrate.upgrade(engine, {WRITING_OPTION: True})
    with writing(engine) as connection:
        if connection.scalar(select(schema.setting.c.value).where(schema.setting.c.key == EPOCH_KEY)) is None:
            connection.execute(insert(schema.setting).values(key=EPOCH_KEY, value=uuid.uuid4().hex))
    seed_national(engine)
    index_identities(engine)
    return engine


def seed_national(engine: Engine) -> None:
    """Serve the national rows every installation also ships with (support caps, programme targets).

    The program's own seeding fills a scratch database; rows the server lacks are added to the national
    scope, so installations pull them and their checksums agree. Rows users edited are never overwritten.
    """
    from desktop.services import reference_data

    fingerprint = reference_data.fingerprint()
    with engine.connect() as connection:
        if connection.scalar(select(schema.setting.c.value).where(schema.setting.c.key == SEED_KEY)) == fingerprint:
            return
    with writing(engine) as connection, _positions(connection):
        known = {
            (t, r)
            for t, r in connection.execute(
                select(schema.row.c.table_name, schema.row.c.row_id).where(schema.row.c.province_code == rules.NATIONAL)
            )
        }
        for name, seeded in national_rows():
            data = dict(seeded)
            if (name, data["id"]) in known:
                continue
            position = _next_position(connection, rules.NATIONAL)
            data.update(row_version=position, created_by=SERVER_ACTOR, updated_by=SERVER_ACTOR)
            connection.execute(
                insert(schema.row).values(
                    table_name=name,
                    row_id=data["id"],
                    province_code=rules.NATIONAL,
                    position=position,
                    data=data,
                    clocks={},
                )
            )
            _log(connection, rules.NATIONAL, position, name, data["id"], new=True)
        connection.execute(delete(schema.setting).where(schema.setting.c.key == SEED_KEY))
        connection.execute(insert(schema.setting).values(key=SEED_KEY, value=fingerprint))


@cache
def national_rows() -> tuple[tuple[str, dict[str, Any]], ...]:
    """The national rows the program seeds, as (table, data): made once per process in a scratch database."""
    from sqlalchemy.orm import Session

    from desktop.models.base import Base
    from desktop.services import reference_data

    scratch = create_engine("sqlite://")
    Base.metadata.create_all(scratch)
    with Session(scratch) as session, session.begin():
        reference_data.seed(session)
    rows: list[tuple[str, dict[str, Any]]] = []
    with scratch.connect() as source:
        for name, table in SYNCED_TABLES.items():
            columns = data_columns(table)
            for found in source.execute(select(*columns).where(table.c.province_code == rules.NATIONAL)):
                rows.append((name, {c.key: encode(v) for c, v in zip(columns, found, strict=True)}))
    scratch.dispose()
    return tuple(rows)


def epoch(connection: Connection) -> str:
    """Changes when the database is restored from a backup: installations then re-pull and replay."""
    return str(connection.scalar(select(schema.setting.c.value).where(schema.setting.c.key == EPOCH_KEY)))


def new_epoch(engine: Engine) -> str:
    """Record that this database was restored from a backup (``khuyencong-server restored``)."""
    value = uuid.uuid4().hex
    with writing(engine) as connection:
        connection.execute(update(schema.setting).where(schema.setting.c.key == EPOCH_KEY).values(value=value))
    return value


def check_version(protocol: int) -> None:
    if protocol < PROTOCOL_VERSION:
        raise UpgradeRequired("Phiên bản phần mềm đã cũ: hãy cập nhật rồi đồng bộ lại (các thay đổi vẫn được giữ)")


# --- push ---------------------------------------------------------------------------------------------
def push(engine: Engine, who: Caller, mutations: Iterable[Mutation]) -> PushReply:
    """Apply ``mutations`` (one device's, in order) once each; the answer says what became of each."""
    try:
        return _push(engine, who, list(mutations))
    except CopiedDatabase:
        with writing(engine) as connection:  # flagged for the administrator, nothing else changed
            connection.execute(update(schema.device).where(schema.device.c.id == who.device_id).values(copied=True))
        raise


def _push(engine: Engine, who: Caller, mutations: list[Mutation]) -> PushReply:
    with writing(engine) as connection, _positions(connection):
        device = connection.execute(
            select(schema.device).where(schema.device.c.id == who.device_id).with_for_update()
        ).first()
        if device is None:
            raise Forbidden("Máy chưa đăng ký với máy chủ")
        last = int(device.last_seq)
        outcomes: list[Outcome] = []
        ledger: list[dict[str, Any]] = []
        resume: int | None = None
        ordered = sorted(mutations, key=lambda m: m.seq)
        for number, mutation in enumerate(ordered):
            if number and number == len(ordered) // 2:
                crashpoints.reached("server-push-mid-batch")
            digest = mutation.digest()
            if mutation.seq <= last:
                outcomes.append(_answered(connection, who, mutation, digest, ledger))
                continue
            if mutation.seq > last + 1:
                resume = last + 1
                break
            try:  # no savepoint needed: a mutation is rejected before it writes anything
                status, message = _apply(connection, who, mutation), ""
            except _Rejected as error:
                status, message = "rejected", str(error)
                connection.execute(
                    insert(schema.rejected).values(
                        device_id=who.device_id,
                        seq=mutation.seq,
                        payload=_storable(asdict(mutation)),
                        reason=message,
                        at=now(),
                    )
                )
            ledger.append(
                {"device_id": who.device_id, "seq": mutation.seq, "digest": digest, "status": status}
                | {"message": message, "at": now()}
            )
            outcomes.append(Outcome(mutation.seq, status, message))
            last = mutation.seq
        if ledger:  # in the same transaction as the effects: a retried push is answered from it
            connection.execute(insert(schema.ledger), ledger)
        connection.execute(update(schema.device).where(schema.device.c.id == who.device_id).values(last_seq=last))
        return PushReply(outcomes, resume, epoch(connection))


def _has_nul(value: Any) -> bool:
    """Does ``value`` (a JSON value) hold a NUL character? PostgreSQL stores none in a text."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


def _storable(value: Any) -> Any:
    """``value`` with each NUL character written as the text "\\u0000", so a rejected payload can be kept."""
    if isinstance(value, str):
        return value.replace("\x00", "\\u0000")
    if isinstance(value, dict):
        return {_storable(k): _storable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_storable(v) for v in value]
    return value


def _answered(
    connection: Connection, who: Caller, mutation: Mutation, digest: str, unwritten: list[dict[str, Any]]
) -> Outcome:
    """The answer already given for ``mutation`` (from the ledger, or from this batch's entries not yet written)."""
    entry: Any = next((SimpleNamespace(**e) for e in unwritten if e["seq"] == mutation.seq), None)
    if entry is None:
        entry = connection.execute(
            select(schema.ledger).where(schema.ledger.c.device_id == who.device_id, schema.ledger.c.seq == mutation.seq)
        ).first()
    if entry is not None and entry.digest != digest:
        # The same numbers with other contents: this database file was copied to a second PC.
        raise CopiedDatabase(
            "Tệp dữ liệu này đã được sao chép sang máy khác: hai máy không được dùng chung một tệp. "
            "Hãy liên hệ quản trị để tách máy."
        )
    if entry is None:
        return Outcome(mutation.seq, "applied")
    return Outcome(mutation.seq, str(entry.status), str(entry.message))


def _apply(connection: Connection, who: Caller, mutation: Mutation) -> str:
    table = SYNCED_TABLES.get(mutation.table)
    if table is None:
        raise _Rejected(f"Bảng “{mutation.table}” không được đồng bộ")
    if _has_nul([mutation.row_id, mutation.actor, mutation.hlc, mutation.at, mutation.fields]):
        raise _Rejected(f"Bảng {mutation.table}, bản ghi {mutation.row_id}: có ký tự không hợp lệ (NUL)")
    allowed = writable(table)
    for name, pair in mutation.fields.items():
        if name not in allowed:
            raise _Rejected(f"Trường “{name}” của bảng {mutation.table} không được gửi lên")
        if not isinstance(pair, list) or len(pair) != 2:
            raise _Rejected(f"Trường “{name}”: thiếu giá trị cũ và mới")
        try:
            decode(table.c[name], pair[1])
        except ValueError as error:
            raise _Rejected(f"Bảng {mutation.table}, bản ghi {mutation.row_id}: {error}") from None
        if (mutation.table, name) in rules.ADDITIVE_FIELDS and not all(
            v is None or (isinstance(v, int) and not isinstance(v, bool)) for v in pair
        ):  # the difference is taken from both values: the one seen must be a number as well
            raise _Rejected(f"Bảng {mutation.table}, bản ghi {mutation.row_id}, trường {name}: phải là số nguyên")
    try:  # the same checks as the forms on the PCs: one source of rules
        forms.check_stored(mutation.table, {name: pair[1] for name, pair in mutation.fields.items()})
    except FieldError as error:
        raise _Rejected(f"Bảng {mutation.table}, bản ghi {mutation.row_id}, trường {error.field}: {error}") from None
    if rules.director_only(mutation.table, mutation.fields) and who.role not in ("director", "admin"):
        raise _Rejected("Chỉ Giám đốc Trung tâm được phê duyệt hoặc không phê duyệt đề án")
    current = connection.execute(
        select(schema.row)
        .where(schema.row.c.table_name == mutation.table, schema.row.c.row_id == mutation.row_id)
        .with_for_update()
    ).first()
    old_scope = current.province_code if current is not None else None
    moved_to = mutation.fields.get("province_code", [None, None])[1]
    scope = str(moved_to or old_scope or mutation.province_code)
    for needed in {scope, old_scope} - {None}:
        if not rules.may_write(who.role, who.province, str(needed)):
            raise _Rejected(f"Tài khoản {who.name} không được sửa dữ liệu của tỉnh mã {needed}")
    mandatory = required(table)
    emptied = sorted(name for name in mandatory & set(mutation.fields) if mutation.fields[name][1] is None)
    missing = sorted(mandatory - set(mutation.fields)) if current is None else []
    if emptied or missing:
        names = ", ".join(emptied + missing)
        raise _Rejected(f"Bảng {mutation.table}, bản ghi {mutation.row_id}: thiếu trường bắt buộc {names}")
    # Every rejection is decided above, before the first write (the caller relies on it).
    data: dict[str, Any] = dict(current.data) if current is not None else {}
    # Per field: the clock value and the author of its last applied change.
    stamps: dict[str, list[str]] = dict(current.clocks) if current is not None else {}
    on_tombstone = data.get("deleted_at") is not None and "deleted_at" not in mutation.fields
    changed = False
    conflicts: list[tuple[str, rules.FieldDecision, list[str]]] = []
    for name, (base, new) in mutation.fields.items():
        stamp = stamps.get(name, ["", str(data.get("created_by", ""))])
        decision = rules.decide(mutation.table, name, data.get(name), stamp[0], base, new, mutation.hlc)
        if decision.conflict:
            conflicts.append((name, decision, stamp))
        if decision.changed or current is None:  # a new row holds every field it was sent with
            data[name], stamps[name], changed = decision.value, [mutation.hlc, mutation.actor], True
    if not changed and current is not None:
        for name, decision, stamp in conflicts:
            _record_conflict(connection, mutation, scope, name, decision, stamp)
        return "conflict" if conflicts else "applied"
    if current is None:
        data.update(id=mutation.row_id, created_at=mutation.at, created_by=mutation.actor)
        data.setdefault("deleted_at", None)
    data.update(updated_at=mutation.at, updated_by=mutation.actor, province_code=scope)
    position = _next_position(connection, scope)
    data["row_version"] = position
    values = {"province_code": scope, "position": position, "data": data, "clocks": stamps}
    if current is None:
        connection.execute(insert(schema.row).values(table_name=mutation.table, row_id=mutation.row_id, **values))
    else:
        connection.execute(
            update(schema.row)
            .where(schema.row.c.table_name == mutation.table, schema.row.c.row_id == mutation.row_id)
            .values(**values)
        )
    _log(connection, scope, position, mutation.table, mutation.row_id, new=current is None)
    if mutation.table in rules.IDENTITY_FIELDS and (
        current is None or not rules.identity_fields(mutation.table).isdisjoint(mutation.fields)
    ):  # most edits (a phone number, a note) leave the keys as they were: no lookup for them
        _identify(connection, mutation, scope, data, new=current is None)
    if old_scope is not None and old_scope != scope:  # readers of the old province see it leave
        _log(connection, old_scope, _next_position(connection, old_scope), mutation.table, mutation.row_id)
    for name, decision, stamp in conflicts:
        _record_conflict(connection, mutation, scope, name, decision, stamp)
    if on_tombstone:  # the edit landed on a deleted record: someone should say whether to restore it
        tombstone = rules.FieldDecision(data["deleted_at"], changed=False, conflict="review", other=None)
        stamp = stamps.get("deleted_at", ["", ""])
        _record_conflict(connection, mutation, scope, "deleted_at", tombstone, stamp)
        conflicts.append(("deleted_at", tombstone, stamp))
    return "conflict" if conflicts else "applied"


def _record_conflict(
    connection: Connection,
    mutation: Mutation,
    scope: str,
    name: str,
    decision: rules.FieldDecision,
    stamp: list[str],
) -> None:
    """The conflict record of one field. ``stamp``: the clock value and author of the server's value
    before this mutation."""
    if decision.client_won:
        kept = (mutation.fields[name][1], mutation.actor, mutation.hlc)
        other = (decision.other, stamp[1], stamp[0])
    else:
        kept = (decision.value, stamp[1], stamp[0])
        other = (decision.other if name != "deleted_at" else mutation.fields, mutation.actor, mutation.hlc)
    assert decision.conflict is not None
    _store_conflict(connection, scope, mutation.table, mutation.row_id, name, decision.conflict, kept, other)


def _store_conflict(
    connection: Connection,
    scope: str,
    table: str,
    record_id: str,
    name: str,
    kind: str,
    kept: tuple[Any, str, str],
    other: tuple[Any, str, str],
) -> None:
    """A conflict record, stored and logged like any row of the province (so every PC sees it).
    ``kept`` and ``other``: (value, who, clock value)."""
    row_id = str(new_id())
    stamp = encode(now())
    position = _next_position(connection, scope)
    record = {
        "id": row_id,
        "province_code": scope,
        "row_version": position,
        "created_at": stamp,
        "updated_at": stamp,
        "deleted_at": None,
        "created_by": SERVER_ACTOR,
        "updated_by": SERVER_ACTOR,
        "table_name": table,
        "record_id": record_id,
        "field": name,
        "kind": kind,
        "status": "open",
        "kept_value": kept[0],
        "kept_by": kept[1],
        "kept_at": kept[2],
        "other_value": other[0],
        "other_by": other[1],
        "other_at": other[2],
        "resolution": "",
    }
    connection.execute(
        insert(schema.row).values(
            table_name=CONFLICT_TABLE, row_id=row_id, province_code=scope, position=position, data=record, clocks={}
        )
    )
    _log(connection, scope, position, CONFLICT_TABLE, row_id, new=True)


def _identify(connection: Connection, mutation: Mutation, scope: str, data: dict[str, Any], new: bool) -> None:
    """Keep the identity keys of a record current (``rules.IDENTITY_FIELDS``). A facility or trainee that
    gains a key another live record of the province holds (made with it, or given a tax code later) is
    flagged as a possible duplicate of that record: both are kept, someone decides."""
    table, row_id = mutation.table, mutation.row_id
    keys = rules.identity_keys(table, data)
    mine = (schema.identity.c.table_name == table) & (schema.identity.c.row_id == row_id)
    columns = (schema.identity.c.key, schema.identity.c.province_code)
    present = [] if new else connection.execute(select(*columns).where(mine)).all()
    held: set[str] = set()
    stale = False
    for key, province in present:
        if province == scope and key in keys:
            held.add(str(key))
        else:
            stale = True  # a key it lost, or one of the province it left
    if stale:
        still = (schema.identity.c.province_code == scope) & schema.identity.c.key.in_(sorted(held))
        connection.execute(delete(schema.identity).where(mine, ~still))
    gained = keys - held
    if not gained:
        return
    same = _holders(connection, table, row_id, scope, gained) if table in rules.DUPLICATE_TABLES else {}
    rows = [{"table_name": table, "province_code": scope, "key": key, "row_id": row_id} for key in gained]
    connection.execute(insert(schema.identity), rows)
    for other_id, reason in same.items():
        name_field = rules.IDENTITY_FIELDS[table][1][0]  # "name", "full_name": what the inbox shows
        found = connection.execute(
            select(schema.row.c.data, schema.row.c.clocks).where(
                schema.row.c.table_name == table, schema.row.c.row_id == other_id
            )
        ).first()
        if found is None:
            continue
        other_clock = (found.clocks.get(name_field) or [""])[0]
        kept = (data.get(name_field), mutation.actor, mutation.hlc)
        other = (other_id, str(found.data.get("created_by", "")), str(other_clock))
        _store_conflict(connection, scope, table, row_id, reason, "duplicate", kept, other)


def _holders(connection: Connection, table: str, row_id: str, scope: str, keys: set[str]) -> dict[str, str]:
    """The other records of ``scope`` holding one of ``keys``: each with the strongest field they share."""
    strength = [fields[0] for fields in rules.IDENTITY_FIELDS[table]]  # the tax code before the name
    same: dict[str, str] = {}
    for other_id, key in connection.execute(
        select(schema.identity.c.row_id, schema.identity.c.key).where(
            schema.identity.c.table_name == table,
            schema.identity.c.province_code == scope,
            schema.identity.c.key.in_(sorted(keys)),
            schema.identity.c.row_id != row_id,
        )
    ):
        field = str(key).partition(":")[0]
        if str(other_id) not in same or strength.index(field) < strength.index(same[str(other_id)]):
            same[str(other_id)] = field
    return same


def index_identities(engine: Engine) -> None:
    """Build the identity keys of every record once (a server database made before they existed, or before
    the tables they cover changed)."""
    done = select(schema.setting.c.value).where(schema.setting.c.key == IDENTITY_KEY)
    with engine.connect() as connection:
        if connection.scalar(done) == IDENTITY_VERSION:
            return
    with writing(engine) as connection:
        connection.execute(delete(schema.identity))
        connection.execute(delete(schema.setting).where(schema.setting.c.key == IDENTITY_KEY))
        for table in rules.IDENTITY_FIELDS:
            found = connection.execute(
                select(schema.row.c.row_id, schema.row.c.province_code, schema.row.c.data).where(
                    schema.row.c.table_name == table
                )
            )
            keys = [
                {"table_name": table, "province_code": scope, "key": key, "row_id": row_id}
                for row_id, scope, data in found
                for key in rules.identity_keys(table, data)
            ]
            if keys:
                connection.execute(insert(schema.identity), keys)
        connection.execute(insert(schema.setting).values(key=IDENTITY_KEY, value=IDENTITY_VERSION))


_POSITIONS = "positions"


@contextmanager
def _positions(connection: Connection) -> Iterator[None]:
    """Hand out change-log positions for one transaction: each province's counter row is read and locked
    at its first use, counted in memory, and written once at the end (two statements a batch, not two a
    change). The lock is held until commit, so no reader sees a later position before an earlier one."""
    taken: dict[str, list[int]] = {}  # scope -> [position at start, last handed out]
    connection.info[_POSITIONS] = taken
    try:
        yield
        for scope, (start, last) in taken.items():
            if last != start:
                connection.execute(
                    update(schema.counter).where(schema.counter.c.province_code == scope).values(position=last)
                )
    finally:
        connection.info.pop(_POSITIONS, None)


def _next_position(connection: Connection, scope: str) -> int:
    """The next position of ``scope``'s change log (inside :func:`_positions`)."""
    taken: dict[str, list[int]] = connection.info[_POSITIONS]
    if scope not in taken:
        current = connection.scalar(
            select(schema.counter.c.position).where(schema.counter.c.province_code == scope).with_for_update()
        )
        if current is None:
            try:
                with connection.begin_nested():
                    connection.execute(insert(schema.counter).values(province_code=scope, position=0))
                current = 0
            except IntegrityError:  # created meanwhile by another server process
                current = connection.scalar(
                    select(schema.counter.c.position).where(schema.counter.c.province_code == scope).with_for_update()
                )
        taken[scope] = [int(current or 0), int(current or 0)]
    taken[scope][1] += 1
    return taken[scope][1]


_INSERT_CHANGE = insert(schema.change)
_DELETE_CHANGE = delete(schema.change).where(
    schema.change.c.table_name == bindparam("t"),
    schema.change.c.row_id == bindparam("r"),
    schema.change.c.province_code == bindparam("p"),
)


def _log(connection: Connection, scope: str, position: int, table: str, row_id: str, new: bool = False) -> None:
    """Log a change of a row in ``scope``; its earlier entries there go (the log holds each row once, at
    its last change: a reader further back gets the row's current state once, not every edit on the way).
    ``new``: the row did not exist before, so it has no earlier entry."""
    if not new:
        connection.execute(_DELETE_CHANGE, {"t": table, "r": row_id, "p": scope})
    connection.execute(
        _INSERT_CHANGE, {"province_code": scope, "position": position, "table_name": table, "row_id": row_id}
    )


# --- pull and verify ----------------------------------------------------------------------------------
def pull(engine: Engine, who: Caller, scope: str, after: int, limit: int) -> PullReply:
    """The changes of ``scope`` after position ``after``, oldest first (at most ``limit``)."""
    if not who.readable(scope):
        raise Forbidden(f"Tài khoản {who.name} không được xem dữ liệu của tỉnh mã {scope}")
    with engine.connect() as connection:
        found = connection.execute(
            select(
                schema.change.c.position,
                schema.change.c.table_name,
                schema.change.c.row_id,
                schema.row.c.province_code,
                schema.row.c.data,
            )
            .join(
                schema.row,
                (schema.row.c.table_name == schema.change.c.table_name)
                & (schema.row.c.row_id == schema.change.c.row_id),
            )
            .where(schema.change.c.province_code == scope, schema.change.c.position > after)
            .order_by(schema.change.c.position)
            .limit(limit + 1)
        ).all()
        changes = [
            Change(int(r.position), r.table_name, r.row_id, dict(r.data) if r.province_code == scope else None)
            for r in found[:limit]
        ]
        cursor = changes[-1].position if changes else after
        return PullReply(changes, cursor, len(found) > limit, epoch(connection))


def snapshot(engine: Engine, who: Caller, scope: str, after: int, limit: int) -> SnapshotPage:
    """The rows of ``scope`` as they are now, by their last change after ``after`` (at most ``limit``).

    For a first sync or after a long absence: read from the rows themselves, not the change log. A row
    changed while the pages are read comes again later with its new position; the last page carries the
    summary the installation checks its copy against before using it."""
    if not who.readable(scope):
        raise Forbidden(f"Tài khoản {who.name} không được xem dữ liệu của tỉnh mã {scope}")
    with engine.connect() as connection:
        found = connection.execute(
            select(schema.row.c.position, schema.row.c.table_name, schema.row.c.row_id, schema.row.c.data)
            .where(schema.row.c.province_code == scope, schema.row.c.position > after)
            .order_by(schema.row.c.position)
            .limit(limit + 1)
        ).all()
        rows = [Change(int(r.position), r.table_name, r.row_id, dict(r.data)) for r in found[:limit]]
        more = len(found) > limit
        cursor = rows[-1].position if rows else after
        return SnapshotPage(rows, cursor, more, epoch(connection), None if more else _summary(connection, scope))


def summary(engine: Engine, who: Caller, scope: str) -> ScopeSummary:
    """Row count and order-independent checksum of ``scope``, to prove an installation holds the same."""
    if not who.readable(scope):
        raise Forbidden(f"Tài khoản {who.name} không được xem dữ liệu của tỉnh mã {scope}")
    with engine.connect() as connection:
        return _summary(connection, scope)


def _summary(connection: Connection, scope: str) -> ScopeSummary:
    # The position first: under PostgreSQL's read committed, rows read after it are at least as recent, so
    # an installation that starts from this position can only receive a change again, never miss one.
    position = connection.scalar(select(schema.counter.c.position).where(schema.counter.c.province_code == scope))
    total, count = 0, 0
    for table_name, data in connection.execute(
        select(schema.row.c.table_name, schema.row.c.data).where(schema.row.c.province_code == scope)
    ):
        total += row_digest(table_name, data)
        count += 1
    return ScopeSummary(scope, count, checksum(total, count), int(position or 0))


TemporaryError = OperationalError
"""A database error worth retrying (locked, connection lost): the transaction rolled back whole."""
