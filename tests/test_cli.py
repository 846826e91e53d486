"""The khuyencong command as scripts and scheduled jobs use it."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from sqlalchemy import delete

from desktop.cli import main
from desktop.models import AppSetting
from desktop.services.proposal_actions import Action
from desktop.services.signed_in import ROLE_SETTING
from desktop.store.db import Database
from sync.protocol import SyncReport
from tests.sync_fixtures import PASSWORD, act, appraised_proposal


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


def test_the_data_file_may_be_named_after_the_command_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """ "khuyencong demo-data --db F …" and "khuyencong db check --db F", as people write them."""
    path = tmp_path / "sau-lenh.sqlite3"
    assert main(["demo-data", "--db", str(path), "--province", "48", "--facilities", "3", "--proposals", "1"]) == 0
    assert str(path) in capsys.readouterr().out
    assert main(["db", "check", "--db", str(path)]) == 0
    assert f"Tệp dữ liệu: {path}" in capsys.readouterr().out
    other = tmp_path / "khac.sqlite3"
    assert main(["--db", str(other), "backup", "--db", str(path)]) == 0  # the one nearer the command wins
    assert "sau-lenh-thu-cong" in capsys.readouterr().out and not other.exists()


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
    """Below the UI nothing imports Qt; each layer imports only those below it; the sync client never imports
    the server (import-linter contracts in pyproject.toml)."""
    lint = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run([str(lint)], capture_output=True, text=True, cwd=Path(__file__).parent.parent)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Contracts: 4 kept, 0 broken" in done.stdout


def test_no_module_imports_itself_through_others() -> None:
    """The picture of the tree has no circles: no module of desktop or sync reaches itself through the modules
    it imports (at run time, lazily, or for type checking alone)."""
    import grimp

    graph = grimp.build_graph("desktop", "sync")
    circles = sorted(
        (module, other)
        for module in graph.modules
        for other in graph.find_modules_directly_imported_by(module)
        if other in graph.modules and graph.chain_exists(importer=other, imported=module)
    )
    assert circles == []


def test_sync_says_each_refusal_reason_once_with_its_count_and_its_exit_code_says_what_happened(
    app_client: httpx.Client, db_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Staff approve three proposals offline: the server refuses six changes (each approval and its step) for
    one reason, said once with its count, exit 4. A push waiting for the director exits 5; a PC that does not
    match the server yet says why."""
    from sync import replica
    from sync.protocol import Change

    monkeypatch.setenv("KHUYENCONG_PASSWORD", PASSWORD)
    database = Database(db_path)
    proposals = [appraised_proposal(database, f"KCĐP-2026-40{n}") for n in range(3)]
    database.close()
    command = ["--db", str(db_path), "sync", "--server", str(app_client.base_url).rstrip("/"), "--user", "lan"]
    assert main(command) == 0
    assert "Đối chiếu tỉnh mã 48: khớp với máy chủ" in capsys.readouterr().out
    database = Database(db_path)
    with database.transaction() as session:  # as a version that did not keep the role: the server decides
        session.execute(delete(AppSetting).where(AppSetting.key == ROLE_SETTING))
    for proposal_id in proposals:
        act(database, proposal_id, Action.APPROVE, "lan", decision_no="31/QĐ-UBND")
    database.close()

    assert main(command) == 4
    out = capsys.readouterr().out
    reason = "Chỉ Giám đốc Trung tâm được quyết định “Đã phê duyệt” đề án"
    assert "Máy chủ từ chối 6 thay đổi (bản ghi trở lại như trên máy chủ" in out
    assert out.count(reason) == 1 and f"  — 6 × {reason}\n" in out
    assert "Đối chiếu tỉnh mã 48: khớp với máy chủ" in out  # put back as the server has it: no difference left

    blocked = "Dữ liệu có sẵn của Trung tâm có 3 bản ghi mang quyết định: cần Giám đốc Trung tâm đăng nhập."
    reports = [
        SyncReport(pulled=2, blocked=blocked),
        SyncReport(pulled=1, verified={"48": False, "00": True}, repaired=3, parked=1),
        SyncReport(rejected=78, refusals={f"Lý do {n}": n + 1 for n in range(12)}),
    ]
    monkeypatch.setattr("sync.client.SyncClient.sync", lambda _client, verify=True: reports.pop(0))
    assert main(command) == 5
    out = capsys.readouterr().out
    assert f"Chưa gửi được: {blocked}\n" in out and "Máy chủ từ chối" not in out

    database = Database(db_path)
    with replica.applying(database) as session:  # a row from the server whose facility is not here yet
        data = {"id": "0193a000-0000-7000-8000-00000000000a", "province_code": "48", "year": 2025}
        data |= {"facility_id": "0193a000-0000-7000-8000-00000000000b", "row_version": 3}
        replica.store(session, "48", [Change(3, "facility_year", data["id"], data)], {})  # type: ignore[arg-type]
    database.close()
    assert main(command) == 0
    out = capsys.readouterr().out
    assert "Đã sửa 3 bản ghi khác với máy chủ." in out
    assert "  — Số liệu năm của cơ sở: chờ bản ghi liên quan (Cơ sở CNNT) chưa về máy\n" in out
    assert (
        "Đối chiếu tỉnh mã 48: CHƯA KHỚP — vì 1 bản ghi từ máy chủ chưa lưu được trên máy này;"
        " sẽ tự lưu ở lần đồng bộ sau, khi bản ghi liên quan đã về\n"
    ) in out
    assert "Đối chiếu tỉnh mã 00: khớp với máy chủ" in out

    assert main(command) == 4  # many reasons: the most frequent ten, then how many more
    out = capsys.readouterr().out
    assert "Máy chủ từ chối 78 thay đổi" in out and out.index("  — 12 × Lý do 11") < out.index("  — 3 × Lý do 2")
    assert "Lý do 1\n" not in out and "  … và 2 lý do khác (xem mục Đồng bộ → Bị từ chối)\n" in out

    help_text = _help(["sync", "--help"], capsys)
    assert "  4  máy chủ từ chối" in help_text and "  5  chưa gửi được" in help_text


def _help(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit):
        main(argv)
    return capsys.readouterr().out


def test_a_first_sync_without_a_password_or_a_missing_file_is_said_plainly(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing typed at the password prompt: asked for one, not a field name and a length; a sync file that
    is not there: not found, not "damaged"."""
    monkeypatch.delenv("KHUYENCONG_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code = main(["--db", str(db_path), "sync", "--server", "http://127.0.0.1:9", "--user", "lan"])
    assert code == 3
    assert "Cần mật khẩu cho lần đăng nhập đầu" in capsys.readouterr().err
    assert main(["--db", str(db_path), "sync", "import-bundle", str(tmp_path / "khong-co.kcsync")]) == 1
    assert f"Lỗi: Không tìm thấy tệp {tmp_path / 'khong-co.kcsync'}" in capsys.readouterr().err


def test_the_server_command_without_its_packages_says_how_to_install_them(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from sync.server import cli as server_cli

    monkeypatch.setitem(sys.modules, "uvicorn", None)  # as on a desktop installation, without the extra
    assert server_cli.main(["user", "list"]) == 2
    said = capsys.readouterr().err
    assert "chưa có: uvicorn" in said and 'pip install ".[server]"' in said and "Traceback" not in said


def test_the_documentation_scripts_make_no_file_of_a_mistyped_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``python -m docs.make_screenshots --help`` made a database called "--help" in the current folder."""
    from docs.arguments import demo_file

    for argv in (["--help"], [str(tmp_path / "khong-co.sqlite3")]):
        with pytest.raises(SystemExit):
            demo_file("python -m docs.make_screenshots", "Ảnh màn hình", argv)
    said = capsys.readouterr()
    assert "cách dùng: python -m docs.make_screenshots" in said.out
    assert "không có tệp dữ liệu" in said.err
    assert list(tmp_path.iterdir()) == []


def test_a_session_without_a_screen_is_named_as_the_reason_the_window_did_not_open(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Without a screen Qt blames a library (xcb-cursor0) that is installed: the setup script names the cause."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("setup_tasks", Path(__file__).parent.parent / "tasks.py")
    assert spec is not None and spec.loader is not None
    setup_tasks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(setup_tasks)
    monkeypatch.setattr(setup_tasks.sys, "platform", "linux")
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    assert setup_tasks._no_display()
    monkeypatch.setenv("DISPLAY", ":0")
    assert not setup_tasks._no_display()
    monkeypatch.delenv("DISPLAY")
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")  # drawing off screen needs none
    assert not setup_tasks._no_display()
