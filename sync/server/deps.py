"""What the routes of the sync server share: who is calling (from the token), the database, and how a
refusal is documented.

A route that needs a caller takes ``who: Who``; one that needs the database takes ``engine: Db``. Nothing
here keeps state in the process: every request is answered from the database alone.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Header, Request
from pydantic import BaseModel
from sqlalchemy import Engine

from sync.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION
from sync.server import store, users


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


def signed_in(
    request: Request,
    authorization: Annotated[str, Header()] = "",
    protocol: Annotated[int, Header(alias=PROTOCOL_HEADER, ge=0)] = PROTOCOL_VERSION,
) -> store.Caller:
    """Who sends this request: from the access token, checked against the server's own tables."""
    store.check_version(protocol)
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise users.LoginRefused("Cần đăng nhập")
    return users.authenticate(engine(request), token)


Db = Annotated[Engine, Depends(engine)]
Who = Annotated[store.Caller, Depends(signed_in)]
