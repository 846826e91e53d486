"""What the user meets of the caps and advance rules, typed and pressed as a user would: the budget editor's
verdict, the province's caps in their editor, the advance form's refusal."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.models import Appraisal, BudgetLine, Contract, Proposal, ProposalLocation, SupportCap
from desktop.models.enums import AppraisalConclusion, AppraisalForm, ContractKind, FundingKind, ProposalStatus
from desktop.services import lifecycle
from desktop.services.proposal_actions import Action
from desktop.ui.budget_editor import COLUMNS
from desktop.ui.caps_editor import CapDialog, CapsBox, CapsEditor, EndDialog
from desktop.ui.context import AppContext
from desktop.ui.other_lists import ProposalPage
from desktop.ui.proposal_workspace import ProposalWorkspace
from desktop.ui.record_form import RecordDialog
from tests.conftest import commune
from tests.qt_fixtures import wait_idle

pytestmark = pytest.mark.usefixtures("qapp", "discard_on_close")
COL = {key: n for n, (key, _editable) in enumerate(COLUMNS)}
M = 1_000_000


def draft(ctx: AppContext, activity: str, funding: FundingKind = FundingKind.KCDP) -> uuid.UUID:
    with ctx.runner.database.transaction("can-bo") as session:
        p = Proposal(
            code="KCĐP-2026-041",
            title="Đề án thử",
            plan_year=2026,
            funding=funding,
            activity_type_code=activity,
            province_code="48",
        )
        lifecycle.create_proposal(session, p)
        return p.id


def open_workspace(qtbot: QtBot, ctx: AppContext, pid: uuid.UUID) -> ProposalWorkspace:
    ws = ProposalWorkspace(ctx, pid, ProposalPage(ctx).field_labels())
    qtbot.addWidget(ws)
    ws.show()
    ws.activateWindow()
    qtbot.waitUntil(lambda: ws.ws is not None, timeout=10_000)
    return ws


def visible(kind: type) -> QWidget:
    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
    assert len(found) == 1, found
    return found[0]


def type_into(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Select what the field holds and type over it, as a user does (Vietnamese letters arrive as the text of
    key events, as an input method sends them: the test library types ASCII only)."""
    widget.setFocus()
    QTest.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(widget, Qt.Key.Key_Delete)
    for char in text:
        if char.isascii():
            QTest.keyClicks(widget, char)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def close_cell() -> None:
    """Escape from the cell a new line opens for typing."""
    editor = QApplication.focusWidget()
    assert editor is not None
    QTest.keyClick(editor, Qt.Key.Key_Escape)


def text_at(editor: CapsEditor, row: int, column: int) -> str:
    item = editor.table.item(row, column)
    return item.text() if item is not None else ""


def type_cell(qtbot: QtBot, ws: ProposalWorkspace, row: int, key: str, text: str) -> None:
    """Go to a cell of the budget table, open it with F2, type, and press Enter."""
    table = ws.budget.table
    table.setFocus()
    table.setCurrentIndex(ws.budget.model.index(row, COL[key]))
    QTest.keyClick(table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit), editor
    type_into(qtbot, editor, text)
    QTest.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()
    assert not isinstance(QApplication.focusWidget(), QLineEdit)  # the cell is closed: its value is in


def test_tt_28_2018_dieu_8_a_budget_without_a_cap_in_the_data_is_not_called_within_the_cap(
    qtbot: QtBot, ctx: AppContext
) -> None:
    """TT 28/2018 Điều 8: for an activity the program holds no cap for on the day, the budget editor says so
    and, once the lines add up, never that the budget is "within the cap"."""
    ws = open_workspace(qtbot, ctx, draft(ctx, "chuyen_doi_so"))
    assert ws.budget.cap.text().startswith("Chưa có mức hỗ trợ tối đa của hoạt động này")
    ws.budget.add_line()
    close_cell()  # the new line opens its first cell
    for key, text in (("item", "Phần mềm quản lý"), ("unit_price", "100.000.000"), ("support_amount", "90.000.000")):
        type_cell(qtbot, ws, 0, key, text)
    assert ws.budget.model.index(0, COL["counterpart_amount"]).data() == "10.000.000"
    assert "chưa so được với mức hỗ trợ tối đa" in ws.budget.findings.text()
    assert "trong mức hỗ trợ" not in ws.budget.findings.text()


def test_tt_28_2018_dieu_8_khoan_2_a_share_a_thousandth_over_is_over_on_screen(qtbot: QtBot, ctx: AppContext) -> None:
    """TT 28/2018 Điều 8 khoản 2: 30,004 % of a demonstration model's cost is over its 30 % cap on screen too."""
    ws = open_workspace(qtbot, ctx, draft(ctx, "mo_hinh_trinh_dien"))
    assert "Thông tư 28/2018/TT-BTC, Điều 8 khoản 2" in ws.budget.cap.text()
    ws.budget.add_line()
    close_cell()
    for key, text in (("item", "Lò sấy"), ("unit_price", "100.000.000"), ("support_amount", "30.000.000")):
        type_cell(qtbot, ws, 0, key, text)
    assert "Dự toán khớp số liệu và trong mức hỗ trợ." in ws.budget.findings.text()  # exactly 30 %
    type_cell(qtbot, ws, 0, "support_amount", "30.004.000")
    assert "30,004% chi phí, vượt mức tối đa 30% chi phí" in ws.budget.findings.text()
    assert "KP khuyến công 30.004.000 đ (30,004%)" in ws.budget.totals.text()  # not "(30%)" beside the warning


def test_ttlt_26_2014_dieu_6_khoan_3_the_provinces_caps_are_entered_cited_and_ended(
    qtbot: QtBot, ctx: AppContext
) -> None:
    """TTLT 26/2014 Điều 6 khoản 3: the province's own cap, typed in the editor reached from the settings
    page, is refused with a Vietnamese message until it cites the province's text, then listed, then ended."""
    box = CapsBox(ctx)
    qtbot.addWidget(box)
    box.show()
    QTest.mouseClick(box.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: box.editor is not None and box.editor.isVisible(), timeout=5_000)
    editor = box.editor
    assert isinstance(editor, CapsEditor)
    wait_idle(qtbot, ctx)
    assert editor.empty.isVisible()
    QTest.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(isinstance(w, CapDialog) and w.isVisible() for w in QApplication.topLevelWidgets()))
    dialog = visible(CapDialog)
    assert isinstance(dialog, CapDialog)
    dialog.activity.setCurrentIndex(dialog.activity.findData("mo_hinh_trinh_dien"))
    type_into(qtbot, dialog.rate, "30")
    type_into(qtbot, dialog.amount, "800000000")
    type_into(qtbot, dialog.valid_from, "01/07/2025")
    type_into(qtbot, dialog.document_date, "20/06/2025")
    type_into(qtbot, dialog.issuer, "HĐND thành phố Đà Nẵng")
    QTest.keyClick(dialog.issuer, Qt.Key.Key_Return)  # no number of the resolution yet
    qtbot.waitUntil(lambda: bool(dialog.message.text()), timeout=5_000)
    assert "Nhập số, ký hiệu văn bản của tỉnh" in dialog.message.text()
    assert dialog.document_no.hasFocus() or QApplication.focusWidget() is dialog.document_no
    type_into(qtbot, dialog.document_no, "12/2025/NQ-HĐND")
    QTest.keyClick(dialog.document_no, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: editor.table.rowCount() == 1, timeout=5_000)
    texts = [text_at(editor, 0, c) for c in range(editor.COLUMNS)]
    assert texts[1:5] == ["30%", "800.000.000 đ/đề án", "01/07/2025", ""]
    assert texts[5] == "Nghị quyết số 12/2025/NQ-HĐND ngày 20/06/2025 của HĐND thành phố Đà Nẵng"
    with ctx.runner.database.session() as session:
        cap = session.scalars(select(SupportCap).where(SupportCap.province_code == "48")).one()
        assert cap.cap_amount == 800 * M and cap.rate_percent == Decimal(30)

    editor.table.selectRow(0)
    assert editor.end_button.isEnabled()
    QTest.mouseClick(editor.end_button, Qt.MouseButton.LeftButton)
    end = visible(EndDialog)
    assert isinstance(end, EndDialog)
    type_into(qtbot, end.last_day, "30/06/2025")  # the day before it took effect
    QTest.keyClick(end.last_day, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(end.message.text()), timeout=5_000)
    assert "trước ngày mức hỗ trợ có hiệu lực (01/07/2025)" in end.message.text()
    type_into(qtbot, end.last_day, "31/12/2025")
    QTest.keyClick(end.last_day, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not end.isVisible(), timeout=5_000)
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: text_at(editor, 0, 4) == "31/12/2025")
    editor.national.setChecked(True)
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: editor.table.rowCount() > 20, timeout=5_000)
    editor.close()


def test_tt_36_2013_dieu_13_the_advance_form_refuses_more_than_seventy_percent(qtbot: QtBot, ctx: AppContext) -> None:
    """TT 36/2013 Điều 13 khoản 2 điểm d: typed in the advance form, one đồng over 70 % of the approved support
    is refused with the clause and the figures; exactly 70 % is recorded."""
    pid = draft(ctx, "may_moc_thiet_bi")
    with ctx.runner.database.transaction("giam-doc") as session:
        p = session.get_one(Proposal, pid)
        p.budget_lines.append(
            BudgetLine(
                position=1,
                item="Máy",
                unit="cái",
                quantity=Decimal(1),
                unit_price=200 * M,
                amount=200 * M,
                support_amount=100 * M,
                counterpart_amount=100 * M,
                other_amount=0,
                province_code="48",
            )
        )
        place = commune(session, "48", "xa")
        p.locations.append(ProposalLocation(commune_code=place.code, province_code="48"))
        lifecycle.add_appraisal(
            session,
            p,
            Appraisal(
                form=AppraisalForm.MAU_4A,
                appraised_on=date(2026, 6, 1),
                conclusion=AppraisalConclusion.HO_TRO,
                proposed_support=100 * M,
            ),
        )
        lifecycle.transition(session, p, ProposalStatus.APPRAISED)
        lifecycle.transition(session, p, ProposalStatus.APPROVED, decision_no="9/QĐ", decision_date=date(2026, 7, 1))
        lifecycle.add_contract(
            session, p, Contract(kind=ContractKind.THUC_HIEN, number="9/HĐ", signed_on=date(2026, 7, 5), value=100 * M)
        )
        lifecycle.transition(session, p, ProposalStatus.CONTRACTED)
    ws = open_workspace(qtbot, ctx, pid)
    QTest.mouseClick(ws.action_buttons[Action.ADVANCE], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(isinstance(w, RecordDialog) and w.isVisible() for w in QApplication.topLevelWidgets()))
    form = visible(RecordDialog)
    assert isinstance(form, RecordDialog)
    amount = form.widget("amount")
    type_into(qtbot, amount, "70000001")
    QTest.keyClick(amount, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "Điều 13" in form.status.text(), timeout=10_000)
    message = form.status.text()
    assert "tối đa 70% kinh phí hỗ trợ được duyệt 100.000.000 đ, tức 70.000.000 đ" in message
    assert "vượt 1 đ" in message
    type_into(qtbot, amount, "70.000.000")
    QTest.keyClick(amount, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not form.isVisible(), timeout=10_000)
    wait_idle(qtbot, ctx)
    with ctx.runner.database.session() as session:
        assert lifecycle.advanced_total(session.get_one(Proposal, pid)) == 70 * M
