"""The training course workspace on screen: roster, new trainee, certificates, attendance grid."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.models import Trainee, TrainingCourse
from desktop.models.enums import CourseKind, Gender
from desktop.models.training import Enrolment
from desktop.services import course_sheet
from desktop.services.listing import ListQuery
from desktop.spreadsheets import exports
from desktop.ui.context import AppContext
from desktop.ui.course_workspace import ROSTER_CERTIFIED, ROSTER_NUMBER, CourseWorkspace
from desktop.ui.other_lists import CoursePage
from desktop.ui.record_form import RecordDialog
from tests.qt_fixtures import settled

pytestmark = pytest.mark.usefixtures("qapp", "discard_on_close")


@pytest.fixture
def course_id(ctx: AppContext) -> uuid.UUID:
    with ctx.runner.database.transaction("can-bo") as session:
        course = TrainingCourse(
            province_code="48",
            code="DT01",
            kind=CourseKind.TRUYEN_NGHE,
            topic="Truyền nghề mây tre đan",
            start_date=date(2026, 5, 4),
            end_date=date(2026, 5, 6),
            meal_allowance_per_day=50_000,
        )
        session.add(course)
        session.add(Trainee(province_code="48", full_name="Trần Văn Bình", gender=Gender.NAM))
        session.flush()
        return course.id


def open_course(qtbot: QtBot, ctx: AppContext, cid: uuid.UUID) -> CourseWorkspace:
    ws = CourseWorkspace(ctx, cid, CoursePage(ctx).field_labels())
    qtbot.addWidget(ws)
    ws.show()
    qtbot.waitUntil(lambda: ws.sheet is not None, timeout=10_000)
    return ws


def test_roster_new_trainee_attendance_and_certificates(qtbot: QtBot, ctx: AppContext, course_id: uuid.UUID) -> None:
    with ctx.runner.database.session() as session:
        existing = session.scalars(select(Trainee.id)).one()
    with ctx.runner.database.transaction("can-bo") as session:
        course_sheet.enrol(session, course_id, existing)
    ws = open_course(qtbot, ctx, course_id)
    assert ws.roster.rowCount() == 1

    ws.new_button.click()
    form = next(w for w in QApplication.topLevelWidgets() if isinstance(w, RecordDialog) and w.isVisible())
    assert isinstance(form, RecordDialog)
    form.widget("full_name").setText("Lê Thị An")
    form.submit()
    settled(qtbot, ctx)
    qtbot.waitUntil(lambda: ws.roster.rowCount() == 2, timeout=10_000)
    names = [ws.roster.item(r, 1).text() for r in range(2)]  # type: ignore[union-attr]
    assert names == ["Lê Thị An", "Trần Văn Bình"]  # by given name: An before Bình

    # Attendance: the whole class on the first day, An also on the second.
    ws.tabs.setCurrentIndex(1)
    assert ws.grid.columnCount() == 4  # three days and the count
    ws.grid.setCurrentCell(0, 0)
    ws.all_button.click()
    ws.grid.item(0, 1).setCheckState(Qt.CheckState.Checked)  # type: ignore[union-attr]
    assert ws.grid.item(0, 3).text() == "2"  # type: ignore[union-attr]
    ws.save_grid_button.click()
    settled(qtbot, ctx)
    qtbot.waitUntil(lambda: ws.sheet is not None and ws.sheet.totals.meal_days == 3, timeout=10_000)
    assert "tiền ăn 150.000 đ" in ws.totals.text()

    # Certificates: tick both, number them, the decision is required before saving.
    ws.tabs.setCurrentIndex(0)
    for row in range(2):
        ws.roster.item(row, ROSTER_CERTIFIED).setCheckState(Qt.CheckState.Checked)  # type: ignore[union-attr]
    ws.number_button.click()
    assert [ws.roster.item(r, ROSTER_NUMBER).text() for r in range(2)] == ["DT01-001", "DT01-002"]  # type: ignore[union-attr]
    ws.save_roster()
    settled(qtbot, ctx)
    assert "số quyết định" in ws.message.text()
    ws.decision_no.setText("21/QĐ-TTKC")
    ws.decision_date.setText("06/05/2026")
    ws.save_roster()
    settled(qtbot, ctx)
    qtbot.waitUntil(lambda: ws.sheet is not None and ws.sheet.totals.certified == 2, timeout=10_000)
    with ctx.runner.database.session() as session:
        numbers = sorted(session.scalars(select(Enrolment.certificate_no)))
        assert numbers == ["DT01-001", "DT01-002"]


def test_a_certificate_below_the_courses_attendance_rule_is_warned_of_before_it_is_recorded(
    qtbot: QtBot, ctx: AppContext, course_id: uuid.UUID, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The rule typed into the course's form (80 %); the class met on two of its three days (the third a
    holiday nobody attended): Bình, present one day, is below it; An, present both, is not."""
    with ctx.runner.database.session() as session:
        binh = session.scalars(select(Trainee.id)).one()
    with ctx.runner.database.transaction("can-bo") as session:
        course_sheet.enrol(session, course_id, binh)
        session.add(Trainee(province_code="48", full_name="Lê Thị An", gender=Gender.NU))
    with ctx.runner.database.session() as session:
        an = session.scalars(select(Trainee.id).where(Trainee.full_name == "Lê Thị An")).one()
    with ctx.runner.database.transaction("can-bo") as session:
        course_sheet.enrol(session, course_id, an)
    ws = open_course(qtbot, ctx, course_id)
    ws.edit_button.click()
    qtbot.waitUntil(lambda: any(isinstance(w, RecordDialog) and w.isVisible() for w in QApplication.topLevelWidgets()))
    form = next(w for w in QApplication.topLevelWidgets() if isinstance(w, RecordDialog) and w.isVisible())
    assert isinstance(form, RecordDialog)
    qtbot.keyClicks(form.widget("min_attendance_percent"), "80")  # type: ignore[no-untyped-call]
    form.submit()
    settled(qtbot, ctx)
    qtbot.waitUntil(lambda: ws.sheet is not None and ws.sheet.min_attendance_percent == 80, timeout=10_000)
    listed = tmp_path / "lop.xlsx"  # the rule is a column of the list of courses, shown and exported
    with ctx.runner.database.session() as session:
        exports.export_list(session, "training_course", ListQuery(), listed)
    sheet = load_workbook(listed).worksheets[0]
    rows = [r for r in sheet.iter_rows(values_only=True) if any(v is not None for v in r)]
    assert rows[3][-1] == "Chuyên cần tối thiểu (%)" and rows[4][-1] == 80

    ws.tabs.setCurrentIndex(1)  # An (row 0) both days, Bình (row 1) the first only
    for row, column in ((0, 0), (0, 1), (1, 0)):
        ws.grid.item(row, column).setCheckState(Qt.CheckState.Checked)  # type: ignore[union-attr]
    ws.save_grid_button.click()
    settled(qtbot, ctx)
    qtbot.waitUntil(lambda: ws.sheet is not None and ws.sheet.days_held == 2, timeout=10_000)

    ws.tabs.setCurrentIndex(0)
    for row in range(2):
        ws.roster.item(row, ROSTER_CERTIFIED).setCheckState(Qt.CheckState.Checked)  # type: ignore[union-attr]
    ws.number_button.click()
    ws.decision_no.setText("21/QĐ-TTKC")
    asked: list[str] = []
    answer = [QMessageBox.StandardButton.No]

    def exec_(box: QMessageBox) -> int:
        asked.append(box.text() + "\n" + box.informativeText())
        return answer[0].value

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    ws.save_roster()
    settled(qtbot, ctx)
    assert asked == [
        "1 học viên được cấp chứng chỉ nhưng có mặt ít hơn 80% số ngày học của lớp:\nTrần Văn Bình: có mặt 1/2 ngày"
    ]
    with ctx.runner.database.session() as session:  # "Xem lại": nothing recorded
        assert session.scalars(select(Enrolment.certificate_no)).all() == ["", ""]
    answer[0] = QMessageBox.StandardButton.Yes
    ws.save_roster()
    settled(qtbot, ctx)
    qtbot.waitUntil(lambda: ws.sheet is not None and ws.sheet.totals.certified == 2, timeout=10_000)
    asked.clear()
    ws.roster.item(0, ROSTER_NUMBER).setText("DT01-009")  # type: ignore[union-attr]
    ws.save_roster()  # certified already: not asked again
    settled(qtbot, ctx)
    assert asked == []


def test_ctrl_z_in_the_workspace_takes_back_a_removal_as_the_question_says(
    qtbot: QtBot, ctx: AppContext, course_id: uuid.UUID, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The question says "(Có thể hoàn tác bằng Ctrl+Z.)"; Ctrl+Z pressed in the workspace did nothing (the
    keys were the main window's only)."""
    with ctx.runner.database.session() as session:
        existing = session.scalars(select(Trainee.id)).one()
    with ctx.runner.database.transaction("can-bo") as session:
        course_sheet.enrol(session, course_id, existing)
    ws = open_course(qtbot, ctx, course_id)
    ws.activateWindow()
    qtbot.waitActive(ws)
    ws.roster.selectRow(0)
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(ws.remove_button, Qt.MouseButton.LeftButton)  # type: ignore[no-untyped-call]
    settled(qtbot, ctx)
    qtbot.waitUntil(lambda: ws.roster.rowCount() == 0, timeout=5000)
    ws.roster.setFocus()
    qtbot.keyClick(ws.roster, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # type: ignore[no-untyped-call]
    settled(qtbot, ctx)
    qtbot.waitUntil(lambda: ws.roster.rowCount() == 1, timeout=5000)
    assert ws.message.text() == "Đã hoàn tác: Bỏ “Trần Văn Bình” khỏi lớp"
    qtbot.keyClick(ws.roster, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)  # type: ignore[no-untyped-call]
    settled(qtbot, ctx)
    qtbot.waitUntil(lambda: ws.roster.rowCount() == 0, timeout=5000)
    assert ws.message.text() == "Đã làm lại: Bỏ “Trần Văn Bình” khỏi lớp"
    qtbot.keyClick(ws.roster, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)  # type: ignore[no-untyped-call]
    settled(qtbot, ctx)  # nothing more to redo: said in the same line, no box
    assert ws.message.text() == "Không có thao tác nào để làm lại"
    assert not any(isinstance(w, QMessageBox) and w.isVisible() for w in QApplication.topLevelWidgets())
