"""Choosing one record from a big list (a facility for a proposal, a trainee for a course) by searching."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.money import format_money
from desktop.services.listing import Listing, ListQuery
from desktop.ui.context import AppContext
from desktop.ui.list_page import SEARCH_DELAY_MS
from desktop.ui.paged_model import PagedTableModel
from desktop.ui.screen_fit import fit

WARNING = QColor("#b00020")


class MarkedTableModel(PagedTableModel):
    """A paged list whose rows may carry a mark: a listed value with ``tooltip`` explains its row when hovered,
    one with ``warning`` set shows the row in red (a facility that cannot be supported, never hidden)."""

    def _mark(self, row: int) -> Any:
        return next((v for v in self.row_values(row) if hasattr(v, "tooltip")), None)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.ForegroundRole):
            mark = self._mark(index.row()) if index.row() < self.rowCount() else None
            if mark is None:
                return None
            if role == Qt.ItemDataRole.ToolTipRole:
                return mark.tooltip
            return QBrush(WARNING) if mark.warning else None
        return super().data(index, role)


class RecordPicker(QDialog):
    """Search as you type over ``listing``; Enter or double-click picks the row."""

    def __init__(
        self,
        ctx: AppContext,
        listing: Listing,
        headers: list[str],
        title: str,
        on_pick: Callable[[uuid.UUID, str], None],
        name_column: int = 0,
        widths: Sequence[int] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._on_pick, self._name_column = on_pick, name_column
        self.model = MarkedTableModel(ctx.runner, listing, headers)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Gõ tên, mã số thuế, địa chỉ… (không dấu cũng được)"))
        self.search.setClearButtonEnabled(True)
        self.count = QLabel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setWordWrap(False)  # a long value is cut with "…"; a marked row explains itself in its tooltip
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate(widths):
            self.table.setColumnWidth(column, width)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Chọn"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Đóng"))
        self.buttons.accepted.connect(self.pick)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        layout.addWidget(self.buttons)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._apply)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.table.doubleClicked.connect(lambda _i: self.pick())
        self.model.total_changed.connect(
            lambda n: self.count.setText(self.tr("%1 kết quả").replace("%1", format_money(n)))
        )
        self.model.modelReset.connect(self._select_first)
        fit(self, 820, 520)
        self._apply()

    def _apply(self) -> None:
        self.model.set_query(ListQuery(self.search.text(), sort=self.model.query.sort))

    @property
    def searching(self) -> bool:
        """The typed text has not been searched yet (or its results have not arrived)."""
        return self._timer.isActive() or self.model.total is None

    def _show_count(self, total: int) -> None:
        self.count.setText(self.tr("%1 kết quả").replace("%1", format_money(total)))

    def _select_first(self) -> None:
        if self.model.rowCount():
            self.table.selectRow(0)

    def pick(self) -> None:
        if self._timer.isActive():  # Enter right after typing: search first; the next Enter picks
            self._timer.stop()
            self._apply()
            return
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        row = rows[0].row()
        self._on_pick(self.model.row_id(row), str(self.model.row_values(row)[self._name_column]))
        self.accept()
