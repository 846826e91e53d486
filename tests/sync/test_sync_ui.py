"""The Đồng bộ page: logging in, syncing with progress, errors in Vietnamese, the status bar, the inboxes (conflicts,
changes the server refused, rows waiting to be stored here)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMessageBox, QTableWidget, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, update

from desktop.models import AppSetting, Facility, OutboxEntry, Proposal
from desktop.models.base import utcnow
from desktop.models.enums import ProposalStatus
from desktop.services.dates import format_date
from desktop.services.lifecycle import RuleViolation
from desktop.services.proposal_actions import Action
from desktop.ui.context import AppContext
from desktop.ui.main_window import MainWindow
from desktop.ui.sync_page import SyncPage
from sync.protocol import SyncReport
from sync.state import ROLE_SETTING, SERVER_SETTING
from tests.conftest import commune, make_facility
from tests.qt_fixtures import wait_idle
from tests.sync_fixtures import PASSWORD, Installation, act, appraised_proposal, fresh_servers


@pytest.fixture(params=["sqlite"])
def server(request: pytest.FixtureRequest) -> Iterator[Engine]:
    """The page's tests need one server database only (the protocol runs on both elsewhere)."""
    engine, close = fresh_servers().engine("sqlite")
    yield engine
    close()


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


# --- changes the server refused, rows waiting to be stored ----------------------------------------------------
def _rows(table: QTableWidget) -> list[list[str]]:
    return [
        [table.item(r, c).text() for c in range(table.columnCount())]  # type: ignore[union-attr]
        for r in range(table.rowCount())
    ]


def _click(qtbot: QtBot, widget: QWidget, pos: QPoint | None = None) -> None:
    """A left click, as a person makes it (at ``pos`` in ``widget``, else its middle)."""
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint() if pos is None else pos)  # type: ignore[no-untyped-call]


def _click_row(qtbot: QtBot, table: QTableWidget, row: int) -> None:
    """Click a row's first cell, as a person does to choose it."""
    cell = table.item(row, 0)
    assert cell is not None
    table.scrollToItem(cell)
    _click(qtbot, table.viewport(), table.visualItemRect(cell).center())


def _answer(monkeypatch: pytest.MonkeyPatch, answer: QMessageBox.StandardButton) -> list[str]:
    """Answer the next confirmations with ``answer``; returns the questions asked."""
    asked: list[str] = []

    def question(_parent: object, _title: str, text: str, *_args: object) -> QMessageBox.StandardButton:
        asked.append(text)
        return answer

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def _status(ctx: AppContext, proposal_id: uuid.UUID) -> ProposalStatus:
    with ctx.runner.database.session() as session:
        found = session.get(Proposal, proposal_id)
        assert found is not None
        return found.status


def test_a_refused_approval_waits_in_its_inbox_to_be_dropped_or_redone_by_the_director(
    qtbot: QtBot, ctx: AppContext, app_client: httpx.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Staff approve two proposals offline; the server refuses (only the director approves). The page says why,
    once per reason, and keeps what was typed: one approval is dropped, the other redone once the director has
    signed in on this PC, and lands."""
    database = ctx.runner.database
    dropped = appraised_proposal(database, "KCĐP-2026-301")
    redone = appraised_proposal(database, "KCĐP-2026-302")
    with database.transaction("lan") as session:
        session.get(Proposal, dropped).title = "Hỗ trợ lò sấy chè"  # type: ignore[union-attr]
    window, page = _window(qtbot, ctx)
    page.server.setText(str(app_client.base_url).rstrip("/"))
    page.user.setText("lan")
    page.password.setText(PASSWORD)
    _sync(qtbot, ctx, page)
    # This version refuses the step before it is taken (tests/test_signed_in.py); these approvals were typed
    # on an earlier version, which did not know the role of the account.
    with database.transaction() as session:
        session.merge(AppSetting(key=ROLE_SETTING, value=""))
    for proposal_id in (dropped, redone):
        act(database, proposal_id, Action.APPROVE, "lan", decision_no="31/QĐ-UBND")
    _sync(qtbot, ctx, page)

    assert "4 thay đổi bị máy chủ từ chối" in page.result.text()
    assert page.warning.isVisible()
    said = page.warning.text()
    assert "Máy chủ từ chối 4 thay đổi" in said
    reason = "Chỉ Giám đốc Trung tâm được quyết định “Đã phê duyệt” đề án"
    assert said.count(reason) == 1 and f"— 4 × {reason}" in said  # each reason once, with its count
    assert window.sync_state.text().startswith("Cần chú ý (xem mục Đồng bộ)")
    assert page.tabs.currentIndex() == 1 and page.tabs.tabText(1) == "Bị từ chối (4)"
    rows = _rows(page.refused)
    assert [page.refused.horizontalHeaderItem(c).text() for c in range(6)] == [  # type: ignore[union-attr]
        "Bản ghi",
        "Thay đổi đã nhập",
        "Lý do",
        "Người có quyền",
        "Người nhập",
        "Lúc nhập",
    ]
    tea = next(i for i, r in enumerate(rows) if r[0] == "Đề án “Hỗ trợ lò sấy chè”")
    assert "Trạng thái: Đã phê duyệt" in rows[tea][1] and "da_phe_duyet" not in " ".join(map(" ".join, rows))
    assert rows[tea][2:5] == [reason, "Giám đốc Trung tâm", "lan"]
    assert _status(ctx, dropped) is ProposalStatus.DA_THAM_DINH  # as the server has it
    assert not page.drop_button.isEnabled() and not page.redo_button.isEnabled()

    _click_row(qtbot, page.refused, tea)
    asked = _answer(monkeypatch, QMessageBox.StandardButton.No)
    _click(qtbot, page.drop_button)
    wait_idle(qtbot, ctx)
    assert asked and asked[0].startswith("Bỏ thay đổi đã nhập cho Đề án “Hỗ trợ lò sấy chè”?")
    assert page.refused.rowCount() == 4  # "Không": nothing dropped
    _answer(monkeypatch, QMessageBox.StandardButton.Yes)
    _click(qtbot, page.drop_button)
    wait_idle(qtbot, ctx)
    assert page.refused_outcome.text() == "Đã bỏ thay đổi bị từ chối; bản ghi giữ như trên máy chủ"
    assert page.tabs.tabText(1) == "Bị từ chối (3)"
    assert "Đề án “Hỗ trợ lò sấy chè”" not in [r[0] for r in _rows(page.refused)]
    assert page.refused.rowCount() == 3

    # A rule the redo meets is said beside the buttons, in the rule's words.
    def refused_again(*_args: object) -> str:
        raise RuleViolation("Hãy làm lại đề án trước")

    with monkeypatch.context() as patched:
        patched.setattr("sync.refusals.redo", refused_again)
        _click_row(qtbot, page.refused, 0)
        _click(qtbot, page.redo_button)
        wait_idle(qtbot, ctx)
    assert page.refused_outcome.text() == "Hãy làm lại đề án trước"
    assert page.refused.rowCount() == 3

    page.user.setText("giam-doc")  # the director signs in on this PC
    page.password.setText(PASSWORD)
    _sync(qtbot, ctx, page)
    assert page.signed_in.text() == "Đã đăng nhập: giam-doc"
    proposal = next(i for i, r in enumerate(_rows(page.refused)) if r[0].startswith("Đề án"))
    _click_row(qtbot, page.refused, proposal)
    _click(qtbot, page.redo_button)
    wait_idle(qtbot, ctx)
    assert page.refused_outcome.text().endswith("sẽ được gửi ở lần đồng bộ tới")
    assert page.refused.rowCount() == 1  # its step went with it; the dropped approval's step is left
    _click_row(qtbot, page.refused, 0)
    _click(qtbot, page.drop_button)
    wait_idle(qtbot, ctx)
    assert page.refused.rowCount() == 0 and page.tabs.tabText(1) == "Bị từ chối"
    _sync(qtbot, ctx, page)
    assert page.error.text() == "" and "bị máy chủ từ chối" not in page.result.text()
    assert page.result.text().endswith("dữ liệu khớp với máy chủ")
    assert _status(ctx, redone) is ProposalStatus.DA_PHE_DUYET
    assert _status(ctx, dropped) is ProposalStatus.DA_THAM_DINH
    assert not page.warning.isVisible()
    window.close()


class _Connected:
    """A sign-in whose sync answers ``report`` (what a sync found is what the page is tested on here)."""

    def __init__(self, report: SyncReport) -> None:
        self.report = report
        self.transport = type("Transport", (), {"clock_offset": None})()

    def client(self, _progress: object) -> _Connected:
        return self

    def sync(self) -> SyncReport:
        return self.report

    def keep(self) -> None:
        pass

    def close(self) -> None:
        pass


def test_not_matching_says_why_and_what_next_and_rows_waiting_are_listed(
    qtbot: QtBot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sync import replica
    from sync.protocol import Change

    with replica.applying(ctx.runner.database) as session:  # a row from the server whose facility is not here
        data = {"id": "0193a000-0000-7000-8000-00000000000a", "province_code": "48", "year": 2025}
        data |= {"facility_id": "0193a000-0000-7000-8000-00000000000b", "row_version": 3}
        replica.store(session, "48", [Change(3, "facility_year", data["id"], data)], {})  # type: ignore[arg-type]
    with ctx.runner.database.transaction() as session:
        session.add(AppSetting(key=SERVER_SETTING, value="https://dongbo.example.vn"))
    reports = [
        SyncReport(pulled=5, verified={"48": False, "00": True}, repaired=2, parked=1),
        SyncReport(
            blocked="Dữ liệu có sẵn của Trung tâm có 3 bản ghi mang quyết định: cần Giám đốc đăng nhập.",
            rejected=28,
            refusals={f"Lý do {n}": n + 1 for n in range(7)},
        ),
    ]
    monkeypatch.setattr("sync.account.connect", lambda *_a, **_k: _Connected(reports.pop(0)))
    window, page = _window(qtbot, ctx)
    assert page.tabs.tabText(2) == "Chờ lưu (1)" and page.tabs.currentIndex() == 2
    assert _rows(page.waiting_rows) == [["Số liệu năm của cơ sở", "chờ bản ghi liên quan (Cơ sở CNNT) chưa về máy"]]
    assert page.waiting_note.text().startswith("1 bản ghi từ máy chủ chưa lưu được trên máy này")
    assert window.sync_state.text().startswith("Cần chú ý")
    page.user.setText("lan")
    page.password.setText(PASSWORD)
    _sync(qtbot, ctx, page)
    assert page.result.text() == "Đồng bộ xong: đã gửi 0, đã nhận 5, đã sửa 2 bản ghi khác với máy chủ"
    assert (
        "Dữ liệu chưa khớp với máy chủ vì 1 bản ghi từ máy chủ chưa lưu được trên máy này (xem thẻ “Chờ lưu”)."
        " Bước tiếp: các bản ghi chờ lưu sẽ tự được lưu ở lần đồng bộ sau, khi bản ghi liên quan đã về."
    ) in page.warning.text()
    page.password.setText(PASSWORD)  # the stand-in sign-in keeps no user: it asks again
    _sync(qtbot, ctx, page)
    assert "<b>Dữ liệu có sẵn của Trung tâm có 3 bản ghi mang quyết định: cần Giám đốc đăng nhập.</b>" in (
        page.warning.text()
    )
    assert "chưa khớp" not in page.warning.text()  # the last sync's notes only
    assert "— 7 × Lý do 6" in page.warning.text() and "Lý do 1<" not in page.warning.text()
    assert "… và 2 lý do khác (xem thẻ “Bị từ chối”)" in page.warning.text()
    window.close()
