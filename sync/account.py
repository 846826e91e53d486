"""Connecting an installation to its server: which device it is, logging in once, which scopes it pulls.

The installation's id is made once and kept in the database (``app_setting``); the server address and
the scopes the server granted are kept there too, so the app and scheduled syncs agree. The password is
never stored: after the first login only the refresh token is kept, in the OS credential store.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from desktop.db import Database
from desktop.models import AppSetting, Province
from desktop.models.base import new_id
from desktop.services.audit import DEVICE_SETTING
from sync.client import SyncClient
from sync.http import Credentials, HttpTransport, ServerRefused

SERVER_SETTING = "sync_server"
SCOPES_SETTING = "sync_scopes"
USER_SETTING = "sync_user"


def device_id(database: Database) -> str:
    """This installation's id (made on first use)."""
    with database.transaction() as session:
        found = session.scalar(select(AppSetting.value).where(AppSetting.key == DEVICE_SETTING))
        if found:
            return str(found)
        made = new_id().hex
        session.add(AppSetting(key=DEVICE_SETTING, value=made))
        return made


def stored_server(database: Database) -> str:
    """The server this installation synced with last."""
    return _setting(database, SERVER_SETTING)


def waiting(database: Database) -> int:
    """Local changes not yet confirmed by the server."""
    from sqlalchemy import func

    from desktop.models import OutboxEntry

    with database.session() as session:
        return int(session.scalar(select(func.count()).where(OutboxEntry.acked_at.is_(None))) or 0)


def _setting(database: Database, key: str) -> str:
    with database.session() as session:
        return str(session.scalar(select(AppSetting.value).where(AppSetting.key == key)) or "")


def _remember(database: Database, values: dict[str, str]) -> None:
    with database.transaction() as session:
        for key, value in values.items():
            session.merge(AppSetting(key=key, value=value))


@dataclass
class Account:
    """A logged-in connection of ``database`` to a server."""

    database: Database
    transport: HttpTransport
    credentials: Credentials
    session: dict[str, Any]

    def client(self, cancelled: Callable[[], bool] = lambda: False) -> SyncClient:
        scopes = self.session.get("scopes")
        if scopes is None:  # the ministry: every province
            with self.database.session() as session:
                scopes = ["00", *session.scalars(select(Province.code).order_by(Province.code))]
        return SyncClient(self.database, self.transport, list(scopes), cancelled)

    def keep(self) -> None:
        """Keep the new refresh token (tokens are renewed at every login and refresh)."""
        if self.transport.refresh_token:
            self.credentials.set(self.transport.refresh_token)


def connect(
    database: Database,
    server: str,
    username: str | None,
    password: Callable[[], str],
    transport: HttpTransport | None = None,
) -> Account:
    """Log in to ``server``: with the kept refresh token when there is one, else with a password."""
    device = device_id(database)
    transport = transport or HttpTransport(server)
    credentials = Credentials(server, device)
    kept = credentials.get()
    session: dict[str, Any] | None = None
    if kept and not username:
        try:
            session = transport.renew(kept)
        except ServerRefused as refused:
            if refused.code != "login":
                raise
            credentials.forget()
    if session is None:
        name = username or _setting(database, USER_SETTING)
        if not name:
            raise ServerRefused("login", "Cần tên đăng nhập (--user) cho lần đồng bộ đầu tiên")
        session = transport.login(name, password(), device, _device_name())
    account = Account(database, transport, credentials, session)
    account.keep()
    _remember(database, {SERVER_SETTING: server, USER_SETTING: str(session["user"]["name"])})
    return account


def _device_name() -> str:
    import platform

    return platform.node()[:100]
