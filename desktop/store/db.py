"""The local SQLite database: engine settings, sessions that know who is working, one transaction per action."""

from __future__ import annotations

import sqlite3
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session, sessionmaker

from desktop.core.text import fold
from desktop.store import audit, changes, crashpoints, search

# Numeric columns (quantities, percentages) are read back quantised to their scale, so SQLite's REAL
# storage loses nothing at the precisions we use; the generic warning would only be noise.
warnings.filterwarnings("ignore", message=r".*support Decimal objects natively.*", category=sa_exc.SAWarning)


BUSY_TIMEOUT_MS = 10_000
"""How long a write waits for another connection's write to end before it fails."""


def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()
    # fold() in SQL gives accent-insensitive search and sort keys ("da nang" finds "Đà Nẵng").
    dbapi_connection.create_function("fold", 1, lambda s: None if s is None else fold(s), deterministic=True)


def _driver_autocommit(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    dbapi_connection.isolation_level = None


def _begin(connection: Connection) -> None:
    connection.exec_driver_sql("BEGIN")


def read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot change the file at ``path`` nor create anything beside it: with no journal
    beside the file nothing else is writing it, and SQLite is told it is immutable (no lock files, which a
    read-only folder would refuse anyway); with one, the journal is read too."""
    journal = Path(f"{path}-wal")
    mode = "mode=ro" if journal.exists() and journal.stat().st_size > 0 else "immutable=1"
    return sqlite3.connect(f"{path.resolve().as_uri()}?{mode}", uri=True, check_same_thread=False)


def _on_connect_reading(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    dbapi_connection.execute("PRAGMA foreign_keys=ON")
    dbapi_connection.create_function("fold", 1, lambda s: None if s is None else fold(s), deterministic=True)


def create_sqlite_engine(path: Path, transactional_ddl: bool = False, *, reading: bool = False) -> Engine:
    """An engine on the SQLite file ``path`` with WAL, foreign keys and the ``fold()`` SQL function.

    ``transactional_ddl``: the driver by itself starts a transaction only before INSERT/UPDATE/DELETE, so
    a CREATE or DROP would commit on its own; migrations need every statement inside one transaction, or a
    crash halfway leaves a schema that is neither the old one nor the new one.
    """
    if reading:  # a file or folder that cannot be written: read as it is, nothing made beside it
        engine = create_engine("sqlite://", creator=lambda: read_only(path))
        event.listen(engine, "connect", _on_connect_reading)
        return engine
    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", _on_connect)
    if transactional_ddl:
        event.listen(engine, "connect", _driver_autocommit)
        event.listen(engine, "begin", _begin)
    return engine


class Database:
    """An open local database: hands out sessions; every write through them is audited."""

    def __init__(self, path: Path, *, reading: bool = False) -> None:
        """``reading``: the file is only read (it is in a folder, or is a file, that cannot be written)."""
        self.path = path
        self.reading = reading
        self.engine = create_sqlite_engine(path, reading=reading)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        audit.install(self._sessions)
        search.install(self._sessions)
        changes.install(self._sessions)  # last: it sees the rows the audit trail and the index add too

    def session(self, actor: str = audit.SYSTEM_ACTOR) -> Session:
        """A new session whose changes are recorded as made by ``actor``."""
        session = self._sessions()
        session.info[audit.ACTOR_KEY] = actor
        return session

    @contextmanager
    def transaction(self, actor: str = audit.SYSTEM_ACTOR, label: str | None = None) -> Iterator[Session]:
        """One user action: a session committed once at the end, rolled back whole on any error.

        With ``label`` the action is recorded as an operation the user can undo (store.undo).
        """
        with self.session(actor) as session, session.begin():
            if label is not None:
                from desktop.store import undo

                undo.begin(session, label)
            yield session
            session.flush()
            crashpoints.reached("local-change-recorded")

    @property
    def attachments_dir(self) -> Path:
        """Where attachment files live: beside the database file, named by their content hash."""
        return self.path.parent / "attachments"

    def close(self) -> None:
        self.engine.dispose()
