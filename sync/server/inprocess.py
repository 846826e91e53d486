"""The server called directly, without a network: for tests, and for a sync bundle imported on the server."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from sync.protocol import BlobState, Change, Digests, Mutation, PullReply, PushReply, ScopeSummary, SnapshotPage
from sync.server import blobs, callers, store


@dataclass
class InProcess:
    """A transport to ``engine``'s server, as the user and device of ``caller``."""

    engine: Engine
    caller: callers.Caller

    def push(self, mutations: list[Mutation], seen: dict[str, int] | None = None) -> PushReply:
        return store.push(self.engine, self.caller, mutations, seen)

    def pull(self, scope: str, after: int, limit: int) -> PullReply:
        return store.pull(self.engine, self.caller, scope, after, limit)

    def summary(self, scope: str) -> ScopeSummary:
        return store.summary(self.engine, self.caller, scope)

    def snapshot(self, scope: str, after: int, limit: int) -> SnapshotPage:
        return store.snapshot(self.engine, self.caller, scope, after, limit)

    def digests(self, scope: str, table: str, suffix: str) -> Digests:
        return store.digests(self.engine, self.caller, scope, table, suffix)

    def fetch(self, scope: str, table: str, ids: list[str]) -> list[Change]:
        return store.fetch(self.engine, self.caller, scope, table, ids)

    def blob_state(self, sha256: str, scope: str) -> BlobState:
        return blobs.state(self.engine, self.caller, sha256, scope)

    def blob_put(self, sha256: str, size: int, start: int, data: bytes, scope: str) -> BlobState:
        return blobs.put(self.engine, self.caller, sha256, size, start, data, scope)

    def blob_get(self, sha256: str, start: int, limit: int, scope: str) -> bytes | None:
        try:
            return blobs.read(self.engine, self.caller, sha256, start, limit, scope)
        except store.NotYet:
            return None
