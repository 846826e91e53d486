"""Program updates: signed by the release keys, from the sync server or a USB package; the data stays."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from sqlalchemy import func, select

from desktop.models import OutboxEntry
from desktop.store import backups
from desktop.store.db import Database
from desktop.support import installation, updates
from installer import release
from sync.server import store
from sync.server.app import create_app
from tests.conftest import commune, make_facility
from tests.sync_fixtures import free_port
from tests.update_fixtures import Release, make_bundle


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Release:
    return Release(tmp_path_factory.mktemp("phat-hanh"))


@pytest.fixture
def pc(published: Release, db_path: Path, tmp_path: Path) -> tuple[Path, Path]:
    """An installed 0.1.0 (its program folder) and its database holding a change not yet synced."""
    program = tmp_path / "Programs" / "KhuyenCong"
    shutil.copytree(published.v1, program)
    database = Database(db_path)
    with database.transaction("lan") as session:
        make_facility(session, commune(session, "48", "xa"), name="Cơ sở chưa đồng bộ")
    database.close()
    return program, db_path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _outbox(db_path: Path) -> int:
    database = Database(db_path)
    try:
        with database.session() as session:
            return int(session.scalar(select(func.count()).select_from(OutboxEntry)) or 0)
    finally:
        database.close()


@pytest.fixture
def server(published: Release, tmp_path: Path) -> Iterator[str]:
    engine = store.open_engine(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    port = free_port()
    running = uvicorn.Server(
        uvicorn.Config(create_app(engine, published.repo), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not running.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(10)
    engine.dispose()


def _assert_updated(program: Path, db_path: Path, before: str, outbox: int, installed: updates.Installed) -> None:
    assert installed.version == "0.2.0" and installed.restart is False
    assert (program / "KhuyenCong").read_text(encoding="utf-8") == "chương trình 0.2.0\n"
    assert (program / "_internal" / "lib.so").read_bytes().endswith(b"v0.2")
    assert _digest(db_path) == before, "an update never writes the database"
    assert _outbox(db_path) == outbox
    assert installed.backup is not None and installed.backup.is_file()
    kept = sorted(p.name for p in (updates.work_folder(db_path.parent) / "tai-ve").iterdir() if p.is_file())
    assert kept == ["KhuyenCong-0.2.0.tar.gz"]  # what the next update's patches apply to, nothing more
    (copy,) = [b for b in backups.listed(db_path) if b.reason == backups.BEFORE_UPDATE]
    assert copy.label == "Trước khi cập nhật phần mềm"
    assert backups.check(copy.path)


def test_the_server_hands_out_a_signed_update_that_replaces_the_program_and_keeps_the_data(
    published: Release, pc: tuple[Path, Path], server: str
) -> None:
    program, db_path = pc
    before, outbox = _digest(db_path), _outbox(db_path)
    assert outbox >= 1
    source = updates.Source(db_path.parent, server=server, program_dir=program, trusted_root=published.root)
    assert source.available is not None and source.available.version == "0.2.0"
    assert source.available.size > 0
    seen: list[tuple[int, int]] = []
    installed = source.install(db_path, progress=lambda done, total: seen.append((done, total)))
    _assert_updated(program, db_path, before, outbox, installed)
    assert seen and seen[-1][0] == seen[-1][1] == source.available.size
    again = updates.Source(db_path.parent, server=server, current="0.2.0", program_dir=program)
    assert again.available is None
    with pytest.raises(updates.UpdateRefused, match="mới nhất"):
        again.install(db_path)


def test_a_package_file_from_a_usb_stick_installs_without_network(
    published: Release, pc: tuple[Path, Path], tmp_path: Path
) -> None:
    program, db_path = pc
    package = release.package(published.repo, tmp_path / f"KhuyenCong-CapNhat-0.2.0{updates.PACKAGE_SUFFIX}")
    before, outbox = _digest(db_path), _outbox(db_path)
    source = updates.Source(db_path.parent, package=package, program_dir=program, trusted_root=published.root)
    assert source.available is not None and source.available.version == "0.2.0"
    _assert_updated(program, db_path, before, outbox, source.install(db_path))


def _tampered(package: Path, out: Path, member: str, change: bytes) -> Path:
    with zipfile.ZipFile(package) as original, zipfile.ZipFile(out, "w") as copy:
        for name in original.namelist():
            data = original.read(name)
            copy.writestr(name, data[: -len(change)] + change if name.startswith(member) else data)
    return out


def test_a_tampered_archive_is_refused_and_nothing_changes(
    published: Release, pc: tuple[Path, Path], tmp_path: Path
) -> None:
    program, db_path = pc
    package = release.package(published.repo, tmp_path / "goc.kcupdate")
    bad = _tampered(package, tmp_path / "sua.kcupdate", "targets/KhuyenCong-0.2.0.tar.gz", b"\x00\x00\x00")
    source = updates.Source(db_path.parent, package=bad, program_dir=program, trusted_root=published.root)
    with pytest.raises(updates.UpdateRefused, match="không khớp với chữ ký"):
        source.install(db_path)
    assert (program / "KhuyenCong").read_text(encoding="utf-8") == "chương trình 0.1.0\n"


def test_a_package_signed_with_other_keys_is_refused(published: Release, pc: tuple[Path, Path], tmp_path: Path) -> None:
    program, db_path = pc
    other = Release(tmp_path / "khac")  # someone else's keys, same program name and versions
    package = release.package(other.repo, tmp_path / "la.kcupdate")
    with pytest.raises(updates.UpdateRefused, match="không đúng chữ ký"):
        updates.Source(db_path.parent, package=package, program_dir=program, trusted_root=published.root)
    assert (program / "KhuyenCong").read_text(encoding="utf-8") == "chương trình 0.1.0\n"


def test_what_is_not_a_package_is_refused_clearly(published: Release, db_path: Path, tmp_path: Path) -> None:
    text = tmp_path / "ghi-chu.kcupdate"
    text.write_text("không phải gói", encoding="utf-8")
    escaping = tmp_path / "thoat.kcupdate"
    with zipfile.ZipFile(escaping, "w") as archive:
        archive.writestr("metadata/root.json", "{}")
        archive.writestr("targets/../../ngoai.txt", "x")
    for bad, message in ((text, "zip"), (escaping, "không hợp lệ"), (tmp_path / "khong-co", "Không có tệp")):
        with pytest.raises(updates.UpdateRefused, match=message):
            updates.Source(db_path.parent, package=bad, trusted_root=published.root)
    assert not (tmp_path / "ngoai.txt").exists()


def test_running_from_source_checks_but_does_not_install(published: Release, db_path: Path, tmp_path: Path) -> None:
    package = release.package(published.repo, tmp_path / "goi.kcupdate")
    source = updates.Source(db_path.parent, package=package, trusted_root=published.root)
    assert source.available is not None
    with pytest.raises(updates.UpdateRefused, match="mã nguồn"):
        source.install(db_path)


def test_the_server_serves_only_the_repository(server: str) -> None:
    with httpx.Client(base_url=server, verify=False) as client:
        assert client.get("/api/v1/updates/metadata/timestamp.json").status_code == 200
        outside = ("metadata%2F..%2F..%2Fserver.sqlite3", "keys/root", "metadata/", "metadata/.tufup-repo-config", "x")
        for path in outside:
            answer = client.get(f"/api/v1/updates/{path}")
            assert answer.status_code == 404, path
            assert answer.json()["message"] == "Không có tệp cập nhật này"
        assert client.get("/api/v1/updates/metadata/../../server.sqlite3").status_code == 404


@pytest.mark.usefixtures("qapp")
def test_settings_installs_a_package_file_after_asking(
    qtbot: object, ctx: object, published: Release, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox
    from pytestqt.qtbot import QtBot

    from desktop.ui.context import AppContext
    from desktop.ui.settings_page import SettingsPage

    assert isinstance(qtbot, QtBot) and isinstance(ctx, AppContext)
    program = tmp_path / "Programs" / "KhuyenCong"
    shutil.copytree(published.v1, program)
    package = release.package(published.repo, tmp_path / "goi.kcupdate")
    monkeypatch.setattr(updates, "TRUSTED_ROOT", published.root)
    monkeypatch.setattr(installation, "installed_folder", lambda: program)
    told: list[str] = []
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *_a: told.append(text))

    def question(_parent: object, _title: str, text: str, *_args: object) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    quit_called: list[bool] = []
    monkeypatch.setattr(QApplication, "quit", lambda: quit_called.append(True))
    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    assert page.update_note.text() == "Đang dùng phiên bản 0.1.0."
    page.check_for_update()  # this installation never synced: no server to ask
    assert told and "Chưa đặt máy chủ đồng bộ" in told[-1]
    path = ctx.runner.database.path
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(package), ""))
    page.update_from_file()
    qtbot.waitUntil(lambda: bool(quit_called), timeout=30_000)
    assert "Có phiên bản 0.2.0 (đang dùng 0.1.0)" in asked[0]
    assert "Đã cài phiên bản 0.2.0" in told[-1]
    assert (program / "KhuyenCong").read_text(encoding="utf-8") == "chương trình 0.2.0\n"
    assert [b.reason for b in backups.listed(path)] == [backups.BEFORE_UPDATE]


def test_the_command_checks_and_explains(
    published: Release,
    db_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from desktop.cli import main

    package = release.package(published.repo, tmp_path / "goi.kcupdate")
    monkeypatch.setattr(updates, "TRUSTED_ROOT", published.root)
    assert main(["--db", str(db_path), "update", "--file", str(package)]) == 0
    assert "Có phiên bản 0.2.0 (đang dùng 0.1.0)" in capsys.readouterr().out
    assert main(["--db", str(db_path), "update", "--file", str(package), "--yes"]) == 1  # from source: not here
    assert "mã nguồn" in capsys.readouterr().err
    assert main(["--db", str(db_path), "update"]) == 2
    assert "chưa đặt máy chủ đồng bộ" in capsys.readouterr().err


def test_on_windows_the_files_are_moved_in_once_the_program_has_quit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[tuple[list[str], dict[str, str]]] = []
    monkeypatch.setattr(subprocess, "Popen", lambda args, env, **_kwargs: started.append((args, env)))
    source, program = tmp_path / "Nguyễn Văn A" / "giai-nen", tmp_path / "Programs" / "KhuyenCong"
    assert updates._schedule_on_windows(source, program) is True
    ((command, env),) = started
    script = Path(command[-1]).read_text(encoding="ascii")
    assert env["KC_PID"] == str(os.getpid()) and '"PID eq %KC_PID%"' in script  # waits for this process to end
    assert (env["KC_SRC"], env["KC_DST"]) == (str(source), str(program))  # a Vietnamese name stays whole
    assert 'robocopy "%KC_SRC%" "%KC_DST%" /e /move' in script
    assert 'start "" "%KC_DST%\\%KC_PROGRAM%"' in script and env["KC_PROGRAM"] == updates.WINDOW_PROGRAM
    assert script.index("robocopy") < script.index("start ")


@pytest.mark.usefixtures("qapp")
def test_the_window_mentions_a_newer_version_once_a_day(
    qtbot: object, ctx: object, published: Release, server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pytestqt.qtbot import QtBot

    from desktop.models import AppSetting
    from desktop.pages import PAGES
    from desktop.ui.context import AppContext
    from desktop.ui.main_window import MainWindow
    from sync.state import SERVER_SETTING

    assert isinstance(qtbot, QtBot) and isinstance(ctx, AppContext)
    monkeypatch.setattr(updates, "TRUSTED_ROOT", published.root)
    with ctx.runner.database.transaction() as session:
        session.merge(AppSetting(key=SERVER_SETTING, value=server))
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.check_updates_quietly()
    qtbot.waitUntil(lambda: ctx.runner.pending() == 0, timeout=20_000)
    assert window.update_notice.text() == "Có phiên bản mới 0.2.0" and not window.update_notice.isHidden()
    window.update_notice.click()
    assert window.nav.currentRow() == PAGES.index("cai-dat")
    data_dir = ctx.runner.database.path.parent
    assert not updates.quiet_check_due(data_dir)  # asked today already
    assert updates.quiet_check_due(data_dir, now=time.time() + updates.CHECK_EVERY + 1)


def test_out_of_date_update_information_is_refused(
    pc: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A package kept too long on a stick (or a server nobody re-signs) may be a replayed old release."""
    program, db_path = pc
    monkeypatch.setitem(release.EXPIRATION_DAYS, "timestamp", 0)
    stale = Release(tmp_path / "cu")
    package = release.package(stale.repo, tmp_path / "cu.kcupdate")
    with pytest.raises(updates.UpdateRefused, match="đã hết hạn"):
        updates.Source(db_path.parent, package=package, program_dir=program, trusted_root=stale.root)


def test_a_download_cut_off_halfway_resumes_where_it_stopped(
    published: Release, pc: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On 2G the link drops: what arrived is kept and the next try asks the server for the rest only."""
    from starlette.types import Receive, Scope, Send

    program, db_path = pc
    engine = store.open_engine(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    app = create_app(engine, published.repo)
    asked: list[bytes | None] = []

    async def recording(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and "/targets/" in scope["path"]:
            asked.append(dict(scope["headers"]).get(b"range"))
        await app(scope, receive, send)

    port = free_port()
    running = uvicorn.Server(uvicorn.Config(recording, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    while not running.started:
        time.sleep(0.05)
    monkeypatch.setattr(updates.ResumingFetcher, "CHUNK", 256)  # the small test archive in many pieces
    original = httpx.Response.iter_bytes
    cuts = [True]

    def dropping(self: httpx.Response, chunk_size: int | None = None) -> Iterator[bytes]:
        for number, data in enumerate(original(self, chunk_size)):
            if number == 3 and cuts and "/targets/" in str(self.request.url):
                cuts.pop()
                raise httpx.ReadError("mất sóng")
            yield data

    monkeypatch.setattr(httpx.Response, "iter_bytes", dropping)
    try:
        server = f"http://127.0.0.1:{port}"
        source = updates.Source(db_path.parent, server=server, program_dir=program, trusted_root=published.root)
        assert source.available is not None
        with pytest.raises(updates.UpdateRefused, match="gián đoạn"):
            source.install(db_path)
        assert (program / "KhuyenCong").read_text(encoding="utf-8") == "chương trình 0.1.0\n"
        assert backups.listed(db_path) == []  # nothing was copied or changed for a download that failed
        before, outbox = _digest(db_path), _outbox(db_path)
        again = updates.Source(db_path.parent, server=server, program_dir=program, trusted_root=published.root)
        _assert_updated(program, db_path, before, outbox, again.install(db_path))
        assert asked == [None, f"bytes={3 * 256}-".encode()]
    finally:
        running.should_exit = True
        thread.join(10)
        engine.dispose()


def test_the_next_update_downloads_a_patch_not_the_whole_program(pc: tuple[Path, Path], tmp_path: Path) -> None:
    program, db_path = pc
    own = Release(tmp_path / "rieng")
    package = release.package(own.repo, tmp_path / "0.2.0.kcupdate")
    updates.Source(db_path.parent, package=package, program_dir=program, trusted_root=own.root).install(db_path)
    v3 = make_bundle(tmp_path / "b3", "0.3.0")
    (v3 / "_internal" / "lib.so").write_bytes((own.v2 / "_internal" / "lib.so").read_bytes()[:-4] + b"v0.3")
    release.add(own.repo, own.keys, v3, "0.3.0")
    archive = (own.repo / "targets" / "KhuyenCong-0.3.0.tar.gz").stat().st_size
    package = release.package(own.repo, tmp_path / "0.3.0.kcupdate")
    source = updates.Source(db_path.parent, package=package, current="0.2.0", program_dir=program)
    assert source.available is not None and source.available.version == "0.3.0"
    assert source.available.size < archive / 2, (source.available.size, archive)  # the patch from 0.2.0
    source.install(db_path)
    assert (program / "_internal" / "lib.so").read_bytes().endswith(b"v0.3")
    assert (program / "KhuyenCong").read_text(encoding="utf-8") == "chương trình 0.3.0\n"
