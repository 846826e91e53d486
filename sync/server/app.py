"""The sync server's HTTP application (FastAPI): the routes of ``sync.server.routes`` put together with
what every request goes through. OpenAPI at /docs.

Every request is answered from the database alone, so any number of processes can serve one
PostgreSQL behind a load balancer. Request bodies may be gzip-compressed (``Content-Encoding: gzip``)
and answers are compressed when the client accepts it: a 2G link pays for every byte. Bodies are read
as they arrive and no further than the limit (``sync.server.bodies``).
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse
from sqlalchemy import Engine
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException

from sync.protocol import PROTOCOL_VERSION
from sync.server import bodies, routes, store, users

STATUS = {
    "forbidden": 403,
    "authority": 403,
    "not_yet": 404,
    "copied": 409,
    "upgrade": 426,
    "login": 401,
    "throttled": 429,
    "refused": 400,
}
HTTP_REFUSALS = {
    400: ("refused", "Dữ liệu gửi lên không đọc được"),
    404: ("not_found", "Máy chủ không có địa chỉ này"),
    405: ("refused", "Địa chỉ này không nhận cách gửi (phương thức) đó"),
}
UPDATES_VARIABLE = "KHUYENCONG_UPDATES_DIR"


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
    app.add_middleware(bodies.GuardedBodies, limit=bodies.MAX_BODY)

    @app.exception_handler(store.SyncRefused)
    async def refused(_request: Request, error: store.SyncRefused) -> JSONResponse:
        wait = {"Retry-After": str(error.retry_after)} if isinstance(error, users.TooManyAttempts) else None
        body = {"code": error.code, "message": str(error)}
        return JSONResponse(body, status_code=STATUS.get(error.code, 400), headers=wait)

    @app.exception_handler(bodies.BodyRefused)
    async def unreadable(_request: Request, error: bodies.BodyRefused) -> JSONResponse:
        return error.answer()

    @app.exception_handler(HTTPException)
    async def unserved(_request: Request, error: HTTPException) -> JSONResponse:
        # FastAPI's own refusals (a body it cannot parse, an unknown address) in the shape of the others.
        code, message = HTTP_REFUSALS.get(error.status_code, ("refused", str(error.detail)))
        return JSONResponse({"code": code, "message": message}, error.status_code, headers=error.headers)

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
