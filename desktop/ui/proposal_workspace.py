"""The proposal workspace: the whole dossier of one đề án, its steps, and the next actions as forms."""

from __future__ import annotations

import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from desktop.core.dates import format_date, format_datetime_local
from desktop.core.errors import ErrorKind, explain
from desktop.core.money import format_money
from desktop.models import Proposal
from desktop.models.enums import AppraisalCriterion
from desktop.models.proposal import PROPOSAL_PARTS
from desktop.services import proposal_actions, workspace
from desktop.services.beneficiary_listing import BENEFICIARY_CHOICES
from desktop.services.proposal_actions import Action, Available
from desktop.services.workspace import LineDraft, Workspace
from desktop.store import attachments
from desktop.ui.budget_editor import BudgetEditor
from desktop.ui.context import AppContext
from desktop.ui.editing import FormDone, edit_record, form_failure
from desktop.ui.picker import RecordPicker
from desktop.ui.printing import Choice, PrintButton
from desktop.ui.record_form import CommunePicker, RecordDialog
from desktop.ui.screen_fit import fit
from desktop.ui.tasks import show_error
from desktop.ui.workspace_dialog import WorkspaceDialog

STEP_COLOURS = {"done": ("#1b7f3b", "#e8f5ec"), "current": ("#ffffff", "#1f5fa8"), "todo": ("#6b7280", "#f2f4f7")}


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.setWordWrap(False)
    return table


def _fill(table: QTableWidget, rows: Iterable[tuple[Any, list[str]]], right: Iterable[int] = ()) -> None:
    """Rows of (id kept in UserRole, texts)."""
    aligned = set(right)
    table.setRowCount(0)
    for row_id, texts in rows:
        row = table.rowCount()
        table.insertRow(row)
        for column, text in enumerate(texts):
            item = QTableWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, row_id)
            item.setToolTip(text)
            if column in aligned:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(row, column, item)


def _selected_text(table: QTableWidget) -> str:
    item = table.item(table.currentRow(), 0)
    return item.text() if item is not None else ""


def _selected(table: QTableWidget) -> Any:
    rows = table.selectionModel().selectedRows()
    item = table.item(rows[0].row(), 0) if rows else None
    return item.data(Qt.ItemDataRole.UserRole) if item is not None else None


class StepBar(QWidget):
    """Dự thảo → Đã thẩm định → … with the steps done, the current one and those to come."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(2)
        self.labels: list[QLabel] = []

    def set_steps(self, steps: list[workspace.Step]) -> None:
        for label in self.labels:
            label.deleteLater()
        self.labels = []
        while self._layout.count():
            self._layout.takeAt(0)
        for n, step in enumerate(steps):
            fg, bg = STEP_COLOURS[step.state]
            mark = "✓ " if step.state == "done" else ""
            label = QLabel(mark + step.status.label)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            weight = "bold" if step.state == "current" else "normal"
            label.setStyleSheet(
                f"color:{fg}; background:{bg}; padding:4px 6px; border-radius:3px; font-weight:{weight};"
            )
            label.setProperty("state", step.state)
            self._layout.addWidget(label, 1)
            self.labels.append(label)
            if n < len(steps) - 1:
                arrow = QLabel("›")
                arrow.setStyleSheet("color:#9ca3af;")
                self._layout.addWidget(arrow)


class LocationDialog(QDialog):
    """A place where the proposal is carried out: province → commune, and the address."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Thêm địa điểm thực hiện"))
        self.place = CommunePicker(ctx)
        self.address = QLineEdit()
        self.address.setPlaceholderText(self.tr("Thôn, ấp, số nhà…"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Thêm"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Hủy"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("Tỉnh/thành phố, xã/phường *"), self.place)
        form.addRow(self.tr("Địa chỉ"), self.address)
        form.addRow(self.buttons)
        self.place.changed.connect(self._check)
        self._check()
        self.resize(560, 140)

    def _check(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.place.code()))


class ProposalWorkspace(WorkspaceDialog):
    """One proposal: summary, the eight parts, beneficiaries and places, budget, life, files."""

    def __init__(
        self, ctx: AppContext, proposal_id: uuid.UUID, header_labels: dict[str, str], parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, self._read, self.show_data, parent)
        self.setObjectName("proposal_workspace")
        self.setWindowTitle(self.tr("Đề án"))
        self.proposal_id, self._header_labels = proposal_id, header_labels
        self.ws: Workspace | None = None

        self.heading = QLabel()
        self.heading.setObjectName("heading")
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.steps = StepBar()
        self.actions_box = QHBoxLayout()
        self.actions_hint = QLabel()
        self.actions_hint.setWordWrap(True)
        self.actions_hint.setStyleSheet("color:#6b7280;")
        self.action_buttons: dict[Action, QPushButton] = {}
        self.banner = QLabel()  # what the last action did, without a dialog to dismiss
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("color:#1b7f3b; background:#e8f5ec; padding:4px;")
        self.banner.hide()

        self.tabs = QTabWidget()
        self.tabs.addTab(self._general_tab(), self.tr("Thông tin chung"))
        self.tabs.addTab(self._parts_tab(), self.tr("Nội dung đề án"))
        self.tabs.addTab(self._people_tab(), self.tr("Thụ hưởng, địa điểm"))
        self.budget = BudgetEditor(self._save_budget)
        self.tabs.addTab(self.budget, self.tr("Dự toán kinh phí"))
        self.tabs.addTab(self._events_tab(), self.tr("Quá trình thực hiện"))
        self.tabs.addTab(self._files_tab(), self.tr("Tệp đính kèm"))

        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Đóng"))
        close.rejected.connect(self.reject)
        self.print_button = PrintButton(ctx, self._printable, self)
        layout = QVBoxLayout(self)
        heading_row = QHBoxLayout()
        heading_row.addWidget(self.heading, 1)
        heading_row.addWidget(self.print_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(heading_row)
        layout.addWidget(self.steps)
        actions_row = QHBoxLayout()
        actions_row.addWidget(QLabel(self.tr("Việc tiếp theo:")))
        actions_row.addLayout(self.actions_box)
        actions_row.addStretch(1)
        layout.addLayout(actions_row)
        layout.addWidget(self.actions_hint)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        layout.addWidget(close)
        QShortcut(QKeySequence.StandardKey.Save, self, self._save_current)
        fit(self, 1180, 720)
        self.reload()

    # --- tabs ---------------------------------------------------------------------------------------
    def _general_tab(self) -> QWidget:
        page = QWidget()
        self.summary = QFormLayout()
        self.summary.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.edit_header = QPushButton(self.tr("Sửa thông tin chung…"))
        self.edit_header.clicked.connect(self._edit_header)
        column = QVBoxLayout(page)
        column.addLayout(self.summary)
        row = QHBoxLayout()
        row.addWidget(self.edit_header)
        row.addStretch(1)
        column.addLayout(row)
        column.addStretch(1)
        return page

    def _parts_tab(self) -> QWidget:
        self.part_edits: dict[str, QPlainTextEdit] = {}
        host = QWidget()
        column = QVBoxLayout(host)
        titles = self._part_titles()
        for n, key in enumerate(PROPOSAL_PARTS, start=1):
            box = QGroupBox(f"{n}. {titles[key]}")
            inner = QVBoxLayout(box)
            edit = QPlainTextEdit()
            edit.setObjectName(key)
            edit.setTabChangesFocus(True)
            edit.setMinimumHeight(90)
            edit.textChanged.connect(self._parts_edited)
            inner.addWidget(edit)
            column.addWidget(box)
            self.part_edits[key] = edit
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(host)
        self.parts_note = QLabel()
        self.save_parts_button = QPushButton(self.tr("Lưu nội dung"))
        self.save_parts_button.setToolTip("Ctrl+S")
        self.save_parts_button.clicked.connect(self._save_parts)
        bar = QHBoxLayout()
        bar.addWidget(self.parts_note, 1)
        bar.addWidget(self.save_parts_button)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(bar)
        layout.addWidget(scroll, 1)
        self._parts_loaded: dict[str, str] = {}
        return page

    def _part_titles(self) -> dict[str, str]:
        return {
            "part_units": self.tr("Đơn vị thực hiện, đơn vị thụ hưởng, địa điểm thực hiện"),
            "part_necessity": self.tr("Sự cần thiết và căn cứ thực hiện"),
            "part_objectives": self.tr("Mục tiêu"),
            "part_scale": self.tr("Quy mô"),
            "part_content": self.tr("Nội dung và tiến độ thực hiện"),
            "part_budget": self.tr("Dự toán kinh phí (thuyết minh)"),
            "part_organisation": self.tr("Tổ chức thực hiện"),
            "part_effects": self.tr("Hiệu quả dự kiến (kinh tế, xã hội, môi trường)"),
        }

    def _people_tab(self) -> QWidget:
        self.beneficiaries = _table([self.tr("Cơ sở thụ hưởng"), self.tr("Mã số thuế"), self.tr("Địa chỉ")])
        self.beneficiaries.setColumnWidth(0, 320)
        self.beneficiaries.setColumnWidth(1, 120)
        self.add_beneficiary_button = QPushButton(self.tr("Thêm cơ sở…"))
        self.remove_beneficiary_button = QPushButton(self.tr("Bỏ khỏi đề án"))
        self.add_beneficiary_button.clicked.connect(self._pick_beneficiary)
        self.remove_beneficiary_button.clicked.connect(self._remove_beneficiary)
        self.locations = _table([self.tr("Địa điểm thực hiện"), self.tr("Lượt người tham quan")])
        header = self.locations.horizontalHeader()
        header.setStretchLastSection(False)  # the place takes the width; the count stays beside it
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.locations.setColumnWidth(1, 180)
        self.add_location_button = QPushButton(self.tr("Thêm địa điểm…"))
        self.remove_location_button = QPushButton(self.tr("Bỏ địa điểm"))
        self.visitors_button = QPushButton(self.tr("Ghi lượt tham quan…"))
        self.add_location_button.clicked.connect(self._add_location)
        self.remove_location_button.clicked.connect(self._remove_location)
        self.visitors_button.clicked.connect(self._add_visitors)
        self.locations.doubleClicked.connect(self._add_visitors)
        page = QWidget()
        layout = QVBoxLayout(page)
        for title, table, buttons in (
            (
                self.tr("Đơn vị thụ hưởng"),
                self.beneficiaries,
                (self.add_beneficiary_button, self.remove_beneficiary_button),
            ),
            (
                self.tr("Địa điểm thực hiện (nghiệm thu theo từng địa điểm — Mẫu 5a)"),
                self.locations,
                (self.add_location_button, self.remove_location_button, self.visitors_button),
            ),
        ):
            box = QGroupBox(title)
            inner = QVBoxLayout(box)
            bar = QHBoxLayout()
            for button in buttons:
                bar.addWidget(button)
            bar.addStretch(1)
            inner.addLayout(bar)
            inner.addWidget(table)
            layout.addWidget(box, 1)
        return page

    def _events_tab(self) -> QWidget:
        self.events = _table([self.tr("Ngày"), self.tr("Việc"), self.tr("Nội dung"), self.tr("Số tiền (đ)")])
        for column, width in enumerate((130, 110, 640)):
            self.events.setColumnWidth(column, width)
        self.money_summary = QLabel()
        self.print_event_button = QPushButton(self.tr("In văn bản của dòng đã chọn…"))
        self.print_event_button.setObjectName("print_event")
        self.print_event_button.setEnabled(False)
        self.print_event_button.clicked.connect(self._print_event)
        self.events.itemSelectionChanged.connect(self._event_selected)
        self.events.itemDoubleClicked.connect(lambda _item: self._print_event())
        page = QWidget()
        layout = QVBoxLayout(page)
        row = QHBoxLayout()
        row.addWidget(self.money_summary, 1)
        row.addWidget(self.print_event_button)
        layout.addLayout(row)
        layout.addWidget(self.events, 1)
        return page

    # --- printing -----------------------------------------------------------------------------------
    def _printable(self) -> list[Choice]:
        """The proposal's papers: the dossier, the appraisal sheet, then each document of its life."""
        if self.ws is None:
            return []
        key = str(self.ws.id)
        papers = [
            (self.tr("Đề án và dự toán kinh phí (Mẫu 01)"), "de-an", key),
            (self.tr("Phiếu thẩm định (Mẫu 4a/4b)"), "tham-dinh", key),
        ]
        seen = {("tham-dinh", key)}
        for e in self.ws.events:
            if e.printable is None or e.printable in seen:
                continue
            seen.add(e.printable)
            on = format_datetime_local(e.on) if isinstance(e.on, datetime) else format_date(e.on)
            papers.append((f"{e.kind} {on}: {e.summary[:60]}", *e.printable))
        return papers

    def _selected_event(self) -> workspace.Event | None:
        row = self.events.currentRow()
        if self.ws is None or not 0 <= row < len(self.ws.events) or not self.events.selectedItems():
            return None
        return self.ws.events[row]

    def _event_selected(self) -> None:
        event = self._selected_event()
        self.print_event_button.setEnabled(event is not None and event.printable is not None)

    def _print_event(self) -> None:
        event = self._selected_event()
        if event is not None and event.printable is not None:
            self.print_button.open(*event.printable, f"{event.kind}: {event.summary[:60]}")

    def _files_tab(self) -> QWidget:
        self.files = _table(
            [self.tr("Tên tệp"), self.tr("Mô tả"), self.tr("Dung lượng"), self.tr("Thêm lúc"), self.tr("Tình trạng")]
        )
        for column, width in enumerate((260, 300, 100, 130)):
            self.files.setColumnWidth(column, width)
        self.add_file_button = QPushButton(self.tr("Thêm tệp…"))
        self.open_file_button = QPushButton(self.tr("Mở"))
        self.verify_button = QPushButton(self.tr("Kiểm tra toàn vẹn"))
        self.verify_button.setToolTip(self.tr("So mã SHA-256 của từng tệp với mã đã ghi khi thêm"))
        self.remove_file_button = QPushButton(self.tr("Bỏ tệp"))
        self.add_file_button.clicked.connect(self._add_file)
        self.open_file_button.clicked.connect(self._open_file)
        self.verify_button.clicked.connect(self._verify_files)
        self.remove_file_button.clicked.connect(self._remove_file)
        self.files.doubleClicked.connect(lambda _i: self._open_file())
        page = QWidget()
        layout = QVBoxLayout(page)
        bar = QHBoxLayout()
        for button in (self.add_file_button, self.open_file_button, self.verify_button, self.remove_file_button):
            bar.addWidget(button)
        bar.addStretch(1)
        layout.addLayout(bar)
        layout.addWidget(self.files, 1)
        return page

    # --- loading ------------------------------------------------------------------------------------
    def _read(self, session: Session) -> Workspace:
        return workspace.load(session, self.proposal_id, self.ctx.runner.database.attachments_dir, date.today())

    def unsaved(self) -> bool:
        return self._parts_dirty() or self.budget.dirty

    def show_data(self, ws: Workspace) -> None:
        self.ws = ws
        self.setWindowTitle(self.tr("Đề án %1").replace("%1", ws.code))
        self.heading.setText(f"{ws.code} — {ws.title}  [{ws.status.label}]")
        self.steps.set_steps(ws.steps)
        self._show_actions(ws.actions)
        while self.summary.rowCount():
            self.summary.removeRow(0)
        for label, value in ws.summary:
            text = QLabel(value)
            text.setWordWrap(True)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.summary.addRow(label + ":", text)
        self.edit_header.setEnabled(ws.parts_editable)
        self._show_parts(ws)
        _fill(self.beneficiaries, ((b.facility_id, [b.name, b.tax_code, b.place]) for b in ws.beneficiaries))
        chosen_place = _selected(self.locations)
        _fill(self.locations, ((loc.id, [loc.place, format_money(loc.visitors)]) for loc in ws.locations), right=[1])
        if ws.locations:  # the place chosen before the reload, or the first: "Ghi lượt tham quan…" always has one
            ids = [loc.id for loc in ws.locations]
            self.locations.selectRow(ids.index(chosen_place) if chosen_place in ids else 0)
        self.visitors_button.setEnabled(ws.visits_open and bool(ws.locations))
        self.visitors_button.setToolTip(
            self.tr("Cộng số người của một đoàn đến tham quan, dự trình diễn tại địa điểm đã chọn")
            if ws.visits_open
            else self.tr("Ghi lượt tham quan từ khi đề án được phê duyệt đến khi quyết toán")
        )
        for button in (
            self.add_beneficiary_button,
            self.remove_beneficiary_button,
            self.add_location_button,
            self.remove_location_button,
        ):
            button.setEnabled(ws.budget_editable)
        self.budget.show_workspace(ws)
        _fill(
            self.events,
            (
                (
                    None,
                    [
                        format_datetime_local(e.on) if isinstance(e.on, datetime) else format_date(e.on),
                        e.kind,
                        e.summary,
                        "" if e.amount is None else format_money(e.amount),
                    ],
                )
                for e in ws.events
            ),
            right=(3,),
        )
        approved = "—" if ws.approved_support is None else f"{format_money(ws.approved_support)} đ"
        self.money_summary.setText(
            self.tr("Kinh phí khuyến công duyệt: %1 — đã tạm ứng: %2 đ")
            .replace("%1", approved)
            .replace("%2", format_money(ws.advanced))
        )
        _fill(
            self.files,
            (
                (
                    f.id,
                    [
                        f.file_name,
                        f.description,
                        self._size(f.size),
                        format_datetime_local(f.added_at),
                        self.tr("Có")
                        if f.present
                        else self.tr("THIẾU hoặc đã bị thay đổi")
                        if f.stored
                        else self.tr("Chưa tải về (tải khi đồng bộ)"),
                    ],
                )
                for f in ws.attachments
            ),
            right=(2,),
        )

    def _size(self, size: int) -> str:
        if size < 1024:
            return f"{size} B"
        if size < 1024 * 1024:
            return f"{format_money(round(size / 1024))} KB"
        return f"{format_money(round(size / 1024 / 1024))} MB"

    def _show_parts(self, ws: Workspace) -> None:
        if self._parts_dirty():
            return  # keep what the user is typing
        for key, edit in self.part_edits.items():
            edit.blockSignals(True)
            edit.setPlainText(ws.parts.get(key, ""))
            edit.setReadOnly(not ws.parts_editable)
            edit.blockSignals(False)
        self._parts_loaded = dict(ws.parts)
        self.parts_note.setText(
            "" if ws.parts_editable else self.tr("Đề án đã qua phê duyệt: nội dung chỉ xem, không sửa.")
        )
        self._parts_edited()

    def _show_actions(self, actions: list[Available]) -> None:
        for button in self.action_buttons.values():
            button.deleteLater()
        self.action_buttons = {}
        hints = []
        for available in actions:
            button = QPushButton(available.action.label + "…")
            button.setObjectName(f"action_{available.action.value}")
            button.setEnabled(available.possible)
            if not available.possible:
                reasons = "; ".join(available.blockers)
                button.setToolTip(reasons)
                hints.append(f"{available.action.label}: {reasons}")
            button.clicked.connect(lambda _c=False, a=available.action: self.open_action(a))
            self.actions_box.addWidget(button)
            self.action_buttons[available.action] = button
        if not actions:
            hints.append(self.tr("Đề án đã kết thúc, không còn việc cần làm."))
        self.actions_hint.setText(
            self.tr("Chưa làm được — ") + " · ".join(hints) if actions and hints else " · ".join(hints)
        )
        self.actions_hint.setVisible(bool(hints))

    # --- writes -------------------------------------------------------------------------------------
    def _write(
        self,
        label: str,
        work: Callable[[Session], Any],
        on_done: Callable[[Any], None] = lambda _r: None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Each action's label names the proposal, so the undo menu says which one."""
        code = self.ws.code if self.ws is not None else ""
        self.write(f"{label} — {code}", work, on_done, on_error)

    def open_action(self, action: Action) -> None:
        """Open the action's own form; sending it records the document and moves the step on."""
        pid = self.proposal_id
        if self.unsaved() and not self._go_on_unsaved(action):
            return

        def start(state: tuple[dict[str, Any], dict[str, list[tuple[str, str]]], str]) -> None:
            values, options, eligibility = state
            fields = proposal_actions.FIELDS[action]

            def save(raw: dict[str, Any], done: FormDone) -> None:
                def finished(lines: list[str]) -> None:
                    done(True, None, "")
                    self.banner.setText("✓ " + "; ".join(lines))
                    self.banner.show()

                self._write(
                    action.label,
                    lambda s: proposal_actions.perform(s, pid, action, raw),
                    finished,
                    form_failure(dialog, done),
                )

            dialog = RecordDialog(
                self.ctx,
                action.label,
                fields,
                self.action_labels(),
                values,
                save,
                self,
                options=options,
                note="\n\n".join(n for n in (eligibility, self._action_note(action)) if n),
                require_change=False,
            )
            dialog.setObjectName(f"form_{action.value}")
            dialog.open()

        def prepare(session: Session) -> tuple[dict[str, Any], dict[str, list[tuple[str, str]]], str]:
            proposal = proposal_actions.load(session, pid)
            today = date.today()
            note = proposal_actions.action_note(proposal, action, today)
            return proposal_actions.defaults(proposal, action, today), proposal_actions.options(proposal), note

        self.ctx.runner.read(prepare, start)

    def _go_on_unsaved(self, action: Action) -> bool:
        """A step taken while the budget or the parts have edits not saved is taken on what was saved (an
        appraisal signs the saved budget): asked first, with the way to save."""
        what = self.tr("dự toán") if self.budget.dirty else self.tr("nội dung đề án")
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            action.label,
            self.tr(
                "Có thay đổi %1 chưa lưu. “%2” sẽ dựa trên bản đã lưu, không có các thay đổi này.\n\n"
                "Hãy lưu trước (Ctrl+S), hoặc vẫn tiếp tục?"
            )
            .replace("%1", what)
            .replace("%2", action.label),
            QMessageBox.StandardButton.Cancel,
            self,
        )
        go_on = box.addButton(self.tr("Vẫn tiếp tục"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is go_on

    def _action_note(self, action: Action) -> str:
        ws = self.ws
        if ws is None:
            return ""
        if action is Action.ADVANCE and ws.approved_support is not None:
            return (
                self.tr("Kinh phí khuyến công được duyệt %1 đ, đã tạm ứng %2 đ.")
                .replace("%1", format_money(ws.approved_support))
                .replace("%2", format_money(ws.advanced))
            )
        if action is Action.APPRAISE:
            return self.tr("Đánh dấu các nội dung thẩm định đạt yêu cầu (Thông tư 36/2013, Điều 9).")
        if action is Action.ACCEPT:
            return self.tr(
                "Mẫu 5a: nghiệm thu tại từng địa điểm; đề án chuyển sang “Đã nghiệm thu” khi mọi địa"
                " điểm đã nghiệm thu đạt."
            )
        return ""

    def action_labels(self) -> dict[str, str]:
        labels = {
            "form": self.tr("Mẫu"),
            "appraised_on": self.tr("Ngày thẩm định"),
            "level": self.tr("Cấp thẩm định"),
            "council": self.tr("Hội đồng / tổ thẩm định"),
            "appraiser": self.tr("Người thẩm định"),
            "field_visit": self.tr("Có khảo sát thực tế"),
            "conclusion": self.tr("Kết luận"),
            "proposed_support": self.tr("Kinh phí đề nghị hỗ trợ (đồng)"),
            "remarks": self.tr("Ý kiến khác"),
            "decision_no": self.tr("Số quyết định"),
            "decision_date": self.tr("Ngày quyết định"),
            "signer": self.tr("Người ký quyết định"),
            "reason": self.tr("Lý do, ghi chú"),
            "eligibility_reason": self.tr("Lý do phê duyệt khi cơ sở chưa đủ điều kiện"),
            "kind": self.tr("Loại hợp đồng"),
            "number": self.tr("Số hợp đồng"),
            "signed_on": self.tr("Ngày ký"),
            "party": self.tr("Bên nhận hợp đồng"),
            "facility_id": self.tr("Đơn vị thụ hưởng"),
            "value": self.tr("Giá trị hợp đồng (đồng)"),
            "paid_on": self.tr("Ngày tạm ứng"),
            "amount": self.tr("Số tiền tạm ứng (đồng)"),
            "voucher_no": self.tr("Số chứng từ"),
            "note": self.tr("Ghi chú"),
            "period_month": self.tr("Tháng báo cáo"),
            "period_year": self.tr("Năm"),
            "reported_on": self.tr("Ngày báo cáo"),
            "progress_percent": self.tr("Khối lượng hoàn thành (%)"),
            "funds_used": self.tr("Kinh phí đã sử dụng (đồng)"),
            "content": self.tr("Nội dung đã thực hiện"),
            "inspected_on": self.tr("Ngày kiểm tra"),
            "place": self.tr("Địa điểm kiểm tra"),
            "team": self.tr("Thành phần đoàn"),
            "checked": self.tr("Nội dung kiểm tra"),
            "findings": self.tr("Kết quả"),
            "requests": self.tr("Kiến nghị, yêu cầu"),
            "location_id": self.tr("Địa điểm nghiệm thu"),
            "accepted_on": self.tr("Ngày nghiệm thu"),
            "parties": self.tr("Thành phần tham gia"),
            "achieved": self.tr("Khối lượng, kết quả đạt được"),
            "value_accepted": self.tr("Giá trị nghiệm thu (đồng)"),
            "trainees_certified": self.tr("Số học viên được cấp chứng chỉ"),
            "settled_on": self.tr("Ngày quyết toán"),
            "settled_amount": self.tr("Số tiền quyết toán (đồng)"),
            "liquidated_on": self.tr("Ngày thanh lý"),
            "liquidation_no": self.tr("Số biên bản thanh lý"),
        }
        for criterion in AppraisalCriterion:
            labels[proposal_actions.CRITERION_PREFIX + criterion.value] = criterion.label
        return labels

    def _edit_header(self) -> None:
        edit_record(
            self,
            self.ctx,
            Proposal,
            self._header_labels,
            self.proposal_id,
            self.tr("Sửa thông tin chung"),
            lambda raw: self.tr("Sửa đề án “%1”").replace("%1", str(raw.get("title", ""))),
        )

    # parts
    def _parts_now(self) -> dict[str, str]:
        return {key: edit.toPlainText() for key, edit in self.part_edits.items()}

    def _parts_dirty(self) -> bool:
        return bool(self._parts_loaded) and self._parts_now() != self._parts_loaded

    def _parts_edited(self) -> None:
        editable = self.ws is not None and self.ws.parts_editable
        self.save_parts_button.setEnabled(editable and self._parts_dirty())

    def _save_parts(self) -> None:
        if not self._parts_dirty():
            return
        parts, pid = self._parts_now(), self.proposal_id

        def saved(_r: object) -> None:
            self._parts_loaded = parts
            self._parts_edited()

        self._write(self.tr("Sửa nội dung đề án"), lambda s: workspace.save_parts(s, pid, parts), saved)

    # budget
    def _save_budget(self, drafts: list[LineDraft]) -> None:
        pid = self.proposal_id

        def failed(error: BaseException) -> None:
            explained = explain(error)
            if explained.kind is ErrorKind.BUG:
                show_error(self, error)
            self.budget.failed(explained.message)

        self._write(
            self.tr("Sửa dự toán"),
            lambda s: workspace.save_budget(s, pid, drafts),
            lambda _r: self.budget.saved(),
            failed,
        )

    def _save_current(self) -> None:
        page = self.tabs.currentWidget()
        if page is self.budget:
            self.budget.save()
        elif self._parts_dirty():
            self._save_parts()

    # beneficiaries and places
    def _pick_beneficiary(self) -> None:
        pid = self.proposal_id
        headers = [
            self.tr("Tên cơ sở"),
            self.tr("Loại hình"),
            self.tr("Mã số thuế"),
            self.tr("Người đại diện"),
            self.tr("Xã/phường"),
            self.tr("Lĩnh vực"),
            self.tr("Điện thoại"),
            self.tr("Điều kiện hỗ trợ"),
        ]

        def picked(facility_id: uuid.UUID, name: str) -> None:
            self._write(
                self.tr("Thêm đơn vị thụ hưởng “%1”").replace("%1", name),
                lambda s: workspace.add_beneficiary(s, pid, facility_id),
            )

        picker = RecordPicker(
            self.ctx,
            BENEFICIARY_CHOICES,
            headers,
            self.tr("Chọn cơ sở thụ hưởng"),
            picked,
            widths=(260, 110, 100, 140, 140, 150, 100),
            parent=self,
        )
        picker.setObjectName("beneficiary_picker")
        picker.setToolTip(self.tr("Cơ sở chưa đủ điều kiện hỗ trợ hiện màu đỏ; rê chuột lên dòng để xem lý do"))
        fit(picker, 1240, 560)
        picker.open()

    def _remove_beneficiary(self) -> None:
        facility_id = _selected(self.beneficiaries)
        if facility_id is None:
            return
        name = _selected_text(self.beneficiaries)
        if self.confirm(self.tr("Bỏ “%1” khỏi danh sách thụ hưởng?").replace("%1", name)):
            pid = self.proposal_id
            self._write(
                self.tr("Bỏ đơn vị thụ hưởng “%1”").replace("%1", name),
                lambda s: workspace.remove_beneficiary(s, pid, facility_id),
            )

    def _add_location(self) -> None:
        dialog = LocationDialog(self.ctx, self)
        pid = self.proposal_id

        def chosen() -> None:
            code, address = dialog.place.code(), dialog.address.text()
            self._write(self.tr("Thêm địa điểm thực hiện"), lambda s: workspace.add_location(s, pid, code, address))

        dialog.accepted.connect(chosen)
        dialog.open()

    def _remove_location(self) -> None:
        location_id = _selected(self.locations)
        if location_id is None:
            return
        place = _selected_text(self.locations)
        if self.confirm(self.tr("Bỏ địa điểm “%1”?").replace("%1", place)):
            pid = self.proposal_id
            self._write(self.tr("Bỏ địa điểm thực hiện"), lambda s: workspace.remove_location(s, pid, location_id))

    def _add_visitors(self) -> None:
        """Ask how many people came and add them to the selected place (a negative number takes some back)."""
        location_id = _selected(self.locations)
        if location_id is None or self.ws is None or not self.ws.visits_open:
            return
        current = next((loc.visitors for loc in self.ws.locations if loc.id == location_id), 0)
        place = _selected_text(self.locations)
        dialog = QInputDialog(self)
        dialog.setWindowTitle(self.tr("Ghi lượt tham quan"))
        dialog.setLabelText(
            self.tr("Số người của đoàn đến tham quan, dự trình diễn tại\n“%1”\n(đã có %2; số âm để sửa khi ghi nhầm):")
            .replace("%1", place)
            .replace("%2", format_money(current))
        )
        dialog.setInputMode(QInputDialog.InputMode.IntInput)
        dialog.setIntRange(-current, 100_000)
        dialog.setIntValue(1)
        pid = self.proposal_id

        def chosen(count: int) -> None:
            if count:
                self._write(
                    self.tr("Ghi %1 lượt tham quan").replace("%1", format_money(count)),
                    lambda s: workspace.add_visitors(s, pid, location_id, count),
                )

        dialog.intValueSelected.connect(chosen)
        dialog.open()

    # files
    def _add_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, self.tr("Chọn tệp đính kèm"))
        if path:
            self.attach_file(Path(path))

    def attach_file(self, source: Path, description: str | None = None) -> None:
        if description is None:
            description, ok = QInputDialog.getText(
                self, self.tr("Mô tả tệp"), self.tr("Tệp này là gì? (ví dụ: Tờ trình)")
            )
            if not ok:
                return
        folder, pid = self.ctx.runner.database.attachments_dir, self.proposal_id
        self._write(
            self.tr("Đính kèm tệp “%1”").replace("%1", source.name),
            lambda s: workspace.attach(s, folder, pid, source, description or ""),
        )

    def _open_file(self) -> None:
        file_id = _selected(self.files)
        ws = self.ws
        if file_id is None or ws is None:
            return
        file = next(f for f in ws.attachments if f.id == file_id)
        stored = attachments.stored_path(self.ctx.runner.database.attachments_dir, file.sha256)
        if not file.present:
            why = (
                self.tr("Tệp “%1” không còn nguyên trong thư mục dữ liệu.")
                if file.stored
                else self.tr("Tệp “%1” chưa được tải về máy này: hãy đồng bộ (F5) rồi mở lại.")
            )
            QMessageBox.warning(self, self.tr("Không mở được"), why.replace("%1", file.file_name))
            return
        # A copy under its own name, so the program that opens it shows the right name and cannot alter ours.
        copy = Path(tempfile.mkdtemp(prefix="khuyencong-")) / file.file_name
        shutil.copyfile(stored, copy)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(copy)))

    def _verify_files(self) -> None:
        folder, pid = self.ctx.runner.database.attachments_dir, self.proposal_id

        def report(results: list[tuple[str, bool]]) -> None:
            bad = [name for name, ok in results if not ok]
            if not results:
                QMessageBox.information(self, self.tr("Kiểm tra tệp"), self.tr("Đề án chưa có tệp đính kèm."))
            elif bad:
                QMessageBox.warning(
                    self,
                    self.tr("Kiểm tra tệp"),
                    self.tr("Các tệp sau bị thiếu hoặc đã bị thay đổi so với lúc đính kèm:\n%1").replace(
                        "%1", "\n".join(bad)
                    ),
                )
            else:
                QMessageBox.information(
                    self,
                    self.tr("Kiểm tra tệp"),
                    self.tr("Cả %1 tệp còn nguyên vẹn (mã SHA-256 khớp).").replace("%1", str(len(results))),
                )

        self.ctx.runner.read(lambda s: workspace.verify_all(s, folder, pid), report)

    def _remove_file(self) -> None:
        file_id = _selected(self.files)
        if file_id is None:
            return
        name = _selected_text(self.files)
        if self.confirm(self.tr("Bỏ tệp “%1” khỏi hồ sơ đề án?").replace("%1", name)):
            self._write(self.tr("Bỏ tệp “%1”").replace("%1", name), lambda s: workspace.detach(s, file_id))
