"""Files the program writes for the user (Excel exports, PDFs): written whole or not at all.

Each is written beside its target under a temporary name, flushed to the disk, then renamed over the
target: a full disk, a stopped export or a crash never leaves a file cut short, nor destroys the file of
the same name that was there before.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PARTIAL = ".dang-ghi"


@contextmanager
def whole(target: Path) -> Iterator[Path]:
    """A path to write ``target``'s content to; it becomes ``target`` when the block ends without error."""
    partial = target.with_name(f".{target.name}{PARTIAL}")
    try:
        yield partial
        with partial.open("rb+") as written:
            os.fsync(written.fileno())
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def write_whole(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target``, whole or not at all."""
    with whole(target) as partial:
        partial.write_bytes(data)
