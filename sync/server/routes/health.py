"""Is the server up (for the PCs' first check, load balancers and monitoring)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from sync.protocol import PROTOCOL_VERSION
from sync.server import store
from sync.server.deps import Db, problems

router = APIRouter(prefix="/api/v1", tags=["máy chủ"])


@router.get("/health", responses=problems(503))
def health(engine: Db) -> dict[str, Any]:
    """Is the server up, and which protocol and database epoch it serves."""
    with engine.connect() as connection:
        return {"status": "ok", "protocol": PROTOCOL_VERSION, "epoch": store.epoch(connection)}
