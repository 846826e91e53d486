"""What a write changed: the tables it touched, gathered by the session itself (as Anki's operations return
``OpChanges``). The screens refresh from this, so no widget has to declare, and keep right by hand, which
tables an action touches: an action that starts writing one more table is shown everywhere at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Table, event
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker
from sqlalchemy.sql import visitors
from sqlalchemy.sql.visitors import ExternallyTraversible

CHANGES_KEY = "changed_tables"  # session.info key: the names of the tables this session has written


@dataclass(frozen=True)
class Changes:
    """The tables one write (or a sync, which may change anything: ``everything``) touched."""

    tables: frozenset[str] = frozenset()
    everything: bool = False

    def touches(self, tables: Iterable[str]) -> bool:
        """True when any of ``tables`` was written (a list that reads them must refresh)."""
        return self.everything or not self.tables.isdisjoint(tables)


EVERYTHING = Changes(everything=True)


def of(session: Session) -> Changes:
    """What ``session`` has written so far (flushed or not)."""
    return Changes(frozenset(session.info.get(CHANGES_KEY, set()) | _pending(session)))


def _pending(session: Session) -> set[str]:
    return {obj.__table__.name for obj in (*session.new, *session.dirty, *session.deleted)}


def tables_in(element: ExternallyTraversible) -> frozenset[str]:
    """The names of every table a statement or an expression reads (its joins and its subqueries too)."""
    return frozenset(str(e.name) for e in visitors.iterate(element) if isinstance(e, Table))


def _flushing(session: Session, _flush_context: object, _instances: object) -> None:
    session.info.setdefault(CHANGES_KEY, set()).update(_pending(session))


def _executing(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:  # a bulk statement bypasses the flush
        table = state.statement.table  # type: ignore[attr-defined]
        state.session.info.setdefault(CHANGES_KEY, set()).add(str(table.name))


def install(target: sessionmaker[Session]) -> None:
    """Gather the written tables in every session of ``target`` (for the reason given at
    :func:`desktop.store.audit.install`, not guarded by ``event.contains``)."""
    event.listen(target, "before_flush", _flushing)
    event.listen(target, "do_orm_execute", _executing)
