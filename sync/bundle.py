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

Either side's file stays well under what the other side reads (MAX_BUNDLE): a request carries at most
MAX_MUTATIONS changes, and a file at most FILES_PER_BUNDLE bytes of attachments; what is left out comes in
the next round (the PC's changes and attachments stay waiting, the attachments it lacks stay listed).
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

from desktop.models import AppSetting, Attachment, OutboxEntry, SyncCursor
from desktop.services import settings
from desktop.services.signed_in import USER_SETTING
from desktop.store import clock
from desktop.store.attachments import SHA256
from desktop.store.db import Database
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
from sync.state import setting

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
FILES_PER_BUNDLE = 96 * 2**20
"""The most attachment bytes one file carries. In base64 they take 128 MB, half of MAX_BUNDLE, so a file
with its records stays readable; a province's few hundred MB of attachments travel over several rounds."""
MAX_MUTATIONS = 50_000
"""The most changes one request carries (the server refuses more): a centre's years of existing records go
in a few rounds instead of one file too large to read."""
_MARGIN = 0.9  # of MAX_BUNDLE: room for the keys and numbers around each attachment, and for the envelope


class BundleRefused(ValueError):
    """A file that is not a bundle, is damaged, is too large, or belongs to another installation."""


def _unpacked(path: Path) -> bytearray:
    """The content of the gzip file ``path``, unpacked as it is read and refused past MAX_BUNDLE bytes."""
    if not path.is_file():
        raise BundleRefused(f"Không tìm thấy tệp {path}")
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


# Each kind of file by the name users know it by, what is done with it, and where it comes from: a file given
# where another kind is expected is named, with what to do with it and which file is needed instead.
_KINDS = {
    KIND_REQUEST: (
        "tệp gửi máy chủ",
        "tệp này cần gửi cho quản trị máy chủ để trả lời (khuyencong-server bundle)",
        "do máy tính ghi bằng “Ghi tệp gửi máy chủ…” (khuyencong sync export-bundle TỆP)",
    ),
    KIND_ANSWER: (
        "tệp trả lời của máy chủ",
        "tệp này được nhập bằng “Nhập tệp trả lời…” (khuyencong sync import-bundle TỆP)",
        "(.kcsync) quản trị máy chủ gửi lại sau khi nhận tệp gửi máy chủ của máy này",
    ),
    KIND_ENROLMENT: (
        "tệp ghi danh máy",
        "tệp này được nhập bằng “Ghi danh bằng tệp…” (khuyencong sync enrol TỆP)",
        "(.kcenrol) do quản trị máy chủ tạo bằng khuyencong-server device enrol",
    ),
}


def _wrong_kind(path: Path, found: Any, expected: str) -> str:
    """What the user reads when ``path`` is not the kind of file ``expected``: what it is (another kind of
    sync file, or none at all), what to do with it, and which file is needed."""
    wanted, _use, comes = _KINDS[expected]
    needed = f"Ở đây cần {wanted} {comes}."
    if isinstance(found, str) and found in _KINDS:
        name, use, _comes = _KINDS[found]
        return f"Tệp {path.name} là {name}, không phải {wanted}: {use}. {needed}"
    return (
        f"Tệp {path.name} không phải {wanted}, cũng không phải tệp đồng bộ nào của Khuyến công (hoặc tệp đã hỏng)."
        f" {needed}"
    )


def read(path: Path, kind: str) -> tuple[dict[str, Any], str]:
    """The body of the sync file ``path`` of ``kind``, and its signature (checked by whoever knows the key);
    BundleRefused when it is not one (saying which kind it is, and which is needed), is damaged, or was made
    by another version."""
    try:
        document = json.loads(_unpacked(path))
    except BundleRefused:
        raise
    except (OSError, EOFError, ValueError, zlib.error) as error:
        raise BundleRefused(_wrong_kind(path, None, kind)) from error
    if not isinstance(document, dict) or document.get("kind") != kind:
        raise BundleRefused(_wrong_kind(path, document.get("kind") if isinstance(document, dict) else None, kind))
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


def file_budget(body: dict[str, Any]) -> int:
    """How many bytes of attachments a file whose other content is ``body`` may still carry: at most
    FILES_PER_BUNDLE, and never so many that, in base64, the file would unpack past MAX_BUNDLE."""
    room = int(MAX_BUNDLE * _MARGIN) - len(_payload(body))
    return max(0, min(FILES_PER_BUNDLE, room * 3 // 4))


def export(database: Database, path: Path, device: str, report: SyncReport | None = None) -> int:
    """Write this installation's waiting changes and cursors to ``path``, signed; returns how many changes.

    A file takes at most MAX_MUTATIONS changes and FILES_PER_BUNDLE bytes of attachments, cut between two
    local transactions: the rest stay waiting for the next file. ``report`` collects what the user should
    know (an attachment that cannot travel in any file goes as its record alone)."""
    if not setting(database, account.SERVER_KEY_SETTING):
        raise BundleRefused(NOT_ENROLLED)
    report = report if report is not None else SyncReport()
    adopt_unsent(database)
    with database.session() as session:
        entries = session.scalars(select(OutboxEntry).where(OutboxEntry.acked_at.is_(None)).order_by(OutboxEntry.seq))
        waiting = [asdict(_mutation(e)) for e in entries]
        cursors = {c.scope: c.position for c in session.scalars(select(SyncCursor))}
        province = settings.load(session).province_code
    for scope in ("00", province):
        if scope:
            cursors.setdefault(scope, 0)
    mutations = _within_cap(waiting)
    # Attachment contents ride along: those of records in this file, and a list of those this PC lacks.
    body: dict[str, Any] = {"device": device, "user": setting(database, USER_SETTING), "mutations": mutations}
    body.update(cursors=cursors, files=[], missing_files=blobs.missing(database))
    files, carried = _uploads(database, mutations, file_budget(body), report)
    body.update(mutations=mutations[:carried], files=files)
    write(path, KIND_REQUEST, body, account.signing_key(database))
    if carried < len(waiting):
        report.messages.append(
            f"Tệp mang {carried} trong {len(waiting)} thay đổi đang chờ (mỗi tệp có giới hạn): sau khi nhập tệp"
            " trả lời, hãy ghi tệp mới để gửi phần còn lại"
        )
    return carried


def _transaction_start(mutations: list[dict[str, Any]], index: int) -> int:
    """Where the local transaction of ``mutations[index]`` starts (the server takes one whole or not at all)."""
    txn = mutations[index]["txn"]
    while txn and index > 0 and mutations[index - 1]["txn"] == txn:
        index -= 1
    return index


def _within_cap(mutations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The first MAX_MUTATIONS of ``mutations`` (in order), without cutting a local transaction in two."""
    if len(mutations) <= MAX_MUTATIONS:
        return mutations
    cut = _transaction_start(mutations, MAX_MUTATIONS)
    if cut == 0:  # one transaction larger than the cap goes whole, as over the network
        txn = mutations[0]["txn"]
        cut = next((i for i, m in enumerate(mutations) if m["txn"] != txn), len(mutations))
    return mutations[:cut]


def _waiting_attachments(database: Database) -> dict[str, tuple[str, int, str, str]]:
    """Record id -> (sha256, size, file name, province) of the attachments whose record waits to be sent."""
    with database.session() as session:
        waiting = select(OutboxEntry.row_id).where(
            OutboxEntry.acked_at.is_(None), OutboxEntry.table_name == Attachment.__tablename__
        )
        found = session.execute(
            select(
                Attachment.id, Attachment.sha256, Attachment.size, Attachment.file_name, Attachment.province_code
            ).where(Attachment.id.in_(waiting))
        ).all()
    return {str(row_id): (sha, size, name, scope) for row_id, sha, size, name, scope in found if SHA256.fullmatch(sha)}


def _uploads(
    database: Database, mutations: list[dict[str, Any]], budget: int, report: SyncReport
) -> tuple[list[dict[str, Any]], int]:
    """The attachment contents that go with ``mutations``, at most ``budget`` bytes, and how many of the
    mutations go with them: when the next content does not fit, the file ends before its record's local
    transaction, so the record stays waiting and its content is sent with it next time. A content that does
    not fit even at the head of a file never will: its record goes alone (as when the file is missing)."""
    waiting = _waiting_attachments(database)
    files: list[tuple[int, dict[str, Any]]] = []
    taken: set[tuple[str, str]] = set()
    used = 0
    for index, mutation in enumerate(mutations):
        found = waiting.get(mutation["row_id"]) if mutation["table"] == Attachment.__tablename__ else None
        if found is None or (found[0], found[3]) in taken:
            continue
        sha, size, name, scope = found
        taken.add((sha, scope))
        path = blobs.readable_content(database, sha, size, name, report)
        if path is None:
            continue
        if used + size > budget:
            start = _transaction_start(mutations, index)
            if start > 0:
                return [f for at, f in files if at < start], start
            report.messages.append(
                f"Tệp đính kèm “{name}” quá lớn để mang bằng tệp đồng bộ (tối đa {budget // 2**20} MB một lần):"
                " chỉ gửi được thông tin của tệp; hãy đồng bộ qua mạng hoặc gửi tệp cho Trung tâm cách khác"
            )
            continue
        files.append((index, {"sha256": sha, "scope": scope, "data": base64.b64encode(path.read_bytes()).decode()}))
        used += size
    return [f for _, f in files], len(mutations)


class _Replay:
    """A transport that answers from a reply file instead of the network."""

    def __init__(self, body: dict[str, Any]) -> None:
        self.body = body
        self._decoded: tuple[str, bytes] | None = None  # the file being read, decoded once (not once a chunk)

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
        """The answer's bytes of ``sha256``; None when the answer does not carry it (left for a later round,
        or not on the server yet): the PC keeps it listed as missing."""
        if self._decoded is None or self._decoded[0] != sha256:
            encoded = next((f["data"] for f in self.body.get("files", []) if f.get("sha256") == sha256), None)
            if encoded is None:
                return None
            self._decoded = (sha256, base64.b64decode(encoded))
        return self._decoded[1][start : start + limit]


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
    report.blocked = str(body.get("blocked") or "")  # nothing of the push applied: the changes wait, as online
    client.pull(report)
    blobs.download(database, replay, report, client.progress, client.cancelled)
    report.conflicts = len(open_conflict_ids(database) - known)
    return report


def enrol(database: Database, path: Path) -> str:
    """Take this installation's identity from an enrolment file the administrator made (a PC that never goes
    online): its device id, its signing key, its user and the server's key. Returns the user's name.

    Enrolment is trust on first use: the file is signed with the server key it carries, which shows only
    that it was not damaged on the way, not who made it; whoever hands the file over vouches for it. So the
    first server key a PC takes (from this file or a sign-in) is the one it keeps: a file naming another
    server is refused, and a PC enrolled with one server is never silently pointed at another.

    Only for a PC that has not synced yet: its changes then go out under the new identity, numbered from the
    start as the server expects."""
    body, signature = read(path, KIND_ENROLMENT)
    needed = ("device", "key", "user", "server_key")
    if not all(isinstance(body.get(k), str) and body[k] for k in needed):
        raise BundleRefused(f"Tệp {path.name} không phải tệp ghi danh đầy đủ")
    if not signed_by(body, signature, str(body["server_key"])):  # damage on the way, not who made it
        raise BundleRefused(f"Tệp {path.name} đã bị thay đổi: không dùng được")
    held = setting(database, account.SERVER_KEY_SETTING)
    if held and held != body["server_key"]:
        raise BundleRefused(
            f"Tệp {path.name} do một máy chủ khác tạo, không phải máy chủ máy này đã ghi danh: không ghi danh"
            " lại được. Hãy hỏi quản trị máy chủ của Trung tâm (tệp ghi danh phải do chính máy chủ đó tạo)"
        )
    with database.transaction() as session:
        synced = session.scalar(select(func.count()).where(OutboxEntry.acked_at.is_not(None)))
        if synced or session.scalar(select(func.count()).select_from(SyncCursor)):
            raise BundleRefused("Máy này đã đồng bộ với máy chủ: không ghi danh lại được bằng tệp")
        session.merge(AppSetting(key=clock.DEVICE_SETTING, value=str(body["device"])))
    account.keep_signing_key(database, str(body["key"]))
    account.enrolled(
        database,
        str(body["user"]),
        str(body["server_key"]),
        str(body.get("province") or ""),
        str(body.get("role") or ""),
        bool(body.get("staff_record_decisions")),
    )
    return str(body["user"])
