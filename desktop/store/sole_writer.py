"""One program writes a database file at a time: the app while its window is open, and the commands that
write (import, sync, restore, upgrade, reindex, demo data) while they run.

SQLite itself lets two writers take turns, but a restore replaces the whole file: whatever another
program writes after that goes to a file no longer there, and is lost. Two windows on one file would
also each keep its own picture of the data and its own undo list. So each writer holds an operating
system lock on a small file beside the database; the system releases it when the program ends, however
it ends (a crash or a power cut leaves nothing that has to be removed by hand). Readers (export, print,
backup, ``db check``) need no lock: a backup is consistent while the app writes.
"""

from __future__ import annotations

import errno
import logging
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path

from filelock import BaseFileLock, FileLock, Timeout

from desktop.core.errors import Refused

log = logging.getLogger(__name__)

SUFFIX = ".dang-dung"  # beside the database: "in use"


class InUse(Refused):
    """Another program writes the file now: the message says which, and what to do."""


# Locks this process holds, by file: a restore run by the app (which holds its file) goes on under the
# app's lock instead of waiting for itself.
_held: dict[Path, tuple[BaseFileLock, int]] = {}
_guard = threading.Lock()


def lock_file(path: Path) -> Path:
    """The lock file of the database at ``path``: beside the real file, so that a shortcut (a symbolic
    link) to it is locked by the same file as the file itself."""
    real = _key(path)
    return real.with_name(real.name + SUFFIX)


def holds(path: Path) -> bool:
    """Does this process hold ``path`` as its writer?"""
    with _guard:
        return _key(path) in _held


@contextmanager
def writing(path: Path, who: str) -> Iterator[None]:
    """Hold ``path`` as its only writer for the block. ``who``: how another program names this one in its
    message ("cửa sổ Khuyến công", "lệnh khuyencong import"). :class:`InUse` when another holds it.

    Where no lock can be taken because nothing can be written there (a read-only folder), or the disk
    cannot lock at all (some network shares), the block runs unlocked: the work that follows says why it
    cannot write, or SQLite's own locks are all there is. Any other failure to lock (a folder or a
    protected file in the lock file's place) refuses: unlocked, a restore could lose another's writes."""
    take(path, who)
    try:
        yield
    finally:
        release(path)


def take(path: Path, who: str) -> None:
    """Start holding ``path`` (see :func:`writing`); each take is paired with a :func:`release`."""
    key = _key(path)
    with _guard:
        if key in _held:
            held, depth = _held[key]
            _held[key] = (held, depth + 1)
            return
        with suppress(OSError):  # a new database's folder: made here so that it is locked from the start
            path.parent.mkdir(parents=True, exist_ok=True)
        lock = FileLock(
            lock_file(path),
            timeout=0,
            thread_local=False,  # the app's restore runs on a worker thread under the main thread's lock
            fallback_to_soft=False,  # a marker file outlives a crash and would refuse the file for good
            on_acquired=lambda descriptor: _sign(descriptor, who),
        )
        try:
            lock.acquire()
        except Timeout:
            raise InUse(_in_use_message(path)) from None
        except (OSError, NotImplementedError, ValueError) as error:
            if not _cannot_lock_here(path, error):
                raise InUse(_unlockable_message(path)) from None
            log.info("Không khóa được %s (%s): làm tiếp không khóa", path, error)
            return
        _held[key] = (lock, 1)
    _left_over(path)


def _left_over(path: Path) -> None:
    """What a writer killed halfway left beside the file (now that none is running): a restore's prepared
    copy, and copies half written into backups/ by a crash or a full disk."""
    from desktop.store import backups

    with suppress(OSError):
        backups.remove_leftovers(path)
        backups.remove_prepared(path)


def release(path: Path) -> None:
    key = _key(path)
    with _guard:
        if key not in _held:
            return
        lock, depth = _held[key]
        if depth > 1:
            _held[key] = (lock, depth - 1)
            return
        del _held[key]
        lock.release()


def _key(path: Path) -> Path:
    return path.resolve()


_NO_LOCKS = {errno.ENOLCK, errno.ENOSYS, errno.EOPNOTSUPP, errno.EROFS}


def _cannot_lock_here(path: Path, error: BaseException) -> bool:
    """Does ``error`` mean that the place cannot be locked at all (nothing can be written in it, or its disk
    has no locks), rather than that something stands where the lock file goes?"""
    if isinstance(error, NotImplementedError) or getattr(error, "errno", None) in _NO_LOCKS:
        return True
    from desktop.store.checks import folder_writable

    return not folder_writable(lock_file(path).parent)


def _unlockable_message(path: Path) -> str:
    lock = lock_file(path)
    return (
        f"Không khóa được tệp dữ liệu {path} để ghi: chỗ của tệp khóa {lock.name} bên cạnh đang bị một thư mục hoặc"
        " một tệp không ghi được chiếm. Không có khóa, một chương trình khác có thể ghi vào tệp cùng lúc và làm"
        f" mất dữ liệu, nên chưa làm gì. Hãy đóng mọi cửa sổ Khuyến công, xóa {lock} rồi thử lại."
    )


def _sign(descriptor: int, who: str) -> None:
    """Write who holds the lock into the lock file, for the message another program shows."""
    with suppress(OSError):
        os.ftruncate(descriptor, 0)
        os.lseek(descriptor, 0, os.SEEK_SET)
        os.write(descriptor, f"{who}\n{datetime.now():%H:%M %d/%m/%Y}\n{os.getpid()}\n".encode())


def holder(path: Path) -> str | None:
    """Who holds ``path``, as its lock file says ("cửa sổ Khuyến công, từ 07:05 04/12/2026"), if readable."""
    try:
        lines = lock_file(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):  # Windows keeps a locked file from being read
        return None
    if len(lines) < 2 or not lines[0].strip():
        return None
    return f"{lines[0].strip()}, từ {lines[1].strip()}"


def _in_use_message(path: Path) -> str:
    who = holder(path) or "một cửa sổ Khuyến công hoặc một lệnh khuyencong khác"
    return (
        f"Tệp dữ liệu {path} đang được dùng: {who}. Mỗi lúc chỉ một chương trình được ghi vào tệp này, để"
        " không có gì bị ghi mất. Hãy làm việc trong cửa sổ đang mở (xem thanh tác vụ), hoặc chờ lệnh kia"
        " chạy xong (hay đóng cửa sổ kia) rồi thử lại."
    )
