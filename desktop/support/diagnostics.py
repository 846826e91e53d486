"""What support needs to know about an installation, as text to paste into a message: versions, where
the data and the log are, the schema, backups, sync state. Never a password, token or record content."""

from __future__ import annotations

import platform
import sqlite3
import sys
from collections.abc import Callable, Sequence
from importlib import metadata
from pathlib import Path
from typing import TypeVar

from sqlalchemy import exc as sa_exc

from desktop import __version__
from desktop.core.money import format_money, format_size
from desktop.store.db import Database

PACKAGES = ("SQLAlchemy", "alembic", "reportlab", "openpyxl", "pypdf", "keyring", "httpx", "PySide6-Essentials")
UNREAD = "(không đọc được: tệp dữ liệu bị hỏng)"
T = TypeVar("T")


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "không có"


def report(database: Database, log_path: Path | None = None, extra: Sequence[tuple[str, str]] = ()) -> str:
    """The lines of a support report (Vietnamese labels, values as they are)."""
    return _report(database.path, database, log_path, extra, [])


def for_file(path: Path, log_path: Path | None = None) -> tuple[str, str]:
    """The report for the database file at ``path``, as much of it as can be read, and what a user reads
    about the file's damage ("" when none was met): which file, what is damaged, the backup to restore.
    Support needs the versions, paths and backups most when the file is damaged."""
    from desktop.store import backups, checks, storage

    try:
        database = storage.open_database(path, reading=True)
    except (storage.Unusable, backups.Damaged) as refused:  # Damaged: the copy before upgrading an old file
        if isinstance(refused, storage.Unusable) and refused.damage is None:
            raise  # not damage (a folder given, another program's file): said as it is
        return _report(path, None, log_path, (), []), str(refused)
    damage: list[str] = []
    try:
        text = _report(path, database, log_path, (), damage)
    finally:
        database.close()
    if not damage:
        return text, ""
    # SQLite's own check names the damage better than the error of the one read that failed.
    return text, backups.damaged_message(path, checks.unsound(path) or damage[0])


def _report(
    path: Path,
    database: Database | None,
    log_path: Path | None,
    extra: Sequence[tuple[str, str]],
    damage: list[str],
) -> str:
    """The report; each part read from the file that cannot be read (``database`` None: the file could not
    be opened) is shown as :data:`UNREAD`, and what is damaged is added to ``damage``."""
    from desktop.services import settings, signed_in
    from desktop.store import backups, checks, storage
    from sync import state

    def read(what: Callable[[Database], T]) -> T | None:
        if database is None:
            return None
        try:
            return what(database)
        except (sa_exc.DatabaseError, sqlite3.DatabaseError, UnicodeDecodeError) as error:
            original = getattr(error, "orig", None) or error
            damage.append(
                checks.damage_of(original) if isinstance(original, sqlite3.Error) else "cấu trúc bảng bị hỏng"
            )
            return None

    def centre(database: Database) -> settings.CentreSettings:
        with database.session() as session:
            return settings.load(session)

    head = checks.HEAD_REVISION
    revision = read(lambda d: storage.current_revision(d.engine) or "?")
    lines: list[tuple[str, str]] = [
        ("Phần mềm", f"Khuyến công Desktop {__version__}"),
        ("Python", f"{platform.python_version()} ({sys.executable})"),
        ("Hệ điều hành", platform.platform()),
        ("SQLite", sqlite3.sqlite_version),
        *((name, _version(name)) for name in PACKAGES),
        *extra,
        ("Tệp dữ liệu", f"{path} ({format_size(path.stat().st_size)})" if path.is_file() else str(path)),
        ("Phiên bản cấu trúc", f"{revision} (mới nhất: {head})" if revision else UNREAD),
        ("Nhật ký", str(log_path) if log_path else "(không ghi ra tệp)"),
    ]
    found = backups.listed(path)
    newest = f", mới nhất {found[0].made_at:%d/%m/%Y %H:%M} ({found[0].label})" if found else ""
    lines.append(("Sao lưu", f"{len(found)} bản trong {backups.folder(path)}{newest}"))
    held = read(centre)
    lines.append(("Trung tâm", UNREAD if held is None else f"{held.centre_name} (tỉnh mã {held.province_code or '?'})"))
    # Read apart: the settings still show when the count meets a damaged table.
    keys = (state.SERVER_SETTING, signed_in.USER_SETTING, state.LAST_SETTING)
    kept = read(lambda d: [state.setting(d, key) for key in keys])
    server, user, last = kept if kept is not None else (None, None, None)
    waiting = read(state.waiting)  # counted as the Đồng bộ page and ``db check`` count it
    lines += [
        ("Máy chủ đồng bộ", UNREAD if server is None else server or "(chưa đặt)"),
        ("Tài khoản", UNREAD if user is None else user or "(chưa đăng nhập)"),
        ("Đồng bộ gần nhất", UNREAD if last is None else last or "(chưa lần nào)"),
        ("Thay đổi chờ gửi", UNREAD if waiting is None else format_money(waiting)),
    ]
    width = max(len(label) for label, _value in lines)
    return "\n".join(f"{label.ljust(width)}  {value}" for label, value in lines)
