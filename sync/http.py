"""The HTTP transport of the sync client, and where its login is kept.

Requests are gzip-compressed, retried with backoff and jitter when the link or the server fails for a
moment, and an expired access token is renewed with the refresh token. The refresh token is kept in the
operating system's credential store (Windows Credential Manager, macOS Keychain, Secret Service) —
never in a plain file; where there is none it is kept in memory for this run only.
"""

from __future__ import annotations

import contextlib
import email.utils
import gzip
import json
import logging
import random
import ssl
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any, ClassVar

import httpx

from sync.protocol import (
    PROTOCOL_HEADER,
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
)

log = logging.getLogger(__name__)
KEYRING_SERVICE = "KhuyenCong"
RETRIES = 5


class SyncFailed(Exception):
    """A sync that could not go on; ``message`` is for the user, in Vietnamese."""

    code = "failed"


class LinkDown(SyncFailed):
    code = "network"


class ServerRefused(SyncFailed):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class PasswordNeeded(ServerRefused):
    """Signing in again needs the password, and none was given (a quiet sync, or the page's field empty)."""

    def __init__(self, message: str) -> None:
        super().__init__("login", message)


class Credentials:
    """The refresh token of one server and installation, in the OS credential store when there is one."""

    _memory: ClassVar[dict[str, str]] = {}  # where there is no credential store: this process only

    def __init__(self, server: str, device_id: str) -> None:
        self.key = f"{server.rstrip('/')}|{device_id}"
        self.persistent = True

    def get(self) -> str | None:
        import keyring
        from keyring.errors import KeyringError

        try:
            return keyring.get_password(KEYRING_SERVICE, self.key) or self._memory.get(self.key)
        except KeyringError:
            self.persistent = False
            return self._memory.get(self.key)

    def set(self, token: str) -> None:
        import keyring
        from keyring.errors import KeyringError

        self._memory[self.key] = token
        try:
            keyring.set_password(KEYRING_SERVICE, self.key, token)
        except KeyringError:
            self.persistent = False  # this run only: the user will be asked again next time

    def forget(self) -> None:
        import keyring
        from keyring.errors import KeyringError

        self._memory.pop(self.key, None)
        with contextlib.suppress(KeyringError):
            keyring.delete_password(KEYRING_SERVICE, self.key)


KEPT = "Các thay đổi vẫn được giữ trên máy này và sẽ được gửi ở lần đồng bộ sau."


def unreachable(base_url: str, error: httpx.TransportError) -> str:
    """Why the server at ``base_url`` could not be reached, as a user can act on it (the system's own words,
    "[Errno 111] Connection refused", go to the log)."""
    text = str(error).lower()
    if isinstance(error, httpx.TimeoutException):
        why = "máy chủ không trả lời kịp (mạng chậm hoặc chập chờn)"
    elif "name or service" in text or "getaddrinfo" in text or "nodename" in text or "no address" in text:
        why = "không tìm thấy địa chỉ này (kiểm tra lại địa chỉ máy chủ, hoặc máy chưa có mạng)"
    elif "refused" in text:
        why = "máy chủ không nhận kết nối (máy chủ đang tắt, hoặc sai địa chỉ/cổng)"
    elif "ssl" in text or "certificate" in text:
        why = "không kiểm tra được chứng chỉ bảo mật của máy chủ (kiểm tra ngày giờ của máy, hoặc báo quản trị máy chủ)"
    else:
        why = "máy này chưa có mạng, hoặc máy chủ không trả lời"
    return f"Không kết nối được máy chủ {base_url}: {why}. {KEPT}"


def refusal(status: int) -> str:
    """What an answer with HTTP ``status`` and no message of ours means for the user."""
    if status in (401, 403):
        return "Máy chủ không chấp nhận phiên đăng nhập này: hãy nhập mật khẩu rồi đồng bộ lại."
    if status == 404:
        return "Địa chỉ này không phải máy chủ đồng bộ Khuyến công (hoặc máy chủ cần cập nhật): kiểm tra lại địa chỉ."
    if status in (413, 414):
        return "Máy chủ từ chối vì dữ liệu gửi lên quá lớn: báo quản trị máy chủ."
    if status < 500:
        return (
            f"Máy chủ không nhận yêu cầu của máy này (mã {status}): hãy cập nhật phần mềm, hoặc báo quản trị máy"
            f" chủ. {KEPT}"
        )
    return f"Máy chủ gặp lỗi (mã {status}): hãy thử lại sau, hoặc báo quản trị máy chủ. {KEPT}"


@cache
def tls() -> ssl.SSLContext:
    """The certificate authorities httpx trusts, read once per process: reading them takes 25 ms (more on an
    old PC), and a client is made for every sync and for every file of an update check."""
    return httpx.create_ssl_context()


class HttpTransport:
    """Talks to the server at ``base_url``; ``client`` may be given (tests pass one bound to the app)."""

    def __init__(
        self,
        base_url: str,
        client: httpx.Client | None = None,
        sleep: Callable[[float], None] = time.sleep,
        timeout: float = 60.0,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._owned = client is None
        self.client = client or httpx.Client(timeout=timeout, headers={"Accept-Encoding": "gzip"}, verify=tls())
        self.sleep = sleep
        self.access = ""
        self.refresh_token = ""
        self.session: dict[str, Any] = {}
        self.bytes_sent = 0
        self.bytes_received = 0
        self.device_key = ""
        """This PC's public signing key, sent when tokens are renewed (the server keeps it if it has none)."""
        self.clock_offset: timedelta | None = None
        """The server's clock minus this PC's, from the last answer's Date header (to the second)."""

    def close(self) -> None:
        """Close the connections this transport opened (not a client it was given)."""
        if self._owned:
            self.client.close()

    # --- login ---------------------------------------------------------------------------------------
    def login(
        self, username: str, password: str, device_id: str, device_name: str, device_key: str | None = None
    ) -> dict[str, Any]:
        """Sign in; ``device_key``: the public key this PC signs its sync files with (registered with it)."""
        body = {"username": username, "password": password, "device_id": device_id, "device_name": device_name}
        if device_key:
            body["device_key"] = device_key
        return self._keep(self._send("POST", "/api/v1/auth/token", body, authorised=False))

    def renew(self, refresh_token: str) -> dict[str, Any]:
        body = {"refresh_token": refresh_token}
        if self.device_key:
            body["device_key"] = self.device_key
        return self._keep(self._send("POST", "/api/v1/auth/refresh", body, authorised=False))

    def _keep(self, session: dict[str, Any]) -> dict[str, Any]:
        self.session = session
        self.access, self.refresh_token = session["access_token"], session["refresh_token"]
        return session

    # --- the transport ---------------------------------------------------------------------------------
    def push(self, mutations: list[Mutation], seen: dict[str, int] | None = None) -> PushReply:
        body = {"mutations": [m.__dict__ for m in mutations], "seen": seen or {}}
        answer = self._send("POST", "/api/v1/sync/push", body)
        return PushReply([Outcome(**o) for o in answer["outcomes"]], answer.get("resume_from"), answer.get("epoch", ""))

    def pull(self, scope: str, after: int, limit: int) -> PullReply:
        answer = self._send("GET", "/api/v1/sync/pull", params={"scope": scope, "after": after, "limit": limit})
        changes = [Change(**c) for c in answer["changes"]]
        return PullReply(changes, answer["cursor"], answer["more"], answer.get("epoch", ""))

    def snapshot(self, scope: str, after: int, limit: int) -> SnapshotPage:
        answer = self._send("GET", "/api/v1/sync/snapshot", params={"scope": scope, "after": after, "limit": limit})
        summary = ScopeSummary(**answer["summary"]) if answer.get("summary") else None
        rows = [Change(**c) for c in answer["rows"]]
        return SnapshotPage(rows, answer["cursor"], answer["more"], answer.get("epoch", ""), summary)

    def summary(self, scope: str) -> ScopeSummary:
        return ScopeSummary(**self._send("GET", "/api/v1/sync/verify", params={"scope": scope}))

    def digests(self, scope: str, table: str, suffix: str) -> Digests:
        params = {"scope": scope, "table": table, "suffix": suffix}
        return Digests(**self._send("GET", "/api/v1/sync/digests", params=params))

    def fetch(self, scope: str, table: str, ids: list[str]) -> list[Change]:
        answer = self._send("POST", "/api/v1/sync/rows", {"scope": scope, "table": table, "ids": ids})
        return [Change(**c) for c in answer["rows"]]

    def blob_state(self, sha256: str, scope: str) -> BlobState:
        return BlobState(**self._send("GET", f"/api/v1/blobs/{sha256}", params={"scope": scope}))

    def blob_put(self, sha256: str, size: int, start: int, data: bytes, scope: str) -> BlobState:
        params = {"size": size, "start": start, "scope": scope}
        return BlobState(**self._send("PUT", f"/api/v1/blobs/{sha256}", params=params, raw=data))

    def blob_get(self, sha256: str, start: int, limit: int, scope: str) -> bytes | None:
        params = {"start": start, "limit": limit, "scope": scope}
        try:
            return bytes(self._send("GET", f"/api/v1/blobs/{sha256}/content", params=params, binary=True))
        except ServerRefused as refused:
            if refused.code == "not_yet":  # another PC has not finished sending it: next time
                return None
            raise

    def health(self) -> dict[str, Any]:
        return dict(self._send("GET", "/api/v1/health", authorised=False))

    # --- one request, retried ----------------------------------------------------------------------------
    def _send(
        self,
        method: str,
        path: str,
        body: dict[str, Any] | None = None,
        params: dict[str, Any] | None = None,
        authorised: bool = True,
        raw: bytes | None = None,
        binary: bool = False,
    ) -> Any:
        """Send one request, retried; the answer's JSON (its bytes when ``binary``). ``raw``: a body sent
        as it is (attachment contents, already compressed as a rule)."""
        renewed = False
        for attempt in range(RETRIES):
            headers = {PROTOCOL_HEADER: str(PROTOCOL_VERSION), "Accept-Encoding": "gzip"}
            if authorised:
                headers["Authorization"] = f"Bearer {self.access}"
            content = None
            if body is not None:
                content = gzip.compress(json.dumps(body, ensure_ascii=False).encode(), compresslevel=6)
                headers.update({"Content-Type": "application/json", "Content-Encoding": "gzip"})
                self.bytes_sent += len(content)
            if raw is not None:
                content = raw
                headers["Content-Type"] = "application/octet-stream"
                self.bytes_sent += len(content)
            try:
                response = self.client.request(
                    method, self.base_url + path, content=content, params=params, headers=headers
                )
            except httpx.TransportError as error:
                if attempt == RETRIES - 1:
                    log.info("Không kết nối được %s: %r", self.base_url, error)
                    raise LinkDown(unreachable(self.base_url, error)) from error
                self._wait(attempt)
                continue
            self.bytes_received += response.num_bytes_downloaded  # on the wire, compressed
            self._read_clock(response)
            if response.status_code == 401 and authorised and not renewed and self.refresh_token:
                renewed = True
                self.renew(self.refresh_token)
                continue
            if response.status_code in (502, 503, 504):
                if attempt == RETRIES - 1:
                    raise LinkDown("Máy chủ đang bận, hãy thử lại sau")
                self._wait(attempt, response.headers.get("Retry-After"))
                continue
            if response.status_code >= 400:
                try:
                    problem = response.json()
                except ValueError:
                    problem = {}
                message = problem.get("message") if isinstance(problem, dict) else None
                code = problem.get("code", "refused") if isinstance(problem, dict) else "refused"
                if not message:  # not one of our answers (a proxy, a validation error): its text is for the log
                    log.warning("Máy chủ %s trả lời %s: %s", self.base_url, response.status_code, response.text[:2000])
                raise ServerRefused(str(code), str(message or refusal(response.status_code)))
            return response.content if binary else response.json()
        raise LinkDown("Không kết nối được máy chủ")

    def _read_clock(self, response: httpx.Response) -> None:
        stamp = response.headers.get("date")
        if not stamp:
            return
        try:
            server = email.utils.parsedate_to_datetime(stamp)
        except (TypeError, ValueError):
            return
        self.clock_offset = server - datetime.now(UTC)

    def _wait(self, attempt: int, retry_after: str | None = None) -> None:
        delay = float(retry_after) if retry_after and retry_after.isdigit() else min(30.0, 0.5 * 2**attempt)
        self.sleep(delay * (0.5 + random.random()))  # jitter: 34 provinces must not retry in step
