"""Releases of a stand-in program, signed with keys made for the test (the program's own are not here)."""

from __future__ import annotations

import os
from pathlib import Path

from installer import release


def make_bundle(folder: Path, version: str) -> Path:
    """A stand-in program folder: the window program and a library that change between versions."""
    (folder / "_internal").mkdir(parents=True)
    (folder / "KhuyenCong").write_text(f"chương trình {version}\n", encoding="utf-8")
    library = bytearray(os.urandom(64) * 4096)  # 256 kB, mostly the same from one version to the next
    library[:16] = version.encode().ljust(16)
    (folder / "_internal" / "lib.so").write_bytes(bytes(library))
    return folder


class Release:
    """A release repository with its keys, the root a program would ship, and versions 0.1.0 and 0.2.0."""

    def __init__(self, base: Path) -> None:
        self.repo, self.keys, self.root = base / "kho", base / "khoa", base / "root.json"
        release.init(self.repo, self.keys, shipped_root=self.root)
        self.v1 = make_bundle(base / "b1", "0.1.0")
        release.add(self.repo, self.keys, self.v1, "0.1.0")
        self.v2 = make_bundle(base / "b2", "0.2.0")
        (self.v2 / "_internal" / "lib.so").write_bytes((self.v1 / "_internal" / "lib.so").read_bytes()[:-5] + b"v0.2")
        release.add(self.repo, self.keys, self.v2, "0.2.0")
