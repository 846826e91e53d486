"""A page with a big list: search as you type, filters, sortable columns, add / edit / delete / restore."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from desktop.core.money import format_money
from desktop.core.progress import ProgressState
from desktop.models.base import Synced
from desktop.services import deletion
from desktop.services.listing import Listing, ListQuery
from desktop.store.changes import Changes
from desktop.ui import exporting
from desktop.ui.context import AppContext
from desktop.ui.editing import edit_record
from desktop.ui.paged_model import PagedTableModel
from desktop.ui.printing import print_batch
from desktop.ui.record_form import fill_combo
from desktop.ui.searchable import SearchableCombo
from desktop.ui.workspace_dialog import WorkspaceDialog

SEARCH_DELAY_MS = 150
BATCH_CONFIRM = 50  # a batch of more records than this is asked about first


class ListPage(QWidget):
    """The common frame of the Cơ sở CNNT, Đề án, Đào tạo and Bình chọn lists."""

    name_field = "name"  # the field (and list column) that names a record in titles and action labels

    def __init__(
        self,
        ctx: AppContext,
        listing: Listing,
        headers: list[str],
        entity: type[Synced],
        noun: str,
        titles: tuple[str, str],
        parent: QWidget | None = None,
    ) -> None:
        """``titles``: the edit dialog's title for adding and for editing a record."""
        super().__init__(parent)
        self.ctx, self.listing, self.entity, self.noun, self.titles = ctx, listing, entity, noun, titles
        self.model = PagedTableModel(ctx.runner, listing, headers)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Tìm kiếm (gõ không dấu cũng được)… Ctrl+F"))
        self.search.setClearButtonEnabled(True)
        self.filters: dict[str, QComboBox] = {}
        self.show_deleted = QCheckBox(self.tr("Đã xóa"))
        self.show_deleted.setToolTip(self.tr("Xem các bản ghi đã xóa để khôi phục"))
        self.count = QLabel()
        self.add_button = QPushButton(self.tr("Thêm mới"))
        self.add_button.setToolTip("Ctrl+N")
        self.edit_button = QPushButton(self.tr("Mở"))
        self.edit_button.setToolTip("Enter")
        self.delete_button = QPushButton(self.tr("Xóa"))
        self.delete_button.setToolTip("Delete")
        self.restore_button = QPushButton(self.tr("Khôi phục"))
        self.history_button = QPushButton(self.tr("Lịch sử"))
        self.history_button.setToolTip("Ctrl+H")
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(True)
        order = Qt.SortOrder.DescendingOrder if listing.newest_first else Qt.SortOrder.AscendingOrder
        self.table.horizontalHeader().setSortIndicator(listing.column_index(listing.default_sort), order)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table for the filters and buttons, as in a form
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)

        self.filter_bar = QHBoxLayout()
        self.filter_bar.addWidget(self.search, 3)
        actions = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.delete_button, self.restore_button, self.history_button):
            actions.addWidget(button)
        self.export_button = QPushButton(self.tr("Xuất Excel"))
        self.export_button.setObjectName("export_excel")
        self.export_button.setToolTip(self.tr("Xuất ra Excel đúng những gì danh sách đang hiển thị (Ctrl+E)"))
        self.export_button.clicked.connect(self.export_listed)
        actions.addWidget(self.export_button)
        if self.import_target():
            self.import_button = QPushButton(self.tr("Nhập từ Excel…"))
            self.import_button.setObjectName("import_excel")
            self.import_button.setToolTip(self.tr("Nhập từ tệp Excel: kiểm tra từng dòng trước, nhập tất cả một lần"))
            self.import_button.clicked.connect(self.import_from_excel)
            actions.addWidget(self.import_button)
        if self.batch_forms():
            self.batch_button = QPushButton()
            self.batch_button.setObjectName("batch_print")
            self.batch_button.setText(self.tr("In hàng loạt"))
            self.batch_button.setToolTip(self.tr("In một mẫu cho mọi bản ghi đang hiển thị (theo tìm kiếm và bộ lọc)"))
            menu = QMenu(self.batch_button)
            for text, form in self.batch_forms():
                menu.addAction(text).triggered.connect(lambda _checked=False, f=form, t=text: self.print_listed(f, t))
            self.batch_button.setMenu(menu)
            actions.addWidget(self.batch_button)
        actions.addStretch(1)
        actions.addWidget(self.show_deleted)
        actions.addWidget(self.count)
        # Where a record just added went, when the list cannot show it: a line of its own that wraps, so a
        # long sentence never widens the page and pushes the filters and the count off a small screen.
        self.notice = QLabel()
        self.notice.setObjectName("notice")
        self.notice.setStyleSheet("color: #6d4700;")
        self.notice.setWordWrap(True)
        self.notice.hide()
        layout = QVBoxLayout(self)
        layout.addLayout(self.filter_bar)
        layout.addLayout(actions)
        layout.addWidget(self.notice)
        layout.addWidget(self.table, 1)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.show_deleted.toggled.connect(lambda _v: self._apply())
        self.model.total_changed.connect(self._show_count)
        self.model.modelReset.connect(self._selection_changed)
        self.model.modelReset.connect(self._reselect)
        self.model.modelReset.connect(self._size_columns)
        self._sized = False
        self._kept: Any = None  # the record to select again once the list is read again (saved, or added)
        self._top: Any = None  # the record at the top of the view when a write made the list read again
        self._added: Any = None  # the record just added: told where it went if the list does not show it
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        self.add_button.clicked.connect(lambda: self.open_record(None))
        self.edit_button.clicked.connect(self.open_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.restore_button.clicked.connect(self.restore_selected)
        self.history_button.clicked.connect(self.history_selected)
        # Delete and Enter act on the table only when it has the focus: in the search box or a filter they
        # edit text and pick an item, as everywhere else.
        for key, action in ((Qt.Key.Key_Delete, self.delete_selected), (Qt.Key.Key_Return, self.open_selected)):
            shortcut = QShortcut(QKeySequence(key), self.table, action)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)  # the constructor's context= is not taken
        # Down from the search box goes to the results, as in a web search.
        down = QShortcut(QKeySequence(Qt.Key.Key_Down), self.search, self._to_results)
        down.setContext(Qt.ShortcutContext.WidgetShortcut)
        self._tab_chain()
        ctx.runner.changed.connect(self._on_changed)
        self._selection_changed()
        self._loaded = False

    # Ctrl+N, Ctrl+F, Ctrl+H, Ctrl+E: the window's menu (Sửa) calls these on the page shown.
    def add_new(self) -> None:
        if not self.show_deleted.isChecked():
            self.open_record(None)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _to_results(self) -> None:
        if self.model.rowCount() == 0:
            return
        self.table.setFocus()
        if self.selected_id() is None:
            self.table.selectRow(0)

    def _tab_chain(self) -> None:
        """Tab goes search → filters → buttons → the table, then back to the search box."""
        buttons = [w for w in self.findChildren(QPushButton) if w.parent() is self]
        chain: list[QWidget] = [self.search, *self.filters.values(), *buttons, self.show_deleted, self.table]
        for before, after in itertools.pairwise(chain):
            QWidget.setTabOrder(before, after)

    def add_filter(
        self, key: str, placeholder: str, items: Sequence[tuple[str, str]], searchable: bool = False
    ) -> None:
        if searchable:
            combo: QComboBox = SearchableCombo(items, blank=placeholder)
        else:
            combo = QComboBox()
            fill_combo(combo, items)
            combo.setItemText(0, placeholder)
        combo.setMinimumWidth(150)
        combo.setToolTip(placeholder)
        self.filters[key] = combo
        self.filter_bar.addWidget(combo, 1)
        combo.currentIndexChanged.connect(lambda _i: self._apply())
        self._tab_chain()

    def activate(self) -> None:
        """Called when the page is shown: the first query runs only then (fast start)."""
        if not self._loaded:
            self._loaded = True
            self._apply()

    def query(self) -> ListQuery:
        current = self.model.query
        filters = tuple((k, str(c.currentData())) for k, c in self.filters.items() if c.currentData())
        return ListQuery(self.search.text(), filters, current.sort, current.descending, self.show_deleted.isChecked())

    def _apply(self) -> None:
        self.model.set_query(self.query())

    def _show_count(self, total: int) -> None:
        text = self.tr("%1 bản ghi đã xóa") if self.model.query.deleted else self.tr("%1 bản ghi")
        self.count.setText(text.replace("%1", format_money(total)))

    def _on_changed(self, changed: Changes) -> None:
        if self._loaded and changed.touches(self.listing.reads):
            if self._kept is None:  # a record just added is already the one to show
                self._kept = self.selected_id()
            if self._top is None:
                top = self.table.rowAt(0)
                self._top = self.model.row_id(top) if top >= 0 else None
            self.model.refresh(keep_loaded=True)

    WIDEST = 360  # a column sized to its longest name stops here; the rest shows in full when widened

    def _size_columns(self) -> None:
        """Once, on the first rows read: each column as wide as its content (names, money), within WIDEST;
        after that the widths are the user's."""
        if self._sized or self.model.rowCount() == 0:
            return
        self._sized = True
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        for column in range(self.model.columnCount()):
            header.resizeSection(column, min(header.sectionSize(column) + 12, self.WIDEST))

    def _reselect(self) -> None:
        """Select again the record that was selected (or just added) before the list was read again; a
        record added that the list does not show is accounted for in a word."""
        kept, self._kept = self._kept, None
        added, self._added = self._added, None
        top, self._top = self._top, None
        self.notice.hide()
        rows = {self.model.row_id(row): row for row in range(self.model.rowCount())}
        if top in rows:  # the list read again after a write: the same rows in view as before it
            self.table.scrollTo(self.model.index(rows[top], 0), QAbstractItemView.ScrollHint.PositionAtTop)
        if kept is None:
            return
        if kept in rows:
            self.table.selectRow(rows[kept])
            self.table.scrollTo(self.model.index(rows[kept], 0))  # moves only when it is out of view
            return
        if kept != added:  # the record selected was deleted, or a change moved it out: nothing to tell
            return
        listing, query = self.listing, self.model.query
        self.ctx.runner.read(lambda session: kept in set(listing.ids(session, query)), self._not_shown)

    def _not_shown(self, listed: bool) -> None:
        if listed:
            text = self.tr("Đã lưu; bản ghi nằm ở phía sau danh sách (gõ tên vào ô tìm kiếm để thấy ngay)")
        else:
            text = self.tr("Đã lưu; bản ghi không hiện vì tìm kiếm hoặc bộ lọc đang dùng")
        self.notice.setText(text)
        self.notice.show()

    def selected_id(self) -> Any:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_id(rows[0].row()) if rows else None

    def selected_title(self) -> str:
        rows = self.table.selectionModel().selectedRows()
        column = self.listing.column_index(self.name_field)
        return str(self.model.row_values(rows[0].row())[column]) if rows else ""

    def _selection_changed(self) -> None:
        has = self.selected_id() is not None
        deleted = self.show_deleted.isChecked()
        self.edit_button.setEnabled(has and not deleted)
        self.delete_button.setEnabled(has and not deleted)
        self.restore_button.setVisible(deleted)
        self.restore_button.setEnabled(has and deleted)
        self.history_button.setEnabled(has)
        self.add_button.setEnabled(not deleted)

    def import_target(self) -> str:
        """What the list imports from Excel ("facilities", "trainees"); empty: nothing."""
        return ""

    def import_from_excel(self) -> None:
        from desktop.ui.import_dialog import ImportDialog

        ImportDialog(self.ctx, self.import_target(), self).exec()

    def batch_forms(self) -> list[tuple[str, str]]:
        """(menu text, form) that can be printed for every record listed; none by default."""
        return []

    # --- actions ------------------------------------------------------------------------------------
    def export_listed(self) -> None:
        """What the list shows now (search, filters, order), with these headers, into an Excel file."""
        query, name, headers = self.query(), self.listing.name, list(self.model.headers())
        title = self.tr("Xuất danh sách %1 ra Excel").replace("%1", self.noun)

        def work(session: Session, target: Path, state: ProgressState) -> Any:
            from desktop.spreadsheets import exports

            return exports.export_list(session, name, query, target, headers, state)

        exporting.export(self.ctx, self, title, f"danh-sach-{self.noun.replace(' ', '-')}.xlsx", work)

    def print_listed(self, form: str, title: str) -> None:
        """``form`` for every record the list shows now, in its order, as one file (asks first when many)."""
        query = self.query()

        def got(ids: list[Any]) -> None:
            if not ids:
                QMessageBox.information(self, title, self.tr("Danh sách đang trống: không có gì để in."))
                return
            if len(ids) > BATCH_CONFIRM:
                answer = QMessageBox.question(
                    self,
                    title,
                    self.tr("In %1 bản ghi đang hiển thị? Việc này có thể mất vài phút.").replace(
                        "%1", format_money(len(ids))
                    ),
                )
                if answer != QMessageBox.StandardButton.Yes:
                    return
            print_batch(self.ctx, self, form, [str(i) for i in ids], title)

        self.ctx.runner.read(lambda session: self.listing.ids(session, query), got)

    def open_selected(self) -> None:
        row_id = self.selected_id()
        if row_id is not None and not self.show_deleted.isChecked():
            self.open_record(row_id)

    def open_record(self, row_id: Any) -> None:
        """Open a record: in its workspace when the page has one, else in its edit dialog (None: a new
        record, created with the dialog and then opened in the workspace). Saving is one undoable action."""
        if row_id is not None and self.workspace_type() is not None:
            self.open_workspace(row_id)
            return
        new, edit = self.titles
        title = new if row_id is None else edit
        edit_record(
            self,
            self.ctx,
            self.entity,
            self.field_labels(),
            row_id,
            title,
            lambda raw: f"{title} “{raw.get(self.name_field, '')}”",
            on_saved=self._saved if row_id is None else lambda _id: None,
            defaults=self.defaults(),
        )

    def _saved(self, new_id: uuid.UUID) -> None:
        """A record added: shown and selected once the list is read again; opened in its workspace."""
        self._kept = self._added = new_id
        if self.workspace_type() is not None:
            self.open_workspace(new_id)

    def workspace_type(self) -> Callable[..., QDialog] | None:
        """The workspace this page's records open in (None: they open in the edit dialog). A page that has one
        imports it inside this method, when first opened: start-up does not pay for it, and the import is a
        plain one the layers check sees."""
        return None

    def open_workspace(self, row_id: uuid.UUID) -> None:
        workspace = self.workspace_type()
        if workspace is not None:
            if self.ctx.runner.pending() == 0:  # no answer still on its way to one of them
                for closed in self.findChildren(WorkspaceDialog):  # one made per opening: those closed are let go
                    if not closed.isVisible():
                        closed.deleteLater()
            workspace(self.ctx, row_id, self.field_labels(), self).open()

    def defaults(self) -> dict[str, Any]:
        """Form values a new record starts with."""
        return {}

    def delete_selected(self) -> None:
        row_id = self.selected_id()
        if row_id is None or self.show_deleted.isChecked():
            return
        title = self.selected_title()
        answer = QMessageBox.question(
            self,
            self.tr("Xóa %1?").replace("%1", self.noun),
            self.tr("Xóa “%1”? Bản ghi được chuyển vào mục Đã xóa và có thể khôi phục hoặc hoàn tác (Ctrl+Z).").replace(
                "%1", title
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            label = self.tr("Xóa %1 “%2”").replace("%1", self.noun).replace("%2", title)
            self.ctx.runner.write(label, lambda s: deletion.set_deleted(s, self.entity, row_id, True), parent=self)

    def restore_selected(self) -> None:
        row_id = self.selected_id()
        if row_id is not None:
            label = self.tr("Khôi phục %1 “%2”").replace("%1", self.noun).replace("%2", self.selected_title())
            self.ctx.runner.write(label, lambda s: deletion.set_deleted(s, self.entity, row_id, False), parent=self)

    def history_selected(self) -> None:
        from desktop.ui.history_dialog import HistoryDialog

        row_id = self.selected_id()
        if row_id is not None:
            HistoryDialog(self.ctx, row_id, self.selected_title(), self.field_labels(), self).exec()

    def field_labels(self) -> dict[str, str]:
        return {}
