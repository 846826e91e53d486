"""The sync server's HTTP application (FastAPI): the routes of ``sync.server.routes`` put together with
what every request goes through. OpenAPI at /docs.

Every request is answered from the database alone, so any number of processes can serve one
PostgreSQL behind a load balancer. Request bodies may be gzip-compressed (``Content-Encoding: gzip``)
and answers are compressed when the client accepts it: a 2G link pays for every byte.
"""

from __future__ import annotations

import zlib
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse
from sqlalchemy import Engine
from sqlalchemy.exc import DataError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sync.protocol import PROTOCOL_VERSION
from sync.server import routes, store, users

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
UPDATES_VARIABLE = "KHUYENCONG_UPDATES_DIR"


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


def create_app(engine: Engine, updates: Path | None = None) -> FastAPI:
    """The HTTP application over the server database ``engine``; ``updates``: the folder of the signed
    program updates it hands out (a repository made by ``installer/release.py``), if any."""
    app = FastAPI(
        title="Khuyến công — máy chủ đồng bộ",
        version=str(PROTOCOL_VERSION),
        description="Đồng bộ dữ liệu giữa các máy của Trung tâm Khuyến công và máy chủ (design/sync.md).",
    )
    app.state.engine = engine
    app.state.updates = updates
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

    for router in routes.ROUTERS:
        app.include_router(router)
    return app


def from_environment() -> FastAPI:
    """The application of one of several worker processes (``khuyencong-server serve --workers N``), on the
    database named by ``KHUYENCONG_DATABASE_URL``."""
    import os

    from sync.server.cli import URL_VARIABLE

    updates = os.environ.get(UPDATES_VARIABLE)
    return create_app(store.open_engine(os.environ[URL_VARIABLE]), Path(updates) if updates else None)
