"""Where an installation stands with its server, read cheaply (no network code): for the status bar."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from desktop.core.errors import Refused
from desktop.models import AppSetting, OutboxEntry
from desktop.services.signed_in import USER_SETTING
from desktop.store.db import Database

SERVER_SETTING = "sync_server"
LAST_SETTING = "sync_last"


@dataclass(frozen=True)
class Status:
    """What the Đồng bộ page and the status bar show."""

    server: str
    user: str
    waiting: int
    last: str  # ISO time of the last successful sync, "" if never
    oldest_waiting: datetime | None = None  # when the oldest change still waiting was made (UTC)


STALE_AFTER = timedelta(days=3)
"""Changes waiting longer than this are pointed out: the PC has been offline long, or sync is failing."""
GRACE = timedelta(minutes=15)
CLOCK_TOLERANCE = timedelta(minutes=5)
"""Beyond this the PC's clock misleads: "the later edit wins" is decided by the times edits were made."""


def watchdog(state: Status, now: datetime | None = None) -> str:
    """A warning, in Vietnamese, when the outbox stops draining; "" when all is well."""
    from desktop.core.dates import format_date
    from desktop.core.money import format_money

    if not state.waiting or state.oldest_waiting is None:
        return ""
    now = now or datetime.now(UTC)
    oldest = state.oldest_waiting.replace(tzinfo=state.oldest_waiting.tzinfo or UTC)
    count = format_money(state.waiting)
    if state.last and oldest + GRACE < datetime.fromisoformat(state.last):
        return (
            f"{count} thay đổi vẫn chưa gửi được dù máy đã đồng bộ sau khi sửa: "
            "hãy đồng bộ lại; nếu vẫn vậy, báo cho quản trị hệ thống"
        )
    if now - oldest > STALE_AFTER:
        since = format_date(oldest.astimezone().date())
        return (
            f"{count} thay đổi đang chờ gửi từ ngày {since}: hãy đồng bộ khi có mạng, "
            "hoặc gửi bằng tệp đồng bộ (USB, thư điện tử)"
        )
    return ""


def clock_warning(offset: timedelta | None) -> str:
    """A warning when this PC's clock differs from the server's by more than a few minutes."""
    if offset is None or abs(offset) <= CLOCK_TOLERANCE:
        return ""
    minutes = round(abs(offset).total_seconds() / 60)
    amount = f"{minutes} phút" if minutes < 120 else f"{round(minutes / 60)} giờ"
    direction = "chậm" if offset > timedelta(0) else "nhanh"
    return (
        f"Đồng hồ của máy này {direction} {amount} so với máy chủ: hãy chỉnh lại ngày giờ của máy "
        "(giờ sửa dữ liệu được dùng để phân xử khi hai người cùng sửa một bản ghi)"
    )


def server_address(typed: str) -> str:
    """The server address as typed, made whole: a bare host name means HTTPS. Not checked here (the
    screens call this as the address is typed): :func:`checked_server` refuses one that is no address."""
    address = typed.strip().rstrip("/")
    if address and not address.lower().startswith(("http://", "https://")):
        address = "https://" + address
    return address


class BadServer(Refused):
    """A server address that is not http(s)://host[:port][/path]: the message says what is wrong."""


# What follows "http(s)://": a host name (labels of letters, digits and inner hyphens, accented letters
# too, as a Vietnamese domain name has them; an IPv4 address fits as well) or an IPv6 address in brackets,
# then perhaps a port, then perhaps a path.
_LABEL = r"[^\W_](?:[\w-]*[^\W_])?"
_ADDRESS = re.compile(
    rf"(?:{_LABEL}(?:\.{_LABEL})*|\[[0-9A-Fa-f:.]+\])(?::(?P<port>[0-9]{{1,5}}))?(?:/[A-Za-z0-9._~%-]*)*"
)
EXAMPLE_SERVER = "https://dongbo.khuyencong.vn"


def checked_server(typed: str) -> str:
    """The address of a sync server as :func:`server_address` makes it whole (outer spaces dropped), or
    :class:`BadServer` when it cannot be one: a space inside (a name cut in two, which the network would
    read as another address), another scheme, a user name, a query, or a host that is no host name."""
    address = server_address(typed)
    shown = typed.strip()
    if any(c.isspace() for c in address):
        raise BadServer(
            f"Địa chỉ máy chủ “{shown}” có dấu cách ở giữa: địa chỉ không được có dấu cách."
            f" Hãy nhập lại đúng địa chỉ quản trị máy chủ cho, ví dụ {EXAMPLE_SERVER}"
        )
    scheme, _, rest = address.partition("://")
    found = _ADDRESS.fullmatch(rest)
    if scheme.lower() not in ("http", "https") or found is None or not 0 < int(found["port"] or 443) < 65536:
        raise BadServer(
            f"Địa chỉ máy chủ “{shown}” không đúng dạng: cần dạng http(s)://tên-máy-chủ[:cổng][/đường-dẫn]"
            f" (không có dấu cách, tên đăng nhập hay dấu ?), ví dụ {EXAMPLE_SERVER}"
        )
    return f"{scheme.lower()}://{rest}"


def setting(database: Database, key: str) -> str:
    with database.session() as session:
        return str(session.scalar(select(AppSetting.value).where(AppSetting.key == key)) or "")


def waiting_in(connection: Any) -> tuple[int, datetime | None]:
    """What waits to be sent, as the Đồng bộ page, the status bar, ``db check`` and the support report all
    count it: local changes not yet confirmed by the server, and rows never sent that the next sync queues
    (written by a version without sync, or in bulk like demo data); and when the oldest change in the outbox
    was made. ``connection``: a SQLAlchemy connection, a read-only one will do."""
    from sync.client import unadopted  # read on the read thread, after the window shows

    count, oldest = connection.execute(
        select(func.count(), func.min(OutboxEntry.at)).where(OutboxEntry.acked_at.is_(None))
    ).one()
    return int(count or 0) + unadopted(connection), oldest


def waiting(database: Database) -> int:
    """Local changes not yet confirmed by the server, and rows never sent that the next sync queues."""
    with database.engine.connect() as connection:
        return waiting_in(connection)[0]


def status(database: Database) -> Status:
    keys = (SERVER_SETTING, USER_SETTING, LAST_SETTING)
    with database.engine.connect() as connection:  # two plain queries: read at every start
        found = connection.execute(select(AppSetting.key, AppSetting.value).where(AppSetting.key.in_(keys)))
        values = {str(row[0]): str(row[1]) for row in found.all()}
        count, oldest = waiting_in(connection)
    return Status(
        values.get(SERVER_SETTING, ""),
        values.get(USER_SETTING, ""),
        int(count or 0),
        values.get(LAST_SETTING, ""),
        oldest,
    )
