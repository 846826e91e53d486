"""Attachment contents on the server: uploaded in chunks that resume where a cut stopped them, checked
against their SHA-256 before anyone may download them, and served in chunks to whoever may read a record
of the same province they are attached to.

Each province keeps its own copy of a content (``sync_file``, ``sync_file_chunk``): knowing a hash opens
nothing in another province, and an upload there cannot touch another province's file. The bytes live in
the server database, not on one machine's disk, so any server process behind a load balancer can take the
next chunk. A chunk sent twice (a retried request) is recognised by its position and changes nothing.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from sqlalchemy import Connection, Engine, Row, delete, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from sync import rules
from sync.protocol import SYNCED_TABLES, BlobState
from sync.server import callers, schema, store, transactions

MAX_SIZE = 200 * 1024 * 1024
"""The largest attachment accepted (a scanned dossier is a few MB; a video of a demo day can be large)."""
MAX_CHUNK = 1024 * 1024
_SHA256 = re.compile(r"[0-9a-f]{64}")


def _checked(sha256: str) -> str:
    if not _SHA256.fullmatch(sha256):
        raise store.SyncRefused("Mã SHA-256 của tệp không hợp lệ")
    return sha256


def scope_of(who: callers.Caller, scope: str | None) -> str:
    """The province whose files a request is about: the one named, else the caller's own."""
    chosen = scope or who.province
    if not chosen:
        raise store.SyncRefused("Cần cho biết tỉnh (mã tỉnh) của tệp đính kèm")
    return chosen


def _key(scope: str, sha256: str) -> Any:
    return (schema.file.c.province_code == scope) & (schema.file.c.sha256 == sha256)


def _chunks(scope: str, sha256: str) -> Any:
    return (schema.file_chunk.c.province_code == scope) & (schema.file_chunk.c.sha256 == sha256)


def state(engine: Engine, who: callers.Caller, sha256: str, scope: str | None = None) -> BlobState:
    """What the server holds of ``sha256`` in the province (nothing yet: size and received 0)."""
    where = scope_of(who, scope)
    if not who.readable(where):
        raise store.Forbidden(f"Tài khoản {who.name} không được xem dữ liệu của tỉnh mã {where}")
    with engine.connect() as connection:
        found = connection.execute(select(schema.file).where(_key(where, _checked(sha256)))).first()
    if found is None:
        return BlobState(sha256, 0, 0, False)
    return BlobState(sha256, int(found.size), int(found.received), bool(found.complete))


def put(
    engine: Engine, who: callers.Caller, sha256: str, size: int, start: int, data: bytes, scope: str | None = None
) -> BlobState:
    """Store the chunk ``data`` of ``sha256`` (``size`` bytes in all) at byte ``start``, in the province.

    A chunk that is not the next one expected (sent again, or after a cut) changes nothing: the answer
    says where to go on from. The last chunk completes the file once its hash matches; a file whose bytes
    do not hash to its name is thrown away whole and refused. An unfinished upload announced with another
    size starts again (a wrong size could otherwise hold the name for good)."""
    where = scope_of(who, scope)
    if not rules.may_write(who.role, who.province, where):
        raise store.Forbidden(f"Tài khoản {who.name} không được gửi tệp của tỉnh mã {where}")
    _checked(sha256)
    if not 0 < size <= MAX_SIZE:
        raise store.SyncRefused(f"Tệp đính kèm phải từ 1 byte đến {MAX_SIZE // (1024 * 1024)} MB")
    if len(data) > MAX_CHUNK or start < 0 or start + len(data) > size:
        raise store.SyncRefused("Phần tệp gửi lên không khớp với kích thước tệp")
    try:
        return _put(engine, where, sha256, size, start, data)
    except _Damaged:
        _discard(engine, where, sha256)
        raise store.SyncRefused("Nội dung tệp không khớp mã SHA-256: tệp bị bỏ, hãy gửi lại") from None


class _Damaged(Exception):
    """The bytes received do not hash to the file's name (the transaction that found it rolls back)."""


def _put(engine: Engine, scope: str, sha256: str, size: int, start: int, data: bytes) -> BlobState:
    with transactions.writing(engine) as connection:
        found = _held(connection, scope, sha256, size)
        received, complete = int(found.received), bool(found.complete)
        if int(found.size) != size:
            raise store.SyncRefused("Kích thước tệp khác với tệp máy chủ đã có")
        if complete or start != received or not data:
            return BlobState(sha256, size, received, complete)
        connection.execute(insert(schema.file_chunk).values(province_code=scope, sha256=sha256, start=start, data=data))
        received += len(data)
        if received == size:
            digest = hashlib.sha256()
            for (chunk,) in connection.execute(
                select(schema.file_chunk.c.data).where(_chunks(scope, sha256)).order_by(schema.file_chunk.c.start)
            ):
                digest.update(chunk)
            if digest.hexdigest() != sha256:
                raise _Damaged
            complete = True
        connection.execute(update(schema.file).where(_key(scope, sha256)).values(received=received, complete=complete))
    return BlobState(sha256, size, received, complete)


def _held(connection: Connection, scope: str, sha256: str, size: int) -> Row[Any]:
    """The file's row, made first if it is new, locked until commit: uploads of one file take turns.

    The row is made with ON CONFLICT DO NOTHING before it is locked: FOR UPDATE on a row that is not there
    yet locks nothing, so two PCs sending the same new file both went on to insert it and one failed. An
    unfinished upload announced with another size starts again from nothing."""
    values = {"province_code": scope, "sha256": sha256, "size": size, "received": 0, "complete": False}
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    connection.execute(dialect.insert(schema.file).values(**values, created_at=store.now()).on_conflict_do_nothing())
    locked = select(schema.file).where(_key(scope, sha256)).with_for_update()
    found = connection.execute(locked).one()
    if not found.complete and int(found.size) != size:
        connection.execute(delete(schema.file_chunk).where(_chunks(scope, sha256)))
        connection.execute(update(schema.file).where(_key(scope, sha256)).values(**values, created_at=store.now()))
        found = connection.execute(locked).one()
    return found


def _discard(engine: Engine, scope: str, sha256: str) -> None:
    with transactions.writing(engine) as connection:
        connection.execute(delete(schema.file_chunk).where(_chunks(scope, sha256)))
        connection.execute(delete(schema.file).where(_key(scope, sha256)))


def read(engine: Engine, who: callers.Caller, sha256: str, start: int, limit: int, scope: str | None = None) -> bytes:
    """Up to ``limit`` bytes of the complete file ``sha256`` of the province, from byte ``start``.

    Only for a user who may read the province, and only when a live record there is attached to it: a
    hash alone opens nothing."""
    where = scope_of(who, scope)
    _checked(sha256)
    attachment = SYNCED_TABLES["attachment"]
    with engine.connect() as connection:
        attached = select(attachment.c.id).where(
            attachment.c.sha256 == sha256, attachment.c.province_code == where, attachment.c.deleted_at.is_(None)
        )
        if not who.readable(where) or connection.scalar(attached.limit(1)) is None:
            raise store.Forbidden(f"Tài khoản {who.name} không được tải tệp này")
        found = connection.execute(select(schema.file).where(_key(where, sha256))).first()
        if found is None or not found.complete:
            raise store.NotYet("Tệp chưa được gửi đủ lên máy chủ: sẽ tải ở lần đồng bộ sau")
        end = min(start + limit, int(found.size))
        chunk_end = schema.file_chunk.c.start + func.length(schema.file_chunk.c.data)
        parts = connection.execute(
            select(schema.file_chunk.c.start, schema.file_chunk.c.data)
            .where(_chunks(where, sha256), schema.file_chunk.c.start < end, chunk_end > start)
            .order_by(schema.file_chunk.c.start)
        ).all()
    joined = b"".join(bytes(data) for _, data in parts)
    first = int(parts[0].start) if parts else start
    return joined[start - first : end - first]
