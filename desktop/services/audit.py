"""The audit trail, written by the session itself: whoever changes a row (UI, import, CLI, script), the
change is recorded field by field in the same transaction, and hard deletes of synced rows are refused."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session, sessionmaker

from desktop.models.audit import AuditEntry
from desktop.models.base import SYNC_COLUMNS, Synced, new_id, utcnow

ACTOR_KEY = "actor"
OPERATION_KEY = "operation"  # session.info key: the user action (services.undo) the changes belong to
SYSTEM_ACTOR = "he-thong"
# Bookkeeping columns change on every edit; recording them would only hide the real changes.
# search_text is derived from the other fields (see services.search).
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


def _record_changes(session: Session, _flush_context: object, _instances: object) -> None:
    actor = actor_of(session)
    operation_id = session.info.get(OPERATION_KEY)
    now = utcnow()
    for obj in list(session.deleted):
        if isinstance(obj, Synced):
            raise HardDeleteRefused(
                f"Không được xóa hẳn bản ghi {type(obj).__tablename__} {obj.id}: hãy đánh dấu đã xóa (xóa mềm)"
            )
    for obj in list(session.new):
        if not isinstance(obj, Synced):
            continue
        obj.created_by = obj.updated_by = actor
        obj.created_at = obj.updated_at = now
        if obj.id is None:
            # Column defaults run at INSERT time; the audit row needs the id now.
            obj.id = new_id()
        values = {k: [None, jsonable(getattr(obj, k))] for k in _column_keys(obj) if k not in _NOT_AUDITED}
        session.add(
            AuditEntry(
                at=now,
                actor=actor,
                table_name=obj.__tablename__,
                row_id=obj.id,
                action="insert",
                changes=values,
                operation_id=operation_id,
            )
        )
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
            if old != new:
                changes[key] = [jsonable(old), jsonable(new)]
        if not changes:
            continue
        action = "update"
        if "deleted_at" in changes:
            action = "delete" if changes["deleted_at"][1] is not None else "restore"
        obj.updated_by = actor
        obj.updated_at = now
        session.add(
            AuditEntry(
                at=now,
                actor=actor,
                table_name=obj.__tablename__,
                row_id=obj.id,
                action=action,
                changes=changes,
                operation_id=operation_id,
            )
        )


def install(target: sessionmaker[Session] | type[Session] | Session) -> None:
    """Attach the audit trail to a session factory, a Session class or one session."""
    if not event.contains(target, "before_flush", _record_changes):
        event.listen(target, "before_flush", _record_changes)


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
