"""The Đồng bộ page: logging in, syncing with progress, errors in Vietnamese, the status bar, the inbox."""

from __future__ import annotations

import uuid
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, update

from desktop.models import AppSetting, Facility, OutboxEntry
from desktop.models.base import utcnow
from desktop.services.dates import format_date
from desktop.ui.context import AppContext
from desktop.ui.main_window import MainWindow
from desktop.ui.sync_page import SyncPage
from sync.state import SERVER_SETTING
from tests.conftest import commune, make_facility
from tests.qt_fixtures import wait_idle
from tests.sync_fixtures import PASSWORD, Installation


@pytest.fixture(params=["sqlite"])
def server(request: pytest.FixtureRequest, tmp_path: Path) -> Engine:
    """The page's tests need one server database only (the protocol runs on both elsewhere)."""
    from sync.server import store

    return store.open_engine(f"sqlite:///{tmp_path / 'server.sqlite3'}")


def _window(qtbot: QtBot, ctx: AppContext) -> tuple[MainWindow, SyncPage]:
    window = MainWindow(ctx, "dong-bo")
    qtbot.addWidget(window)
    window.show()
    wait_idle(qtbot, ctx)
    page = window.page("dong-bo")
    assert isinstance(page, SyncPage)
    return window, page


def _sync(qtbot: QtBot, ctx: AppContext, page: SyncPage) -> None:
    page.sync_button.click()
    qtbot.waitUntil(lambda: not page.controller.running, timeout=30_000)
    wait_idle(qtbot, ctx)


def test_first_sync_from_the_page(qtbot: QtBot, ctx: AppContext, app_client: httpx.Client) -> None:
    with ctx.runner.database.transaction("can-bo") as session:
        make_facility(session, commune(session, "48", "xa"), name="Cơ sở đèn lồng Hội An")
    window, page = _window(qtbot, ctx)
    assert page.signed_in.text() == "Chưa đăng nhập"
    assert page.waiting.text() == "1"
    assert window.sync_state.text() == "Chưa kết nối máy chủ"
    page.server.setText(str(app_client.base_url).rstrip("/"))
    page.user.setText("lan")
    _sync(qtbot, ctx, page)
    assert page.error.text() == "Nhập mật khẩu để đăng nhập lần đầu"
    page.password.setText("sai-mat-khau")
    _sync(qtbot, ctx, page)
    assert page.error.text() == "Sai tên đăng nhập hoặc mật khẩu"
    page.password.setText(PASSWORD)
    _sync(qtbot, ctx, page)
    assert page.error.text() == ""
    assert page.result.text().startswith("Đồng bộ xong: đã gửi 1, đã nhận")
    assert page.password.text() == ""  # never kept on screen or on disk
    assert page.signed_in.text() == "Đã đăng nhập: lan"
    assert page.waiting.text() == "0"
    assert window.sync_state.text().startswith("Đồng bộ lúc ")
    assert window.sync_state.text().endswith("0 thay đổi chờ gửi")
    # The next sync needs no password: the login is kept in the OS credential store.
    _sync(qtbot, ctx, page)
    assert page.error.text() == ""
    window.close()


def test_the_inbox_settles_a_conflict_in_one_click(
    qtbot: QtBot, ctx: AppContext, app_client: httpx.Client, server: Engine, template_db: Path, tmp_path: Path
) -> None:
    url = str(app_client.base_url).rstrip("/")
    window, page = _window(qtbot, ctx)
    page.server.setText(url)
    page.user.setText("lan")
    page.password.setText(PASSWORD)
    with ctx.runner.database.transaction("can-bo") as session:
        facility = make_facility(session, commune(session, "48", "xa"), name="Cơ sở mây tre Cẩm Lệ")
        session.flush()
        row_id = facility.id
    _sync(qtbot, ctx, page)
    other = Installation(server, template_db, tmp_path / "b", "may-b", "minh", "staff", "48")
    try:
        other.client.sync()
        with other.database.transaction("minh") as session:
            found = session.get(Facility, row_id)
            assert found is not None
            found.phone = "0911111111"
        other.client.sync()
        with ctx.runner.database.transaction("can-bo") as session:
            found = session.get(Facility, row_id)
            assert found is not None
            found.phone = "0922222222"  # typed later: wins, the other value goes to the inbox
        _sync(qtbot, ctx, page)
        assert "1 xung đột cần xem" in page.result.text()
        assert page.conflicts.rowCount() == 1
        cells = [page.conflicts.item(0, c).text() for c in range(page.conflicts.columnCount())]  # type: ignore[union-attr]
        assert cells[0] == "Cơ sở CNNT “Cơ sở mây tre Cẩm Lệ”"
        assert cells[1:3] == ["Điện thoại", "0922222222"]
        assert cells[3].startswith("lan ")  # who signed in to sync, as the server records it
        assert cells[4] == "0911111111"
        assert cells[5].startswith("minh ")
        page.conflicts.selectRow(0)
        page.other_button.click()
        wait_idle(qtbot, ctx)
        assert page.result.text() == "Đã dùng giá trị kia"
        assert page.conflicts.rowCount() == 0
        assert page.inbox_note.text() == "Không có xung đột nào."
        _sync(qtbot, ctx, page)
        other.client.sync()
        with other.database.session() as session:
            found = session.get(Facility, uuid.UUID(str(row_id)))
            assert found is not None and found.phone == "0911111111"
    finally:
        other.close()
        window.close()


def test_no_server_is_said_plainly_and_nothing_is_lost(
    qtbot: QtBot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sync.http.RETRIES", 1)
    with ctx.runner.database.transaction("can-bo") as session:
        make_facility(session, commune(session, "48", "xa"))
    window, page = _window(qtbot, ctx)
    page.server.setText("http://127.0.0.1:9")
    page.user.setText("lan")
    page.password.setText(PASSWORD)
    _sync(qtbot, ctx, page)
    assert page.error.text().startswith("Không kết nối được máy chủ http://127.0.0.1:9")
    assert page.waiting.text() == "1"
    window.close()


def test_an_outbox_that_stops_draining_is_pointed_out(qtbot: QtBot, ctx: AppContext) -> None:
    with ctx.runner.database.transaction("can-bo") as session:
        make_facility(session, commune(session, "48", "xa"), name="Cơ sở rèn Phúc Sen")
    with ctx.runner.database.transaction() as session:  # typed four days ago, never sent: the PC is offline
        session.execute(update(OutboxEntry).values(at=utcnow() - timedelta(days=4)))
        session.add(AppSetting(key=SERVER_SETTING, value="https://dongbo.example.vn"))
    window, page = _window(qtbot, ctx)
    since = format_date((utcnow() - timedelta(days=4)).astimezone().date())
    assert page.warning.isVisible()
    assert f">1 thay đổi đang chờ gửi từ ngày {since}: hãy đồng bộ khi có mạng" in page.warning.text()
    assert window.sync_state.text() == "Cần chú ý (xem mục Đồng bộ) — 1 thay đổi chờ gửi"
    window.close()
