"""Who can be supported, where the user meets it (pytest-qt, typing and clicking): the facility form's verdict
as the user edits (NĐ 45/2012 Điều 1 khoản 2 as amended by NĐ 235/2025 Điều 1 khoản 1; NĐ 80/2021 Điều 5),
its yearly figures, the beneficiary picker's marks and the approval that asks the director why."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QDialogButtonBox, QLabel, QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.models import Facility, FacilityYear, OutboxEntry, Proposal, StatusTransition
from desktop.models.enums import FundingKind, ProposalStatus
from desktop.services import lifecycle, workspace
from desktop.services.proposal_actions import Action, perform
from desktop.services.workspace import LineDraft
from desktop.ui.context import AppContext
from desktop.ui.facility_form import FacilityDialog, YearDialog
from desktop.ui.main_window import MainWindow
from desktop.ui.other_lists import ProposalPage
from desktop.ui.picker import RecordPicker
from desktop.ui.proposal_workspace import ProposalWorkspace
from desktop.ui.record_form import RecordDialog
from tests.conftest import commune, make_facility
from tests.qt_fixtures import wait_idle

pytestmark = pytest.mark.usefixtures("qapp", "discard_on_close")
LAST_YEAR = date.today().year - 1
LEFT = Qt.MouseButton.LeftButton


def _type(qtbot: QtBot, widget: object, text: str) -> None:
    qtbot.keyClicks(widget, text)  # type: ignore[no-untyped-call]


def _click(qtbot: QtBot, widget: object) -> None:
    qtbot.mouseClick(widget, LEFT)  # type: ignore[no-untyped-call]


def _check(qtbot: QtBot, box: QCheckBox) -> None:
    """Tick a check box the way a user does: click on it."""
    box.ensurePolished()
    qtbot.mouseClick(box, LEFT, pos=QPoint(8, box.height() // 2))  # type: ignore[no-untyped-call]


def _save_button(dialog: RecordDialog) -> QPushButton:
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Save)


def _open_new_facility(qtbot: QtBot, window: MainWindow) -> FacilityDialog:
    window.go_to("co-so")
    _click(qtbot, window.facilities.add_button)
    qtbot.waitUntil(lambda: window.findChild(FacilityDialog, "edit_facility") is not None, timeout=5000)
    dialog = window.findChild(FacilityDialog, "edit_facility")
    assert isinstance(dialog, FacilityDialog)
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def _verdict(qtbot: QtBot, dialog: FacilityDialog, expected: str) -> str:
    """Wait until the verdict the form shows contains ``expected``; the details as shown."""
    qtbot.waitUntil(lambda: expected in dialog.panel.summary.text(), timeout=10_000)
    return dialog.panel.details.text()


def _year_dialog(qtbot: QtBot) -> YearDialog:
    qtbot.waitUntil(lambda: any(isinstance(w, YearDialog) and w.isVisible() for w in QApplication.topLevelWidgets()))
    [found] = [w for w in QApplication.topLevelWidgets() if isinstance(w, YearDialog) and w.isVisible()]
    return found


def test_nd235_dieu1_k1_the_form_shows_the_verdict_as_the_user_edits(qtbot: QtBot, ctx: AppContext) -> None:
    """NĐ 235/2025 Điều 1 k.1 (a: a phường of Đà Nẵng is outside the rural scope; b: sustainable production is a
    ground of its own) and NĐ 80/2021 Điều 5 (an enterprise needs the previous year's figures): the verdict and its
    reasons follow what the user types and ticks, before anything is saved."""
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    dialog = _open_new_facility(qtbot, window)
    _type(qtbot, dialog.widget("name"), "Co so det Hai Chau")
    with ctx.runner.database.session() as session:
        phuong, xa = commune(session, "48", "phuong").code, commune(session, "48", "xa").code
    dialog.widget("commune_code").set_code(phuong)
    details = _verdict(qtbot, dialog, "phường thuộc Thành phố Đà Nẵng")
    assert dialog.panel.summary.text().startswith("Chưa đủ điều kiện hỗ trợ: ")
    assert "NĐ 235/2025" in details
    assert "Điều kiện hỗ trợ ngày" in dialog.panel.verdict_box.title()

    _check(qtbot, dialog.widget("sustainable_production"))
    assert dialog.widget("sustainable_production").isChecked()
    _verdict(qtbot, dialog, "Đủ điều kiện hỗ trợ (cơ sở sản xuất công nghiệp áp dụng sản xuất và tiêu dùng bền vững)")
    _check(qtbot, dialog.widget("sustainable_production"))
    _verdict(qtbot, dialog, "Chưa đủ điều kiện hỗ trợ: Phường")

    dialog.widget("commune_code").set_code(xa)
    legal_form = dialog.widget("legal_form")
    legal_form.setFocus()
    qtbot.keyClick(legal_form, Qt.Key.Key_Home)  # type: ignore[no-untyped-call]  # "Doanh nghiệp", the first
    assert legal_form.currentData() == "doanh_nghiep"
    details = _verdict(qtbot, dialog, f"Chưa có số liệu lao động, doanh thu, nguồn vốn năm {LAST_YEAR}")
    window.close()


def test_nd80_yearly_figures_are_added_typed_checked_and_saved_with_the_facility(qtbot: QtBot, ctx: AppContext) -> None:
    """NĐ 80/2021 Điều 5, 7, 8: the figures of the previous year are typed in the form (money as 1.234.567, an
    average with a comma), checked with Vietnamese messages, decide the size at once, and are saved with the
    facility in one transaction, queued for sync."""
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    dialog = _open_new_facility(qtbot, window)
    _type(qtbot, dialog.widget("name"), "Cong ty det Hoa Vang")
    with ctx.runner.database.session() as session:
        dialog.widget("commune_code").set_code(commune(session, "48", "xa").code)
    legal_form = dialog.widget("legal_form")
    legal_form.setFocus()
    qtbot.keyClick(legal_form, Qt.Key.Key_Home)  # type: ignore[no-untyped-call]
    _verdict(qtbot, dialog, "Chưa đủ điều kiện")

    _click(qtbot, dialog.panel.add)
    year = _year_dialog(qtbot)
    assert year.widget("year").text() == str(LAST_YEAR)  # the year the size is judged on, filled in
    _type(qtbot, year.widget("total_employees"), "12")
    _type(qtbot, year.widget("insured_employees"), "13")
    error = year._errors["insured_employees"]
    assert error.isVisible() and "nhiều hơn tổng số lao động (12)" in error.text()
    year.widget("insured_employees").clear()
    _type(qtbot, year.widget("insured_employees"), "9,5")
    assert not error.isVisible()
    _type(qtbot, year.widget("revenue"), "abc")
    assert "không phải là số tiền hợp lệ" in year._errors["revenue"].text()
    year.widget("revenue").clear()
    year.activateWindow()
    year.widget("revenue").setFocus()
    qtbot.waitUntil(lambda: year.widget("revenue").hasFocus())
    _type(qtbot, year.widget("revenue"), "3000000000")  # exactly the micro limit of Điều 5 khoản 1
    qtbot.keyClick(year.widget("revenue"), Qt.Key.Key_Tab)  # type: ignore[no-untyped-call]
    assert year.widget("revenue").text() == "3.000.000.000"
    _click(qtbot, _save_button(year))
    qtbot.waitUntil(lambda: not year.isVisible())
    table = dialog.panel.years
    assert table.rowCount() == 1
    cells = [table.item(0, c).text() for c in range(5)]  # type: ignore[union-attr]
    assert cells == [str(LAST_YEAR), "12", "9,5", "3.000.000.000", ""]
    details = _verdict(qtbot, dialog, "Đủ điều kiện hỗ trợ")
    assert "Doanh nghiệp siêu nhỏ: 9,5 lao động tham gia BHXH, doanh thu 3.000.000.000 đ" in details

    _click(qtbot, dialog.panel.add)  # the same year again is refused
    again = _year_dialog(qtbot)
    again.widget("year").clear()
    _type(qtbot, again.widget("year"), str(LAST_YEAR))
    assert f"Đã có số liệu năm {LAST_YEAR}" in again._errors["year"].text()
    again.reject()

    _click(qtbot, _save_button(dialog))
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    wait_idle(qtbot, ctx)
    with ctx.runner.database.session() as session:
        facility = session.scalars(select(Facility).where(Facility.name == "Cong ty det Hoa Vang")).one()
        [row] = facility.years
        assert (row.year, row.total_employees, row.revenue, row.capital) == (LAST_YEAR, 12, 3_000_000_000, None)
        assert row.insured_employees == Decimal("9.5")
        queued = session.scalars(select(OutboxEntry.txn).where(OutboxEntry.row_id.in_([facility.id, row.id]))).all()
        assert len(queued) == 2 and len(set(queued)) == 1  # one transaction
    window.close()


def test_nd80_a_year_row_is_edited_and_deleted_from_the_form(qtbot: QtBot, ctx: AppContext) -> None:
    """NĐ 80/2021 Điều 7–8 figures of an existing facility: edited, then deleted (kept as deleted, restorable)."""
    with ctx.runner.database.transaction("can-bo") as session:
        fid = make_facility(session, commune(session, "48", "xa"), figures=(LAST_YEAR, 5, 4, 900_000_000, None)).id
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.go_to("co-so")
    window.facilities.open_record(fid)
    qtbot.waitUntil(lambda: window.findChild(FacilityDialog, "edit_facility") is not None, timeout=5000)
    found = window.findChild(FacilityDialog, "edit_facility")
    assert isinstance(found, FacilityDialog)
    dialog: FacilityDialog = found
    qtbot.waitUntil(lambda: dialog.panel.years.rowCount() == 1)
    assert not dialog.panel.edit.isEnabled()
    first = dialog.panel.years.visualItemRect(dialog.panel.years.item(0, 0)).center()  # type: ignore[arg-type]
    qtbot.mouseClick(dialog.panel.years.viewport(), LEFT, pos=first)  # type: ignore[no-untyped-call]
    _click(qtbot, dialog.panel.edit)
    year = _year_dialog(qtbot)
    assert year.widget("revenue").text() == "900.000.000"
    year.widget("total_employees").clear()
    _type(qtbot, year.widget("total_employees"), "6")
    _click(qtbot, _save_button(year))
    qtbot.waitUntil(lambda: dialog.panel.years.item(0, 1).text() == "6")  # type: ignore[union-attr]
    _click(qtbot, _save_button(dialog))
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    wait_idle(qtbot, ctx)
    with ctx.runner.database.session() as session:
        assert session.scalars(select(FacilityYear.total_employees).where(FacilityYear.facility_id == fid)).one() == 6

    window.facilities.open_record(fid)
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(FacilityDialog)), timeout=5000)
    dialog = next(d for d in window.findChildren(FacilityDialog) if d.isVisible())
    qtbot.waitUntil(lambda: dialog.panel.years.rowCount() == 1)
    first = dialog.panel.years.visualItemRect(dialog.panel.years.item(0, 0)).center()  # type: ignore[arg-type]
    qtbot.mouseClick(dialog.panel.years.viewport(), LEFT, pos=first)  # type: ignore[no-untyped-call]
    _click(qtbot, dialog.panel.delete)
    assert dialog.panel.years.rowCount() == 0
    assert _save_button(dialog).isEnabled()
    _click(qtbot, _save_button(dialog))
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    wait_idle(qtbot, ctx)
    with ctx.runner.database.session() as session:
        assert session.scalars(select(FacilityYear.deleted_at).where(FacilityYear.facility_id == fid)).one()
    window.close()


@pytest.fixture
def proposal_id(ctx: AppContext) -> uuid.UUID:
    with ctx.runner.database.transaction("can-bo") as session:
        p = Proposal(
            code="KCĐP-2026-031",
            title="Hỗ trợ máy dệt",
            plan_year=2026,
            funding=FundingKind.KCDP,
            activity_type_code="may_moc_thiet_bi",
            province_code="48",
        )
        lifecycle.create_proposal(session, p)
        make_facility(session, commune(session, "48", "phuong"), name="Cơ sở dệt Hải Châu")
        make_facility(session, commune(session, "48", "xa"), name="Cơ sở dệt Hòa Vang")
        return p.id


def test_nd235_dieu1_k1_the_beneficiary_picker_marks_who_cannot_be_supported(
    qtbot: QtBot, ctx: AppContext, proposal_id: uuid.UUID
) -> None:
    """NĐ 235/2025 Điều 1 k.1 a: a facility in a phường of Đà Nẵng is listed (not hidden), in red, with why."""
    ws = ProposalWorkspace(ctx, proposal_id, ProposalPage(ctx).field_labels())
    qtbot.addWidget(ws)
    ws.show()
    qtbot.waitUntil(lambda: ws.ws is not None, timeout=10_000)
    _click(qtbot, ws.add_beneficiary_button)
    qtbot.waitUntil(lambda: any(isinstance(w, RecordPicker) and w.isVisible() for w in QApplication.topLevelWidgets()))
    [picker] = [w for w in QApplication.topLevelWidgets() if isinstance(w, RecordPicker) and w.isVisible()]
    _type(qtbot, picker.search, "det")
    qtbot.waitUntil(lambda: not picker.searching and picker.model.total == 2, timeout=10_000)
    model = picker.model
    assert model.headerData(5, Qt.Orientation.Horizontal) == "Lĩnh vực"  # NĐ 80/2021 Điều 6's word
    rows = {model.index(r, 0).data(): r for r in range(model.rowCount())}
    out, ok = rows["Cơ sở dệt Hải Châu"], rows["Cơ sở dệt Hòa Vang"]
    last = model.columnCount() - 1
    assert model.headerData(last, Qt.Orientation.Horizontal) == "Điều kiện hỗ trợ"
    assert model.index(out, last).data().startswith("✗ ")
    assert "phường thuộc Thành phố Đà Nẵng" in model.index(out, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(out, 0).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert model.index(ok, last).data() == "✓ Đủ điều kiện"
    assert model.index(ok, 0).data(Qt.ItemDataRole.ForegroundRole) is None
    picker.reject()
    ws.close()


def test_nd235_approval_asks_the_director_why_an_ineligible_beneficiary_is_supported(
    qtbot: QtBot, ctx: AppContext, proposal_id: uuid.UUID
) -> None:
    """NĐ 45/2012 Điều 1 khoản 2 as amended by NĐ 235/2025 Điều 1 k.1: the approval form names the facility and
    why; sending it without a reason is refused with that message; with one it approves and keeps the reason."""
    with ctx.runner.database.transaction("can-bo") as session:
        fid = session.scalars(select(Facility.id).where(Facility.name == "Cơ sở dệt Hải Châu")).one()
        workspace.add_beneficiary(session, proposal_id, fid)
        workspace.save_budget(
            session, proposal_id, [LineDraft(item="Máy dệt", unit_price=200_000_000, support_amount=100_000_000)]
        )
        perform(
            session, proposal_id, Action.APPRAISE, {"form": "4a", "appraised_on": "01/06/2026", "conclusion": "ho_tro"}
        )
    ws = ProposalWorkspace(ctx, proposal_id, ProposalPage(ctx).field_labels())
    qtbot.addWidget(ws)
    ws.show()
    qtbot.waitUntil(lambda: ws.ws is not None and Action.APPROVE in ws.action_buttons, timeout=10_000)
    _click(qtbot, ws.action_buttons[Action.APPROVE])
    qtbot.waitUntil(lambda: any(isinstance(w, RecordDialog) and w.isVisible() for w in QApplication.topLevelWidgets()))
    [form] = [w for w in QApplication.topLevelWidgets() if isinstance(w, RecordDialog) and w.isVisible()]
    note = form.findChild(QLabel, "formNote")
    assert (
        note is not None and "“Cơ sở dệt Hải Châu”" in note.text() and "phường thuộc Thành phố Đà Nẵng" in note.text()
    )
    _type(qtbot, form.widget("decision_no"), "12/QD-TTKC")
    _click(qtbot, _save_button(form))
    qtbot.waitUntil(lambda: "Không thể phê duyệt đề án KCĐP-2026-031" in form.status.text(), timeout=10_000)
    assert "“Cơ sở dệt Hải Châu”" in form.status.text()
    assert form.isVisible()
    _type(qtbot, form.widget("eligibility_reason"), "Lang nghe det dang cho UBND cong nhan")
    _click(qtbot, _save_button(form))
    qtbot.waitUntil(lambda: not form.isVisible(), timeout=10_000)
    wait_idle(qtbot, ctx)
    with ctx.runner.database.session() as session:
        assert session.get_one(Proposal, proposal_id).status is ProposalStatus.APPROVED
        step = session.scalars(
            select(StatusTransition).where(
                StatusTransition.proposal_id == proposal_id, StatusTransition.to_status == ProposalStatus.APPROVED
            )
        ).one()
        assert step.reason.endswith("(“Cơ sở dệt Hải Châu”): Lang nghe det dang cho UBND cong nhan")
    ws.close()


def test_nd80_dieu6_the_sector_is_called_linh_vuc_on_screens_lists_and_exports(qtbot: QtBot, ctx: AppContext) -> None:
    """NĐ 80/2021 Điều 5–6 speak of the "lĩnh vực" of the main registered line: the facility list's column and
    filter, the form's field, the Excel export's header and the import's column name all use that word."""
    from desktop.spreadsheets import exports, imports
    from desktop.ui.facility_page import FacilityPage

    page = FacilityPage(ctx)
    qtbot.addWidget(page)
    headers = page.model.headers()
    assert headers[5] == "Lĩnh vực" and "Ngành" not in headers
    assert page.filters["sector"].itemText(0) == "Mọi lĩnh vực"
    assert page.field_labels()["sector"] == "Lĩnh vực (NĐ 80/2021)"
    assert exports.LIST_HEADERS["facility"][1][5] == "Lĩnh vực"
    assert imports.FACILITIES.labels["sector"] == "Lĩnh vực"
