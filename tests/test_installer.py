"""The program as users get it: the PyInstaller folder starts and works; the Windows installer compiles and
keeps away from the data folder."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from desktop import paths
from installer import build, release
from tests.test_updates import Release

SCRIPT = build.NSIS_SCRIPT.read_text(encoding="utf-8")


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
