"""A voting round: the council, the registered products, each juror's score sheet, and the results."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from desktop.core.money import format_number
from desktop.models import VotingRound
from desktop.models.enums import ProductGroup
from desktop.services import voting, voting_sheet
from desktop.services.listing import FACILITIES
from desktop.services.voting_sheet import Points, RoundSheet
from desktop.ui.context import AppContext
from desktop.ui.editing import edit_record
from desktop.ui.picker import RecordPicker
from desktop.ui.printing import Choice, PrintButton
from desktop.ui.record_form import fill_combo
from desktop.ui.screen_fit import fit
from desktop.ui.workspace_dialog import WorkspaceDialog

FIRST_SCORE = 2  # score sheet columns: product, facility, then the four criteria, then the total
PASSED = QBrush(QColor("#e8f5ec"))


def _item(text: str, row_id: Any = None, editable: bool = False, right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setToolTip(text)
    item.setData(Qt.ItemDataRole.UserRole, row_id)
    flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
    if editable:
        flags |= Qt.ItemFlag.ItemIsEditable
    item.setFlags(flags)
    if right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.horizontalHeader().setStretchLastSection(True)
    table.setWordWrap(False)
    table.verticalHeader().setDefaultSectionSize(24)
    return table


def _selected(table: QTableWidget) -> tuple[Any, str] | None:
    row = table.currentRow()
    item = table.item(row, 0) if row >= 0 else None
    return (item.data(Qt.ItemDataRole.UserRole), item.text()) if item is not None else None


class ProductDialog(QDialog):
    """The product a facility registers: its name, group and the code it gets in the round."""

    def __init__(self, facility: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Đăng ký sản phẩm — %1").replace("%1", facility))
        self.name = QLineEdit()
        self.group = QComboBox()
        fill_combo(self.group, [(g.value, g.label) for g in ProductGroup], blank=None)
        self.code = QLineEdit()
        self.code.setPlaceholderText(self.tr("ví dụ TC01"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Đăng ký"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Hủy"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("Tên sản phẩm *"), self.name)
        form.addRow(self.tr("Nhóm sản phẩm *"), self.group)
        form.addRow(self.tr("Mã bình chọn"), self.code)
        form.addRow(self.buttons)
        self.name.textChanged.connect(self._check)
        self._check()
        self.resize(560, 150)

    def _check(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.name.text().strip()))


class VotingWorkspace(WorkspaceDialog):
    def __init__(
        self, ctx: AppContext, round_id: uuid.UUID, labels: dict[str, str], parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, self._read, self.show_data, parent)
        self.setObjectName("voting_workspace")
        self.round_id, self._labels = round_id, labels
        self.sheet: RoundSheet | None = None
        self._scores_dirty = False
        self._filling = False

        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.heading.setWordWrap(True)
        edit = QPushButton(self.tr("Sửa thông tin đợt…"))
        edit.clicked.connect(self._edit_round)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._jurors_tab(), self.tr("Hội đồng"))
        self.tabs.addTab(self._entries_tab(), self.tr("Sản phẩm đăng ký"))
        self.tabs.addTab(self._scores_tab(), self.tr("Chấm điểm"))
        self.tabs.addTab(self._results_tab(), self.tr("Kết quả"))
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Đóng"))
        close.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(edit)
        self.print_button = PrintButton(ctx, self._printable, self)
        top.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        layout.addWidget(close)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save_scores)
        fit(self, 1100, 680)
        self.reload()

    def _printable(self) -> list[Choice]:
        """Every juror's score sheet for every product (blank where not scored yet), the certificates."""
        key = str(self.round_id)
        return [
            (self.tr("Phiếu chấm điểm của mọi giám khảo, mọi sản phẩm"), "phieu-cham", key),
            (self.tr("Giấy chứng nhận sản phẩm CNNT tiêu biểu của đợt"), "chung-nhan-sp", key),
        ]

    # --- tabs ---------------------------------------------------------------------------------------
    def _jurors_tab(self) -> QWidget:
        self.jurors = _table([self.tr("Họ và tên"), self.tr("Chức vụ, đơn vị")])
        self.jurors.setColumnWidth(0, 260)
        self.juror_name = QLineEdit()
        self.juror_name.setPlaceholderText(self.tr("Họ và tên"))
        self.juror_title = QLineEdit()
        self.juror_title.setPlaceholderText(self.tr("Chức vụ, đơn vị"))
        add = QPushButton(self.tr("Thêm vào hội đồng"))
        remove = QPushButton(self.tr("Bỏ khỏi hội đồng"))
        add.clicked.connect(self.add_juror)
        self.juror_title.returnPressed.connect(self.add_juror)
        remove.clicked.connect(self._remove_juror)
        bar = QHBoxLayout()
        bar.addWidget(self.juror_name, 2)
        bar.addWidget(self.juror_title, 3)
        bar.addWidget(add)
        bar.addWidget(remove)
        page = QWidget()
        column = QVBoxLayout(page)
        column.addLayout(bar)
        column.addWidget(self.jurors, 1)
        return page

    def _entries_tab(self) -> QWidget:
        self.entries = _table([self.tr("Mã"), self.tr("Sản phẩm"), self.tr("Cơ sở"), self.tr("Nhóm")])
        for index, width in enumerate((70, 260, 280)):
            self.entries.setColumnWidth(index, width)
        register = QPushButton(self.tr("Đăng ký sản phẩm…"))
        remove = QPushButton(self.tr("Bỏ đăng ký"))
        register.clicked.connect(self._register)
        remove.clicked.connect(self._remove_entry)
        bar = QHBoxLayout()
        bar.addWidget(register)
        bar.addWidget(remove)
        bar.addStretch(1)
        page = QWidget()
        column = QVBoxLayout(page)
        column.addLayout(bar)
        column.addWidget(self.entries, 1)
        return page

    def _scores_tab(self) -> QWidget:
        headers = [self.tr("Sản phẩm"), self.tr("Cơ sở")]
        short = [self.tr("Thị trường"), self.tr("Kinh tế - kỹ thuật"), self.tr("Văn hóa, thẩm mỹ"), self.tr("Khác")]
        headers += [
            f"{label} ({maximum})" for label, (_key, _name, maximum) in zip(short, voting.CRITERIA, strict=True)
        ]
        headers.append(self.tr("Tổng"))
        self.scores = _table(headers)
        self.scores.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        for index, width in enumerate((220, 240, 120, 170, 155, 90)):
            self.scores.setColumnWidth(index, width)
        for n, (_key, name, _max) in enumerate(voting.CRITERIA):
            header = self.scores.horizontalHeaderItem(FIRST_SCORE + n)
            if header is not None:
                header.setToolTip(name)
        self.scores.itemChanged.connect(self._score_edited)
        self.juror_choice = QComboBox()
        self.juror_choice.setMinimumWidth(260)
        self.juror_choice.currentIndexChanged.connect(self._juror_changed)
        self.save_scores_button = QPushButton(self.tr("Lưu phiếu chấm"))
        self.save_scores_button.setToolTip("Ctrl+S")
        self.save_scores_button.clicked.connect(self.save_scores)
        note = QLabel(
            self.tr("Để trống cả dòng nếu thành viên chưa chấm sản phẩm đó. Đạt khi điểm trung bình từ %1.").replace(
                "%1", format_number(voting.PASS_MARK)
            )
        )
        note.setWordWrap(True)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Phiếu chấm của")))
        bar.addWidget(self.juror_choice)
        bar.addWidget(note, 1)
        bar.addWidget(self.save_scores_button)
        page = QWidget()
        column = QVBoxLayout(page)
        column.addLayout(bar)
        column.addWidget(self.scores, 1)
        return page

    def _results_tab(self) -> QWidget:
        self.results = _table(
            [
                self.tr("Xếp hạng"),
                self.tr("Sản phẩm"),
                self.tr("Cơ sở"),
                self.tr("Số phiếu"),
                self.tr("Điểm trung bình"),
                self.tr("Kết quả"),
            ]
        )
        for index, width in enumerate((70, 260, 260, 80, 120)):
            self.results.setColumnWidth(index, width)
        page = QWidget()
        column = QVBoxLayout(page)
        column.addWidget(self.results, 1)
        return page

    # --- loading ------------------------------------------------------------------------------------
    def _read(self, session: Session) -> RoundSheet:
        return voting_sheet.load(session, self.round_id)

    def unsaved(self) -> bool:
        return self._scores_dirty

    def show_data(self, sheet: RoundSheet) -> None:
        self.sheet = sheet
        self.setWindowTitle(sheet.name)
        self.heading.setText(f"{sheet.name} — {sheet.level} {sheet.year}")
        self._fill(self.jurors, [(j.id, [j.name, j.title]) for j in sheet.jurors])
        self._fill(self.entries, [(e.id, [e.voting_code, e.product, e.facility, e.group]) for e in sheet.entries])
        chosen = self.juror_choice.currentData()
        self.juror_choice.blockSignals(True)
        fill_combo(self.juror_choice, [(str(j.id), j.name) for j in sheet.jurors], blank=None)
        index = self.juror_choice.findData(chosen) if chosen else 0
        self.juror_choice.setCurrentIndex(max(index, 0))
        self.juror_choice.blockSignals(False)
        if not self._scores_dirty:
            self._fill_scores()
        self.results.setRowCount(0)
        for rank, e in enumerate(sheet.results(), start=1):
            row = self.results.rowCount()
            self.results.insertRow(row)
            average = "" if e.average is None else f"{e.average:.2f}".replace(".", ",")
            verdict = "" if e.average is None else (self.tr("Đạt") if e.passed else self.tr("Không đạt"))
            cells = [
                _item(str(rank), e.id, right=True),
                _item(e.product),
                _item(e.facility),
                _item(str(e.jurors), right=True),
                _item(average, right=True),
                _item(verdict),
            ]
            for column, cell in enumerate(cells):
                if e.passed:
                    cell.setBackground(PASSED)
                self.results.setItem(row, column, cell)

    def _fill(self, table: QTableWidget, rows: list[tuple[Any, list[str]]]) -> None:
        table.setRowCount(len(rows))
        for row, (row_id, texts) in enumerate(rows):
            for column, text in enumerate(texts):
                table.setItem(row, column, _item(text, row_id))

    def _juror(self) -> uuid.UUID | None:
        data = self.juror_choice.currentData()
        return uuid.UUID(str(data)) if data else None

    def _fill_scores(self) -> None:
        sheet, juror = self.sheet, self._juror()
        if sheet is None:
            return
        self._filling = True
        self.scores.setRowCount(len(sheet.entries))
        for row, e in enumerate(sheet.entries):
            self.scores.setItem(row, 0, _item(e.product, e.id))
            self.scores.setItem(row, 1, _item(e.facility, e.id))
            points = sheet.scores.get((e.id, juror)) if juror else None
            for n in range(len(voting.CRITERIA)):
                text = "" if points is None else str(points[n])
                self.scores.setItem(row, FIRST_SCORE + n, _item(text, e.id, editable=juror is not None, right=True))
            self.scores.setItem(row, FIRST_SCORE + 4, _item(str(sum(points)) if points else "", right=True))
        self._filling = False
        self._set_scores_dirty(False)

    # --- scores -------------------------------------------------------------------------------------
    def _set_scores_dirty(self, dirty: bool) -> None:
        self._scores_dirty = dirty
        self.save_scores_button.setEnabled(dirty)
        self.juror_choice.setEnabled(not dirty)  # save or discard one sheet before taking the next

    def _juror_changed(self, _index: int) -> None:
        self._fill_scores()

    def _score_edited(self, item: QTableWidgetItem) -> None:
        if self._filling:
            return
        self.message.clear()
        self._set_scores_dirty(True)
        row = item.row()
        texts = [self._cell(row, FIRST_SCORE + n) for n in range(len(voting.CRITERIA))]
        total = self.scores.item(row, FIRST_SCORE + 4)
        if total is not None:
            self._filling = True
            total.setText(str(sum(int(t) for t in texts if t.isdigit())) if any(texts) else "")
            self._filling = False

    def _cell(self, row: int, column: int) -> str:
        item = self.scores.item(row, column)
        return item.text().strip() if item is not None else ""

    def score_sheet(self) -> dict[uuid.UUID, Points | None]:
        """The juror's sheet as typed; raises ValueError naming the product and criterion for bad input."""
        sheet: dict[uuid.UUID, Points | None] = {}
        for row in range(self.scores.rowCount()):
            first = self.scores.item(row, 0)
            assert first is not None
            texts = [self._cell(row, FIRST_SCORE + n) for n in range(len(voting.CRITERIA))]
            if not any(texts):
                sheet[first.data(Qt.ItemDataRole.UserRole)] = None
                continue
            values = []
            for text, (_key, name, maximum) in zip(texts, voting.CRITERIA, strict=True):
                if not text.isdigit():
                    raise ValueError(
                        self.tr("“%1”: điểm “%2” phải là số nguyên từ 0 đến %3")
                        .replace("%1", first.text())
                        .replace("%2", name)
                        .replace("%3", str(maximum))
                    )
                values.append(int(text))
            sheet[first.data(Qt.ItemDataRole.UserRole)] = (values[0], values[1], values[2], values[3])
        return sheet

    def save_scores(self) -> None:
        juror = self._juror()
        if not self._scores_dirty or juror is None:
            return
        try:
            sheet = self.score_sheet()
        except ValueError as error:
            self.complain(str(error))
            return
        rid = self.round_id
        self.write(
            self.tr("Lưu phiếu chấm của “%1”").replace("%1", self.juror_choice.currentText()),
            lambda s: voting_sheet.save_scores(s, rid, juror, sheet),
            lambda _r: self._set_scores_dirty(False),
        )

    # --- council and products -----------------------------------------------------------------------
    def add_juror(self) -> None:
        name, title, rid = self.juror_name.text(), self.juror_title.text(), self.round_id
        if not name.strip():
            self.juror_name.setFocus()
            return

        def added(_r: object) -> None:
            self.juror_name.clear()
            self.juror_title.clear()
            self.juror_name.setFocus()

        self.write(
            self.tr("Thêm “%1” vào hội đồng").replace("%1", name.strip()),
            lambda s: voting_sheet.add_juror(s, rid, name, title),
            added,
        )

    def _remove_juror(self) -> None:
        chosen = _selected(self.jurors)
        if chosen is not None and self.confirm(self.tr("Bỏ “%1” khỏi hội đồng?").replace("%1", chosen[1])):
            juror_id = chosen[0]
            self.write(
                self.tr("Bỏ “%1” khỏi hội đồng").replace("%1", chosen[1]),
                lambda s: voting_sheet.remove_juror(s, juror_id),
            )

    def _register(self) -> None:
        headers = [
            self.tr("Tên cơ sở"),
            self.tr("Loại hình"),
            self.tr("Mã số thuế"),
            self.tr("Người đại diện"),
            self.tr("Xã/phường"),
            self.tr("Lĩnh vực"),
            self.tr("Điện thoại"),
        ]
        picker = RecordPicker(
            self.ctx,
            FACILITIES,
            headers,
            self.tr("Chọn cơ sở đăng ký sản phẩm"),
            self.register_product,
            widths=(300, 110, 110, 160, 150),
            parent=self,
        )
        picker.setObjectName("entry_picker")
        picker.open()

    def register_product(self, facility_id: uuid.UUID, facility: str) -> None:
        dialog = ProductDialog(facility, self)
        rid = self.round_id

        def chosen() -> None:
            name, code = dialog.name.text(), dialog.code.text()
            group = ProductGroup(str(dialog.group.currentData()))
            self.write(
                self.tr("Đăng ký sản phẩm “%1”").replace("%1", name.strip()),
                lambda s: voting_sheet.register(s, rid, facility_id, name, group, code),
            )

        dialog.setObjectName("product_dialog")
        dialog.accepted.connect(chosen)
        dialog.open()

    def _remove_entry(self) -> None:
        chosen = _selected(self.entries)
        if chosen is None:
            return
        product = self.entries.item(self.entries.currentRow(), 1)
        name = product.text() if product is not None else ""
        if self.confirm(self.tr("Bỏ đăng ký sản phẩm “%1”?").replace("%1", name)):
            entry_id = chosen[0]
            self.write(self.tr("Bỏ đăng ký “%1”").replace("%1", name), lambda s: voting_sheet.remove_entry(s, entry_id))

    def _edit_round(self) -> None:
        edit_record(
            self,
            self.ctx,
            VotingRound,
            self._labels,
            self.round_id,
            self.tr("Sửa đợt bình chọn"),
            lambda raw: self.tr("Sửa đợt “%1”").replace("%1", str(raw.get("name", ""))),
        )
