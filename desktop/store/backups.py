"""Copies of the database file in ``backups/`` beside it: daily while the app runs, before every
migration, every Excel import and every restore, and on request; rotated; checked before they count.

A copy is taken with SQLite's online backup (consistent while the app writes, WAL or not), checked
(``PRAGMA quick_check``, a schema this program knows) and only then compressed under its final name: a
damaged database is refused instead of being copied over good backups, and a copy cut short (a full disk,
a crash) is removed and never listed. Rotation never removes the newest copy known to be sound.

A restore prepares the copy aside (expanded, checked, upgraded to this program's schema, foreign keys
checked), keeps the current file, then swaps the copy in with one rename: on any failure before the
rename the live file is as it was.
"""

from __future__ import annotations

import errno
import gzip
import logging
import os
import re
import shutil
import sqlite3
import sys
import zlib
from contextlib import closing, suppress
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from desktop.core.errors import ErrorKind, Refused, explain
from desktop.store.checks import fault, unsound
from desktop.store.db import read_only

__all__ = [
    "Backup",
    "Checked",
    "Damaged",
    "Refused",
    "check",
    "daily_due",
    "folder",
    "listed",
    "make",
    "restore_hint",
    "rotate",
]

log = logging.getLogger(__name__)

DAILY = "hang-ngay"
MANUAL = "thu-cong"
BEFORE_IMPORT = "truoc-nhap-excel"
BEFORE_RESTORE = "truoc-khoi-phuc"
BEFORE_UPDATE = "truoc-cap-nhat"
BEFORE_UPGRADE = "truoc-nang-cap"  # + the schema revision upgraded from
KEEP_DAILY = 14  # two weeks of days
KEEP_OTHER = 30  # copies made before a migration, an import, a restore, or by hand
# zlib level 1: 126 MB/s and a quarter of the size on a province's file; level 6 saves another tenth of
# the size at a third of the speed.
COMPRESSION = 1
COMPRESSED = ".sqlite3.gz"
PLAIN = ".sqlite3"  # copies made by earlier versions: listed and restorable, but never checked when made
PARTIAL = ".dang-ghi"  # a copy being written: never listed, removed if it is left over
DAMAGED_ASIDE = ".hong"  # a damaged file kept aside by a restore: never listed as a backup
_CHUNK = 1 << 20


class Damaged(Refused):
    """The database to copy is damaged: no copy was made (it would push good copies out)."""


@dataclass(frozen=True)
class Backup:
    path: Path
    reason: str  # hang-ngay, thu-cong, truoc-nang-cap-0005, truoc-nhap-excel, truoc-khoi-phuc, truoc-cap-nhat
    made_at: datetime
    size: int

    @property
    def verified(self) -> bool:
        """Checked sound when it was made (every compressed copy this program named: plain ones come from
        earlier versions, and a renamed file may be anything)."""
        return self.reason != RENAMED and self.path.name.endswith(COMPRESSED)

    @property
    def label(self) -> str:
        """What the list in Cài đặt says it is."""
        labels = {
            DAILY: "Tự động hằng ngày",
            MANUAL: "Sao lưu theo yêu cầu",
            BEFORE_IMPORT: "Trước khi nhập Excel",
            BEFORE_RESTORE: "Trước khi khôi phục",
            BEFORE_UPDATE: "Trước khi cập nhật phần mềm",
        }
        if self.reason.startswith(BEFORE_UPGRADE):
            return "Trước khi nâng cấp cấu trúc dữ liệu"
        if self.reason == RENAMED:
            return f"Tệp tự đặt tên: {self.path.name}"
        return labels.get(self.reason, self.reason)


def folder(db_path: Path) -> Path:
    return db_path.parent / "backups"


def listed(db_path: Path) -> list[Backup]:
    """The copies of this database, newest first (never one still being written): those this program
    made and named, and any other database or compressed database a user put in the folder or renamed
    ("truoc-tet.sqlite3.gz"), dated by the file (and never removed by rotation)."""
    named = re.compile(
        re.escape(db_path.stem) + r"-(?P<reason>[a-z0-9-]+)-(?P<stamp>\d{8}-\d{6}-\d{6})\.sqlite3(\.gz)?"
    )
    found = []
    with suppress(OSError):  # no folder yet
        for path in folder(db_path).iterdir():
            match = named.fullmatch(path.name)
            with suppress(OSError, ValueError):  # removed meanwhile by another window's rotation; a bad date
                if match is not None:
                    made = datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S-%f")
                    found.append(Backup(path, match["reason"], made, path.stat().st_size))
                elif _ANY_NAMED.fullmatch(path.name) is None and _renamed_copy(path):  # not another file's copy
                    stat = path.stat()
                    found.append(Backup(path, RENAMED, datetime.fromtimestamp(stat.st_mtime), stat.st_size))
    return sorted(found, key=lambda b: b.made_at, reverse=True)


_ANY_NAMED = re.compile(r".+-[a-z0-9-]+-\d{8}-\d{6}-\d{6}\.sqlite3(\.gz)?")  # a copy of any file, as named here
RENAMED = "tu-dat-ten"  # a copy under a name of the user's: listed, restorable, never rotated out
_GZIP_MAGIC = b"\x1f\x8b"


def _renamed_copy(path: Path) -> bool:
    """A file in backups/ that holds a database, plain or compressed, whatever it is called (but never one
    being written, nor a damaged file a restore set aside)."""
    if PARTIAL in path.name or DAMAGED_ASIDE in path.name or path.name.endswith(("-wal", "-shm", "-journal")):
        return False
    if not path.is_file():
        return False
    with path.open("rb") as file:
        start = file.read(16)
    return start.startswith(_GZIP_MAGIC) or start == b"SQLite format 3\x00"


def _compressed(path: Path) -> bool:
    """Is ``path`` gzip-compressed (told by its first bytes: a copy may have been renamed)?"""
    with path.open("rb") as file:
        return file.read(2) == _GZIP_MAGIC


def make(db_path: Path, reason: str = MANUAL) -> Backup:
    """Copy the database now, checked and compressed; older copies beyond what is kept are removed.

    :class:`Damaged` when the database does not check sound (nothing is copied), :class:`Refused` when the
    copy cannot be written (a full disk, a read-only folder): then no part of it is left behind.
    """
    if not db_path.is_file():
        raise Refused(f"Không có tệp dữ liệu {db_path}")
    # Read without a journal or locks first: a damaged file gets nothing written beside it.
    problem = fault(db_path)
    if problem is not None:
        raise Damaged(damaged_message(db_path, problem, NOT_COPIED))
    target = folder(db_path)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    final = target / f"{db_path.stem}-{reason}-{stamp}{COMPRESSED}"
    snapshot = _partial(target / f"{db_path.stem}-{reason}-{stamp}{PLAIN}")
    packed = _partial(final)
    failed: sqlite3.Error | OSError | None = None
    try:
        target.mkdir(parents=True, exist_ok=True)
        remove_leftovers(db_path)
        problem = _snapshot(db_path, snapshot)
        if problem is not None:
            raise Damaged(damaged_message(db_path, problem, NOT_COPIED))
        if not reason.startswith(BEFORE_UPGRADE):  # a file being created or migrated has no version yet
            checked(snapshot, db_path.name, integrity=False)
        with snapshot.open("rb") as plain, packed.open("wb") as raw:
            name = final.name.removesuffix(".gz")
            with gzip.GzipFile(filename=name, mode="wb", fileobj=raw, compresslevel=COMPRESSION) as out:
                shutil.copyfileobj(plain, out, _CHUNK)
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(packed, final)
    except (sqlite3.Error, OSError) as error:
        failed = error
    finally:
        with suppress(OSError):  # a full disk: what is left is removed by the next backup or start
            discard(snapshot)
            packed.unlink(missing_ok=True)
    if failed is not None:  # told once the partial copies are gone: the free space said is what the user has
        raise Refused(_not_written(db_path, target, failed))
    rotate(db_path)
    return next(b for b in listed(db_path) if b.path == final)


NOT_COPIED = "Không sao lưu bản hỏng này, để nó không đẩy các bản sao lưu tốt ra khỏi danh sách."


def _snapshot(db_path: Path, snapshot: Path) -> str | None:
    """Copy the database to ``snapshot`` and check the copy: why it is not sound, or None."""
    try:
        # A connection that may write (it writes nothing): as the last one to close it folds the journal
        # back and removes it, and it sees what the app may be writing meanwhile.
        with closing(sqlite3.connect(db_path)) as source, closing(sqlite3.connect(snapshot)) as copy:
            source.backup(copy)
        return unsound(snapshot, "quick_check")
    except sqlite3.DatabaseError as error:
        if isinstance(error, sqlite3.OperationalError) and _environment(error):
            raise  # a full disk or a read-only folder: not damage
        return _unreadable(error)
    except UnicodeDecodeError:  # SQLite's message quotes the damaged bytes of the schema
        return "cấu trúc bảng trong tệp bị hỏng"


def _unreadable(error: BaseException) -> str:
    from desktop.store.checks import damage_of

    return damage_of(error) if isinstance(error, sqlite3.Error) else "cấu trúc bảng trong tệp bị hỏng"


def _environment(error: BaseException) -> bool:
    return explain(error).kind is ErrorKind.ENVIRONMENT


def _not_written(db_path: Path, target: Path, error: BaseException) -> str:
    """Why no backup could be written into ``target``, and what the user can do: backups always go into the
    folder beside the database (there is no other folder to choose), so the way out of a full disk or a
    read-only folder is room or rights there, or working on a copy of the file elsewhere (--db)."""
    from desktop.core.money import format_size

    done = " Không có bản sao dở dang nào được giữ lại; các bản cũ vẫn còn."
    beside = "Bản sao lưu luôn được ghi vào thư mục backups cạnh tệp dữ liệu"
    elsewhere = 'chép tệp dữ liệu sang ổ khác còn chỗ rồi dùng tệp đó (khuyencong --db "ĐƯỜNG_DẪN_MỚI" backup)'
    free = _free(target)
    size = _database_size(db_path)
    need = size + size // 4  # the whole copy, then its compressed copy beside it (about a quarter of it)
    if on_read_only_disk(error) and not disk_full(error):
        return (
            f"Không ghi được bản sao lưu vào {target}: thư mục chỉ cho phép đọc, hoặc tài khoản này không có quyền"
            f" ghi vào đó. {beside}: hãy nhờ người quản trị máy cấp quyền ghi cho thư mục dữ liệu {db_path.parent},"
            f" hoặc {elsewhere}.{done}"
        )
    # SQLite may tell a full disk as an I/O error: the free space left tells it apart.
    short = free is not None and free < need and isinstance(error, sqlite3.OperationalError)
    if disk_full(error) or short:
        room = f", ổ đó chỉ còn trống {format_size(free)}" if free is not None else ""
        return (
            f"Không ghi được bản sao lưu vào {target}. Ổ đĩa đã đầy: sao lưu cần khoảng {format_size(need)} trống"
            f" (tệp dữ liệu {format_size(size)} được chép nguyên rồi mới nén; bản nén giữ lại nhỏ hơn nhiều){room}."
            f" {beside}:"
            f" hãy giải phóng dung lượng trên ổ đó (xóa bớt tệp không cần) rồi thử lại, hoặc {elsewhere}.{done}"
        )
    explained = explain(error)
    reason = explained.message if explained.kind is ErrorKind.ENVIRONMENT else f"lỗi: {error}"
    return f"Không ghi được bản sao lưu vào {target}. {reason}{done}"


def _database_size(db_path: Path) -> int:
    """The size of the database with its journal (which the copy folds in)."""
    size = 0
    for suffix in ("", "-wal"):
        with suppress(OSError):
            size += Path(f"{db_path}{suffix}").stat().st_size
    return size


def _free(folder: Path) -> int | None:
    """The free space on the disk holding ``folder`` (or its nearest existing parent); None if unknown."""
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return None


def disk_full(error: BaseException) -> bool:
    if isinstance(error, OSError):
        return error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
    return "full" in str(error).lower()  # SQLite: "database or disk is full"


def on_read_only_disk(error: BaseException) -> bool:
    if isinstance(error, OSError):
        return error.errno == errno.EROFS or isinstance(error, PermissionError)
    text = str(error).lower()
    return "readonly" in text or "read-only" in text or "unable to open" in text


def _partial(path: Path) -> Path:
    """Where ``path`` is written until it is whole: never listed. The program's process number in the name
    tells a copy left by a program that has ended (killed, or the PC switched off) from one being made now
    by another (a command may make a backup while the app runs)."""
    return path.with_name(f"{path.name}.p{os.getpid()}{PARTIAL}")


_WRITER = re.compile(r"\.p(\d+)" + re.escape(PARTIAL))


def remove_leftovers(db_path: Path) -> None:
    """Copies left half-written by a crash or a full disk, with their journals: at once when the program
    that wrote them has ended, otherwise after an hour (names of earlier versions say no program)."""
    stale = datetime.now().timestamp() - 3600
    with suppress(OSError):  # no folder yet
        for path in folder(db_path).glob(f"*{PARTIAL}*"):
            writer = _WRITER.search(path.name)
            with suppress(OSError):
                ended = writer is not None and not _running(int(writer[1]))
                if ended or (path.name.startswith(f"{db_path.stem}-") and path.stat().st_mtime < stale):
                    path.unlink()


def _running(pid: int) -> bool:
    """Is the process ``pid`` running (a number reused by another program counts: then the hour decides)?"""
    if pid == os.getpid():
        return True
    if sys.platform == "win32":
        import ctypes

        kernel32 = ctypes.windll.kernel32
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return bool(kernel32.GetLastError() == 5)  # access denied: it runs, under another account
        code = ctypes.c_ulong()
        kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel32.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)  # no signal sent: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:  # it runs, under another account
        return True
    return True


def remove_prepared(db_path: Path) -> None:
    """The copy a restore killed halfway was preparing beside the file. Only for the file's writer
    (``sole_writer``), which no restore can be running beside."""
    discard(incoming(db_path))


def incoming(db_path: Path) -> Path:
    """Where a restore prepares its copy: beside the live file, for the rename that swaps it in."""
    return db_path.with_name(f".{db_path.name}.khoi-phuc")


def rotate(db_path: Path) -> list[Path]:
    """Remove the oldest copies beyond KEEP_DAILY daily ones and KEEP_OTHER others; returns what went.

    The newest copy known to be sound always stays: if no copy kept is one checked when it was made, the
    newest of those going that checks sound now is kept too (copies from earlier versions were never
    checked, and thirty damaged ones must not push out the one good copy).
    """
    backups = [b for b in listed(db_path) if b.reason != RENAMED]
    daily = [b for b in backups if b.reason == DAILY]
    other = [b for b in backups if b.reason != DAILY]
    kept = daily[:KEEP_DAILY] + other[:KEEP_OTHER]
    going = [b for b in backups if b not in kept]
    if going and not any(b.verified for b in kept):
        spared = next((b for b in going if _sound(b.path)), None)
        if spared is not None:
            going.remove(spared)
    for backup in going:
        backup.path.unlink(missing_ok=True)
    return [b.path for b in going]


def daily_due(db_path: Path, now: datetime | None = None) -> bool:
    """True when no daily copy was made in the last 24 hours."""
    now = now or datetime.now()
    latest = next((b for b in listed(db_path) if b.reason == DAILY), None)
    return latest is None or now - latest.made_at >= timedelta(hours=24)


def restore_hint(db_path: Path, *, verify: bool = False) -> str:
    """One sentence on the newest backup to restore and the command that does it (``verify``: the newest
    that checks sound now, decompressing each as needed; otherwise the newest checked when made)."""
    copies = listed(db_path)  # one look at the folder
    for backup in copies:
        if (backup.verified and not verify) or (verify and _sound(backup.path)):
            return (
                f"Bản sao lưu tốt gần nhất: {backup.made_at:%d/%m/%Y %H:%M} ({backup.label}); khôi phục bằng"
                f' lệnh: khuyencong --db "{db_path}" restore "{backup.path}".'
            )
    if copies:
        return f"Các bản sao lưu trong {folder(db_path)} chưa được kiểm tra là tốt: hãy thử khôi phục bản mới nhất."
    return f"Không có bản sao lưu nào trong {folder(db_path)}: hãy nhờ hỗ trợ kỹ thuật, hoặc đồng bộ lại từ máy chủ."


def damaged_message(path: Path, what: str, done: str = "Tệp được giữ nguyên, không ghi gì thêm.") -> str:
    """What a user reads about a damaged database file: what, which file, what was ``done`` (nothing),
    and the newest backup to restore."""
    return (
        f"Tệp dữ liệu {path} bị hỏng: {what}. {done}"
        f' {restore_hint(path)} Xem chi tiết: khuyencong --db "{path}" db check'
    )


@dataclass(frozen=True)
class Checked:
    revision: str
    newer_schema_needed: bool  # the copy is from an older version of the program: upgraded once restored


def check(backup: Path) -> Checked:
    """Is ``backup`` a sound Khuyến công database this program can use? Refused says why not."""
    if not backup.is_file() or backup.stat().st_size == 0:
        raise Refused(f"Tệp {backup.name} không có hoặc trống")
    if not _compressed(backup):
        return checked(backup, backup.name)
    expanded = _partial(backup.with_name(backup.name + ".kiem-tra"))
    try:
        expand(backup, expanded)
        return checked(expanded, backup.name)
    finally:
        expanded.unlink(missing_ok=True)


def _sound(backup: Path) -> bool:
    try:
        check(backup)
    except (Refused, OSError):
        return False
    return True


def checked(path: Path, name: str, *, integrity: bool = True) -> Checked:
    from desktop.store.checks import HEAD_REVISION, known_revisions

    try:
        problem = unsound(path, "integrity_check") if integrity else None
        with closing(read_only(path)) as connection:
            versioned = connection.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
            ).fetchone()
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone() if versioned else None
    except (sqlite3.DatabaseError, UnicodeDecodeError) as error:
        raise Refused(f"Tệp {name} không phải tệp dữ liệu Khuyến công đọc được ({_unreadable(error)})") from None
    if problem is not None:
        raise Refused(f"Tệp {name} bị hỏng ({problem})")
    if row is None:
        raise Refused(f"Tệp {name} không phải tệp dữ liệu Khuyến công (không có phiên bản cấu trúc)")
    revision = str(row[0])
    if revision not in known_revisions():
        raise Refused(f"Tệp {name} được tạo bởi phiên bản phần mềm mới hơn ({revision}): hãy cập nhật phần mềm trước")
    return Checked(revision, revision != HEAD_REVISION)


def expand(backup: Path, target: Path) -> None:
    """``backup`` as a plain database file at ``target`` (decompressed, or copied consistently)."""
    if _compressed(backup):
        try:
            with gzip.open(backup, "rb") as packed, target.open("wb") as plain:
                shutil.copyfileobj(packed, plain, _CHUNK)
                plain.flush()
                os.fsync(plain.fileno())
        except (gzip.BadGzipFile, EOFError, zlib.error):
            raise Refused(
                f"Tệp {backup.name} bị hỏng, không giải nén được (tệp nén bị cắt cụt hoặc bị ghi sai): hãy chọn"
                " một bản sao lưu khác."
            ) from None
        return
    try:
        with closing(read_only(backup)) as source, closing(sqlite3.connect(target)) as copy:
            source.backup(copy)
    except sqlite3.DatabaseError as error:
        if isinstance(error, sqlite3.OperationalError) and _environment(error):
            raise  # a full disk where the copy is prepared: said as such
        raise Refused(f"Tệp {backup.name} không phải tệp dữ liệu Khuyến công đọc được ({_unreadable(error)})") from None


def discard(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
