"""Passwords and tokens of the sync server.

Passwords are hashed with Argon2id. Tokens are random strings given to the client once; the server keeps
only their SHA-256, in the database (any server process can check them, a copied table holds no usable
token). Access tokens live minutes, refresh tokens weeks; refreshing replaces both.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, Engine, Row, delete, insert, select, update

from sync.server import schema, store

ACCESS_LIFETIME = timedelta(minutes=15)
REFRESH_LIFETIME = timedelta(days=30)
_hasher = PasswordHasher()


class LoginRefused(store.SyncRefused):
    code = "login"


def hash_password(password: str) -> str:
    if len(password) < 8:
        raise ValueError("Mật khẩu cần ít nhất 8 ký tự")
    return _hasher.hash(password)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Tokens:
    access: str
    refresh: str
    expires_in: int


def _issue(connection: Connection, user_id: int, device_id: str) -> Tokens:
    access, refresh = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    now = store.now()
    connection.execute(
        delete(schema.token).where(schema.token.c.device_id == device_id, schema.token.c.expires_at < now)
    )
    for token, kind, lifetime in ((access, "access", ACCESS_LIFETIME), (refresh, "refresh", REFRESH_LIFETIME)):
        connection.execute(
            insert(schema.token).values(
                digest=_digest(token), kind=kind, user_id=user_id, device_id=device_id, expires_at=now + lifetime
            )
        )
    return Tokens(access, refresh, int(ACCESS_LIFETIME.total_seconds()))


def login(engine: Engine, name: str, password: str, device_id: str, device_name: str) -> tuple[Tokens, store.Caller]:
    """Check the password, register the device if new, and give it tokens."""
    refused = LoginRefused("Sai tên đăng nhập hoặc mật khẩu")
    with store.writing(engine) as connection:
        user = connection.execute(select(schema.user).where(schema.user.c.name == name)).first()
        if user is None:
            _hasher.hash(password)  # the same time as a wrong password: names cannot be guessed by timing
            raise refused
        try:
            _hasher.verify(user.password_hash, password)
        except (VerificationError, InvalidHashError):
            raise refused from None
        if user.disabled:
            raise LoginRefused("Tài khoản đã bị khóa: liên hệ quản trị máy chủ")
        if _hasher.check_needs_rehash(user.password_hash):
            connection.execute(
                update(schema.user).where(schema.user.c.id == user.id).values(password_hash=_hasher.hash(password))
            )
        store.register_device(connection, user.id, device_id, device_name)
        return _issue(connection, user.id, device_id), store.caller(connection, user.id, device_id)


def refresh(engine: Engine, token: str) -> tuple[Tokens, store.Caller]:
    """New tokens for a valid refresh token (which is used up)."""
    with store.writing(engine) as connection:
        found = _valid(connection, token, "refresh")
        connection.execute(delete(schema.token).where(schema.token.c.digest == _digest(token)))
        who = store.caller(connection, found.user_id, found.device_id)
        return _issue(connection, found.user_id, found.device_id), who


def authenticate(engine: Engine, token: str) -> store.Caller:
    """The caller an access token stands for; LoginRefused when it is unknown or expired."""
    with engine.connect() as connection:
        found = _valid(connection, token, "access")
        return store.caller(connection, found.user_id, found.device_id)


def _valid(connection: Connection, token: str, kind: str) -> Row[Any]:
    found = connection.execute(
        select(schema.token).where(schema.token.c.digest == _digest(token), schema.token.c.kind == kind)
    ).first()
    if found is None:
        raise LoginRefused("Phiên đăng nhập không hợp lệ: hãy đăng nhập lại")
    expires = found.expires_at if found.expires_at.tzinfo else found.expires_at.replace(tzinfo=UTC)  # SQLite: naive
    if expires < store.now():
        raise LoginRefused("Phiên đăng nhập đã hết hạn: hãy đăng nhập lại")
    return found
