"""Đồng bộ: the server, logging in, what is waiting, the last sync, "Đồng bộ ngay", and the conflict inbox.

The :class:`SyncController` belongs to the main window, so the status bar always shows the state and the
periodic sync runs whether or not this page was opened. The sync itself runs on the worker thread; the
page only shows progress and lets the user cancel between two steps (each step is its own transaction).
"""

from __future__ import annotations

import html
import logging
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.services.dates import format_date
from desktop.services.money import format_money
from desktop.services.progress import Cancelled, ProgressState
from desktop.ui.context import AppContext

log = logging.getLogger(__name__)
PERIOD_MS = 15 * 60 * 1000  # a sync every quarter hour while the app is open and a server is set
FIRST_MS = 60 * 1000


def _when(iso: str) -> str:
    if not iso:
        return ""
    moment = datetime.fromisoformat(iso).astimezone()
    return f"{format_date(moment.date())} {moment:%H:%M}"


def _status(database: Any) -> Any:
    from sync import state  # light: no network code at start-up

    return state.status(database)


class SyncController(QObject):
    """Runs syncs (on demand and every quarter hour) and keeps what the screens show about them."""

    changed = Signal()

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.running = False
        self.progress = ProgressState()
        self.server = ""
        self.user = ""
        self.waiting = 0
        self.last = ""
        self.error = ""
        self.result = ""
        self.stalled = ""  # the outbox watchdog's warning
        self.clock = ""  # this PC's clock is off, as the server's answers showed
        self.timer = QTimer(self)
        self.timer.setInterval(PERIOD_MS)
        self.timer.timeout.connect(lambda: self.sync_now(quiet=True))
        QTimer.singleShot(FIRST_MS, self, self._first_sync)
        ctx.runner.changed.connect(lambda _tables: self.refresh())
        self.refresh()

    def _first_sync(self) -> None:
        self.sync_now(quiet=True)
        self.timer.start()

    def refresh(self) -> None:
        """Read the state again (after any local change: the waiting count moves)."""

        def done(state: Any) -> None:
            from sync.state import watchdog

            self.server, self.user, self.waiting, self.last = state.server, state.user, state.waiting, state.last
            self.stalled = watchdog(state)
            self.changed.emit()

        database = self.ctx.runner.database
        self.ctx.runner.read(lambda _session: _status(database), done, self._not_read)

    def _not_read(self, error: BaseException) -> None:
        # The status bar can wait for the next change; the reason goes to the log, not to a dialog.
        log.warning("Không đọc được tình trạng đồng bộ: %r", error)

    def sync_now(self, username: str = "", password: str = "", server: str = "", quiet: bool = False) -> None:
        """Sync with ``server`` (or the one set); ``username``/``password`` only to log in the first time."""
        server = server or self.server
        if self.running or not server or (quiet and not self.user):
            return
        from sync import account
        from sync.http import SyncFailed

        database = self.ctx.runner.database
        self.running, self.error, self.result = True, "", ""
        self.progress = progress = ProgressState()
        self.changed.emit()

        def work() -> Any:
            connected = account.connect(database, server, username or None, lambda: password)
            try:
                report = connected.client(progress).sync()
                connected.keep()
            finally:
                connected.close()
            account.synced(database)
            return report, connected.transport.clock_offset

        def done(answer: Any) -> None:
            from sync.state import clock_warning

            report, offset = answer
            self.running = False
            self.clock = clock_warning(offset)
            parts = [
                self.tr("đã gửi %1").replace("%1", format_money(report.pushed)),
                self.tr("đã nhận %1").replace("%1", format_money(report.pulled)),
            ]
            if report.conflicts:
                parts.append(self.tr("%1 xung đột cần xem").replace("%1", format_money(report.conflicts)))
            if report.rejected:
                parts.append(self.tr("%1 thay đổi bị máy chủ từ chối").replace("%1", format_money(report.rejected)))
                self.error = "\n".join(report.messages)
            if report.verified and not all(report.verified.values()):
                parts.append(self.tr("dữ liệu chưa khớp với máy chủ, sẽ đối chiếu lại lần sau"))
            self.result = self.tr("Đồng bộ xong: ") + ", ".join(parts)
            self.refresh()
            from desktop.services.listing import LISTINGS

            self.ctx.runner.changed.emit(frozenset({*LISTINGS, "sync"}))  # pulled rows show in every list

        def failed(error: BaseException) -> None:
            self.running = False
            if isinstance(error, Cancelled):
                self.error = self.tr("Đã dừng đồng bộ; lần sau sẽ tiếp tục từ chỗ đã dừng")
            elif isinstance(error, SyncFailed):
                self.error = str(error)
            else:
                from desktop.services.errors import explain

                self.error = explain(error).message
            self.refresh()

        self.ctx.runner.background(work, done, failed)

    def cancel(self) -> None:
        self.progress.cancel()

    def summary(self) -> str:
        """One line for the status bar."""
        if self.running:
            return self.tr("Đang đồng bộ…")
        if not self.server:
            return self.tr("Chưa kết nối máy chủ")
        waiting = self.tr("%1 thay đổi chờ gửi").replace("%1", format_money(self.waiting))
        if self.stalled or self.clock:
            return self.tr("Cần chú ý (xem mục Đồng bộ) — ") + waiting
        if self.error:
            return self.tr("Lỗi đồng bộ — ") + waiting
        if self.last:
            return self.tr("Đồng bộ lúc %1 — ").replace("%1", _when(self.last)) + waiting
        return waiting


class SyncPage(QWidget):
    def __init__(self, ctx: AppContext, controller: SyncController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.controller = ctx, controller
        heading = QLabel(self.tr("Đồng bộ với máy chủ"))
        heading.setStyleSheet("font-size: 16px; font-weight: 600;")

        self.server = QLineEdit()
        self.server.setPlaceholderText(self.tr("ví dụ: https://dongbo.khuyencong.vn"))
        self.user = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("chỉ cần lần đầu; mật khẩu không được lưu trên máy"))
        self.signed_in = QLabel()
        self.sign_out_button = QPushButton(self.tr("Đăng xuất"))
        account_box = QGroupBox(self.tr("Máy chủ và tài khoản"))
        form = QFormLayout(account_box)
        form.addRow(self.tr("Địa chỉ máy chủ"), self.server)
        form.addRow(self.tr("Tên đăng nhập"), self.user)
        form.addRow(self.tr("Mật khẩu"), self.password)
        signed = QHBoxLayout()
        signed.addWidget(self.signed_in, 1)
        signed.addWidget(self.sign_out_button)
        form.addRow("", signed)

        self.waiting = QLabel()
        self.last = QLabel()
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setStyleSheet("color: #1b5e20;")
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #8a5a00;")
        self.bar = QProgressBar()
        self.bar.setTextVisible(True)
        self.cancel_button = QPushButton(self.tr("Dừng"))
        self.sync_button = QPushButton(self.tr("Đồng bộ ngay"))
        self.sync_button.setToolTip("F5")
        self.sync_button.setDefault(True)
        self.sync_button.setMinimumWidth(160)
        state_box = QGroupBox(self.tr("Tình trạng"))
        state = QFormLayout(state_box)
        state.addRow(self.tr("Thay đổi chờ gửi"), self.waiting)
        state.addRow(self.tr("Lần đồng bộ gần nhất"), self.last)
        running = QHBoxLayout()
        running.addStretch(0)  # takes the room while no progress bar is shown
        running.addWidget(self.bar, 1)
        running.addWidget(self.cancel_button)
        running.addWidget(self.sync_button)
        state.addRow(running)
        state.addRow(self.result)
        state.addRow(self.error)
        state.addRow(self.warning)

        self.conflicts = QTableWidget(0, 7)
        self.conflicts.setHorizontalHeaderLabels(
            [
                self.tr("Bản ghi"),
                self.tr("Trường"),
                self.tr("Giá trị đang dùng"),
                self.tr("Của ai, lúc nào"),
                self.tr("Giá trị kia"),
                self.tr("Của ai, lúc nào"),
                self.tr("Loại"),
            ]
        )
        self.conflicts.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.conflicts.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.conflicts.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.conflicts.verticalHeader().hide()
        self.conflicts.setWordWrap(False)
        header = self.conflicts.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column, width in ((0, 210), (1, 200), (4, 210)):  # long texts: a fixed share, the rest in tooltips
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        header.setStretchLastSection(True)
        self.conflicts.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.keep_button = QPushButton(self.tr("Giữ giá trị đang dùng"))
        self.other_button = QPushButton(self.tr("Dùng giá trị kia"))
        self.inbox_note = QLabel()
        inbox_box = QGroupBox(self.tr("Xung đột cần xem"))
        inbox = QVBoxLayout(inbox_box)
        inbox.addWidget(self.inbox_note)
        inbox.addWidget(self.conflicts, 1)
        choices = QHBoxLayout()
        choices.addStretch(1)
        choices.addWidget(self.keep_button)
        choices.addWidget(self.other_button)
        inbox.addLayout(choices)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        top = QHBoxLayout()
        top.addWidget(account_box, 1)
        top.addWidget(state_box, 1)
        layout.addLayout(top)
        layout.addWidget(inbox_box, 1)

        self._views: list[Any] = []
        self.sync_button.clicked.connect(self.sync_now)
        self.cancel_button.clicked.connect(controller.cancel)
        self.sign_out_button.clicked.connect(self.sign_out)
        self.keep_button.clicked.connect(lambda: self.resolve(False))
        self.other_button.clicked.connect(lambda: self.resolve(True))
        self.conflicts.itemSelectionChanged.connect(self._selection_changed)
        QShortcut(QKeySequence(Qt.Key.Key_F5), self, self.sync_now)
        controller.changed.connect(self.show_state)
        ctx.runner.changed.connect(lambda tables: self.load_conflicts() if "sync" in tables else None)
        self._ticker = QTimer(self)
        self._ticker.setInterval(200)
        self._ticker.timeout.connect(self._show_progress)
        self.show_state()
        self.load_conflicts()

    def activate(self) -> None:
        self.controller.refresh()
        self.load_conflicts()

    def show_state(self) -> None:
        c = self.controller
        if c.server and not self.server.text():
            self.server.setText(c.server)
        if c.user and not self.user.text():
            self.user.setText(c.user)
        self.signed_in.setText(
            self.tr("Đã đăng nhập: %1").replace("%1", c.user) if c.user else self.tr("Chưa đăng nhập")
        )
        self.sign_out_button.setVisible(bool(c.user))
        self.waiting.setText(format_money(c.waiting))
        self.last.setText(_when(c.last) or self.tr("chưa đồng bộ lần nào"))
        self.result.setText(c.result)
        self.error.setText(c.error)
        # One paragraph per warning, lines spaced for Vietnamese marks above and below the letters.
        paragraphs = (
            f"<p style='line-height:130%; margin-bottom:6px'>{html.escape(w)}</p>" for w in (c.stalled, c.clock) if w
        )
        self.warning.setText("".join(paragraphs))
        self.warning.setVisible(bool(c.stalled or c.clock))
        self.bar.setVisible(c.running)
        self.cancel_button.setVisible(c.running)
        self.sync_button.setEnabled(not c.running)
        if c.running:
            self._ticker.start()
        else:
            self._ticker.stop()
            self.password.clear()

    def _show_progress(self) -> None:
        progress = self.controller.progress
        self.bar.setMaximum(progress.total or 0)
        self.bar.setValue(progress.done)
        self.bar.setFormat(progress.label or self.tr("Đang đồng bộ…"))

    def sync_now(self) -> None:
        from sync.state import server_address

        server = server_address(self.server.text())
        if not server:
            self.controller.error = self.tr("Nhập địa chỉ máy chủ trước")
            self.show_state()
            self.server.setFocus()
            return
        self.server.setText(server)
        changed_account = server != self.controller.server or self.user.text().strip() != self.controller.user
        username = self.user.text().strip() if (changed_account or self.password.text()) else ""
        if changed_account and not self.password.text():
            self.controller.error = self.tr("Nhập mật khẩu để đăng nhập lần đầu")
            self.show_state()
            self.password.setFocus()
            return
        self.controller.sync_now(username, self.password.text(), server)

    def sign_out(self) -> None:
        from sync import account

        database = self.ctx.runner.database
        server = self.controller.server
        self.ctx.runner.background(
            lambda: account.sign_out(database, server), lambda _r: self.controller.refresh(), lambda _e: None
        )
        self.controller.user = ""
        self.user.clear()
        self.show_state()

    # --- the conflict inbox ----------------------------------------------------------------------------
    def load_conflicts(self) -> None:
        from sync import conflicts

        self.ctx.runner.read(conflicts.inbox, self._show_conflicts)

    def _show_conflicts(self, views: list[Any]) -> None:
        self._views = views
        self.conflicts.setRowCount(len(views))
        for row, v in enumerate(views):
            kind = (
                self.tr("Có thể trùng")
                if v.duplicate
                else self.tr("Cần quyết định")
                if v.needs_review
                else self.tr("Tự động (bản sửa sau)")
            )
            cells = [v.what, v.field, v.kept, f"{v.kept_by} {v.kept_at}", v.other, f"{v.other_by} {v.other_at}", kind]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text.strip())
                item.setToolTip(text.strip())
                if v.needs_review or v.duplicate:
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.conflicts.setItem(row, column, item)
        self.inbox_note.setText(
            self.tr("Không có xung đột nào.")
            if not views
            else self.tr("%1 xung đột: chọn một dòng rồi chọn giá trị giữ lại.").replace("%1", format_money(len(views)))
        )
        self._selection_changed()

    def _selected_view(self) -> Any | None:
        rows = self.conflicts.selectionModel().selectedRows()
        return self._views[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        chosen = self._selected_view()
        self.keep_button.setEnabled(chosen is not None)
        self.other_button.setEnabled(chosen is not None)
        duplicate = chosen is not None and chosen.duplicate
        self.keep_button.setText(self.tr("Giữ cả hai") if duplicate else self.tr("Giữ giá trị đang dùng"))
        self.other_button.setText(self.tr("Gộp vào bản kia…") if duplicate else self.tr("Dùng giá trị kia"))

    def resolve(self, use_other: bool) -> None:
        from sync import conflicts

        chosen = self._selected_view()
        if chosen is None:
            return
        conflict_id = chosen.id
        question = self.tr(
            "Gộp %1 vào %2?\n\nMọi đề án, sản phẩm, lớp học… đang gắn với bản này sẽ gắn với bản kia; "
            "bản này được đánh dấu xóa (khôi phục được trong “Đã xóa”)."
        )
        if chosen.duplicate and use_other:
            answer = QMessageBox.question(
                self,
                self.tr("Gộp bản ghi"),
                question.replace("%1", chosen.what).replace("%2", chosen.other),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        label = self.tr("Xử lý xung đột")

        def done(message: str) -> None:
            self.controller.result = message
            self.controller.error = ""
            self.show_state()
            self.load_conflicts()

        from desktop.services.listing import LISTINGS

        self.ctx.runner.write(
            label,
            lambda session: conflicts.resolve(session, conflict_id, use_other),
            {*LISTINGS, "sync_conflict"},
            done,
            parent=self,
        )
