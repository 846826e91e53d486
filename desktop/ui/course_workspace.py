"""A training course: the roster with certificates and employment, and the attendance grid by day."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from desktop.core.dates import format_date, parse_date
from desktop.core.money import format_money
from desktop.models import Trainee, TrainingCourse
from desktop.services import course_sheet, forms, training
from desktop.services.course_sheet import CourseSheet, RosterEdit
from desktop.services.listing import TRAINEES
from desktop.ui.context import AppContext
from desktop.ui.editing import FormDone, edit_record, form_failure
from desktop.ui.picker import RecordPicker
from desktop.ui.printing import Choice, PrintButton
from desktop.ui.record_form import RecordDialog
from desktop.ui.screen_fit import fit
from desktop.ui.workspace_dialog import WorkspaceDialog

ROSTER_TRAVEL, ROSTER_CERTIFIED, ROSTER_NUMBER = 7, 8, 9


def _item(text: str, row_id: Any = None, editable: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setToolTip(text)  # long places and employers are cut in the cell
    item.setData(Qt.ItemDataRole.UserRole, row_id)
    flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
    if editable:
        flags |= Qt.ItemFlag.ItemIsEditable
    item.setFlags(flags)
    return item


def _check(checked: bool, row_id: Any = None, enabled: bool = True) -> QTableWidgetItem:
    item = QTableWidgetItem()
    item.setData(Qt.ItemDataRole.UserRole, row_id)
    flags = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable
    if enabled:
        flags |= Qt.ItemFlag.ItemIsEnabled
    item.setFlags(flags)
    item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
    return item


def _checked(item: QTableWidgetItem | None) -> bool:
    return item is not None and item.checkState() == Qt.CheckState.Checked


class CourseWorkspace(WorkspaceDialog):
    def __init__(
        self, ctx: AppContext, course_id: uuid.UUID, labels: dict[str, str], parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, self._read, self.show_data, parent)
        self.setObjectName("course_workspace")
        self.course_id, self._labels = course_id, labels
        self.sheet: CourseSheet | None = None
        self._roster_dirty = False
        self._attendance_dirty = False
        self._filling = False

        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.heading.setWordWrap(True)
        self.totals = QLabel()
        self.totals.setWordWrap(True)
        self.edit_button = QPushButton(self.tr("Sửa thông tin lớp…"))
        self.edit_button.clicked.connect(self._edit_course)

        self.tabs = QTabWidget()
        self.tabs.addTab(self._roster_tab(), self.tr("Danh sách học viên, chứng chỉ"))
        self.tabs.addTab(self._attendance_tab(), self.tr("Điểm danh"))
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Đóng"))
        close.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.edit_button)
        self.print_button = PrintButton(ctx, self._printable, self)
        top.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.totals)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        layout.addWidget(close)
        QShortcut(QKeySequence.StandardKey.Save, self, self._save_current)
        fit(self, 1180, 700)
        self.reload()

    def _printable(self) -> list[Choice]:
        """The lists trainees sign, and every certificate of the course in one file."""
        key = str(self.course_id)
        return [
            (self.tr("Danh sách ký điểm danh theo ngày"), "diem-danh", key),
            (self.tr("Danh sách nhận tiền ăn, đi lại"), "tien-an", key),
            (self.tr("Danh sách nhận chứng chỉ"), "nhan-chung-chi", key),
            (self.tr("Giấy chứng nhận của mọi học viên được cấp"), "chung-chi", key),
        ]

    # --- tabs ---------------------------------------------------------------------------------------
    def _roster_tab(self) -> QWidget:
        self.roster = QTableWidget(0, 11)
        self.roster.setHorizontalHeaderLabels(
            [
                self.tr("STT"),
                self.tr("Họ và tên"),
                self.tr("Ngày sinh"),
                self.tr("Giới tính"),
                self.tr("Số CCCD"),
                self.tr("Nơi ở"),
                self.tr("Ngày có mặt"),
                self.tr("Hỗ trợ đi lại"),
                self.tr("Cấp chứng chỉ"),
                self.tr("Số chứng chỉ"),
                self.tr("Việc làm sau đào tạo"),
            ]
        )
        self.roster.verticalHeader().hide()
        self.roster.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.roster.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.roster.horizontalHeader().setStretchLastSection(True)
        self.roster.setWordWrap(False)
        self.roster.verticalHeader().setDefaultSectionSize(24)
        for index, width in enumerate((40, 190, 85, 65, 110, 200, 85, 95, 100, 110)):
            self.roster.setColumnWidth(index, width)
        self.roster.itemChanged.connect(self._roster_edited)
        self.pick_button = QPushButton(self.tr("Chọn học viên có sẵn…"))
        self.new_button = QPushButton(self.tr("Thêm học viên mới…"))
        self.remove_button = QPushButton(self.tr("Bỏ khỏi lớp"))
        self.job_button = QPushButton(self.tr("Ghi việc làm…"))
        self.pick_button.clicked.connect(self._pick_trainee)
        self.new_button.clicked.connect(self._new_trainee)
        self.remove_button.clicked.connect(self._remove_trainee)
        self.job_button.clicked.connect(self._record_job)
        self.decision_no = QLineEdit()
        self.decision_no.setPlaceholderText(self.tr("Số quyết định cấp chứng chỉ"))
        self.decision_date = QLineEdit()
        self.decision_date.setPlaceholderText(self.tr("ngày/tháng/năm"))
        self.decision_date.setMaximumWidth(110)
        self.decision_no.textChanged.connect(lambda _t: self._roster_edited(None))
        self.decision_date.textChanged.connect(lambda _t: self._roster_edited(None))
        self.number_button = QPushButton(self.tr("Đánh số chứng chỉ"))
        self.number_button.setToolTip(self.tr("Cấp số tiếp theo cho người được cấp chứng chỉ mà chưa có số"))
        self.number_button.clicked.connect(self._number)
        self.save_roster_button = QPushButton(self.tr("Lưu danh sách"))
        self.save_roster_button.setToolTip("Ctrl+S")
        self.save_roster_button.clicked.connect(self.save_roster)
        bar = QHBoxLayout()
        for button in (self.pick_button, self.new_button, self.remove_button, self.job_button):
            bar.addWidget(button)
        bar.addStretch(1)
        certificates = QHBoxLayout()
        certificates.addWidget(QLabel(self.tr("Quyết định cấp chứng chỉ số")))
        certificates.addWidget(self.decision_no, 1)
        certificates.addWidget(QLabel(self.tr("ngày")))
        certificates.addWidget(self.decision_date)
        certificates.addWidget(self.number_button)
        certificates.addStretch(1)
        certificates.addWidget(self.save_roster_button)
        page = QWidget()
        column = QVBoxLayout(page)
        column.addLayout(bar)
        column.addWidget(self.roster, 1)
        column.addLayout(certificates)
        return page

    def _attendance_tab(self) -> QWidget:
        self.grid = QTableWidget()
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.itemChanged.connect(self._grid_edited)
        self.all_button = QPushButton(self.tr("Có mặt cả lớp ngày đang chọn"))
        self.all_button.clicked.connect(self._mark_column)
        self.save_grid_button = QPushButton(self.tr("Lưu điểm danh"))
        self.save_grid_button.setToolTip("Ctrl+S")
        self.save_grid_button.clicked.connect(self.save_attendance)
        note = QLabel(self.tr("Đánh dấu ngày học viên có mặt; số ngày ăn được tính theo số ngày có mặt."))
        note.setWordWrap(True)
        bar = QHBoxLayout()
        bar.addWidget(note, 1)
        bar.addWidget(self.all_button)
        bar.addWidget(self.save_grid_button)
        page = QWidget()
        column = QVBoxLayout(page)
        column.addLayout(bar)
        column.addWidget(self.grid, 1)
        return page

    # --- loading ------------------------------------------------------------------------------------
    def _read(self, session: Session) -> CourseSheet:
        return course_sheet.load(session, self.course_id)

    def unsaved(self) -> bool:
        return self._roster_dirty or self._attendance_dirty

    def show_data(self, sheet: CourseSheet) -> None:
        self.sheet = sheet
        self.setWindowTitle(self.tr("Lớp %1").replace("%1", sheet.code or sheet.topic))
        self.heading.setText(
            f"{sheet.code} — {sheet.topic} ({format_date(sheet.start_date)} – {format_date(sheet.end_date)})"
        )
        t = sheet.totals
        self.totals.setText(
            self.tr("%1 học viên — %2 được cấp chứng chỉ — %3 có việc làm — tiền ăn %4 đ (%5 ngày), đi lại %6 đ")
            .replace("%1", str(t.trainees))
            .replace("%2", str(t.certified))
            .replace("%3", str(t.employed))
            .replace("%4", format_money(t.meal_money))
            .replace("%5", str(t.meal_days))
            .replace("%6", format_money(t.travel_money))
        )
        if not self._roster_dirty:
            self._fill_roster(sheet)
        if not self._attendance_dirty:
            self._fill_grid(sheet)

    def _fill_roster(self, sheet: CourseSheet) -> None:
        self._filling = True
        self.roster.setRowCount(len(sheet.roster))
        for row, r in enumerate(sheet.roster):
            eid = r.enrolment_id
            texts = [
                str(row + 1),
                r.full_name,
                format_date(r.birth_date),
                r.gender,
                r.cccd,
                r.place,
                str(r.present_days),
            ]
            for column, text in enumerate(texts):
                self.roster.setItem(row, column, _item(text, eid))
            self.roster.setItem(row, ROSTER_TRAVEL, _check(r.travel_eligible, eid))
            self.roster.setItem(row, ROSTER_CERTIFIED, _check(r.certified, eid))
            self.roster.setItem(row, ROSTER_NUMBER, _item(r.certificate_no, eid, editable=True))
            self.roster.setItem(row, 10, _item(r.employment, eid))
        self.decision_no.setText(sheet.certificate_decision_no)
        self.decision_date.setText(format_date(sheet.certificate_decision_date))
        self._filling = False
        self._set_roster_dirty(False)

    def _fill_grid(self, sheet: CourseSheet) -> None:
        self._filling = True
        self.grid.clear()
        self.grid.setRowCount(len(sheet.roster))
        self.grid.setColumnCount(len(sheet.days) + 1)
        self.grid.setHorizontalHeaderLabels([d.strftime("%d/%m") for d in sheet.days] + [self.tr("Số ngày")])
        self.grid.setVerticalHeaderLabels([r.full_name for r in sheet.roster])
        for row, r in enumerate(sheet.roster):
            for column, day in enumerate(sheet.days):
                self.grid.setItem(row, column, _check((r.enrolment_id, day) in sheet.present, (r.enrolment_id, day)))
            self.grid.setItem(row, len(sheet.days), _item(str(r.present_days)))
        for column in range(len(sheet.days)):
            self.grid.setColumnWidth(column, 52)
        self._filling = False
        self._set_attendance_dirty(False)

    # --- roster -------------------------------------------------------------------------------------
    def _set_roster_dirty(self, dirty: bool) -> None:
        self._roster_dirty = dirty
        self.save_roster_button.setEnabled(dirty)

    def _roster_edited(self, _item: QTableWidgetItem | None) -> None:
        if not self._filling:
            self.message.clear()
            self._set_roster_dirty(True)

    def roster_edits(self) -> list[RosterEdit]:
        edits = []
        for row in range(self.roster.rowCount()):
            number = self.roster.item(row, ROSTER_NUMBER)
            first = self.roster.item(row, 0)
            assert first is not None
            edits.append(
                RosterEdit(
                    first.data(Qt.ItemDataRole.UserRole),
                    _checked(self.roster.item(row, ROSTER_TRAVEL)),
                    _checked(self.roster.item(row, ROSTER_CERTIFIED)),
                    number.text() if number is not None else "",
                )
            )
        return edits

    def _number(self) -> None:
        sheet = self.sheet
        if sheet is None:
            return
        numbered = course_sheet.number_certificates(self.roster_edits(), training.certificate_prefix(sheet.code))
        for row, edit in enumerate(numbered):
            item = self.roster.item(row, ROSTER_NUMBER)
            if item is not None and item.text() != edit.certificate_no:
                item.setText(edit.certificate_no)

    def save_roster(self) -> None:
        if not self._roster_dirty:
            return
        try:
            text = self.decision_date.text().strip()
            decision_date = parse_date(text) if text else None
        except ValueError as error:
            self.complain(str(error))
            return
        edits, number, cid = self.roster_edits(), self.decision_no.text(), self.course_id
        if self.sheet is not None and not self._certify_below_rule(self.sheet, edits):
            return

        def saved(_r: object) -> None:
            self._set_roster_dirty(False)  # the reload that follows every write then shows what was stored

        self.write(
            self.tr("Lưu danh sách lớp"),
            lambda s: course_sheet.save_roster(s, cid, edits, number, decision_date),
            saved,
        )

    def _certify_below_rule(self, sheet: CourseSheet, edits: list[RosterEdit]) -> bool:
        """Asked before certifying a trainee who attended less than the course's rule: True to go on."""
        below = sheet.below_attendance(edits)
        if not below:
            return True
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Chưa đủ chuyên cần"),
            self.tr("%1 học viên được cấp chứng chỉ nhưng có mặt ít hơn %2% số ngày học của lớp:")
            .replace("%1", str(len(below)))
            .replace("%2", str(sheet.min_attendance_percent)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setInformativeText("\n".join(below[:15] + ([f"… ({len(below) - 15})"] if len(below) > 15 else [])))
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("Vẫn cấp chứng chỉ"))
        box.button(QMessageBox.StandardButton.No).setText(self.tr("Xem lại"))
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes

    def _selected_enrolment(self) -> tuple[uuid.UUID, str] | None:
        row = self.roster.currentRow()
        first, name = self.roster.item(row, 0), self.roster.item(row, 1)
        if row < 0 or first is None or name is None:
            return None
        return first.data(Qt.ItemDataRole.UserRole), name.text()

    def _pick_trainee(self) -> None:
        cid = self.course_id
        headers = [
            self.tr("Họ và tên"),
            self.tr("Ngày sinh"),
            self.tr("Giới tính"),
            self.tr("Số CCCD"),
            self.tr("Xã/phường"),
            self.tr("Điện thoại"),
            self.tr("Số lớp"),
        ]

        def picked(trainee_id: uuid.UUID, name: str) -> None:
            self.write(
                self.tr("Thêm “%1” vào lớp").replace("%1", name), lambda s: course_sheet.enrol(s, cid, trainee_id)
            )

        picker = RecordPicker(
            self.ctx, TRAINEES, headers, self.tr("Chọn học viên"), picked, widths=(220, 90, 70, 120, 180), parent=self
        )
        picker.setObjectName("trainee_picker")
        picker.open()

    def _new_trainee(self) -> None:
        cid, province = self.course_id, self.ctx.settings.province_code
        fields = forms.FORMS[Trainee]
        values = {f.key: forms.display(f, None) for f in fields}
        values.update(gender="nu", ethnicity="Kinh", priority_group="khong")

        def save(raw: dict[str, Any], done: FormDone) -> None:
            self.write(
                self.tr("Thêm học viên mới vào lớp"),
                lambda s: course_sheet.create_and_enrol(s, cid, raw, province),
                lambda _r: done(True, None, ""),
                form_failure(dialog, done),
            )

        dialog = RecordDialog(
            self.ctx, self.tr("Thêm học viên mới"), fields, self._trainee_labels(), values, save, self
        )
        dialog.setObjectName("new_trainee")
        dialog.open()

    def _trainee_labels(self) -> dict[str, str]:
        return {
            "full_name": self.tr("Họ và tên"),
            "birth_date": self.tr("Ngày sinh"),
            "gender": self.tr("Giới tính"),
            "ethnicity": self.tr("Dân tộc"),
            "cccd": self.tr("Số CCCD"),
            "commune_code": self.tr("Tỉnh/thành phố, xã/phường"),
            "address": self.tr("Địa chỉ"),
            "priority_group": self.tr("Đối tượng ưu tiên"),
            "phone": self.tr("Điện thoại"),
        }

    def _remove_trainee(self) -> None:
        chosen = self._selected_enrolment()
        if chosen is None:
            return
        enrolment_id, name = chosen
        if self.confirm(self.tr("Bỏ “%1” khỏi danh sách lớp? (Có thể hoàn tác bằng Ctrl+Z.)").replace("%1", name)):
            self.write(self.tr("Bỏ “%1” khỏi lớp").replace("%1", name), lambda s: course_sheet.unenrol(s, enrolment_id))

    def _record_job(self) -> None:
        chosen = self._selected_enrolment()
        if chosen is None:
            return
        enrolment_id, name = chosen
        labels = {
            "employer_name": self.tr("Nơi làm việc (cơ sở, doanh nghiệp, tự tạo việc làm)"),
            "started_on": self.tr("Làm từ ngày"),
            "confirmed": self.tr("Đã xác nhận (có giấy xác nhận hoặc hợp đồng lao động)"),
            "note": self.tr("Ghi chú"),
        }

        def show(values: dict[str, Any]) -> None:
            def save(raw: dict[str, Any], done: FormDone) -> None:
                self.write(
                    self.tr("Ghi việc làm của “%1”").replace("%1", name),
                    lambda s: course_sheet.record_employment(s, enrolment_id, raw),
                    lambda _r: done(True, None, ""),
                    form_failure(dialog, done),
                )

            dialog = RecordDialog(
                self.ctx,
                self.tr("Việc làm sau đào tạo — %1").replace("%1", name),
                course_sheet.EMPLOYMENT_FIELDS,
                labels,
                values,
                save,
                self,
            )
            dialog.setObjectName("employment")
            dialog.open()

        self.ctx.runner.read(lambda s: course_sheet.employment_values(s, enrolment_id), show)

    # --- attendance ---------------------------------------------------------------------------------
    def _set_attendance_dirty(self, dirty: bool) -> None:
        self._attendance_dirty = dirty
        self.save_grid_button.setEnabled(dirty)

    def _grid_edited(self, item: QTableWidgetItem) -> None:
        if self._filling or self.sheet is None:
            return
        self._set_attendance_dirty(True)
        row = item.row()
        days = len(self.sheet.days)
        count = sum(1 for c in range(days) if _checked(self.grid.item(row, c)))
        total = self.grid.item(row, days)
        if total is not None:
            self._filling = True
            total.setText(str(count))
            self._filling = False

    def _mark_column(self) -> None:
        column = self.grid.currentColumn()
        if self.sheet is None or not 0 <= column < len(self.sheet.days):
            return
        for row in range(self.grid.rowCount()):
            item = self.grid.item(row, column)
            if item is not None:
                item.setCheckState(Qt.CheckState.Checked)

    def marked(self) -> set[tuple[uuid.UUID, date]]:
        sheet = self.sheet
        if sheet is None:
            return set()
        present = set()
        for row in range(self.grid.rowCount()):
            for column in range(len(sheet.days)):
                item = self.grid.item(row, column)
                if _checked(item):
                    assert item is not None
                    present.add(item.data(Qt.ItemDataRole.UserRole))
        return present

    def save_attendance(self) -> None:
        if not self._attendance_dirty:
            return
        present, cid = self.marked(), self.course_id

        def saved(_r: object) -> None:
            self._set_attendance_dirty(False)

        self.write(self.tr("Lưu điểm danh"), lambda s: course_sheet.save_attendance(s, cid, present), saved)

    def _save_current(self) -> None:
        if self.tabs.currentIndex() == 0:
            self.save_roster()
        else:
            self.save_attendance()

    def _edit_course(self) -> None:
        edit_record(
            self,
            self.ctx,
            TrainingCourse,
            self._labels,
            self.course_id,
            self.tr("Sửa lớp đào tạo"),
            lambda raw: self.tr("Sửa lớp “%1”").replace("%1", str(raw.get("topic", ""))),
        )
