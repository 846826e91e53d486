"""The server called directly, without a network: for tests, and for a sync bundle imported on the server."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from sync.protocol import BlobState, Mutation, PullReply, PushReply, ScopeSummary, SnapshotPage
from sync.server import blobs, store


@dataclass
class InProcess:
    """A transport to ``engine``'s server, as the user and device of ``caller``."""

    engine: Engine
    caller: store.Caller

    def push(self, mutations: list[Mutation]) -> PushReply:
        return store.push(self.engine, self.caller, mutations)

    def pull(self, scope: str, after: int, limit: int) -> PullReply:
        return store.pull(self.engine, self.caller, scope, after, limit)

    def summary(self, scope: str) -> ScopeSummary:
        return store.summary(self.engine, self.caller, scope)

    def snapshot(self, scope: str, after: int, limit: int) -> SnapshotPage:
        return store.snapshot(self.engine, self.caller, scope, after, limit)

    def blob_state(self, sha256: str) -> BlobState:
        return blobs.state(self.engine, sha256)

    def blob_put(self, sha256: str, size: int, start: int, data: bytes) -> BlobState:
        return blobs.put(self.engine, self.caller, sha256, size, start, data)

    def blob_get(self, sha256: str, start: int, limit: int) -> bytes | None:
        try:
            return blobs.read(self.engine, self.caller, sha256, start, limit)
        except store.NotYet:
            return None
