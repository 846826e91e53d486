"""The server's accounts and HTTP edge against a hostile caller: sessions that end when they should,
sign-in attempts that are slowed, bodies refused before they are read, numbers out of range, bundles that
unpack too far."""

from __future__ import annotations

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

from sync import bundle
from sync.server import bundles, cli, users
from sync.server.bodies import MAX_BODY
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
    with serving(server) as url, httpx.Client(base_url=url) as other:  # a second process, same database
        for _ in range(3):
            assert _sign_in(app_client, "lan", "doan-mo-1234").status_code == 401
        for _ in range(2):
            assert _sign_in(other, "lan", "doan-mo-1234").status_code == 401
    _retry_after(_sign_in(app_client, "lan"))


def test_the_login_documents_when_to_try_again(app_client: httpx.Client) -> None:
    refused = app_client.get("/openapi.json").json()["paths"]["/api/v1/auth/token"]["post"]["responses"]["429"]
    assert "Retry-After" in refused["headers"]
    assert refused["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Problem"}


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
