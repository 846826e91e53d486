"""The sync server's HTTP application (FastAPI): the routes of ``sync.server.routes`` put together with
what every request goes through. OpenAPI at /docs.

Every request is answered from the database alone, so any number of processes can serve one
PostgreSQL behind a load balancer. Request bodies may be gzip-compressed (``Content-Encoding: gzip``)
and answers are compressed when the client accepts it: a 2G link pays for every byte. Bodies are read
as they arrive and no further than the limit (``sync.server.bodies``).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse
from sqlalchemy import Engine
from sqlalchemy.exc import DataError, IntegrityError
from starlette.exceptions import HTTPException

from sync.protocol import PROTOCOL_VERSION
from sync.server import bodies, routes, store, users
from sync.server.config import UPDATES_VARIABLE, URL_VARIABLE

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
RETRY_SECONDS = "5"
log = logging.getLogger(__name__)


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
        return _busy("Máy chủ đang bận, sẽ thử lại sau")

    @app.exception_handler(IntegrityError)
    async def collided(request: Request, error: Exception) -> JSONResponse:
        # Two requests wrote the same row at the same moment (two PCs sending one file): whichever lost is
        # rolled back whole and may simply be sent again. Logged: a key refused every time is a bug.
        log.warning("%s %s: refused by the database, answered 503", request.method, request.url.path, exc_info=error)
        return _busy("Máy chủ đang xử lý cùng lúc một yêu cầu khác về cùng dữ liệu: hãy thử lại")

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, error: RequestValidationError) -> JSONResponse:
        return JSONResponse(invalid_answer(error.errors()), status_code=422)

    for router in routes.ROUTERS:
        app.include_router(router)
    return app


def _busy(message: str) -> JSONResponse:
    """A 503 the PCs retry by themselves, after ``Retry-After`` seconds."""
    return JSONResponse({"code": "busy", "message": message}, 503, headers={"Retry-After": RETRY_SECONDS})


# --- a request that does not match the OpenAPI (422) ------------------------------------------------------
INVALID_SHOWN = 20
"""The most errors a 422 lists: thousands of bad mutations get the first ones and a count."""
_SOURCES = ("body", "query", "path", "header", "cookie")
_LONGEST_FIELD = 120
_REASONS = {
    "missing": "thiếu (bắt buộc phải có)",
    "string_too_short": "ngắn quá: cần ít nhất {min_length} ký tự",
    "string_too_long": "dài quá: nhiều nhất {max_length} ký tự",
    "too_short": "ít quá: cần ít nhất {min_length} mục",
    "too_long": "nhiều quá: nhiều nhất {max_length} mục",
    "greater_than_equal": "phải từ {ge} trở lên",
    "greater_than": "phải lớn hơn {gt}",
    "less_than_equal": "không được lớn hơn {le}",
    "less_than": "phải nhỏ hơn {lt}",
    "int_parsing": "phải là số nguyên",
    "int_type": "phải là số nguyên",
    "int_from_float": "phải là số nguyên",
    "float_parsing": "phải là số",
    "float_type": "phải là số",
    "bool_parsing": "phải là true hoặc false",
    "bool_type": "phải là true hoặc false",
    "string_type": "phải là chuỗi ký tự",
    "string_pattern_mismatch": "không đúng dạng",
    "string_unicode": "không phải chuỗi ký tự Unicode hợp lệ",
    "list_type": "phải là danh sách",
    "dict_type": "phải là đối tượng JSON",
    "model_type": "phải là đối tượng JSON",
    "model_attributes_type": "phải là đối tượng JSON",
    "json_invalid": "không phải JSON hợp lệ",
}


def invalid_answer(errors: Sequence[Any]) -> dict[str, Any]:
    """The 422 answer to a request that does not match the OpenAPI, in the shape FastAPI documents for it
    (``detail``: the errors, each with ``loc``, ``msg``, ``type``), each ``msg`` in Vietnamese and naming
    its field; and, as every other refusal, ``code`` and ``message`` (what the PCs show). The value that was
    sent is not echoed back: it may be a password, or megabytes."""
    detail = [_error(dict(e)) for e in errors[:INVALID_SHOWN]]
    first = detail[0]["msg"] if detail else "không rõ trường nào"
    more = f" (và {len(errors) - 1} lỗi khác)" if len(errors) > 1 else ""
    return {"code": "refused", "message": f"Dữ liệu gửi lên không hợp lệ: {first}{more}", "detail": detail}


def _error(error: dict[str, Any]) -> dict[str, Any]:
    kind = str(error.get("type", ""))
    loc = [part if isinstance(part, int) else str(part) for part in error.get("loc", ())]
    if kind == "json_invalid":
        loc = loc[:1]  # the rest is the position of the character in error, not a field
    return {"loc": loc, "msg": f"{_field(loc)} — {_reason(kind, error.get('ctx'))}", "type": kind}


def _field(loc: list[int | str]) -> str:
    """The field's path as the body spells it (``mutations.3.actor``), without where FastAPI found it."""
    path = loc[1:] if loc and loc[0] in _SOURCES else loc
    shown = ".".join(str(part) for part in path) or "nội dung"
    return shown if len(shown) <= _LONGEST_FIELD else shown[: _LONGEST_FIELD - 1] + "…"  # a key may be long


def _reason(kind: str, context: Any) -> str:
    reason = _REASONS.get(kind, "giá trị không hợp lệ")
    try:
        return reason.format_map(context if isinstance(context, dict) else {})
    except (KeyError, IndexError, ValueError):  # the limit unknown: what is wrong, without it
        wrong, said, _limit = reason.partition(":")
        return wrong if said else "giá trị không hợp lệ"


def from_environment() -> FastAPI:
    """The application of one of several worker processes (``khuyencong-server serve --workers N``), on the
    database named by ``KHUYENCONG_DATABASE_URL``."""
    import os

    updates = os.environ.get(UPDATES_VARIABLE)
    return create_app(store.open_engine(os.environ[URL_VARIABLE]), Path(updates) if updates else None)
