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

from desktop.models import AppSetting, Province
from desktop.models.base import NATIONAL_SCOPE
from desktop.services.signed_in import DECISIONS_SETTING, ROLE_SETTING, USER_SETTING
from desktop.store import clock
from desktop.store.db import Database
from sync import signing
from sync.client import SyncClient
from sync.http import KEYRING_SERVICE, Credentials, HttpTransport, PasswordNeeded, ServerRefused
from sync.state import LAST_SETTING, SERVER_SETTING, Status, checked_server, setting, status, waiting

PROVINCE_SETTING = "province_code"  # the centre's province, as Cài đặt keeps it (desktop.services.settings)

__all__ = ["Account", "Status", "connect", "device_id", "sign_out", "status", "stored_server", "synced", "waiting"]


def device_id(database: Database) -> str:
    """This installation's id (made on first use)."""
    with database.transaction() as session:
        return clock.device_id(session)


SIGNING_SETTING = "sync_signing_key"  # app_setting, where the OS has no credential store
SERVER_KEY_SETTING = "sync_server_key"  # app_setting: the server's public key, to check its answers


def signing_key(database: Database) -> str:
    """This installation's private key for signing its sync files (made on first use).

    Kept in the OS credential store. Where there is none it is kept in the database: unlike a password, it
    only lets someone make sync files as this PC, and whoever holds the database file holds its data already;
    a PC that syncs only by file must keep it across runs."""
    import keyring
    from keyring.errors import KeyringError

    device = device_id(database)
    name = f"ky-tep-dong-bo|{device}"
    try:
        stored = keyring.get_password(KEYRING_SERVICE, name)
    except KeyringError:
        stored = None
    if stored:
        return stored
    kept = setting(database, SIGNING_SETTING)
    if kept:
        return kept
    made = signing.new_key()
    try:
        keyring.set_password(KEYRING_SERVICE, name, made)
    except KeyringError:
        _remember(database, {SIGNING_SETTING: made})
    return made


def keep_signing_key(database: Database, private: str) -> None:
    """Use ``private`` as this installation's signing key (an enrolment file brings one)."""
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(KEYRING_SERVICE, f"ky-tep-dong-bo|{device_id(database)}", private)
        _remember(database, {SIGNING_SETTING: ""})
    except KeyringError:
        _remember(database, {SIGNING_SETTING: private})


def synced(database: Database) -> bool:
    """Record that a sync just finished; False when the file was being written meanwhile (the program's own
    long write, an import): then not waited for, as a sync that took nothing waited for nothing else, and the
    next sync records its time."""
    from sqlalchemy.exc import OperationalError

    from desktop.models.base import utcnow
    from desktop.store.db import BUSY_TIMEOUT_MS

    try:
        with database.transaction() as session:
            connection = session.connection()
            connection.exec_driver_sql("PRAGMA busy_timeout = 0")
            try:
                session.merge(AppSetting(key=LAST_SETTING, value=utcnow().isoformat()))
                session.flush()
            finally:
                connection.exec_driver_sql(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    except OperationalError as error:
        if "locked" not in str(error.orig):
            raise
        return False
    return True


def sign_out(database: Database, server: str) -> None:
    """Forget this installation's login to ``server`` (the next sync asks for the password)."""
    Credentials(server, device_id(database)).forget()
    _remember(database, {USER_SETTING: ""})


def enrolled(
    database: Database, user: str, server_key: str, province: str = "", role: str = "", record_decisions: bool = False
) -> None:
    """Record who this installation syncs as, with the account's role and what the centre lets staff do,
    and the server's public key (an enrolment file brings them)."""
    _remember(
        database,
        {
            USER_SETTING: user,
            SERVER_KEY_SETTING: server_key,
            ROLE_SETTING: role,
            DECISIONS_SETTING: "1" if record_decisions else "",
        },
    )
    adopt_province(database, province)


def adopt_province(database: Database, province: str | None) -> None:
    """A PC set up by its first sign-in (or an enrolment file) takes the province of the account when none is
    set yet: its imports, forms and reports are that province's. One set in Cài đặt is never changed."""
    if not province or province == NATIONAL_SCOPE:
        return
    with database.transaction() as session:
        current = session.get(AppSetting, PROVINCE_SETTING)
        if current is None or not current.value:
            session.merge(AppSetting(key=PROVINCE_SETTING, value=province))


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
    """Log in to ``server``: with the kept refresh token when there is one, else with a password.
    :class:`sync.state.BadServer` for an address that cannot be one (it is never kept)."""
    server = checked_server(server)
    device = device_id(database)
    if transport is None:
        transport = HttpTransport(server)
        try:
            return connect(database, server, username, password, transport)
        except BaseException:
            transport.close()
            raise
    credentials = Credentials(server, device)
    transport.device_key = signing.public_key(signing_key(database))
    kept = credentials.get()
    session: dict[str, Any] | None = None
    ended = False  # the kept sign-in was refused: expired, or revoked by the server's administrator
    if kept and not username:
        try:
            session = transport.renew(kept)
        except ServerRefused as refused:
            if refused.code != "login":
                raise
            credentials.forget()
            ended = True
    if session is None:
        name = username or setting(database, USER_SETTING)
        if not name:
            raise ServerRefused("login", "Cần tên đăng nhập (--user) cho lần đồng bộ đầu tiên")
        secret = password()
        if not secret:
            raise PasswordNeeded(_why_password(name, ended, credentials.persistent))
        session = transport.login(name, secret, device, _device_name(), transport.device_key)
    account = Account(database, transport, credentials, session)
    account.keep()
    user = session["user"]
    remembered = {
        SERVER_SETTING: server,
        USER_SETTING: str(user["name"]),
        ROLE_SETTING: str(user.get("role") or ""),
        DECISIONS_SETTING: "1" if user.get("staff_record_decisions") else "",
    }
    if session.get("server_key"):
        remembered[SERVER_KEY_SETTING] = str(session["server_key"])
    _remember(database, remembered)
    adopt_province(database, session["user"].get("province"))
    return account


def _why_password(name: str, ended: bool, persistent: bool) -> str:
    """Why the password of ``name`` is asked for again, and that nothing waiting is lost meanwhile."""
    if ended:
        why = "phiên đăng nhập đồng bộ đã hết hạn hoặc đã bị quản trị máy chủ thu hồi"
    elif not persistent:
        why = "máy này không có kho mật khẩu của hệ điều hành nên không giữ được phiên đăng nhập sau khi tắt phần mềm"
    else:
        why = "máy này chưa đăng nhập đồng bộ (hoặc đã đăng xuất)"
    return (
        f"Cần nhập mật khẩu của “{name}” để đồng bộ: {why}. Nhập mật khẩu rồi bấm “Đồng bộ ngay”."
        " Các thay đổi vẫn được giữ trên máy này."
    )


def _device_name() -> str:
    import platform

    return platform.node()[:100]
