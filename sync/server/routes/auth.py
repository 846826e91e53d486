"""Signing in from a device, and renewing the tokens."""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field
from sqlalchemy import Engine

from desktop.services import roles
from sync import rules, signing
from sync.server import authority, callers, store, users
from sync.server.deps import Db, PublicRoute, problems

router = APIRouter(prefix="/api/v1/auth", tags=["đăng nhập"], route_class=PublicRoute)


class LoginForm(BaseModel):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=200)
    device_id: str = Field(min_length=8, max_length=36)
    device_name: str = Field(default="", max_length=100)
    device_key: str | None = Field(default=None, max_length=64)
    """The public key the device signs its sync files with (base64 of 32 bytes)."""


class RefreshForm(BaseModel):
    refresh_token: str = Field(min_length=10, max_length=200)
    device_key: str | None = Field(default=None, max_length=64)


class SignedInUser(BaseModel):
    name: str
    role: str
    province: str | None
    staff_record_decisions: bool = False
    """The centre lets its staff record a decision signed on paper (with its number, date and signer): the
    app keeps this with the role, to say before a step is taken whether this account may take it."""


class Session(BaseModel):
    """A device's session: its tokens, who signed in, and the provinces (scopes) they may read (None:
    every province)."""

    access_token: str
    refresh_token: str
    expires_in: int
    user: SignedInUser
    scopes: list[str] | None
    server_key: str
    """The public key the server signs its answers to sync files with (base64 of 32 bytes)."""


@router.post("/token", responses=problems(400, 401, 403, 413, 429, 503))
def token(form: LoginForm, request: Request, engine: Db) -> Session:
    """Log in from a device (registered on first login): an access and a refresh token. After failures
    in a row, attempts with that name or from that address wait (429, ``Retry-After``)."""
    address = request.client.host if request.client else ""
    tokens, who = users.sign_in(
        engine, form.username, form.password, form.device_id, form.device_name, address, form.device_key
    )
    return _session(engine, tokens, who)


@router.post("/refresh", responses=problems(400, 401, 403, 413, 503))
def refresh(form: RefreshForm, engine: Db) -> Session:
    """Exchange a refresh token for new tokens."""
    tokens, who = users.refresh(engine, form.refresh_token, form.device_key)
    return _session(engine, tokens, who)


def _session(engine: Engine, tokens: users.Tokens, who: callers.Caller) -> Session:
    scopes = rules.readable_scopes(who.role, who.province)
    with engine.connect() as connection:
        server_key = signing.public_key(store.signing_key(connection))
        policy = authority.policies(connection)(who.province) if who.province else roles.Policy()
    return Session(
        server_key=server_key,
        access_token=tokens.access,
        refresh_token=tokens.refresh,
        expires_in=tokens.expires_in,
        user=SignedInUser(
            name=who.name,
            role=who.role,
            province=who.province,
            staff_record_decisions=policy.staff_record_decisions,
        ),
        scopes=sorted(scopes) if scopes is not None else None,
    )
