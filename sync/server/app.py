"""The sync server's HTTP interface (FastAPI): login, push, pull, verify, health. OpenAPI at /docs.

Every request is answered from the database alone, so any number of processes can serve one
PostgreSQL behind a load balancer. Request bodies may be gzip-compressed (``Content-Encoding: gzip``)
and answers are compressed when the client accepts it: a 2G link pays for every byte.
"""

from __future__ import annotations

import zlib
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, Query, Request
from fastapi import Path as PathParam
from fastapi.concurrency import run_in_threadpool
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import FileResponse, JSONResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy import Engine
from sqlalchemy.exc import DataError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from desktop.services import crashpoints
from sync.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION, Mutation, to_json
from sync.server import blobs, store, users

MAX_PULL = 2000
MAX_PUSH = 1000
MAX_BODY = 64 * 2**20  # a request's body once decompressed: a push of MAX_PUSH long records fits
STATUS = {
    "forbidden": 403,
    "not_yet": 404,
    "copied": 409,
    "upgrade": 426,
    "login": 401,
    "throttled": 429,
    "refused": 400,
}


class Problem(BaseModel):
    """Why a request was not served: ``code`` for programs, ``message`` for people (Vietnamese)."""

    code: str
    message: str


def _problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    meaning = {
        400: "dữ liệu gửi lên không đọc được",
        401: "cần đăng nhập, hoặc phiên đăng nhập đã hết hạn",
        403: "tài khoản không được phép",
        404: "máy chủ chưa có (tệp đính kèm chưa được gửi đủ)",
        409: "tệp dữ liệu của máy đã bị sao chép sang máy khác",
        426: "phiên bản phần mềm đã cũ",
        429: "đăng nhập sai nhiều lần liên tiếp (theo tên hoặc theo địa chỉ): thử lại sau Retry-After giây",
        503: "máy chủ đang bận, thử lại sau (Retry-After)",
    }
    documented: dict[int | str, dict[str, Any]] = {}
    for status in statuses:
        documented[status] = {"model": Problem, "description": meaning[status]}
        if status in (429, 503):
            documented[status]["headers"] = {"Retry-After": RETRY_AFTER}
    return documented


RETRY_AFTER = {"description": "số giây cần chờ trước khi thử lại", "schema": {"type": "integer", "minimum": 0}}


SIGNED_IN = _problems(400, 401, 403, 426, 503)
Sha256 = Annotated[str, PathParam(pattern="^[0-9a-f]{64}$", description="mã SHA-256 của nội dung tệp")]
BLOB_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
    }
}


class LoginForm(BaseModel):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=200)
    device_id: str = Field(min_length=8, max_length=36)
    device_name: str = Field(default="", max_length=100)


class RefreshForm(BaseModel):
    refresh_token: str = Field(min_length=10, max_length=200)


class MutationModel(BaseModel):
    seq: int = Field(ge=1)
    table: str = Field(max_length=40)
    row_id: str = Field(min_length=36, max_length=36)
    province_code: str = Field(min_length=2, max_length=2)
    action: str = Field(max_length=10)
    fields: dict[str, list[Any]]
    hlc: str = Field(max_length=60)
    actor: str = Field(max_length=64)
    at: str = Field(max_length=40)


class PushForm(BaseModel):
    mutations: list[MutationModel] = Field(max_length=MAX_PUSH)


def _gunzip(body: bytes, limit: int) -> bytes:
    """``body`` decompressed; OverflowError past ``limit`` bytes (a small body can unpack to gigabytes)."""
    unpacker = zlib.decompressobj(16 + zlib.MAX_WBITS)
    unpacked = unpacker.decompress(body, limit)
    if unpacker.unconsumed_tail:
        raise OverflowError(limit)
    if not unpacker.eof:
        raise EOFError("truncated")
    return unpacked


class _GunzipRequests:
    """Accept gzip-compressed request bodies (the outbox compresses about tenfold)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = dict(scope.get("headers") or [])
        if scope["type"] != "http" or headers.get(b"content-encoding") != b"gzip":
            await self.app(scope, receive, send)
            return
        parts: list[bytes] = []
        while True:
            message = await receive()
            parts.append(message.get("body", b""))
            if not message.get("more_body"):
                break
        try:
            unpacked = _gunzip(b"".join(parts), MAX_BODY)
        except (OSError, EOFError, zlib.error):
            response = JSONResponse({"code": "refused", "message": "Dữ liệu nén bị hỏng"}, status_code=400)
            await response(scope, receive, send)
            return
        except OverflowError:
            too_big = f"Dữ liệu gửi lên quá lớn (quá {MAX_BODY // 2**20} MB khi giải nén): hãy gửi từng phần nhỏ hơn"
            response = JSONResponse({"code": "refused", "message": too_big}, status_code=413)
            await response(scope, receive, send)
            return
        scope = dict(scope)
        scope["headers"] = [(k, v) for k, v in scope["headers"] if k not in (b"content-encoding", b"content-length")]
        scope["headers"].append((b"content-length", str(len(unpacked)).encode()))
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {"type": "http.request", "body": unpacked, "more_body": False}

        await self.app(scope, replay, send)


def _caller(
    request: Request,
    authorization: Annotated[str, Header()] = "",
    protocol: Annotated[int, Header(alias=PROTOCOL_HEADER, ge=0)] = PROTOCOL_VERSION,
) -> store.Caller:
    """Who sends this request: from the access token, checked against the server's own tables."""
    store.check_version(protocol)
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise users.LoginRefused("Cần đăng nhập")
    engine: Engine = request.app.state.engine
    return users.authenticate(engine, token)


Who = Annotated[store.Caller, Depends(_caller)]


UPDATES_VARIABLE = "KHUYENCONG_UPDATES_DIR"
UPDATE_FOLDERS = ("metadata", "targets")


def create_app(engine: Engine, updates: Path | None = None) -> FastAPI:
    """The HTTP application over the server database ``engine``; ``updates``: the folder of the signed
    program updates it hands out (a repository made by ``installer/release.py``), if any."""
    app = FastAPI(
        title="Khuyến công — máy chủ đồng bộ",
        version=str(PROTOCOL_VERSION),
        description="Đồng bộ dữ liệu giữa các máy của Trung tâm Khuyến công và máy chủ (design/sync.md).",
    )
    app.state.engine = engine
    app.add_middleware(GZipMiddleware, minimum_size=800)
    app.add_middleware(_GunzipRequests)

    @app.exception_handler(store.SyncRefused)
    async def refused(_request: Request, error: store.SyncRefused) -> JSONResponse:
        wait = {"Retry-After": str(error.retry_after)} if isinstance(error, users.TooManyAttempts) else None
        body = {"code": error.code, "message": str(error)}
        return JSONResponse(body, status_code=STATUS.get(error.code, 400), headers=wait)

    @app.exception_handler(DataError)
    async def unstorable(_request: Request, _error: Exception) -> JSONResponse:
        # A value the database cannot hold (a NUL character in a text): the request is refused whole.
        return JSONResponse({"code": "refused", "message": "Dữ liệu gửi lên có ký tự không hợp lệ"}, status_code=400)

    @app.exception_handler(store.TemporaryError)
    async def busy(_request: Request, _error: Exception) -> JSONResponse:
        return JSONResponse(
            {"code": "busy", "message": "Máy chủ đang bận, sẽ thử lại sau"},
            status_code=503,
            headers={"Retry-After": "5"},
        )

    @app.get("/api/v1/updates/{path:path}", responses=_problems(404), response_class=FileResponse)
    def update_file(path: str) -> Response:
        """A file of the program update repository (TUF metadata and archives). Public: every file is signed
        by the release keys the programs ship, and a program checks that before it installs anything."""
        missing = JSONResponse({"code": "not_found", "message": "Không có tệp cập nhật này"}, status_code=404)
        parts = path.split("/")
        if updates is None or len(parts) != 2 or parts[0] not in UPDATE_FOLDERS or not parts[1]:
            return missing
        if "\x00" in path or parts[1].startswith(".") or "\\" in parts[1]:
            return missing
        target = updates / parts[0] / parts[1]
        if not target.is_file():
            return missing
        return FileResponse(target, media_type="application/octet-stream")

    @app.get("/api/v1/health", responses=_problems(503))
    def health() -> dict[str, Any]:
        """Is the server up, and which protocol and database epoch it serves."""
        with engine.connect() as connection:
            return {"status": "ok", "protocol": PROTOCOL_VERSION, "epoch": store.epoch(connection)}

    @app.post("/api/v1/auth/token", responses=_problems(400, 401, 403, 429, 503))
    def token(form: LoginForm, request: Request) -> dict[str, Any]:
        """Log in from a device (registered on first login): an access and a refresh token. After failures
        in a row, attempts with that name or from that address wait (429, ``Retry-After``)."""
        address = request.client.host if request.client else ""
        tokens, who = users.sign_in(engine, form.username, form.password, form.device_id, form.device_name, address)
        return _session(tokens, who)

    @app.post("/api/v1/auth/refresh", responses=_problems(400, 401, 403, 503))
    def refresh(form: RefreshForm) -> dict[str, Any]:
        """Exchange a refresh token for new tokens."""
        tokens, who = users.refresh(engine, form.refresh_token)
        return _session(tokens, who)

    @app.post("/api/v1/sync/push", responses={**SIGNED_IN, **_problems(409)})
    def push(form: PushForm, who: Who) -> dict[str, Any]:
        """Apply the device's mutations once each, in order; say what became of each."""
        mutations = [Mutation(**m.model_dump()) for m in form.mutations]
        reply = store.push(engine, who, mutations)
        crashpoints.reached("server-push-committed")
        return to_json(reply)

    @app.get("/api/v1/sync/pull", responses=SIGNED_IN)
    def pull(
        who: Who,
        scope: Annotated[str, Query(min_length=2, max_length=2)],
        after: Annotated[int, Query(ge=0)] = 0,
        limit: Annotated[int, Query(ge=1, le=MAX_PULL)] = 500,
    ) -> dict[str, Any]:
        """The changes of a province after a position, oldest first."""
        return to_json(store.pull(engine, who, scope, after, limit))

    @app.get("/api/v1/sync/snapshot", responses=SIGNED_IN)
    def snapshot(
        who: Who,
        scope: Annotated[str, Query(min_length=2, max_length=2)],
        after: Annotated[int, Query(ge=0)] = 0,
        limit: Annotated[int, Query(ge=1, le=MAX_PULL)] = 500,
    ) -> dict[str, Any]:
        """A province's rows as they are now, a page at a time (first sync); the last page carries the
        province's count and checksum."""
        return to_json(store.snapshot(engine, who, scope, after, limit))

    @app.get("/api/v1/sync/verify", responses=SIGNED_IN)
    def verify(who: Who, scope: Annotated[str, Query(min_length=2, max_length=2)]) -> dict[str, Any]:
        """Row count and checksum of a province, to prove a device holds the same."""
        return to_json(store.summary(engine, who, scope))

    @app.get("/api/v1/blobs/{sha256}", responses=SIGNED_IN)
    def blob_state(who: Who, sha256: Sha256) -> dict[str, Any]:
        """How much of an attachment's content the server holds (an upload resumes from ``received``)."""
        return to_json(blobs.state(engine, sha256))

    @app.put("/api/v1/blobs/{sha256}", responses=SIGNED_IN, openapi_extra=BLOB_BODY)
    async def blob_put(
        request: Request,
        who: Who,
        sha256: Sha256,
        size: Annotated[int, Query(ge=1, le=blobs.MAX_SIZE)],
        start: Annotated[int, Query(ge=0)] = 0,
    ) -> dict[str, Any]:
        """Store one chunk (at most 1 MiB) of an attachment's content at byte ``start``; the last chunk
        completes the file once its bytes hash to ``sha256``."""
        data = bytearray()
        async for piece in request.stream():
            data += piece
            if len(data) > blobs.MAX_CHUNK:
                raise store.SyncRefused("Mỗi lần chỉ gửi tối đa 1 MB của tệp")
        return to_json(await run_in_threadpool(blobs.put, engine, who, sha256, size, start, bytes(data)))

    @app.get(
        "/api/v1/blobs/{sha256}/content",
        responses={**SIGNED_IN, **_problems(404), 200: {"content": {"application/octet-stream": {}}}},
        response_class=Response,
    )
    def blob_content(
        who: Who,
        sha256: Sha256,
        start: Annotated[int, Query(ge=0)] = 0,
        limit: Annotated[int, Query(ge=1, le=blobs.MAX_CHUNK)] = blobs.MAX_CHUNK,
    ) -> Response:
        """Up to ``limit`` bytes of an attachment's content from byte ``start``, for a user who may read a
        record it is attached to."""
        return Response(blobs.read(engine, who, sha256, start, limit), media_type="application/octet-stream")

    return app


def from_environment() -> FastAPI:
    """The application of one of several worker processes (``khuyencong-server serve --workers N``), on the
    database named by ``KHUYENCONG_DATABASE_URL``."""
    import os

    from sync.server.cli import URL_VARIABLE

    updates = os.environ.get(UPDATES_VARIABLE)
    return create_app(store.open_engine(os.environ[URL_VARIABLE]), Path(updates) if updates else None)


def _session(tokens: users.Tokens, who: store.Caller) -> dict[str, Any]:
    from sync import rules

    scopes = rules.readable_scopes(who.role, who.province)
    return {
        "access_token": tokens.access,
        "refresh_token": tokens.refresh,
        "expires_in": tokens.expires_in,
        "user": {"name": who.name, "role": who.role, "province": who.province},
        "scopes": sorted(scopes) if scopes is not None else None,
    }
