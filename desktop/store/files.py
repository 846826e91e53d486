"""Files the program writes for the user (Excel exports, PDFs): written whole or not at all.

Each is written beside its target under a temporary name, flushed to the disk, then renamed over the
target: a full disk, a stopped export or a crash never leaves a file cut short, nor destroys the file of
the same name that was there before. The result is readable like any file the user saves: a new file gets
the permissions the user's settings give new files (others of the PC may read it), and a file written over
keeps the permissions it had (a report shared with colleagues stays shared).
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

PARTIAL = ".dang-ghi"
STALE_AFTER = 3600  # seconds: a partial file this old was left by a crash, not one being written now


@contextmanager
def whole(target: Path) -> Iterator[Path]:
    """A path to write ``target``'s content to; it becomes ``target`` when the block ends without error."""
    partial = target.with_name(f".{target.name}{PARTIAL}")
    _remove_stale(target.parent)
    try:
        yield partial
        with partial.open("rb+") as written:
            os.fsync(written.fileno())
        _keep_permissions(target, partial)
        os.replace(partial, target)
    except OSError as error:
        if error.filename is not None and Path(error.filename).name == partial.name:
            # The user knows the file by the name they chose, not by its temporary one.
            raise type(error)(error.errno, error.strerror, str(target), getattr(error, "winerror", None)) from None
        raise
    finally:
        with suppress(OSError):  # on a full disk even this may fail: the next export removes it
            partial.unlink(missing_ok=True)


def _keep_permissions(target: Path, partial: Path) -> None:
    """Give ``partial`` the permissions of the ``target`` it replaces; a new target keeps those the user's
    settings gave ``partial`` when it was made, as any new file gets them. On Windows a file takes the access
    rules of its folder, where ``partial`` is made too; only its read-only mark would be copied, and that would
    keep a failed write's ``partial`` from being removed."""
    if os.name != "posix":
        return
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except OSError:  # no file there yet (or none we may look at): nothing to keep
        return
    with suppress(OSError):  # a file system without permissions (a USB stick) keeps its own
        os.chmod(partial, mode)


def _remove_stale(folder: Path) -> None:
    """Partial files a crash left in ``folder`` (by an earlier export or print killed halfway)."""
    stale = time.time() - STALE_AFTER
    for left in folder.glob(f".*{PARTIAL}"):
        with suppress(OSError):
            if left.is_file() and left.stat().st_mtime < stale:
                left.unlink()


def write_whole(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target``, whole or not at all."""
    with whole(target) as partial:
        partial.write_bytes(data)
