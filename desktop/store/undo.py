"""Undo of recent user actions, built on the audit trail.

Each user action runs as one :class:`~desktop.models.local.Operation`; its audit entries carry the
operation's id. Undoing writes the old values back as an ordinary (audited, synced) edit, and refuses when
a field has been changed again since, so a later edit is never silently overwritten.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import Date, Numeric, Uuid, func, inspect, select
from sqlalchemy import Enum as EnumType
from sqlalchemy.orm import Session

from desktop.core.errors import Refused
from desktop.models.audit import AuditEntry
from desktop.models.base import Base, Synced, UtcDateTime, new_id, utcnow
from desktop.models.local import Operation
from desktop.store.audit import OPERATION_KEY, actor_of, jsonable, restore, soft_delete


class UndoRefused(Refused):
    """The action cannot be undone; the message says why, in Vietnamese."""


def begin(session: Session, label: str, *, undoes: Operation | None = None) -> Operation:
    """Start recording the changes of ``session`` as the user action ``label``."""
    operation = Operation(id=new_id(), actor=actor_of(session), label=label, undoes_id=undoes.id if undoes else None)
    session.add(operation)
    session.info[OPERATION_KEY] = operation.id
    return operation


def recent(session: Session, actor: str | None = None, limit: int = 20) -> list[Operation]:
    """Actions that can still be undone, newest first (those of ``actor`` when given)."""
    stmt = (
        select(Operation)
        .where(Operation.undone_at.is_(None), Operation.undoes_id.is_(None))
        .where(select(AuditEntry.id).where(AuditEntry.operation_id == Operation.id).exists())
        .order_by(Operation.at.desc())
        .limit(limit)
    )
    if actor is not None:
        stmt = stmt.where(Operation.actor == actor)
    return list(session.scalars(stmt))


def _classes() -> dict[str, type[Synced]]:
    return {
        mapper.class_.__tablename__: mapper.class_
        for mapper in Base.registry.mappers
        if issubclass(mapper.class_, Synced)
    }


def _from_json(cls: type[Synced], key: str, value: Any) -> Any:
    if value is None:
        return None
    column_type = inspect(cls).columns[key].type
    if isinstance(column_type, EnumType) and column_type.enum_class is not None:
        enum_class: type[Enum] = column_type.enum_class
        return enum_class(value)
    if isinstance(column_type, UtcDateTime):
        return datetime.fromisoformat(value)
    if isinstance(column_type, Date):
        return date.fromisoformat(value)
    if isinstance(column_type, Uuid):
        return uuid.UUID(value)
    if isinstance(column_type, Numeric):
        return Decimal(value)
    return value


def undo(session: Session, operation_id: uuid.UUID) -> Operation:
    """Undo the action ``operation_id`` inside ``session``'s transaction; returns the undoing action."""
    operation = session.get(Operation, operation_id)
    if operation is None:
        raise UndoRefused("Không tìm thấy thao tác cần hoàn tác")
    if operation.undone_at is not None:
        raise UndoRefused(f"Thao tác “{operation.label}” đã được hoàn tác rồi")
    entries = list(
        session.scalars(select(AuditEntry).where(AuditEntry.operation_id == operation.id).order_by(AuditEntry.id))
    )
    if not entries:
        raise UndoRefused(f"Thao tác “{operation.label}” không thay đổi dữ liệu nào")
    classes = _classes()
    # Entries written from here on belong to the undo itself; anything between is a later edit.
    undoing_first_id = (session.scalar(select(func.max(AuditEntry.id))) or 0) + 1
    undoing = begin(session, f"Hoàn tác: {operation.label}", undoes=operation)
    for entry in reversed(entries):
        cls = classes[entry.table_name]
        row = session.get(cls, entry.row_id)
        if row is None:
            raise UndoRefused(f"Bản ghi {entry.table_name} {entry.row_id} không còn trong dữ liệu")
        if entry.action == "insert":
            # Edits that were themselves undone (and their undoing) cancel out; any other later edit blocks.
            cancelled = select(Operation.id).where(
                (Operation.undone_at.is_not(None)) | (Operation.undoes_id.is_not(None))
            )
            later = select(AuditEntry.id).where(
                AuditEntry.row_id == entry.row_id,
                AuditEntry.id > entries[-1].id,
                AuditEntry.id < undoing_first_id,
                AuditEntry.operation_id.is_(None) | AuditEntry.operation_id.not_in(cancelled),
            )
            if session.scalar(later.limit(1)) is not None:
                raise UndoRefused(f"Không thể hoàn tác “{operation.label}”: bản ghi đã được sửa tiếp sau đó")
            soft_delete(row)
            continue
        for key, (old, new) in entry.changes.items():
            now = jsonable(getattr(row, key))
            # Deleting again (a redo) stamps a new time: for deleted_at, only deleted or not counts.
            changed = (now is None) != (new is None) if key == "deleted_at" else now != new
            if changed:
                raise UndoRefused(
                    f"Không thể hoàn tác “{operation.label}”: dữ liệu đã được sửa tiếp sau đó (trường {key})"
                )
            if key == "deleted_at":
                if old is None:
                    restore(row)
                else:
                    soft_delete(row)
            else:
                setattr(row, key, _from_json(cls, key, old))
    operation.undone_at = utcnow()
    return undoing


REDO_PREFIX = "Làm lại: "


def redoable(session: Session, actor: str) -> Operation | None:
    """The undo ``actor`` may take back (Ctrl+Y): the newest undo that is still in force, provided nothing
    was done since but other redos and undos; an action done since starts afresh, as in every editor."""
    found = session.scalars(select(Operation).where(Operation.actor == actor).order_by(Operation.at.desc()).limit(200))
    for operation in found:
        if operation.undoes_id is None:
            return None  # an ordinary action came after the undos: nothing to redo
        undone = session.get(Operation, operation.undoes_id)
        if undone is None or undone.undoes_id is not None or operation.undone_at is not None:
            continue  # a redo, or an undo already taken back
        return operation
    return None


def redo(session: Session, actor: str) -> Operation:
    """Take back ``actor``'s latest undo inside ``session``'s transaction: the action stands again, and
    Ctrl+Z can undo it again. Returns the redone action."""
    undoing = redoable(session, actor)
    if undoing is None or undoing.undoes_id is None:
        raise UndoRefused("Không có thao tác nào để làm lại")
    action = session.get(Operation, undoing.undoes_id)
    assert action is not None
    redoing = undo(session, undoing.id)
    redoing.label = REDO_PREFIX + action.label
    action.undone_at = None  # in force again: the next Ctrl+Z finds it
    return action
