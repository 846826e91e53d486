"""The ``khuyencong-server`` command."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``khuyencong-server``. The server itself is built by the sync work (issue 4)."""
    print("Máy chủ đồng bộ chưa có trong phiên bản này.", file=sys.stderr)
    return 2
