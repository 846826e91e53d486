"""The database file's life: create, migrate (after copying it aside), check, open.

A file that cannot be used (damaged, cut short, in a folder that cannot be written) is refused before
anything opens it for writing, with what is wrong and what to do in Vietnamese: the file is left as it was.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Collection
from contextlib import closing
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session

from desktop.core.errors import Refused
from desktop.store import audit, backups
from desktop.store.checks import (
    _LISTED,
    _RECORDS,
    HEAD_REVISION,
    alembic_config,
    damage_of,
    damage_summary,
    fault,
    folder_writable,
    head_revision,
    known_revisions,
    rule_breaks,
    unsound,
)
from desktop.store.db import Database, create_sqlite_engine, read_only

if TYPE_CHECKING:  # Alembic is imported only when a schema has to be checked or changed (fast start)
    pass

REFERENCE_SEED_KEY = "reference_seed"


def managed_by_alembic(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    """Alembic compares everything but the FTS5 search indexes (virtual tables made by store.search)."""
    from desktop.store.search import FTS_SUFFIX

    return not (type_ == "table" and name is not None and FTS_SUFFIX in name)


class NewerDatabaseError(ValueError):
    """The file's schema is newer than this program knows: nothing is touched."""


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def backup_copy(path: Path, label: str) -> Path:
    """Copy a SQLite file into ``backups/`` beside it with SQLite's online backup (consistent even in WAL
    mode), uncompressed and unchecked: the sync server's own file before its migrations. The desktop's
    database is copied by ``store.backups``, which checks and compresses its copies."""
    folder = path.parent / "backups"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{path.stem}-{label}-{stamp}.sqlite3"
    with closing(sqlite3.connect(path)) as source, closing(sqlite3.connect(target)) as copy:
        source.backup(copy)
    return target


class Unusable(Refused):
    """The database file cannot be used as it is: the message says what is wrong with which file and what
    the user can do. Nothing was written to it. ``damage``: what is damaged, when that is the reason."""

    def __init__(self, message: str, damage: str | None = None) -> None:
        super().__init__(message)
        self.damage = damage


class NotWritable(Unusable):
    """The file, or its folder, cannot be written: it can still be read (an export, a print)."""


def rows_sound(session: Session, tables: Collection[str]) -> None:
    """Refuse, with :class:`Unusable`, to sum up ``tables`` when a row breaks a rule (:func:`rule_breaks`):
    no query matches its status, no join its missing activity type, so a report would leave it out without
    a word. Quick (a count per table read)."""
    connection = session.connection().connection.driver_connection
    if not isinstance(connection, sqlite3.Connection):  # not a SQLite file: the server's rules are its own
        return
    found = rule_breaks(connection, tables)
    if found:
        path = Path(str(session.get_bind().engine.url.database))
        raise Unusable(backups.damaged_message(path, damage_summary(found)), damage_summary(found))


def sound(path: Path) -> None:
    """Refuse, with :class:`Unusable`, to write into a file whose pages are damaged (a command that writes
    checks first: writing beside damage can spread it). An absent or empty file is sound."""
    if not path.is_file() or path.stat().st_size == 0:
        return
    found = fault(path) or unsound(path)
    if found is not None:
        raise Unusable(backups.damaged_message(path, found), found)


LOW_ROOM = 64 * 1024 * 1024  # less free space than this beside the database, and saving may fail


def room_note(path: Path) -> str:
    """When the disk holding the database at ``path`` is (nearly) full: which folder and how much is free,
    for a message about a failure that may come from it; otherwise nothing."""
    from desktop.core.money import format_size

    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return ""
    if free >= LOW_ROOM:
        return ""
    return f"Ổ đĩa chứa thư mục dữ liệu {path.parent} chỉ còn trống {format_size(free)}: hãy xóa bớt tệp trên ổ đó."


def usable(path: Path) -> None:
    """Refuse, with :class:`Unusable`, a database file that cannot be read or written, touching nothing."""
    if path.exists():
        if path.is_dir():
            raise Unusable(f"{path} là một thư mục, không phải tệp dữ liệu: hãy chọn tệp .sqlite3 (--db TỆP)")
        found = fault(path)
        if found is not None:
            raise Unusable(backups.damaged_message(path, found), found)
        _ours_or_new(path)
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder_writable(folder):
        raise NotWritable(
            f"Không ghi được vào thư mục dữ liệu {path.parent} (chỉ cho phép đọc, hoặc không có quyền ghi)."
            " Tệp được giữ nguyên. Hãy chép tệp sang một thư mục ghi được rồi mở bằng --db TỆP, hoặc nhờ"
            " người quản trị máy cấp quyền ghi cho thư mục."
        )
    if path.exists() and not _file_writable(path):
        raise NotWritable(
            f"Không ghi được vào tệp dữ liệu {path}: tệp được đặt chỉ cho phép đọc (thuộc tính Read-only), hoặc"
            " tài khoản này không có quyền ghi tệp. Tệp được giữ nguyên. Hãy bỏ thuộc tính chỉ đọc của tệp"
            " (chuột phải → Properties), hoặc nhờ người quản trị máy cấp quyền ghi."
        )


def _ours_or_new(path: Path) -> None:
    """Refuse to make a new database of a file that is not one: an emptied file beside its backups (a crash,
    a sync tool, an antivirus emptied it: starting afresh would rotate the real backups out), or the file of
    another program."""
    if path.stat().st_size == 0:
        if backups.listed(path):
            empty = "tệp trống (0 byte) trong khi thư mục backups bên cạnh có bản sao lưu"
            raise Unusable(backups.damaged_message(path, empty), empty)
        return
    with closing(read_only(path)) as connection:
        tables = {str(r[0]) for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if tables and "alembic_version" not in tables:
        raise Unusable(
            f"Tệp {path} là tệp dữ liệu của một chương trình khác (không phải của Khuyến công): tệp được giữ nguyên."
            " Hãy chọn đúng tệp dữ liệu Khuyến công (--db TỆP)."
        )


def _file_writable(path: Path) -> bool:
    """May this account write the database file itself (not set read-only)? Opened for writing, which the
    system grants or refuses by the file's attribute and permissions, and closed: nothing is written."""
    try:
        with path.open("r+b"):
            return True
    except OSError:
        return False


@dataclass
class UpgradeResult:
    before: str | None
    after: str
    backup: Path | None

    @property
    def changed(self) -> bool:
        return self.before != self.after


def upgrade(path: Path, revision: str = "head", *, copy_first: bool = True) -> UpgradeResult:
    """Migrate the database at ``path`` (creating it if absent); an existing file is copied aside first
    (``copy_first``: not for a restored copy being prepared aside, which is itself the copy)."""
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
        if before != target and existed and copy_first:
            backup = backups.make(path, f"{backups.BEFORE_UPGRADE}-{before or 'moi'}").path
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
    backups.make(path, "truoc-ha-cap")
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
    # For a damaged file, per kind of record: the rows SQLite could read, and whether that was all of them.
    readable: dict[str, tuple[int, bool]] = field(default_factory=dict)
    backup: str = ""  # for a damaged file: the newest backup that checks sound, and how to restore it
    notes: list[str] = field(default_factory=list)  # what could not be checked, and why

    @property
    def ok(self) -> bool:
        return not self.problems


def check(path: Path) -> CheckReport:
    """Integrity, foreign keys and schema version of the database at ``path``; on a damaged file, what can
    still be read and the newest sound backup. Reads only (a read-only folder is no obstacle), except the
    search indexes' own check, which SQLite runs as a write."""
    head = head_revision()
    if not path.exists():
        return CheckReport(None, head, [f"Không tìm thấy tệp dữ liệu {path}"])
    found = fault(path)
    if found is not None:
        return _damaged_report(path, head, f"Tệp dữ liệu bị hỏng: {found}")
    try:
        with closing(read_only(path)) as connection:
            versioned = connection.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
            ).fetchone()
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone() if versioned else None
            revision = None if row is None else str(row[0])
            integrity = [str(r[0]) for r in connection.execute("PRAGMA integrity_check").fetchmany(_LISTED + 1)]
            if integrity == ["ok"]:
                integrity = rule_breaks(connection) or integrity
            if integrity != ["ok"]:
                return _damaged_report(path, head, f"Tệp dữ liệu bị hỏng: {damage_summary(integrity)}", revision)
    except (sqlite3.DatabaseError, UnicodeDecodeError) as error:  # damage deep in the file shows when read
        what = damage_of(error) if isinstance(error, sqlite3.Error) else "cấu trúc bảng trong tệp bị hỏng"
        return _damaged_report(path, head, f"Tệp dữ liệu bị hỏng: {what}")
    report = CheckReport(revision, head)
    if revision is None:
        report.problems.append("Tệp chưa được khởi tạo cấu trúc dữ liệu (chạy: khuyencong db upgrade)")
    elif revision == head:
        report.problems += _search_index_problems(path, report.notes)
    elif revision in known_revisions():
        report.problems.append(f"Cấu trúc dữ liệu cũ ({revision}), cần nâng cấp lên {head}: khuyencong db upgrade")
    else:
        report.problems.append(f"Tệp được tạo bởi phiên bản phần mềm mới hơn ({revision}): hãy cập nhật phần mềm")
    return report


def _search_index_problems(path: Path, notes: list[str]) -> list[str]:
    from desktop.store import search

    if not _file_writable(path):
        notes.append("Tệp dữ liệu chỉ cho phép đọc: chưa kiểm tra được chỉ mục tìm kiếm (việc kiểm tra này cần ghi).")
        return []
    engine = create_sqlite_engine(path)
    try:
        with engine.connect() as connection:
            damaged = [t for t in search.SEARCHABLE if not search.index_is_sound(connection, t)]
    except sa_exc.OperationalError as error:
        full = room_note(path)
        if full:
            why = full
        elif "readonly" in str(error.orig) or "unable to open" in str(error.orig):
            why = "Thư mục hoặc tệp dữ liệu chỉ cho phép đọc."
        else:
            why = f"SQLite báo: {error.orig}."
        notes.append(f"{why} Chưa kiểm tra được chỉ mục tìm kiếm (việc kiểm tra này cần ghi vào tệp).")
        return []
    finally:
        engine.dispose()
    if not damaged:
        return []
    return [f"Chỉ mục tìm kiếm không khớp dữ liệu ở các bảng: {', '.join(damaged)} (chạy: khuyencong db reindex)"]


def _damaged_report(path: Path, head: str, problem: str, revision: str | None = None) -> CheckReport:
    report = CheckReport(revision, head, [problem])
    for table in _RECORDS:
        report.readable[table] = _rows_readable(path, table)
    report.backup = backups.restore_hint(path, verify=True)
    return report


def _rows_readable(path: Path, table: str) -> tuple[int, bool]:
    """How many rows of ``table`` can be read one by one (not counted from an index, which may be sound
    while the rows are not), and whether the reading reached the end."""
    read = 0
    try:
        with closing(read_only(path)) as connection:
            cursor = connection.execute(f"SELECT * FROM {table}")
            while rows := cursor.fetchmany(500):
                read += len(rows)
    except (sqlite3.Error, UnicodeDecodeError):
        return read, False
    return read, True


def prepare(path: Path, *, copy_first: bool = True) -> UpgradeResult:
    """Create or migrate the database at ``path`` and put the reference data in place."""
    from desktop.models.local import AppSetting
    from desktop.store import reference_data

    usable(path)
    result = upgrade(path, copy_first=copy_first)
    database = Database(path)
    try:
        with database.transaction() as session:
            # Shipped with the program, the same on every installation and on the server (which serves
            # the national rows): not local changes to send.
            session.info[audit.REMOTE_KEY] = True
            reference_data.seed(session)
            session.merge(AppSetting(key=REFERENCE_SEED_KEY, value=reference_data.fingerprint()))
            if result.before is None:
                # A new file holds nothing written past the outbox: its first sync (and the count of changes
                # waiting, read on every start) need not look through every table for such rows. Whatever
                # writes in bulk later (the demo data) says so by removing this mark.
                session.merge(AppSetting(key=audit.ADOPTED_SETTING, value="1"))
    finally:
        database.close()
    return result


def is_ready(path: Path) -> bool:
    """True when the file is at this program's schema and holds its reference data: nothing to prepare."""
    from desktop.store import reference_data

    if not path.is_file() or path.stat().st_size == 0:
        return False
    try:
        with closing(read_only(path)) as connection:
            (revision,) = connection.execute("SELECT version_num FROM alembic_version").fetchone() or ("",)
            row = connection.execute("SELECT value FROM app_setting WHERE key = ?", (REFERENCE_SEED_KEY,)).fetchone()
    except (sqlite3.Error, UnicodeDecodeError):  # damaged: prepare() says how
        return False
    return revision == HEAD_REVISION and row is not None and row[0] == reference_data.fingerprint()


def open_database(path: Path, *, reading: bool = False) -> Database:
    """Open the database at ``path``, creating and migrating it as needed, with reference data in place.

    :class:`Unusable` (in Vietnamese) when the file is damaged or cannot be written: it is left as it was.
    ``reading``: for a command that only reads (an export, a print): a file ready to use that cannot be
    written (a read-only folder, a file copied from a CD) is opened to be read instead.
    """
    if is_ready(path):
        try:
            usable(path)  # ready, but perhaps in a folder that has become read-only
        except NotWritable:
            if not reading:
                raise
            return Database(path, reading=True)
        if reading and room_note(path):  # a full disk: even reading as a writer does needs room beside the file
            return Database(path, reading=True)
    else:
        from desktop.store import sole_writer

        # Preparing writes: not while another program is the file's writer (nested under this one's).
        with sole_writer.writing(path, "Khuyến công (chuẩn bị tệp dữ liệu)"):
            prepare(path)
    return Database(path)
