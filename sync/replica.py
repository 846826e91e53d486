"""This installation's copy of its provinces' rows, as the server sends them.

Rows arrive in the order of their last change, so a child may come before its parent (the parent was edited
later), on another page. Every batch is stored in one local transaction whose foreign keys are checked at
commit; a row whose parent is not here yet, whose value this version cannot hold, or whose key a local
record still holds is *set aside* (``sync_parked``) with the reason and tried again after every batch: it
never stops the rest. A field with a change made here and not yet confirmed keeps its local value.

When the server refuses a change made here, the row is put back as the server holds it (or removed, with
the rows made under it, when the server has none); what was typed waits in ``sync_rejection``.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desktop.models import Base, OutboxEntry, ParkedChange, Rejection
from desktop.models.base import Synced, utcnow
from desktop.store import audit
from desktop.store.db import Database
from sync.labels import table_label
from sync.protocol import SYNCED_TABLES, Change, Outcome, data_columns, decode


def _models() -> dict[str, type[Synced]]:
    found: dict[str, type[Synced]] = {}
    for mapper in Base.registry.mappers:
        cls = mapper.class_
        if issubclass(cls, Synced):
            found[cls.__tablename__] = cls
    return found


MODELS = _models()
ORDER = {name: n for n, name in enumerate(SYNCED_TABLES)}  # parents before children


@contextmanager
def applying(database: Database) -> Iterator[Session]:
    """One local transaction that takes the server's rows: not sent back, foreign keys checked at commit.

    The transaction is opened explicitly (BEGIN IMMEDIATE) before the deferral is asked for: the driver by
    itself begins only at the first write, and a deferral asked for before that ends with the first read."""
    with database.session() as session, session.begin():
        session.info[audit.REMOTE_KEY] = True
        connection = session.connection()
        connection.exec_driver_sql("BEGIN IMMEDIATE")
        connection.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
        yield session


def pending_fields(session: Session) -> dict[str, set[str]]:
    """Per row id, the fields with a change made here that the server has not confirmed yet."""
    pending: dict[str, set[str]] = defaultdict(set)
    for row_id, fields in session.execute(
        select(OutboxEntry.row_id, OutboxEntry.fields).where(OutboxEntry.acked_at.is_(None))
    ):
        pending[str(row_id)].update(fields)
    return pending


@cache
def _parents(name: str) -> tuple[tuple[str, str], ...]:
    """(column, parent table) of each foreign key of table ``name``."""
    return tuple(
        (column.key, key.column.table.name) for column in SYNCED_TABLES[name].columns for key in column.foreign_keys
    )


@cache
def _children(name: str) -> tuple[tuple[str, str], ...]:
    """(child table, column) of each synced table whose foreign key names table ``name``."""
    return tuple((child, column) for child in SYNCED_TABLES for column, parent in _parents(child) if parent == name)


def _present(session: Session, table: str, keys: Iterable[str]) -> set[str]:
    """Which of ``keys`` (ids, or codes of a catalogue) the local table ``table`` holds."""
    wanted = sorted(set(keys))
    if not wanted:
        return set()
    found: set[str] = set()
    target = Base.metadata.tables[table]
    primary = next(iter(target.primary_key.columns))
    synced = table in SYNCED_TABLES
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        values: list[Any] = [uuid.UUID(k) for k in chunk] if synced else chunk
        found.update(str(v) for v in session.scalars(select(primary).where(primary.in_(values))))
    return found


def store(session: Session, scope: str, changes: list[Change], pending: dict[str, set[str]]) -> int:
    """Take the server's rows ``changes`` (and the rows set aside before, which may now fit) into the local
    database; returns how many were stored. What cannot be stored is set aside with the reason."""
    waiting = {(p.table_name, p.row_id): p for p in session.scalars(select(ParkedChange))}
    candidates: dict[tuple[str, str], Change] = {
        key: Change(p.position, p.table_name, p.row_id, p.data) for key, p in waiting.items()
    }
    scopes = {key: p.scope for key, p in waiting.items()}
    for change in changes:
        key = (change.table, change.row_id)
        if (
            change.table in MODELS
            and change.data is not None
            and change.position >= candidates.get(key, change).position
        ):
            candidates[key] = change
            scopes[key] = scope
    decoded: dict[tuple[str, str], dict[str, Any]] = {}
    reasons: dict[tuple[str, str], str] = {}
    for key, change in candidates.items():
        try:
            assert change.data is not None
            decoded[key] = _decoded(change.table, change.data)
        except ValueError as error:
            reasons[key] = f"giá trị phiên bản này không lưu được: {error}"
    ready = _ready(session, decoded, reasons)
    stored = _write(session, [(k, decoded[k]) for k in sorted(ready, key=lambda k: ORDER[k[0]])], pending, reasons)
    for key in stored:
        if key in waiting:
            session.delete(waiting[key])
    for key, reason in reasons.items():
        change = candidates[key]
        held = waiting.get(key)
        if held is None:
            session.add(
                ParkedChange(
                    table_name=change.table,
                    row_id=change.row_id,
                    scope=scopes[key],
                    position=change.position,
                    data=change.data,
                    reason=reason,
                    at=utcnow(),
                )
            )
        else:
            assert change.data is not None  # only rows the server holds are candidates
            held.position, held.data, held.reason = change.position, change.data, reason
    session.flush()
    return len([k for k in stored if k not in waiting])


def _decoded(name: str, data: dict[str, Any]) -> dict[str, Any]:
    from desktop.store.attachments import SHA256

    values = {c.key: decode(c, data[c.key]) for c in data_columns(SYNCED_TABLES[name]) if c.key in data}
    if name == "attachment" and not SHA256.fullmatch(str(values.get("sha256") or "")):
        raise ValueError("mã SHA-256 của tệp đính kèm không hợp lệ")
    return values


def _ready(
    session: Session, decoded: dict[tuple[str, str], dict[str, Any]], reasons: dict[tuple[str, str], str]
) -> set[tuple[str, str]]:
    """The rows whose every parent is here or among the rows that can be stored with them."""
    wanted: dict[str, set[str]] = defaultdict(set)
    for (name, _row_id), values in decoded.items():
        for column, parent in _parents(name):
            if values.get(column) is not None:
                wanted[parent].add(str(values[column]))
    here = {parent: _present(session, parent, keys) for parent, keys in wanted.items()}
    ready = set(decoded)
    while True:
        arriving = {(name, row_id) for name, row_id in ready}
        dropped = set()
        for key in ready:
            name = key[0]
            for column, parent in _parents(name):
                value = decoded[key].get(column)
                if value is None or str(value) in here.get(parent, ()) or (parent, str(value)) in arriving:
                    continue
                dropped.add(key)
                reasons[key] = f"chờ bản ghi liên quan ({table_label(parent)}) chưa về máy"
                break
        if not dropped:
            return ready
        ready -= dropped


def _write(
    session: Session,
    rows: list[tuple[tuple[str, str], dict[str, Any]]],
    pending: dict[str, set[str]],
    reasons: dict[tuple[str, str], str],
) -> set[tuple[str, str]]:
    """Store ``rows`` in one savepoint; when the database refuses one of them (a key a local record holds),
    store them one by one and set that one aside, with the rows made under it (foreign keys are checked at
    commit: one stored without its parent would fail the whole page, at every sync)."""
    try:
        with session.begin_nested():  # a refused savepoint takes back the rows it added, and only them
            for (name, _row_id), values in rows:
                _put(session, name, values, pending)
            session.flush()
        return {key for key, _values in rows}
    except IntegrityError:
        pass
    stored: set[tuple[str, str]] = set()
    absent: set[tuple[str, str]] = set()  # set aside, and not on this PC before either
    for key, values in rows:  # parents before children
        parent = next(
            (
                p
                for column, p in _parents(key[0])
                if values.get(column) is not None and (p, str(values[column])) in absent
            ),
            None,
        )
        if parent is not None:
            reasons[key] = f"chờ bản ghi liên quan ({table_label(parent)}) chưa lưu được trên máy này"
            absent.add(key)
            continue
        try:
            with session.begin_nested():
                _put(session, key[0], values, pending)
                session.flush()
            stored.add(key)
        except IntegrityError:
            reasons[key] = "trùng khóa với một bản ghi trên máy này (chưa gửi hoặc đang chờ máy chủ xử lý)"
            if session.get(MODELS[key[0]], values["id"]) is None:
                absent.add(key)
    return stored


def _put(session: Session, name: str, values: dict[str, Any], pending: dict[str, set[str]]) -> None:
    cls = MODELS[name]
    found = session.get(cls, values["id"])
    if found is None:
        session.add(cls(**values))
        return
    mine = pending.get(str(values["id"]), set())
    for key, value in values.items():
        # A field changed here and not yet confirmed keeps the local value; its base stays as it was.
        if key not in mine and getattr(found, key) != value:
            setattr(found, key, value)


def take(session: Session, table: str, data: dict[str, Any], pending: dict[str, set[str]]) -> None:
    """Take some fields of a row from the server (what an answer to a push carries) into the local row."""
    model = MODELS.get(table)
    if model is None:
        return
    values = {c.key: decode(c, data[c.key]) for c in data_columns(SYNCED_TABLES[table]) if c.key in data}
    found = session.get(model, uuid.UUID(str(data.get("id") or values.get("id"))))
    if found is None:
        return
    mine = pending.get(str(found.id), set())
    for key, value in values.items():
        if key != "id" and key not in mine and getattr(found, key) != value:
            setattr(found, key, value)


def remove(session: Session, table: str, row_id: str) -> int:
    """Remove a row the server does not hold, with the rows made under it here (they cannot exist without
    it); returns how many rows went."""
    removed = 0
    for child, column in _children(table):
        target = SYNCED_TABLES[child]
        for (child_id,) in session.execute(select(target.c.id).where(target.c[column] == uuid.UUID(row_id))).all():
            removed += remove(session, child, str(child_id))
    target = SYNCED_TABLES[table]
    session.flush()
    session.execute(delete(target).where(target.c.id == uuid.UUID(row_id)))
    return removed + 1


def refused(session: Session, entry: OutboxEntry, outcome: Outcome, pending: dict[str, set[str]]) -> None:
    """The server refused the change ``entry``: keep what was typed for the user, put the row back."""
    session.add(
        Rejection(
            seq=entry.seq,
            table_name=entry.table_name,
            row_id=entry.row_id,
            action=entry.action,
            fields=entry.fields,
            reason=outcome.message,
            needs=outcome.needs,
            actor=entry.actor,
            typed_at=entry.at,
            at=utcnow(),
            status="open",
        )
    )
    if entry.table_name not in MODELS or not outcome.whole:
        return
    if outcome.row is None:
        if str(entry.row_id) in pending:  # a later change here still waits: it will be answered too
            return
        table = SYNCED_TABLES[entry.table_name]
        version = session.scalar(select(table.c.row_version).where(table.c.id == entry.row_id))
        if version or (version is not None and entry.action == "import"):
            # The server held it once and lost it, or it is a record the centre had before the program synced:
            # this PC's copy may be the only one, kept (until the user drops the refusal).
            session.execute(update(table).where(table.c.id == entry.row_id).values(row_version=0))
        elif version is not None:  # made here, never stored there: what was typed is in the inbox
            remove(session, entry.table_name, str(entry.row_id))
        return
    take(session, entry.table_name, outcome.row, pending)


def parked(session: Session) -> list[ParkedChange]:
    """The rows set aside, oldest first."""
    return list(session.scalars(select(ParkedChange).order_by(ParkedChange.at)))
