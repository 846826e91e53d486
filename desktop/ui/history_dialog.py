"""The audit history of one record: who changed what, when, from what to what."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from desktop.services.history import record_history
from desktop.ui.context import AppContext
from desktop.ui.screen_fit import fit


class HistoryDialog(QDialog):
    def __init__(
        self, ctx: AppContext, row_id: uuid.UUID, title: str, labels: Mapping[str, str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Lịch sử thay đổi: %1").replace("%1", title))
        self._labels = labels
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Thời điểm"),
                self.tr("Người sửa"),
                self.tr("Thao tác"),
                self.tr("Trường"),
                self.tr("Giá trị cũ"),
                self.tr("Giá trị mới"),
            ]
        )
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Đóng"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        fit(self, 900, 480)
        ctx.runner.read(lambda s: record_history(s, row_id), self._show)

    def _show(self, rows: list[tuple[Any, ...]]) -> None:
        self.table.setRowCount(len(rows))
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                text = self._labels.get(value, value) if c == 3 else value
                self.table.setItem(r, c, QTableWidgetItem(str(text)))
        self.table.resizeColumnsToContents()
