#!/usr/bin/env python3
"""One-command entry points for people and CI (standard library only).

    python3 tasks.py run [ARGS...]   set up .venv if needed, then start Khuyến công Desktop
    python3 tasks.py test            set up .venv if needed, then lint, type-check and run the tests
    python3 tasks.py bench           set up .venv if needed, then run the benchmarks in bench/
    python3 tasks.py build [--smoke] [--installer]
                                     the program folder dist/KhuyenCong (PyInstaller); --smoke starts it on
                                     a demo database; --installer makes the Windows setup .exe (needs NSIS)
    python3 tasks.py translations    refresh resources/i18n/khuyencong_*.ts from the UI's tr() texts (for
                                     translators) and compile resources/i18n/qt_vi.ts (Qt's own texts)

The virtual environment is rebuilt whenever pyproject.toml changes, so a fresh clone and an old
checkout behave the same.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".installed"
EXTRAS = "test,server,build"  # one environment for running, testing and packaging


def _ensure_venv(extras: str) -> None:
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extras.encode()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    if not PYTHON.exists():
        print("Đang tạo môi trường Python (.venv)…", flush=True)
        venv.EnvBuilder(with_pip=True, upgrade_deps=False).create(VENV)
    print("Đang cài đặt các gói cần thiết…", flush=True)
    target = f".[{extras}]" if extras else "."
    subprocess.run([str(PYTHON), "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True)
    subprocess.run([str(PYTHON), "-m", "pip", "install", "--quiet", "-e", target], check=True, cwd=ROOT)
    STAMP.write_text(wanted)


TEST_PG = "postgresql+psycopg://khuyencong:khuyencong@127.0.0.1:5432/khuyencong_test"


def _start_test_postgresql() -> None:
    """Start the machine's PostgreSQL and make the test database, so the server tests run on it too.

    Uses Debian's cluster tools (as root); without them the sync tests run on SQLite only and say so.
    """
    if os.environ.get("KHUYENCONG_TEST_PG") or shutil.which("pg_ctlcluster") is None or os.geteuid() != 0:
        return
    clusters = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True).stdout.split()
    if len(clusters) < 2:
        return
    version, name = clusters[0], clusters[1]
    subprocess.run(["pg_ctlcluster", version, name, "start"], capture_output=True)

    def psql(sql: str) -> str:
        command = ["runuser", "-u", "postgres", "--", "psql", "-tAc", sql]
        return subprocess.run(command, capture_output=True, text=True).stdout.strip()

    if psql("SELECT 1 FROM pg_roles WHERE rolname = 'khuyencong'") != "1":
        psql("CREATE ROLE khuyencong LOGIN PASSWORD 'khuyencong'")
    # The tests copy a migrated server database for each test (CREATE DATABASE … TEMPLATE): seconds a test.
    psql("ALTER ROLE khuyencong CREATEDB")
    # …and drops each copy WITH (FORCE), which must end an autovacuum worker that may be visiting it.
    psql("GRANT pg_signal_backend TO khuyencong")
    if psql("SELECT 1 FROM pg_database WHERE datname = 'khuyencong_test'") != "1":
        psql("CREATE DATABASE khuyencong_test OWNER khuyencong")
    if psql("SELECT 1 FROM pg_database WHERE datname = 'khuyencong_test'") == "1":
        os.environ["KHUYENCONG_TEST_PG"] = TEST_PG
        print(f"== PostgreSQL {version} ({name}) cho kiểm thử máy chủ đồng bộ", flush=True)


def _script(name: str) -> str:
    return str(BIN / (name + ".exe" if os.name == "nt" else name))


# What Qt's window system plugin on Linux (xcb) loads, by the Debian/Ubuntu package that has it: a desktop
# system has them all; a minimal one often lacks the first ones, and Qt then only says it "could not load".
QT_SYSTEM_LIBRARIES = {
    "xcb-cursor": "libxcb-cursor0",
    "xkbcommon-x11": "libxkbcommon-x11-0",
    "xcb-icccm": "libxcb-icccm4",
    "xcb-image": "libxcb-image0",
    "xcb-keysyms": "libxcb-keysyms1",
    "xcb-render-util": "libxcb-render-util0",
    "xcb-shape": "libxcb-shape0",
    "xcb-randr": "libxcb-randr0",
    "xcb-xkb": "libxcb-xkb1",
    "EGL": "libegl1",
    "fontconfig": "libfontconfig1",
}


def _missing_qt_libraries() -> list[str]:
    """The packages of the libraries Qt needs to open a window on Linux that this system lacks."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM", "xcb") != "xcb":
        return []
    from ctypes.util import find_library

    return [package for library, package in QT_SYSTEM_LIBRARIES.items() if find_library(library) is None]


def _no_display() -> bool:
    """On Linux, with Qt's usual platform, no screen to open a window on."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM") not in (None, "", "xcb", "wayland"):
        return False
    return not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY")


def _run(*args: str) -> int:
    return subprocess.run([str(PYTHON), "-m", *args], cwd=ROOT).returncode


def main(argv: list[str]) -> int:
    task = argv[0] if argv else "run"
    rest = argv[1:]
    if task == "run":
        _ensure_venv(EXTRAS)
        code = _run("desktop", *rest)
        missing = _missing_qt_libraries()
        if code != 0 and _no_display():  # Qt then blames a library (xcb-cursor0) that may well be there
            print(
                "Cửa sổ không mở được vì phiên làm việc này không có màn hình (biến DISPLAY và WAYLAND_DISPLAY"
                " đều trống): hãy chạy lệnh trong phiên đồ họa, hoặc qua xvfb-run nếu chỉ cần thử.",
                file=sys.stderr,
            )
        elif code != 0 and missing:  # Qt's own message only says it "could not load the xcb plugin"
            print(
                "Có thể cửa sổ không mở được vì máy thiếu thư viện hệ thống của Qt: " + ", ".join(missing) + ".\n"
                "Cài bằng: sudo apt-get install " + " ".join(missing) + " (rồi chạy lại lệnh này)",
                file=sys.stderr,
            )
        return code
    if task == "test":
        _ensure_venv(EXTRAS)
        _start_test_postgresql()
        for step in (("-m", "ruff", "check", "."), ("-m", "mypy"), (_script("lint-imports"),)):
            print(f"== {' '.join(step)}", flush=True)
            if subprocess.run([str(PYTHON), *step] if step[0] == "-m" else list(step), cwd=ROOT).returncode:
                return 1
        print("== pytest", flush=True)
        return _run("pytest", *rest)
    if task == "bench":
        _ensure_venv(EXTRAS)
        code = 0
        for script in sorted((ROOT / "bench").glob("bench_*.py")):
            print(f"== {script.name}", flush=True)
            code |= _run(f"bench.{script.stem}", *rest)
        return code
    if task == "build":
        _ensure_venv(EXTRAS)
        return _run("installer.build", *rest)
    if task == "translations":
        _ensure_venv(EXTRAS)
        sources = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "desktop" / "ui").glob("*.py"))
        for ts in sorted((ROOT / "resources" / "i18n").glob("khuyencong_*.ts")):
            args = [_script("pyside6-lupdate"), *sources, "-source-language", "vi_VN", "-no-obsolete", "-ts", str(ts)]
            if subprocess.run(args, cwd=ROOT).returncode:
                return 1
        # Qt's own texts in Vietnamese (written by hand: Qt has none), compiled for the program to load.
        qt_vi = ROOT / "resources" / "i18n" / "qt_vi"
        args = [_script("pyside6-lrelease"), f"{qt_vi}.ts", "-qm", f"{qt_vi}.qm"]
        return subprocess.run(args, cwd=ROOT).returncode
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
