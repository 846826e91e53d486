"""Is a database file sound, read without writing anything: its header and schema, SQLite's own check,
the program's rules on every row (CHECK rules, the kind of value each column holds, links between rows), and
the schema versions this program knows. What is found is said in Vietnamese."""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Collection
from contextlib import closing
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Boolean, Column, Date, DateTime, Integer, Numeric

from desktop.store.db import read_only

if TYPE_CHECKING:  # Alembic is imported only when a schema has to be checked or changed (fast start)
    from alembic.config import Config


MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


# The newest migration; a test keeps it equal to Alembic's head. A file already there (and seeded with
# this program's reference data) opens without loading Alembic at all.
HEAD_REVISION = "0010"


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


def record_name(table: str) -> str:
    """The name users know for what ``table`` holds (``db check`` lists them)."""
    return _TABLES[table]
