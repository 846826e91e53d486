"""The khuyencong command as scripts and scheduled jobs use it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from desktop.cli import main


def test_db_upgrade_then_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "du-lieu" / "kc.sqlite3"
    assert main(["--db", str(path), "db", "check"]) == 1
    assert "Không tìm thấy tệp dữ liệu" in capsys.readouterr().out
    assert main(["--db", str(path), "db", "upgrade"]) == 0
    assert "Đã nâng cấp cấu trúc dữ liệu (mới)" in capsys.readouterr().out
    assert main(["--db", str(path), "db", "upgrade"]) == 0
    assert "đã ở phiên bản mới nhất" in capsys.readouterr().out
    assert main(["--db", str(path), "db", "check"]) == 0
    assert "không phát hiện lỗi" in capsys.readouterr().out


def test_demo_data_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "demo.sqlite3"
    args = [
        "--db",
        str(path),
        "demo-data",
        "--province",
        "48",
        "--facilities",
        "50",
        "--proposals",
        "20",
        "--trainees",
        "40",
        "--seed",
        "2",
    ]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "[5/5]" in out
    assert "dòng dữ liệu mẫu" in out
    assert main(["--db", str(tmp_path / "y.sqlite3"), "demo-data", "--province", "99"]) == 1
    assert "Không có tỉnh/thành phố mã “99”" in capsys.readouterr().err


def test_the_installed_command_runs(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "desktop", "--help"], capture_output=True, text=True, check=True)
    assert "demo-data" in done.stdout
    assert "khuyencong" in done.stdout
    env_db = tmp_path / "env.sqlite3"
    shot = tmp_path / "window.png"
    subprocess.run(
        [sys.executable, "-m", "desktop", "--screenshot", str(shot)],
        capture_output=True,
        text=True,
        check=True,
        env={"KHUYENCONG_DB": str(env_db), "PATH": "", "SYSTEMROOT": ""},
    )
    assert env_db.exists()  # created and migrated on first run
    assert shot.read_bytes().startswith(b"\x89PNG")


def test_architecture_contracts_hold() -> None:
    """Models, services and sync never import Qt or the UI (import-linter contracts in pyproject.toml)."""
    lint = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run([str(lint)], capture_output=True, text=True, cwd=Path(__file__).parent.parent)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Contracts: 2 kept, 0 broken" in done.stdout
