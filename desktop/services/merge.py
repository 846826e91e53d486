"""Merging two records of one establishment (or one person) that two staff made separately.

Everything that refers to the duplicate comes to refer to the kept record, fields the kept record lacks
are filled from the duplicate, and the duplicate is deleted (softly: it can be restored, and its history
stays). Each of these is an ordinary audited, synced edit, all in the caller's transaction.
"""

from __future__ import annotations

import uuid

from sqlalchemy import UniqueConstraint, func, select
from sqlalchemy.orm import Session

from desktop.models.base import SYNC_COLUMNS, Base, Synced
from desktop.services.lifecycle import RuleViolation
from desktop.store import audit

LOCAL_COLUMNS = frozenset({"search_text"})


def merge(session: Session, model: type[Synced], duplicate_id: uuid.UUID, keep_id: uuid.UUID) -> int:
    """Fold ``duplicate_id`` into ``keep_id``; returns how many records now refer to the kept one.

    A link the kept record already has (the same facility twice among a proposal's beneficiaries, the
    same trainee twice on a roster) is not moved but deleted with the duplicate."""
    duplicate, keep = session.get(model, duplicate_id), session.get(model, keep_id)
    if duplicate is None or keep is None or duplicate_id == keep_id:
        raise RuleViolation("Không tìm thấy hai bản ghi để gộp trên máy này")
    if keep.deleted_at is not None:
        raise RuleViolation("Bản ghi được giữ lại đã bị xóa: hãy khôi phục nó trước khi gộp")
    # The duplicate goes first (its own flush, so its deletion is queued for the server first): the kept
    # record taking its tax code must not look like a new duplicate of it.
    audit.soft_delete(duplicate)
    session.flush()
    tables = Base.metadata.tables
    own = tables[model.__tablename__]
    for column in own.columns:
        key = column.key
        if key in SYNC_COLUMNS or key in LOCAL_COLUMNS or column.primary_key:
            continue
        if getattr(keep, key) in (None, "") and getattr(duplicate, key) not in (None, ""):
            setattr(keep, key, getattr(duplicate, key))
    moved = 0
    for mapper in Base.registry.mappers:
        child = mapper.class_
        if not issubclass(child, Synced):
            continue
        table = tables[child.__tablename__]
        for foreign in table.foreign_keys:
            if foreign.column.table is not own:
                continue
            name = foreign.parent.key
            siblings = [
                [c.key for c in constraint.columns if c.key != name]
                for constraint in table.constraints
                if isinstance(constraint, UniqueConstraint) and name in constraint.columns
            ]
            for row in session.scalars(select(child).where(getattr(child, name) == duplicate_id)):
                clash = any(
                    session.scalar(
                        select(func.count())
                        .select_from(child)
                        .where(getattr(child, name) == keep_id, *[getattr(child, k) == getattr(row, k) for k in keys])
                    )
                    for keys in siblings
                )
                if clash:
                    audit.soft_delete(row)
                else:
                    setattr(row, name, keep_id)
                    moved += 1
    return moved
