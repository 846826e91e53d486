"""Copies of the database file in ``backups/`` beside it: daily while the app runs, before every
migration and every Excel import, and on request; rotated; checked before anything is restored.

A copy is made with SQLite's online backup (consistent while the app writes, WAL or not). A restore
checks the copy first (integrity, a schema this program knows), copies the current file aside, puts the
copy in place, then brings an older schema up to date: nothing is replaced by a file that cannot be used.
"""

from __future__ import annotations

import os
import re
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from desktop.services.errors import Refused

__all__ = ["Backup", "Checked", "Refused", "check", "daily_due", "folder", "listed", "make", "restore", "rotate"]
from desktop.services.storage import backup_copy

DAILY = "hang-ngay"
MANUAL = "thu-cong"
BEFORE_IMPORT = "truoc-nhap-excel"
BEFORE_RESTORE = "truoc-khoi-phuc"
BEFORE_UPDATE = "truoc-cap-nhat"
KEEP_DAILY = 14  # two weeks of days
KEEP_OTHER = 30  # copies made before a migration, an import, a restore, or by hand


@dataclass(frozen=True)
class Backup:
    path: Path
    reason: str  # hang-ngay, thu-cong, truoc-nang-cap-0005, truoc-nhap-excel, truoc-khoi-phuc, truoc-cap-nhat
    made_at: datetime
    size: int

    @property
    def label(self) -> str:
        """What the list in Cài đặt says it is."""
        labels = {
            DAILY: "Tự động hằng ngày",
            MANUAL: "Sao lưu theo yêu cầu",
            BEFORE_IMPORT: "Trước khi nhập Excel",
            BEFORE_RESTORE: "Trước khi khôi phục",
            BEFORE_UPDATE: "Trước khi cập nhật phần mềm",
        }
        if self.reason.startswith("truoc-nang-cap"):
            return "Trước khi nâng cấp cấu trúc dữ liệu"
        return labels.get(self.reason, self.reason)


def folder(db_path: Path) -> Path:
    return db_path.parent / "backups"


def listed(db_path: Path) -> list[Backup]:
    """The copies of this database, newest first."""
    named = re.compile(re.escape(db_path.stem) + r"-(?P<reason>[a-z0-9-]+)-(?P<stamp>\d{8}-\d{6}-\d{6})\.sqlite3")
    found = []
    for path in folder(db_path).glob(f"{db_path.stem}-*.sqlite3"):
        match = named.fullmatch(path.name)
        if match is None:
            continue
        made = datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S-%f")
        found.append(Backup(path, match["reason"], made, path.stat().st_size))
    return sorted(found, key=lambda b: b.made_at, reverse=True)


def make(db_path: Path, reason: str = MANUAL) -> Backup:
    """Copy the database now; older copies beyond what is kept are removed."""
    if not db_path.is_file():
        raise Refused(f"Không có tệp dữ liệu {db_path}")
    copy = backup_copy(db_path, reason)
    rotate(db_path)
    return next(b for b in listed(db_path) if b.path == copy)


def rotate(db_path: Path) -> list[Path]:
    """Remove the oldest copies beyond KEEP_DAILY daily ones and KEEP_OTHER others; returns what went."""
    backups = listed(db_path)
    daily = [b for b in backups if b.reason == DAILY]
    other = [b for b in backups if b.reason != DAILY]
    removed = [b.path for b in daily[KEEP_DAILY:] + other[KEEP_OTHER:]]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def daily_due(db_path: Path, now: datetime | None = None) -> bool:
    """True when no daily copy was made in the last 24 hours."""
    now = now or datetime.now()
    latest = next((b for b in listed(db_path) if b.reason == DAILY), None)
    return latest is None or now - latest.made_at >= timedelta(hours=24)


@dataclass(frozen=True)
class Checked:
    revision: str
    newer_schema_needed: bool  # the copy is from an older version of the program: upgraded once restored


def check(backup: Path) -> Checked:
    """Is ``backup`` a sound Khuyến công database this program can use? Refused says why not."""
    from desktop.services.storage import known_revisions

    if not backup.is_file() or backup.stat().st_size == 0:
        raise Refused(f"Tệp {backup.name} không có hoặc trống")
    try:
        with closing(sqlite3.connect(f"file:{backup}?mode=ro", uri=True)) as connection:
            integrity = connection.execute("PRAGMA integrity_check").fetchone()
            versioned = connection.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
            ).fetchone()
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone() if versioned else None
    except sqlite3.DatabaseError as error:
        raise Refused(f"Tệp {backup.name} không phải tệp dữ liệu Khuyến công đọc được ({error})") from None
    if integrity is None or integrity[0] != "ok":
        raise Refused(f"Tệp {backup.name} bị hỏng (kiểm tra toàn vẹn: {integrity[0] if integrity else '?'})")
    if row is None:
        raise Refused(f"Tệp {backup.name} không phải tệp dữ liệu Khuyến công (không có phiên bản cấu trúc)")
    from desktop.services.storage import HEAD_REVISION

    revision = str(row[0])
    if revision not in known_revisions():
        raise Refused(
            f"Tệp {backup.name} được tạo bởi phiên bản phần mềm mới hơn ({revision}): hãy cập nhật phần mềm trước"
        )
    return Checked(revision, revision != HEAD_REVISION)


def restore(backup: Path, db_path: Path) -> Backup:
    """Put ``backup`` in place of the database at ``db_path`` (no connection may be open on it): checked
    first, the current file copied aside first; an older schema is then brought up to date. Returns the
    copy of the file that was replaced."""
    from desktop.services.storage import prepare

    check(backup)
    aside = make(db_path, BEFORE_RESTORE)
    incoming = db_path.with_name(f".{db_path.name}.khoi-phuc")
    with (
        closing(sqlite3.connect(f"file:{backup}?mode=ro", uri=True)) as source,
        closing(sqlite3.connect(incoming)) as target,
    ):
        source.backup(target)
    for suffix in ("-wal", "-shm"):  # the replaced file's journal must not be replayed into the copy
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    os.replace(incoming, db_path)
    prepare(db_path)
    return aside
