"""The server's accounts and HTTP edge against a hostile caller: sessions that end when they should,
sign-in attempts that are slowed, devices that stay their owner's, bodies refused before they are read,
requests that do not match the OpenAPI, numbers out of range, update files out of their folder, bundles that
unpack too far."""

from __future__ import annotations

import contextlib
import gzip
import re
import tracemalloc
import uuid
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine

from sync import bundle, signing
from sync.server import bundles, cli, users
from sync.server.bodies import MAX_BODY, SMALL_BODY
from tests.sync_fixtures import PASSWORD, serving

MiB = 2**20
NEW_PASSWORD = "mat-khau-moi-hoan-toan"


def _sign_in(client: httpx.Client, user: str, password: str = PASSWORD) -> httpx.Response:
    body = {"username": user, "password": password, "device_id": str(uuid.uuid4()), "device_name": "thử"}
    return client.post("/api/v1/auth/token", json=body)


def _tokens(client: httpx.Client, user: str) -> tuple[dict[str, str], str]:
    answer = _sign_in(client, user)
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}, str(answer.json()["refresh_token"])


def _command_url(server: Engine) -> str:
    """The address the ``khuyencong-server`` command is given for the test's server database."""
    return server.url.render_as_string(hide_password=False)


# --- 1. a password change or a disabled account ends every session ---------------------------------------
@pytest.mark.parametrize("command", ["passwd", "disable"])
def test_a_new_password_or_a_disabled_account_ends_every_session(
    command: str, app_client: httpx.Client, server: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Someone saw the password, or left: ``user passwd`` / ``user disable`` must log out every PC now, not
    when the tokens expire (the refresh token lives a month)."""
    headers, refresh = _tokens(app_client, "lan")
    other_pc, _ = _tokens(app_client, "lan")
    colleague, _ = _tokens(app_client, "minh")
    monkeypatch.setenv("KHUYENCONG_PASSWORD", NEW_PASSWORD)
    assert cli.main(["--database-url", _command_url(server), "user", command, "lan"]) == 0
    for old in (headers, other_pc):
        assert app_client.get("/api/v1/sync/pull?scope=48", headers=old).status_code == 401
    assert app_client.post("/api/v1/auth/refresh", json={"refresh_token": refresh}).status_code == 401
    assert app_client.get("/api/v1/sync/pull?scope=48", headers=colleague).status_code == 200  # only lan's
    if command == "passwd":
        assert _sign_in(app_client, "lan").status_code == 401
        assert _sign_in(app_client, "lan", NEW_PASSWORD).status_code == 200
    else:
        assert _sign_in(app_client, "lan").status_code == 401


# --- 2. sign-in attempts are slowed per user name and per address -------------------------------------
def _retry_after(answer: httpx.Response) -> int:
    assert answer.status_code == 429, answer.text
    assert answer.json()["code"] == "throttled"
    assert "thử lại sau" in answer.json()["message"]
    return int(answer.headers["Retry-After"])


class _Clock:
    """The server's clock, moved forward by the test instead of waiting minutes."""

    def __init__(self) -> None:
        self.at = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.at

    def wait(self, seconds: float) -> None:
        self.at += timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> _Clock:
    moved = _Clock()
    monkeypatch.setattr(users, "now", moved)
    return moved


def test_wrong_passwords_in_a_row_lock_the_name_for_longer_and_longer(app_client: httpx.Client, clock: _Clock) -> None:
    for _ in range(5):
        assert _sign_in(app_client, "lan", "doan-mo-1234").status_code == 401
    locked = _sign_in(app_client, "lan")  # even the right password: it is not even checked
    first = _retry_after(locked)
    assert 0 < first <= 60
    assert "Sai tên đăng nhập hoặc mật khẩu" not in locked.json()["message"]
    waits = [first]
    for _ in range(8):
        clock.wait(waits[-1] + 1)
        assert _sign_in(app_client, "lan", "doan-mo-1234").status_code == 401
        waits.append(_retry_after(_sign_in(app_client, "lan")))
    assert waits == sorted(waits) and waits[1] >= 2 * first - 1  # grows
    assert waits[-1] == waits[-2] and 10 * 60 <= waits[-1] <= 15 * 60  # up to a cap
    assert _sign_in(app_client, "minh").status_code == 200  # the colleague at the same address signs in


def test_a_success_starts_the_count_again(app_client: httpx.Client, clock: _Clock) -> None:
    for _ in range(4):
        assert _sign_in(app_client, "lan", "go-nham-1234").status_code == 401
    assert _sign_in(app_client, "lan").status_code == 200
    for _ in range(4):
        assert _sign_in(app_client, "lan", "go-nham-1234").status_code == 401
    assert _sign_in(app_client, "lan").status_code == 200
    for _ in range(5):
        assert _sign_in(app_client, "lan", "go-nham-1234").status_code == 401
    clock.wait(_retry_after(_sign_in(app_client, "lan")) + 1)  # the lock ends: the right password works
    assert _sign_in(app_client, "lan").status_code == 200


def test_the_refusal_does_not_tell_whether_the_name_exists(app_client: httpx.Client, clock: _Clock) -> None:
    answers = {}
    for name in ("lan", "khong-co-ai"):
        for _ in range(5):
            assert _sign_in(app_client, name, "doan-mo-1234").json()["message"] == "Sai tên đăng nhập hoặc mật khẩu"
        answers[name] = _sign_in(app_client, name, "doan-mo-1234")
    known, unknown = answers["lan"], answers["khong-co-ai"]
    assert abs(_retry_after(known) - _retry_after(unknown)) <= 1
    assert re.sub(r"\d+", "N", known.json()["message"]) == re.sub(r"\d+", "N", unknown.json()["message"])


def test_one_address_trying_many_names_is_slowed(app_client: httpx.Client, clock: _Clock) -> None:
    for number in range(20):  # a few guesses at each of many names: under each name's own limit
        assert _sign_in(app_client, f"nguoi-{number // 2}", "mat-khau-pho-bien").status_code == 401
    _retry_after(_sign_in(app_client, "lan"))  # from that address, even a real user waits
    clock.wait(15 * 60 + 1)
    assert _sign_in(app_client, "lan").status_code == 200


def test_failures_count_in_every_server_process(app_client: httpx.Client, server: Engine) -> None:
    """Several processes serve one database: a guesser spread over them meets the same count."""
    with serving(server) as url, httpx.Client(base_url=url, verify=False) as other:  # a second process, same database
        for _ in range(3):
            assert _sign_in(app_client, "lan", "doan-mo-1234").status_code == 401
        for _ in range(2):
            assert _sign_in(other, "lan", "doan-mo-1234").status_code == 401
    _retry_after(_sign_in(app_client, "lan"))


def test_the_login_documents_when_to_try_again(app_client: httpx.Client) -> None:
    refused = app_client.get("/openapi.json").json()["paths"]["/api/v1/auth/token"]["post"]["responses"]["429"]
    assert "Retry-After" in refused["headers"]
    assert refused["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Problem"}


# --- 2b. a device stays its owner's --------------------------------------------------------------------
def _sign_in_on(client: httpx.Client, user: str, device: str, key: str) -> httpx.Response:
    body = {"username": user, "password": PASSWORD, "device_id": device, "device_name": "máy", "device_key": key}
    return client.post("/api/v1/auth/token", json=body)


def _owner(server: Engine, device: str) -> tuple[int, str | None] | None:
    with server.connect() as connection:
        return users.device_key(connection, device)


def test_a_sign_in_does_not_take_another_users_device(app_client: httpx.Client, server: Engine) -> None:
    """A device id is no secret (it ends every clock value the province is served): a password of one's own
    must not make someone else's PC one's own — its key, its sessions."""
    device, lan_key = str(uuid.uuid4()), signing.public_key(signing.new_key())
    answer = _sign_in_on(app_client, "lan", device, lan_key)
    assert answer.status_code == 200, answer.text
    lan = {"Authorization": f"Bearer {answer.json()['access_token']}"}
    owned = _owner(server, device)
    with server.begin() as connection:
        users.add(connection, "giam-doc-hue", users.hash_password(PASSWORD), "director", "46")
    for intruder in ("minh", "hoa", "giam-doc-hue", "bo"):  # a colleague; another province, its director; the ministry
        refused = _sign_in_on(app_client, intruder, device, signing.public_key(signing.new_key()))
        assert refused.status_code == 403, (intruder, refused.text)
        assert refused.json()["message"].startswith("Máy này đã được ghi danh cho người dùng khác")
    assert _owner(server, device) == owned  # the same user, the same key
    assert app_client.get("/api/v1/sync/pull?scope=48", headers=lan).status_code == 200  # still signed in
    again = _sign_in_on(app_client, "lan", device, lan_key)
    assert again.status_code == 200, again.text  # the owner, on their own PC


@pytest.mark.parametrize(("taker", "role"), [("giam-doc", "director"), ("quan-tri", "admin")])
def test_the_director_of_the_province_takes_a_staff_pc_over(
    app_client: httpx.Client, server: Engine, taker: str, role: str
) -> None:
    """The real case: the director (or an administrator of the province) signs in on a staff member's PC to
    bring the centre's records in; then the staff member signs in again on their own PC."""
    with server.begin() as connection:
        if users.find(connection, taker) is None:
            users.add(connection, taker, users.hash_password(PASSWORD), role, "48")
    device = str(uuid.uuid4())
    answer = _sign_in_on(app_client, "lan", device, signing.public_key(signing.new_key()))
    assert answer.status_code == 200, answer.text
    lan = {"Authorization": f"Bearer {answer.json()['access_token']}"}
    taker_key = signing.public_key(signing.new_key())
    taken = _sign_in_on(app_client, taker, device, taker_key)
    assert taken.status_code == 200, taken.text
    with server.connect() as connection:
        assert _owner(server, device) == (users.find(connection, taker), taker_key)
    assert app_client.get("/api/v1/sync/pull?scope=48", headers=lan).status_code == 401  # lan's session ended
    mine = signing.public_key(signing.new_key())
    back = _sign_in_on(app_client, "lan", device, mine)  # and, the records brought in, lan takes her PC back
    assert back.status_code == 200, back.text
    with server.connect() as connection:
        assert _owner(server, device) == (users.find(connection, "lan"), mine)


# --- 3. bodies are refused before they are read ----------------------------------------------------------
class _Body:
    """A request body made as it is sent, counting how much of it the server took."""

    def __init__(self, size: int, start: bytes = b"", filler: bytes = b" ") -> None:
        self.size, self.start, self.sent = size, start, 0
        self.piece = filler * (64 * 1024)

    def __iter__(self) -> Iterator[bytes]:
        if self.start:
            self.sent += len(self.start)
            yield self.start
        while self.sent < self.size:
            piece = self.piece[: self.size - self.sent]
            self.sent += len(piece)
            yield piece


def _send(client: httpx.Client, method: str, path: str, body: _Body, headers: dict[str, str]) -> httpx.Response:
    return client.request(method, path, content=body, headers={"Content-Type": "application/json", **headers})


UNREAD = 32 * MiB
"""More than the operating system's socket buffers hold between the two ends; far less than the bodies."""


@pytest.mark.parametrize(
    ("method", "path"), [("POST", "/api/v1/sync/push"), ("PUT", f"/api/v1/blobs/{'ab' * 32}?size=100&start=0")]
)
@pytest.mark.parametrize("token", ["", "Bearer sai-ma-dang-nhap"])
def test_without_a_valid_token_the_body_is_not_read(
    app_client: httpx.Client, method: str, path: str, token: str
) -> None:
    headers = {"Authorization": token} if token else {}
    streamed = _Body(150 * MiB)  # sent in chunks, no length: the server cannot tell its size at the start
    assert _send(app_client, method, path, streamed, headers).status_code == 401
    assert streamed.sent < UNREAD
    declared = _Body(MAX_BODY - 1)
    length = {"Content-Length": str(MAX_BODY - 1)}
    assert _send(app_client, method, path, declared, {**headers, **length}).status_code == 401
    assert declared.sent < UNREAD
    assert app_client.get("/api/v1/health").status_code == 200  # the server is still there for others


def test_a_declared_length_over_the_limit_is_refused_before_the_body_is_read(app_client: httpx.Client) -> None:
    headers, _ = _tokens(app_client, "lan")
    for path, sent_with in (("/api/v1/auth/token", {}), ("/api/v1/sync/push", headers)):
        body = _Body(150 * MiB)
        answer = _send(app_client, "POST", path, body, {**sent_with, "Content-Length": str(150 * MiB)})
        assert answer.status_code == 413
        assert "quá lớn" in answer.json()["message"]
        assert body.sent < UNREAD


def test_a_body_without_a_length_is_cut_at_the_limit(app_client: httpx.Client) -> None:
    headers, _ = _tokens(app_client, "lan")
    body = _Body(150 * MiB, start=b'{"mutations": [')
    answer = _send(app_client, "POST", "/api/v1/sync/push", body, headers)
    assert answer.status_code == 413
    assert "quá lớn" in answer.json()["message"]
    assert body.sent < MAX_BODY + UNREAD


def test_a_compressed_body_is_unpacked_as_it_arrives_and_stops_at_the_limit(app_client: httpx.Client) -> None:
    headers, _ = _tokens(app_client, "lan")
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    bomb = packer.compress(b'{"mutations": [' + b" " * (MAX_BODY + MiB)) + packer.flush(zlib.Z_SYNC_FLUSH)
    assert len(bomb) < MiB  # a small upload that unpacks past the limit, then 150 MB more of it
    body = _Body(150 * MiB, start=bomb, filler=b"\x00")
    answer = _send(app_client, "POST", "/api/v1/sync/push", body, {**headers, "Content-Encoding": "gzip"})
    assert answer.status_code == 413
    assert "quá lớn" in answer.json()["message"]
    assert body.sent < UNREAD


@pytest.mark.parametrize("path", ["/api/v1/auth/token", "/api/v1/auth/refresh"])
def test_before_signing_in_a_body_is_held_to_a_few_kilobytes(app_client: httpx.Client, path: str) -> None:
    """Anyone on the network may call these: they must not make the server take in the 64 MB of a push."""
    declared = _Body(SMALL_BODY + 1)
    answer = _send(app_client, "POST", path, declared, {"Content-Length": str(SMALL_BODY + 1)})
    assert answer.status_code == 413
    assert answer.json()["message"] == "Dữ liệu gửi lên quá lớn (quá 16 KB): hãy gửi từng phần nhỏ hơn"
    streamed = _Body(48 * MiB, start=b'{"username": "')  # no length, under the server-wide limit
    assert _send(app_client, "POST", path, streamed, {}).status_code == 413
    assert streamed.sent < UNREAD
    bomb = gzip.compress(b'{"refresh_token": "' + b"a" * MiB + b'"}')
    packed = app_client.post(
        path, content=bomb, headers={"Content-Type": "application/json", "Content-Encoding": "gzip"}
    )
    assert packed.status_code == 413 and "quá lớn" in packed.json()["message"]
    assert _sign_in(app_client, "lan").status_code == 200  # a real sign-in is a few hundred bytes


# --- 4. numbers out of range are a refusal, never a server error ----------------------------------------
def test_numbers_out_of_range_are_refused_not_a_server_error(app_client: httpx.Client) -> None:
    headers, _ = _tokens(app_client, "lan")
    spec = app_client.get("/openapi.json").json()["paths"]
    huge = 2**63
    blob = "ab" * 32
    asked: list[tuple[str, str, dict[str, str | int]]] = [
        ("get", "/api/v1/sync/pull", {"scope": "48", "after": huge}),
        ("get", "/api/v1/sync/snapshot", {"scope": "48", "after": huge}),
        ("get", "/api/v1/blobs/{sha256}/content", {"start": huge}),
        ("put", "/api/v1/blobs/{sha256}", {"size": 10, "start": huge}),
    ]
    for method, path, params in asked:
        content = b"x" * 10 if method == "put" else None
        answer = app_client.request(
            method, path.replace("{sha256}", blob), params=params, headers=headers, content=content
        )
        assert answer.status_code in (400, 422), (path, answer.text)
        assert str(answer.status_code) in spec[path][method]["responses"]
    mutation: dict[str, Any] = {
        "seq": huge,
        "table": "facility",
        "row_id": str(uuid.uuid4()),
        "province_code": "48",
        "action": "update",
        "fields": {"note": ["", "x"]},
        "hlc": "000000000000001-00000-x",
        "actor": "lan",
        "at": "2026-11-22T00:00:00+00:00",
    }
    answer = app_client.post("/api/v1/sync/push", json={"mutations": [mutation]}, headers=headers)
    assert answer.status_code in (400, 422)
    protocol = {**headers, "X-Khuyencong-Protocol": str(huge)}
    assert app_client.get("/api/v1/sync/verify?scope=48", headers=protocol).status_code in (400, 422)


def test_a_request_that_does_not_match_the_openapi_is_told_why_in_vietnamese(app_client: httpx.Client) -> None:
    """422 keeps the shape FastAPI documents (``detail``: loc, msg, type), says in Vietnamese which field is
    wrong and how, gives the PCs a ``message`` to show, and does not echo what was sent (a password)."""
    secret = "mat-khau-rat-dai-" * 20
    body = {"username": "lan", "password": secret, "device_id": str(uuid.uuid4())}
    answer = app_client.post("/api/v1/auth/token", json=body)
    assert answer.status_code == 422
    assert secret not in answer.text
    refusal = answer.json()
    assert refusal["code"] == "refused"
    assert refusal["message"] == "Dữ liệu gửi lên không hợp lệ: password — dài quá: nhiều nhất 200 ký tự"
    assert refusal["detail"] == [
        {"loc": ["body", "password"], "msg": "password — dài quá: nhiều nhất 200 ký tự", "type": "string_too_long"}
    ]
    broken = app_client.post(
        "/api/v1/auth/token", content=b'{"username": ', headers={"Content-Type": "application/json"}
    )
    assert broken.status_code == 422
    assert broken.json()["message"] == "Dữ liệu gửi lên không hợp lệ: nội dung — không phải JSON hợp lệ"


# --- 4b. update files are served by their plain names, from their folder only --------------------------
@contextlib.contextmanager
def _serving_updates(server: Engine, repository: Path) -> Iterator[httpx.Client]:
    """A server process that hands out the program updates of ``repository``, and a client of it."""
    with serving(server, repository) as url, httpx.Client(base_url=url, verify=False) as client:
        yield client


def test_update_files_are_served_by_plain_names_from_their_folder_only(server: Engine, tmp_path: Path) -> None:
    """On a Windows server ``metadata/D:x`` leaves the folder and ``root.json:x`` is a hidden stream; a link
    may lead anywhere. Each hostile name here is a real file (or link) on this disk: only the names of a
    repository are served."""
    repository, outside = tmp_path / "kho-cap-nhat", tmp_path / "server.sqlite3"
    for folder in ("metadata", "targets"):
        (repository / folder).mkdir(parents=True)
    outside.write_bytes(b"bi mat")
    (repository / "metadata" / "1.root.json").write_text("{}")
    (repository / "targets" / "KhuyenCong-1.4.0.tar.gz").write_bytes(b"goi")
    for hostile in ("D:x", "root.json:Zone.Identifier", "a b.json", ".tufup-repo-config"):
        (repository / "metadata" / hostile).write_text("{}")
    (repository / "targets" / "ngoai.tar.gz").symlink_to(outside)
    with _serving_updates(server, repository) as client:
        assert client.get("/api/v1/updates/metadata/1.root.json").status_code == 200
        assert client.get("/api/v1/updates/targets/KhuyenCong-1.4.0.tar.gz").content == b"goi"
        for name in (
            "metadata/D:x",
            "metadata/root.json:Zone.Identifier",
            "metadata/a%20b.json",
            "metadata/.tufup-repo-config",
            "targets/ngoai.tar.gz",
            "metadata/%2e%2e%2fserver.sqlite3",
            "metadata/..%5cserver.sqlite3",
            "metadata/1.root.json%00",
            "metadata/",
        ):
            answer = client.get(f"/api/v1/updates/{name}")
            assert answer.status_code == 404, name
            assert answer.json()["message"] == "Không có tệp cập nhật này"


# --- 5. a bundle is unpacked within a limit ---------------------------------------------------------------
def test_a_bundle_that_unpacks_too_far_is_refused_while_unpacking(
    server: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """300 KB on a USB stick that unpack to a gigabyte: the command stops at the limit, its memory too."""
    monkeypatch.setattr(bundle, "MAX_BUNDLE", 8 * MiB)  # the same stop as at 256 MB, at a test's scale
    request, reply = tmp_path / "gui.kcsync", tmp_path / "nhan.kcsync"
    with gzip.open(request, "wb") as packing:
        packing.write(b'{"kind": "' + bundle.KIND_REQUEST.encode() + b'", "body": {"device": "')
        for _ in range(64):
            packing.write(b"0" * MiB)
        packing.write(b'"}}')
    assert request.stat().st_size < MiB
    tracemalloc.start()
    try:
        with pytest.raises(bundle.BundleRefused, match="quá lớn"):
            bundles.answer(server, request, reply)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 32 * MiB
    assert not reply.exists()
