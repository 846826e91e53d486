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

from desktop.services import audit, crashpoints, search
from desktop.services.text import fold

# Numeric columns (quantities, percentages) are read back quantised to their scale, so SQLite's REAL
# storage loses nothing at the precisions we use; the generic warning would only be noise.
warnings.filterwarnings("ignore", message=r".*support Decimal objects natively.*", category=sa_exc.SAWarning)


def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()
    # fold() in SQL gives accent-insensitive search and sort keys ("da nang" finds "Đà Nẵng").
    dbapi_connection.create_function("fold", 1, lambda s: None if s is None else fold(s), deterministic=True)


def _driver_autocommit(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    dbapi_connection.isolation_level = None


def _begin(connection: Connection) -> None:
    connection.exec_driver_sql("BEGIN")


def create_sqlite_engine(path: Path, transactional_ddl: bool = False) -> Engine:
    """An engine on the SQLite file ``path`` with WAL, foreign keys and the ``fold()`` SQL function.

    ``transactional_ddl``: the driver by itself starts a transaction only before INSERT/UPDATE/DELETE, so
    a CREATE or DROP would commit on its own; migrations need every statement inside one transaction, or a
    crash halfway leaves a schema that is neither the old one nor the new one.
    """
    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", _on_connect)
    if transactional_ddl:
        event.listen(engine, "connect", _driver_autocommit)
        event.listen(engine, "begin", _begin)
    return engine


class Database:
    """An open local database: hands out sessions; every write through them is audited."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.engine = create_sqlite_engine(path)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        audit.install(self._sessions)
        search.install(self._sessions)

    def session(self, actor: str = audit.SYSTEM_ACTOR) -> Session:
        """A new session whose changes are recorded as made by ``actor``."""
        session = self._sessions()
        session.info[audit.ACTOR_KEY] = actor
        return session

    @contextmanager
    def transaction(self, actor: str = audit.SYSTEM_ACTOR, label: str | None = None) -> Iterator[Session]:
        """One user action: a session committed once at the end, rolled back whole on any error.

        With ``label`` the action is recorded as an operation the user can undo (services.undo).
        """
        with self.session(actor) as session, session.begin():
            if label is not None:
                from desktop.services import undo

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
