"""The province's own support caps (KCĐP): list, add, correct, end — each cited as the province's text."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.dates import format_date
from desktop.core.errors import ErrorKind, explain
from desktop.core.validation import FieldError
from desktop.models.enums import CapUnit
from desktop.services import caps
from desktop.store.changes import Changes
from desktop.ui.context import AppContext
from desktop.ui.screen_fit import fit
from desktop.ui.tasks import show_error


def _failure(dialog: QWidget, show: Callable[[str, str | None], None]) -> Callable[[BaseException], None]:
    """A refused write goes back to the dialog (naming the field); anything else is a program error."""

    def failed(error: BaseException) -> None:
        explained = explain(error)
        if explained.kind is ErrorKind.BUG:
            show_error(dialog, error)
            return
        show(explained.message, error.field if isinstance(error, FieldError) else None)

    return failed


class CapDialog(QDialog):
    """One cap of the province: the activity, the rate and/or the amount, the dates, the province's text."""

    def __init__(
        self, ctx: AppContext, values: dict[str, str], cap_id: uuid.UUID | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx, self.cap_id = ctx, cap_id
        self.setWindowTitle(self.tr("Sửa mức hỗ trợ của tỉnh") if cap_id else self.tr("Thêm mức hỗ trợ của tỉnh"))
        self.activity = QComboBox()
        for code, name in sorted(ctx.reference.activity_types, key=lambda a: a[1]):
            self.activity.addItem(name, code)
        self.rate = QLineEdit()
        self.rate.setPlaceholderText(self.tr("ví dụ 30 hoặc 12,5 (để trống nếu không có)"))
        self.amount = QLineEdit()
        self.amount.setPlaceholderText(self.tr("ví dụ 800.000.000 (để trống nếu không có)"))
        self.unit = QComboBox()
        for unit in CapUnit:
            self.unit.addItem(unit.label, unit.value)
        self.valid_from = QLineEdit()
        self.valid_to = QLineEdit()
        for edit in (self.valid_from, self.valid_to):
            edit.setPlaceholderText(self.tr("ngày/tháng/năm"))
        self.valid_to.setToolTip(self.tr("Để trống khi mức hỗ trợ chưa hết hiệu lực"))
        self.document_kind = QComboBox()
        self.document_kind.setEditable(True)
        self.document_kind.addItems(list(caps.DOCUMENT_KINDS))
        self.document_no = QLineEdit()
        self.document_no.setPlaceholderText(self.tr("ví dụ 12/2025/NQ-HĐND"))
        self.document_date = QLineEdit()
        self.document_date.setPlaceholderText(self.tr("ngày/tháng/năm"))
        self.issuer = QLineEdit()
        self.issuer.setPlaceholderText(self.tr("ví dụ HĐND tỉnh Đắk Lắk"))
        self.article = QLineEdit()
        self.article.setPlaceholderText(self.tr("ví dụ Điều 3 khoản 2 (nếu có)"))
        self.message = QLabel()
        self.message.setObjectName("capMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.edits: dict[str, QWidget] = {
            "activity_type_code": self.activity,
            "rate_percent": self.rate,
            "cap_amount": self.amount,
            "unit": self.unit,
            "valid_from": self.valid_from,
            "valid_to": self.valid_to,
            "document_kind": self.document_kind,
            "document_no": self.document_no,
            "document_date": self.document_date,
            "issuer": self.issuer,
            "article": self.article,
        }
        note = QLabel(
            self.tr(
                "Mức hỗ trợ của tỉnh áp dụng cho đề án khuyến công địa phương; đề án khuyến công quốc gia"
                " luôn theo mức của Thông tư. Ghi rõ văn bản của tỉnh quy định mức này."
            )
        )
        note.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Lưu"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Hủy"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("Hoạt động khuyến công *"), self.activity)
        form.addRow(self.tr("Tỷ lệ hỗ trợ tối đa (% chi phí)"), self.rate)
        form.addRow(self.tr("Mức hỗ trợ tối đa (đồng)"), self.amount)
        form.addRow(self.tr("Tính trên mỗi"), self.unit)
        form.addRow(self.tr("Có hiệu lực từ ngày *"), self.valid_from)
        form.addRow(self.tr("Hết hiệu lực sau ngày"), self.valid_to)
        form.addRow(self.tr("Loại văn bản của tỉnh *"), self.document_kind)
        form.addRow(self.tr("Số, ký hiệu văn bản *"), self.document_no)
        form.addRow(self.tr("Ngày ban hành *"), self.document_date)
        form.addRow(self.tr("Cơ quan ban hành *"), self.issuer)
        form.addRow(self.tr("Điều, khoản"), self.article)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.set_values(values)
        self.resize(640, 0)

    def set_values(self, values: dict[str, str]) -> None:
        self.activity.setCurrentIndex(max(self.activity.findData(values.get("activity_type_code", "")), 0))
        self.unit.setCurrentIndex(max(self.unit.findData(values.get("unit", "")), 0))
        self.document_kind.setCurrentText(values.get("document_kind", "") or caps.DOCUMENT_KINDS[0])
        for key, edit in self.edits.items():
            if isinstance(edit, QLineEdit):
                edit.setText(values.get(key, ""))

    def values(self) -> dict[str, str]:
        found: dict[str, str] = {}
        for key, edit in self.edits.items():
            if isinstance(edit, QLineEdit):
                found[key] = edit.text()
        found["activity_type_code"] = str(self.activity.currentData() or "")
        found["unit"] = str(self.unit.currentData() or "")
        found["document_kind"] = self.document_kind.currentText()
        return found

    def show_problem(self, message: str, field: str | None) -> None:
        self.message.setText(message)
        self.buttons.setEnabled(True)
        widget = self.edits.get(field or "")
        if widget is not None:
            widget.setFocus()

    def submit(self) -> None:
        raw, cap_id, province = self.values(), self.cap_id, self.ctx.settings.province_code
        self.message.clear()
        self.buttons.setEnabled(False)
        name = self.activity.currentText()
        label = (self.tr("Sửa mức hỗ trợ của tỉnh: %1") if cap_id else self.tr("Thêm mức hỗ trợ của tỉnh: %1")).replace(
            "%1", name
        )

        def done(_id: object) -> None:
            self.buttons.setEnabled(True)
            self.accept()

        self.ctx.runner.write(
            label,
            lambda s: caps.save(s, province, cap_id, raw),
            done,
            _failure(self, self.show_problem),
            parent=self,
        )


class EndDialog(QDialog):
    """End a cap: its last day in force (the day before the province's new text takes effect)."""

    def __init__(self, ctx: AppContext, row: caps.CapRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.row = ctx, row
        self.setWindowTitle(self.tr("Kết thúc hiệu lực mức hỗ trợ"))
        self.last_day = QLineEdit(format_date(date.today()))
        self.last_day.setPlaceholderText(self.tr("ngày/tháng/năm"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        what = QLabel(
            self.tr("%1, có hiệu lực từ %2 (%3).")
            .replace("%1", row.activity_name)
            .replace("%2", format_date(row.valid_from))
            .replace("%3", row.legal_basis)
        )
        what.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Kết thúc hiệu lực"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Hủy"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Ngày cuối cùng còn hiệu lực *"), self.last_day)
        layout = QVBoxLayout(self)
        layout.addWidget(what)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(520, 0)

    def show_problem(self, message: str, _field: str | None) -> None:
        self.message.setText(message)
        self.buttons.setEnabled(True)

    def submit(self) -> None:
        text, row, province = self.last_day.text(), self.row, self.ctx.settings.province_code
        self.buttons.setEnabled(False)
        self.message.clear()
        self.ctx.runner.write(
            self.tr("Kết thúc mức hỗ trợ của tỉnh: %1").replace("%1", row.activity_name),
            lambda s: caps.end(s, province, row.id, text),
            lambda _day: self.accept(),
            _failure(self, self.show_problem),
            parent=self,
        )


class CapsEditor(QDialog):
    """The province's own caps, with the national ones shown for comparison on request."""

    COLUMNS = 7

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[caps.CapRow] = []
        self.setWindowTitle(self.tr("Mức hỗ trợ khuyến công địa phương của tỉnh"))
        intro = QLabel(
            self.tr(
                "Mức hỗ trợ do tỉnh quy định (nghị quyết của HĐND hoặc quyết định của UBND tỉnh) cho các đề án"
                " khuyến công địa phương. Khi tỉnh chưa quy định, dự toán được so với mức của Thông tư."
            )
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(0, self.COLUMNS)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Hoạt động"),
                self.tr("Tỷ lệ tối đa"),
                self.tr("Mức tối đa"),
                self.tr("Từ ngày"),
                self.tr("Đến ngày"),
                self.tr("Căn cứ"),
                self.tr("Cấp"),
            ]
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 300)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.national = QCheckBox(self.tr("Hiện cả mức hỗ trợ khuyến công quốc gia (để so sánh)"))
        self.national.toggled.connect(lambda _on: self.refresh())
        self.add_button = QPushButton(self.tr("Thêm mức hỗ trợ…"))
        self.edit_button = QPushButton(self.tr("Sửa…"))
        self.end_button = QPushButton(self.tr("Kết thúc hiệu lực…"))
        close = QPushButton(self.tr("Đóng"))
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit_selected)
        self.end_button.clicked.connect(self.end_selected)
        close.clicked.connect(self.accept)
        self.empty = QLabel(self.tr("Tỉnh chưa có mức hỗ trợ riêng nào."))
        bar = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.end_button):
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.national)
        bar.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addLayout(bar)
        fit(self, 1100, 520)
        ctx.runner.changed.connect(self._changed)
        self._selection_changed()
        self.refresh()

    def _changed(self, changed: Changes) -> None:
        if changed.touches({"support_cap"}):
            self.refresh()

    def refresh(self) -> None:
        province, national = self.ctx.settings.province_code, self.national.isChecked()
        self.ctx.runner.read(lambda s: caps.rows(s, province, national=national), self._show)

    def _show(self, rows: list[caps.CapRow]) -> None:
        self.rows = rows
        today = date.today()
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            cells = (
                row.activity_name,
                row.rate_text,
                row.amount_text,
                format_date(row.valid_from),
                format_date(row.valid_to),
                row.legal_basis,
                self.tr("Quốc gia") if row.national else self.tr("Tỉnh"),
            )
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c in (1, 2):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if not row.in_force(today):
                    item.setForeground(Qt.GlobalColor.gray)
                self.table.setItem(r, c, item)
        self.table.resizeRowsToContents()
        self.empty.setVisible(not any(not row.national for row in rows))
        self._selection_changed()

    def selected(self) -> caps.CapRow | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.rows):
            return None
        return self.rows[rows[0].row()]

    def _selection_changed(self) -> None:
        row = self.selected()
        own = row is not None and not row.national
        self.edit_button.setEnabled(own)
        self.end_button.setEnabled(own and row is not None and row.valid_to is None)

    def _open(self, cap_id: uuid.UUID | None) -> None:
        def start(values: dict[str, str]) -> None:
            dialog = CapDialog(self.ctx, values, cap_id, self)
            dialog.setObjectName("capDialog")
            dialog.open()

        self.ctx.runner.read(lambda s: caps.form_values(s, cap_id), start)

    def add(self) -> None:
        self._open(None)

    def edit_selected(self) -> None:
        row = self.selected()
        if row is not None and not row.national:
            self._open(row.id)

    def end_selected(self) -> None:
        row = self.selected()
        if row is not None and not row.national:
            dialog = EndDialog(self.ctx, row, self)
            dialog.setObjectName("endCapDialog")
            dialog.open()


def open_caps_editor(ctx: AppContext, parent: QWidget | None = None) -> CapsEditor:
    """Show the province's caps (modeless; the caller may keep the returned dialog)."""
    editor = CapsEditor(ctx, parent)
    editor.setObjectName("capsEditor")
    editor.open()
    return editor


class CapsBox(QGroupBox):
    """The settings page's entry to the province's caps: one line of explanation and a button."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.editor: CapsEditor | None = None
        self.setTitle(self.tr("Mức hỗ trợ khuyến công địa phương"))
        note = QLabel(self.tr("Mức hỗ trợ tối đa do tỉnh quy định cho đề án khuyến công địa phương."))
        note.setWordWrap(True)
        self.button = QPushButton(self.tr("Mức hỗ trợ của tỉnh…"))
        self.button.clicked.connect(self.open_editor)
        row = QHBoxLayout(self)
        row.addWidget(note, 1)
        row.addWidget(self.button)

    def open_editor(self) -> None:
        """One editor, made on the first click and shown again on the next (one made per click stayed alive,
        each listening for every change, until the window closed)."""
        if self.editor is None:
            self.editor = open_caps_editor(self.ctx, self.window())
            return
        if not self.editor.isVisible():
            self.editor.refresh()
            self.editor.open()
        self.editor.raise_()
        self.editor.activateWindow()
