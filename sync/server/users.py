"""The server's accounts: users, their devices, passwords and tokens — all of it here, for the HTTP routes,
the ``khuyencong-server user`` command, the sync bundles and the tests alike.

Passwords are hashed with Argon2id. Tokens are random strings given to the client once; the server keeps
only their SHA-256, in the database (any server process can check them, a copied table holds no usable
token). Access tokens live minutes, refresh tokens weeks; refreshing replaces both. Whatever ends a user's
right to go on as before — a new password, a disabled account — ends every session of that user at once,
not when the tokens run out.

The management functions take a ``Connection``, so a command composes several in one transaction. The
three a request calls (:func:`sign_in`, :func:`refresh`, :func:`authenticate`) take the engine: each is
one transaction of its own. Signing in is slowed after failures in a row, counted in the database (several
server processes share it; nothing is kept in a process's memory).
"""

from __future__ import annotations

import hashlib
import math
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, Engine, Row, delete, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from desktop.services import roles
from sync import signing
from sync.server import schema
from sync.server.callers import Caller
from sync.server.store import Forbidden, SyncRefused, now
from sync.server.transactions import writing

ACCESS_LIFETIME = timedelta(minutes=15)
REFRESH_LIFETIME = timedelta(days=30)
_hasher = PasswordHasher()


FREE_FAILURES = {"user": 5, "address": 20}
"""Failures in a row before attempts must wait: per name tried, and per address they come from (higher:
the PCs of a centre reach the server through one router, and each of their users may mistype)."""
FIRST_WAIT = timedelta(seconds=30)
"""The wait after the last free failure; it doubles with each further failure in a row…"""
LONGEST_WAIT = timedelta(minutes=15)
"""…up to this: someone who forgot a password is not shut out for the day; a guesser gets at most a couple
of hundred tries a day at one name."""
FORGET_AFTER = timedelta(hours=1)
"""Failures in a row are forgotten after this long without one (longer than LONGEST_WAIT, so waiting out
the longest wait does not start the count again)."""


class TooManyAttempts(SyncRefused):
    """Too many failed sign-ins in a row from this name or address: try again in ``retry_after`` seconds.
    Said the same whether the name exists or not."""

    code = "throttled"

    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__(f"Đăng nhập sai nhiều lần liên tiếp: hãy thử lại sau {_duration(retry_after)}")


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
    if role not in roles.ROLES:
        raise ValueError(f"vai trò “{role}” không có; chọn một trong: {', '.join(roles.ROLES)}")
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
def register_device(
    connection: Connection, user_id: int, device_id: str, name: str, key: str | None = None, replace: bool = False
) -> None:
    """Register an installation; registering it again (a retried request) changes nothing. ``key``: the public
    key it signs its sync files with, kept when it has none yet.

    ``replace``: a sign-in with a password, which vouches for what it brings: a new key, and the person now
    at the PC when :func:`may_take_over` allows it (a director who signs in on a staff member's PC to bring
    the centre's records in: the PC's changes go on from where they are, under the director's rights, and
    the previous user's sessions on that PC end). Anyone else is refused (Forbidden): a device id is no
    secret (it ends every clock value served to the province), so a password of one's own must not buy
    another user's PC — its key, its ledger, its sessions."""
    if key is not None and not signing.is_public_key(key):
        raise SyncRefused("Khóa ký của máy không hợp lệ")
    existing = connection.execute(select(schema.device).where(schema.device.c.id == device_id)).first()
    if existing is None:
        connection.execute(
            insert(schema.device).values(
                id=device_id, user_id=user_id, name=name, last_seq=0, registered_at=now(), public_key=key
            )
        )
        return
    changes: dict[str, Any] = {}
    if existing.user_id != user_id:
        if not replace:
            raise Forbidden("Máy này đã đăng ký cho người dùng khác")
        if not may_take_over(connection, user_id, int(existing.user_id)):
            raise Forbidden(
                "Máy này đã được ghi danh cho người dùng khác: chỉ người đó, hoặc Giám đốc Trung tâm hay quản trị"
                " của cùng tỉnh, đăng nhập được trên máy này"
            )
        connection.execute(delete(schema.token).where(schema.token.c.device_id == device_id))
        changes["user_id"] = user_id
    if key is not None and key != existing.public_key and (replace or existing.public_key is None):
        changes["public_key"] = key
    if changes:
        connection.execute(update(schema.device).where(schema.device.c.id == device_id).values(**changes))


def may_take_over(connection: Connection, user_id: int, owner_id: int) -> bool:
    """May user ``user_id``, signing in with their password, take over a device registered for ``owner_id``?
    Within one province: a director or an administrator takes a staff member's PC (to bring that centre's
    records in, which they may do anyway), and the staff member takes their PC back afterwards; staff do not
    take each other's. A user without a province (central, a server-wide administrator) takes none."""
    taker = connection.execute(select(schema.user).where(schema.user.c.id == user_id)).first()
    owner = connection.execute(select(schema.user).where(schema.user.c.id == owner_id)).first()
    if taker is None or owner is None or not taker.province_code or taker.province_code != owner.province_code:
        return False
    return taker.role in ("director", "admin") or owner.role in ("director", "admin")


def enrol(connection: Connection, name: str, device_name: str) -> tuple[str, str]:
    """Enrol a PC that never goes online for user ``name``: a new device id and signing key, the public half
    registered. Returns (device id, private key): they go to the PC in an enrolment file, never elsewhere."""
    user_id = _existing(connection, name)
    device_id, private = str(uuid.uuid4()), signing.new_key()
    register_device(connection, user_id, device_id, device_name, signing.public_key(private))
    return device_id, private


def device_key(connection: Connection, device_id: str) -> tuple[int, str | None] | None:
    """The user and the registered public key of device ``device_id`` (None: no such device)."""
    found = connection.execute(
        select(schema.device.c.user_id, schema.device.c.public_key).where(schema.device.c.id == device_id)
    ).first()
    return None if found is None else (int(found.user_id), found.public_key)


def caller(connection: Connection, user_id: int, device_id: str) -> Caller:
    """Who asks, from the server's own tables; Forbidden when the user is disabled or gone."""
    found = connection.execute(select(schema.user).where(schema.user.c.id == user_id)).first()
    if found is None or found.disabled:
        raise Forbidden("Tài khoản đã bị khóa hoặc không còn")
    return Caller(found.id, found.name, found.role, found.province_code, device_id)


# --- signing in and tokens ----------------------------------------------------------------------------
def sign_in(
    engine: Engine,
    name: str,
    password: str,
    device_id: str,
    device_name: str,
    address: str = "",
    key: str | None = None,
) -> tuple[Tokens, Caller]:
    """Check the password, register the device if new, and give it tokens. ``address``: where the attempt
    comes from (the client's IP address); ``key``: the public key the device signs its sync files with.

    Failures in a row lock the name, and the address, for a while (:func:`_count_failure`); a locked
    attempt is refused with TooManyAttempts before its password is even looked at. The failure is
    committed before the refusal is raised: a refused attempt still counts."""
    refused = LoginRefused("Sai tên đăng nhập hoặc mật khẩu")
    with writing(engine) as connection:
        attempts = _hold_attempts(connection, name, address)
        wait = max((_remaining(a) for a in attempts), default=0)
        if wait:
            raise TooManyAttempts(wait)
        user = connection.execute(select(schema.user).where(schema.user.c.name == name)).first()
        if user is None:
            _hasher.hash(password)  # the same time as a wrong password: names cannot be guessed by timing
        if user is None or not _verified(user.password_hash, password):
            for attempt in attempts:
                _count_failure(connection, attempt)
        else:
            if user.disabled:
                raise LoginRefused("Tài khoản đã bị khóa: liên hệ quản trị máy chủ")
            if _hasher.check_needs_rehash(user.password_hash):
                connection.execute(
                    update(schema.user).where(schema.user.c.id == user.id).values(password_hash=_hasher.hash(password))
                )
            _count_success(connection, name, attempts)
            register_device(connection, user.id, device_id, device_name, key, replace=True)
            return _issue(connection, user.id, device_id), caller(connection, user.id, device_id)
    raise refused


def refresh(engine: Engine, token: str, key: str | None = None) -> tuple[Tokens, Caller]:
    """New tokens for a valid refresh token (which is used up). ``key``: the device's signing key, kept
    when the device has none yet (a PC that signed in before files were signed)."""
    with writing(engine) as connection:
        found = _valid(connection, token, "refresh")
        connection.execute(delete(schema.token).where(schema.token.c.digest == _digest(token)))
        who = caller(connection, found.user_id, found.device_id)
        if key is not None:
            register_device(connection, found.user_id, found.device_id, "", key)
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


def _verified(password_hash: str, password: str) -> bool:
    try:
        return bool(_hasher.verify(password_hash, password))
    except (VerificationError, InvalidHashError):
        return False


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


# --- how often signing in may be tried ----------------------------------------------------------------
def _duration(seconds: int) -> str:
    return f"{seconds} giây" if seconds < 90 else f"{math.ceil(seconds / 60)} phút"


def _key(kind: str, value: str) -> str:
    return f"{kind}:{value}"[:100]


def _hold_attempts(connection: Connection, name: str, address: str) -> list[Row[Any]]:
    """The failure counts of ``name`` and ``address``, locked until commit: attempts at one name (or from
    one address) take their turn, so a guesser sending many at once cannot all pass before one fails."""
    failures = schema.login_failure
    keys = sorted({_key("user", name)} | ({_key("address", address)} if address else set()))
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    for key in keys:  # a row to lock even before the first failure; in one order: no deadlock
        connection.execute(dialect.insert(failures).values(key=key, failures=0).on_conflict_do_nothing())
    return list(connection.execute(select(failures).where(failures.c.key.in_(keys)).with_for_update()))


def _remaining(attempt: Row[Any]) -> int:
    """Seconds before ``attempt``'s name or address may try again (0: now)."""
    if attempt.locked_until is None:
        return 0
    return max(0, math.ceil((_aware(attempt.locked_until) - now()).total_seconds()))


def _count_failure(connection: Connection, attempt: Row[Any]) -> None:
    at = now()
    failures = schema.login_failure
    last = attempt.last_failure_at
    count = 1 if last is None or at - _aware(last) > FORGET_AFTER else int(attempt.failures) + 1
    beyond = count - FREE_FAILURES[str(attempt.key).partition(":")[0]]
    wait = min(LONGEST_WAIT, FIRST_WAIT * 2 ** min(beyond, 16)) if beyond >= 0 else None
    connection.execute(
        update(failures)
        .where(failures.c.key == attempt.key)
        .values(failures=count, last_failure_at=at, locked_until=None if wait is None else at + wait)
    )
    # Names and addresses tried once and never again: they would pile up.
    connection.execute(delete(failures).where(failures.c.last_failure_at < at - FORGET_AFTER))


def _count_success(connection: Connection, name: str, attempts: list[Row[Any]]) -> None:
    """The name starts its count again; the address does not: an account of one's own must not buy more
    guesses at the others' (the address's failures go after FORGET_AFTER without one)."""
    failures = schema.login_failure
    clean = [a.key for a in attempts if a.last_failure_at is None]  # made for this attempt: not kept
    connection.execute(delete(failures).where(failures.c.key.in_([_key("user", name), *clean])))
