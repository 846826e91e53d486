"""What sync points out by itself: an outbox that stops draining, a PC clock that is off."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx

from sync.http import HttpTransport
from sync.state import Status, clock_warning, watchdog

NOW = datetime(2026, 11, 22, 3, 0, tzinfo=UTC)


def _state(waiting: int, oldest: datetime | None, last: datetime | None = None) -> Status:
    return Status("https://dongbo.example.vn", "lan", waiting, last.isoformat() if last else "", oldest)


def test_the_watchdog_is_quiet_while_changes_flow() -> None:
    assert watchdog(_state(0, None), NOW) == ""
    assert watchdog(_state(3, NOW - timedelta(hours=5)), NOW) == ""  # offline for a morning: normal
    # Made during the last sync (it started before the edit): sent next time, nothing wrong.
    assert watchdog(_state(1, NOW - timedelta(minutes=3), NOW - timedelta(minutes=1)), NOW) == ""


def test_the_watchdog_points_out_changes_waiting_for_days() -> None:
    warning = watchdog(_state(1234, NOW - timedelta(days=4), NOW - timedelta(days=5)), NOW)
    assert warning.startswith("1.234 thay đổi đang chờ gửi từ ngày 18/11/2026")
    assert "tệp đồng bộ" in warning


def test_the_watchdog_points_out_changes_a_sync_did_not_send() -> None:
    warning = watchdog(_state(2, NOW - timedelta(hours=2), NOW - timedelta(minutes=5)), NOW)
    assert warning.startswith("2 thay đổi vẫn chưa gửi được dù máy đã đồng bộ sau khi sửa")


def test_a_clock_more_than_five_minutes_off_is_pointed_out() -> None:
    assert clock_warning(None) == ""
    assert clock_warning(timedelta(minutes=4, seconds=59)) == ""
    assert clock_warning(timedelta(minutes=-4)) == ""
    assert clock_warning(timedelta(minutes=6)).startswith("Đồng hồ của máy này chậm 6 phút so với máy chủ")
    assert clock_warning(timedelta(hours=-7)).startswith("Đồng hồ của máy này nhanh 7 giờ so với máy chủ")


def test_the_transport_reads_the_servers_clock_from_its_answers() -> None:
    ahead = datetime.now(UTC) + timedelta(hours=2)

    def server(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"status": "ok"}, headers={"Date": format_datetime(ahead, usegmt=True)})

    transport = HttpTransport("http://dongbo.test", client=httpx.Client(transport=httpx.MockTransport(server)))
    assert transport.clock_offset is None
    transport.health()
    assert transport.clock_offset is not None
    assert abs(transport.clock_offset - timedelta(hours=2)) < timedelta(seconds=5)
    assert clock_warning(transport.clock_offset).startswith("Đồng hồ của máy này chậm 2 giờ")


def test_a_real_server_and_this_pc_agree(app_client: httpx.Client) -> None:
    transport = HttpTransport(str(app_client.base_url), client=app_client)
    transport.health()
    assert transport.clock_offset is not None and abs(transport.clock_offset) < timedelta(seconds=5)
