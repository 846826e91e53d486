"""Chỉ tiêu chương trình khuyến công của tỉnh: the centre types the targets of its programme for a period."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import ErrorKind, explain
from desktop.core.money import format_money
from desktop.core.validation import FieldError
from desktop.services import indicators
from desktop.services.programme_targets import ProgrammeForm, read_targets, save_programme
from desktop.ui.context import AppContext
from desktop.ui.screen_fit import fit
from desktop.ui.tasks import show_error

_EDITABLE = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable
_FIXED = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class ProgrammeDialog(QDialog):
    """The programme's name, period and decision, and a target for each indicator the records measure."""

    def __init__(self, ctx: AppContext, form: ProgrammeForm, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.form = ctx, form
        self.setWindowTitle(self.tr("Chỉ tiêu chương trình khuyến công của tỉnh"))
        self.name = QLineEdit(form.name)
        self.period_from = QSpinBox()
        self.period_to = QSpinBox()
        for box, value in ((self.period_from, form.period_from), (self.period_to, form.period_to)):
            box.setRange(2000, 2100)
            box.setValue(value)
        self.legal_basis = QLineEdit(form.legal_basis)
        self.legal_basis.setPlaceholderText(self.tr("ví dụ Quyết định số 1234/QĐ-UBND ngày 15/12/2025 của UBND tỉnh"))
        period = QHBoxLayout()
        period.addWidget(self.period_from)
        period.addWidget(QLabel(self.tr("đến")))
        period.addWidget(self.period_to)
        period.addStretch(1)
        fields = QFormLayout()
        fields.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        fields.addRow(self.tr("Tên chương trình *"), self.name)
        fields.addRow(self.tr("Giai đoạn"), period)
        fields.addRow(self.tr("Quyết định phê duyệt"), self.legal_basis)
        note = QLabel(
            self.tr(
                "Nhập mục tiêu cả giai đoạn theo quyết định phê duyệt chương trình; để trống chỉ tiêu không có."
                " Kết quả được tính từ hồ sơ: người học từ danh sách lớp, máy móc từ dự toán, sản phẩm từ bình chọn."
            )
        )
        note.setWordWrap(True)
        self.table = self._targets_table(form)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Lưu"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Hủy"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(fields)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        fit(self, 820, 640)

    def _targets_table(self, form: ProgrammeForm) -> QTableWidget:
        table = QTableWidget(len(indicators.INDICATORS), 3)
        table.setHorizontalHeaderLabels([self.tr("Chỉ tiêu"), self.tr("Đơn vị"), self.tr("Mục tiêu giai đoạn")])
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        for row, indicator in enumerate(indicators.INDICATORS):
            name = QTableWidgetItem(indicator.name)
            name.setData(Qt.ItemDataRole.UserRole, indicator.code)
            tip = indicator.report_group.label
            if indicator.source is None:
                tip += "\n" + self.tr("Hồ sơ không tách được kết quả của chỉ tiêu này: tổng quan ghi “—”")
            name.setToolTip(tip)
            unit = QTableWidgetItem(indicator.unit)
            target = form.targets.get(indicator.code)
            value = QTableWidgetItem(format_money(target) if target else "")
            value.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            name.setFlags(_FIXED)
            unit.setFlags(_FIXED)
            value.setFlags(_EDITABLE)
            for column, item in enumerate((name, unit, value)):
                table.setItem(row, column, item)
        table.setCurrentCell(0, 2)
        return table

    def target_texts(self) -> dict[str, str]:
        """What was typed in the target column, by indicator code."""
        texts: dict[str, str] = {}
        for row in range(self.table.rowCount()):
            name, value = self.table.item(row, 0), self.table.item(row, 2)
            if name is not None:
                texts[str(name.data(Qt.ItemDataRole.UserRole))] = value.text() if value is not None else ""
        return texts

    def show_problem(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        explained = explain(error)
        if explained.kind is ErrorKind.BUG:
            show_error(self, error)
            return
        self.message.setText(error.message if isinstance(error, FieldError) else explained.message)

    def submit(self) -> None:
        self.message.clear()
        try:
            targets = read_targets(self.target_texts())
        except FieldError as error:
            self.show_problem(error)
            return
        form = ProgrammeForm(
            self.form.programme,
            self.name.text(),
            self.period_from.value(),
            self.period_to.value(),
            self.legal_basis.text(),
            targets,
            self.form.stored,
        )
        province = self.ctx.settings.province_code
        self.buttons.setEnabled(False)
        self.ctx.runner.write(
            self.tr("Nhập chỉ tiêu chương trình khuyến công"),
            lambda s: save_programme(s, province, form),
            lambda _n: self.accept(),
            self.show_problem,
            parent=self,
        )
