"""What support needs to know about an installation, as text to paste into a message: versions, where
the data and the log are, the schema, backups, sync state. Never a password, token or record content."""

from __future__ import annotations

import platform
import sqlite3
import sys
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path

from desktop import __version__
from desktop.db import Database
from desktop.services.money import format_size

PACKAGES = ("SQLAlchemy", "alembic", "reportlab", "openpyxl", "pypdf", "keyring", "httpx", "PySide6-Essentials")


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "không có"


def report(database: Database, log_path: Path | None = None, extra: Sequence[tuple[str, str]] = ()) -> str:
    """The lines of a support report (Vietnamese labels, values as they are)."""
    from desktop.services import backups, settings, storage
    from sync import state

    path = database.path
    head = storage.HEAD_REVISION
    lines: list[tuple[str, str]] = [
        ("Phần mềm", f"Khuyến công Desktop {__version__}"),
        ("Python", f"{platform.python_version()} ({sys.executable})"),
        ("Hệ điều hành", platform.platform()),
        ("SQLite", sqlite3.sqlite_version),
        *((name, _version(name)) for name in PACKAGES),
        *extra,
        ("Tệp dữ liệu", f"{path} ({format_size(path.stat().st_size)})" if path.is_file() else str(path)),
        ("Phiên bản cấu trúc", f"{storage.current_revision(database.engine) or '?'} (mới nhất: {head})"),
        ("Nhật ký", str(log_path) if log_path else "(không ghi ra tệp)"),
    ]
    found = backups.listed(path)
    newest = f", mới nhất {found[0].made_at:%d/%m/%Y %H:%M} ({found[0].label})" if found else ""
    lines.append(("Sao lưu", f"{len(found)} bản trong {backups.folder(path)}{newest}"))
    with database.session() as session:
        centre = settings.load(session)
    lines.append(("Trung tâm", f"{centre.centre_name} (tỉnh mã {centre.province_code or '?'})"))
    sync = state.status(database)
    lines += [
        ("Máy chủ đồng bộ", sync.server or "(chưa đặt)"),
        ("Tài khoản", sync.user or "(chưa đăng nhập)"),
        ("Đồng bộ gần nhất", sync.last or "(chưa lần nào)"),
        ("Thay đổi chờ gửi", str(sync.waiting)),
    ]
    width = max(len(label) for label, _value in lines)
    return "\n".join(f"{label.ljust(width)}  {value}" for label, value in lines)
