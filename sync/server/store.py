"""The server's ledger and the provinces' rows: push, pull, verify (design/sync.md).

Every function works in one database transaction. The per-device ledger (``last_seq`` and one entry per
mutation) is written in the same transaction as the mutation's effects, so a retried push is answered
from the ledger and never applied twice. Rows live in the models' own tables (``sync.server.rows``); each
local transaction's changes are applied together or refused together (``sync.server.apply``). Positions in
a province's change log come from a counter row locked until commit, so a reader can never see position
101 before 100 is committed.
"""

from __future__ import annotations

import math
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, insert, select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from desktop.models.base import NATIONAL_SCOPE
from sync import rules, signing
from sync.protocol import (
    PROTOCOL_VERSION,
    SYNCED_TABLES,
    Change,
    Digests,
    Mutation,
    Outcome,
    PullReply,
    PushReply,
    ScopeSummary,
    SnapshotPage,
    checksum,
    decode,
    digest_page,
    encode,
)
from sync.server import apply, authority, identity, migrate, rows, schema
from sync.server.callers import Caller as Caller  # named by the routes and tools as callers.Caller
from sync.server.transactions import WRITING_OPTION, writing

SERVER_ACTOR = apply.SERVER_ACTOR
EPOCH_KEY = "epoch"
SEED_KEY = "reference_seed"
SIGNING_KEY = "signing_key"  # sync_setting: the server's private key (its answers to sync files are signed)
SERVER_FIELDS = ("row_version", "created_at", "created_by", "updated_at", "updated_by")
"""What the server sets on every row it stores: its position, and the author and time of record."""


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


class Blocked(SyncRefused):
    """A push that needs more authority than the caller has as a whole (bringing in a centre's existing
    records that carry decisions): nothing is applied, the PC keeps its changes for someone who may."""

    code = "authority"


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
    cursor.execute("PRAGMA foreign_keys=ON")  # the same parents a PC insists on
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    # A writer takes SQLite's write lock when it starts (as FOR UPDATE does on PostgreSQL): concurrent
    # pushes wait their turn instead of failing when the one before them commits. Readers never wait.
    immediate = connection.get_execution_options().get(WRITING_OPTION, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


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
        if connection.scalar(select(schema.setting.c.value).where(schema.setting.c.key == SIGNING_KEY)) is None:
            connection.execute(insert(schema.setting).values(key=SIGNING_KEY, value=signing.new_key()))
    seed_reference(engine)
    identity.index(engine)
    return engine


def seed_reference(engine: Engine) -> None:
    """Write the reference data every installation ships (administrative units, activity types, national
    caps and targets) into the server's tables, and give the national rows their place in the change log,
    so installations pull them and their checksums agree. Rows users edited are never overwritten."""
    from desktop.store import reference_data

    fingerprint = reference_data.fingerprint()
    with engine.connect() as connection:
        if connection.scalar(select(schema.setting.c.value).where(schema.setting.c.key == SEED_KEY)) == fingerprint:
            return
    with writing(engine) as connection, rows.positions(connection):
        with Session(bind=connection, autoflush=False) as session:
            reference_data.seed(session)
            session.flush()
        stamp = encode(now())
        for name, table in SYNCED_TABLES.items():
            listed = select(schema.meta.c.row_id).where(
                schema.meta.c.table_name == name, schema.meta.c.province_code == NATIONAL_SCOPE
            )
            known = {str(r) for r in connection.scalars(listed)}
            seeded = connection.scalars(select(table.c.id).where(table.c.province_code == NATIONAL_SCOPE))
            unlisted = [str(r) for r in seeded if str(r) not in known]
            for row_id in unlisted:
                data = rows.read(connection, name, row_id)
                assert data is not None
                scope = str(data["province_code"])
                position = rows.next_position(connection, scope)
                data.update(row_version=position, created_by=SERVER_ACTOR, updated_by=SERVER_ACTOR)
                data.update(created_at=stamp, updated_at=stamp)
                rows.write(connection, name, data, new=False)
                rows.save_meta(
                    connection,
                    name,
                    row_id,
                    province=scope,
                    position=position,
                    device="",
                    clocks={},
                    data=data,
                    new=True,
                )
        connection.execute(schema.setting.delete().where(schema.setting.c.key == SEED_KEY))
        connection.execute(insert(schema.setting).values(key=SEED_KEY, value=fingerprint))
    authority.forget_reference_codes()


def epoch(connection: Connection) -> str:
    """Changes when the database is restored from a backup: installations then re-pull and replay."""
    return str(connection.scalar(select(schema.setting.c.value).where(schema.setting.c.key == EPOCH_KEY)))


def signing_key(connection: Connection) -> str:
    """The server's private key: it signs the answers to sync files (its public half goes to every PC)."""
    return str(connection.scalar(select(schema.setting.c.value).where(schema.setting.c.key == SIGNING_KEY)))


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
def push(engine: Engine, who: Caller, mutations: Iterable[Mutation], seen: dict[str, int] | None = None) -> PushReply:
    """Apply ``mutations`` (one device's, in order) once each; the answer says what became of each.

    ``seen``: how far the device has pulled each province, so that an answer carries the whole row only
    when the device has not seen the row's previous state (else just what the server set)."""
    try:
        return _push(engine, who, list(mutations), seen or {})
    except CopiedDatabase:
        with writing(engine) as connection:  # flagged for the administrator, nothing else changed
            connection.execute(update(schema.device).where(schema.device.c.id == who.device_id).values(copied=True))
        raise


def _push(engine: Engine, who: Caller, mutations: list[Mutation], seen: dict[str, int]) -> PushReply:
    try:
        return _push_once(engine, who, mutations, seen, safe=False)
    except IntegrityError:  # refused by the database after all our checks: again, each transaction undoable
        return _push_once(engine, who, mutations, seen, safe=True)


def _push_once(engine: Engine, who: Caller, mutations: list[Mutation], seen: dict[str, int], safe: bool) -> PushReply:
    with writing(engine) as connection, rows.positions(connection):
        device = connection.execute(
            select(schema.device).where(schema.device.c.id == who.device_id).with_for_update()
        ).first()
        if device is None:
            raise Forbidden("Máy chưa đăng ký với máy chủ")
        last = int(device.last_seq)
        outcomes: list[Outcome] = []
        fresh: list[Mutation] = []
        resume: int | None = None
        for mutation in sorted(mutations, key=lambda m: m.seq):
            if mutation.seq <= last:
                outcomes.append(_answered(connection, who, mutation))
            elif mutation.seq == last + len(fresh) + 1:
                fresh.append(mutation)
            else:
                resume = last + len(fresh) + 1
                break
        _check_imports(who, fresh)
        applier = apply.Applier(connection, who, authority.policies(connection), now())
        applier.total, applier.safe = len(fresh), safe
        applier.prefetch(fresh)
        ledger: list[dict[str, Any]] = []
        for group in apply.groups(fresh):
            done = _apply_group(connection, who, applier, group, seen)
            outcomes += done
            ledger += [
                {"device_id": who.device_id, "seq": o.seq, "digest": m.digest(), "status": o.status}
                | {"message": o.message, "needs": o.needs, "at": applier.at}
                for m, o in zip(group, done, strict=True)
            ]
        if ledger:  # in the same transaction as the effects: a retried push is answered from it
            connection.execute(insert(schema.ledger), ledger)
        last += len(fresh)
        connection.execute(update(schema.device).where(schema.device.c.id == who.device_id).values(last_seq=last))
        return PushReply(sorted(outcomes, key=lambda o: o.seq), resume, epoch(connection))


def _check_imports(who: Caller, fresh: list[Mutation]) -> None:
    """A centre's existing records that carry decisions come in under a director's or administrator's name."""
    if who.role in ("director", "admin"):
        return
    needing = [m for m in fresh if m.action == "import" and rules.import_needs_director(m.table, m.fields)]
    if needing:
        raise Blocked(
            f"Dữ liệu có sẵn của Trung tâm có {len(needing)} bản ghi mang quyết định (đề án đã phê duyệt, hợp đồng,"
            " tạm ứng…): lần đầu đưa lên máy chủ cần Giám đốc Trung tâm hoặc quản trị đăng nhập đồng bộ trên máy"
            " này. Các thay đổi vẫn được giữ trên máy."
        )


def _apply_group(
    connection: Connection, who: Caller, applier: apply.Applier, group: list[Mutation], seen: dict[str, int]
) -> list[Outcome]:
    try:
        done = applier.group(group)
    except apply.Rejected as error:
        refused = []
        for mutation in group:
            connection.execute(
                insert(schema.rejected).values(
                    device_id=who.device_id,
                    seq=mutation.seq,
                    payload=_storable(asdict(mutation)),
                    reason=str(error),
                    at=applier.at,
                )
            )
            row = _current(connection, mutation.table, mutation.row_id)
            refused.append(Outcome(mutation.seq, "rejected", str(error), error.needs, row, whole=True))
        return refused
    return [_outcome(who, applied, seen) for applied in done.applied]


def _outcome(who: Caller, applied: apply.Applied, seen: dict[str, int]) -> Outcome:
    """What the PC takes from the server for the row it changed (``Outcome.row``)."""
    status = "conflict" if applied.conflicts else "applied"
    before = applied.meta_before
    if before is not None and before.device != who.device_id and before.position > seen.get(applied.scope, 0):
        return Outcome(applied.mutation.seq, status, row=dict(applied.after), whole=True)  # it missed a change
    table = SYNCED_TABLES[applied.table]
    pushed = {k: encode(decode(table.c[k], pair[1])) for k, pair in applied.mutation.fields.items()}
    if applied.before is None:
        taken = {k: v for k, v in applied.after.items() if k not in pushed or pushed[k] != v}
    else:
        taken = {k: applied.after[k] for k in SERVER_FIELDS if applied.changed}
        taken |= {k: applied.after.get(k) for k in pushed if applied.after.get(k) != pushed[k]}
    return Outcome(applied.mutation.seq, status, row=taken)


def _current(connection: Connection, table: str, row_id: str) -> dict[str, Any] | None:
    """The row as the server holds it now, if the table and id are real ones."""
    if table not in SYNCED_TABLES:
        return None
    try:
        uuid.UUID(row_id)
    except (ValueError, AttributeError, TypeError):
        return None
    return rows.read(connection, table, row_id)


def _storable(value: Any) -> Any:
    """``value`` with each NUL character written as the text "\\u0000" and a number JSON cannot hold (NaN,
    ±Infinity: PostgreSQL's jsonb refuses them) written as text, so a rejected payload can be kept."""
    if isinstance(value, str):
        return value.replace("\x00", "\\u0000")
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dict):
        return {_storable(k): _storable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_storable(v) for v in value]
    return value


def _answered(connection: Connection, who: Caller, mutation: Mutation) -> Outcome:
    """The answer already given for ``mutation`` (from the ledger), with the row as it is now."""
    entry = connection.execute(
        select(schema.ledger).where(schema.ledger.c.device_id == who.device_id, schema.ledger.c.seq == mutation.seq)
    ).first()
    if entry is not None and entry.digest != mutation.digest():
        # The same numbers with other contents: this database file was copied to a second PC.
        raise CopiedDatabase(
            "Tệp dữ liệu này đã được sao chép sang máy khác: hai máy không được dùng chung một tệp. "
            "Hãy liên hệ quản trị để tách máy."
        )
    row = _current(connection, mutation.table, mutation.row_id)
    if entry is None:
        return Outcome(mutation.seq, "applied", row=row, whole=True)
    return Outcome(mutation.seq, str(entry.status), str(entry.message), str(entry.needs or ""), row, whole=True)


# --- pull and verify ----------------------------------------------------------------------------------
def _readable(who: Caller, scope: str) -> None:
    if not who.readable(scope):
        raise Forbidden(f"Tài khoản {who.name} không được xem dữ liệu của tỉnh mã {scope}")


def _page(connection: Connection, scope: str, after: int, limit: int) -> list[Any]:
    return list(
        connection.execute(
            select(schema.meta.c.position, schema.meta.c.table_name, schema.meta.c.row_id, schema.meta.c.device_id)
            .where(schema.meta.c.province_code == scope, schema.meta.c.position > after)
            .order_by(schema.meta.c.position)
            .limit(limit + 1)
        )
    )


def _changes(connection: Connection, entries: list[Any]) -> list[Change]:
    wanted: dict[str, list[str]] = defaultdict(list)
    for entry in entries:
        wanted[entry.table_name].append(entry.row_id)
    found = {table: rows.read_many(connection, table, ids) for table, ids in wanted.items()}
    return [
        Change(int(e.position), e.table_name, e.row_id, found[e.table_name][e.row_id])
        for e in entries
        if e.row_id in found[e.table_name]
    ]


def pull(engine: Engine, who: Caller, scope: str, after: int, limit: int) -> PullReply:
    """The changes of ``scope`` after position ``after``, oldest first (at most ``limit``). The device's own
    changes are left out: their answers carried what it needs, so it never downloads what it sent."""
    _readable(who, scope)
    with engine.connect() as connection:
        found = _page(connection, scope, after, limit)
        page = found[:limit]
        changes = _changes(connection, [e for e in page if e.device_id != who.device_id])
        cursor = int(page[-1].position) if page else after
        return PullReply(changes, cursor, len(found) > limit, epoch(connection))


def snapshot(engine: Engine, who: Caller, scope: str, after: int, limit: int) -> SnapshotPage:
    """The rows of ``scope`` as they are now, by their last change after ``after`` (at most ``limit``).

    For a first sync or after a long absence. A row changed while the pages are read comes again later
    with its new position; the last page carries the summary the installation checks its copy against."""
    _readable(who, scope)
    with engine.connect() as connection:
        found = _page(connection, scope, after, limit)
        changes = _changes(connection, found[:limit])
        more = len(found) > limit
        cursor = int(found[:limit][-1].position) if found else after
        return SnapshotPage(changes, cursor, more, epoch(connection), None if more else _summary(connection, scope))


def summary(engine: Engine, who: Caller, scope: str) -> ScopeSummary:
    """Row count and order-independent checksum of ``scope`` (and of each table), to prove an installation
    holds the same."""
    _readable(who, scope)
    with engine.connect() as connection:
        return _summary(connection, scope)


def _summary(connection: Connection, scope: str) -> ScopeSummary:
    # The position first: under PostgreSQL's read committed, rows read after it are at least as recent, so
    # an installation that starts from this position can only receive a change again, never miss one.
    position = rows.position(connection, scope)
    sums: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for table_name, digest in connection.execute(
        select(schema.meta.c.table_name, schema.meta.c.digest).where(schema.meta.c.province_code == scope)
    ):
        sums[table_name][0] += int(digest, 16)
        sums[table_name][1] += 1
    total = sum(s[0] for s in sums.values())
    count = sum(s[1] for s in sums.values())
    tables = {name: checksum(s[0], s[1]) for name, s in sorted(sums.items())}
    return ScopeSummary(scope, count, checksum(total, count), position, tables)


def digests(engine: Engine, who: Caller, scope: str, table: str, suffix: str) -> Digests:
    """The digests of ``table``'s rows of ``scope`` whose id ends with ``suffix`` (or their groups' checksums),
    for an installation that narrows a difference down (``protocol.Digests``)."""
    _readable(who, scope)
    if table not in SYNCED_TABLES:
        raise SyncRefused(f"Bảng “{table}” không được đồng bộ")
    with engine.connect() as connection:
        found = [
            (str(r), str(d))
            for r, d in connection.execute(
                select(schema.meta.c.row_id, schema.meta.c.digest).where(
                    schema.meta.c.province_code == scope, schema.meta.c.table_name == table
                )
            )
            if str(r).endswith(suffix)
        ]
    return digest_page(scope, table, suffix, found)


def fetch(engine: Engine, who: Caller, scope: str, table: str, ids: list[str]) -> list[Change]:
    """The rows ``ids`` of ``table`` as the server holds them in ``scope`` (data None: it holds no such row
    there), for an installation that repairs what differs."""
    _readable(who, scope)
    if table not in SYNCED_TABLES:
        raise SyncRefused(f"Bảng “{table}” không được đồng bộ")
    known = [i for i in ids if _current_id(i)]
    with engine.connect() as connection:
        held = rows.provinces(connection, table, known)
        mine = [i for i in known if held.get(i) == scope]
        positions = {
            str(r): int(p)
            for r, p in connection.execute(
                select(schema.meta.c.row_id, schema.meta.c.position).where(
                    schema.meta.c.table_name == table, schema.meta.c.row_id.in_(mine)
                )
            )
        }
        found = rows.read_many(connection, table, mine)
    return [Change(positions.get(i, 0), table, i, found.get(i)) for i in ids]


def _current_id(text: str) -> bool:
    try:
        return str(uuid.UUID(text)) == text
    except (ValueError, AttributeError, TypeError):
        return False


TemporaryError = OperationalError
"""A database error worth retrying (locked, connection lost): the transaction rolled back whole."""
