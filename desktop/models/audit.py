"""The audit trail: every change to a record, field by field, with who and when."""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Integer, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, UtcDateTime, utcnow


class AuditEntry(Base):
    """One change of one row: ``changes`` maps each field to ``[old, new]`` (JSON-safe values)."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(64))
    table_name: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    action: Mapped[str] = mapped_column(String(10))
    changes: Mapped[dict[str, Any]] = mapped_column(JSON)
    operation_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True, default=None)
