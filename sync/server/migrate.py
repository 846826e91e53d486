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


DATA_VERSION_TABLE = "alembic_version_data"
"""Where the revision of the provinces' tables is kept: they are the models' own tables, made and upgraded by
the same migrations as on every PC (``desktop/migrations``), beside the server's own chain."""


def data_current(connection: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection, opts={"version_table": DATA_VERSION_TABLE}).get_current_revision()


def upgrade(engine: Engine, writing_options: dict[str, object]) -> tuple[str | None, str]:
    """Bring the database to the newest revision (a new database gets every table); (before, after) of the
    server's own chain. The provinces' tables (the models' migrations) go first: the server's revisions may
    move rows into them. ``writing_options``: the execution options that make the transaction take the write
    lock (SQLite)."""
    from alembic import command

    from desktop.store import checks

    scripts = _scripts()  # read once: every server process does this at start
    known = {script.revision for script in scripts.walk_revisions()}
    target = head(scripts)
    data_target = checks.HEAD_REVISION
    with engine.connect() as connection:
        connection.execution_options(**writing_options)
        with connection.begin():
            if engine.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK})
            before, data_before = current(connection), data_current(connection)
            if before == target and data_before == data_target:
                return before, target
            newer = (before is not None and before not in known) or (
                data_before is not None and data_before not in checks.known_revisions()
            )
            if newer:
                raise NewerDatabaseError(
                    f"Cơ sở dữ liệu máy chủ đã được nâng cấp bởi phiên bản mới hơn (bản {before}, {data_before}): "
                    "hãy cài phiên bản máy chủ mới nhất; dữ liệu được giữ nguyên"
                )
            _copy_aside(engine, connection, before)
            data = checks.alembic_config()
            data.attributes.update(connection=connection, version_table=DATA_VERSION_TABLE, installation=False)
            command.upgrade(data, data_target)
            command.upgrade(alembic_config(connection), target)
            log.info("server database upgraded from %s to %s", before or "nothing", target)
    return before, target


def _copy_aside(engine: Engine, connection: Connection, before: str | None) -> None:
    if before is None and not inspect(connection).has_table("sync_setting"):
        return  # a new database: nothing to keep (a server from before migrations left tables: keep them)
    if engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:"):
        from desktop.store.storage import backup_copy

        copy = backup_copy(Path(str(engine.url.database)), f"truoc-nang-cap-{before or 'cu'}")
        log.info("server database copied to %s before the upgrade", copy)
    else:
        log.warning("upgrading the server database from %s: take a pg_dump before every upgrade", before)


def differences(connection: Connection) -> list[object]:
    """What the database's tables differ in from the server's own and the models' (empty: in step)."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from desktop.models import Base
    from desktop.store.storage import managed_by_alembic
    from sync.server import schema

    def include(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
        if type_ == "table" and name in ("alembic_version", DATA_VERSION_TABLE):
            return False
        return managed_by_alembic(obj, name, type_, reflected, compare_to)

    context = MigrationContext.configure(connection, opts={"include_object": include, "compare_type": True})
    return list(compare_metadata(context, [schema.metadata, Base.metadata]))  # type: ignore[arg-type]
