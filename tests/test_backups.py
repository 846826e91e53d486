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

from desktop.core.errors import Refused
from desktop.models import Facility
from desktop.store import backups, checks, restoring, storage
from desktop.store.db import Database
from tests.conftest import commune, make_facility


def _facilities(path: Path) -> int:
    """Facilities in the database file or the compressed copy at ``path``."""
    if path.name.endswith(".gz"):
        plain = path.parent.parent / f"mo-ra-{path.name}.sqlite3"  # outside backups/, where it would be listed
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
    assert backups.check(made.path).revision == checks.HEAD_REVISION
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
            restoring.restore(path, database.path)
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
    code, said = _restore_command(path, saved.path)  # told first what leaves the data in use, and where it stays
    assert code == 0 and said.startswith(
        f"Chú ý: 1 thay đổi được lưu sau lúc bản sao lưu được tạo ({saved.made_at:%d/%m/%Y %H:%M}) sẽ không còn"
        " trong dữ liệu đang dùng; chúng chỉ còn trong bản sao của dữ liệu hiện tại được giữ lại khi khôi phục."
    ), said
    (aside,) = [b.path for b in backups.listed(path) if b.reason == backups.BEFORE_RESTORE]
    assert f"Dữ liệu trước khi khôi phục được giữ ở {aside}" in said
    assert _facilities(path) == 1 and _facilities(aside) == 2
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
    restoring.restore(old, path)
    assert backups.check(path).revision == checks.HEAD_REVISION
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
    asked: list[str] = []

    def yes(_parent: object, _title: str, text: str) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", yes)
    monkeypatch.setattr(QMessageBox, "information", lambda *_a, **_k: QMessageBox.StandardButton.Ok)
    quit_called: list[bool] = []
    monkeypatch.setattr(QApplication, "quit", lambda: quit_called.append(True))
    page.backups.selectRow(0)
    page.restore_selected()
    assert quit_called == [True]
    # The facility saved since the copy is named as what the restore takes out of the data in use.
    assert asked[0].endswith(
        "1 thay đổi được lưu sau lúc đó sẽ không còn trong dữ liệu đang dùng (chỉ còn trong bản sao của dữ liệu"
        " hiện tại)."
    ), asked
    assert _facilities(path) == 0  # the copy from before the new facility
    assert [b.reason for b in backups.listed(path)] == [backups.BEFORE_RESTORE, backups.MANUAL]


def _centre(path: Path, province: str, name: str, facilities: int = 0) -> None:
    """Set the centre up as the first start does, and give the installation its sync id."""
    from desktop.services import settings
    from desktop.store import clock

    database = Database(path)
    with database.transaction("can-bo") as session:
        settings.save(session, settings.CentreSettings(province, name))
        clock.device_id(session)
        for n in range(facilities):
            make_facility(session, commune(session, province, "xa"), name=f"Cơ sở {name} {n}")
    database.close()


def _restore_command(path: Path, backup: Path, *extra: str) -> tuple[int, str]:
    import io
    from contextlib import redirect_stderr, redirect_stdout

    from desktop import cli

    out = io.StringIO()
    with redirect_stdout(out), redirect_stderr(out):
        code = cli.main(["--db", str(path), "restore", str(backup), "--yes", *extra])
    return code, out.getvalue()


def test_another_provinces_backup_is_restored_only_when_asked_again(template_db: Path, tmp_path: Path) -> None:
    ours, theirs = tmp_path / "da-nang" / "khuyencong.sqlite3", tmp_path / "dak-lak" / "khuyencong.sqlite3"
    for path in (ours, theirs):
        path.parent.mkdir()
        shutil.copyfile(template_db, path)
    _centre(ours, "48", "Trung tâm Khuyến công Đà Nẵng", facilities=3)
    _centre(theirs, "66", "Trung tâm Khuyến công Đắk Lắk", facilities=5)
    copy = backups.make(theirs).path
    before = ours.read_bytes()

    with pytest.raises(restoring.Foreign) as refused:
        restoring.restore(copy, ours)
    assert str(refused.value) == (
        f"Bản sao lưu {copy.name} là dữ liệu của Trung tâm Khuyến công Đắk Lắk (tỉnh Đắk Lắk), không phải của"
        " Trung tâm Khuyến công Đà Nẵng (Thành phố Đà Nẵng) đang dùng trên máy này. Dữ liệu hiện tại giữ nguyên."
        " Chỉ khôi phục nếu thật sự muốn thay toàn bộ dữ liệu bằng dữ liệu của tỉnh/thành phố đó."
    )
    code, said = _restore_command(ours, copy)
    assert code == 1 and said.endswith("chạy lại lệnh với --other-installation.\n"), said
    assert ours.read_bytes() == before and backups.listed(ours) == []  # nothing kept: nothing was replaced
    code, said = _restore_command(ours, copy, "--other-installation")
    assert code == 0, said
    assert _facilities(ours) == 5


def test_a_backup_from_another_pc_of_the_centre_says_this_pc_would_sync_as_that_one(
    template_db: Path, tmp_path: Path
) -> None:
    this_pc, other_pc, new_pc = (tmp_path / name / "khuyencong.sqlite3" for name in ("may-1", "may-2", "may-moi"))
    for path in (this_pc, other_pc, new_pc):
        path.parent.mkdir()
        shutil.copyfile(template_db, path)
        _centre(path, "48", "Trung tâm Khuyến công Đà Nẵng") if path != new_pc else None
    copy = backups.make(other_pc).path
    with pytest.raises(restoring.Foreign, match=r"được tạo trên một máy khác .*máy này sẽ đồng bộ thay cho máy đó"):
        restoring.restore(copy, this_pc)
    own = backups.make(this_pc).path
    assert restoring.restore(own, this_pc).revision == checks.HEAD_REVISION  # its own copy: no question
    # The first day on a new PC (nothing set up yet): the old PC's copy is what it is for.
    assert restoring.restore(copy, new_pc).revision == checks.HEAD_REVISION


def test_settings_asks_before_restoring_another_provinces_backup(
    qtbot: object, ctx: object, monkeypatch: pytest.MonkeyPatch, template_db: Path, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QApplication, QMessageBox

    from desktop.ui.context import AppContext
    from desktop.ui.settings_page import SettingsPage

    assert isinstance(ctx, AppContext)
    path = ctx.runner.database.path
    theirs = tmp_path / "dak-lak" / "khuyencong.sqlite3"
    theirs.parent.mkdir()
    shutil.copyfile(template_db, theirs)
    _centre(theirs, "66", "Trung tâm Khuyến công Đắk Lắk", facilities=2)
    backups.folder(path).mkdir()
    copied = shutil.copy(backups.make(theirs).path, backups.folder(path))  # a colleague's file, put there by hand
    page = SettingsPage(ctx)
    qtbot.addWidget(page)  # type: ignore[attr-defined]
    asked: list[str] = []
    answers = iter([QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])

    def warning(_parent: object, _title: str, text: str, *_a: object) -> QMessageBox.StandardButton:
        asked.append(text)
        return next(answers)

    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "warning", warning)
    monkeypatch.setattr(QMessageBox, "information", lambda *_a, **_k: QMessageBox.StandardButton.Ok)
    monkeypatch.setattr(QApplication, "quit", lambda: None)
    assert [b.path for b in page.backup_list] == [Path(copied)]
    page.backups.selectRow(0)
    page.restore_selected()  # answered No: nothing changes
    assert "là dữ liệu của Trung tâm Khuyến công Đắk Lắk (tỉnh Đắk Lắk)" in asked[0]
    assert asked[0].endswith("Vẫn khôi phục bản sao lưu này?") and _facilities(path) == 0
    page.restore_selected()  # answered Yes
    assert len(asked) == 2 and _facilities(path) == 2


def test_a_copy_renamed_by_the_user_is_listed_restorable_and_never_rotated_out(db_path: Path) -> None:
    with Database(db_path).transaction("lan") as session:
        make_facility(session, commune(session, "48", "xa"), name="Cơ sở trước Tết")
    made = backups.make(db_path)
    renamed = made.path.with_name("ban-truoc-tet.sqlite3")  # compressed, though its name says otherwise
    made.path.rename(renamed)
    plain = backups.folder(db_path) / "chep-tay.db"
    with closing(sqlite3.connect(db_path)) as source, closing(sqlite3.connect(plain)) as copy:
        source.backup(copy)
    other_file = backups.folder(db_path) / "khac-thu-cong-20261201-080000-000000.sqlite3.gz"  # another file's copy
    shutil.copyfile(renamed, other_file)
    (backups.folder(db_path) / "ghi-chu.txt").write_text("không phải bản sao lưu", encoding="utf-8")

    found = {b.path.name: b for b in backups.listed(db_path)}
    assert set(found) == {"ban-truoc-tet.sqlite3", "chep-tay.db"}
    assert found["ban-truoc-tet.sqlite3"].label == "Tệp tự đặt tên: ban-truoc-tet.sqlite3"
    assert not found["ban-truoc-tet.sqlite3"].verified  # nobody knows what a renamed file holds
    assert backups.check(renamed).revision == checks.HEAD_REVISION  # told compressed by its first bytes
    for _ in range(backups.KEEP_OTHER + 1):
        backups.make(db_path)
    assert renamed.exists() and plain.exists()
    with Database(db_path).transaction("lan") as session:
        make_facility(session, commune(session, "48", "xa"), name="Cơ sở sau Tết")
    restoring.restore(renamed, db_path)
    assert _facilities(db_path) == 1
