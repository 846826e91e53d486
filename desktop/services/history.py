"""The audit history of one record as people read it: when, who, what was done, which field, from what to
what. A record's creation lists only the fields it was given."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core.dates import format_datetime_local
from desktop.models.audit import AuditEntry

ACTIONS = {"insert": "Tạo mới", "update": "Sửa", "delete": "Xóa", "restore": "Khôi phục"}

Line = tuple[str, str, str, str, str, str]  # when, who, action, field, old value, new value


def record_history(session: Session, row_id: uuid.UUID) -> list[Line]:
    lines = []
    for entry in session.scalars(select(AuditEntry).where(AuditEntry.row_id == row_id).order_by(AuditEntry.id)):
        for key, (old, new) in entry.changes.items():
            if entry.action == "insert" and new in (None, "", False):
                continue
            lines.append(
                (
                    format_datetime_local(entry.at),
                    entry.actor,
                    ACTIONS.get(entry.action, entry.action),
                    key,
                    "" if old is None else str(old),
                    "" if new is None else str(new),
                )
            )
    return lines
