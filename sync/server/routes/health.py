"""Is the server up (for the PCs' first check, load balancers and monitoring)."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from sync.protocol import PROTOCOL_VERSION
from sync.server import store
from sync.server.deps import Db, problems

router = APIRouter(prefix="/api/v1", tags=["máy chủ"])


class Health(BaseModel):
    status: str
    protocol: int
    epoch: str


@router.get("/health", responses=problems(503))
def health(engine: Db) -> Health:
    """Is the server up, and which protocol and database epoch it serves."""
    with engine.connect() as connection:
        return Health(status="ok", protocol=PROTOCOL_VERSION, epoch=store.epoch(connection))
