"""Changes the server refused, as the inbox shows them (Qt-free): what was typed, in the program's words, why it
was refused and who may do it instead; redone or dropped in one click. And the rows from the server that wait
to be stored here, with why.

Redoing is an ordinary edit: the values typed are put in again (a record the server has none of is made
again, with the same id), recorded and sent like any change, so it goes through the server's rules once more
(a director signed in, a decision's number filled in…).
"""

from __future__ import annotations

import contextlib
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any

from sqlalchemy import Date, func, select
from sqlalchemy import Enum as EnumType
from sqlalchemy.orm import Session

from desktop.core.dates import format_date
from desktop.core.money import format_money
from desktop.models import OutboxEntry, ParkedChange, Rejection
from desktop.models.base import Money
from desktop.services import roles
from desktop.services.lifecycle import RuleViolation
from sync import replica
from sync.conflicts import record_name
from sync.labels import FIELD_LABELS, TABLE_LABELS, table_label
from sync.protocol import SYNCED_TABLES, decode

SKIPPED = frozenset({"province_code", "search_text", "at", "actor", "id"})
"""Fields a change carries that say nothing to the user (who and when are shown beside it)."""


@dataclass(frozen=True)
class RefusalView:
    """One refused change as the inbox shows it."""

    id: int
    what: str  # "Đề án “KCĐP-2026-001”"
    change: str  # "Trạng thái: Đã phê duyệt; Kinh phí hỗ trợ được duyệt: 100.000.000"
    reason: str
    who_may: str  # "Giám đốc Trung tâm", or "" when no role is the reason
    typed_by: str
    typed_at: str  # dd/MM/yyyy HH:MM, local time


@dataclass(frozen=True)
class WaitingView:
    """A row from the server set aside on this PC, and why."""

    what: str
    reason: str


def shown(table: str, field: str, value: Any) -> str:
    """A stored value as people read it: a status by its label, money with dots, a date dd/MM/yyyy."""
    if value is None or value == "":
        return "(trống)"
    column = SYNCED_TABLES[table].c.get(field) if table in SYNCED_TABLES else None
    try:
        decoded = decode(column, value) if column is not None else value
    except ValueError:
        return str(value)
    if isinstance(decoded, bool):
        return "Có" if decoded else "Không"
    if isinstance(decoded, Enum):
        return str(getattr(decoded, "label", decoded.value))
    if column is not None and isinstance(column.type, EnumType):
        return str(decoded)
    if isinstance(decoded, datetime):
        return f"{format_date(decoded.astimezone().date())} {decoded.astimezone():%H:%M}"
    if isinstance(decoded, date) or (column is not None and isinstance(column.type, Date)):
        return format_date(decoded) if isinstance(decoded, date) else str(decoded)
    if isinstance(decoded, int) and column is not None and isinstance(column.type, Money):
        return format_money(decoded)
    return str(decoded)


def _change(refusal: Rejection) -> str:
    parts = [
        f"{FIELD_LABELS.get(field, field)}: {shown(refusal.table_name, field, pair[1])}"
        for field, pair in refusal.fields.items()
        if field not in SKIPPED
        and not _names_a_record(refusal.table_name, field)
        and isinstance(pair, list)
        and len(pair) == 2
        and (refusal.action not in ("insert", "import") or pair[1] not in (None, "", 0, False))
    ]
    verb = "Tạo mới" if refusal.action in ("insert", "import") else "Sửa"
    return f"{verb} — " + "; ".join(parts) if parts else verb


def _linked_table(table: str, field: str) -> str | None:
    """The synced table ``field`` links to (an id, meaningless to read: the record's name says it), if any."""
    column = SYNCED_TABLES[table].c.get(field) if table in SYNCED_TABLES else None
    linked = [k.column.table.name for k in column.foreign_keys] if column is not None else []
    return next((name for name in linked if name in SYNCED_TABLES), None)


def _names_a_record(table: str, field: str) -> bool:
    return _linked_table(table, field) is not None


def _what(session: Session, refusal: Rejection) -> str:
    """The refused record's name; a record the server has none of is gone from this PC, so it is named by the
    record it belongs to, from the values typed ("Bước chuyển của đề án “…”")."""
    named = record_name(session, refusal.table_name, refusal.row_id)
    if named != table_label(refusal.table_name):
        return named
    for field, pair in refusal.fields.items():
        parent = _linked_table(refusal.table_name, field)
        model = replica.MODELS.get(parent or "")
        if model is None or not isinstance(pair, list) or len(pair) != 2 or not pair[1]:
            continue
        with contextlib.suppress(ValueError):
            owner = session.get(model, uuid.UUID(str(pair[1])))
            kind = table_label(str(parent))
            kind = kind[:1].lower() + kind[1:]
            called = next((getattr(owner, a) for a in ("code", "name", "title") if getattr(owner, a, None)), None)
            return f"{named} của {kind} “{called}”" if called else f"{named} của {kind}"
    return named


def inbox(session: Session) -> list[RefusalView]:
    """The refused changes still waiting for the user, newest first."""
    found = session.scalars(
        select(Rejection).where(Rejection.status == "open").order_by(Rejection.at.desc(), Rejection.seq.desc())
    )
    views = []
    for refusal in found:
        moment = refusal.typed_at.astimezone()
        views.append(
            RefusalView(
                id=refusal.id,
                what=_what(session, refusal),
                change=_change(refusal),
                reason=refusal.reason,
                who_may=roles.ROLE_LABELS.get(refusal.needs, ""),
                typed_by=refusal.actor,
                typed_at=f"{format_date(moment.date())} {moment:%H:%M}",
            )
        )
    return views


def redo(session: Session, refusal_id: int) -> str:
    """Put the typed values in again as a new change, with every refused change of the same local action (an
    approval is its step and the proposal together), records before the records made under them; it all goes
    to the server once more. Returns what was done."""
    refusal = _open(session, refusal_id)
    together = [refusal]
    txn = session.scalar(select(OutboxEntry.txn).where(OutboxEntry.seq == refusal.seq))
    if txn:
        same = select(OutboxEntry.seq).where(OutboxEntry.txn == txn)
        together = list(
            session.scalars(
                select(Rejection).where(Rejection.status == "open", Rejection.seq.in_(same)).order_by(Rejection.seq)
            )
        )
    made = sum(_redo_one(session, r) for r in together)
    for r in together:
        r.status = "redone"
    if made:
        return "Đã tạo lại bản ghi: thay đổi sẽ được gửi ở lần đồng bộ tới"
    return "Đã làm lại thay đổi: sẽ được gửi ở lần đồng bộ tới"


def _redo_one(session: Session, refusal: Rejection) -> bool:
    """Put one refused change in again; True when the record had to be made again."""
    model = replica.MODELS.get(refusal.table_name)
    if model is None:
        raise RuleViolation("Bản ghi này thuộc loại phiên bản phần mềm này không có")
    table = SYNCED_TABLES[refusal.table_name]
    values = {
        field: decode(table.c[field], pair[1])
        for field, pair in refusal.fields.items()
        if field in table.c and isinstance(pair, list) and len(pair) == 2
    }
    row = session.get(model, refusal.row_id)
    if row is None:
        _parents_present(session, refusal.table_name, values)
        session.add(model(**{**values, "id": refusal.row_id}))
        session.flush()
        return True
    for field, value in values.items():
        if field not in ("id", "province_code") and getattr(row, field) != value:
            setattr(row, field, value)
    return False


def drop(session: Session, refusal_id: int) -> str:
    """Let a refused change go: the record stays as the server has it. A record the server had lost, kept
    here when the server refused it back (see :func:`sync.replica.refused`), goes: the server has none."""
    refusal = _open(session, refusal_id)
    refusal.status = "dropped"
    table = SYNCED_TABLES.get(refusal.table_name)
    if refusal.action in ("insert", "import") and table is not None:
        version = session.scalar(select(table.c.row_version).where(table.c.id == refusal.row_id))
        waiting = select(OutboxEntry.seq).where(OutboxEntry.row_id == refusal.row_id, OutboxEntry.acked_at.is_(None))
        if version == 0 and session.scalar(waiting.limit(1)) is None:
            replica.remove(session, refusal.table_name, str(refusal.row_id))
    return "Đã bỏ thay đổi bị từ chối; bản ghi giữ như trên máy chủ"


def _open(session: Session, refusal_id: int) -> Rejection:
    refusal = session.get(Rejection, refusal_id)
    if refusal is None or refusal.status != "open":
        raise RuleViolation("Thay đổi này đã được xử lý")
    return refusal


def _parents_present(session: Session, table: str, values: dict[str, Any]) -> None:
    """A record made again needs the records it belongs to (made again first, when they were refused too)."""
    for column in SYNCED_TABLES[table].columns:
        value = values.get(column.key)
        for key in column.foreign_keys if value is not None else ():
            parent = key.column.table.name
            if parent in replica.MODELS and session.get(replica.MODELS[parent], value) is None:
                label = TABLE_LABELS.get(parent, parent)
                raise RuleViolation(f"Hãy làm lại {label.lower()} mà bản ghi này thuộc về trước")


def waiting(session: Session) -> list[WaitingView]:
    """The rows from the server set aside here, oldest first, with why (in the program's words)."""
    views = []
    for parked in replica.parked(session):
        what = TABLE_LABELS.get(parked.table_name, parked.table_name)
        name = next((parked.data.get(f) for f in ("name", "title", "full_name", "code") if parked.data.get(f)), None)
        views.append(WaitingView(f"{what} “{name}”" if name else what, parked.reason))
    return views


def counts(session: Session) -> tuple[int, int]:
    """(refused changes waiting for the user, rows from the server waiting to be stored)."""
    refused = session.scalar(select(func.count()).select_from(Rejection).where(Rejection.status == "open")) or 0
    parked = session.scalar(select(func.count()).select_from(ParkedChange)) or 0
    return int(refused), int(parked)
