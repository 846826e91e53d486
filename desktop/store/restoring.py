"""Putting a backup in place of the database: the copy is prepared aside (expanded, checked, upgraded when it
is older, checked again), the current file is kept, and one rename swaps the copy in. Any failure before that
rename leaves the live file as it was. Another province's or another installation's copy is restored only
when asked again."""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.core.errors import ErrorKind, Refused, explain
from desktop.store import backups
from desktop.store.checks import unsound
from desktop.store.db import read_only

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Restored:
    revision: str  # the schema the copy was made with
    upgraded: bool  # brought up to this program's schema
    aside: Path | None  # where the replaced file is kept (a backup, or the damaged file itself)


def made_at(db_path: Path, backup: Path) -> datetime:
    """When ``backup`` was made: as its name says when it is one of this database's copies, else the file's
    own time (a copy brought on a USB stick)."""
    listed_as = next((b for b in backups.listed(db_path) if b.path == backup), None)
    return listed_as.made_at if listed_as is not None else datetime.fromtimestamp(backup.stat().st_mtime)


def changes_after(session: Session, when: datetime) -> int:
    """Changes saved after ``when`` (a local time), each recorded for sync in its own transaction: what a
    restore of a copy made then takes out of the data in use (it stays in the copy kept of that data)."""
    from desktop.models import OutboxEntry

    since = when.astimezone(UTC)
    return session.scalar(select(func.count()).select_from(OutboxEntry).where(OutboxEntry.at > since)) or 0


class Foreign(Refused):
    """The backup is another province's data, or another installation's: restored only when asked again."""


def restore(backup: Path, db_path: Path, *, other_installation: bool = False) -> Restored:
    """Put ``backup`` in place of the database at ``db_path`` (no connection may be open on it).

    The copy is prepared beside the live file (expanded, checked, upgraded, foreign keys checked); the
    current file is kept (a checked backup, or itself set aside when it is damaged); then one rename puts
    the copy in place. Any failure before that rename leaves the live file as it was, and nothing behind.
    """
    from desktop.store import sole_writer

    db_path = db_path.resolve()  # through a shortcut (a symbolic link), the file it points to is replaced
    # Held for the whole restore: a program writing the file meanwhile would write into the file being
    # replaced, and lose it; a second restore would take the first one's prepared copy for its own.
    with sole_writer.writing(db_path, "khôi phục bản sao lưu"):
        return _restore(backup, db_path, other_installation)


def _restore(backup: Path, db_path: Path, other_installation: bool) -> Restored:
    from desktop.store import checks, storage

    incoming = backups.incoming(db_path)
    try:
        backups.discard(incoming)
        if not backup.is_file() or backup.stat().st_size == 0:
            raise Refused(f"Tệp {backup.name} không có hoặc trống")
        backups.expand(backup, incoming)
        checked = backups.checked(incoming, backup.name)
        if not other_installation:
            _same_installation(incoming, db_path, backup.name)
        if checked.newer_schema_needed:
            try:
                storage.prepare(incoming, copy_first=False)
            except Exception as error:  # whatever stops the upgrade, the live file must stay as it was
                log.exception("Bản sao lưu %s không nâng cấp được", backup)
                raise Refused(
                    f"Bản sao lưu {backup.name} (cấu trúc {checked.revision}) không nâng cấp được lên cấu trúc"
                    f" hiện tại ({checks.HEAD_REVISION}): {_reason(error)}. Dữ liệu hiện tại giữ nguyên; bản sao"
                    " lưu này có thể đã bị sửa hoặc hỏng: hãy chọn một bản khác."
                ) from None
        _settle(incoming)
        problem = unsound(incoming, "integrity_check")  # with every row's rules, values and links
        if problem is not None:
            raise Refused(
                f"Bản sao lưu {backup.name} sau khi chuẩn bị không dùng được ({problem}); dữ liệu hiện tại giữ nguyên."
            )
        aside = _keep_current(db_path)
    except (sqlite3.Error, OSError) as error:
        backups.discard(incoming)
        reason = explain(error).message
        # The copy is prepared beside the file: there is no other folder to choose.
        if backups.on_read_only_disk(error) and not backups.disk_full(error):
            reason = (
                f"thư mục dữ liệu {db_path.parent} chỉ cho phép đọc, hoặc tài khoản này không có quyền ghi vào đó"
                " (bản sao lưu được chuẩn bị cạnh tệp dữ liệu rồi mới thay vào): hãy nhờ người quản trị máy cấp"
                " quyền ghi cho thư mục đó."
            )
        raise Refused(f"Không khôi phục được: {reason} Dữ liệu hiện tại giữ nguyên.") from None
    except BaseException:
        backups.discard(incoming)
        raise
    _retire_journal(db_path, aside)
    os.replace(incoming, db_path)
    _sync_folder(db_path.parent)
    return Restored(checked.revision, checked.newer_schema_needed, aside)


_ORIGIN = ("province_code", "centre_name", "sync_device_id")  # app_setting keys: whose data, made where


def _origin(path: Path) -> dict[str, str]:
    try:
        with closing(read_only(path)) as connection:
            marks = ", ".join("?" for _ in _ORIGIN)
            rows = connection.execute(f"SELECT key, value FROM app_setting WHERE key IN ({marks})", _ORIGIN)
            return {str(key): str(value) for key, value in rows if value}
    except (sqlite3.Error, UnicodeDecodeError):  # a damaged current file: whatever is restored replaces it
        return {}


def _same_installation(incoming: Path, db_path: Path, name: str) -> None:
    """Refuse, with :class:`Foreign`, a copy of another province's data or of another installation's (a
    file copied from a colleague's PC): its province would replace this centre's, and this PC would sync
    as that other PC. A file not yet set up (the first day on a new PC) takes any copy."""
    current, restored = _origin(db_path), _origin(incoming)
    if not current.get("province_code") or not restored.get("province_code"):
        return
    keep = " Dữ liệu hiện tại giữ nguyên."
    if current["province_code"] != restored["province_code"]:
        raise Foreign(
            f"Bản sao lưu {name} là dữ liệu của {_centre(restored)}, không phải của {_centre(current)} đang dùng"
            f" trên máy này.{keep} Chỉ khôi phục nếu thật sự muốn thay toàn bộ dữ liệu bằng dữ liệu của tỉnh/thành"
            " phố đó."
        )
    here, there = current.get("sync_device_id"), restored.get("sync_device_id")
    if here and there and here != there:
        raise Foreign(
            f"Bản sao lưu {name} được tạo trên một máy khác (cũng của {_centre(restored)}). Sau khi khôi phục,"
            " máy này sẽ đồng bộ thay cho máy đó: chỉ làm vậy khi máy kia không còn dùng phần mềm nữa (ví dụ"
            f" chuyển sang máy mới), nếu không hai máy sẽ ghi đè thay đổi của nhau.{keep}"
        )


def _centre(origin: dict[str, str]) -> str:
    from desktop.store.reference_data import administrative_units

    code = origin["province_code"]
    names = {unit.code: unit.name for unit in administrative_units()[0]}
    name = names.get(code, f"mã {code}")
    province = name if name.startswith("Thành phố") else f"tỉnh {name}"
    return f"{origin['centre_name']} ({province})" if origin.get("centre_name") else province


def _reason(error: Exception) -> str:
    """What stopped an upgrade, as briefly as SQLite or the program put it."""
    explained = explain(error)
    if explained.kind is not ErrorKind.BUG:
        return explained.message.rstrip(".")
    return str(getattr(error, "orig", None) or error).splitlines()[0]


def _settle(path: Path) -> None:
    """Fold the journal into the file and flush it to the disk: the file alone is the whole database."""
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    with path.open("rb+") as file:
        os.fsync(file.fileno())


def _keep_current(db_path: Path) -> Path | None:
    """The file about to be replaced, kept: a checked copy, or (when it is damaged) the file itself linked
    aside under a name that is never backups.listed as a backup."""
    if not db_path.exists() or db_path.stat().st_size == 0:
        return None
    try:
        return backups.make(db_path, backups.BEFORE_RESTORE).path
    except backups.Damaged:
        pass
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    aside = backups.folder(db_path) / f"{db_path.stem}-{stamp}{backups.PLAIN}{backups.DAMAGED_ASIDE}"
    aside.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(db_path, aside)  # no space needed: the same bytes under a second name
    except OSError:
        shutil.copy2(db_path, aside)
    return aside


def _retire_journal(db_path: Path, aside: Path | None) -> None:
    """The replaced file's journal must not be replayed into the copy: folded in when the file is sound
    (its backup was just taken), set aside beside a damaged file kept aside."""
    wal = Path(f"{db_path}-wal")
    if wal.exists() and wal.stat().st_size > 0:
        try:
            with closing(sqlite3.connect(db_path)) as connection:
                connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error:
            if aside is not None:
                os.replace(wal, Path(f"{aside}-wal"))
    for suffix in ("-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)


def _sync_folder(path: Path) -> None:
    """Make the rename durable (POSIX; Windows has no directory handles to flush)."""
    if os.name == "posix":
        descriptor = os.open(path, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
