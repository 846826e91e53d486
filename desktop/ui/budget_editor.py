"""The budget table of a proposal (Mẫu 01): edit lines, see totals, the split and cap warnings live."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.money import format_money, format_number, parse_quantity
from desktop.services import budget
from desktop.services.workspace import LineDraft, Workspace

Index = QModelIndex | QPersistentModelIndex
# (attribute, editable); headers are set by the editor through tr().
COLUMNS: tuple[tuple[str, bool], ...] = (
    ("item", True),
    ("unit", True),
    ("quantity", True),
    ("unit_price", True),
    ("amount", False),
    ("support_amount", True),
    ("counterpart_amount", False),
    ("other_amount", True),
    ("beneficiary_facility_id", True),
)
MONEY = {"unit_price", "amount", "support_amount", "counterpart_amount", "other_amount"}
BENEFICIARY = len(COLUMNS) - 1
ERROR_BRUSH = QBrush(QColor("#fde7e9"))
DERIVED_BRUSH = QBrush(QColor("#f2f4f7"))


class BudgetModel(QAbstractTableModel):
    """The lines being edited; ``edited`` fires after every change, ``invalid`` with a message for bad input."""

    edited = Signal()
    invalid = Signal(str)

    def __init__(self, headers: Sequence[str]) -> None:
        super().__init__()
        self._headers = list(headers)
        self.lines: list[LineDraft] = []
        self.names: dict[uuid.UUID, str] = {}
        self.editable = True
        self.error_lines: set[int] = set()  # 1-based positions with an error finding

    def load(self, lines: Sequence[LineDraft], names: dict[uuid.UUID, str], editable: bool) -> None:
        self.beginResetModel()
        self.lines = [replace(line) for line in lines]
        self.names, self.editable = names, editable
        self.endResetModel()

    def drafts(self) -> list[LineDraft]:
        return [replace(line, position=n) for n, line in enumerate(self.lines, start=1)]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return self._headers[section] if orientation == Qt.Orientation.Horizontal else str(section + 1)

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.editable and COLUMNS[index.column()][1]:
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line = self.lines[index.row()]
        key, editable = COLUMNS[index.column()]
        value = getattr(line, key)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if key == "beneficiary_facility_id":
                return self.names.get(value, "") if value is not None else ""
            if key in MONEY:
                return format_money(value)
            if key == "quantity":
                return format_number(value)
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole and (key in MONEY or key == "quantity"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            if index.row() + 1 in self.error_lines:
                return ERROR_BRUSH
            if not editable:
                return DERIVED_BRUSH
        if role == Qt.ItemDataRole.UserRole and key == "beneficiary_facility_id":
            return str(value) if value is not None else ""
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        line = self.lines[index.row()]
        key = COLUMNS[index.column()][0]
        text = str(value if value is not None else "").strip()
        try:
            if key in MONEY:
                parsed: Any = budget.parse_line_money(text)
            elif key == "quantity":
                parsed = parse_quantity(text or "0")
            elif key == "beneficiary_facility_id":
                parsed = uuid.UUID(text) if text else None
            else:
                parsed = text
        except ValueError as error:
            self.invalid.emit(self.tr("Dòng %1: %2").replace("%1", str(index.row() + 1)).replace("%2", str(error)))
            return False
        if getattr(line, key) == parsed:
            return True
        setattr(line, key, parsed)
        # amount and counterpart are derived from the row; repaint the whole row
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), len(COLUMNS) - 1))
        self.edited.emit()
        return True

    def insert_line(self, row: int) -> None:
        self.beginInsertRows(QModelIndex(), row, row)
        self.lines.insert(row, LineDraft())
        self.endInsertRows()
        self.edited.emit()

    def remove_line(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        del self.lines[row]
        self.endRemoveRows()
        self.edited.emit()

    def move_line(self, row: int, by: int) -> bool:
        target = row + by
        if not (0 <= row < len(self.lines) and 0 <= target < len(self.lines)):
            return False
        destination = target + 1 if by > 0 else target  # Qt counts the destination before the move
        self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), destination)
        self.lines[row], self.lines[target] = self.lines[target], self.lines[row]
        self.endMoveRows()
        self.edited.emit()
        return True

    def mark_errors(self, positions: set[int]) -> None:
        if positions != self.error_lines:
            self.error_lines = positions
            if self.lines:
                self.dataChanged.emit(self.index(0, 0), self.index(len(self.lines) - 1, len(COLUMNS) - 1))


class BeneficiaryDelegate(QStyledItemDelegate):
    """A drop-down of the proposal's beneficiaries for the last column."""

    def __init__(self, model: BudgetModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        combo = QComboBox(parent)
        combo.addItem(self.tr("— cả đề án —"), "")
        for facility_id, name in self._model.names.items():
            combo.addItem(name, str(facility_id))
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(editor.findData(index.data(Qt.ItemDataRole.UserRole)), 0))

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class BudgetEditor(QWidget):
    """Lines, totals, findings; ``save(drafts, done)`` stores the whole budget as one action."""

    dirty_changed = Signal(bool)

    def __init__(self, save: Callable[[list[LineDraft]], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._save = save
        self._workspace: Workspace | None = None
        self._dirty = False
        headers = [
            self.tr("Nội dung chi"),
            self.tr("Đơn vị"),
            self.tr("Số lượng"),
            self.tr("Đơn giá"),
            self.tr("Thành tiền"),
            self.tr("KP khuyến công"),
            self.tr("Đối ứng"),
            self.tr("Nguồn khác"),
            self.tr("Cơ sở thụ hưởng"),
        ]
        self.model = BudgetModel(headers)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(BENEFICIARY, BeneficiaryDelegate(self.model, self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((260, 60, 70, 110, 120, 120, 110, 100)):
            self.table.setColumnWidth(column, width)
        self.add_button = QPushButton(self.tr("Thêm dòng"))
        self.add_button.setToolTip("Ctrl+Insert")
        self.remove_button = QPushButton(self.tr("Xóa dòng"))
        self.remove_button.setToolTip("Ctrl+Delete")
        self.up_button = QPushButton(self.tr("Lên"))
        self.down_button = QPushButton(self.tr("Xuống"))
        self.revert_button = QPushButton(self.tr("Hoàn lại"))
        self.save_button = QPushButton(self.tr("Lưu dự toán"))
        self.save_button.setToolTip("Ctrl+S")
        self.cap = QLabel()
        self.cap.setWordWrap(True)
        self.totals = QLabel()
        self.totals.setObjectName("budgetTotals")
        self.totals.setWordWrap(True)
        self.findings = QLabel()
        self.findings.setObjectName("budgetFindings")
        self.findings.setWordWrap(True)
        self.findings.setTextFormat(Qt.TextFormat.RichText)
        self.message = QLabel()
        self.message.setStyleSheet("color: #b00020;")
        bar = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.revert_button)
        bar.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.cap)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.totals)
        layout.addWidget(self.findings)
        layout.addWidget(self.message)

        self.add_button.clicked.connect(self.add_line)
        self.remove_button.clicked.connect(self.remove_line)
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button.clicked.connect(lambda: self._move(1))
        self.revert_button.clicked.connect(self.revert)
        self.save_button.clicked.connect(self.save)
        QShortcut(QKeySequence("Ctrl+Insert"), self, self.add_line)
        QShortcut(QKeySequence("Ctrl+Delete"), self, self.remove_line)
        self.model.edited.connect(self._edited)
        self.model.invalid.connect(self.message.setText)

    # --- state --------------------------------------------------------------------------------------
    @property
    def dirty(self) -> bool:
        return self._dirty

    def _set_dirty(self, dirty: bool) -> None:
        if dirty != self._dirty:
            self._dirty = dirty
            self.dirty_changed.emit(dirty)
        editable = self.model.editable
        self.save_button.setEnabled(dirty and editable)
        self.revert_button.setEnabled(dirty)

    def show_workspace(self, ws: Workspace) -> None:
        """Show the stored budget (unless the user has unsaved edits, which are kept)."""
        self._workspace = ws
        if self._dirty:
            return
        self.model.load(ws.lines, ws.beneficiary_names(), ws.budget_editable)
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            button.setEnabled(ws.budget_editable)
        self.cap.setText(budget.cap_status(ws.cap))
        if not ws.budget_editable:
            self.cap.setText(self.cap.text() + " " + self.tr("Dự toán đã được phê duyệt nên chỉ xem, không sửa."))
        self.message.clear()
        self._set_dirty(False)
        self._update_checks()

    def _edited(self) -> None:
        self.message.clear()
        self._set_dirty(True)
        self._update_checks()

    def _update_checks(self) -> None:
        if self._workspace is None:
            return
        drafts = self.model.drafts()
        t = budget.totals(drafts)
        self.totals.setText(
            self.tr("Tổng cộng: %1 đ — KP khuyến công %2 đ (%3%) — đối ứng %4 đ — nguồn khác %5 đ")
            .replace("%1", format_money(t.amount))
            .replace("%2", format_money(t.support))
            .replace("%3", budget.share_text(t, self._workspace.cap))
            .replace("%4", format_money(t.counterpart))
            .replace("%5", format_money(t.other))
        )
        found = self._workspace.findings(drafts)
        self.model.mark_errors({f.line for f in found if f.severity is budget.Severity.ERROR and f.line})
        if not found:
            self.findings.setText(
                "<span style='color:#1b7f3b'>" + _escape(budget.verdict(found, self._workspace.cap)) + "</span>"
            )
            return
        items = []
        for f in found:
            colour = "#b00020" if f.severity is budget.Severity.ERROR else "#a15c00"
            sign = "✖" if f.severity is budget.Severity.ERROR else "⚠"
            items.append(f"<div style='color:{colour}'>{sign} {_escape(f.message)}</div>")
        self.findings.setText("".join(items))

    # --- actions ------------------------------------------------------------------------------------
    def _current_row(self) -> int:
        index = self.table.currentIndex()
        return index.row() if index.isValid() else -1

    def add_line(self) -> None:
        if not self.model.editable:
            return
        row = self._current_row() + 1 if self._current_row() >= 0 else self.model.rowCount()
        self.model.insert_line(row)
        index = self.model.index(row, 0)
        self.table.setCurrentIndex(index)
        self.table.edit(index)

    def remove_line(self) -> None:
        row = self._current_row()
        if not self.model.editable or row < 0:
            return
        item = self.model.lines[row].item or self.tr("(chưa có nội dung)")
        answer = QMessageBox.question(
            self,
            self.tr("Xóa dòng dự toán?"),
            self.tr("Xóa dòng %1 “%2” khỏi dự toán? (Chỉ mất khi bấm Lưu dự toán.)")
            .replace("%1", str(row + 1))
            .replace("%2", item),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.model.remove_line(row)

    def _move(self, by: int) -> None:
        row = self._current_row()
        if self.model.editable and self.model.move_line(row, by):
            self.table.setCurrentIndex(self.model.index(row + by, self.table.currentIndex().column()))

    def revert(self) -> None:
        self._set_dirty(False)
        if self._workspace is not None:
            self.show_workspace(self._workspace)

    def save(self) -> None:
        if self._dirty and self.model.editable:
            self.message.clear()
            self._save(self.model.drafts())

    def saved(self) -> None:
        """The write went through: the next snapshot replaces the edited lines."""
        self._set_dirty(False)

    def failed(self, message: str) -> None:
        self.message.setText(message)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
