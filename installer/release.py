"""Publish program updates: the signed repository the sync server hands out, and package files for USB sticks.

    python installer/release.py init    --repo KHO --keys KHOA     once: release keys, and the root the
                                                                    program ships (resources/updates/root.json)
    python installer/release.py add     --repo KHO --keys KHOA [--bundle dist/KhuyenCong] [--version X.Y.Z]
    python installer/release.py refresh --repo KHO --keys KHOA     re-sign before the metadata expires
    python installer/release.py package --repo KHO --out KhuyenCong-CapNhat-X.Y.Z.kcupdate

KHO is served by ``khuyencong-server serve --updates KHO``. KHOA holds the private keys: keep it off the server
and off the internet (a USB stick in the centre's safe); whoever has it can make every PC run their program.
The metadata stays valid for ``EXPIRATION_DAYS`` (a package carried on a stick weeks later must still check):
run ``refresh`` at least once a quarter, or the PCs refuse updates as out of date.
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
APP_NAME = "KhuyenCong"  # = desktop.support.updates.APP_NAME
SHIPPED_ROOT = ROOT / "resources" / "updates" / "root.json"
EXPIRATION_DAYS = {"root": 5 * 365, "targets": 365, "snapshot": 365, "timestamp": 90}


@contextlib.contextmanager
def repository(repo: Path, keys: Path) -> Iterator[Any]:
    """The tufup repository at ``repo`` signed with ``keys`` (made with both when new). tufup keeps its
    settings in a file of the working folder: it is worked on from beside the repository."""
    from tufup.repo import Repository

    repo, keys = repo.resolve(), keys.resolve()
    repo.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.chdir(repo.parent):
        made = Repository(
            app_name=APP_NAME,
            repo_dir=repo,
            keys_dir=keys,
            expiration_days=dict(EXPIRATION_DAYS),
        )
        if (keys / "root.pub").is_file():
            made._load_keys_and_roles(create_keys=False)  # initialize() would ask whether to overwrite them
        else:
            made.initialize()  # the keys and the first, signed root
        yield made


def init(repo: Path, keys: Path, shipped_root: Path = SHIPPED_ROOT) -> Path:
    """Make the keys and the repository; copy its root where the program ships it."""
    if (keys / "root.pub").is_file():
        raise SystemExit(f"{keys} đã có khóa: không tạo lại (các máy đã cài tin khóa cũ)")
    with repository(repo, keys):
        pass
    shipped_root.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(repo / "metadata" / "root.json", shipped_root)
    return shipped_root


def add(repo: Path, keys: Path, bundle: Path, version: str) -> None:
    """Add the program folder ``bundle`` as ``version`` (an archive, and a patch from the previous one)."""
    if not (bundle / "_internal").is_dir():
        raise SystemExit(f"{bundle} không phải thư mục chương trình do PyInstaller tạo")
    with repository(repo, keys) as made:
        made.add_bundle(new_bundle_dir=bundle.resolve(), new_version=version)
        made.publish_changes(private_key_dirs=[keys.resolve()])


def refresh(repo: Path, keys: Path) -> None:
    with repository(repo, keys) as made:
        for role in ("targets", "snapshot", "timestamp"):
            made.refresh_expiration_date(role_name=role)
        made.publish_changes(private_key_dirs=[keys.resolve()])


def package(repo: Path, out: Path) -> Path:
    """One file for a PC without network: the metadata, the latest archive and every patch."""
    metadata = sorted((repo / "metadata").glob("*.json"))
    targets = repo / "targets"
    archives = sorted(targets.glob(f"{APP_NAME}-*.tar.gz"), key=lambda p: _version(p.name))
    if not metadata or not archives:
        raise SystemExit(f"{repo} chưa có bản phát hành nào (chạy add trước)")
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as archive:  # archives are compressed
        for path in metadata:
            archive.write(path, f"metadata/{path.name}")
        for path in [archives[-1], *sorted(targets.glob(f"{APP_NAME}-*.patch"))]:
            archive.write(path, f"targets/{path.name}")
    return out


def _version(name: str) -> Any:
    from packaging.version import Version

    return Version(name.removeprefix(f"{APP_NAME}-").removesuffix(".tar.gz"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Phát hành bản cập nhật Khuyến công Desktop")
    commands = parser.add_subparsers(dest="command", required=True)
    for name in ("init", "add", "refresh"):
        command = commands.add_parser(name)
        command.add_argument("--repo", type=Path, required=True, help="thư mục kho cập nhật (máy chủ phát)")
        command.add_argument("--keys", type=Path, required=True, help="thư mục khóa bí mật (cất riêng)")
        if name == "add":
            command.add_argument("--bundle", type=Path, default=ROOT / "dist" / "KhuyenCong")
            command.add_argument("--version", default=None, help="mặc định: phiên bản trong desktop/__init__.py")
    packaged = commands.add_parser("package")
    packaged.add_argument("--repo", type=Path, required=True)
    packaged.add_argument("--out", type=Path, required=True, help="tệp .kcupdate chép vào USB")
    args = parser.parse_args(argv)
    if args.command == "init":
        print(f"Đã tạo khóa trong {args.keys}; gốc tin cậy: {init(args.repo, args.keys)} (đưa vào bản cài)")
    elif args.command == "add":
        from desktop import __version__

        add(args.repo, args.keys, args.bundle, args.version or __version__)
        print(f"Đã phát hành {args.version or __version__} vào {args.repo}")
    elif args.command == "refresh":
        refresh(args.repo, args.keys)
        print(f"Đã ký lại thông tin cập nhật trong {args.repo}")
    else:
        print(f"Gói cập nhật cho USB: {package(args.repo, args.out)}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
