"""The main window: navigation on the left, one page per area, menus with shortcuts, undo."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop import __version__
from desktop.pages import PAGES
from desktop.ui import undoing
from desktop.ui.context import AppContext
from desktop.ui.screen_fit import fit

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from desktop.ui.dashboard_page import DashboardPage
    from desktop.ui.facility_page import FacilityPage
    from desktop.ui.other_lists import ProposalPage, TrainingPage, VotingPage


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext, page: str | None = None) -> None:
        """``page``: the page to open (one of ``PAGES``); by default the one shown when the app was closed."""
        super().__init__()
        self.ctx = ctx
        self._show_title()
        ctx.runner.changed.connect(lambda changed: self._show_title() if changed.touches({"app_setting"}) else None)
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setFixedWidth(170)
        self.nav.setStyleSheet(
            "QListWidget#nav { background: #1d3b5c; color: white; border: none; font-size: 14px; }"
            "QListWidget#nav::item { padding: 9px 10px; }"
            "QListWidget#nav::item:selected { background: #2f6aa3; }"
        )
        self.stack = QStackedWidget()
        # Pages are built the first time they are shown: start-up builds (and imports) only the one opened.
        self._builders: list[Callable[[], QWidget]] = [
            self._dashboard,
            self._facilities,
            self._proposals,
            self._training,
            self._voting,
            self._reports,
            self._sync,
            self._settings,
        ]
        self._built: dict[int, QWidget] = {}
        self._slots: list[QVBoxLayout] = []
        titles = [
            self.tr("Tổng quan"),
            self.tr("Cơ sở CNNT"),
            self.tr("Đề án"),
            self.tr("Đào tạo"),
            self.tr("Bình chọn"),
            self.tr("Báo cáo"),
            self.tr("Đồng bộ"),
            self.tr("Cài đặt"),
        ]
        for n, title in enumerate(titles, start=1):
            item = QListWidgetItem(title)
            item.setToolTip(f"Ctrl+{n}")
            self.nav.addItem(item)
            # A page taller or wider than a small laptop's screen scrolls, rather than making the window
            # larger than the screen (the settings page is 900 px tall; a 1024×700 screen has less).
            slot = QWidget()
            self._slots.append(QVBoxLayout(slot))
            self._slots[-1].setContentsMargins(0, 0, 0, 0)
            scrolled = QScrollArea()
            scrolled.setWidgetResizable(True)
            scrolled.setFrameShape(QFrame.Shape.NoFrame)
            scrolled.setWidget(slot)
            self.stack.addWidget(scrolled)
        self.nav.currentRowChanged.connect(self.show_page)
        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self._menus(titles)
        self.busy = QLabel()
        self.statusBar().addPermanentWidget(self.busy)
        from desktop.ui.sync_page import SyncController

        self.sync_controller = SyncController(ctx, self)
        self.sync_state = QLabel()
        self.sync_state.setToolTip(self.tr("Đồng bộ với máy chủ: bấm Ctrl+7 để xem"))
        self.statusBar().addPermanentWidget(self.sync_state)
        self.sync_controller.changed.connect(lambda: self.sync_state.setText(self.sync_controller.summary()))
        self.update_notice = QPushButton()
        self.update_notice.setObjectName("update_notice")
        self.update_notice.setFlat(True)
        self.update_notice.setCursor(Qt.CursorShape.PointingHandCursor)
        self.update_notice.setStyleSheet(
            "QPushButton#update_notice { color: #9a4d00; font-weight: bold; text-decoration: underline; border: none; }"
        )
        self.update_notice.setToolTip(self.tr("Mở Cài đặt → Cập nhật phần mềm"))
        self.update_notice.clicked.connect(lambda: self.go_to("cai-dat"))
        self.update_notice.hide()
        self.statusBar().addPermanentWidget(self.update_notice)
        self.statusBar().addPermanentWidget(QLabel(str(ctx.runner.database.path)))
        ctx.runner.busy_changed.connect(lambda busy: self.busy.setText(self.tr("Đang xử lý…") if busy else ""))
        fit(self, 1366, 768)
        self._restore_state(page)

    # --- pages -------------------------------------------------------------------------------------------
    def _dashboard(self) -> QWidget:
        from desktop.ui.dashboard_page import DashboardPage

        return DashboardPage(self.ctx)

    def _facilities(self) -> QWidget:
        from desktop.ui.facility_page import FacilityPage

        return FacilityPage(self.ctx)

    def _proposals(self) -> QWidget:
        from desktop.ui.other_lists import ProposalPage

        return ProposalPage(self.ctx)

    def _training(self) -> QWidget:
        from desktop.ui.other_lists import TrainingPage

        return TrainingPage(self.ctx)

    def _voting(self) -> QWidget:
        from desktop.ui.other_lists import VotingPage

        return VotingPage(self.ctx)

    def _reports(self) -> QWidget:
        from desktop.ui.reports_page import ReportsPage

        return ReportsPage(self.ctx)

    def _sync(self) -> QWidget:
        from desktop.ui.sync_page import SyncPage

        return SyncPage(self.ctx, self.sync_controller)

    def _settings(self) -> QWidget:
        from desktop.ui.settings_page import SettingsPage

        return SettingsPage(self.ctx)

    def page(self, name: str) -> QWidget:
        """The page called ``name`` (one of ``PAGES``), built now if it has not been shown yet."""
        row = PAGES.index(name)
        if row not in self._built:
            page = self._builders[row]()
            self._slots[row].addWidget(page)
            self._built[row] = page
        return self._built[row]

    @property
    def dashboard(self) -> DashboardPage:
        return cast("DashboardPage", self.page("tong-quan"))

    @property
    def facilities(self) -> FacilityPage:
        return cast("FacilityPage", self.page("co-so"))

    @property
    def proposals(self) -> ProposalPage:
        return cast("ProposalPage", self.page("de-an"))

    @property
    def training(self) -> TrainingPage:
        return cast("TrainingPage", self.page("dao-tao"))

    @property
    def voting(self) -> VotingPage:
        return cast("VotingPage", self.page("binh-chon"))

    def _menus(self, titles: list[str]) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&Tệp"))
        quit_action = QAction(self.tr("Thoát"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        edit_menu = self.menuBar().addMenu(self.tr("&Sửa"))
        self.undo_action, self.redo_action = undoing.actions(self.ctx, self, self._tell)
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        # The list pages' keys, shown where people look for them; each acts on the page shown.
        for text, keys, method in (
            (self.tr("Thêm mới"), "Ctrl+N", "add_new"),
            (self.tr("Mở bản ghi đang chọn\tEnter"), "", "open_selected"),
            (self.tr("Xóa bản ghi đang chọn\tDelete"), "", "delete_selected"),
            (self.tr("Lịch sử thay đổi"), "Ctrl+H", "history_selected"),
            (self.tr("Tìm kiếm"), "Ctrl+F", "focus_search"),
            (self.tr("Xuất Excel"), "Ctrl+E", "export_listed"),
            (self.tr("Đồng bộ ngay"), "F5", "sync_now"),
        ):
            action = QAction(text, self)
            if keys:
                action.setShortcut(QKeySequence(keys))
            action.triggered.connect(lambda _checked=False, m=method: self._on_page(m))
            edit_menu.addAction(action)
        go_menu = self.menuBar().addMenu(self.tr("Đi &tới"))
        for n, title in enumerate(titles):
            action = QAction(title, self)
            action.setShortcut(QKeySequence(f"Ctrl+{n + 1}"))
            action.triggered.connect(lambda _checked=False, n=n: self.nav.setCurrentRow(n))
            go_menu.addAction(action)
        help_menu = self.menuBar().addMenu(self.tr("Trợ &giúp"))
        about = QAction(self.tr("Giới thiệu"), self)
        about.triggered.connect(
            lambda: QMessageBox.about(
                self, self.tr("Khuyến công"), self.tr("Khuyến công Desktop %1").replace("%1", __version__)
            )
        )
        help_menu.addAction(about)
        support = QAction(self.tr("Sao chép thông tin hỗ trợ"), self)
        support.setToolTip(self.tr("Phiên bản, đường dẫn dữ liệu và nhật ký, tình trạng đồng bộ (không có mật khẩu)"))
        support.triggered.connect(self.copy_support_text)
        help_menu.addAction(support)

    def copy_support_text(self) -> None:
        from desktop.ui.support_report import describe

        QApplication.clipboard().setText(describe(self.ctx.runner.database))
        self.statusBar().showMessage(self.tr("Đã chép thông tin hỗ trợ: dán vào thư gửi cán bộ hỗ trợ"), 8000)

    def _show_title(self) -> None:
        """The centre's name in the title bar, as the settings hold it now (Cài đặt may rename it)."""
        self.setWindowTitle(self.tr("Khuyến công — %1").replace("%1", self.ctx.settings.centre_name or ""))

    def show_page(self, row: int) -> None:
        page = self.page(PAGES[row])
        self.stack.setCurrentIndex(row)
        activate = getattr(page, "activate", None)
        if activate is not None:
            activate()

    def check_updates_quietly(self) -> None:
        """Once a day, ask the sync server (if this installation has one) whether a newer version exists;
        say so in the status bar. No answer (no network) is not worth a word."""
        database = self.ctx.runner.database

        def work() -> str | None:  # all of it off the GUI thread, the update code's import (tuf) included
            from desktop.support import installation, updates
            from sync.account import stored_server

            server = stored_server(database)
            if not server or not updates.quiet_check_due(database.path.parent):
                return None
            source = updates.Source(database.path.parent, server=server, program_dir=installation.installed_folder())
            return source.available.version if source.available else None

        def done(version: str | None) -> None:
            if version:
                self.update_notice.setText(self.tr("Có phiên bản mới %1").replace("%1", version))
                self.update_notice.show()

        self.ctx.runner.network(work, done, lambda error: log.info("quiet update check: %s", error))

    def go_to(self, name: str) -> None:
        self.nav.setCurrentRow(PAGES.index(name))

    def undo_last(self) -> None:
        undoing.undo_last(self.ctx, self, self._tell)

    def redo_last(self) -> None:
        undoing.redo_last(self.ctx, self, self._tell)

    def _tell(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def _on_page(self, method: str) -> None:
        """A menu command of the list pages, on the page shown (others have no such command: nothing)."""
        page = self.page(PAGES[self.stack.currentIndex()])
        action = getattr(page, method, None)
        if callable(action):
            action()
        elif method == "sync_now":  # from any page: with the account set on the Đồng bộ page
            self.sync_controller.sync_now()
        else:
            self.statusBar().showMessage(self.tr("Lệnh này dùng trong các trang danh sách"), 4000)

    # --- window state --------------------------------------------------------------------------------
    def _restore_state(self, page: str | None) -> None:
        stored = QSettings()
        geometry = stored.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        last = str(stored.value("window/page", 0))
        row = int(last) if last.isdigit() and int(last) < len(PAGES) else 0
        if page is not None:
            row = PAGES.index(page)
        if self.nav.currentRow() == row:
            self.show_page(row)  # no change signal for the row already current
        else:
            self.nav.setCurrentRow(row)

    def closeEvent(self, event: QCloseEvent) -> None:
        stored = QSettings()
        stored.setValue("window/geometry", self.saveGeometry())
        stored.setValue("window/page", self.nav.currentRow())
        self.ctx.runner.shutdown()
        super().closeEvent(event)
