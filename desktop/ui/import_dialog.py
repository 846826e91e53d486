"""Nhập từ Excel: choose the file, its sheet and header row, check which column holds each field, run the
check (every row's problems in a table), map the old communes the sheet names, then import all at once.
The work is ``desktop.spreadsheets.imports``; this dialog only asks and shows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from desktop.core.money import format_money
from desktop.core.progress import ProgressState
from desktop.spreadsheets import imports
from desktop.ui import long_task, tasks
from desktop.ui.context import AppContext
from desktop.ui.screen_fit import fit
from desktop.ui.searchable import SearchableCombo

NO_COLUMN = -1


class ImportDialog(QDialog):
    def __init__(self, ctx: AppContext, target: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("import_dialog")
        self.ctx, self.target = ctx, target
        self.path: Path | None = None
        self.shown: imports.Preview | None = None
        self.report: imports.Report | None = None
        what = self.tr("cơ sở CNNT") if target == "facilities" else self.tr("học viên")
        self.setWindowTitle(self.tr("Nhập %1 từ Excel").replace("%1", what))
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)

        self.file_label = QLabel(self.tr("Chưa chọn tệp"))
        choose = QPushButton(self.tr("Chọn tệp Excel…"))
        choose.setObjectName("choose_file")
        choose.clicked.connect(self.choose_file)
        self.sheet = QComboBox()
        self.sheet.setObjectName("sheet")
        self.header_row = QSpinBox()
        self.header_row.setObjectName("header_row")
        self.header_row.setRange(1, imports.HEADER_SEARCH + 5)
        self.sheet.activated.connect(lambda _i: self.load_preview(self.sheet.currentText(), 0))
        self.header_row.editingFinished.connect(
            lambda: self.load_preview(self.sheet.currentText(), self.header_row.value())
        )
        source = QGroupBox(self.tr("1. Tệp"))
        top = QFormLayout(source)
        row = QHBoxLayout()
        row.addWidget(choose)
        row.addWidget(self.file_label, 1)
        top.addRow(row)
        top.addRow(self.tr("Trang tính"), self.sheet)
        top.addRow(self.tr("Dòng tiêu đề"), self.header_row)

        self.mapping = QTableWidget(0, 3)
        self.mapping.setObjectName("mapping")
        self.mapping.setHorizontalHeaderLabels([self.tr("Trường"), self.tr("Cột trong tệp"), self.tr("Nếu trống")])
        self.mapping.verticalHeader().hide()
        self.mapping.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        columns = QGroupBox(self.tr("2. Cột của từng trường (đã tự dò theo tiêu đề; sửa nếu cần)"))
        QVBoxLayout(columns).addWidget(self.mapping)

        self.communes_box = QGroupBox(self.tr("Xã/phường không có trong danh mục mới (tên cũ): chọn xã/phường mới"))
        self.communes = QFormLayout(self.communes_box)
        self.commune_pickers: dict[str, QComboBox] = {}
        self.communes_box.hide()

        self.check_button = QPushButton(self.tr("3. Kiểm tra"))
        self.check_button.setObjectName("check")
        self.check_button.setEnabled(False)
        self.check_button.clicked.connect(self.check)
        self.summary = QLabel()
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.problems = QTableWidget(0, 4)
        self.problems.setObjectName("problems")
        self.problems.setHorizontalHeaderLabels([self.tr("Dòng"), self.tr("Cột"), self.tr("Vấn đề"), self.tr("Loại")])
        self.problems.verticalHeader().hide()
        self.problems.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.problems.horizontalHeader().setStretchLastSection(False)
        self.problems.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.problems.setColumnWidth(0, 60)
        self.problems.setColumnWidth(1, 200)
        self.import_button = QPushButton(self.tr("4. Nhập"))
        self.import_button.setObjectName("import")
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.commit)
        close = QPushButton(self.tr("Đóng"))
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.check_button)
        buttons.addWidget(self.summary, 1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(source)
        layout.addWidget(columns, 2)
        layout.addWidget(self.communes_box)
        layout.addLayout(buttons)
        layout.addWidget(self.problems, 3)
        fit(self, 980, 760)

    # --- 1. the file ----------------------------------------------------------------------------------
    def choose_file(self) -> None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        chosen, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Chọn tệp Excel"), folder, self.tr("Tệp Excel (*.xlsx *.xls)")
        )
        if chosen:
            self.open_file(Path(chosen))

    def open_file(self, path: Path) -> None:
        self.path = path
        self.file_label.setText(path.name)
        self.load_preview("", 0)

    def load_preview(self, sheet: str, header_row: int) -> None:
        path, target = self.path, self.target
        if path is None:
            return
        self.ctx.runner.read(
            lambda session: imports.preview(session, path, target, sheet, header_row),
            self.show_preview,
            lambda error: tasks.show_error(self, error),
        )

    def show_preview(self, shown: imports.Preview) -> None:
        self.shown, self.report = shown, None
        self.sheet.blockSignals(True)
        self.sheet.clear()
        self.sheet.addItems(shown.sheets)
        self.sheet.setCurrentText(shown.sheet)
        self.sheet.blockSignals(False)
        self.header_row.setValue(shown.header_row)
        self.mapping.setRowCount(0)
        for key, label in imports.field_choices(self.target):
            n = self.mapping.rowCount()
            self.mapping.insertRow(n)
            item = QTableWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.mapping.setItem(n, 0, item)
            column = QComboBox()
            column.addItem(self.tr("(không có)"), NO_COLUMN)
            for index, title in enumerate(shown.headers):
                column.addItem(f"{index + 1}. {title}" if title else f"{index + 1}.", index)
            column.setCurrentIndex(column.findData(shown.layout.columns.get(key, NO_COLUMN)))
            self.mapping.setCellWidget(n, 1, column)
            choices = imports.choice_values(self.target, key)
            if choices:
                fallback = QComboBox()
                fallback.addItem("", "")
                for value, text in choices:
                    fallback.addItem(text, value)
                fallback.setCurrentIndex(max(0, fallback.findData(shown.layout.defaults.get(key, ""))))
                self.mapping.setCellWidget(n, 2, fallback)
        self.check_button.setEnabled(True)
        self.import_button.setEnabled(False)
        self.summary.setText(self.tr("Kiểm tra để xem từng dòng có nhập được không."))

    # --- 2. the columns -------------------------------------------------------------------------------
    def layout_chosen(self) -> imports.SheetLayout:
        assert self.shown is not None
        columns: dict[str, int] = {}
        defaults: dict[str, str] = {}
        for n in range(self.mapping.rowCount()):
            field = self.mapping.item(n, 0)
            assert field is not None
            key = str(field.data(Qt.ItemDataRole.UserRole))
            column = self.mapping.cellWidget(n, 1)
            assert isinstance(column, QComboBox)
            if int(column.currentData()) != NO_COLUMN:
                columns[key] = int(column.currentData())
            fallback = self.mapping.cellWidget(n, 2)
            if isinstance(fallback, QComboBox) and fallback.currentData():
                defaults[key] = str(fallback.currentData())
        names = {old: str(picker.currentData()) for old, picker in self.commune_pickers.items() if picker.currentData()}
        return imports.SheetLayout(self.shown.sheet, self.shown.header_row, columns, defaults, names)

    # --- 3. the check ---------------------------------------------------------------------------------
    def check(self) -> None:
        assert self.path is not None
        path, target, layout = self.path, self.target, self.layout_chosen()
        province = self.ctx.settings.province_code

        def work(session: Session, state: ProgressState) -> imports.Report:
            return imports.dry_run(session, path, target, layout, province, state)

        self.layout_used = layout
        long_task.run_read(self.ctx, self, self.tr("Đang kiểm tra tệp"), work, self.show_report)

    def show_report(self, report: imports.Report) -> None:
        self.report = report
        shown = report.problems  # the first ones (services cap them): fix those and check again
        self.problems.setRowCount(len(shown) + (1 if report.more else 0))
        for n, p in enumerate(shown):
            kind = self.tr("Lỗi") if p.error else self.tr("Lưu ý")
            for column, value in enumerate((str(p.row), p.column, p.message, kind)):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                if p.error:
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.problems.setItem(n, column, item)
        if report.more:  # "… và 699.800 lỗi khác", the last row of the table
            self.problems.setItem(len(shown), 2, QTableWidgetItem(report.more))
        self.summary.setText(
            self.tr("%1 dòng: %2 nhập được, %3 có lỗi, %4 đã có (bỏ qua).")
            .replace("%1", format_money(len(report.rows)))
            .replace("%2", format_money(len(report.importable)))
            .replace("%3", format_money(report.errors))
            .replace("%4", format_money(report.duplicates))
        )
        self.import_button.setEnabled(report.errors == 0 and bool(report.importable))
        self.import_button.setText(self.tr("4. Nhập %1 dòng").replace("%1", format_money(len(report.importable))))
        self._ask_communes(report)

    def _ask_communes(self, report: imports.Report) -> None:
        """Each commune name the new list lacks, once, with a choice of the province's communes."""
        unknown = sorted({p.unknown_commune for p in report.problems if p.unknown_commune})
        kept = {old: picker.currentData() for old, picker in self.commune_pickers.items()}  # before they go
        while self.communes.rowCount():
            self.communes.removeRow(0)
        self.commune_pickers = {}
        province = self.ctx.settings.province_code
        for old in unknown:
            picker = SearchableCombo(self.ctx.reference.communes.get(province, []))
            if kept.get(old):
                picker.setCurrentIndex(picker.findData(kept[old]))
            self.communes.addRow(old, picker)
            self.commune_pickers[old] = picker
        self.communes_box.setVisible(bool(unknown))

    # --- 4. the import --------------------------------------------------------------------------------
    def commit(self) -> None:
        report, layout, province = self.report, self.layout_used, self.ctx.settings.province_code
        if report is None or self.path is None:
            return
        label = (
            self.tr("Nhập Excel %1: %2 bản ghi")
            .replace("%1", self.path.name)
            .replace("%2", str(len(report.importable)))
        )

        def done(count: Any) -> None:
            self.summary.setText(
                self.tr("Đã nhập %1 bản ghi. Hoàn tác được bằng Ctrl+Z.").replace("%1", format_money(int(count)))
            )
            self.import_button.setEnabled(False)
            self.accept()

        db_path = self.ctx.runner.database.path

        def work(session: Session) -> int:
            from desktop.store import backups

            backups.make(db_path, backups.BEFORE_IMPORT)  # a copy first, as before a migration
            return imports.commit(session, report, layout, province)

        self.ctx.runner.write(
            label,
            work,
            done,
            lambda error: tasks.show_error(self, error),
            parent=self,
        )
