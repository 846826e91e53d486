"""What the routes of the sync server share: who is calling (from the token), the database, and how a
refusal is documented.

A route that needs a caller takes ``who: Who`` and sits in a router of :class:`SignedInRoute`, so the
token is checked before the body is read; one anyone may call before signing in sits in a router of
:class:`PublicRoute`, which holds its body to a small limit; one that needs the database takes
``engine: Db``. Nothing here keeps state in the process: every request is answered from the database alone.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Header, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.routing import APIRoute
from pydantic import BaseModel
from sqlalchemy import Engine

from sync.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION
from sync.server import bodies, callers, store, users

MAX_INT = 2**53 - 1
"""The largest number a request may carry: one every JSON reader holds exactly (a float's 53 bits), far
within what a database column holds."""


class Problem(BaseModel):
    """Why a request was not served: ``code`` for programs, ``message`` for people (Vietnamese)."""

    code: str
    message: str


RETRY_AFTER = {"description": "số giây cần chờ trước khi thử lại", "schema": {"type": "integer", "minimum": 0}}
_MEANING = {
    400: "dữ liệu gửi lên không đọc được",
    401: "cần đăng nhập, hoặc phiên đăng nhập đã hết hạn",
    403: "tài khoản không được phép",
    404: "máy chủ chưa có (tệp đính kèm chưa được gửi đủ)",
    409: "tệp dữ liệu của máy đã bị sao chép sang máy khác",
    413: "dữ liệu gửi lên quá lớn (tính cả khi giải nén)",
    426: "phiên bản phần mềm đã cũ",
    429: "đăng nhập sai nhiều lần liên tiếp (theo tên hoặc theo địa chỉ): thử lại sau Retry-After giây",
    503: "máy chủ đang bận, thử lại sau (Retry-After)",
}


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI ``responses`` of refusals with these statuses (each a :class:`Problem`)."""
    documented: dict[int | str, dict[str, Any]] = {}
    for status in statuses:
        documented[status] = {"model": Problem, "description": _MEANING[status]}
        if status in (429, 503):
            documented[status]["headers"] = {"Retry-After": RETRY_AFTER}
    return documented


SIGNED_IN = problems(400, 401, 403, 426, 503)
"""The refusals every route that needs a token may answer."""


def engine(request: Request) -> Engine:
    """The server database."""
    found: Engine = request.app.state.engine
    return found


def updates_folder(request: Request) -> Path | None:
    """The folder of the signed program updates the server hands out, if any."""
    found: Path | None = request.app.state.updates
    return found


def _identify(request: Request) -> callers.Caller:
    """Who sends ``request``, from its headers: the protocol it speaks first (an old program is told to
    update, signed in or not), then the access token, checked against the server's own tables."""
    try:
        protocol = int(request.headers.get(PROTOCOL_HEADER, PROTOCOL_VERSION))
    except ValueError:
        protocol = PROTOCOL_VERSION  # not a number: its header's validation answers it (422)
    if 0 <= protocol <= MAX_INT:
        store.check_version(protocol)
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise users.LoginRefused("Cần đăng nhập")
    return users.authenticate(engine(request), token)


def signed_in(
    request: Request,
    authorization: Annotated[str, Header()] = "",
    protocol: Annotated[int, Header(alias=PROTOCOL_HEADER, ge=0, le=MAX_INT)] = PROTOCOL_VERSION,
) -> callers.Caller:
    """Who sends this request (found by :class:`SignedInRoute` before the body was read, as a rule). The
    headers are named here for the OpenAPI and their validation."""
    known = getattr(request.state, "caller", None)
    return known if isinstance(known, callers.Caller) else _identify(request)


class SignedInRoute(APIRoute):
    """A route that needs a token, checked before the body is read: FastAPI reads a body before it solves
    the dependencies, so without this anyone could make the server take in a large body and only then be
    told to sign in."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def checked_first(request: Request) -> Response:
            request.state.caller = await run_in_threadpool(_identify, request)
            return await handler(request)

        return checked_first


class PublicRoute(APIRoute):
    """A route anyone may call before signing in (signing in, renewing a token): its body is held to
    ``bodies.SMALL_BODY`` before it is read, so no one who is not signed in makes the server take in
    megabytes (the server-wide limit is for the pushes of those who are)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def held(request: Request) -> Response:
            bodies.hold_to(request.scope, bodies.SMALL_BODY)
            return await handler(request)

        return held


Db = Annotated[Engine, Depends(engine)]
Who = Annotated[callers.Caller, Depends(signed_in)]
