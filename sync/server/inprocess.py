"""The server called directly, without a network: for tests, and for a sync bundle imported on the server."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from sync.protocol import Mutation, PullReply, PushReply, ScopeSummary, SnapshotPage
from sync.server import store


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
