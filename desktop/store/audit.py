"""The audit trail and the sync outbox, written by the session itself: whoever changes a row (UI, import,
CLI, script), the change is recorded field by field in the same transaction — once for people to read
(audit entry), once for the server (outbox entry) — and hard deletes of synced rows are refused.

Changes pulled from the server are applied in a session marked with :data:`REMOTE_KEY`: they are audited
under the name of whoever made them and keep their times, and they are not sent back.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import Any

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import RelationshipDirection, Session, SessionTransaction, sessionmaker
from sqlalchemy.orm.attributes import set_committed_value

from desktop.models.audit import AuditEntry
from desktop.models.base import SYNC_COLUMNS, Base, Synced, natural_id, natural_keys, new_id, utcnow
from desktop.models.sync import OutboxEntry
from desktop.store.clock import HybridClock

ACTOR_KEY = "actor"
OPERATION_KEY = "operation"  # session.info key: the user action (store.undo) the changes belong to
REMOTE_KEY = "remote"  # session.info key: the session applies changes pulled from the server
TXN_KEY = "sync_txn"  # session.info key: the id of the transaction the outbox entries being written belong to
ADOPTED_SETTING = "sync_adopted"  # app_setting key: rows written before the outbox have been queued
SYSTEM_ACTOR = "he-thong"
# Bookkeeping columns change on every edit; recording them would only hide the real changes.
# search_text is derived from the other fields (see store.search).
_NOT_AUDITED = (SYNC_COLUMNS - {"deleted_at", "province_code"}) | {"search_text"}


class HardDeleteRefused(RuntimeError):
    """A synced row was about to be deleted physically: deletion is a field (``deleted_at``)."""


def jsonable(value: Any) -> Any:
    """A field value as the audit trail stores it (and as undo compares it)."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    return value


def actor_of(session: Session) -> str:
    return str(session.info.get(ACTOR_KEY) or SYSTEM_ACTOR)


def _column_keys(obj: Synced) -> list[str]:
    return [attr.key for attr in inspect(type(obj)).column_attrs]


class _Recorder:
    """Writes the audit entry and, for a local change, the outbox entry of each changed row."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.remote = bool(session.info.get(REMOTE_KEY))
        self.operation_id = session.info.get(OPERATION_KEY)
        self._clock: HybridClock | None = None

    def record(self, obj: Synced, actor: str, at: datetime, action: str, changes: dict[str, list[Any]]) -> None:
        table = obj.__tablename__
        self.session.add(
            AuditEntry(
                at=at,
                actor=actor,
                table_name=table,
                row_id=obj.id,
                action=action,
                changes=changes,
                operation_id=self.operation_id,
            )
        )
        if self.remote:
            return
        if self._clock is None:
            self._clock = HybridClock.resume(self.session)
        txn = self.session.info.setdefault(TXN_KEY, new_id().hex)
        self.session.add(
            OutboxEntry(
                table_name=table,
                row_id=obj.id,
                province_code=obj.province_code,
                action=action,
                fields=changes,
                hlc=self._clock.tick(at),
                actor=actor,
                at=at,
                txn=txn,
            )
        )


def _fill_defaults(obj: Synced) -> None:
    """Put the columns' plain default values in now, as the INSERT would: the audit trail and the server
    then hold what the row really holds (an empty note is "", not missing)."""
    for attr in inspect(type(obj)).column_attrs:
        column = attr.columns[0]
        default = column.default
        if default is not None and default.is_scalar and getattr(obj, attr.key) is None:
            setattr(obj, attr.key, default.arg)


@cache
def table_order() -> dict[str, int]:
    """Tables parents first (foreign keys): the order new rows are recorded in, so the server, which checks
    every parent exists, always receives a parent before its children."""
    return {table.name: n for n, table in enumerate(Base.metadata.sorted_tables)}


def _link_foreign_keys(session: Session) -> None:
    """Give new rows their ids and set the foreign keys that relationships would set only during the flush
    (a line appended to ``proposal.budget_lines``, a beneficiary given its ``proposal``): the audit trail and
    the outbox are written before that, and a record sent without its parent's id is one the server cannot
    store. A row identified by what it joins (``natural_keys``) gets the id derived from that key, once its
    parents' ids are known: two PCs that enrol the same trainee offline then make one enrolment."""
    natural = natural_keys()
    for obj in list(session.new):
        if isinstance(obj, Synced) and obj.id is None and obj.__tablename__ not in natural:
            obj.id = new_id()  # column defaults run at INSERT time; the audit row and the children need it now
    for _round in range(4):  # an attendance's key needs its enrolment's id, which needs its course's
        _link_once(session)
        named = False
        for obj in list(session.new):
            if isinstance(obj, Synced) and obj.id is None:
                key = [getattr(obj, c) for c in natural[obj.__tablename__]]
                if all(v is not None for v in key):
                    obj.id, named = natural_id(obj.__tablename__, key), True
        if not named:
            break
    for obj in list(session.new):
        if isinstance(obj, Synced) and obj.id is None:
            obj.id = new_id()  # a key still incomplete: the database will say what is missing


def _link_once(session: Session) -> None:
    for obj in list(session.new) + list(session.dirty):
        state = inspect(obj)
        for rel in state.mapper.relationships:
            if rel.key in state.unloaded or rel.secondary is not None:
                continue
            if rel.direction is RelationshipDirection.MANYTOONE and obj in session.new:
                parent = getattr(obj, rel.key)
                for local, remote in rel.local_remote_pairs:
                    if parent is not None and getattr(obj, local.key) is None:
                        setattr(obj, local.key, getattr(parent, remote.key))
            elif rel.direction is RelationshipDirection.ONETOMANY and rel.uselist:
                for child in getattr(obj, rel.key):
                    for local, remote in rel.local_remote_pairs:
                        if child in session.new and getattr(child, remote.key) is None:
                            setattr(child, remote.key, getattr(obj, local.key))


def _record_changes(session: Session, _flush_context: object, _instances: object) -> None:
    _link_foreign_keys(session)
    recorder = _Recorder(session)
    actor = actor_of(session)
    now = utcnow()
    for obj in list(session.deleted):
        if isinstance(obj, Synced) and not recorder.remote:  # the server may move a row out of this scope
            raise HardDeleteRefused(
                f"Không được xóa hẳn bản ghi {type(obj).__tablename__} {obj.id}: hãy đánh dấu đã xóa (xóa mềm)"
            )
    order = table_order()
    created = sorted((o for o in session.new if isinstance(o, Synced)), key=lambda o: order[o.__tablename__])
    for obj in created:
        if not recorder.remote:
            obj.created_by = obj.updated_by = actor
            obj.created_at = obj.updated_at = now
        _fill_defaults(obj)
        values = {k: [None, jsonable(getattr(obj, k))] for k in _column_keys(obj) if k not in _NOT_AUDITED}
        if recorder.remote:
            recorder.record(obj, obj.updated_by or SYSTEM_ACTOR, obj.updated_at or now, "insert", values)
        else:
            recorder.record(obj, actor, now, "insert", values)
    for obj in list(session.dirty):
        if not isinstance(obj, Synced) or not session.is_modified(obj, include_collections=False):
            continue
        state = inspect(obj)
        changes: dict[str, list[Any]] = {}
        for key in _column_keys(obj):
            if key in _NOT_AUDITED:
                continue
            history = state.attrs[key].history
            if not history.has_changes():
                continue
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
            if history.deleted and not recorder.remote and _both_empty(old, new):
                # An empty text written over an empty one (a blank box read back as "" where the row held
                # None) says nothing new: the row keeps what it held, and no PC is sent a change nobody made.
                set_committed_value(obj, key, old)
                continue
            if old != new:
                changes[key] = [jsonable(old), jsonable(new)]
        if not changes:
            continue
        action = "update"
        if "deleted_at" in changes:
            action = "delete" if changes["deleted_at"][1] is not None else "restore"
        if recorder.remote:
            recorder.record(obj, obj.updated_by, obj.updated_at, action, changes)
        else:
            obj.updated_by = actor
            obj.updated_at = now
            recorder.record(obj, actor, now, action, changes)


def _both_empty(old: Any, new: Any) -> bool:
    """None and "" both: what one PC stores as "no tax code" and another as an empty one."""
    return old != new and old in (None, "") and new in (None, "")


def _transaction_ended(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:  # the outermost one: the next changes belong to another transaction
        session.info.pop(TXN_KEY, None)


def install(target: sessionmaker[Session]) -> None:
    """Attach the audit trail to a new session factory (each :class:`desktop.store.db.Database` makes its own).

    Not guarded by ``event.contains``: SQLAlchemy keys its listeners by ``id()``, and the factory of a
    database closed and collected earlier leaves its id to the next one, which then looked as if it had
    its listeners already, and wrote without audit trail or outbox (its changes never synced)."""
    event.listen(target, "before_flush", _record_changes)
    event.listen(target, "after_transaction_end", _transaction_ended)


def history(session: Session, row: Synced) -> list[AuditEntry]:
    """Every recorded change of ``row``, oldest first."""
    stmt = select(AuditEntry).where(AuditEntry.row_id == row.id).order_by(AuditEntry.id)
    return list(session.scalars(stmt))


def soft_delete(row: Synced) -> None:
    """Mark ``row`` deleted; it stays in the database, can be restored and syncs like any edit."""
    if row.deleted_at is None:
        row.deleted_at = utcnow()


def restore(row: Synced) -> None:
    """Undo a soft delete."""
    row.deleted_at = None
