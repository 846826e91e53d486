"""Where an installation stands with its server, read cheaply (no network code): for the status bar."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from desktop.db import Database
from desktop.models import AppSetting, OutboxEntry

SERVER_SETTING = "sync_server"
USER_SETTING = "sync_user"
LAST_SETTING = "sync_last"


@dataclass(frozen=True)
class Status:
    """What the Đồng bộ page and the status bar show."""

    server: str
    user: str
    waiting: int
    last: str  # ISO time of the last successful sync, "" if never


def server_address(typed: str) -> str:
    """The server address as typed, made whole: a bare host name means HTTPS."""
    address = typed.strip().rstrip("/")
    if address and not address.startswith(("http://", "https://")):
        address = "https://" + address
    return address


def setting(database: Database, key: str) -> str:
    with database.session() as session:
        return str(session.scalar(select(AppSetting.value).where(AppSetting.key == key)) or "")


def waiting(database: Database) -> int:
    """Local changes not yet confirmed by the server."""
    with database.session() as session:
        return int(session.scalar(select(func.count()).where(OutboxEntry.acked_at.is_(None))) or 0)


def status(database: Database) -> Status:
    keys = (SERVER_SETTING, USER_SETTING, LAST_SETTING)
    with database.engine.connect() as connection:  # two plain queries: read at every start
        found = connection.execute(select(AppSetting.key, AppSetting.value).where(AppSetting.key.in_(keys)))
        values = {str(row[0]): str(row[1]) for row in found.all()}
        count = connection.scalar(select(func.count()).where(OutboxEntry.acked_at.is_(None)))
    return Status(
        values.get(SERVER_SETTING, ""), values.get(USER_SETTING, ""), int(count or 0), values.get(LAST_SETTING, "")
    )
