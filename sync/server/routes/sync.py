"""Push, pull, snapshot and verify: the sync itself (design/sync.md).

The answers are the protocol's own dataclasses (``sync.protocol``): the OpenAPI documents them as they are,
and a field added there is sent and documented without a second description to keep in step."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from desktop.store import crashpoints
from sync.protocol import MAX_PUSH, Change, Digests, Mutation, PullReply, PushReply, ScopeSummary, SnapshotPage
from sync.server import store
from sync.server.deps import MAX_INT, SIGNED_IN, Db, SignedInRoute, Who, problems

MAX_PULL = 2000

router = APIRouter(prefix="/api/v1/sync", tags=["đồng bộ"], route_class=SignedInRoute)
Scope = Annotated[str, Query(min_length=2, max_length=2)]
After = Annotated[int, Query(ge=0, le=MAX_INT, description="vị trí đã nhận đến (0: từ đầu)")]


class MutationModel(BaseModel):
    seq: int = Field(ge=1, le=MAX_INT)
    table: str = Field(max_length=40)
    row_id: str = Field(min_length=36, max_length=36)
    province_code: str = Field(min_length=2, max_length=2)
    action: str = Field(max_length=10)
    fields: dict[str, list[Any]]
    hlc: str = Field(max_length=60)
    actor: str = Field(max_length=64)
    at: str = Field(max_length=40)
    txn: str = Field(default="", max_length=32)


class PushForm(BaseModel):
    mutations: list[MutationModel] = Field(max_length=MAX_PUSH)
    seen: dict[str, Annotated[int, Field(ge=0, le=MAX_INT)]] = Field(default_factory=dict, max_length=40)
    """How far the device has pulled each province: an answer carries the whole row only when it missed one."""


class RowsForm(BaseModel):
    scope: str = Field(min_length=2, max_length=2)
    table: str = Field(max_length=40)
    ids: list[Annotated[str, Field(max_length=36)]] = Field(max_length=500)


class Rows(BaseModel):
    rows: list[Change]


@router.post("/push", responses={**SIGNED_IN, **problems(409, 413)})
def push(form: PushForm, who: Who, engine: Db) -> PushReply:
    """Apply the device's mutations once each, in order, each local transaction whole or not at all; say
    what became of each (and what the device takes from the server for its row)."""
    mutations = [Mutation(**m.model_dump()) for m in form.mutations]
    reply = store.push(engine, who, mutations, form.seen)
    crashpoints.reached("server-push-committed")
    return reply


@router.get("/pull", responses=SIGNED_IN)
def pull(
    who: Who,
    engine: Db,
    scope: Scope,
    after: After = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PULL)] = 500,
) -> PullReply:
    """The changes of a province after a position, oldest first."""
    return store.pull(engine, who, scope, after, limit)


@router.get("/snapshot", responses=SIGNED_IN)
def snapshot(
    who: Who,
    engine: Db,
    scope: Scope,
    after: After = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PULL)] = 500,
) -> SnapshotPage:
    """A province's rows as they are now, a page at a time (first sync); the last page carries the
    province's count and checksum."""
    return store.snapshot(engine, who, scope, after, limit)


@router.get("/verify", responses=SIGNED_IN)
def verify(who: Who, engine: Db, scope: Scope) -> ScopeSummary:
    """Row count and checksum of a province (and of each table), to prove a device holds the same."""
    return store.summary(engine, who, scope)


@router.get("/digests", responses=SIGNED_IN)
def digests(
    who: Who,
    engine: Db,
    scope: Scope,
    table: Annotated[str, Query(max_length=40)],
    suffix: Annotated[str, Query(max_length=36)] = "",
) -> Digests:
    """The digests of a table's rows of a province whose id ends with ``suffix`` (or their groups'
    checksums), for a device narrowing a difference down."""
    return store.digests(engine, who, scope, table, suffix)


@router.post("/rows", responses=SIGNED_IN)
def rows(form: RowsForm, who: Who, engine: Db) -> Rows:
    """Rows of a table as the server holds them in a province (``data`` null: it holds no such row there),
    for a device repairing what differs."""
    return Rows(rows=store.fetch(engine, who, form.scope, form.table, form.ids))
