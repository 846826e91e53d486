"""What this installation keeps to sync with the server (design/sync.md): the outbox of its own changes,
the cursor of each scope it pulls, and the conflicts the server recorded.

The outbox and the cursors belong to this installation and never travel; a conflict record is an
ordinary synced row of its province, so resolving it on one PC shows it resolved on every PC.
"""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, Synced, UtcDateTime, utcnow


class OutboxEntry(Base):
    """One local change of one synced row, waiting to be pushed (``acked_at`` empty) or archived.

    ``seq`` is this installation's mutation number: strictly increasing, never reused (SQLite
    AUTOINCREMENT), so the server recognises a retried push. ``fields`` maps each changed field to
    ``[base, new]``: the value the user saw and the value they typed (JSON values, as the audit trail
    stores them). Archived entries stay, so a server restored from a backup can be sent them again.
    """

    __tablename__ = "sync_outbox"
    __table_args__ = ({"sqlite_autoincrement": True},)

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    table_name: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    province_code: Mapped[str] = mapped_column(String(2))
    action: Mapped[str] = mapped_column(String(10))  # insert, update, delete, restore
    fields: Mapped[dict[str, Any]] = mapped_column(JSON)
    hlc: Mapped[str] = mapped_column(String(60))
    actor: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    acked_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None, index=True)
    outcome: Mapped[str] = mapped_column(String(20), default="")  # applied, conflict, rejected
    message: Mapped[str] = mapped_column(Text, default="")
    txn: Mapped[str] = mapped_column(String(32), default="", server_default="")
    """The local transaction the change was made in: the server applies a transaction's changes together or
    refuses them together (an approval is its step record and the proposal's new status, never one alone)."""


class SyncCursor(Base):
    """How far this installation has pulled one scope (a province code) of the server's change log."""

    __tablename__ = "sync_cursor"

    scope: Mapped[str] = mapped_column(String(2), primary_key=True)
    position: Mapped[int] = mapped_column(BigInteger, default=0)
    epoch: Mapped[str] = mapped_column(String(40), default="")


class SnapshotProgress(Base):
    """A first copy of a scope being downloaded: how far it got (``position``) and from which server
    database (``epoch``). Rows wait in ``sync_snapshot_row`` until the whole copy is checked."""

    __tablename__ = "sync_snapshot"

    scope: Mapped[str] = mapped_column(String(2), primary_key=True)
    position: Mapped[int] = mapped_column(BigInteger, default=0)
    epoch: Mapped[str] = mapped_column(String(40), default="")


class SnapshotRow(Base):
    """One row of a scope's first copy, as the server sent it, until the copy is complete and checked."""

    __tablename__ = "sync_snapshot_row"

    scope: Mapped[str] = mapped_column(String(2), primary_key=True)
    table_name: Mapped[str] = mapped_column(String(40), primary_key=True)
    row_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    position: Mapped[int] = mapped_column(BigInteger)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


class ParkedChange(Base):
    """A row pulled from the server that this installation cannot store yet: its parent has not arrived
    (it comes on a later page), a value this version cannot hold, or a key a local record still holds.
    It is set aside with the reason, tried again after every page and every push, and never stops the
    rest of the pull; the Đồng bộ page says how many wait and why."""

    __tablename__ = "sync_parked"

    table_name: Mapped[str] = mapped_column(String(40), primary_key=True)
    row_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    scope: Mapped[str] = mapped_column(String(2))
    position: Mapped[int] = mapped_column(BigInteger)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    reason: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class Rejection(Base):
    """A change made here that the server refused (a step only the director may take, a record another PC
    already made, a value the rules do not allow). The record was put back as the server has it; what was
    typed waits here, with the reason and who may do it instead, until the user redoes or drops it."""

    __tablename__ = "sync_rejection"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    seq: Mapped[int] = mapped_column(Integer, index=True)  # the outbox entry refused
    table_name: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    action: Mapped[str] = mapped_column(String(10))
    fields: Mapped[dict[str, Any]] = mapped_column(JSON)  # field -> [base, new], as it was sent
    reason: Mapped[str] = mapped_column(Text, default="")
    needs: Mapped[str] = mapped_column(String(20), default="")  # the role that may do it ("director"), if any
    actor: Mapped[str] = mapped_column(String(64), default="")
    typed_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)  # when the refusal arrived
    status: Mapped[str] = mapped_column(String(10), default="open", index=True)  # open, redone, dropped


class SyncConflict(Synced, Base):
    """A field two people changed at once: the value kept and the value set aside, who and when.

    ``kind`` is ``auto`` (an ordinary field: the later edit won, the other value can be put back in one
    click) or ``review`` (money, status, approvals: the server's value stays until someone decides).
    ``status`` goes from ``open`` to ``resolved``; resolving is an ordinary synced edit.
    """

    __tablename__ = "sync_conflict"

    table_name: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    field: Mapped[str] = mapped_column(String(60))
    kind: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(10), default="open")
    kept_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    kept_by: Mapped[str] = mapped_column(String(64), default="")
    kept_at: Mapped[str] = mapped_column(String(60), default="")
    other_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    other_by: Mapped[str] = mapped_column(String(64), default="")
    other_at: Mapped[str] = mapped_column(String(60), default="")
    resolution: Mapped[str] = mapped_column(String(300), default="")
