"""Deleting a record and bringing it back: never a hard delete (the row is marked, and the mark travels by
sync), and only as the signed-in account may (a proposal that carries the director's decision is the
director's to remove)."""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from desktop.models.base import Synced
from desktop.services import signed_in
from desktop.store import audit


def set_deleted(session: Session, cls: type[Synced], row_id: uuid.UUID, deleted: bool) -> None:
    """Mark the ``cls`` record ``row_id`` deleted (or bring it back). :class:`LookupError` when it is gone."""
    row = session.get(cls, row_id)
    if row is None:
        raise LookupError("Bản ghi không còn trong dữ liệu")
    signed_in.check_deletion(session, row)
    if deleted:
        audit.soft_delete(row)
    else:
        audit.restore(row)
