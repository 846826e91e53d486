"""The server's accounts: users, their devices, passwords and tokens — all of it here, for the HTTP routes,
the ``khuyencong-server user`` command, the sync bundles and the tests alike.

Passwords are hashed with Argon2id. Tokens are random strings given to the client once; the server keeps
only their SHA-256, in the database (any server process can check them, a copied table holds no usable
token). Access tokens live minutes, refresh tokens weeks; refreshing replaces both. Whatever ends a user's
right to go on as before — a new password, a disabled account — ends every session of that user at once,
not when the tokens run out.

The management functions take a ``Connection``, so a command composes several in one transaction. The
three a request calls (:func:`sign_in`, :func:`refresh`, :func:`authenticate`) take the engine: each is
one transaction of its own.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, Engine, Row, delete, insert, select, update

from sync import rules
from sync.server import schema
from sync.server.store import Caller, Forbidden, SyncRefused, now, writing

ACCESS_LIFETIME = timedelta(minutes=15)
REFRESH_LIFETIME = timedelta(days=30)
_hasher = PasswordHasher()


class LoginRefused(SyncRefused):
    code = "login"


@dataclass(frozen=True)
class Account:
    """A user as the administrator sees them (``khuyencong-server user list``)."""

    name: str
    role: str
    province: str | None
    disabled: bool


@dataclass(frozen=True)
class Tokens:
    access: str
    refresh: str
    expires_in: int


# --- users --------------------------------------------------------------------------------------------
def hash_password(password: str) -> str:
    """The Argon2id hash kept for ``password``; ValueError when it is too short to keep anyone out."""
    if len(password) < 8:
        raise ValueError("Mật khẩu cần ít nhất 8 ký tự")
    return _hasher.hash(password)


def add(connection: Connection, name: str, password_hash: str, role: str, province: str | None) -> int:
    """Add a user; their id. ValueError for an unknown role, or a province role without a province."""
    if role not in rules.ROLES:
        raise ValueError(f"vai trò “{role}” không có; chọn một trong: {', '.join(rules.ROLES)}")
    if role in ("staff", "director", "viewer") and not province:
        raise ValueError(f"vai trò {role} cần mã tỉnh")
    values = {
        "name": name,
        "password_hash": password_hash,
        "role": role,
        "province_code": province,
        "disabled": False,
        "created_at": now(),
    }
    key = connection.execute(insert(schema.user).values(**values)).inserted_primary_key
    assert key is not None
    return int(key[0])


def find(connection: Connection, name: str) -> int | None:
    """The id of the user called ``name``, if there is one."""
    found = connection.scalar(select(schema.user.c.id).where(schema.user.c.name == name))
    return None if found is None else int(found)


def accounts(connection: Connection) -> list[Account]:
    """Every user, by name."""
    user = schema.user.c
    found = connection.execute(select(user.name, user.role, user.province_code, user.disabled).order_by(user.name))
    return [Account(r.name, r.role, r.province_code, bool(r.disabled)) for r in found]


def _existing(connection: Connection, name: str) -> int:
    found = find(connection, name)
    if found is None:
        raise ValueError(f"Không có người dùng {name}")
    return found


def set_disabled(connection: Connection, name: str, disabled: bool) -> None:
    """Disable (or enable again) the user ``name``; disabling ends their sessions now."""
    user_id = _existing(connection, name)
    connection.execute(update(schema.user).where(schema.user.c.id == user_id).values(disabled=disabled))
    if disabled:
        end_sessions(connection, user_id)


def change_password(connection: Connection, name: str, password_hash: str) -> None:
    """Give ``name`` a new password (its hash); whoever signed in with the old one is signed out."""
    user_id = _existing(connection, name)
    connection.execute(update(schema.user).where(schema.user.c.id == user_id).values(password_hash=password_hash))
    end_sessions(connection, user_id)


def end_sessions(connection: Connection, user_id: int) -> None:
    """Revoke every access and refresh token of the user, on every device: the next request signs in again."""
    connection.execute(delete(schema.token).where(schema.token.c.user_id == user_id))


# --- devices and callers ------------------------------------------------------------------------------
def register_device(connection: Connection, user_id: int, device_id: str, name: str) -> None:
    """Register an installation; registering it again (a retried request) changes nothing."""
    existing = connection.execute(select(schema.device).where(schema.device.c.id == device_id)).first()
    if existing is not None:
        if existing.user_id != user_id:
            raise Forbidden("Máy này đã đăng ký cho người dùng khác")
        return
    connection.execute(
        insert(schema.device).values(id=device_id, user_id=user_id, name=name, last_seq=0, registered_at=now())
    )


def caller(connection: Connection, user_id: int, device_id: str) -> Caller:
    """Who asks, from the server's own tables; Forbidden when the user is disabled or gone."""
    found = connection.execute(select(schema.user).where(schema.user.c.id == user_id)).first()
    if found is None or found.disabled:
        raise Forbidden("Tài khoản đã bị khóa hoặc không còn")
    return Caller(found.id, found.name, found.role, found.province_code, device_id)


# --- signing in and tokens ----------------------------------------------------------------------------
def sign_in(engine: Engine, name: str, password: str, device_id: str, device_name: str) -> tuple[Tokens, Caller]:
    """Check the password, register the device if new, and give it tokens."""
    refused = LoginRefused("Sai tên đăng nhập hoặc mật khẩu")
    with writing(engine) as connection:
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
        register_device(connection, user.id, device_id, device_name)
        return _issue(connection, user.id, device_id), caller(connection, user.id, device_id)


def refresh(engine: Engine, token: str) -> tuple[Tokens, Caller]:
    """New tokens for a valid refresh token (which is used up)."""
    with writing(engine) as connection:
        found = _valid(connection, token, "refresh")
        connection.execute(delete(schema.token).where(schema.token.c.digest == _digest(token)))
        who = caller(connection, found.user_id, found.device_id)
        return _issue(connection, found.user_id, found.device_id), who


def authenticate(engine: Engine, token: str) -> Caller:
    """The caller an access token stands for; LoginRefused when it is unknown, expired or revoked."""
    with engine.connect() as connection:
        found = _valid(connection, token, "access")
        return caller(connection, found.user_id, found.device_id)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _issue(connection: Connection, user_id: int, device_id: str) -> Tokens:
    access, refresh = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    at = now()
    connection.execute(
        delete(schema.token).where(schema.token.c.device_id == device_id, schema.token.c.expires_at < at)
    )
    for token, kind, lifetime in ((access, "access", ACCESS_LIFETIME), (refresh, "refresh", REFRESH_LIFETIME)):
        connection.execute(
            insert(schema.token).values(
                digest=_digest(token), kind=kind, user_id=user_id, device_id=device_id, expires_at=at + lifetime
            )
        )
    return Tokens(access, refresh, int(ACCESS_LIFETIME.total_seconds()))


def _valid(connection: Connection, token: str, kind: str) -> Row[Any]:
    found = connection.execute(
        select(schema.token).where(schema.token.c.digest == _digest(token), schema.token.c.kind == kind)
    ).first()
    if found is None:
        raise LoginRefused("Phiên đăng nhập không hợp lệ: hãy đăng nhập lại")
    if _aware(found.expires_at) < now():
        raise LoginRefused("Phiên đăng nhập đã hết hạn: hãy đăng nhập lại")
    return found


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)  # SQLite gives them back naive
