"""What a PC, a disk or a file can do to the database: damaged files, a read-only folder, a full disk.

Every command and the app say in Vietnamese what is wrong with which file and what to do; no traceback;
no byte of the user's file changes; backups never copy a damaged file and never rotate out the last good
copy; a restore that cannot be completed leaves the live file as it was. The disks are real: a tmpfs of a
few MB for the full disk, a read-only bind mount (or, without root, a folder without write permission).
"""

from __future__ import annotations

import gc
import gzip
import hashlib
import os
import random
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop import cli
from desktop.core.errors import ErrorKind, Refused, explain
from desktop.models import Facility
from desktop.services import reports
from desktop.store import backups, checks, restoring, sole_writer, storage
from desktop.store.db import Database, read_only
from tests.conftest import commune, make_facility


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _facilities(path: Path) -> int:
    with closing(read_only(path)) as connection:
        return int(connection.execute("SELECT count(*) FROM facility").fetchone()[0])


def _beside(folder: Path) -> list[str]:
    """What is in ``folder``, but the lock files that say which program writes a database (they stay)."""
    return sorted(p.name for p in folder.iterdir() if not p.name.endswith(sole_writer.SUFFIX))


def _with_facilities(path: Path, count: int) -> None:
    database = Database(path)
    with database.transaction("lan") as session:
        place = commune(session, "48", "xa")
        for n in range(count):
            make_facility(session, place, name=f"Cơ sở số {n}")
    database.close()


# --- ways a file gets damaged ------------------------------------------------------------------------
def _cut_short(data: bytearray) -> bytearray:
    return data[: len(data) // 2]


def _garbage(data: bytearray) -> bytearray:
    return bytearray(random.Random(1).randbytes(len(data)))


def _header_overwritten(data: bytearray) -> bytearray:
    data[0:16] = b"X" * 16
    return data


def _schema_flipped(data: bytearray) -> bytearray:
    """Bits flipped all over the file, the schema's page among them."""
    r = random.Random(1)
    for _ in range(200):
        data[r.randrange(4096 * 2, len(data))] ^= 0xFF
    data[100 + 200] ^= 0xFF  # the first page holds the schema
    return data


DAMAGE: dict[str, Callable[[bytearray], bytearray]] = {
    "cắt cụt": _cut_short,
    "rác": _garbage,
    "phần đầu bị ghi đè": _header_overwritten,
    "lật bit": _schema_flipped,
}


def _damaged(db_path: Path, how: str) -> Path:
    db_path.write_bytes(bytes(DAMAGE[how](bytearray(db_path.read_bytes()))))
    return db_path


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = cli.main(argv)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.mark.parametrize("how", DAMAGE)
def test_every_command_names_a_damaged_file_says_what_to_do_and_leaves_it_as_it_was(
    db_path: Path, how: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _with_facilities(db_path, 3)
    good = backups.make(db_path, backups.MANUAL)
    _damaged(db_path, how)
    before = _digest(db_path)
    base = ["--db", str(db_path)]
    for command in (
        ["db", "upgrade"],
        ["db", "reindex"],
        ["diagnostics"],
        ["backup"],
        ["export", "co-so", "--out", str(tmp_path / "co-so.xlsx")],
        ["print", "nghiem-thu", "--id", "1", "--out", str(tmp_path / "in.pdf")],
    ):
        code, said = _run(base + command, capsys)
        assert code == 1, (command, said)
        if command == ["diagnostics"]:  # what support needs is printed first, as far as it can be read
            assert said.startswith("Phần mềm") and "(không đọc được: tệp dữ liệu bị hỏng)" in said, said
            said = said[said.index("Lỗi: ") :]
        assert said.startswith("Lỗi: Tệp dữ liệu") and str(db_path) in said and "bị hỏng" in said, (command, said)
        assert "Traceback" not in said
        assert f'restore "{good.path}"' in said  # the newest good backup, and the command that restores it
    code, said = _run([*base, "db", "check"], capsys)
    assert code == 1 and "Tệp dữ liệu bị hỏng" in said and "Những gì còn đọc được:" in said
    assert "Bản sao lưu tốt gần nhất" in said and str(good.path) in said
    assert _digest(db_path) == before
    assert _beside(db_path.parent) == ["backups", db_path.name, "logs"]  # no journal
    assert [b.path for b in backups.listed(db_path)] == [good.path]  # the damaged file was not copied


def _page_overwritten(db_path: Path, table: str = "facility") -> None:
    """The first page of ``table``'s rows overwritten: the header and the schema read, the rows do not."""
    with closing(sqlite3.connect(db_path)) as connection:
        root = connection.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
    data = bytearray(db_path.read_bytes())
    data[(root - 1) * page_size : root * page_size] = b"\x0d\xff" * (page_size // 2)
    db_path.write_bytes(bytes(data))


ENGLISH = ("btree", "Page ", "error code", "malformed", "Tree ", "database disk image")


def test_damage_deep_in_the_file_is_found_by_check_and_backup_refuses_it(
    db_path: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _with_facilities(db_path, 400)
    good = backups.make(db_path)
    _page_overwritten(db_path)
    before = _digest(db_path)

    code, said = _run(["--db", str(db_path), "db", "check"], capsys)
    assert code == 1 and "Tệp dữ liệu bị hỏng: có trang dữ liệu bên trong tệp bị hỏng" in said, said
    assert "Cơ sở CNNT: không đọc được" in said and "Bản sao lưu tốt gần nhất" in said
    assert not [word for word in ENGLISH if word in said], said
    # A command that writes reads every page first: it does not write beside the damage.
    sheet = tmp_path / "co-so.xlsx"
    for command in (["db", "upgrade"], ["demo-data", "--province", "48"], ["import", "facilities", str(sheet)]):
        code, said = _run(["--db", str(db_path), *command], capsys)
        assert code == 1 and said.startswith(f"Lỗi: Tệp dữ liệu {db_path} bị hỏng: có trang dữ liệu"), said
        assert f'restore "{good.path}"' in said and not [word for word in ENGLISH if word in said], said
    assert _digest(db_path) == before
    for _ in range(backups.KEEP_OTHER + 2):  # a month of refused copies: the good one stays
        with pytest.raises(backups.Damaged, match="Không sao lưu bản hỏng này"):
            backups.make(db_path)
    assert [b.path for b in backups.listed(db_path)] == [good.path]
    assert _digest(db_path) == before


def test_the_app_offers_the_newest_good_backup_when_the_file_is_damaged(
    db_path: Path, qtbot: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from desktop.ui import app

    _with_facilities(db_path, 2)
    backups.make(db_path)
    _damaged(db_path, "cắt cụt")
    shown: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        shown.append(box.text() + "\n" + box.informativeText())
        (restore,) = [b for b in box.buttons() if b.text() == "Khôi phục bản sao lưu"]
        restore.click()

    QTimer.singleShot(0, answer)
    database = app._open_or_explain(db_path)
    assert database is not None
    assert "bị cắt cụt" in shown[0] and str(db_path) in shown[0]
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(Facility)) == 2
    database.close()
    (kept,) = backups.folder(db_path).glob(f"*{backups.DAMAGED_ASIDE}")  # the damaged file, kept aside
    assert kept.stat().st_size > 0


def test_what_sqlite_finds_damaged_is_told_in_vietnamese_how_much_and_where() -> None:
    found = [
        "*** in database main ***\nOn tree page 2010 cell 7: Rowid 15363 out of order\n"
        "Fragmentation of 428 bytes reported as 0 on page 2010\nOn tree page 2001 cell 145: Offset 0 out of range"
    ]
    assert checks.damage_summary(found) == "kiểm tra toàn vẹn thấy 3 chỗ hỏng bên trong tệp (trang 2001, 2010)"
    many = [f"On tree page {n} cell 1: Offset 0 out of range" for n in range(100, 220)]
    assert checks.damage_summary(many).startswith("kiểm tra toàn vẹn thấy 100 chỗ hỏng trở lên")
    assert checks.damage_summary(many).endswith("(trang 100, 101, 102, 103, 104, 105, 106, 107, …)")
    rules = ["CHECK constraint failed in proposal", "NULL value in facility.name"]
    assert checks.damage_summary(rules) == (
        "kiểm tra toàn vẹn thấy 2 chỗ hỏng bên trong tệp (dòng có giá trị không hợp lệ trong: Cơ sở CNNT, Đề án)"
    )
    indexes = ["row 5 missing from index ix_facility_name", "wrong # of entries in index ix_facility_name"]
    assert checks.damage_summary(indexes) == (
        "kiểm tra toàn vẹn thấy 2 chỗ hỏng bên trong tệp (ở các chỉ mục: dữ liệu có thể vẫn còn nguyên)"
    )


def test_a_value_no_version_writes_is_told_as_damage_not_in_english(
    dak_lak: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A flipped byte in a status (or an id) is still a value to SQLite, and opened read-only its own check
    leaves the table's CHECK rules out: the program checks them itself, and says so in Vietnamese when
    reading such a row."""
    db_path = tmp_path / "khuyencong.sqlite3"
    with closing(sqlite3.connect(dak_lak.path)) as source, closing(sqlite3.connect(db_path)) as copy:
        source.backup(copy)
    with closing(sqlite3.connect(db_path)) as connection, connection:
        connection.execute("PRAGMA ignore_check_constraints = 1")
        first = "(SELECT min(rowid) FROM proposal)"
        connection.execute(f"UPDATE proposal SET status = 'dxng_thuc_hien' WHERE rowid = {first}")
    before = _digest(db_path)
    report = storage.check(db_path)
    assert report.problems == [
        "Tệp dữ liệu bị hỏng: kiểm tra toàn vẹn thấy 1 chỗ hỏng bên trong tệp (dòng có giá trị không hợp lệ"
        " trong: Đề án)"
    ]
    # Reading the row fails; a report, whose queries match no such status, would leave it out unsaid.
    for command in (
        ["export", "de-an", "--out", str(tmp_path / "de-an.xlsx")],
        ["export", "bao-cao", "--period", str(date.today().year), "--out", str(tmp_path / "bao-cao.xlsx")],
        ["print", "bao-cao", "--id", str(date.today().year), "--out", str(tmp_path / "bao-cao.pdf")],
    ):
        code, said = _run(["--db", str(db_path), *command], capsys)
        assert code == 1 and said.startswith(f"Lỗi: Tệp dữ liệu {db_path} bị hỏng"), (command, said)
        assert "dòng có giá trị không hợp lệ trong: Đề án" in said and "enum" not in said, said
    assert not [p.name for p in tmp_path.iterdir() if p.suffix in (".xlsx", ".pdf")]
    database = Database(db_path, reading=True)  # the app's report page and its Excel file ask the same
    with database.session() as session, pytest.raises(storage.Unusable, match="không hợp lệ trong: Đề án"):
        reports.periodic_report(session, reports.parse_period(str(date.today().year)))
    database.close()
    code, said = _run(["--db", str(db_path), "db", "reindex"], capsys)  # a writer refuses to write beside it
    assert code == 1 and "dòng có giá trị không hợp lệ trong: Đề án" in said, said
    assert _digest(db_path) == before


@pytest.mark.parametrize(
    ("change", "said"),
    [
        ("activity_type_code = 'may_moc_thiet_bx'", "dòng trỏ tới bản ghi không còn trong: Đề án"),
        ("approved_support = '5593500O0'", "dòng có giá trị không hợp lệ trong: Đề án"),
        ("start_date = '2023-02-0x'", "dòng có giá trị không hợp lệ trong: Đề án"),
    ],
)
def test_a_row_pointing_nowhere_or_holding_another_kind_of_value_is_damage_not_left_out_of_a_report(
    dak_lak: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str], change: str, said: str
) -> None:
    """SQLite keeps what it is given: an activity type that is not there (the report's join then leaves the
    proposal and its money out without a word), a letter in an amount, a day that is no day."""
    db_path = tmp_path / "khuyencong.sqlite3"
    with closing(sqlite3.connect(dak_lak.path)) as source, closing(sqlite3.connect(db_path)) as copy:
        source.backup(copy)
    with closing(sqlite3.connect(db_path)) as connection, connection:
        year = connection.execute("SELECT plan_year FROM proposal WHERE approved_support > 0 LIMIT 1").fetchone()[0]
        connection.execute(
            f"UPDATE proposal SET {change} WHERE rowid = (SELECT min(rowid) FROM proposal WHERE approved_support > 0)"
        )
    before = _digest(db_path)
    code, told = _run(["--db", str(db_path), "db", "check"], capsys)
    assert code == 1 and said in told, told
    for command in (
        ["export", "bao-cao", "--period", str(year), "--out", str(tmp_path / "bao-cao.xlsx")],
        ["export", "de-an", "--out", str(tmp_path / "de-an.xlsx")],
        ["backup"],
    ):
        code, told = _run(["--db", str(db_path), *command], capsys)
        assert code == 1 and told.startswith(f"Lỗi: Tệp dữ liệu {db_path} bị hỏng") and said in told, (command, told)
        assert "invalid literal" not in told and "ngoài dự kiến" not in told
    assert not [p.name for p in tmp_path.iterdir() if p.suffix == ".xlsx"]
    assert _digest(db_path) == before and backups.listed(db_path) == []


def test_every_rule_is_checked_on_a_current_file_and_a_sound_file_of_an_older_version_is_sound(
    dak_lak: Database, tmp_path: Path
) -> None:
    """No table's rules are skipped on a file of this version (a rule SQLite cannot run is skipped, as for an
    older file), and a column added since (0010's attendance rule) is not read as damage in an older file."""
    with closing(read_only(dak_lak.path)) as connection:
        for table, expression in checks._check_rules():
            connection.execute(f"SELECT count(*) FROM {table} WHERE NOT ({expression})").fetchone()
    older = tmp_path / "khuyencong.sqlite3"
    with closing(sqlite3.connect(dak_lak.path)) as source, closing(sqlite3.connect(older)) as copy:
        source.backup(copy)
    with closing(sqlite3.connect(older)) as connection, connection:
        assert connection.execute("SELECT count(*) FROM training_course").fetchone()[0] > 0
        connection.execute("ALTER TABLE training_course DROP COLUMN min_attendance_percent")
        connection.execute("UPDATE alembic_version SET version_num = '0009'")
    assert checks.unsound(older) is None


def test_a_rule_altered_in_the_files_schema_is_damage(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A byte flipped in the text of a CHECK rule: every row still reads, so SQLite's check opened
    read-only says ok, but the file now refuses to save a status the program writes."""
    _with_facilities(db_path, 2)
    data = db_path.read_bytes()
    rule = b"'ho_kinh_doanh'"
    assert data.count(rule) == 1  # in the schema's text; the rows hold their own copies unquoted
    db_path.write_bytes(data.replace(rule, b"'hx_kinh_doanh'"))
    before = _digest(db_path)
    report = storage.check(db_path)
    assert report.problems == [
        "Tệp dữ liệu bị hỏng: kiểm tra toàn vẹn thấy 1 chỗ hỏng bên trong tệp (quy tắc trong cấu trúc bảng bị"
        " sửa: Cơ sở CNNT)"
    ]
    code, said = _run(["--db", str(db_path), "db", "upgrade"], capsys)
    assert code == 1 and "quy tắc trong cấu trúc bảng bị sửa: Cơ sở CNNT" in said, said
    assert _digest(db_path) == before


def test_the_first_start_on_a_damaged_file_writes_nothing_and_offers_the_newest_backup(
    db_path: Path, qtbot: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A province's file copied to a new PC: the first-start dialog would save the user's name into it, so
    the whole file is read first; a row no version writes stops the app before anything is written."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

    from desktop.ui import app

    _with_facilities(db_path, 3)
    good = backups.make(db_path)
    with closing(sqlite3.connect(db_path)) as connection, connection:
        connection.execute("PRAGMA ignore_check_constraints = 1")
        connection.execute("UPDATE facility SET legal_form = 'hxx' WHERE rowid = (SELECT min(rowid) FROM facility)")
    before = _digest(db_path)
    shown: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QDialog) and not isinstance(box, QMessageBox):  # the first-start dialog: too late
            shown.append(type(box).__name__)
            box.reject()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        shown.append(box.text() + "\n" + box.informativeText())
        (leave,) = [b for b in box.buttons() if b.text() == "Thoát"]
        leave.click()

    QTimer.singleShot(0, answer)
    assert app.run(db_path) == 1
    assert "Cơ sở CNNT" in shown[-1] and "Phần mềm không ghi gì vào tệp này" in shown[-1], shown
    assert "FirstRunDialog" not in shown
    assert _digest(db_path) == before and not Path(f"{db_path}-wal").exists()
    assert [b.path for b in backups.listed(db_path)] == [good.path]


def test_damage_found_behind_the_open_window_closes_the_app_and_offers_the_newest_backup(
    db_path: Path, qtbot: object, monkeypatch: pytest.MonkeyPatch, errors: list[str]
) -> None:
    """Opening reads the header and the schema; a page of rows deep in the file is read by the check that
    runs behind the window, which stops the app before more is written beside the damage."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from desktop.ui import app
    from desktop.ui.main_window import MainWindow

    _with_facilities(db_path, 400)
    backups.make(db_path)
    _page_overwritten(db_path)
    app.make_application()
    database = storage.open_database(db_path)
    ctx = app.open_context(database)
    window = MainWindow(ctx, None)
    quit_called: list[bool] = []
    monkeypatch.setattr(QApplication, "quit", lambda: quit_called.append(True))
    shown: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        shown.append(box.text() + "\n" + box.informativeText())
        restore = [b for b in box.buttons() if b.text() == "Khôi phục bản sao lưu"]
        (restore or box.buttons())[0].click()
        if restore:
            QTimer.singleShot(20, answer)  # then the box that says it is done

    QTimer.singleShot(0, answer)
    app._check_pages(window, ctx, database)
    qtbot.waitUntil(lambda: bool(quit_called), timeout=30_000)  # type: ignore[attr-defined]
    window.close()
    assert shown[0].startswith(f"Tệp dữ liệu {db_path} bị hỏng ở giữa tệp: phần mềm sẽ đóng lại.")
    assert "có trang dữ liệu bên trong tệp bị hỏng" in shown[0] and "Phần mềm không ghi gì vào tệp này" in shown[0]
    assert shown[1].startswith("Đã khôi phục.")
    assert _facilities(db_path) == 400 and storage.check(db_path).ok


# --- backups ------------------------------------------------------------------------------------------
def test_a_backup_is_checked_compressed_and_restorable(db_path: Path) -> None:
    _with_facilities(db_path, 50)
    made = backups.make(db_path)
    assert made.path.name.endswith(".sqlite3.gz") and made.verified
    assert made.size < db_path.stat().st_size / 2
    plain = db_path.parent / "giai-nen.sqlite3"
    with gzip.open(made.path) as packed:
        plain.write_bytes(packed.read())
    assert _facilities(plain) == 50
    assert not list(backups.folder(db_path).glob(f"*{backups.PARTIAL}"))


def test_rotation_keeps_the_only_good_copy_among_damaged_ones_from_an_earlier_version(db_path: Path) -> None:
    """Copies made by earlier versions were plain and never checked: thirty damaged ones must not push out
    the one good copy."""
    folder = backups.folder(db_path)
    folder.mkdir()
    good = folder / f"{db_path.stem}-thu-cong-20250101-080000-000000.sqlite3"
    shutil.copyfile(db_path, good)
    for day in range(backups.KEEP_OTHER + 5):
        (
            folder / f"{db_path.stem}-thu-cong-2025{2 + day // 28:02d}{1 + day % 28:02d}-080000-000000.sqlite3"
        ).write_bytes(b"hong" * 1000)
    removed = backups.rotate(db_path)
    assert good.exists() and good not in removed and len(removed) == 5
    made = backups.make(db_path)  # now a checked copy exists: the earlier ones rotate as usual
    assert made.verified and made.path.exists()


@contextmanager
def _small_disk(where: Path, megabytes: int) -> Iterator[Path]:
    """A real filesystem of a few MB (tmpfs), to fill up."""
    where.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={megabytes}m", "tmpfs", str(where)], check=False)
    if mounted.returncode != 0:
        pytest.skip("cần quyền gắn ổ (root) để tạo một ổ tmpfs nhỏ làm ổ đầy")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=True)


def _fill(disk: Path, leave: int = 0) -> None:
    """Fill ``disk`` up, leaving about ``leave`` bytes."""
    stat = os.statvfs(disk)
    free = stat.f_bavail * stat.f_frsize - leave
    with (disk / "day.bin").open("wb") as filler:
        while free > 0:
            chunk = min(free, 1 << 20)
            filler.write(b"\xff" * chunk)
            free -= chunk


def test_a_full_disk_leaves_no_partial_copy_and_the_database_as_it_was(template_db: Path, tmp_path: Path) -> None:
    with _small_disk(tmp_path / "o-nho", 8) as disk:
        db_path = disk / "khuyencong.sqlite3"
        shutil.copyfile(template_db, db_path)
        first = backups.make(db_path)
        _fill(disk, leave=64 * 1024)
        before = _digest(db_path)
        with pytest.raises(Refused, match="Ổ đĩa đã đầy") as refused:
            backups.make(db_path)
        assert "các bản cũ vẫn còn" in str(refused.value)
        assert [b.path for b in backups.listed(db_path)] == [first.path]
        assert sorted(p.name for p in backups.folder(db_path).iterdir()) == [first.path.name]
        assert _digest(db_path) == before


def test_saving_on_a_full_disk_says_so_and_keeps_what_was_saved(template_db: Path, tmp_path: Path) -> None:
    with _small_disk(tmp_path / "o-nho", 8) as disk:
        db_path = disk / "khuyencong.sqlite3"
        shutil.copyfile(template_db, db_path)
        _with_facilities(db_path, 5)
        _fill(disk, leave=16 * 1024)
        database = Database(db_path)

        def save_many() -> None:
            with database.transaction("lan") as session:
                place = commune(session, "48", "xa")
                for n in range(3000):
                    make_facility(session, place, name=f"Cơ sở thêm {n} " + "x" * 200)

        with pytest.raises(Exception) as failed:  # noqa: PT011 - the point is what explain() makes of it
            save_many()
        database.close()
        told = explain(failed.value)
        assert told.kind is ErrorKind.ENVIRONMENT and told.message.startswith("Ổ đĩa đã đầy")
        (disk / "day.bin").unlink()
        assert _facilities(db_path) == 5
        assert storage.check(db_path).ok


def test_a_command_on_a_full_disk_says_so_without_a_traceback(template_db: Path, tmp_path: Path) -> None:
    with _small_disk(tmp_path / "o-nho", 8) as disk:
        db_path = disk / "khuyencong.sqlite3"
        shutil.copyfile(template_db, db_path)
        _fill(disk, leave=16 * 1024)
        done = subprocess.run(
            [sys.executable, "-m", "desktop", "--db", str(db_path), "demo-data", "--province", "48"],
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 1 and "Ổ đĩa đã đầy" in done.stderr, done.stderr
        assert "Traceback" not in done.stderr + done.stdout


def test_a_disk_full_to_the_last_byte_is_told_in_a_window_or_on_the_command_line_with_what_is_free(
    template_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """So full that SQLite cannot even make the journal it opens the file with; the log cannot be written
    either, and Python would print that failure's traceback on the console."""
    from PySide6.QtWidgets import QMessageBox

    from desktop.ui import app

    with _small_disk(tmp_path / "o-nho", 8) as disk:
        db_path = disk / "khuyencong.sqlite3"
        shutil.copyfile(template_db, db_path)
        _fill(disk)
        before = _digest(db_path)
        done = subprocess.run(
            [sys.executable, "-m", "desktop", "--db", str(db_path), "db", "reindex"],
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 1, done.stderr
        assert done.stderr.startswith("Lỗi: Ổ đĩa đã đầy") and f"thư mục dữ liệu {disk} chỉ còn trống" in done.stderr
        assert "Traceback" not in done.stderr and "Logging error" not in done.stderr, done.stderr
        # What only reads still works: a list exported to another disk, the support report.
        out = tmp_path / "co-so.xlsx"
        for command in (["export", "co-so", "--out", str(out)], ["diagnostics"]):
            done = subprocess.run(
                [sys.executable, "-m", "desktop", "--db", str(db_path), *command],
                capture_output=True,
                text=True,
                timeout=300,
            )
            assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
        assert out.stat().st_size > 0
        told: list[str] = []
        monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text: told.append(text))
        assert app.run(db_path) == 1  # the app started from its shortcut: nobody sees a console
        assert len(told) == 1 and told[0].startswith("Ổ đĩa đã đầy") and "chỉ còn trống" in told[0], told
        assert _digest(db_path) == before


@contextmanager
def _read_only(folder: Path) -> Iterator[None]:
    """``folder`` (or a file) made read-only: a read-only bind mount as root (an administrator's account
    ignores the permission bits), the permission bits otherwise."""
    if os.geteuid() == 0:
        subprocess.run(["mount", "--bind", str(folder), str(folder)], check=True)
        subprocess.run(["mount", "-o", "remount,ro,bind", str(folder)], check=True)
        try:
            yield
        finally:
            subprocess.run(["umount", "-l", str(folder)], check=True)
    else:
        mode = folder.stat().st_mode
        folder.chmod(0o555 if folder.is_dir() else 0o444)
        try:
            yield
        finally:
            folder.chmod(mode)


def test_a_read_only_database_file_in_a_writable_folder_is_named_as_such(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The file set read-only (as a copy from a CD or a Read-only attribute makes it), not its folder: the
    message names the file, and ``db check`` does not take the search index it cannot check for damaged."""
    _with_facilities(db_path, 2)
    before = _digest(db_path)
    with _read_only(db_path):
        code, said = _run(["--db", str(db_path), "db", "upgrade"], capsys)
        assert code == 1 and said.startswith(f"Lỗi: Không ghi được vào tệp dữ liệu {db_path}: tệp được đặt chỉ"), said
        code, said = _run(["--db", str(db_path), "db", "check"], capsys)
        assert code == 0 and "Tệp dữ liệu chỉ cho phép đọc: chưa kiểm tra được chỉ mục tìm kiếm" in said, said
        assert "không khớp" not in said
    assert _digest(db_path) == before


def test_the_command_line_speaks_vietnamese_even_where_python_writes_it(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        cli.main(["backup", "--help"])
    told = capsys.readouterr().out
    assert told.startswith("cách dùng: khuyencong backup") and "tùy chọn:" in told and "in hướng dẫn này" in told
    for command in ([], ["demo-data"], ["export"], ["import"], ["sync"]):  # English left only in values
        with pytest.raises(SystemExit):
            cli.main([*command, "--help"])
        told = capsys.readouterr().out
        english = ("show ", "version number", " DB", "SEARCH", "YEAR", "PERIOD", "PROVINCE", "SEED", "SHEET", "{")
        assert not [word for word in english if word in told], told
    for argv, expected in (
        (["exprt"], "khuyencong: lỗi: tham số LỆNH: không có lựa chọn 'exprt'; chọn một trong: 'db'"),
        (["export"], "khuyencong export: lỗi: thiếu tham số bắt buộc: GÌ, --out"),
        (["export", "co-so", "--out", "x.xlsx", "--year", "abc"], "lỗi: tham số --year: giá trị không hợp lệ: 'abc'"),
    ):
        with pytest.raises(SystemExit):
            cli.main(argv)
        said = capsys.readouterr().err
        assert expected in said and "error" not in said and "usage" not in said, said
    for where in ("", str(tmp_path)):
        code, said = _run(["--db", where, "db", "check"], capsys)
        assert code == 2 and said.startswith("Lỗi: --db cần đường dẫn tới một tệp dữ liệu (.sqlite3)"), said
    backups.folder(db_path).write_text("một tệp tên là backups", encoding="utf-8")
    code, said = _run(["--db", str(db_path), "backup"], capsys)
    assert code == 1 and f"Cần một thư mục ở {backups.folder(db_path)} nhưng ở đó đã có một tệp cùng tên" in said
    backups.folder(db_path).unlink()
    cut = backups.make(db_path).path
    cut.write_bytes(cut.read_bytes()[: cut.stat().st_size // 2])
    code, said = _run(["--db", str(db_path), "restore", str(cut), "--yes"], capsys)
    assert code == 1 and "bị hỏng, không giải nén được (tệp nén bị cắt cụt hoặc bị ghi sai)" in said, said
    assert not [word for word in ("Compressed", "end-of-stream", "gzip") if word in said]


def test_a_read_only_folder_is_named_with_what_to_do(
    template_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "du-lieu"
    folder.mkdir()
    db_path = folder / "khuyencong.sqlite3"
    shutil.copyfile(template_db, db_path)
    _with_facilities(db_path, 7)
    before = _digest(db_path)
    sheet = tmp_path / "co-so.xlsx"
    with _read_only(folder):
        with pytest.raises(storage.Unusable, match="chỉ cho phép đọc") as refused:
            storage.open_database(db_path)
        assert str(folder) in str(refused.value) and "--db" in str(refused.value)
        for command in (["backup"], ["db", "upgrade"], ["import", "facilities", str(sheet)]):
            code, said = _run(["--db", str(db_path), *command], capsys)
            assert code == 1 and said.startswith("Lỗi: Không ghi được") and "Traceback" not in said, said
        # What only reads goes on: a check, the support report, an export saved elsewhere.
        code, said = _run(["--db", str(db_path), "db", "check"], capsys)
        assert code == 0 and "không phát hiện lỗi" in said
        code, said = _run(["--db", str(db_path), "diagnostics"], capsys)
        assert code == 0 and str(db_path) in said, said
        code, said = _run(["--db", str(db_path), "export", "co-so", "--out", str(sheet)], capsys)
        assert code == 0 and said.startswith("Đã ghi 7 dòng"), said
        # Saved into the read-only folder: told once; the workbook's half-written sheets are closed, not
        # left for the collector, which would print their failure under the message.
        unraisable: list[object] = []
        monkeypatch.setattr(sys, "unraisablehook", unraisable.append)
        code, said = _run(["--db", str(db_path), "export", "co-so", "--out", str(folder / "co-so.xlsx")], capsys)
        gc.collect()
        assert code == 1 and str(folder / "co-so.xlsx") in said and "hãy chọn" in said, said
        assert unraisable == [] and "Traceback" not in said
        new = folder / "moi.sqlite3"  # a new database cannot be made there either
        code, said = _run(["--db", str(new), "db", "upgrade"], capsys)
        assert code == 1 and "chỉ cho phép đọc" in said and not new.exists()
    assert _digest(db_path) == before


# --- restore ------------------------------------------------------------------------------------------
def test_a_restore_whose_upgrade_fails_leaves_the_live_file_as_it_was(db_path: Path, tmp_path: Path) -> None:
    """A copy stamped with an older schema than it has: its upgrade fails (a column already there)."""
    _with_facilities(db_path, 4)
    stamped = tmp_path / "ban-cu.sqlite3"
    shutil.copyfile(db_path, stamped)
    with closing(sqlite3.connect(stamped)) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0005'")
        connection.commit()
    before = _digest(db_path)
    with pytest.raises(Refused, match=r"không nâng cấp được.*Dữ liệu hiện tại giữ nguyên"):
        restoring.restore(stamped, db_path)
    assert _digest(db_path) == before
    assert _beside(db_path.parent) == ["ban-cu.sqlite3", db_path.name]
    assert storage.open_database(db_path).path == db_path  # the program still starts


def test_a_restore_replaces_a_damaged_file_and_keeps_it_aside(db_path: Path) -> None:
    _with_facilities(db_path, 4)
    good = backups.make(db_path)
    _with_facilities(db_path, 1)
    damaged = _damaged(db_path, "rác").read_bytes()
    restored = restoring.restore(good.path, db_path)
    assert _facilities(db_path) == 4 and storage.check(db_path).ok
    assert restored.aside is not None and restored.aside.read_bytes() == damaged
    assert restored.aside not in [b.path for b in backups.listed(db_path)]  # never offered as a backup


def test_a_restore_cut_short_by_a_full_disk_leaves_the_live_file_as_it_was(template_db: Path, tmp_path: Path) -> None:
    source = tmp_path / "nguon.sqlite3"
    shutil.copyfile(template_db, source)
    _with_facilities(source, 300)
    big = backups.make(source)
    with _small_disk(tmp_path / "o-nho", 8) as disk:
        db_path = disk / "khuyencong.sqlite3"
        shutil.copyfile(template_db, db_path)
        _fill(disk, leave=db_path.stat().st_size // 2)  # room for less than the expanded copy
        before = _digest(db_path)
        with pytest.raises(Refused, match=r"Ổ đĩa đã đầy.*Dữ liệu hiện tại giữ nguyên"):
            restoring.restore(big.path, db_path)
        assert _digest(db_path) == before
        assert _beside(disk) == ["day.bin", db_path.name]


def test_an_export_on_a_full_disk_keeps_the_earlier_file_of_that_name(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop.store.files import write_whole

    _with_facilities(db_path, 300)
    with _small_disk(tmp_path / "o-nho", 4) as disk:
        earlier = disk / "co-so.xlsx"
        earlier.write_bytes(b"bao cao thang truoc" * 100)
        pdf = disk / "nghiem-thu.pdf"
        pdf.write_bytes(b"%PDF ban truoc")
        _fill(disk, leave=8 * 1024)
        code, said = _run(["--db", str(db_path), "export", "co-so", "--out", str(earlier)], capsys)
        assert code == 1 and "Ổ đĩa đã đầy" in said and "Traceback" not in said, said
        with pytest.raises(OSError, match="No space"):
            write_whole(pdf, b"%PDF" + b"0" * 64 * 1024)  # what printing does with a PDF
        assert earlier.read_bytes() == b"bao cao thang truoc" * 100 and pdf.read_bytes() == b"%PDF ban truoc"
        assert sorted(p.name for p in disk.iterdir()) == ["co-so.xlsx", "day.bin", "nghiem-thu.pdf"]


def test_an_export_or_a_pdf_never_overwrites_the_database_or_a_backup(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    made = backups.make(db_path)
    before, copy = _digest(db_path), _digest(made.path)
    for command in (
        ["export", "co-so", "--out", str(db_path)],
        ["export", "co-so", "--out", str(made.path)],
        ["print", "bao-cao", "--id", "2026", "--out", str(db_path)],
        ["export", "co-so", "--out", str(backups.folder(db_path) / "bao-cao.xlsx")],
    ):
        code, said = _run(["--db", str(db_path), *command], capsys)
        assert code == 2 and ("phải có đuôi" in said or "không ghi đè" in said), said
    assert _digest(db_path) == before and _digest(made.path) == copy


def test_an_emptied_file_beside_its_backups_or_another_programs_file_is_not_made_a_new_database(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = backups.make(db_path)
    db_path.write_bytes(b"")  # emptied by a crash, a sync tool, an antivirus
    code, said = _run(["--db", str(db_path), "db", "upgrade"], capsys)
    assert code == 1 and "tệp trống" in said and str(good.path) in said and db_path.stat().st_size == 0
    other = tmp_path / "places.sqlite"
    with closing(sqlite3.connect(other)) as connection:
        connection.execute("CREATE TABLE moz_places (url TEXT)")
    before = _digest(other)
    code, said = _run(["--db", str(other), "export", "co-so", "--out", str(tmp_path / "x.xlsx")], capsys)
    assert code == 1 and "của một chương trình khác" in said and _digest(other) == before


def test_a_screenshot_of_an_unusable_file_says_why_and_ends(db_path: Path, tmp_path: Path) -> None:
    _damaged(db_path, "rác")
    done = subprocess.run(
        [sys.executable, "-m", "desktop", "--db", str(db_path), "--screenshot", str(tmp_path / "a.png")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1 and "bị hỏng" in done.stderr and "Traceback" not in done.stderr


def test_a_screenshot_of_a_file_with_a_damaged_row_says_why_and_ends_on_every_page(
    dak_lak: Database, tmp_path: Path
) -> None:
    """The window reads the whole file behind itself and says so in a box; a screenshot has nobody to answer
    a box: it says so on the console and ends (it waited for ever on the Đề án page)."""
    db_path = tmp_path / "khuyencong.sqlite3"
    with closing(sqlite3.connect(dak_lak.path)) as source, closing(sqlite3.connect(db_path)) as copy:
        source.backup(copy)
    with closing(sqlite3.connect(db_path)) as connection, connection:
        connection.execute("PRAGMA ignore_check_constraints = 1")
        connection.execute(
            "UPDATE proposal SET status = 'dxng_thuc_hien' WHERE rowid = (SELECT min(rowid) FROM proposal)"
        )
    before = _digest(db_path)
    for page in ("co-so", "de-an"):
        shot = tmp_path / f"{page}.png"
        done = subprocess.run(
            [sys.executable, "-m", "desktop", "--db", str(db_path), "--screenshot", str(shot), "--page", page],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 1 and "dòng có giá trị không hợp lệ trong: Đề án" in done.stderr, done.stderr
        assert "Traceback" not in done.stderr and not shot.exists()
    assert _digest(db_path) == before
