"""The proposal workspace on screen: steps and actions, the budget table, parts, places, files, picking."""

from __future__ import annotations

import functools
import uuid
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox, QTableWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.models import BudgetLine, Facility, Proposal
from desktop.models.enums import FundingKind, ProposalStatus
from desktop.services import lifecycle, workspace
from desktop.services.proposal_actions import Action
from desktop.ui.budget_editor import COLUMNS
from desktop.ui.context import AppContext
from desktop.ui.other_lists import ProposalPage
from desktop.ui.picker import RecordPicker
from desktop.ui.proposal_workspace import ProposalWorkspace
from desktop.ui.record_form import RecordDialog
from tests.conftest import commune, make_facility
from tests.qt_fixtures import settled

pytestmark = pytest.mark.usefixtures("qapp", "discard_on_close")
COL = {key: n for n, (key, _editable) in enumerate(COLUMNS)}


@pytest.fixture
def proposal_id(ctx: AppContext) -> uuid.UUID:
    with ctx.runner.database.transaction("can-bo") as session:
        p = Proposal(
            code="KCĐP-2026-021",
            title="Hỗ trợ máy sấy nông sản",
            plan_year=2026,
            funding=FundingKind.KCDP,
            activity_type_code="may_moc_thiet_bi",
            province_code="48",
        )
        lifecycle.create_proposal(session, p)
        make_facility(session, commune(session, "48", "phuong"), name="Cơ sở sấy Hòa Vang")
        make_facility(session, commune(session, "48", "phuong"), name="Cơ sở dệt Hòa Vang")
        return p.id


def open_workspace(qtbot: QtBot, ctx: AppContext, pid: uuid.UUID) -> ProposalWorkspace:
    ws = ProposalWorkspace(ctx, pid, ProposalPage(ctx).field_labels())
    qtbot.addWidget(ws)
    ws.show()
    qtbot.waitUntil(lambda: ws.ws is not None, timeout=10_000)
    return ws


def cell(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    return item.text() if item is not None else ""


def visible_dialog(kind: type) -> object:
    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
    assert len(found) == 1, found
    return found[0]


def test_steps_actions_and_an_action_form_that_moves_the_proposal_on(
    qtbot: QtBot, ctx: AppContext, proposal_id: uuid.UUID
) -> None:
    ws = open_workspace(qtbot, ctx, proposal_id)
    assert [label.property("state") for label in ws.steps.labels][:2] == ["current", "todo"]
    assert list(ws.action_buttons) == [Action.APPRAISE]

    ws.action_buttons[Action.APPRAISE].click()
    qtbot.waitUntil(lambda: any(isinstance(w, RecordDialog) and w.isVisible() for w in QApplication.topLevelWidgets()))
    form = visible_dialog(RecordDialog)
    assert isinstance(form, RecordDialog)
    assert form.widget("appraised_on").text()  # today, filled in
    form.widget("council").setText("Hội đồng thẩm định Sở Công Thương")
    form.submit()
    settled(qtbot, ctx)
    qtbot.waitUntil(lambda: ws.ws is not None and ws.ws.status is ProposalStatus.APPRAISED, timeout=10_000)
    assert "Đề án chuyển sang “Đã thẩm định”" in ws.banner.text()
    assert [label.property("state") for label in ws.steps.labels][:2] == ["done", "current"]
    # Approval is offered but blocked: the proposal has no budget yet; the reason is shown.
    approve = ws.action_buttons[Action.APPROVE]
    assert not approve.isEnabled()
    assert "chưa có dự toán" in approve.toolTip()
    assert "chưa có dự toán" in ws.actions_hint.text()


def test_budget_table_computes_live_warns_about_caps_and_saves(
    qtbot: QtBot, ctx: AppContext, proposal_id: uuid.UUID
) -> None:
    ws = open_workspace(qtbot, ctx, proposal_id)
    editor = ws.budget
    model = editor.model
    editor.add_line()
    row = model.rowCount() - 1
    for key, text in (
        ("item", "Máy sấy"),
        ("unit", "cái"),
        ("quantity", "2"),
        ("unit_price", "150.000.000"),
        ("support_amount", "200.000.000"),
    ):
        assert model.setData(model.index(row, COL[key]), text)
    assert model.index(row, COL["amount"]).data() == "300.000.000"
    assert model.index(row, COL["counterpart_amount"]).data() == "100.000.000"
    assert "Tổng cộng: 300.000.000 đ" in editor.totals.text()
    assert "66,67%" in editor.findings.text()  # 200 of 300 million, above the 50% cap: a warning, not an error
    assert editor.save_button.isEnabled()

    assert not model.setData(model.index(row, COL["unit_price"]), "một trăm")
    assert "Dòng 1" in editor.message.text()
    assert model.index(row, COL["unit_price"]).data() == "150.000.000"

    editor.save()
    settled(qtbot, ctx)
    qtbot.waitUntil(lambda: not editor.dirty, timeout=10_000)
    with ctx.runner.database.session() as session:
        line = session.scalars(select(BudgetLine).where(BudgetLine.proposal_id == proposal_id)).one()
        assert (line.item, line.amount, line.support_amount, line.counterpart_amount) == (
            "Máy sấy",
            300_000_000,
            200_000_000,
            100_000_000,
        )


def test_a_budget_with_an_error_is_not_saved_and_says_which_line(
    qtbot: QtBot, ctx: AppContext, proposal_id: uuid.UUID
) -> None:
    ws = open_workspace(qtbot, ctx, proposal_id)
    model = ws.budget.model
    ws.budget.add_line()
    model.setData(model.index(0, COL["item"]), "Tập huấn")
    model.setData(model.index(0, COL["unit_price"]), "1.000.000")
    model.setData(model.index(0, COL["support_amount"]), "2.000.000")  # more than the line costs
    assert 1 in model.error_lines
    ws.budget.save()
    settled(qtbot, ctx)
    assert "Dòng 1 “Tập huấn”" in ws.budget.message.text()
    assert ws.budget.dirty  # the user's lines are still there to fix
    with ctx.runner.database.session() as session:
        assert session.scalars(select(BudgetLine).where(BudgetLine.proposal_id == proposal_id)).all() == []


def test_parts_save_and_closing_with_unsaved_text_asks(
    qtbot: QtBot, ctx: AppContext, proposal_id: uuid.UUID, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = open_workspace(qtbot, ctx, proposal_id)
    ws.part_edits["part_objectives"].setPlainText("Giảm 20% tổn thất sau thu hoạch")
    assert ws.save_parts_button.isEnabled()
    ws.save_parts_button.click()
    settled(qtbot, ctx)
    with ctx.runner.database.session() as session:
        p = session.get(Proposal, proposal_id)
        assert p is not None
        assert p.part_objectives == "Giảm 20% tổn thất sau thu hoạch"
    assert not ws.save_parts_button.isEnabled()

    ws.part_edits["part_scale"].setPlainText("02 máy")
    asked: list[str] = []

    def answer(*args: object, **_kwargs: object) -> QMessageBox.StandardButton:
        asked.append(str(args[1]))
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", answer)
    ws.reject()
    assert asked == ["Bỏ thay đổi?"]
    assert ws.isVisible()


def test_picking_a_beneficiary_adding_a_place_and_attaching_a_file(
    qtbot: QtBot, ctx: AppContext, proposal_id: uuid.UUID, tmp_path: Path
) -> None:
    ws = open_workspace(qtbot, ctx, proposal_id)
    ws.add_beneficiary_button.click()
    picker = visible_dialog(RecordPicker)
    assert isinstance(picker, RecordPicker)
    picker.search.setText("say hoa vang")  # no accents: finds "Cơ sở sấy Hòa Vang"
    qtbot.waitUntil(lambda: picker.searching is False and picker.model.total == 1, timeout=10_000)
    picker.pick()
    settled(qtbot, ctx)
    qtbot.waitUntil(lambda: ws.beneficiaries.rowCount() == 1, timeout=10_000)
    assert cell(ws.beneficiaries, 0, 0) == "Cơ sở sấy Hòa Vang"

    with ctx.runner.database.session() as session:
        place = commune(session, "48", "xa").code
    ws._add_location()
    from desktop.ui.proposal_workspace import LocationDialog

    dialog = visible_dialog(LocationDialog)
    assert isinstance(dialog, LocationDialog)
    dialog.place.set_code(place)
    dialog.address.setText("Thôn 2")
    dialog.accept()
    settled(qtbot, ctx)
    qtbot.waitUntil(lambda: ws.locations.rowCount() == 1, timeout=10_000)
    assert cell(ws.locations, 0, 0).startswith("Thôn 2, ")
    assert cell(ws.locations, 0, 1) == "0"
    assert not ws.visitors_button.isEnabled()  # a draft has no visitors yet

    source = tmp_path / "Biên bản khảo sát.pdf"
    source.write_bytes(b"%PDF-1.4 khao sat")
    ws.attach_file(source, "Biên bản khảo sát thực tế")
    settled(qtbot, ctx)
    qtbot.waitUntil(lambda: ws.files.rowCount() == 1, timeout=10_000)
    assert [cell(ws.files, 0, c) for c in (0, 1, 4)] == [
        "Biên bản khảo sát.pdf",
        "Biên bản khảo sát thực tế",
        "Có",
    ]
    with ctx.runner.database.session() as session:
        assert session.scalars(select(Facility.name)).all()  # unchanged facility list, still there


def test_the_list_opens_a_proposal_in_its_workspace(qtbot: QtBot, ctx: AppContext, proposal_id: uuid.UUID) -> None:
    page = ProposalPage(ctx)
    qtbot.addWidget(page)
    page.activate()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    page.table.selectRow(0)
    page.open_selected()
    ws = visible_dialog(ProposalWorkspace)
    assert isinstance(ws, ProposalWorkspace)
    qtbot.waitUntil(lambda: ws.ws is not None, timeout=10_000)
    assert ws.heading.text().startswith("KCĐP-2026-021 — Hỗ trợ máy sấy nông sản")
    ws.reject()


def test_visitors_of_a_place_are_added_group_by_group(qtbot: QtBot, ctx: AppContext, proposal_id: uuid.UUID) -> None:
    with ctx.runner.database.transaction("can-bo") as session:
        workspace.add_location(session, proposal_id, commune(session, "48", "xa").code, "Nhà văn hóa thôn 5")
        proposal = session.get(Proposal, proposal_id)
        assert proposal is not None
        proposal.status = ProposalStatus.IN_PROGRESS
    ws = open_workspace(qtbot, ctx, proposal_id)
    qtbot.waitUntil(lambda: ws.locations.rowCount() == 1, timeout=10_000)
    assert ws.visitors_button.isEnabled()  # the only place is selected already
    for people, shown in ((1200, "1.200"), (-200, "1.000")):
        ws.visitors_button.click()
        dialog = visible_dialog(QInputDialog)
        assert isinstance(dialog, QInputDialog)
        assert "Nhà văn hóa thôn 5" in dialog.labelText()
        dialog.setIntValue(people)
        dialog.accept()
        settled(qtbot, ctx)
        qtbot.waitUntil(functools.partial(lambda expected: cell(ws.locations, 0, 1) == expected, shown), timeout=10_000)


def test_a_step_taken_with_the_budget_unsaved_asks_first(
    qtbot: QtBot, ctx: AppContext, proposal_id: uuid.UUID, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An appraisal signs the saved budget: with lines typed and not saved, the user is asked before."""
    ws = open_workspace(qtbot, ctx, proposal_id)
    ws.budget.add_line()
    ws.budget.model.setData(ws.budget.model.index(0, COL["item"]), "Máy sấy")
    assert ws.budget.dirty
    asked: list[str] = []

    def answer(box: QMessageBox) -> int:
        asked.append(box.text())
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "exec", answer)
    ws.open_action(Action.APPRAISE)
    assert asked and asked[0].startswith("Có thay đổi dự toán chưa lưu. “Thẩm định”")
    assert ws.findChild(RecordDialog) is None or not any(d.isVisible() for d in ws.findChildren(RecordDialog))


def test_ctrl_z_over_budget_lines_not_saved_says_to_save_them_first(
    qtbot: QtBot, ctx: AppContext, proposal_id: uuid.UUID
) -> None:
    """An undo reloads the workspace: over lines typed and not saved it is held, with the reason."""
    ws = open_workspace(qtbot, ctx, proposal_id)
    ws.activateWindow()
    qtbot.waitActive(ws)
    ws.budget.add_line()
    ws.budget.model.setData(ws.budget.model.index(0, COL["item"]), "Máy sấy")
    ws.setFocus()
    qtbot.keyClick(ws, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # type: ignore[no-untyped-call]
    settled(qtbot, ctx)
    assert ws.message.text().startswith("Có thay đổi chưa lưu: hãy lưu chúng (hoặc đóng cửa sổ để bỏ)")
    assert ws.budget.dirty and ws.budget.model.index(0, COL["item"]).data() == "Máy sấy"
