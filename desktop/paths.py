"""Where the local data lives: the platform's user data folder, unless --db or KHUYENCONG_DB says otherwise."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

APP_DIR_NAME = "KhuyenCong"
RESOURCES_DIR = Path(__file__).resolve().parent.parent / "resources"  # fonts, form wording, translations
DB_FILE_NAME = "khuyencong.sqlite3"
DB_ENV = "KHUYENCONG_DB"


def data_dir() -> Path:
    """%LOCALAPPDATA%\\KhuyenCong on Windows, ~/.local/share/KhuyenCong on Linux."""
    return Path(user_data_dir(APP_DIR_NAME, appauthor=False, roaming=False))


def default_db_path() -> Path:
    override = os.environ.get(DB_ENV)
    return Path(override) if override else data_dir() / DB_FILE_NAME


def own_forms_dir(db_path: Path) -> Path:
    """The centre's own wording of the printed forms (``mau-bieu`` beside the database file)."""
    return db_path.parent / "mau-bieu"
