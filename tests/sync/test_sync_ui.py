"""The Đồng bộ page: logging in, syncing with progress, errors in Vietnamese, the status bar, the inboxes (conflicts,
changes the server refused, rows waiting to be stored here)."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMessageBox, QTableWidget, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, delete, update

from desktop.core.dates import format_date
from desktop.models import AppSetting, Facility, OutboxEntry, Proposal
from desktop.models.base import utcnow
from desktop.models.enums import ProposalStatus
from desktop.services.lifecycle import RuleViolation
from desktop.services.proposal_actions import Action
from desktop.services.signed_in import ROLE_SETTING
from desktop.ui.context import AppContext
from desktop.ui.main_window import MainWindow
from desktop.ui.sync_page import SyncPage
from sync.protocol import SyncReport
from sync.state import SERVER_SETTING
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
    assert page.error.text() == (
        "Không kết nối được máy chủ http://127.0.0.1:9: máy chủ không nhận kết nối (máy chủ đang tắt, hoặc sai địa"
        " chỉ/cổng). Các thay đổi vẫn được giữ trên máy này và sẽ được gửi ở lần đồng bộ sau."
    )
    assert page.waiting.text() == "1"
    window.close()


def test_a_failing_sync_never_holds_up_a_save(qtbot: QtBot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch) -> None:
    """Over a dead link the sync retries for up to half a minute: the user's saves go on meanwhile."""
    retrying, release = threading.Event(), threading.Event()

    def wait(_transport: object, _attempt: int, _retry_after: str | None = None) -> None:
        retrying.set()
        release.wait(60)

    monkeypatch.setattr("sync.http.HttpTransport._wait", wait)
    window, page = _window(qtbot, ctx)
    page.server.setText("http://127.0.0.1:9")
    page.user.setText("lan")
    page.password.setText(PASSWORD)
    page.sync_button.click()
    qtbot.waitUntil(retrying.is_set, timeout=10_000)
    saved: list[object] = []
    ctx.runner.write(
        "Thêm cơ sở",
        lambda session: make_facility(session, commune(session, "48", "xa"), name="Cơ sở lưu khi mạng hỏng"),
        saved.append,
    )
    qtbot.waitUntil(lambda: bool(saved), timeout=5_000)
    assert page.controller.running and window.sync_state.text() == "Đang đồng bộ…"
    release.set()
    qtbot.waitUntil(lambda: not page.controller.running, timeout=30_000)
    wait_idle(qtbot, ctx)
    assert page.error.text().startswith("Không kết nối được máy chủ") and page.waiting.text() == "1"
    window.close()


def test_rows_never_sent_are_counted_as_waiting(qtbot: QtBot, ctx: AppContext) -> None:
    """Rows written before sync was set up (an import, an older version) go at the first sync: counted."""
    from sqlalchemy import insert

    from desktop.store import audit

    with ctx.runner.database.transaction("can-bo") as session:
        place = commune(session, "48", "xa")
        for n in range(3):
            make_facility(session, place, name=f"Cơ sở nhập từ Excel {n}")
    with ctx.runner.database.engine.begin() as connection:  # as the demo data writes: no outbox entry
        connection.execute(update(Facility).values(row_version=0))
        connection.execute(delete(OutboxEntry))
        connection.execute(delete(AppSetting).where(AppSetting.key == audit.ADOPTED_SETTING))
    window, page = _window(qtbot, ctx)
    assert page.waiting.text() == "3"
    with ctx.runner.database.engine.begin() as connection:
        connection.execute(insert(AppSetting).values(key=audit.ADOPTED_SETTING, value="1"))
    page.activate()
    wait_idle(qtbot, ctx)
    assert page.waiting.text() == "0"
    window.close()


def test_a_sign_in_that_is_gone_asks_for_the_password_in_vietnamese(
    qtbot: QtBot, ctx: AppContext, app_client: httpx.Client
) -> None:
    """No credential store kept the sign-in (as in these tests), or the administrator revoked it: the page asks
    for the password again, says why, and the periodic sync waits for it instead of failing every time."""
    from sync.http import Credentials

    window, page = _window(qtbot, ctx)
    page.server.setText(str(app_client.base_url).rstrip("/"))
    page.user.setText("lan")
    page.password.setText(PASSWORD)
    _sync(qtbot, ctx, page)
    assert page.error.text() == "", page.error.text()
    assert "không giữ được phiên đăng nhập" in page.result.text()  # said once
    _sync(qtbot, ctx, page)
    assert "không giữ được phiên đăng nhập" not in page.result.text()
    Credentials._memory.clear()  # the app was closed and opened again
    _sync(qtbot, ctx, page)
    assert page.error.text() == (
        "Cần nhập mật khẩu của “lan” để đồng bộ: máy này không có kho mật khẩu của hệ điều hành nên không giữ được"
        " phiên đăng nhập sau khi tắt phần mềm. Nhập mật khẩu rồi bấm “Đồng bộ ngay”. Các thay đổi vẫn được giữ"
        " trên máy này."
    )
    assert "422" not in page.error.text() and page.password.hasFocus()
    page.controller.sync_now(quiet=True)  # the quarter-hourly sync: waits for the password
    assert not page.controller.running
    qtbot.keyClicks(page.password, PASSWORD)  # type: ignore[no-untyped-call]
    qtbot.keyClick(page.password, Qt.Key.Key_Return)  # type: ignore[no-untyped-call]
    qtbot.waitUntil(lambda: not page.controller.running, timeout=30_000)
    wait_idle(qtbot, ctx)
    assert page.error.text() == "" and page.result.text().startswith("Đồng bộ xong")
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
    assert _status(ctx, dropped) is ProposalStatus.APPRAISED  # as the server has it
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
    assert _status(ctx, redone) is ProposalStatus.APPROVED
    assert _status(ctx, dropped) is ProposalStatus.APPRAISED
    assert not page.warning.isVisible()
    window.close()


class _Connected:
    """A sign-in whose sync answers ``report`` (what a sync found is what the page is tested on here)."""

    def __init__(self, report: SyncReport) -> None:
        self.report = report
        self.transport = type("Transport", (), {"clock_offset": None})()
        self.credentials = type("Credentials", (), {"persistent": True})()

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


def test_a_pc_with_no_network_syncs_by_file_from_the_page(
    qtbot: QtBot, ctx: AppContext, server: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Enrol, write the changes to a file, import the server's answer: the three buttons, no command line."""
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from sync.server import bundles, users

    with server.begin() as connection:
        users.add(connection, "lan", "-", "staff", "48")
    enrolment, request, reply = tmp_path / "ghi-danh.kcenrol", tmp_path / "gui", tmp_path / "tra-loi.kcsync"
    bundles.enrolment(server, "lan", "may-xa", enrolment)
    chosen: list[Path] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a: (str(chosen.pop(0)), ""))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a: (str(chosen.pop(0)), ""))
    window, page = _window(qtbot, ctx)

    def press(button: QWidget, path: Path) -> None:
        chosen.append(path)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # type: ignore[no-untyped-call]
        qtbot.waitUntil(lambda: not page.controller.running, timeout=30_000)
        wait_idle(qtbot, ctx)

    press(page.answer_button, enrolment.with_suffix(".kcsync"))  # no file of that name
    assert page.error.text() == f"Không tìm thấy tệp {enrolment.with_suffix('.kcsync')}"
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, text: told.append(text))
    press(page.export_button, request)  # not enrolled yet: told what to press here, before choosing a file
    assert told and "bấm “Ghi danh bằng tệp…”" in told[0] and "khuyencong" not in told[0]
    assert chosen == [request] and page.enrol_button.hasFocus()
    chosen.clear()
    press(page.enrol_button, enrolment)
    assert page.error.text() == "" and page.result.text().startswith("Đã ghi danh máy này với máy chủ (người dùng lan)")
    with ctx.runner.database.transaction("lan") as session:
        make_facility(session, commune(session, "48", "xa"), name="Cơ sở gửi bằng USB")
    wait_idle(qtbot, ctx)
    press(page.export_button, request)
    written = request.with_suffix(".kcsync")  # the kind of file is added when the name has none
    assert written.exists() and page.result.text().startswith("Đã ghi 1 thay đổi vào gui.kcsync")
    assert page.waiting.text() == "1"
    bundles.answer(server, written, reply)
    press(page.answer_button, reply)
    assert page.error.text() == "", page.error.text()
    assert page.result.text().startswith("Đã nhập tệp trả lời: đã gửi 1, đã nhận")
    assert page.waiting.text() == "0"
    window.close()


def test_hundreds_of_possible_duplicates_are_filtered_and_merged_in_one_undoable_step(
    qtbot: QtBot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a first sync a province may find hundreds of "Có thể trùng": shown by kind, chosen all at once,
    previewed, merged as one step that Ctrl+Z takes back whole."""
    from desktop.models import SyncConflict
    from desktop.store import undo

    pairs = []
    with ctx.runner.database.transaction("can-bo") as session:
        place = commune(session, "48", "xa")
        for n in range(4):
            first = make_facility(session, place, name=f"Cơ sở dệt chiếu {n}")
            second = make_facility(session, place, name=f"Co so det chieu {n}")
            session.flush()
            pairs.append((second.id, first.id))
            session.add(
                SyncConflict(
                    table_name="facility",
                    record_id=second.id,
                    field="name",
                    kind="duplicate",
                    other_value=str(first.id),
                    province_code="48",
                )
            )
        kept = make_facility(session, place, name="Cơ sở sửa cùng lúc")
        session.flush()
        session.add(
            SyncConflict(
                table_name="facility",
                record_id=kept.id,
                field="phone",
                kind="auto",
                kept_value="1",
                other_value="2",
                province_code="48",
            )
        )
    window, page = _window(qtbot, ctx)
    page.tabs.setCurrentIndex(0)
    assert page.conflicts.rowCount() == 5
    page.conflict_kind.setFocus()
    qtbot.keyClick(page.conflict_kind, Qt.Key.Key_Down)  # type: ignore[no-untyped-call]
    assert page.conflict_kind.currentText() == "Có thể trùng"
    assert page.conflicts.rowCount() == 4 and page.inbox_note.text() == "4 trong 5 xung đột thuộc loại này."
    page.conflicts.setFocus()
    qtbot.keyClick(page.conflicts, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # type: ignore[no-untyped-call]
    assert page.other_button.text() == "Gộp vào bản kia (4)" and page.keep_button.text() == "Giữ cả hai (4)"
    asked: list[str] = []

    def answer(box: QMessageBox) -> int:
        asked.append(box.text())
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "exec", answer)
    page.other_button.click()
    wait_idle(qtbot, ctx)
    assert asked[0].startswith("Gộp 4 bản ghi vào bản kia?")
    assert "Cơ sở CNNT “Co so det chieu 0” → gộp vào Cơ sở CNNT “Cơ sở dệt chiếu 0”" in asked[0]
    assert page.result.text() == "Đã gộp vào bản ghi kia (4)"
    assert page.conflicts.rowCount() == 0 and page.tabs.tabText(0) == "Xung đột (1)"
    with ctx.runner.database.session() as session:
        assert all(session.get(Facility, merged).deleted_at is not None for merged, _kept in pairs)  # type: ignore[union-attr]
        [step] = [op for op in undo.recent(session) if op.label == "Xử lý 4 xung đột"]
    with ctx.runner.database.transaction("can-bo") as session:
        undo.undo(session, step.id)
    with ctx.runner.database.session() as session:
        assert all(session.get(Facility, merged).deleted_at is None for merged, _kept in pairs)  # type: ignore[union-attr]
    page.load_inboxes()
    wait_idle(qtbot, ctx)
    page.conflict_kind.setCurrentIndex(0)
    assert page.conflicts.rowCount() == 5
    window.close()
