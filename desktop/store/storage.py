"""The database file's life: create, migrate (after copying it aside), check, open.

A file that cannot be used (damaged, cut short, in a folder that cannot be written) is refused before
anything opens it for writing, with what is wrong and what to do in Vietnamese: the file is left as it was.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from collections.abc import Collection
from contextlib import closing
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Boolean, Column, Date, DateTime, Engine, Integer, Numeric
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session

from desktop.core.errors import Refused
from desktop.store import audit
from desktop.store.db import Database, create_sqlite_engine, read_only

if TYPE_CHECKING:  # Alembic is imported only when a schema has to be checked or changed (fast start)
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
# The newest migration; a test keeps it equal to Alembic's head. A file already there (and seeded with
# this program's reference data) opens without loading Alembic at all.
HEAD_REVISION = "0010"
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
    database is copied by ``services.backups``, which checks and compresses its copies."""
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


_SQLITE_HEADER = b"SQLite format 3\x00"


def fault(path: Path) -> str | None:
    """What makes the existing file at ``path`` unreadable as a database, in Vietnamese; None when SQLite
    can read its schema. Reads only: nothing is written to the file or beside it."""
    try:
        size = path.stat().st_size
        with path.open("rb") as file:
            header = file.read(100)
    except OSError as error:
        return f"không đọc được tệp ({error.strerror or error})"
    if size == 0:
        return None  # an empty file is a new database
    if not header.startswith(_SQLITE_HEADER) or len(header) < 100:
        return "phần đầu tệp không phải của tệp dữ liệu SQLite (tệp bị ghi đè hoặc hỏng)"
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    # The page count in the header is trusted only when it was written by the same change as the file
    # (SQLite's "version-valid-for" number equals its change counter).
    if header[92:96] == header[24:28] and size < pages * page_size:
        return f"tệp bị cắt cụt: còn {size:,} trong {pages * page_size:,} byte".replace(",", ".")
    try:
        with closing(read_only(path)) as connection:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except UnicodeDecodeError:  # SQLite's message quotes the damaged bytes of the schema
        return "cấu trúc bảng trong tệp bị hỏng"
    except sqlite3.DatabaseError as error:
        return damage_of(error)
    return None


def damage_of(error: sqlite3.Error) -> str:
    """What SQLite's ``error`` on reading a file says is damaged, in Vietnamese."""
    text = str(error)
    schema = re.search(r"malformed database schema \((\w+)\)", text)
    if schema is not None:  # the text of a table's definition, not a page of rows
        return f"cấu trúc bảng trong tệp bị hỏng ({_TABLES.get(schema[1], schema[1])})"
    if "not a database" in text:
        return "tệp không phải tệp dữ liệu SQLite hoặc bị hỏng phần đầu"
    if "malformed" in text:
        return "có trang dữ liệu bên trong tệp bị hỏng, không đọc được"
    return f"SQLite không đọc được tệp ({text})"


def unsound(path: Path, pragma: str = "quick_check") -> str | None:
    """What SQLite's own check (``quick_check``, or the slower ``integrity_check`` that also compares
    every index with its table) finds damaged in the file at ``path``, in Vietnamese; None when sound.
    Pages deep in the file that :func:`fault` does not read are read here. Reads only."""
    try:
        with closing(read_only(path)) as connection:
            found = [str(r[0]) for r in connection.execute(f"PRAGMA {pragma}").fetchmany(_LISTED + 1)]
            if found == ["ok"]:
                found = rule_breaks(connection)
    except UnicodeDecodeError:
        return "cấu trúc bảng trong tệp bị hỏng"
    except sqlite3.DatabaseError as error:
        return damage_of(error)
    return damage_summary(found) if found else None


def rule_breaks(connection: sqlite3.Connection, tables: Collection[str] | None = None) -> list[str]:
    """Rows of ``tables`` (None: all) that break a CHECK rule of their table (a status no version writes: a
    flipped byte), hold a value of another kind than their column's, or point to a row that is not there,
    in SQLite's words. SQLite's own checks leave these out on a file opened read-only, as every check here
    opens it; the program would fail on such a row when reading it, and a report's joins leave it out."""
    found = _rules_altered(connection)
    for table, expression in _check_rules():
        if tables is not None and table not in tables:
            continue
        try:
            row = connection.execute(f"SELECT count(*) FROM {table} WHERE NOT ({expression})").fetchone()
        except sqlite3.OperationalError:  # a file of an older version: that table or column is not there yet
            continue
        if row[0]:
            found.append(f"CHECK constraint failed in {table}")
    pragmas = ["PRAGMA foreign_key_check"] if tables is None else [f"PRAGMA foreign_key_check({t})" for t in tables]
    broken = set()
    for pragma in pragmas:
        try:
            broken |= {str(r[0]) for r in connection.execute(pragma).fetchmany(_LISTED)}
        except sqlite3.OperationalError:  # that table is not there yet (an older version's file)
            continue
    found += [f"FOREIGN KEY constraint failed in {table}" for table in sorted(broken)]
    return found


def _rules_altered(connection: sqlite3.Connection) -> list[str]:
    """Tables whose CHECK rules in the file's schema differ from this version's (a flipped byte in the
    schema's text): rows then break the rule the file holds, and saving any of them fails."""
    try:
        (revision,) = connection.execute("SELECT version_num FROM alembic_version").fetchone() or (None,)
    except sqlite3.OperationalError:  # not made by this program yet
        return []
    if revision != HEAD_REVISION:  # an earlier version's rules differ by right (a status added since)
        return []
    found = []
    stored = dict(connection.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'").fetchall())
    for table, rules in _schema_rules().items():
        in_file = _rules_in(stored.get(table) or "")
        if any(name in in_file and in_file[name] != rule for name, rule in rules.items()):
            found.append(f"schema of {table} altered")
    return found


def _rules_in(sql: str) -> dict[str, str]:
    """{rule name: condition} of the named CHECK rules in a CREATE TABLE statement (of a column or of the
    table), each condition read to its closing parenthesis."""
    rules = {}
    for start in _RULE_IN_SCHEMA.finditer(sql):
        depth, at = 1, start.end()
        while depth and at < len(sql):
            depth += {"(": 1, ")": -1}.get(sql[at], 0)
            at += 1
        rules[start[1]] = sql[start.end() : at - 1]
    return rules


_RULE_IN_SCHEMA = re.compile(r"CONSTRAINT (\w+) CHECK \(")


@cache
def _schema_rules() -> dict[str, dict[str, str]]:
    """{table: {rule name: condition}} of the CHECK rules as this version creates them."""
    from sqlalchemy.dialects import sqlite
    from sqlalchemy.schema import CreateTable

    from desktop.models import Base

    made = {t.name: str(CreateTable(t).compile(dialect=sqlite.dialect())) for t in Base.metadata.sorted_tables}
    return {table: _rules_in(sql) for table, sql in made.items() if "CHECK" in sql}


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
        raise Unusable(damaged_message(path, damage_summary(found)), damage_summary(found))


@cache
def _check_rules() -> list[tuple[str, str]]:
    """(table, SQL condition) of every CHECK rule of the current schema and of the kind of value each column
    holds (SQLite keeps whatever it is given: "5593500O0" in an amount, "2023-02-0x" in a date, which the
    program cannot read back), all of a table's rules in one."""
    from sqlalchemy import CheckConstraint
    from sqlalchemy.dialects import sqlite

    from desktop.models import Base

    rules: list[tuple[str, str]] = []
    for table in Base.metadata.sorted_tables:
        conditions = [
            str(c.sqltext.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}))
            for c in table.constraints
            if isinstance(c, CheckConstraint)
        ]
        conditions += [rule for column in table.columns if (rule := _value_rule(column))]
        if conditions:
            rules.append((table.name, " AND ".join(f"({condition})" for condition in conditions)))
    return rules


def _value_rule(column: Column[Any]) -> str:
    """The SQL condition a value of ``column`` meets when the program wrote it ("" for text). The name is left
    bare: SQLite reads a double-quoted name that is no column (a file of an older version) as a text."""
    name = column.name
    affinity = getattr(column.type, "_type_affinity", None)
    if affinity is None:
        return ""
    if issubclass(affinity, Integer | Boolean):
        return f"typeof({name}) IN ('integer', 'null')"
    if issubclass(affinity, Numeric):
        return f"typeof({name}) IN ('integer', 'real', 'null')"
    if issubclass(affinity, DateTime):
        return f"{name} IS NULL OR datetime({name}) IS NOT NULL"
    if issubclass(affinity, Date):
        return f"{name} IS NULL OR date({name}) IS {name}"
    return ""


_LISTED = 100  # problems SQLite lists before the check stops: enough to say how much is damaged


def damage_summary(found: list[str]) -> str:
    """SQLite's list of problems ("Page 12: btreeInitPage() returns error code 11", "row 5 missing from
    index …") as a user reads it: how many, and where."""
    lines = [line for row in found for line in row.splitlines()]  # one row may hold many lines
    problems = [line for line in lines if line.strip() and not line.startswith("*** in database")]
    pages = sorted({int(number) for line in problems for number in re.findall(r"\b[Pp]age (\d+)", line)})
    count = f"{_LISTED} chỗ hỏng trở lên" if len(problems) >= _LISTED else f"{len(problems) or 1} chỗ hỏng"
    text = f"kiểm tra toàn vẹn thấy {count} bên trong tệp"
    if pages:
        shown = ", ".join(str(page) for page in pages[:8]) + (", …" if len(pages) > 8 else "")
        text += f" (trang {shown})"
    elif problems and all(_INDEX_LINE.search(line) for line in problems):
        text += " (ở các chỉ mục: dữ liệu có thể vẫn còn nguyên)"
    else:
        altered = sorted({m.group(1) for line in problems if (m := _SCHEMA_LINE.search(line))})
        tables = sorted({m.group(1) for line in problems if (m := _RULE_LINE.search(line))})
        links = sorted({m.group(1) for line in problems if (m := _LINK_LINE.search(line))})
        said = []
        if altered:
            said.append("quy tắc trong cấu trúc bảng bị sửa: " + ", ".join(_TABLES.get(t, t) for t in altered))
        if tables:
            said.append("dòng có giá trị không hợp lệ trong: " + ", ".join(_TABLES.get(t, t) for t in tables))
        if links:
            said.append("dòng trỏ tới bản ghi không còn trong: " + ", ".join(_TABLES.get(t, t) for t in links))
        if said:
            text += f" ({'; '.join(said)})"
    return text


_INDEX_LINE = re.compile(r"(missing from|entries in|wrong # of entries in) index")
_RULE_LINE = re.compile(r"(?:CHECK constraint failed|NULL value) in (\w+)")
_LINK_LINE = re.compile(r"FOREIGN KEY constraint failed in (\w+)")
_SCHEMA_LINE = re.compile(r"schema of (\w+) altered")


def sound(path: Path) -> None:
    """Refuse, with :class:`Unusable`, to write into a file whose pages are damaged (a command that writes
    checks first: writing beside damage can spread it). An absent or empty file is sound."""
    if not path.is_file() or path.stat().st_size == 0:
        return
    found = fault(path) or unsound(path)
    if found is not None:
        raise Unusable(damaged_message(path, found), found)


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
            raise Unusable(damaged_message(path, found), found)
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
    from desktop.store import backups

    if path.stat().st_size == 0:
        if backups.listed(path):
            empty = "tệp trống (0 byte) trong khi thư mục backups bên cạnh có bản sao lưu"
            raise Unusable(damaged_message(path, empty), empty)
        return
    with closing(read_only(path)) as connection:
        tables = {str(r[0]) for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if tables and "alembic_version" not in tables:
        raise Unusable(
            f"Tệp {path} là tệp dữ liệu của một chương trình khác (không phải của Khuyến công): tệp được giữ nguyên."
            " Hãy chọn đúng tệp dữ liệu Khuyến công (--db TỆP)."
        )


def folder_writable(folder: Path) -> bool:
    """Can a file be made in ``folder`` (SQLite puts the journal there)? Tried, not guessed from the
    permission bits: an administrator's account and a read-only disk both make those lie."""
    probe = folder / f".khuyencong-ghi-thu-{os.getpid()}"
    try:
        probe.touch()
        probe.unlink()
    except OSError:
        return False
    return True


def _file_writable(path: Path) -> bool:
    """May this account write the database file itself (not set read-only)? Opened for writing, which the
    system grants or refuses by the file's attribute and permissions, and closed: nothing is written."""
    try:
        with path.open("r+b"):
            return True
    except OSError:
        return False


def damaged_message(path: Path, what: str, done: str = "Tệp được giữ nguyên, không ghi gì thêm.") -> str:
    """What a user reads about a damaged database file: what, which file, what was ``done`` (nothing),
    and the newest backup to restore."""
    from desktop.store import backups

    return (
        f"Tệp dữ liệu {path} bị hỏng: {what}. {done}"
        f' {backups.restore_hint(path)} Xem chi tiết: khuyencong --db "{path}" db check'
    )


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
            from desktop.store import backups

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
    from desktop.store import backups

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


# What ``db check`` counts in a damaged file, by the name users know.
_RECORDS = {
    "facility": "Cơ sở CNNT",
    "proposal": "Đề án",
    "training_course": "Lớp đào tạo",
    "trainee": "Học viên",
    "voting_round": "Đợt bình chọn",
    "product": "Sản phẩm",
    # Every change kept for sync, those the server confirmed too: what waits is counted apart (``waiting``).
    "sync_outbox": "Nhật ký đồng bộ (thay đổi đã gửi và chờ gửi)",
}
# The other tables a damage message may name, by what they hold.
_TABLES = _RECORDS | {
    "acceptance": "Nghiệm thu",
    "activity_type": "Loại hoạt động",
    "appraisal": "Thẩm định",
    "appraisal_assessment": "Đánh giá thẩm định",
    "commune": "Xã/phường",
    "contract": "Hợp đồng",
    "facility_year": "Số liệu năm của cơ sở",
    "product_certificate": "Giấy chứng nhận sản phẩm",
    "programme_target": "Chỉ tiêu chương trình",
    "province": "Tỉnh/thành phố",
    "score": "Điểm bình chọn",
    "status_transition": "Lịch sử trạng thái đề án",
    "support_cap": "Mức hỗ trợ tối đa",
    "voting_entry": "Sản phẩm dự bình chọn",
}


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
    from desktop.store import backups

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


def record_name(table: str) -> str:
    """The name users know for what ``table`` holds (``db check`` lists them)."""
    return _RECORDS[table]


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
