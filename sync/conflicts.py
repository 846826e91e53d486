"""The conflict inbox (Qt-free): what two people changed at once, shown plainly, settled in one click.

Settling a conflict is an ordinary synced edit: the record takes the chosen value (when it is not the one
kept already) and the conflict is marked resolved, in one transaction; both travel to the server like any
change, so every PC of the province sees the conflict settled.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from desktop.models import SyncConflict
from desktop.services.lifecycle import RuleViolation
from desktop.services.merge import merge
from desktop.store.clock import parse_hlc
from sync.client import MODELS, open_conflicts
from sync.labels import FIELD_LABELS, TABLE_LABELS
from sync.protocol import SYNCED_TABLES, decode


@dataclass(frozen=True)
class ConflictView:
    """One open conflict as the inbox shows it."""

    id: uuid.UUID
    what: str  # "Cơ sở CNNT “Cơ sở gốm Thanh Hà”"
    field: str
    kept: str
    kept_by: str
    kept_at: str
    other: str
    other_by: str
    other_at: str
    needs_review: bool
    duplicate: bool = False
    """Two records that are probably one (made separately): keep both, or merge this one into the other."""


def _shown(value: Any) -> str:
    if value is None:
        return "(trống)"
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, int):
        from desktop.core.money import format_money

        return format_money(value)
    if isinstance(value, dict):  # an edit that landed on a deleted record: what it changed
        return "; ".join(f"{FIELD_LABELS.get(k, k)}: {_shown(v[1])}" for k, v in value.items())
    return str(value)


def _when(clock: str) -> str:
    if not clock:
        return ""
    from datetime import UTC, datetime

    from desktop.core.dates import format_date

    moment = datetime.fromtimestamp(parse_hlc(clock)[0] / 1000, UTC).astimezone()
    return f"{format_date(moment.date())} {moment:%H:%M}"


DUPLICATE_REASONS = {
    "tax_code": "cùng mã số thuế",
    "name": "cùng tên, cùng xã/phường",
    "cccd": "cùng số CCCD",
    "full_name": "cùng họ tên, cùng ngày sinh",
}


def record_name(session: Session, table: str, record_id: uuid.UUID) -> str:
    """A record as people name it: its kind, and its name or code when it has one ("Đề án “KCĐP-…”")."""
    model = MODELS.get(table)
    label = TABLE_LABELS.get(table, table)
    if model is None:
        return label
    row = session.get(model, record_id)
    name = next((getattr(row, a) for a in ("name", "title", "full_name", "code") if hasattr(row, a)), None)
    if name:
        return f"{label} “{name}”"
    proposal = getattr(row, "proposal", None)  # a step, a budget line…: named by the proposal it belongs to
    return f"{label} của đề án “{proposal.code}”" if proposal is not None else label


def inbox(session: Session) -> list[ConflictView]:
    """Open conflicts, those needing a decision first, newest first."""
    found = sorted(open_conflicts(session), key=lambda c: c.kind != "review")  # stable: newest first stays
    views = []
    for conflict in found:
        if conflict.kind == "duplicate":
            views.append(_duplicate_view(session, conflict))
            continue
        deleted = conflict.field == "deleted_at"
        views.append(
            ConflictView(
                id=conflict.id,
                what=record_name(session, conflict.table_name, conflict.record_id),
                field=FIELD_LABELS.get(conflict.field, conflict.field),
                kept="Đã xóa" if deleted and conflict.kept_value else _shown(conflict.kept_value),
                kept_by=conflict.kept_by,
                kept_at=_when(conflict.kept_at),
                other=_shown(conflict.other_value),
                other_by=conflict.other_by,
                other_at=_when(conflict.other_at),
                needs_review=conflict.kind == "review",
            )
        )
    return views


def _duplicate_view(session: Session, conflict: SyncConflict) -> ConflictView:
    other = record_name(session, conflict.table_name, uuid.UUID(str(conflict.other_value)))
    return ConflictView(
        id=conflict.id,
        what=record_name(session, conflict.table_name, conflict.record_id),
        field="Có thể trùng (" + DUPLICATE_REASONS.get(conflict.field, conflict.field) + ")",
        kept="Bản ghi này",
        kept_by=conflict.kept_by,
        kept_at=_when(conflict.kept_at),
        other=other,
        other_by=conflict.other_by,
        other_at=_when(conflict.other_at),
        needs_review=False,
        duplicate=True,
    )


def resolve(session: Session, conflict_id: uuid.UUID, use_other: bool) -> str:
    """Settle a conflict: keep the value kept, or put the other one in. Returns what was done, for the user.

    For an edit that landed on a deleted record, "the other" means restoring the record.
    """
    conflict = session.get(SyncConflict, conflict_id)
    if conflict is None or conflict.status != "open":
        raise RuleViolation("Xung đột này đã được xử lý")
    model = MODELS.get(conflict.table_name)
    row = session.get(model, conflict.record_id) if model is not None else None
    if conflict.kind == "duplicate":
        if use_other:
            assert model is not None
            merge(session, model, conflict.record_id, uuid.UUID(str(conflict.other_value)))
        conflict.status = "resolved"
        conflict.resolution = "gộp vào bản kia" if use_other else "giữ cả hai"
        return "Đã gộp vào bản ghi kia" if use_other else "Đã giữ cả hai bản ghi"
    if use_other:
        if row is None:
            raise RuleViolation("Bản ghi không còn trên máy này")
        if conflict.field == "deleted_at":
            row.deleted_at = None
        else:
            column = SYNCED_TABLES[conflict.table_name].c[conflict.field]
            setattr(row, conflict.field, decode(column, conflict.other_value))
    conflict.status = "resolved"
    conflict.resolution = "dùng giá trị kia" if use_other else "giữ giá trị hiện tại"
    if conflict.field == "deleted_at":
        return "Đã khôi phục bản ghi" if use_other else "Bản ghi vẫn ở trạng thái đã xóa"
    return "Đã dùng giá trị kia" if use_other else "Đã giữ giá trị hiện tại"


def resolve_many(session: Session, conflict_ids: list[uuid.UUID], use_other: bool) -> str:
    """Settle many conflicts the same way, in the caller's one transaction (one step to undo). A conflict
    already settled (on another PC, synced meanwhile) is passed over and counted. Returns what was done."""
    done: dict[str, int] = {}
    passed = 0
    for conflict_id in conflict_ids:
        try:
            said = resolve(session, conflict_id, use_other)
        except RuleViolation:
            passed += 1
            continue
        done[said] = done.get(said, 0) + 1
    if len(conflict_ids) == 1 and done:
        return next(iter(done))
    from desktop.core.money import format_money

    parts = [f"{said} ({format_money(count)})" for said, count in done.items()]
    if passed:
        parts.append(f"bỏ qua {format_money(passed)} xung đột đã được xử lý trước đó")
    return "; ".join(parts) or "Không có xung đột nào cần xử lý"


def preview(views: list[ConflictView], use_other: bool, shown: int = 12) -> list[str]:
    """What settling ``views`` will do, one line each (at most ``shown``, then how many more)."""
    lines = []
    for view in views[:shown]:
        if view.duplicate:
            lines.append(f"{view.what} → gộp vào {view.other}" if use_other else f"{view.what}: giữ cả hai")
        else:
            value = view.other if use_other else view.kept
            lines.append(f"{view.what} — {view.field}: {value}")
    if len(views) > shown:
        from desktop.core.money import format_money

        lines.append(f"… và {format_money(len(views) - shown)} dòng nữa")
    return lines
