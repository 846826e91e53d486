"""The database file's life: create, migrate (after copying it aside), check, open."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from desktop.db import Database, create_sqlite_engine
from desktop.services import audit

if TYPE_CHECKING:  # Alembic is imported only when a schema has to be checked or changed (fast start)
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
# The newest migration; a test keeps it equal to Alembic's head. A file already there (and seeded with
# this program's reference data) opens without loading Alembic at all.
HEAD_REVISION = "0008"
REFERENCE_SEED_KEY = "reference_seed"


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {script.revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def managed_by_alembic(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    """Alembic compares everything but the FTS5 search indexes (virtual tables made by services.search)."""
    from desktop.services.search import FTS_SUFFIX

    return not (type_ == "table" and name is not None and FTS_SUFFIX in name)


class NewerDatabaseError(ValueError):
    """The file's schema is newer than this program knows: nothing is touched."""


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def backup_copy(path: Path, label: str) -> Path:
    """Copy the database aside with SQLite's online backup (consistent even in WAL mode)."""
    folder = path.parent / "backups"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{path.stem}-{label}-{stamp}.sqlite3"
    with closing(sqlite3.connect(path)) as source, closing(sqlite3.connect(target)) as copy:
        source.backup(copy)
    return target


@dataclass
class UpgradeResult:
    before: str | None
    after: str
    backup: Path | None

    @property
    def changed(self) -> bool:
        return self.before != self.after


def upgrade(path: Path, revision: str = "head") -> UpgradeResult:
    """Migrate the database at ``path`` (creating it if absent); an existing file is copied aside first."""
    path.parent.mkdir(parents=True, exist_ok=True)
    existed = path.exists() and path.stat().st_size > 0
    engine = create_sqlite_engine(path, transactional_ddl=True)
    try:
        before = current_revision(engine)
        target = head_revision() if revision == "head" else revision
        if before is not None and before not in known_revisions():
            raise NewerDatabaseError(
                f"Tệp dữ liệu {path} được tạo bởi phiên bản phần mềm mới hơn ({before}): hãy cập nhật phần mềm;"
                " tệp được giữ nguyên"
            )
        backup = None
        if before != target and existed:
            backup = backup_copy(path, f"truoc-nang-cap-{before or 'moi'}")
        from alembic import command

        config = alembic_config()
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, target)
        return UpgradeResult(before, target, backup)
    finally:
        engine.dispose()


def downgrade(path: Path, revision: str) -> None:
    """Step the schema back (for tests and emergencies); the file is copied aside first."""
    backup_copy(path, "truoc-ha-cap")
    engine = create_sqlite_engine(path, transactional_ddl=True)
    try:
        from alembic import command

        config = alembic_config()
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, revision)
    finally:
        engine.dispose()


@dataclass
class CheckReport:
    """What ``khuyencong db check`` found; ``problems`` are in Vietnamese."""

    revision: str | None
    head: str
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check(path: Path) -> CheckReport:
    """Integrity, foreign keys and schema version of the database at ``path``."""
    head = head_revision()
    if not path.exists():
        return CheckReport(None, head, [f"Không tìm thấy tệp dữ liệu {path}"])
    engine = create_sqlite_engine(path)
    try:
        revision = current_revision(engine)
        report = CheckReport(revision, head)
        with engine.connect() as connection:
            integrity = [r[0] for r in connection.exec_driver_sql("PRAGMA integrity_check").fetchall()]
            if integrity != ["ok"]:
                report.problems.append("Tệp dữ liệu bị hỏng: " + "; ".join(integrity[:5]))
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                tables = sorted({str(r[0]) for r in broken})
                report.problems.append(f"{len(broken)} liên kết bị hỏng trong các bảng: {', '.join(tables)}")
            if revision == head:
                from desktop.services import search

                damaged = [t for t in search.SEARCHABLE if not search.index_is_sound(connection, t)]
                if damaged:
                    report.problems.append(
                        "Chỉ mục tìm kiếm không khớp dữ liệu ở các bảng: "
                        + ", ".join(damaged)
                        + " (chạy: khuyencong db reindex để dựng lại)"
                    )
        if revision is None:
            report.problems.append("Tệp chưa được khởi tạo cấu trúc dữ liệu (chạy: khuyencong db upgrade)")
        elif revision != head:
            if revision in known_revisions():
                report.problems.append(
                    f"Cấu trúc dữ liệu cũ ({revision}), cần nâng cấp lên {head}: khuyencong db upgrade"
                )
            else:
                report.problems.append(
                    f"Tệp được tạo bởi phiên bản phần mềm mới hơn ({revision}): hãy cập nhật phần mềm"
                )
        return report
    finally:
        engine.dispose()


def prepare(path: Path) -> UpgradeResult:
    """Create or migrate the database at ``path`` and put the reference data in place."""
    from desktop.models.local import AppSetting
    from desktop.services import reference_data

    result = upgrade(path)
    database = Database(path)
    try:
        with database.transaction() as session:
            # Shipped with the program, the same on every installation and on the server (which serves
            # the national rows): not local changes to send.
            session.info[audit.REMOTE_KEY] = True
            reference_data.seed(session)
            session.merge(AppSetting(key=REFERENCE_SEED_KEY, value=reference_data.fingerprint()))
    finally:
        database.close()
    return result


def is_ready(path: Path) -> bool:
    """True when the file is at this program's schema and holds its reference data: nothing to prepare."""
    from desktop.services import reference_data

    if not path.is_file() or path.stat().st_size == 0:
        return False
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
            (revision,) = connection.execute("SELECT version_num FROM alembic_version").fetchone() or ("",)
            row = connection.execute("SELECT value FROM app_setting WHERE key = ?", (REFERENCE_SEED_KEY,)).fetchone()
    except sqlite3.Error:
        return False
    return revision == HEAD_REVISION and row is not None and row[0] == reference_data.fingerprint()


def open_database(path: Path) -> Database:
    """Open the database at ``path``, creating and migrating it as needed, with reference data in place."""
    if not is_ready(path):
        prepare(path)
    return Database(path)
