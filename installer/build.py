"""Build the program folder (PyInstaller), check that it starts, and make the Windows installer (NSIS).

    python installer/build.py                 the folder dist/KhuyenCong
    python installer/build.py --smoke         … then start it on a demo database and draw its window
    python installer/build.py --installer     … then dist/KhuyenCong-CaiDat-<version>.exe (needs makensis)

``python3 tasks.py build [--smoke] [--installer]`` does the same inside the project's environment.
"""

from __future__ import annotations

import argparse
import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Engine

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "installer" / "khuyencong.spec"
NSIS_SCRIPT = ROOT / "installer" / "khuyencong.nsi"
EXE = ".exe" if os.name == "nt" else ""
WINDOW_PROGRAM = "KhuyenCong" + EXE
COMMAND_PROGRAM = "khuyencong-cli" + EXE


class BuildError(RuntimeError):
    """A step of the build failed; the message says which and what it printed."""


def version() -> str:
    from desktop import __version__

    return __version__


def bundle(dist: Path, work: Path) -> Path:
    """Run PyInstaller on the spec; the program folder it made."""
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN"]
    done = subprocess.run([*command, "--distpath", str(dist), "--workpath", str(work), str(SPEC)], cwd=ROOT)
    folder = dist / "KhuyenCong"
    if done.returncode or not (folder / WINDOW_PROGRAM).is_file():
        raise BuildError(f"PyInstaller không tạo được {folder / WINDOW_PROGRAM} (mã lỗi {done.returncode})")
    return folder


def _png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    if header[:8] != b"\x89PNG\r\n\x1a\n":
        raise BuildError(f"{path} không phải ảnh PNG")
    width, height = struct.unpack(">II", header[16:24])
    return int(width), int(height)


def smoke(folder: Path, scratch: Path) -> Path:
    """Start the built programs the way a user's PC would, with nothing of this project's environment:
    make a demo database, print a form from it, sync it by file the way a PC that never goes online does
    (enrol with a file the server's administrator made, write the request, read the server's answer), open
    the window on it, draw it to a PNG, quit. The screenshot's path.

    The server's side runs here, in the project's environment (the server is not part of the program).
    ``scratch`` is emptied first: a run before left its server user, enrolment and database there."""
    from sync.server import store

    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    server = store.open_engine(f"sqlite:///{scratch / 'may-chu.sqlite3'}")
    try:
        smoke_server(server, scratch / "ghi-danh.kcsync")
        _run_steps(folder, scratch, server)
    finally:
        server.dispose()  # a failed step leaves no database connection open
    if not (scratch / "bc.pdf").read_bytes().startswith(b"%PDF"):
        raise BuildError("Bản in thử không phải tệp PDF")
    shot = scratch / "de-an.png"
    width, height = _png_size(shot)
    if width < 800 or height < 500:
        raise BuildError(f"Ảnh cửa sổ quá nhỏ: {width}×{height}")
    return shot


SMOKE_USER = "giam-doc"
SMOKE_PROVINCE = "66"


def smoke_server(server: Engine, enrolment: Path) -> None:
    """The smoke run's server: its director of the demo province, and the enrolment file of the PC."""
    from sync.server import bundles, users

    with server.begin() as connection:
        users.add(connection, SMOKE_USER, users.hash_password("mat-khau-chay-thu"), "director", SMOKE_PROVINCE)
    bundles.enrolment(server, SMOKE_USER, "Máy chạy thử", enrolment)


def smoke_answer(server: Engine, request: Path, reply: Path) -> int:
    """Answer the PC's request as the server's administrator would; how many changes the server took.

    A BuildError unless it took some: counted from the answer's outcomes (a change refused is answered too),
    and a push waiting for more authority takes none."""
    from sync.server import bundles

    answered = bundles.respond(server, request, reply)
    if answered.blocked:
        raise BuildError(f"Máy chủ chưa nhận thay đổi nào từ tệp đồng bộ: {answered.blocked}")
    if not answered.applied:
        raise BuildError(
            f"Máy chủ không nhận thay đổi nào từ tệp đồng bộ ({answered.received} thay đổi trong tệp,"
            f" {answered.rejected} bị từ chối)"
        )
    return answered.applied


def _run_steps(folder: Path, scratch: Path, server: Engine) -> None:
    """The built programs' steps of the smoke run, the server answering the PC's file in between."""
    database = scratch / "demo.sqlite3"
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(scratch),
        "LOCALAPPDATA": str(scratch),
        "SYSTEMROOT": os.environ.get("SYSTEMROOT", ""),
        "QT_QPA_PLATFORM": "offscreen",
        "LANG": "C.UTF-8",
    }
    demo = ["demo-data", "--province", SMOKE_PROVINCE, "--facilities", "60", "--proposals", "12", "--trainees", "30"]
    steps = [
        [COMMAND_PROGRAM, "--db", str(database), *demo],
        [COMMAND_PROGRAM, "--db", str(database), "print", "bao-cao", "--id", "2026", "--out", str(scratch / "bc.pdf")],
        [COMMAND_PROGRAM, "--db", str(database), "sync", "enrol", str(scratch / "ghi-danh.kcsync")],
        [COMMAND_PROGRAM, "--db", str(database), "sync", "export-bundle", str(scratch / "gui.kcsync")],
        [COMMAND_PROGRAM, "--db", str(database), "sync", "import-bundle", str(scratch / "tra-loi.kcsync")],
        [WINDOW_PROGRAM, "--db", str(database), "--page", "de-an", "--screenshot", str(scratch / "de-an.png")],
    ]
    for program, *args in steps:
        if args[-1].endswith("tra-loi.kcsync"):
            smoke_answer(server, scratch / "gui.kcsync", scratch / "tra-loi.kcsync")
        done = subprocess.run(
            [str(folder / program), *args], env=env, cwd=scratch, capture_output=True, text=True, timeout=300
        )
        if done.returncode:
            raise BuildError(f"{program} {' '.join(args)} thất bại (mã {done.returncode}):\n{done.stdout}{done.stderr}")


def installer(folder: Path, out: Path) -> Path:
    """Compile the NSIS script around ``folder``; the setup program."""
    makensis = shutil.which("makensis")
    if makensis is None:
        raise BuildError("Không tìm thấy makensis: cài NSIS 3 (https://nsis.sourceforge.io) rồi chạy lại")
    flags = "/" if os.name == "nt" else "-"
    icon = ROOT / "resources" / "icons" / "khuyencong.ico"
    defines = [f"{flags}DVERSION={version()}", f"{flags}DSOURCE_DIR={folder}", f"{flags}DOUTFILE={out}"]
    defines += [f"{flags}DICON={icon}"] if icon.is_file() else []
    done = subprocess.run([makensis, f"{flags}V2", f"{flags}WX", *defines, str(NSIS_SCRIPT)])
    if done.returncode or not out.is_file():
        raise BuildError(f"makensis thất bại (mã {done.returncode})")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Đóng gói Khuyến công Desktop")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="thư mục kết quả (mặc định dist/)")
    parser.add_argument("--smoke", action="store_true", help="chạy thử thư mục đã đóng gói trên dữ liệu mẫu")
    parser.add_argument("--installer", action="store_true", help="tạo tệp cài đặt Windows (cần makensis)")
    args = parser.parse_args(argv)
    dist: Path = args.dist.resolve()
    try:
        folder = bundle(dist, ROOT / "build")
        print(f"Đã đóng gói: {folder}")
        if args.smoke:
            print(f"Chạy thử được, ảnh cửa sổ: {smoke(folder, dist / 'chay-thu')}")
        if args.installer:
            print(f"Tệp cài đặt: {installer(folder, dist / f'KhuyenCong-CaiDat-{version()}.exe')}")
    except BuildError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
