"""The program as users get it: the PyInstaller folder starts and works; the Windows installer compiles and
keeps away from the data folder."""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import Engine

from desktop import paths
from desktop.store.db import Database
from installer import build, release
from sync import account, bundle
from sync.server import store
from tests.conftest import commune, make_facility
from tests.update_fixtures import Release

SCRIPT = build.NSIS_SCRIPT.read_text(encoding="utf-8")


@pytest.mark.slow
def test_the_bundle_makes_a_demo_database_prints_draws_its_window_and_checks_updates(tmp_path: Path) -> None:
    """The folder built from the spec, run with none of the project's environment (a broken bundle: a data
    file, a lazily imported module or a Qt plugin left out, fails here, not on a centre's PC)."""
    folder = build.bundle(tmp_path / "dist", tmp_path / "work")
    assert (folder / build.COMMAND_PROGRAM).is_file()
    assert (folder / "_internal" / "resources" / "fonts").is_dir()
    assert not list(folder.rglob("fastapi")), "the server is not part of the desktop program"
    shot = build.smoke(folder, tmp_path / "run")
    assert build._png_size(shot) >= (800, 500)
    database = tmp_path / "run" / "demo.sqlite3"
    assert database.stat().st_size > 100_000
    # The update check reads signed metadata with the root the folder ships (here a test release's).
    published = Release(tmp_path / "release")
    assert (folder / "_internal" / "resources" / "updates").is_dir()
    shutil.copyfile(published.root, folder / "_internal" / "resources" / "updates" / "root.json")
    package = release.package(published.repo, tmp_path / "goi.kcupdate")
    done = subprocess.run(
        [str(folder / build.COMMAND_PROGRAM), "--db", str(database), "update", "--file", str(package)],
        capture_output=True,
        text=True,
        env={"PATH": os.environ["PATH"], "HOME": str(tmp_path / "run"), "LANG": "C.UTF-8"},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Có phiên bản 0.2.0 (đang dùng 0.1.0)" in done.stdout


def _drawn(folder: Path, scratch: Path, server: Engine) -> None:
    """The built programs' steps, stood in for: the form printed, the window drawn."""
    (scratch / "bc.pdf").write_bytes(b"%PDF-1.7")
    (scratch / "de-an.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(8) + struct.pack(">II", 1280, 800))


def test_the_smoke_run_starts_afresh_and_always_closes_its_server(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A second ``tasks.py build --smoke`` failed on the first run's user and enrolment; a failed step left
    the server's database open."""
    opened = store.open_engine
    disposed: list[str] = []

    def opening(url: str) -> Engine:
        engine = opened(url)
        dispose = engine.dispose

        def counted(close: bool = True) -> None:
            disposed.append(url)
            dispose(close)

        engine.dispose = counted  # type: ignore[method-assign]
        return engine

    monkeypatch.setattr(store, "open_engine", opening)
    monkeypatch.setattr(build, "_run_steps", _drawn)
    scratch = tmp_path / "dist" / "chay-thu"
    for _ in range(2):
        assert build.smoke(tmp_path / "dist", scratch) == scratch / "de-an.png"
    assert len(disposed) == 2

    def failing(folder: Path, scratch: Path, server: Engine) -> None:
        raise build.BuildError("khuyencong-cli thất bại")

    monkeypatch.setattr(build, "_run_steps", failing)
    with pytest.raises(build.BuildError):
        build.smoke(tmp_path / "dist", scratch)
    assert len(disposed) == 3


def test_the_smoke_runs_server_counts_the_changes_it_took_not_those_it_was_sent(
    template_db: Path, tmp_path: Path
) -> None:
    """The check "the server took something" passed when it refused everything (it counted the changes in
    the file): it counts the answer's outcomes."""
    server = store.open_engine(f"sqlite:///{tmp_path / 'may-chu.sqlite3'}")
    shutil.copyfile(template_db, tmp_path / "may.sqlite3")
    database = Database(tmp_path / "may.sqlite3")
    try:
        build.smoke_server(server, tmp_path / "ghi-danh.kcsync")
        assert bundle.enrol(database, tmp_path / "ghi-danh.kcsync") == build.SMOKE_USER
        device = account.device_id(database)
        request, reply = tmp_path / "gui.kcsync", tmp_path / "nhan.kcsync"
        with database.transaction(build.SMOKE_USER) as session:  # outside the director's province: refused
            make_facility(session, commune(session, "48", "xa"))
        bundle.export(database, request, device)
        with pytest.raises(build.BuildError, match=r"không nhận thay đổi nào từ tệp đồng bộ \(1 thay đổi .* 1 bị"):
            build.smoke_answer(server, request, reply)
        bundle.apply_answer(database, reply, device)
        with database.transaction(build.SMOKE_USER) as session:
            make_facility(session, commune(session, build.SMOKE_PROVINCE, "xa"))
        bundle.export(database, request, device)
        assert build.smoke_answer(server, request, reply) == 1
    finally:
        database.close()
        server.dispose()


@pytest.mark.skipif(shutil.which("makensis") is None, reason="NSIS (makensis) is not installed on this machine")
def test_the_windows_installer_script_compiles(tmp_path: Path) -> None:
    """makensis builds a Windows installer on any system: the script is checked for real, warnings as errors,
    around a stand-in of the program folder."""
    folder = tmp_path / "KhuyenCong"
    (folder / "_internal").mkdir(parents=True)
    for name in ("KhuyenCong.exe", "khuyencong-cli.exe", "_internal/python311.dll"):
        (folder / name).write_bytes(b"MZ")
    setup = build.installer(folder, tmp_path / "KhuyenCong-CaiDat.exe")
    assert setup.read_bytes()[:2] == b"MZ"


def test_the_installer_is_per_user_and_never_touches_the_data_folder() -> None:
    assert "RequestExecutionLevel user" in SCRIPT
    assert 'InstallDir "$LOCALAPPDATA\\Programs\\KhuyenCong"' in SCRIPT
    assert 'MUI_LANGUAGE "Vietnamese"' in SCRIPT
    data = re.search(r'!define DATA_DIR "\$LOCALAPPDATA\\(\w+)"', SCRIPT)
    assert data is not None and data.group(1) == paths.APP_DIR_NAME  # the folder the program keeps data in
    # Everything removed, on upgrade or uninstall, is inside the program folder.
    removed = re.findall(r'^\s*(?:RMDir(?: /r)?|Delete)\s+"([^"]+)"', SCRIPT, flags=re.MULTILINE)
    assert removed
    for target in removed:
        assert target.startswith(("$INSTDIR", "$SMPROGRAMS", "$DESKTOP")), target
    assert "HKLM" not in SCRIPT  # no machine-wide key: no administrator needed


def _wine_ready() -> bool:
    """wine that runs a 32-bit Windows program (the NSIS installers are), and makensis to build one."""
    wine = shutil.which("wine")
    if wine is None or shutil.which("makensis") is None or shutil.which("wineserver") is None:
        return False
    return Path("/usr/lib/i386-linux-gnu/wine").is_dir() or Path("/usr/lib/wine/i386-windows").is_dir()


class Windows:
    """A Windows user's profile in a wine prefix: run programs, find their files."""

    def __init__(self, prefix: Path) -> None:
        self.env = os.environ | {"WINEPREFIX": str(prefix), "WINEDEBUG": "-all", "WINEDLLOVERRIDES": "mscoree,mshtml="}
        self.run("wineboot", "-i")
        local = self.run("wine", "cmd", "/c", "echo %LOCALAPPDATA%").stdout.strip()
        self.local_appdata = local  # C:\users\<name>\AppData\Local
        self.user = prefix / "drive_c" / "users" / local.split("\\")[2]
        self.local = self.user / "AppData" / "Local"
        self.prefix = prefix

    def run(self, *command: str) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(command, env=self.env, capture_output=True, text=True, timeout=300)
        subprocess.run(["wineserver", "-w"], env=self.env, timeout=300)  # programs it started have ended
        return done

    def registry(self) -> str:
        return (self.prefix / "user.reg").read_text(encoding="utf-8", errors="replace")


# What a centre's data folder holds after a while: the database, a backup, its own wording of a form.
USED = ("khuyencong.sqlite3", "backups/khuyencong-hang-ngay-20261201-080000-000000.sqlite3", "mau-bieu/de-an.toml")


def _setup(tmp_path: Path, version: str, libraries: list[str]) -> Path:
    folder = tmp_path / f"ban-{version}"
    (folder / "_internal").mkdir(parents=True)
    for name in ("KhuyenCong.exe", "khuyencong-cli.exe", *(f"_internal/{n}" for n in libraries)):
        (folder / name).write_bytes(b"MZ" + version.encode())
    out = tmp_path / f"KhuyenCong-CaiDat-{version}.exe"
    defines = [f"-DVERSION={version}", f"-DSOURCE_DIR={folder}", f"-DOUTFILE={out}"]
    made = subprocess.run(
        ["makensis", "-V1", "-WX", *defines, str(build.NSIS_SCRIPT)],
        capture_output=True,
        text=True,
    )
    assert made.returncode == 0, made.stdout + made.stderr
    return out


@pytest.mark.slow
@pytest.mark.skipif(not _wine_ready(), reason="needs wine with 32-bit support and NSIS (CI installs both)")
def test_the_installer_installs_upgrades_and_uninstalls_for_one_user_and_keeps_the_data(tmp_path: Path) -> None:
    pc = Windows(tmp_path / "wine")
    program = pc.local / "Programs" / "KhuyenCong"
    data = pc.local / paths.APP_DIR_NAME
    start_menu = pc.user / "AppData" / "Roaming" / "Microsoft" / "Windows" / "Start Menu" / "Programs"
    shortcut = "Khuyến công Desktop.lnk"

    assert pc.run("wine", str(_setup(tmp_path, "0.1.0", ["cu.dll"])), "/S").returncode == 0
    assert (program / "KhuyenCong.exe").read_bytes() == b"MZ0.1.0"
    assert (program / "_internal" / "cu.dll").is_file() and (program / "GoCaiDat.exe").is_file()
    assert (start_menu / shortcut).is_file() and (pc.user / "Desktop" / shortcut).is_file()
    assert '"DisplayVersion"="0.1.0"' in pc.registry()
    # The program has been used: a database, a backup, the centre's own wording.
    for name in (
        "khuyencong.sqlite3",
        "backups/khuyencong-hang-ngay-20261201-080000-000000.sqlite3",
        "mau-bieu/de-an.toml",
    ):
        (data / name).parent.mkdir(parents=True, exist_ok=True)
        (data / name).write_text(name, encoding="utf-8")

    assert pc.run("wine", str(_setup(tmp_path, "0.2.0", ["moi.dll"])), "/S").returncode == 0  # an upgrade
    assert (program / "KhuyenCong.exe").read_bytes() == b"MZ0.2.0"
    assert not (program / "_internal" / "cu.dll").exists(), "the old version's files go"
    assert (program / "_internal" / "moi.dll").is_file()
    assert '"DisplayVersion"="0.2.0"' in pc.registry()

    refused = pc.run("wine", str(tmp_path / "KhuyenCong-CaiDat-0.2.0.exe"), "/S", f"/D={pc.local_appdata}\\KhuyenCong")
    assert refused.returncode == 2, "never installed into the data folder"
    assert not (data / "KhuyenCong.exe").exists()

    assert pc.run("wine", str(program / "GoCaiDat.exe"), "/S").returncode == 0
    assert not program.exists()
    assert not (start_menu / shortcut).exists() and not (pc.user / "Desktop" / shortcut).exists()
    assert "KhuyenCongDesktop" not in pc.registry()
    for name in (
        "khuyencong.sqlite3",
        "backups/khuyencong-hang-ngay-20261201-080000-000000.sqlite3",
        "mau-bieu/de-an.toml",
    ):
        assert (data / name).read_text(encoding="utf-8") == name, f"{name} kept through upgrade and uninstall"
