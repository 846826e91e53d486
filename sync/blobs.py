"""Attachment contents between an installation and the server (the records travel like any row).

Before the outbox is pushed, the content of every attachment whose record is still waiting is uploaded,
so no other PC ever receives a record whose file the server lacks because of us. After a pull, every
attachment listed here whose file is missing is downloaded. Both go a chunk at a time and resume where
a cut stopped them: an upload from what the server says it holds, a download from the partial file's
length. A download is used only once its bytes hash to the recorded SHA-256.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from sqlalchemy import select

from desktop.models import Attachment, OutboxEntry
from desktop.store.attachments import SHA256, file_sha256, stored_path
from desktop.store.db import Database
from sync.protocol import BlobState, SyncReport

CHUNK = 256 * 1024
"""A chunk a 2G link carries in well under a minute: a cut loses at most that much."""


class BlobTransport(Protocol):
    """The part of a transport that carries attachment contents (each province's files are its own)."""

    def blob_state(self, sha256: str, scope: str) -> BlobState: ...

    def blob_put(self, sha256: str, size: int, start: int, data: bytes, scope: str) -> BlobState: ...

    def blob_get(self, sha256: str, start: int, limit: int, scope: str) -> bytes | None:
        """Up to ``limit`` bytes from ``start``; None while the server does not hold the whole file."""
        ...


Progress = Callable[[str, int, int], None]


def to_upload(database: Database) -> list[tuple[str, int, str, str]]:
    """(sha256, size, file name, province) of the attachments whose record is waiting to be sent, once per
    content and province."""
    with database.session() as session:
        waiting = select(OutboxEntry.row_id).where(
            OutboxEntry.acked_at.is_(None), OutboxEntry.table_name == Attachment.__tablename__
        )
        found = session.execute(
            select(Attachment.sha256, Attachment.size, Attachment.file_name, Attachment.province_code)
            .where(Attachment.id.in_(waiting))
            .order_by(Attachment.created_at)
        ).all()
    unique: dict[tuple[str, str], tuple[str, int, str, str]] = {}
    for sha, size, name, province in found:
        if SHA256.fullmatch(sha):
            unique.setdefault((sha, province), (sha, size, name, province))
    return list(unique.values())


def readable_content(database: Database, sha256: str, size: int, name: str, report: SyncReport) -> Path | None:
    """The stored file of ``sha256`` if it is whole; otherwise None, and the report says why."""
    path = stored_path(database.attachments_dir, sha256)
    if not path.is_file() or path.stat().st_size != size:
        report.messages.append(f"Tệp đính kèm “{name}” không còn trên máy này: chỉ gửi được thông tin của tệp")
        return None
    if file_sha256(path) != sha256:
        report.messages.append(f"Tệp đính kèm “{name}” trên máy này đã bị thay đổi: không gửi nội dung hỏng")
        return None
    return path


def upload(
    database: Database,
    transport: BlobTransport,
    report: SyncReport,
    progress: Progress,
    cancelled: Callable[[], bool],
) -> None:
    """Send the content of each attachment waiting in the outbox that the server does not hold whole."""
    files = to_upload(database)
    total = sum(size for _, size, _, _ in files)
    done = 0
    for sha, size, name, scope in files:
        path = readable_content(database, sha, size, name, report)
        if path is None:
            done += size
            continue
        state = transport.blob_state(sha, scope)
        with path.open("rb") as content:
            while not state.complete:
                if cancelled():
                    return
                progress(f"Đang gửi tệp đính kèm “{name}”", done + state.received, total)
                content.seek(state.received)
                sent = transport.blob_put(sha, size, state.received, content.read(CHUNK), scope)
                if not sent.complete and sent.received <= state.received:
                    raise RuntimeError(f"Máy chủ không nhận thêm phần nào của tệp “{name}”")
                state = sent
        done += size
        report.files_sent += 1


def _absent(database: Database) -> dict[str, tuple[int, str, str]]:
    """The live attachments whose content this installation does not have: SHA-256 -> (size, file name,
    province of a record of it)."""
    folder = database.attachments_dir
    with database.session() as session:
        listed = session.execute(
            select(Attachment.sha256, Attachment.size, Attachment.file_name, Attachment.province_code).where(
                Attachment.deleted_at.is_(None)
            )
        ).all()
    return {
        sha: (size, name, province)
        for sha, size, name, province in listed
        if SHA256.fullmatch(sha) and not stored_path(folder, sha).is_file()
    }


def missing(database: Database) -> list[str]:
    """The contents of live attachments this installation does not have (by SHA-256)."""
    return sorted(_absent(database))


def download(
    database: Database,
    transport: BlobTransport,
    report: SyncReport,
    progress: Progress,
    cancelled: Callable[[], bool],
) -> None:
    """Fetch the content of every live attachment whose file this installation does not have."""
    folder = database.attachments_dir
    for sha, (size, name, scope) in sorted(_absent(database).items()):
        if cancelled():
            return
        target = stored_path(folder, sha)
        partial = target.with_name(target.name + ".download")
        partial.parent.mkdir(parents=True, exist_ok=True)
        have = partial.stat().st_size if partial.exists() else 0
        complete = True
        with partial.open("ab") as out:
            while have < size:
                if cancelled():
                    return
                progress(f"Đang tải tệp đính kèm “{name}”", have, size)
                data = transport.blob_get(sha, have, CHUNK, scope)
                if data is None:
                    complete = False
                    break
                if not data:
                    break
                out.write(data)
                out.flush()
                have += len(data)
        if not complete:
            report.files_waiting += 1
            continue
        if have != size or file_sha256(partial) != sha:
            partial.unlink()  # the next sync downloads it again from the start
            report.messages.append(f"Tệp đính kèm “{name}” tải về không khớp mã SHA-256: sẽ tải lại")
            continue
        partial.replace(target)  # only a checked file takes the real name
        report.files_received += 1
