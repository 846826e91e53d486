"""Backups: made consistent while the database is in use, rotated, checked before a restore, a restore
that keeps the replaced file and upgrades an older schema, and the commands."""

from __future__ import annotations

import gzip
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.db import Database
from desktop.models import Facility
from desktop.services import backups, storage
from desktop.services.errors import Refused
from tests.conftest import commune, make_facility


def _facilities(path: Path) -> int:
    """Facilities in the database file or the compressed copy at ``path``."""
    if path.name.endswith(".gz"):
        plain = path.with_name(path.name + ".sqlite3")
        with gzip.open(path) as packed:
            plain.write_bytes(packed.read())
        path = plain
    with closing(sqlite3.connect(path)) as connection:
        return int(connection.execute("SELECT count(*) FROM facility").fetchone()[0])


def test_a_backup_is_a_whole_copy_made_while_the_database_is_open(database: Database) -> None:
    with database.transaction("lan") as session:
        make_facility(session, commune(session, "48", "xa"), name="Cơ sở trước khi sao lưu")
    made = backups.make(database.path)  # the app holds the database open meanwhile
    assert made.path.parent == database.path.parent / "backups" and made.label == "Sao lưu theo yêu cầu"
    assert _facilities(made.path) == 1
    assert backups.check(made.path).revision == storage.HEAD_REVISION
    assert [b.path for b in backups.listed(database.path)] == [made.path]


def test_copies_are_rotated_and_a_daily_one_is_due_once_a_day(database: Database) -> None:
    for _ in range(backups.KEEP_DAILY + 3):
        backups.make(database.path, backups.DAILY)
    manual = backups.make(database.path, backups.MANUAL)
    kept = backups.listed(database.path)
    assert sum(1 for b in kept if b.reason == backups.DAILY) == backups.KEEP_DAILY
    assert manual in kept  # a copy made by hand is not pushed out by the daily ones
    newest = max(b.made_at for b in kept if b.reason == backups.DAILY)
    assert not backups.daily_due(database.path, newest + timedelta(hours=23))
    assert backups.daily_due(database.path, newest + timedelta(hours=25))


def test_a_file_that_cannot_be_used_is_refused_and_nothing_is_replaced(database: Database, tmp_path: Path) -> None:
    empty = tmp_path / "rong.sqlite3"
    empty.write_bytes(b"")
    text = tmp_path / "van-ban.sqlite3"
    text.write_text("không phải cơ sở dữ liệu", encoding="utf-8")
    other = tmp_path / "khac.sqlite3"
    with closing(sqlite3.connect(other)) as connection:
        connection.execute("CREATE TABLE t (x)")
    newer = tmp_path / "moi-hon.sqlite3"
    shutil.copyfile(database.path, newer)
    with closing(sqlite3.connect(newer)) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
        connection.commit()
    broken = tmp_path / "hong.sqlite3"
    shutil.copyfile(database.path, broken)
    data = bytearray(broken.read_bytes())
    data[4096 * 3 : 4096 * 3 + 4096] = b"\x00\xff" * 2048  # a page of the file overwritten
    broken.write_bytes(bytes(data))
    before = database.path.read_bytes()
    for path, message in (
        (empty, "không có hoặc trống"),
        (text, "không phải tệp dữ liệu Khuyến công"),
        (other, "không có phiên bản cấu trúc"),
        (newer, "phiên bản phần mềm mới hơn"),
        (broken, "bị hỏng|không phải tệp dữ liệu"),
    ):
        with pytest.raises(Refused, match=message):
            backups.restore(path, database.path)
    assert database.path.read_bytes() == before
    assert backups.listed(database.path) == []  # refused before anything was copied


def test_a_restore_keeps_the_replaced_file(template_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "khuyencong.sqlite3"
    shutil.copyfile(template_db, path)
    database = Database(path)
    with database.transaction("lan") as session:
        make_facility(session, commune(session, "48", "xa"), name="Cơ sở A")
    saved = backups.make(path)
    with database.transaction("lan") as session:
        make_facility(session, commune(session, "48", "xa"), name="Cơ sở B")
    database.close()
    restored = backups.restore(saved.path, path)
    assert restored.aside is not None
    assert _facilities(path) == 1 and _facilities(restored.aside) == 2
    assert [b.label for b in backups.listed(path) if b.path == restored.aside] == ["Trước khi khôi phục"]
    reopened = Database(path)
    with reopened.session() as session:
        assert session.scalar(select(Facility.name)) == "Cơ sở A"
    reopened.close()


def test_a_backup_made_by_an_older_version_is_upgraded_once_restored(tmp_path: Path) -> None:
    old = tmp_path / "ban-cu.sqlite3"
    storage.upgrade(old, "0004")  # as an installation of an earlier version left it
    checked = backups.check(old)
    assert checked.revision == "0004" and checked.newer_schema_needed
    path = tmp_path / "khuyencong.sqlite3"
    storage.prepare(path)
    backups.restore(old, path)
    assert backups.check(path).revision == storage.HEAD_REVISION
    assert storage.check(path).ok


def test_the_commands(database: Database, tmp_path: Path) -> None:
    base = [sys.executable, "-m", "desktop", "--db", str(database.path)]
    made = subprocess.run([*base, "backup"], capture_output=True, text=True, timeout=120)
    assert made.returncode == 0 and "Đã sao lưu vào" in made.stdout
    shown = subprocess.run([*base, "backup", "--list"], capture_output=True, text=True, timeout=120)
    assert "Sao lưu theo yêu cầu" in shown.stdout
    copy = backups.listed(database.path)[0].path
    asked = subprocess.run(
        [*base, "restore", str(copy)], capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL
    )
    assert asked.returncode == 2 and "--yes" in asked.stderr
    database.close()
    done = subprocess.run([*base, "restore", str(copy), "--yes"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "Đã khôi phục" in done.stdout
    refused = subprocess.run(
        [*base, "restore", str(tmp_path / "khong-co.sqlite3"), "--yes"], capture_output=True, text=True, timeout=120
    )
    assert refused.returncode == 1 and "không có hoặc trống" in refused.stderr


@pytest.mark.usefixtures("qapp")
def test_settings_lists_backups_makes_one_and_restores(
    qtbot: object, ctx: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QApplication, QMessageBox
    from pytestqt.qtbot import QtBot

    from desktop.ui.context import AppContext
    from desktop.ui.settings_page import SettingsPage
    from tests.qt_fixtures import wait_idle

    assert isinstance(qtbot, QtBot) and isinstance(ctx, AppContext)
    path = ctx.runner.database.path
    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    assert page.backups.rowCount() == 0 and not page.restore_button.isEnabled()
    page.backup_now()
    wait_idle(qtbot, ctx)
    assert page.backups.rowCount() == 1 and page.backups.item(0, 1).text() == "Sao lưu theo yêu cầu"  # type: ignore[union-attr]
    with ctx.runner.database.transaction("lan") as session:
        make_facility(session, commune(session, "48", "xa"), name="Cơ sở sau khi sao lưu")
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda *_a, **_k: QMessageBox.StandardButton.Ok)
    quit_called: list[bool] = []
    monkeypatch.setattr(QApplication, "quit", lambda: quit_called.append(True))
    page.backups.selectRow(0)
    page.restore_selected()
    assert quit_called == [True]
    assert _facilities(path) == 0  # the copy from before the new facility
    assert [b.reason for b in backups.listed(path)] == [backups.BEFORE_RESTORE, backups.MANUAL]
