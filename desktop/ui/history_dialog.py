"""The audit history of one record: who changed what, when, from what to what."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core.dates import format_datetime_local
from desktop.models.audit import AuditEntry
from desktop.ui.context import AppContext
from desktop.ui.screen_fit import fit

ACTIONS = {"insert": "Tạo mới", "update": "Sửa", "delete": "Xóa", "restore": "Khôi phục"}


def _history(session: Session, row_id: uuid.UUID) -> list[tuple[str, str, str, str, str, str]]:
    rows = []
    for entry in session.scalars(select(AuditEntry).where(AuditEntry.row_id == row_id).order_by(AuditEntry.id)):
        for key, (old, new) in entry.changes.items():
            if entry.action == "insert" and new in (None, "", False):
                continue
            rows.append(
                (
                    format_datetime_local(entry.at),
                    entry.actor,
                    ACTIONS.get(entry.action, entry.action),
                    key,
                    "" if old is None else str(old),
                    "" if new is None else str(new),
                )
            )
    return rows


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
        ctx.runner.read(lambda s: _history(s, row_id), self._show)

    def _show(self, rows: list[tuple[Any, ...]]) -> None:
        self.table.setRowCount(len(rows))
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                text = self._labels.get(value, value) if c == 3 else value
                self.table.setItem(r, c, QTableWidgetItem(str(text)))
        self.table.resizeColumnsToContents()
