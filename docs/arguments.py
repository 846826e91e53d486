"""The one argument of the documentation scripts: an existing demo database (never a new file made by a typo)."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop import argparse_vi


def demo_file(prog: str, description: str, argv: list[str] | None = None) -> Path:
    """The demo database named on the command line; exits with a message (and makes no file) when it is not
    an existing file, or after printing the help for ``--help``."""
    argparse_vi.install()
    parser = argparse.ArgumentParser(prog=prog, description=description)
    parser.add_argument("database", type=Path, help="tệp dữ liệu mẫu (khuyencong --db TỆP demo-data)")
    path: Path = parser.parse_args(argv).database
    if not path.is_file():
        parser.error(f"không có tệp dữ liệu {path}")
    return path
