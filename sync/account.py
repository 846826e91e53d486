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
from desktop.services import audit
from sync.client import SyncClient
from sync.http import Credentials, HttpTransport, ServerRefused
from sync.state import LAST_SETTING, SERVER_SETTING, USER_SETTING, Status, setting, status, waiting

__all__ = ["Account", "Status", "connect", "device_id", "sign_out", "status", "stored_server", "synced", "waiting"]


def device_id(database: Database) -> str:
    """This installation's id (made on first use)."""
    with database.transaction() as session:
        return audit.device_id(session)


def synced(database: Database) -> None:
    """Record that a sync just finished."""
    from desktop.models.base import utcnow

    _remember(database, {LAST_SETTING: utcnow().isoformat()})


def sign_out(database: Database, server: str) -> None:
    """Forget this installation's login to ``server`` (the next sync asks for the password)."""
    Credentials(server, device_id(database)).forget()
    _remember(database, {USER_SETTING: ""})


def stored_server(database: Database) -> str:
    """The server this installation synced with last."""
    return setting(database, SERVER_SETTING)


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

    def client(self, progress: Callable[[str, int, int], None] | None = None) -> SyncClient:
        scopes = self.session.get("scopes")
        if scopes is None:  # the ministry: every province
            with self.database.session() as session:
                scopes = ["00", *session.scalars(select(Province.code).order_by(Province.code))]
        client = SyncClient(self.database, self.transport, list(scopes))
        if progress is not None:
            client.progress = progress
        return client

    def close(self) -> None:
        self.transport.close()

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
    if transport is None:
        transport = HttpTransport(server)
        try:
            return connect(database, server, username, password, transport)
        except BaseException:
            transport.close()
            raise
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
        name = username or setting(database, USER_SETTING)
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
