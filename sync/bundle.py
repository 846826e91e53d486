"""Sync without any network: changes carried in a file (USB stick, e-mail), with the same guarantees.

The installation exports its waiting changes and where it stands in each scope; the server (its
administrator) answers the file with the outcomes and the changes since; the installation imports the
answer. The server applies the changes through the same ledger as over HTTP, so a file imported twice,
or an answer applied twice, changes nothing more. Files are gzip-compressed JSON carrying a SHA-256 of
their content: a truncated or altered file is refused whole.
"""

from __future__ import annotations

import base64
import contextlib
import gzip
import hashlib
import json
import zlib
from dataclasses import asdict
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from desktop.db import Database
from desktop.models import OutboxEntry, SyncCursor
from desktop.services import settings
from sync import blobs
from sync.client import SyncClient, _mutation, adopt_unsent
from sync.protocol import (
    PROTOCOL_VERSION,
    BlobState,
    Change,
    Digests,
    Mutation,
    Outcome,
    PullReply,
    PushReply,
    ScopeSummary,
    SnapshotPage,
    SyncReport,
)

KIND_REQUEST = "khuyencong-dong-bo-yeu-cau"
KIND_ANSWER = "khuyencong-dong-bo-tra-loi"


MAX_BUNDLE = 256 * 2**20
"""The most a bundle may unpack to. A province's first copy with its attachments fits; a file made to
unpack to gigabytes (300 KB can) stops here instead of filling the memory of the PC or the server."""
_PIECE = 2**20


class BundleRefused(ValueError):
    """A file that is not a bundle, is damaged, is too large, or belongs to another installation."""


def _write(path: Path, kind: str, body: dict[str, Any]) -> None:
    payload = json.dumps(body, ensure_ascii=False, sort_keys=True)
    document = {"kind": kind, "protocol": PROTOCOL_VERSION, "sha256": hashlib.sha256(payload.encode()).hexdigest()}
    document["body"] = body
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_bytes(gzip.compress(json.dumps(document, ensure_ascii=False).encode()))
    temporary.replace(path)  # never a half-written bundle under the real name


def _unpacked(path: Path) -> bytearray:
    """The content of the gzip file ``path``, unpacked as it is read and refused past MAX_BUNDLE bytes."""
    content = bytearray()
    with gzip.open(path, "rb") as packed:
        while piece := packed.read(_PIECE):
            content += piece
            if len(content) > MAX_BUNDLE:
                too_large = (
                    f"Tệp {path.name} quá lớn: khi giải nén vượt quá {MAX_BUNDLE // 2**20} MB nên không được đọc"
                )
                raise BundleRefused(too_large)
    return content


def _read(path: Path, kind: str) -> dict[str, Any]:
    try:
        document = json.loads(_unpacked(path))
    except BundleRefused:
        raise
    except (OSError, EOFError, ValueError, zlib.error) as error:
        raise BundleRefused(f"Tệp {path.name} không phải tệp đồng bộ hoặc đã hỏng") from error
    if not isinstance(document, dict) or document.get("kind") != kind:
        raise BundleRefused(f"Tệp {path.name} không phải tệp đồng bộ đúng loại")
    body = document.get("body")
    if not isinstance(body, dict):
        raise BundleRefused(f"Tệp {path.name} không có nội dung đồng bộ")
    payload = json.dumps(body, ensure_ascii=False, sort_keys=True)
    if hashlib.sha256(payload.encode()).hexdigest() != document.get("sha256"):
        raise BundleRefused(f"Tệp {path.name} đã bị thay đổi hoặc chép thiếu: không dùng được")
    if int(document.get("protocol", 0)) > PROTOCOL_VERSION:
        raise BundleRefused("Tệp được tạo bởi phiên bản mới hơn: hãy cập nhật phần mềm")
    if int(document.get("protocol", 0)) < PROTOCOL_VERSION:  # as the server tells an old PC over the network
        raise BundleRefused(
            "Tệp được tạo bởi phiên bản cũ hơn: hãy cập nhật phần mềm ở máy tạo tệp rồi tạo lại tệp "
            "(các thay đổi của máy đó vẫn được giữ)"
        )
    return dict(body)


def export(database: Database, path: Path, device: str) -> int:
    """Write this installation's waiting changes and cursors to ``path``; returns how many changes."""
    adopt_unsent(database)
    with database.session() as session:
        mutations = [
            asdict(_mutation(e))
            for e in session.scalars(
                select(OutboxEntry).where(OutboxEntry.acked_at.is_(None)).order_by(OutboxEntry.seq)
            )
        ]
        cursors = {c.scope: c.position for c in session.scalars(select(SyncCursor))}
        province = settings.load(session).province_code
    for scope in ("00", province):
        if scope:
            cursors.setdefault(scope, 0)
    # Attachment contents ride along: those of records in this file, and a list of those this PC lacks.
    files: dict[str, str] = {}
    for sha, size, name, _scope in blobs.to_upload(database):
        content = blobs.readable_content(database, sha, size, name, SyncReport())
        if content is not None:
            files[sha] = base64.b64encode(content.read_bytes()).decode()
    body = {"device": device, "mutations": mutations, "cursors": cursors, "files": files}
    body["missing_files"] = blobs.missing(database)
    _write(path, KIND_REQUEST, body)
    return len(mutations)


def answer(engine: Engine, request: Path, reply: Path, user: str | None = None) -> tuple[int, int]:
    """The server's side: apply a request file and write the answer. Returns (changes applied, sent back).

    ``user``: register the device to this user if the server does not know it yet (the administrator
    vouches for an installation that has never been online)."""
    from sync import rules
    from sync.server import blobs as server_blobs
    from sync.server import schema, store, users

    body = _read(request, KIND_REQUEST)
    device = str(body["device"])
    with store.writing(engine) as connection:
        known = connection.execute(select(schema.device).where(schema.device.c.id == device)).first()
        if known is None:
            user_id = users.find(connection, user) if user else None
            if user_id is None:
                raise BundleRefused("Máy gửi tệp chưa đăng ký: cho biết người dùng của máy (--user TÊN)")
            users.register_device(connection, user_id, device, "tệp đồng bộ")
        else:
            user_id = int(known.user_id)
        caller = users.caller(connection, user_id, device)
    uploaded = {sha: base64.b64decode(encoded) for sha, encoded in dict(body.get("files", {})).items()}
    for sha, data in uploaded.items():  # before the records, as over the network
        for start in range(0, len(data), server_blobs.MAX_CHUNK):
            server_blobs.put(engine, caller, sha, len(data), start, data[start : start + server_blobs.MAX_CHUNK])
    cursors = {str(k): int(v) for k, v in dict(body["cursors"]).items()}
    pushed = store.push(engine, caller, [Mutation.from_json(m) for m in body["mutations"]], cursors)
    wanted = set(body.get("missing_files", []))
    pages: dict[str, dict[str, Any]] = {}
    sent = 0
    for scope in rules.readable_scopes(caller.role, caller.province) or ():
        cursors.setdefault(scope, 0)  # a scope the installation has never pulled: from its start
    for scope, after in cursors.items():
        if not caller.readable(scope):
            continue
        changes: list[Change] = []
        cursor, epoch, more, summary = after, pushed.epoch, True, None
        while more:
            if after == 0:  # a first copy: every row, checked against the count and checksum before use
                first = store.snapshot(engine, caller, scope, cursor, 2000)
                changes += first.rows
                cursor, epoch, more, summary = first.cursor, first.epoch, first.more, first.summary
            else:
                page = store.pull(engine, caller, scope, cursor, 2000)
                changes += page.changes
                cursor, epoch, more = page.cursor, page.epoch, page.more
        pages[scope] = {"after": after, "cursor": cursor, "epoch": epoch, "changes": [asdict(c) for c in changes]}
        if summary is not None:
            pages[scope]["summary"] = asdict(summary)
        sent += len(changes)
        wanted |= {c.data["sha256"] for c in changes if c.table == "attachment" and c.data is not None}
    files: dict[str, str] = {}
    for sha in sorted(wanted - set(uploaded)):
        with contextlib.suppress(store.SyncRefused):  # not readable by this user, or not complete yet
            data = server_blobs.read(engine, caller, sha, 0, server_blobs.MAX_SIZE)
            files[sha] = base64.b64encode(data).decode()
    answer_body = {"device": device, "push": asdict(pushed), "scopes": pages, "files": files}
    _write(reply, KIND_ANSWER, answer_body)
    return len(body["mutations"]), sent


class _Replay:
    """A transport that answers from a reply file instead of the network."""

    def __init__(self, body: dict[str, Any]) -> None:
        self.body = body

    def push(self, mutations: list[Mutation], seen: dict[str, int]) -> PushReply:
        raise BundleRefused("Tệp trả lời không gửi thêm được thay đổi")  # outcomes are recorded directly

    def pull(self, scope: str, after: int, limit: int) -> PullReply:
        page = self.body["scopes"].get(scope)
        if page is None or page["after"] != after:  # already applied (or not asked): nothing more here
            return PullReply([], after, False, page["epoch"] if page else "")
        return PullReply([Change(**c) for c in page["changes"]], page["cursor"], False, page["epoch"])

    def snapshot(self, scope: str, after: int, limit: int) -> SnapshotPage:
        """A first copy: the answer's changes from the start of the scope's log are its rows, once each."""
        page = self.body["scopes"].get(scope)
        if page is None or page["after"] != 0:
            raise BundleRefused("Tệp trả lời không có bản sao đầu tiên của tỉnh mã " + scope)
        rows = [Change(**c) for c in page["changes"] if c["data"] is not None]
        summary = ScopeSummary(**page["summary"]) if page.get("summary") else None
        return SnapshotPage(rows, page["cursor"], False, page["epoch"], summary)

    def summary(self, scope: str) -> ScopeSummary:
        raise BundleRefused("Đối chiếu cần kết nối máy chủ")

    def digests(self, scope: str, table: str, suffix: str) -> Digests:
        raise BundleRefused("Đối chiếu cần kết nối máy chủ")

    def fetch(self, scope: str, table: str, ids: list[str]) -> list[Change]:
        raise BundleRefused("Đối chiếu cần kết nối máy chủ")

    def blob_state(self, sha256: str, scope: str) -> BlobState:
        raise BundleRefused("Tệp trả lời không gửi thêm được tệp đính kèm")

    def blob_put(self, sha256: str, size: int, start: int, data: bytes, scope: str) -> BlobState:
        raise BundleRefused("Tệp trả lời không gửi thêm được tệp đính kèm")

    def blob_get(self, sha256: str, start: int, limit: int, scope: str) -> bytes | None:
        encoded = self.body.get("files", {}).get(sha256)
        return None if encoded is None else base64.b64decode(encoded)[start : start + limit]


def apply_answer(database: Database, path: Path, device: str) -> SyncReport:
    """Import the server's answer: confirm what it applied, take in what changed. Safe to repeat."""
    body = _read(path, KIND_ANSWER)
    if body["device"] != device:
        raise BundleRefused("Tệp trả lời này dành cho máy khác")
    replay = _Replay(body)
    client = SyncClient(database, replay, list(body["scopes"]))
    report = SyncReport()
    push = body["push"]
    client.record(PushReply([Outcome(**o) for o in push["outcomes"]], push.get("resume_from"), push["epoch"]), report)
    client.pull(report)
    blobs.download(database, replay, report, client.progress, client.cancelled)
    return report
