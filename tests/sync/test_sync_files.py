"""Attachment contents travel with their records: chunked, resumable both ways, checked by SHA-256,
served only to those who may read the record."""

from __future__ import annotations

import contextlib
import hashlib
import os
import threading
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError

from desktop.services import workspace
from desktop.store import attachments
from desktop.store.db import Database
from sync import blobs, bundle
from sync.http import HttpTransport, ServerRefused
from sync.protocol import BlobState
from sync.server import blobs as server_blobs
from sync.server import bundles, store
from tests.sync.test_sync_http import _connect, _login, _pc
from tests.sync_fixtures import Installation, new_proposal

CONTENT = os.urandom(70_000)  # a scanned page: random bytes, as incompressible as a JPEG
SHA = hashlib.sha256(CONTENT).hexdigest()


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(blobs, "CHUNK", 16_000)  # five chunks a file: cuts land in the middle


@pytest.fixture
def pcs(pcs: list[Installation], server: Engine, template_db: Path, tmp_path: Path) -> Iterator[list[Installation]]:
    """The two PCs of province 48, and one of province 46."""
    hue = Installation(server, template_db, tmp_path / "c", "may-c", "hoa", "staff", "46")
    yield [*pcs, hue]
    hue.close()


def _attach(database: Database, folder: Path, content: bytes = CONTENT) -> uuid.UUID:
    proposal = new_proposal(database, f"DA-{uuid.uuid4().hex[:6]}")
    source = folder / "Biên bản khảo sát.pdf"
    source.write_bytes(content)
    with database.transaction("lan") as session:
        workspace.attach(session, database.attachments_dir, proposal, source, "bản quét")
    return proposal


def _files(database: Database, proposal: uuid.UUID) -> list[workspace.AttachedFile]:
    with database.session() as session:
        return workspace.load(session, proposal, database.attachments_dir, date.today()).attachments


class _Cut:
    """A link that carries ``calls`` blob requests of the given kind, then fails."""

    def __init__(self, pc: Installation, kind: str, calls: int) -> None:
        self.pc, self.kind, self.calls = pc, kind, calls
        self.carried = 0

    def __getattr__(self, name: str) -> object:
        return getattr(self.pc.transport, name)

    def _count(self, data: int) -> None:
        if self.calls == 0:
            raise ConnectionError("mất sóng")
        self.calls -= 1
        self.carried += data

    def blob_put(self, sha256: str, size: int, start: int, data: bytes, scope: str) -> BlobState:
        if self.kind == "put":
            self._count(len(data))
        return self.pc.transport.blob_put(sha256, size, start, data, scope)

    def blob_get(self, sha256: str, start: int, limit: int, scope: str) -> bytes | None:
        got = self.pc.transport.blob_get(sha256, start, limit, scope)
        if self.kind == "get":
            self._count(len(got or b""))
        return got


def test_an_attached_file_reaches_the_other_pc_whole(pcs: list[Installation], tmp_path: Path) -> None:
    a, b, _ = pcs
    proposal = _attach(a.database, tmp_path)
    sent = a.client.sync()
    assert sent.files_sent == 1
    received = b.client.sync()
    assert received.files_received == 1
    [file] = _files(b.database, proposal)
    assert file.present and file.file_name == "Biên bản khảo sát.pdf"
    assert attachments.stored_path(b.database.attachments_dir, SHA).read_bytes() == CONTENT
    assert b.client.sync().files_received == 0  # already there: nothing fetched again


def test_a_cut_upload_resumes_without_sending_twice(pcs: list[Installation], tmp_path: Path) -> None:
    a, b, _ = pcs
    _attach(a.database, tmp_path)
    waiting = a.client.waiting()
    cut = _Cut(a, "put", 2)
    a.client.transport = cut  # type: ignore[assignment]
    with pytest.raises(ConnectionError):
        a.client.sync()
    assert a.client.waiting() == waiting  # the records wait until the content is on the server
    assert server_blobs.state(a.transport.engine, a.caller, SHA).received == 2 * 16_000
    cut.calls = 100
    a.client.sync()
    assert cut.carried == len(CONTENT)  # every byte crossed the link once
    assert a.client.waiting() == 0
    assert b.client.sync().files_received == 1


def test_a_cut_download_resumes_from_the_partial_file(pcs: list[Installation], tmp_path: Path) -> None:
    a, b, _ = pcs
    proposal = _attach(a.database, tmp_path)
    a.client.sync()
    cut = _Cut(b, "get", 3)
    b.client.transport = cut  # type: ignore[assignment]
    with pytest.raises(ConnectionError):
        b.client.sync()
    [file] = _files(b.database, proposal)
    assert not file.present and not file.stored  # half a file is never shown as the file
    cut.calls = 100
    b.client.sync()
    assert cut.carried == len(CONTENT)
    assert attachments.stored_path(b.database.attachments_dir, SHA).read_bytes() == CONTENT


def test_the_server_keeps_only_bytes_that_match_their_hash(server: Engine, pcs: list[Installation]) -> None:
    a = pcs[0]
    forged = b"x" * len(CONTENT)
    server_blobs.put(server, a.caller, SHA, len(CONTENT), 0, forged[:40_000])
    with pytest.raises(store.SyncRefused, match="không khớp mã SHA-256"):
        server_blobs.put(server, a.caller, SHA, len(CONTENT), 40_000, forged[40_000:])
    assert server_blobs.state(server, a.caller, SHA) == BlobState(SHA, 0, 0, False)  # thrown away whole
    with pytest.raises(store.SyncRefused, match="kích thước"):
        server_blobs.put(server, a.caller, SHA, 10, 0, CONTENT)


def test_a_file_is_served_only_to_those_who_may_read_its_record(pcs: list[Installation], tmp_path: Path) -> None:
    a, b, c = pcs
    _attach(a.database, tmp_path)
    with pytest.raises(store.Forbidden):
        b.transport.blob_get(SHA, 0, 10, "48")  # no record lists this content yet: a hash alone opens nothing
    a.client.sync()
    assert b.transport.blob_get(SHA, 0, 10, "48") == CONTENT[:10]
    with pytest.raises(store.Forbidden):
        c.transport.blob_get(SHA, 0, 10, "48")  # another province
    assert c.client.sync().files_received == 0


def test_a_record_whose_upload_is_unfinished_waits_on_the_other_pc(
    server: Engine, pcs: list[Installation], tmp_path: Path
) -> None:
    a, b, _ = pcs
    proposal = _attach(a.database, tmp_path)
    stored = attachments.stored_path(a.database.attachments_dir, SHA)
    stored.write_bytes(b"hong" + CONTENT[4:])  # the copy on this PC was damaged after it was attached
    report = a.client.sync()
    assert report.files_sent == 0 and a.client.waiting() == 0  # the record still goes: nothing is held back
    assert any("đã bị thay đổi" in m for m in report.messages)
    later = b.client.sync()
    assert later.files_waiting == 1 and later.files_received == 0  # nothing complete on the server
    [file] = _files(b.database, proposal)
    assert not file.present


def test_files_travel_by_bundle_too(server: Engine, pcs: list[Installation], tmp_path: Path) -> None:
    a, b, _ = pcs
    proposal = _attach(a.database, tmp_path)
    request, reply = tmp_path / "gui.kcsync", tmp_path / "nhan.kcsync"
    bundle.export(a.database, request, a.device_id)
    bundles.answer(server, request, reply)
    bundle.apply_answer(a.database, reply, a.device_id)
    assert server_blobs.state(server, a.caller, SHA).complete
    request_b, reply_b = tmp_path / "gui-b.kcsync", tmp_path / "nhan-b.kcsync"
    bundle.export(b.database, request_b, b.device_id)
    bundles.answer(server, request_b, reply_b)
    report = bundle.apply_answer(b.database, reply_b, b.device_id)
    assert report.files_received == 1
    [file] = _files(b.database, proposal)
    assert file.present


def test_files_over_http(app_client: httpx.Client, template_db: Path, tmp_path: Path) -> None:
    first, second = _pc(template_db, tmp_path / "a", "a"), _pc(template_db, tmp_path / "b", "b")
    try:
        proposal = _attach(first, tmp_path)
        sender = _connect(first, app_client, "lan")
        assert sender.client().sync().files_sent == 1
        assert sender.transport.bytes_sent > len(CONTENT)
        receiver = _connect(second, app_client, "minh")
        assert receiver.client().sync().files_received == 1
        [file] = _files(second, proposal)
        assert file.present
        hue = _login(app_client, "hoa")
        assert app_client.get(f"/api/v1/blobs/{SHA}/content", headers=hue).status_code == 403
        assert app_client.get(f"/api/v1/blobs/{SHA}/content").status_code == 401
        lan = _login(app_client, "lan")
        part = app_client.get(f"/api/v1/blobs/{SHA}/content?start=100&limit=50", headers=lan)
        assert part.status_code == 200 and part.content == CONTENT[100:150]
        assert app_client.put(f"/api/v1/blobs/{SHA}?size=10", content=b"x" * 11, headers=lan).status_code == 400
        assert app_client.put(f"/api/v1/blobs/{'0' * 64}?size=10", headers=lan, content=b"").json()["received"] == 0
        unknown = HttpTransport(str(app_client.base_url), client=app_client, sleep=lambda _s: None)
        unknown.access = lan["Authorization"].split()[1]
        with pytest.raises(ServerRefused, match="không được tải"):
            unknown.blob_get("1" * 64, 0, 10, "48")
    finally:
        first.close()
        second.close()


def test_two_pcs_sending_the_same_new_file_at_once_both_succeed(
    app_client: httpx.Client, server: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two PCs of a centre attach the same scan and sync at the same moment. On PostgreSQL, FOR UPDATE on a
    row not there yet locked nothing: both went on to insert it and one was answered 500. So that they meet
    there every time, not by luck, both wait for each other just before the row is made (not on SQLite: a
    writer takes the database's write lock as it begins, so they take turns before they get there)."""
    sending = [_login(app_client, "lan"), _login(app_client, "minh")]
    if server.dialect.name == "postgresql":
        _meet_when_the_row_is_made(monkeypatch)
    start = threading.Barrier(2, timeout=20)
    answers: list[httpx.Response] = []

    def send(headers: dict[str, str]) -> None:
        with httpx.Client(base_url=app_client.base_url, headers=headers, timeout=60, verify=False) as pc:
            start.wait()
            answers.append(pc.put(f"/api/v1/blobs/{SHA}?size={len(CONTENT)}&start=0", content=CONTENT))

    threads = [threading.Thread(target=send, args=(headers,)) for headers in sending]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert [a.status_code for a in answers] == [200, 200], [a.text for a in answers]
    assert [a.json()["complete"] for a in answers] == [True, True]  # the second found it done
    held = app_client.get(f"/api/v1/blobs/{SHA}", headers=sending[0]).json()
    assert held == {"sha256": SHA, "size": len(CONTENT), "received": len(CONTENT), "complete": True}


def _meet_when_the_row_is_made(monkeypatch: pytest.MonkeyPatch) -> None:
    """The first two requests to make a file's row wait for each other there (the time it is made with is
    the last thing taken before the row is written)."""
    meeting, lock, calls = threading.Barrier(2, timeout=20), threading.Lock(), [0]
    made = store.now

    def together() -> Any:
        with lock:
            calls[0] += 1
            waits = calls[0] <= 2
        if waits:
            with contextlib.suppress(threading.BrokenBarrierError):
                meeting.wait()
        return made()

    monkeypatch.setattr(store, "now", together)


def test_a_write_the_database_refuses_is_answered_busy_not_a_server_error(
    app_client: httpx.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever a race still leaves to the database's keys: the PC is told to try again (503, which it does
    by itself), in Vietnamese — never a bare 500."""

    def collide(*_args: object) -> BlobState:
        raise IntegrityError("INSERT INTO sync_file …", {}, Exception("duplicate key"))

    monkeypatch.setattr(server_blobs, "put", collide)
    answer = app_client.put(f"/api/v1/blobs/{SHA}?size=10", content=b"x" * 10, headers=_login(app_client, "lan"))
    assert answer.status_code == 503
    assert answer.headers["Retry-After"] == "5"
    assert answer.json() == {
        "code": "busy",
        "message": "Máy chủ đang xử lý cùng lúc một yêu cầu khác về cùng dữ liệu: hãy thử lại",
    }
