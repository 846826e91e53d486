"""Sync without any network: changes carried in a file (USB stick, e-mail), with the same guarantees.

The installation exports its waiting changes and where it stands in each scope; the server (its
administrator) answers the file with the outcomes and the changes since (``sync.server.bundles``); the
installation imports the answer. The server applies the changes through the same ledger as over HTTP, so a
file imported twice, or an answer applied twice, changes nothing more. Files are gzip-compressed JSON
carrying a SHA-256 of their content and a signature (``sync.signing``): a request is signed with the PC's
key, which the server registered at the PC's first sign-in or enrolment; an answer with the server's key. A
truncated, altered or made-up file is refused whole, whatever device it names.

A PC that never goes online is enrolled by the administrator (``khuyencong-server device enrol``): the
enrolment file gives it its device id, its key and the server's key (``khuyencong sync enrol``).
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import zlib
from dataclasses import asdict
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from desktop.db import Database
from desktop.models import AppSetting, OutboxEntry, SyncCursor
from desktop.services import audit, settings
from sync import account, blobs, signing
from sync.client import SyncClient, _mutation, adopt_unsent, open_conflict_ids
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
from sync.state import USER_SETTING, setting

KIND_REQUEST = "khuyencong-dong-bo-yeu-cau"
KIND_ANSWER = "khuyencong-dong-bo-tra-loi"
KIND_ENROLMENT = "khuyencong-ghi-danh-may"
NOT_ENROLLED = (
    "Máy này chưa được ghi danh với máy chủ: hãy đăng nhập đồng bộ một lần khi có mạng, hoặc nhập tệp ghi danh"
    " do quản trị máy chủ tạo (khuyencong sync enrol TỆP)"
)


MAX_BUNDLE = 256 * 2**20
"""The most a bundle may unpack to. A province's first copy with its attachments fits; a file made to
unpack to gigabytes (300 KB can) stops here instead of filling the memory of the PC or the server."""
_PIECE = 2**20


class BundleRefused(ValueError):
    """A file that is not a bundle, is damaged, is too large, or belongs to another installation."""


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


def _payload(body: dict[str, Any]) -> bytes:
    return json.dumps(body, ensure_ascii=False, sort_keys=True).encode()


def write(path: Path, kind: str, body: dict[str, Any], key: str) -> None:
    """Write ``body`` as a sync file of ``kind``, signed with the private key ``key``."""
    payload = _payload(body)
    document: dict[str, Any] = {"kind": kind, "protocol": PROTOCOL_VERSION}
    document.update(sha256=hashlib.sha256(payload).hexdigest(), signature=signing.sign(key, payload), body=body)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_bytes(gzip.compress(json.dumps(document, ensure_ascii=False).encode()))
    temporary.replace(path)  # never a half-written file under the real name


def read(path: Path, kind: str) -> tuple[dict[str, Any], str]:
    """The body of the sync file ``path`` of ``kind``, and its signature (checked by whoever knows the key);
    BundleRefused when it is not one, is damaged, or was made by another version."""
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
    if hashlib.sha256(_payload(body)).hexdigest() != document.get("sha256"):
        raise BundleRefused(f"Tệp {path.name} đã bị thay đổi hoặc chép thiếu: không dùng được")
    protocol = document.get("protocol", 0)
    if not isinstance(protocol, int) or protocol > PROTOCOL_VERSION:
        raise BundleRefused("Tệp được tạo bởi phiên bản mới hơn: hãy cập nhật phần mềm")
    if protocol < PROTOCOL_VERSION:  # as the server tells an old PC over the network
        raise BundleRefused(
            "Tệp được tạo bởi phiên bản cũ hơn: hãy cập nhật phần mềm ở máy tạo tệp rồi tạo lại tệp "
            "(các thay đổi của máy đó vẫn được giữ)"
        )
    return dict(body), str(document.get("signature") or "")


def signed_by(body: dict[str, Any], signature: str, public: str) -> bool:
    """Was ``body`` signed with the private half of ``public``?"""
    return signing.valid(public, _payload(body), signature)


def export(database: Database, path: Path, device: str) -> int:
    """Write this installation's waiting changes and cursors to ``path``, signed; returns how many changes."""
    if not setting(database, account.SERVER_KEY_SETTING):
        raise BundleRefused(NOT_ENROLLED)
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
    files = []
    for sha, size, name, scope in blobs.to_upload(database):
        content = blobs.readable_content(database, sha, size, name, SyncReport())
        if content is not None:
            files.append({"sha256": sha, "scope": scope, "data": base64.b64encode(content.read_bytes()).decode()})
    body: dict[str, Any] = {"device": device, "user": setting(database, USER_SETTING), "mutations": mutations}
    body.update(cursors=cursors, files=files, missing_files=blobs.missing(database))
    write(path, KIND_REQUEST, body, account.signing_key(database))
    return len(mutations)


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
        encoded = next((f["data"] for f in self.body.get("files", []) if f.get("sha256") == sha256), None)
        return None if encoded is None else base64.b64decode(encoded)[start : start + limit]


def apply_answer(database: Database, path: Path, device: str) -> SyncReport:
    """Import the server's answer: confirm what it applied, take in what changed. Safe to repeat. Only an
    answer signed by this PC's server, for this PC, is imported."""
    body, signature = read(path, KIND_ANSWER)
    server_key = setting(database, account.SERVER_KEY_SETTING)
    if not server_key:
        raise BundleRefused(NOT_ENROLLED)
    if not signed_by(body, signature, server_key):
        raise BundleRefused(f"Tệp {path.name} không mang chữ ký của máy chủ: không nhập")
    if body.get("device") != device:
        raise BundleRefused("Tệp trả lời này dành cho máy khác")
    replay = _Replay(body)
    client = SyncClient(database, replay, list(body["scopes"]))
    report = SyncReport()
    known = open_conflict_ids(database)
    push = body["push"]
    client.record(PushReply([Outcome(**o) for o in push["outcomes"]], push.get("resume_from"), push["epoch"]), report)
    client.pull(report)
    blobs.download(database, replay, report, client.progress, client.cancelled)
    report.conflicts = len(open_conflict_ids(database) - known)
    return report


def enrol(database: Database, path: Path) -> str:
    """Take this installation's identity from an enrolment file the administrator made (a PC that never goes
    online): its device id, its signing key, its user and the server's key. Returns the user's name.

    Only for a PC that has not synced yet: its changes then go out under the new identity, numbered from the
    start as the server expects."""
    body, signature = read(path, KIND_ENROLMENT)
    needed = ("device", "key", "user", "server_key")
    if not all(isinstance(body.get(k), str) and body[k] for k in needed):
        raise BundleRefused(f"Tệp {path.name} không phải tệp ghi danh đầy đủ")
    if not signed_by(body, signature, str(body["server_key"])):
        raise BundleRefused(f"Tệp {path.name} đã bị thay đổi: không dùng được")
    with database.transaction() as session:
        synced = session.scalar(select(func.count()).where(OutboxEntry.acked_at.is_not(None)))
        if synced or session.scalar(select(func.count()).select_from(SyncCursor)):
            raise BundleRefused("Máy này đã đồng bộ với máy chủ: không ghi danh lại được bằng tệp")
        session.merge(AppSetting(key=audit.DEVICE_SETTING, value=str(body["device"])))
    account.keep_signing_key(database, str(body["key"]))
    account.enrolled(database, str(body["user"]), str(body["server_key"]))
    return str(body["user"])
