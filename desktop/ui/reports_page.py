"""Báo cáo: the periodic report of a month, a quarter or a year — previewed and printed, or exported to
Excel — and the other workbooks sent up (proposals with their budgets, trainees of the courses)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from desktop.core.progress import ProgressState
from desktop.ui import exporting, printing
from desktop.ui.context import AppContext

QUARTERS = ("I", "II", "III", "IV")


class ReportsPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        heading = QLabel(self.tr("Báo cáo định kỳ"))
        heading.setStyleSheet("font-size: 16px; font-weight: 600;")
        self.year = QComboBox()
        self.year.setObjectName("year")
        this_year = date.today().year
        for y in range(this_year, 2013, -1):
            self.year.addItem(str(y), y)
        self.year.setMinimumWidth(120)
        self.period = QComboBox()
        self.period.setObjectName("period")
        self.period.setMinimumWidth(120)
        self.period.addItem(self.tr("Cả năm"), "")
        for n, roman in enumerate(QUARTERS, start=1):
            self.period.addItem(self.tr("Quý %1").replace("%1", roman), f"Q{n}")
        for month in range(1, 13):
            self.period.addItem(self.tr("Tháng %1").replace("%1", str(month)), f"{month:02d}")
        preview = QPushButton(self.tr("Xem trước, in báo cáo…"))
        preview.setObjectName("preview_report")
        preview.clicked.connect(self.preview_report)
        export = QPushButton(self.tr("Xuất Excel báo cáo…"))
        export.setObjectName("export_report")
        export.clicked.connect(self.export_report)
        report_box = QGroupBox(self.tr("Tình hình thực hiện hoạt động khuyến công"))
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)  # short choices stay short
        form.addRow(self.tr("Năm"), self.year)
        form.addRow(self.tr("Kỳ báo cáo"), self.period)
        buttons = QHBoxLayout()
        buttons.addWidget(preview)
        buttons.addWidget(export)
        buttons.addStretch(1)
        note = QLabel(
            self.tr(
                "Theo nhóm nội dung và theo từng đề án: kinh phí được duyệt, tạm ứng trong kỳ và lũy kế, đã quyết toán "
                "(giải ngân), nghiệm thu; "
                "chỉ tiêu của chương trình; kết quả đào tạo. Bản Excel có thêm trang giải ngân và chỉ tiêu."
            )
        )
        note.setWordWrap(True)
        note.setStyleSheet("color:#6b7280;")
        inner = QVBoxLayout(report_box)
        inner.addLayout(form)
        inner.addLayout(buttons)
        inner.addWidget(note)

        other = QGroupBox(self.tr("Số liệu khác của năm đã chọn (Excel)"))
        budgets = QPushButton(self.tr("Đề án và dự toán kinh phí…"))
        budgets.setObjectName("export_budgets")
        budgets.clicked.connect(self.export_budgets)
        trainees = QPushButton(self.tr("Học viên các lớp đào tạo…"))
        trainees.setObjectName("export_trainees")
        trainees.clicked.connect(self.export_trainees)
        row = QHBoxLayout(other)
        row.addWidget(budgets)
        row.addWidget(trainees)
        row.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(report_box)
        layout.addWidget(other)
        layout.addStretch(1)

    def key(self) -> str:
        """The period as the report takes it: 2026, 2026-Q3 or 2026-09."""
        year, part = int(self.year.currentData()), str(self.period.currentData())
        return f"{year}-{part}" if part else str(year)

    def _label(self) -> str:
        return f"{self.period.currentText()} {self.year.currentText()}"

    def preview_report(self) -> None:
        title = self.tr("Báo cáo %1").replace("%1", self._label())
        printing.preview(self.ctx, self, "bao-cao", self.key(), title)

    def export_report(self) -> None:
        key = self.key()

        def work(session: Session, target: Path, _state: ProgressState) -> Any:
            from desktop.spreadsheets import exports

            return exports.export_report(session, target, key)

        title = self.tr("Xuất Excel báo cáo %1").replace("%1", self._label())
        exporting.export(self.ctx, self, title, f"bao-cao-khuyen-cong-{key}.xlsx", work)

    def export_budgets(self) -> None:
        year = int(self.year.currentData())

        def work(session: Session, target: Path, _state: ProgressState) -> Any:
            from desktop.spreadsheets import exports

            return exports.export_budgets(session, target, year)

        title = self.tr("Xuất Excel đề án và dự toán năm %1").replace("%1", str(year))
        exporting.export(self.ctx, self, title, f"de-an-du-toan-{year}.xlsx", work)

    def export_trainees(self) -> None:
        year = int(self.year.currentData())

        def work(session: Session, target: Path, _state: ProgressState) -> Any:
            from desktop.spreadsheets import exports

            return exports.export_trainees(session, target, year=year)

        title = self.tr("Xuất Excel học viên các lớp năm %1").replace("%1", str(year))
        exporting.export(self.ctx, self, title, f"hoc-vien-{year}.xlsx", work)
