"""Attachment contents: how much the server holds, upload in chunks, download in chunks."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi import Path as PathParam
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from sync.protocol import BlobState
from sync.server import blobs, bodies
from sync.server.deps import SIGNED_IN, Db, SignedInRoute, Who, problems

router = APIRouter(prefix="/api/v1/blobs", tags=["tệp đính kèm"], route_class=SignedInRoute)
Sha256 = Annotated[str, PathParam(pattern="^[0-9a-f]{64}$", description="mã SHA-256 của nội dung tệp")]
Start = Annotated[int, Query(ge=0, le=blobs.MAX_SIZE, description="vị trí byte đầu tiên trong tệp")]
FileScope = Annotated[
    str | None, Query(min_length=2, max_length=2, description="mã tỉnh của tệp (mặc định: tỉnh của tài khoản)")
]
BLOB_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
    }
}


@router.get("/{sha256}", responses=SIGNED_IN)
def blob_state(who: Who, engine: Db, sha256: Sha256, scope: FileScope = None) -> BlobState:
    """How much of an attachment's content the server holds for the province (an upload resumes from
    ``received``)."""
    return blobs.state(engine, who, sha256, scope)


@router.put("/{sha256}", responses={**SIGNED_IN, **problems(413)}, openapi_extra=BLOB_BODY)
async def blob_put(
    request: Request,
    who: Who,
    engine: Db,
    sha256: Sha256,
    size: Annotated[int, Query(ge=1, le=blobs.MAX_SIZE)],
    start: Start = 0,
    scope: FileScope = None,
) -> BlobState:
    """Store one chunk (at most 1 MiB) of an attachment's content at byte ``start``; the last chunk
    completes the file once its bytes hash to ``sha256``."""
    if (bodies.declared_length(request.headers) or 0) > blobs.MAX_CHUNK:
        raise bodies.too_large(blobs.MAX_CHUNK)
    data = bytearray()
    async for piece in request.stream():
        data += piece
        if len(data) > blobs.MAX_CHUNK:
            raise bodies.too_large(blobs.MAX_CHUNK)
    return await run_in_threadpool(blobs.put, engine, who, sha256, size, start, bytes(data), scope)


@router.get(
    "/{sha256}/content",
    responses={**SIGNED_IN, **problems(404), 200: {"content": {"application/octet-stream": {}}}},
    response_class=Response,
)
def blob_content(
    who: Who,
    engine: Db,
    sha256: Sha256,
    start: Start = 0,
    limit: Annotated[int, Query(ge=1, le=blobs.MAX_CHUNK)] = blobs.MAX_CHUNK,
    scope: FileScope = None,
) -> Response:
    """Up to ``limit`` bytes of an attachment's content from byte ``start``, for a user who may read a
    record of the province it is attached to."""
    content = blobs.read(engine, who, sha256, start, limit, scope)
    return Response(content, media_type="application/octet-stream")
