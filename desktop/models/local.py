"""Tables that belong to this installation only and never travel: settings and the log of user actions."""

import uuid
from datetime import datetime

from sqlalchemy import String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, UtcDateTime, new_id, utcnow


class AppSetting(Base):
    """One setting of this installation (centre name, province, signers…), stored as text."""

    __tablename__ = "app_setting"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


class Operation(Base):
    """One user action (one transaction): its audit entries carry its id, so it can be undone as a whole."""

    __tablename__ = "operation"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(64))
    label: Mapped[str] = mapped_column(String(300))
    undoes_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, default=None)
    undone_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
