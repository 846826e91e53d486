"""Attachment contents on the server: uploaded in chunks that resume where a cut stopped them, checked
against their SHA-256 before anyone may download them, and served in chunks to whoever may read a record
they are attached to.

The bytes live in the server database (``sync_blob_chunk``), not on one machine's disk, so any server
process behind a load balancer can take the next chunk. A chunk sent twice (a retried request) is
recognised by its position and changes nothing.
"""

from __future__ import annotations

import hashlib
import re

from sqlalchemy import Engine, and_, delete, exists, func, insert, select, update

from sync import rules
from sync.protocol import BlobState
from sync.server import schema, store

MAX_SIZE = 200 * 1024 * 1024
"""The largest attachment accepted (a scanned dossier is a few MB; a video of a demo day can be large)."""
MAX_CHUNK = 1024 * 1024
_SHA256 = re.compile(r"[0-9a-f]{64}")


def _checked(sha256: str) -> str:
    if not _SHA256.fullmatch(sha256):
        raise store.SyncRefused("Mã SHA-256 của tệp không hợp lệ")
    return sha256


def state(engine: Engine, sha256: str) -> BlobState:
    """What the server holds of ``sha256`` (nothing yet: size and received 0)."""
    with engine.connect() as connection:
        found = connection.execute(select(schema.blob).where(schema.blob.c.sha256 == _checked(sha256))).first()
    if found is None:
        return BlobState(sha256, 0, 0, False)
    return BlobState(sha256, int(found.size), int(found.received), bool(found.complete))


def put(engine: Engine, who: store.Caller, sha256: str, size: int, start: int, data: bytes) -> BlobState:
    """Store the chunk ``data`` of ``sha256`` (``size`` bytes in all) at byte ``start``.

    A chunk that is not the next one expected (sent again, or after a cut) changes nothing: the answer
    says where to go on from. The last chunk completes the file once its hash matches; a file whose bytes
    do not hash to its name is thrown away whole and refused."""
    if who.role == "viewer":
        raise store.Forbidden(f"Tài khoản {who.name} chỉ được xem")
    _checked(sha256)
    if not 0 < size <= MAX_SIZE:
        raise store.SyncRefused(f"Tệp đính kèm phải từ 1 byte đến {MAX_SIZE // (1024 * 1024)} MB")
    if len(data) > MAX_CHUNK or start < 0 or start + len(data) > size:
        raise store.SyncRefused("Phần tệp gửi lên không khớp với kích thước tệp")
    try:
        return _put(engine, sha256, size, start, data)
    except _Damaged:
        _discard(engine, sha256)
        raise store.SyncRefused("Nội dung tệp không khớp mã SHA-256: tệp bị bỏ, hãy gửi lại") from None


class _Damaged(Exception):
    """The bytes received do not hash to the file's name (the transaction that found it rolls back)."""


def _put(engine: Engine, sha256: str, size: int, start: int, data: bytes) -> BlobState:
    with store.writing(engine) as connection:
        found = connection.execute(select(schema.blob).where(schema.blob.c.sha256 == sha256).with_for_update()).first()
        if found is None:
            connection.execute(
                insert(schema.blob).values(sha256=sha256, size=size, received=0, complete=False, created_at=store.now())
            )
            received, complete = 0, False
        else:
            received, complete = int(found.received), bool(found.complete)
            if int(found.size) != size:
                raise store.SyncRefused("Kích thước tệp khác với lần gửi trước")
        if complete or start != received or not data:
            return BlobState(sha256, size, received, complete)
        connection.execute(insert(schema.blob_chunk).values(sha256=sha256, start=start, data=data))
        received += len(data)
        if received == size:
            digest = hashlib.sha256()
            for (chunk,) in connection.execute(
                select(schema.blob_chunk.c.data)
                .where(schema.blob_chunk.c.sha256 == sha256)
                .order_by(schema.blob_chunk.c.start)
            ):
                digest.update(chunk)
            if digest.hexdigest() != sha256:
                raise _Damaged
            complete = True
        connection.execute(
            update(schema.blob).where(schema.blob.c.sha256 == sha256).values(received=received, complete=complete)
        )
    return BlobState(sha256, size, received, complete)


def _discard(engine: Engine, sha256: str) -> None:
    with store.writing(engine) as connection:
        connection.execute(delete(schema.blob_chunk).where(schema.blob_chunk.c.sha256 == sha256))
        connection.execute(delete(schema.blob).where(schema.blob.c.sha256 == sha256))


def read(engine: Engine, who: store.Caller, sha256: str, start: int, limit: int) -> bytes:
    """Up to ``limit`` bytes of the complete file ``sha256`` from byte ``start``.

    Only for a user who may read a record the file is attached to: a hash alone opens nothing."""
    _checked(sha256)
    with engine.connect() as connection:
        # The attachments' identity keys are their content hashes (store._identify keeps them current).
        attached = (schema.identity.c.table_name == "attachment") & (schema.identity.c.key == f"sha256:{sha256}")
        scopes = rules.readable_scopes(who.role, who.province)
        if scopes is not None:
            attached = attached & schema.identity.c.province_code.in_(sorted(scopes))
        if not connection.scalar(select(exists().where(attached))):
            raise store.Forbidden(f"Tài khoản {who.name} không được tải tệp này")
        found = connection.execute(select(schema.blob).where(schema.blob.c.sha256 == sha256)).first()
        if found is None or not found.complete:
            raise store.NotYet("Tệp chưa được gửi đủ lên máy chủ: sẽ tải ở lần đồng bộ sau")
        end = min(start + limit, int(found.size))
        chunk_end = schema.blob_chunk.c.start + func.length(schema.blob_chunk.c.data)
        parts = connection.execute(
            select(schema.blob_chunk.c.start, schema.blob_chunk.c.data)
            .where(and_(schema.blob_chunk.c.sha256 == sha256, schema.blob_chunk.c.start < end, chunk_end > start))
            .order_by(schema.blob_chunk.c.start)
        ).all()
    joined = b"".join(bytes(data) for _, data in parts)
    first = int(parts[0].start) if parts else start
    return joined[start - first : end - first]
