"""One writer per database file: the open app and the commands that write refuse each other (in
Vietnamese, saying who holds the file), readers go on, a killed writer frees the file, and what a killed
writer left half done is cleaned up by the next one."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest

from desktop import cli
from desktop.services import settings
from desktop.store import backups, checks, restoring, sole_writer
from desktop.store.db import Database, read_only
from tests.conftest import commune, make_facility

ROOT = Path(__file__).resolve().parent.parent


def _facilities(path: Path) -> int:
    with closing(read_only(path)) as connection:
        return int(connection.execute("SELECT count(*) FROM facility").fetchone()[0])


def _configured(db_path: Path, facilities: int) -> None:
    database = Database(db_path)
    with database.transaction("can-bo") as session:
        settings.save(session, settings.CentreSettings("48", "Trung tâm Khuyến công Đà Nẵng", user_name="can-bo"))
        place = commune(session, "48", "xa")
        for n in range(facilities):
            make_facility(session, place, name=f"Cơ sở số {n}")
    database.close()


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = cli.main(argv)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@contextmanager
def _holding(db_path: Path, argv: list[str], who: str) -> Iterator[subprocess.Popen[bytes]]:
    """Another program on ``db_path`` (``argv``), running until the block ends; it is killed then, as a
    crash or a power cut would end it, not asked to close."""
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    quiet, told = subprocess.DEVNULL, subprocess.PIPE
    with subprocess.Popen(argv, cwd=ROOT, env=environment, stdout=quiet, stderr=told) as process:
        try:
            deadline = time.monotonic() + 120
            while (sole_writer.holder(db_path) or "").split(",")[0] != who:
                assert process.poll() is None, process.stderr.read() if process.stderr else ""
                assert time.monotonic() < deadline, "the other program never took the file"
                time.sleep(0.1)
            yield process
        finally:
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=30)


def test_while_the_app_is_open_a_restore_or_an_import_is_refused_and_reading_goes_on(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _configured(db_path, 3)
    earlier = backups.make(db_path)
    _configured(db_path, 2)  # written after the backup: a restore now would throw it away under the app
    app = [sys.executable, "-m", "desktop", "--db", str(db_path)]
    with _holding(db_path, app, "cửa sổ Khuyến công"):
        code, said = _run(["--db", str(db_path), "restore", str(earlier.path), "--yes"], capsys)
        assert code == 1 and said.startswith(f"Lỗi: Tệp dữ liệu {db_path} đang được dùng: cửa sổ Khuyến công, từ ")
        assert "Traceback" not in said
        sheet = tmp_path / "co-so.xlsx"
        code, said = _run(["--db", str(db_path), "import", "facilities", str(sheet)], capsys)
        assert code == 1 and "đang được dùng: cửa sổ Khuyến công" in said, said
        code, said = _run(["--db", str(db_path), "export", "co-so", "--out", str(sheet)], capsys)
        assert code == 0 and sheet.stat().st_size > 0, said  # a reader is no danger to the app's writes
        code, said = _run(["--db", str(db_path), "backup"], capsys)
        assert code == 0, said
        # A second window on the same file is told the same, and ends.
        second = subprocess.run(
            [*app, "--screenshot", str(tmp_path / "second.png")], cwd=ROOT, capture_output=True, text=True, timeout=120
        )
        assert second.returncode == 1 and "đang được dùng: cửa sổ Khuyến công" in second.stderr, second.stderr
        assert not (tmp_path / "second.png").exists()
    assert _facilities(db_path) == 5
    # The app was killed: the operating system freed the file, nothing has to be removed by hand.
    code, said = _run(["--db", str(db_path), "restore", str(earlier.path), "--yes"], capsys)
    assert code == 0, said
    assert _facilities(db_path) == 3


def test_a_second_restore_is_told_the_file_is_in_use_and_does_not_blame_the_backup(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _configured(db_path, 1)
    good = backups.make(db_path)
    holder = [
        sys.executable,
        "-c",
        "import sys, time; from pathlib import Path; from desktop.store import sole_writer;"
        " sole_writer.take(Path(sys.argv[1]), 'lệnh khuyencong restore'); time.sleep(600)",
        str(db_path),
    ]
    with _holding(db_path, holder, "lệnh khuyencong restore"):
        with pytest.raises(sole_writer.InUse, match="đang được dùng: lệnh khuyencong restore") as refused:
            restoring.restore(good.path, db_path)
        assert "hỏng" not in str(refused.value) and good.path.name not in str(refused.value)
        code, said = _run(["--db", str(db_path), "demo-data", "--province", "48"], capsys)
        assert code == 1 and "đang được dùng: lệnh khuyencong restore" in said
    assert backups.check(good.path).revision == checks.HEAD_REVISION  # the backup is as good as it was


def test_what_a_killed_writer_left_is_removed_by_the_next_one(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _configured(db_path, 1)
    folder = backups.folder(db_path)
    folder.mkdir(exist_ok=True)
    two_hours_ago = time.time() - 7200
    prepared = db_path.with_name(f".{db_path.name}.khoi-phuc")  # a restore killed while preparing its copy
    stale = [
        prepared,
        Path(f"{prepared}-wal"),
        folder / f"{db_path.stem}-thu-cong-20261201-080000-000000.sqlite3.dang-ghi",  # a backup killed halfway
        folder / f"{db_path.stem}-thu-cong-20261201-080000-000000.sqlite3.dang-ghi-journal",
    ]
    for path in stale:
        path.write_bytes(b"x" * 1000)
        os.utime(path, (two_hours_ago, two_hours_ago))
    being_made = folder / f"{db_path.stem}-thu-cong-20261204-080000-000000.sqlite3.dang-ghi"  # by a command now
    being_made.write_bytes(b"x" * 1000)

    code, said = _run(["--db", str(db_path), "db", "upgrade"], capsys)
    assert code == 0, said
    assert [p for p in stale if p.exists()] == []
    assert being_made.exists()
    assert backups.listed(db_path) == []


def test_a_backup_killed_halfway_is_removed_by_the_next_backup_at_once_not_one_being_made(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The copy of a province's file is hundreds of MB: one left by a program that has ended goes with the
    next backup, even a minute later; one whose program still runs (a command beside the app) stays."""
    _configured(db_path, 1)
    folder = backups.folder(db_path)
    folder.mkdir(exist_ok=True)
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        name = f"{db_path.stem}-thu-cong-20261204-080000-000000.sqlite3"
        left = [
            folder / f"{name}.p{ended.stdout.strip()}.dang-ghi",
            folder / f"{name}.p{ended.stdout.strip()}.dang-ghi-journal",
        ]
        left.append(folder / f"{name}.gz.p{ended.stdout.strip()}.dang-ghi")
        being_made = folder / f"{name}.gz.p{running.pid}.dang-ghi"
        for path in [*left, being_made]:
            path.write_bytes(b"x" * 1000)
        code, said = _run(["--db", str(db_path), "backup"], capsys)
        assert code == 0, said
        assert [p.name for p in left if p.exists()] == [] and being_made.exists()
        assert len(backups.listed(db_path)) == 1
    finally:
        running.kill()
        running.wait()
    code, said = _run(["--db", str(db_path), "backup"], capsys)
    assert code == 0 and not being_made.exists()


def test_an_export_killed_halfway_is_cleaned_up_by_the_next_export_to_that_folder(
    dak_lak: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    left = tmp_path / ".bao-cao-thang-truoc.xlsx.dang-ghi"
    left.write_bytes(b"PK" * 500)
    os.utime(left, (time.time() - 7200, time.time() - 7200))
    being_written = tmp_path / ".bao-cao-cua-lenh-khac.xlsx.dang-ghi"
    being_written.write_bytes(b"PK" * 500)
    code, said = _run(["--db", str(dak_lak.path), "export", "co-so", "--out", str(tmp_path / "co-so.xlsx")], capsys)
    assert code == 0, said
    assert sorted(p.name for p in tmp_path.iterdir()) == [being_written.name, "co-so.xlsx"]


def test_a_lock_that_cannot_be_taken_refuses_the_writer_instead_of_going_on_unlocked(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A folder where the lock file goes: unlocked, a restore could replace the file under an open window."""
    _configured(db_path, 2)
    good = backups.make(db_path)
    sole_writer.lock_file(db_path).mkdir()
    code, said = _run(["--db", str(db_path), "restore", str(good.path), "--yes"], capsys)
    assert code == 1 and said.startswith(f"Lỗi: Không khóa được tệp dữ liệu {db_path} để ghi"), said
    assert "xóa" in said and "Errno" not in said and "Traceback" not in said
    with pytest.raises(sole_writer.InUse, match="Không khóa được"):
        sole_writer.take(db_path, "cửa sổ Khuyến công")
    assert _facilities(db_path) == 2
    sole_writer.lock_file(db_path).rmdir()
    code, said = _run(["--db", str(db_path), "restore", str(good.path), "--yes"], capsys)
    assert code == 0, said


def test_a_shortcut_to_the_file_is_locked_with_it_and_a_restore_through_it_replaces_the_file(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _configured(db_path, 3)
    earlier = backups.make(db_path)
    _configured(db_path, 1)
    shortcut = tmp_path / "loi-tat" / "du-lieu.sqlite3"
    shortcut.parent.mkdir()
    shortcut.symlink_to(db_path)
    assert sole_writer.lock_file(shortcut) == sole_writer.lock_file(db_path)
    holder = [
        sys.executable,
        "-c",
        "import sys, time; from pathlib import Path; from desktop.store import sole_writer;"
        " sole_writer.take(Path(sys.argv[1]), 'cửa sổ Khuyến công'); time.sleep(600)",
        str(db_path),
    ]
    with _holding(db_path, holder, "cửa sổ Khuyến công"):
        code, said = _run(["--db", str(shortcut), "restore", str(earlier.path), "--yes"], capsys)
        assert code == 1 and "đang được dùng: cửa sổ Khuyến công" in said, said
    code, said = _run(["--db", str(shortcut), "restore", str(earlier.path), "--yes"], capsys)
    assert code == 0, said
    assert shortcut.is_symlink() and _facilities(db_path) == 3
    # Every copy, made by hand through the shortcut or before the restore, is among the real file's.
    code, said = _run(["--db", str(shortcut), "backup"], capsys)
    assert code == 0 and str(backups.folder(db_path)) in said, said
    assert not backups.folder(shortcut).exists() and len(backups.listed(db_path)) == 3
