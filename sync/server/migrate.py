"""The server database's schema, made and upgraded by Alembic when a server process starts.

Several processes may start at once on one PostgreSQL: the first to take the migration lock upgrades,
the others then find the schema current. A SQLite database is copied aside before it is upgraded; for
PostgreSQL the log says to take a dump first (``pg_dump``), which a program cannot do for the operator.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text

if TYPE_CHECKING:  # Alembic is imported when the server starts, not by every tool that reads the schema
    from alembic.config import Config
    from alembic.script import ScriptDirectory

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_LOCK = 0x6B68_636F_6E67  # pg_advisory_xact_lock key of the server's migrations ("khcong")

log = logging.getLogger(__name__)


class NewerDatabaseError(ValueError):
    """The database was upgraded by a newer server: this one would misread it, so it does not start."""


def alembic_config(connection: Connection) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def _scripts() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(MIGRATIONS_DIR))


def head(scripts: ScriptDirectory | None = None) -> str:
    found = (scripts or _scripts()).get_current_head()
    assert found is not None
    return found


def current(connection: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, writing_options: dict[str, object]) -> tuple[str | None, str]:
    """Bring the database to the newest revision (a new database gets every table); (before, after).
    ``writing_options``: the execution options that make the transaction take the write lock (SQLite)."""
    from alembic import command

    scripts = _scripts()  # read once: every server process does this at start
    known = {script.revision for script in scripts.walk_revisions()}
    target = head(scripts)
    with engine.connect() as connection:
        connection.execution_options(**writing_options)
        with connection.begin():
            if engine.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK})
            before = current(connection)
            if before == target:
                return before, target
            if before is not None and before not in known:
                raise NewerDatabaseError(
                    f"Cơ sở dữ liệu máy chủ đã được nâng cấp bởi phiên bản mới hơn (bản {before}): "
                    "hãy cài phiên bản máy chủ mới nhất; dữ liệu được giữ nguyên"
                )
            _copy_aside(engine, connection, before)
            command.upgrade(alembic_config(connection), target)
            log.info("server database upgraded from %s to %s", before or "nothing", target)
    return before, target


def _copy_aside(engine: Engine, connection: Connection, before: str | None) -> None:
    if before is None and not inspect(connection).has_table("sync_setting"):
        return  # a new database: nothing to keep (a server from before migrations left tables: keep them)
    if engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:"):
        from desktop.services.storage import backup_copy

        copy = backup_copy(Path(str(engine.url.database)), f"truoc-nang-cap-{before or 'cu'}")
        log.info("server database copied to %s before the upgrade", copy)
    else:
        log.warning("upgrading the server database from %s: take a pg_dump before every upgrade", before)
