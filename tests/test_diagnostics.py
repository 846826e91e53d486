"""Support: the report support asks for (versions, paths, schema, backups, sync), never a secret; the
error dialog says where the log is and copies the report with the error."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from desktop.services import settings
from desktop.store import backups, checks
from desktop.store.db import Database
from desktop.support import diagnostics
from desktop.ui import tasks


def test_the_report_names_versions_paths_and_state_and_no_secret(database: Database, tmp_path: Path) -> None:
    with database.transaction() as session:
        settings.save(session, settings.CentreSettings("48", "Trung tâm Khuyến công Đà Nẵng"))
    backups.make(database.path)
    text = diagnostics.report(database, tmp_path / "khuyencong.log")
    for expected in (
        "Khuyến công Desktop",
        "SQLite",
        "SQLAlchemy",
        str(database.path),
        f"Phiên bản cấu trúc  {checks.HEAD_REVISION}",
        str(tmp_path / "khuyencong.log"),
        "1 bản trong",
        "Trung tâm Khuyến công Đà Nẵng (tỉnh mã 48)",
        "Thay đổi chờ gửi    0",
    ):
        assert expected in text, expected
    assert "mật khẩu" not in text.lower() and "token" not in text.lower()


def test_the_command(database: Database) -> None:
    env = {"KHUYENCONG_PASSWORD": "bi-mat-khong-duoc-in", "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-m", "desktop", "--db", str(database.path), "diagnostics"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert done.returncode == 0 and "Phiên bản cấu trúc" in done.stdout
    assert "bi-mat-khong-duoc-in" not in done.stdout


@pytest.mark.usefixtures("qapp")
def test_an_unexpected_error_shows_the_log_and_copies_the_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QApplication, QMessageBox

    monkeypatch.setattr(tasks.Support, "log_path", tmp_path / "khuyencong.log")
    monkeypatch.setattr(tasks.Support, "describe", lambda: "Phần mềm  Khuyến công Desktop")
    seen: dict[str, str] = {}

    def click_copy(box: QMessageBox) -> int:
        seen["text"], seen["informative"] = box.text(), box.informativeText()
        copy = next(b for b in box.buttons() if b.text() == "Sao chép thông tin hỗ trợ")
        copy.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", click_copy)
    error = RuntimeError("hỏng ở đâu đó")
    error.__traceback_text__ = "Traceback: dòng 1"  # type: ignore[attr-defined]
    tasks.show_error(None, error)
    assert seen["text"].startswith("Đã xảy ra lỗi ngoài dự kiến")
    assert seen["informative"] == f"Nhật ký: {tmp_path / 'khuyencong.log'}"
    copied = QApplication.clipboard().text()
    assert "Khuyến công Desktop" in copied and "hỏng ở đâu đó" in copied and "Traceback: dòng 1" in copied
