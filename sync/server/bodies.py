"""Request bodies are read as they arrive, and only as far as they need to be — never whole before the
route has a look at the request, whoever sends them:

- a body whose declared length is over the limit is refused (413) before a byte of it is read;
- a body without a declared length (chunked) is counted as it arrives and refused at the limit;
- a gzip body (the PCs compress what they send) is unpacked as it arrives, its unpacked size counted
  against the same limit: 70 kB can unpack to gigabytes;
- an answer given before the body was read whole closes the connection, or the server would read and
  throw away the rest of it to use the connection again.

A route that needs a token checks it before it reads the body (``deps.SignedInRoute``); a route anyone may
call before signing in holds its body to a far smaller limit (:data:`SMALL_BODY`, ``deps.PublicRoute``).
"""

from __future__ import annotations

import zlib

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_BODY = 64 * 2**20
"""The largest request body, once unpacked: a push of the most mutations allowed, each a long record, fits."""
SMALL_BODY = 16 * 2**10
"""The largest body of a request sent before signing in (a sign-in form, a refresh token): a few hundred bytes
are enough, and anyone on the network may send one."""
_READING = "khuyencong.reading"
"""Where the request's scope keeps its body's :class:`_Reading`, for a route to lower the limit."""
_CLOSE = (b"connection", b"close")
_PACKED_HEADERS = (b"content-encoding", b"content-length")


class BodyRefused(HTTPException):
    """A body refused while it is read: raised from the request's ``receive``. FastAPI lets an HTTPException
    out of its body reading as it is, so the application answers it as a problem with this status."""

    def __init__(self, status_code: int, code: str, message: str) -> None:
        super().__init__(status_code, message)
        self.code = code
        self.message = message

    def answer(self) -> JSONResponse:
        """The refusal as the server's other refusals are given (``deps.Problem``)."""
        return JSONResponse({"code": self.code, "message": self.message}, self.status_code)


def too_large(limit: int = MAX_BODY) -> BodyRefused:
    message = f"Dữ liệu gửi lên quá lớn (quá {_size(limit)}): hãy gửi từng phần nhỏ hơn"
    return BodyRefused(413, "too_large", message)


def _size(limit: int) -> str:
    return f"{limit // 2**20} MB" if limit >= 2**20 else f"{limit // 2**10} KB"


def damaged() -> BodyRefused:
    return BodyRefused(400, "refused", "Dữ liệu nén bị hỏng")


class _Reading:
    """One request's body as the application receives it: counted, and unpacked when it is gzip."""

    def __init__(self, receive: Receive, limit: int, gzipped: bool, declared: int | None) -> None:
        self._receive = receive
        self.limit = limit
        self.declared = declared
        self.received = 0
        self.unpacked = 0
        self.finished = False
        self.unpacker = zlib.decompressobj(16 + zlib.MAX_WBITS) if gzipped else None

    def lower(self, limit: int) -> None:
        """Hold the body to ``limit`` (a route's own, smaller than the server's): refused now when its
        declared length is over it, else where it passes it while it is read."""
        if limit >= self.limit:
            return
        self.limit = limit
        if max(self.declared or 0, self.received, self.unpacked) > limit:
            raise too_large(limit)

    async def receive(self) -> Message:
        message = await self._receive()
        if message["type"] != "http.request":
            return message
        body: bytes = message.get("body", b"")
        more = bool(message.get("more_body", False))
        self.received += len(body)
        self.finished = not more
        if self.received > self.limit:
            raise too_large(self.limit)
        if self.unpacker is not None:
            body = self._unpack(body, more)
        return {"type": "http.request", "body": body, "more_body": more}

    def _unpack(self, packed: bytes, more: bool) -> bytes:
        assert self.unpacker is not None
        room = self.limit - self.unpacked
        try:
            # One byte more than the room left: getting it means the limit is passed. Getting less means
            # every byte given was unpacked (zlib stops early only when the output is full).
            body = self.unpacker.decompress(packed, room + 1)
        except zlib.error:
            raise damaged() from None
        self.unpacked += len(body)
        if self.unpacked > self.limit:
            raise too_large(self.limit)
        if self.unpacker.unused_data or (not more and not self.unpacker.eof):
            raise damaged()  # bytes after the end of the compressed data, or a body cut short
        return body


class GuardedBodies:
    """The middleware that reads every request body as described above; ``limit``: bytes, unpacked."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        declared = declared_length(headers)
        if declared is not None and declared > self.limit:
            answer = too_large(self.limit).answer()
            answer.headers["Connection"] = "close"
            await answer(scope, receive, send)
            return
        gzipped = headers.get("content-encoding", "").strip().lower() == "gzip"
        reading = _Reading(receive, self.limit, gzipped, declared)
        scope = dict(scope)
        scope[_READING] = reading
        if gzipped:  # the application sees the body unpacked, of a length no one knows yet
            scope["headers"] = [(k, v) for k, v in scope["headers"] if k not in _PACKED_HEADERS]
        has_body = bool(declared) or "chunked" in headers.get("transfer-encoding", "").lower()

        async def send_closing(message: Message) -> None:
            if message["type"] == "http.response.start" and has_body and not reading.finished:
                message = {**message, "headers": [*message.get("headers", []), _CLOSE]}
            await send(message)

        await self.app(scope, reading.receive, send_closing)


def hold_to(scope: Scope, limit: int) -> None:
    """Hold the body of the request of ``scope`` to ``limit`` bytes (unpacked), before anything reads it:
    BodyRefused (413) now when its declared length is over it, else as soon as it passes it."""
    reading = scope.get(_READING)
    if isinstance(reading, _Reading):
        reading.lower(limit)
    elif (declared_length(Headers(scope=scope)) or 0) > limit:  # an application without GuardedBodies
        raise too_large(limit)


def declared_length(headers: Headers) -> int | None:
    """The body length a request declares (Content-Length), if it declares one."""
    value = headers.get("content-length")
    if value is None or not (value.isascii() and value.isdigit()):
        return None  # none, or one the HTTP server itself refuses
    return int(value) if len(value) <= 18 else 10**18  # beyond any limit (int() refuses 5,000 digits)
