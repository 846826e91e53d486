"""Đồng bộ: the server, logging in, what is waiting, the last sync, "Đồng bộ ngay", and three inboxes: conflicts,
changes the server refused (redo or drop), and rows from the server that wait to be stored on this PC.

The :class:`SyncController` belongs to the main window, so the status bar always shows the state and the
periodic sync runs whether or not this page was opened. The sync itself runs on the worker thread; the
page only shows progress and lets the user cancel between two steps (each step is its own transaction).
"""

from __future__ import annotations

import html
import logging
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QStandardPaths, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
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
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core.dates import format_date
from desktop.core.money import format_money
from desktop.core.progress import Cancelled, ProgressState
from desktop.store.changes import EVERYTHING
from desktop.ui.context import AppContext

if TYPE_CHECKING:
    from sync.protocol import SyncReport

log = logging.getLogger(__name__)
INBOXES = {"sync_conflict", "sync_rejection", "sync_parked"}  # what the three lists of this page show
PERIOD_MS = 15 * 60 * 1000  # a sync every quarter hour while the app is open and a server is set
FIRST_MS = 60 * 1000
WRAPPED = "QTableWidget::item { padding: 3px 2px; }"
REASONS_SHOWN = 5  # refusal reasons said above the tabs; the inbox lists every change


def _when(iso: str) -> str:
    if not iso:
        return ""
    moment = datetime.fromisoformat(iso).astimezone()
    return f"{format_date(moment.date())} {moment:%H:%M}"


def _status(database: Any) -> Any:
    from sync import state  # light: no network code at start-up

    return state.status(database)


def _counts(session: Any) -> tuple[int, int]:
    from sync import refusals  # on the read thread, after the window shows

    return refusals.counts(session)


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
        self.blocked = ""  # the last push waits for someone with more authority (a full sentence)
        self.notes: list[str] = []  # what the last sync needs the user to know: refusals, a mismatch and why
        self.refused = 0  # refused changes waiting in the inbox
        self.parked = 0  # rows from the server waiting to be stored on this PC
        self.needs_password = False  # the kept sign-in is gone: quiet syncs wait until the password is typed
        self.told_not_kept = False  # "this PC cannot keep the sign-in" is said once a run
        self.timer = QTimer(self)
        self.timer.setInterval(PERIOD_MS)
        self.timer.timeout.connect(lambda: self.sync_now(quiet=True))
        QTimer.singleShot(FIRST_MS, self, self._first_sync)
        ctx.runner.changed.connect(lambda _changed: self.refresh())
        self.refresh()

    def _first_sync(self) -> None:
        self.sync_now(quiet=True)
        self.timer.start()

    def refresh(self) -> None:
        """Read the state again (after any local change: the waiting count moves)."""

        def done(answer: tuple[Any, tuple[int, int]]) -> None:
            from sync.state import watchdog

            state, (self.refused, self.parked) = answer
            self.server, self.user, self.waiting, self.last = state.server, state.user, state.waiting, state.last
            self.stalled = watchdog(state)
            self.changed.emit()

        database = self.ctx.runner.database
        self.ctx.runner.read(lambda session: (_status(database), _counts(session)), done, self._not_read)

    def _not_read(self, error: BaseException) -> None:
        # The status bar can wait for the next change; the reason goes to the log, not to a dialog.
        log.warning("Không đọc được tình trạng đồng bộ: %r", error)

    def sync_now(self, username: str = "", password: str = "", server: str = "", quiet: bool = False) -> None:
        """Sync with ``server`` (or the one set); ``username``/``password`` only to log in the first time."""
        server = server or self.server
        if self.running or not server or (quiet and (not self.user or self.needs_password)):
            return
        from sync import account
        from sync.http import PasswordNeeded, SyncFailed

        database = self.ctx.runner.database
        self.running, self.error, self.result, self.blocked, self.notes = True, "", "", "", []
        self.progress = progress = ProgressState()
        self.changed.emit()

        def work() -> tuple[SyncReport, timedelta | None, int, bool]:
            connected = account.connect(database, server, username or None, lambda: password)
            try:
                report = connected.client(progress).sync()
                connected.keep()
            finally:
                connected.close()
            account.synced(database)
            kept = connected.credentials.persistent
            return report, connected.transport.clock_offset, account.waiting(database), kept

        def done(answer: tuple[SyncReport, timedelta | None, int, bool]) -> None:
            from sync.state import clock_warning

            report, offset, waiting, kept = answer
            self.running, self.needs_password = False, False
            self.clock = clock_warning(offset)
            self.result = self.tr("Đồng bộ xong: ") + ", ".join(self._done_parts(report))
            self.blocked = report.blocked
            self.notes = self._notes(report, waiting)
            if not kept and not self.told_not_kept:  # said once a run, with the result: it needs nothing now
                self.told_not_kept = True
                self.result += "\n" + self.tr(
                    "Lưu ý: máy này không có kho mật khẩu của hệ điều hành nên không giữ được phiên đăng nhập; lần sau"
                    " mở phần mềm, hãy nhập lại mật khẩu ở trang Đồng bộ để tiếp tục đồng bộ."
                )
            self.refresh()
            self.ctx.runner.changed.emit(EVERYTHING)  # a sync may have changed any record: every list rereads

        def failed(error: BaseException) -> None:
            self.running = False
            if isinstance(error, Cancelled):
                self.error = self.tr("Đã dừng đồng bộ; lần sau sẽ tiếp tục từ chỗ đã dừng")
            elif isinstance(error, SyncFailed):
                self.error = str(error)
                self.needs_password = isinstance(error, PasswordNeeded)
            else:
                from desktop.core.errors import explain

                self.error = explain(error).message
            self.refresh()

        self.ctx.runner.background(work, done, failed)

    def by_file(self, action: str, path: Path) -> None:
        """Sync with no network (a USB stick): ``action`` "export" writes this PC's waiting changes to ``path``,
        "answer" imports the server's answer file, "enrol" takes this PC's identity from an enrolment file."""
        if self.running:
            return
        from sync import account, bundle
        from sync.protocol import SyncReport

        database = self.ctx.runner.database
        self.running, self.error, self.result, self.blocked, self.notes = True, "", "", "", []
        self.progress = ProgressState()
        self.changed.emit()

        def work() -> tuple[str, SyncReport, int]:
            report = SyncReport()
            if action == "enrol":
                return bundle.enrol(database, path), report, account.waiting(database)
            device = account.device_id(database)
            if action == "export":
                carried = bundle.export(database, path, device, report)
                return str(carried), report, account.waiting(database)
            report = bundle.apply_answer(database, path, device)
            account.synced(database)
            return "", report, account.waiting(database)

        def done(answer: tuple[str, SyncReport, int]) -> None:
            said, report, waiting = answer
            self.running = False
            if action == "enrol":
                self.result = self.tr("Đã ghi danh máy này với máy chủ (người dùng %1): từ nay đồng bộ được bằng tệp.")
                self.result = self.result.replace("%1", said)
            elif action == "export":
                self.result = (
                    self.tr("Đã ghi %1 thay đổi vào %2: hãy gửi tệp này cho quản trị máy chủ, rồi nhập tệp trả lời.")
                    .replace("%1", format_money(int(said)))
                    .replace("%2", path.name)
                )
                self.notes = list(report.messages)
            else:
                self.result = self.tr("Đã nhập tệp trả lời: ") + ", ".join(self._done_parts(report))
                self.blocked = report.blocked
                self.notes = self._notes(report, waiting)
                self.ctx.runner.changed.emit(EVERYTHING)
            self.refresh()

        def failed(error: BaseException) -> None:
            from desktop.core.errors import explain

            self.running = False
            refused = isinstance(error, bundle.BundleRefused)
            self.error = str(error) if refused else explain(error).message
            self.refresh()

        self.ctx.runner.background(work, done, failed)

    def _done_parts(self, report: SyncReport) -> list[str]:
        """What the sync did, in a few words each."""
        parts = [
            self.tr("đã gửi %1").replace("%1", format_money(report.pushed)),
            self.tr("đã nhận %1").replace("%1", format_money(report.pulled)),
        ]
        if report.conflicts:
            parts.append(self.tr("%1 xung đột cần xem").replace("%1", format_money(report.conflicts)))
        if report.rejected:
            parts.append(self.tr("%1 thay đổi bị máy chủ từ chối").replace("%1", format_money(report.rejected)))
        if report.repaired:
            parts.append(self.tr("đã sửa %1 bản ghi khác với máy chủ").replace("%1", format_money(report.repaired)))
        if report.verified and all(report.verified.values()):
            parts.append(self.tr("dữ liệu khớp với máy chủ"))
        return parts

    def _notes(self, report: SyncReport, waiting: int) -> list[str]:
        """What needs the user after the sync: each refusal reason once with its count, and a mismatch with its
        cause and what to do next; then the other notes (attachments)."""
        notes: list[str] = []
        if report.refusals:
            lines = [
                self.tr("Máy chủ từ chối %1 thay đổi (xem thẻ “Bị từ chối” bên dưới để làm lại hoặc bỏ):").replace(
                    "%1", format_money(sum(report.refusals.values()))
                )
            ]
            ranked = sorted(report.refusals.items(), key=lambda item: -item[1])
            lines += [f"— {format_money(count)} × {reason}" for reason, count in ranked[:REASONS_SHOWN]]
            if len(ranked) > REASONS_SHOWN:
                lines.append(
                    self.tr("… và %1 lý do khác (xem thẻ “Bị từ chối”)").replace(
                        "%1", format_money(len(ranked) - REASONS_SHOWN)
                    )
                )
            notes.append("\n".join(lines))
        if report.verified and not all(report.verified.values()):
            notes.append(self._mismatch(report, waiting))
        notes += report.messages
        return notes

    def _mismatch(self, report: SyncReport, waiting: int) -> str:
        """Say "chưa khớp" with the cause this PC knows, and the next step."""
        causes = []
        if waiting:
            causes.append(self.tr("còn %1 thay đổi chưa gửi được lên máy chủ").replace("%1", format_money(waiting)))
        if report.parked:
            causes.append(
                self.tr("%1 bản ghi từ máy chủ chưa lưu được trên máy này (xem thẻ “Chờ lưu”)").replace(
                    "%1", format_money(report.parked)
                )
            )
        if not causes:
            return self.tr(
                "Dữ liệu chưa khớp với máy chủ dù máy đã tự đối chiếu và sửa. Bấm “Đồng bộ ngay” để đối chiếu lại;"
                " nếu vẫn chưa khớp, hãy báo quản trị máy chủ."
            )
        steps = []
        if waiting and report.blocked:
            steps.append(self.tr("người có quyền đăng nhập đồng bộ trên máy này để gửi các thay đổi"))
        elif waiting:
            steps.append(self.tr("bấm “Đồng bộ ngay” để gửi nốt"))
        if report.parked:
            steps.append(self.tr("các bản ghi chờ lưu sẽ tự được lưu ở lần đồng bộ sau, khi bản ghi liên quan đã về"))
        return (
            self.tr("Dữ liệu chưa khớp với máy chủ vì %1. Bước tiếp: %2.")
            .replace("%1", self.tr(" và ").join(causes))
            .replace("%2", "; ".join(steps))
        )

    def attention(self) -> list[str]:
        """Everything the user should look at, most important first (each a paragraph)."""
        found = [self.blocked, self.stalled, self.clock, *self.notes]
        return [text for text in found if text]

    def cancel(self) -> None:
        self.progress.cancel()

    def summary(self) -> str:
        """One line for the status bar."""
        if self.running:
            return self.tr("Đang đồng bộ…")
        if not self.server:
            return self.tr("Chưa kết nối máy chủ")
        waiting = self.tr("%1 thay đổi chờ gửi").replace("%1", format_money(self.waiting))
        if self.attention() or self.refused or self.parked:
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
        self.password.setPlaceholderText(self.tr("chỉ cần khi đăng nhập; không lưu trên máy"))
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
        # What needs the user (a push waiting for a director, refusals, a mismatch and why): across the page.
        self.warning.setTextFormat(Qt.TextFormat.RichText)
        self.warning.setObjectName("sync_attention")
        self.warning.setStyleSheet(
            "QLabel#sync_attention { color: #6d4700; background: #fff6e0; border: 1px solid #e8c27a;"
            " border-radius: 3px; padding: 4px 8px; }"
        )

        self.export_button = QPushButton(self.tr("Ghi tệp gửi máy chủ…"))
        self.export_button.setToolTip(self.tr("Ghi các thay đổi đang chờ vào một tệp (.kcsync) để mang đi bằng USB"))
        self.answer_button = QPushButton(self.tr("Nhập tệp trả lời…"))
        self.answer_button.setToolTip(self.tr("Nhập tệp trả lời (.kcsync) do quản trị máy chủ gửi lại"))
        self.enrol_button = QPushButton(self.tr("Ghi danh bằng tệp…"))
        self.enrol_button.setToolTip(
            self.tr("Lần đầu, cho máy không bao giờ lên mạng: nhập tệp ghi danh (.kcenrol) do quản trị máy chủ tạo")
        )
        file_box = QGroupBox(self.tr("Không có mạng: đồng bộ qua tệp (USB)"))
        files = QHBoxLayout(file_box)
        for button in (self.export_button, self.answer_button, self.enrol_button):
            files.addWidget(button)
        files.addStretch(1)

        self.tabs = QTabWidget()
        self.tabs.addTab(self._conflict_tab(), "")
        self.tabs.addTab(self._refused_tab(), "")
        self.tabs.addTab(self._waiting_tab(), "")

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        top = QHBoxLayout()
        top.addWidget(account_box, 1)
        top.addWidget(state_box, 1)
        layout.addLayout(top)
        layout.addWidget(file_box)
        layout.addWidget(self.warning)
        layout.addWidget(self.tabs, 1)

        self._views: list[Any] = []
        self._listed: list[Any] = []  # the conflicts of the kind chosen, as the table lists them
        self._refusals: list[Any] = []
        self._waiting: list[Any] = []
        self.sync_button.clicked.connect(self.sync_now)
        for field in (self.server, self.user, self.password):  # Enter signs in and syncs, as in any login form
            field.returnPressed.connect(self.sync_now)
        self.cancel_button.clicked.connect(controller.cancel)
        self.sign_out_button.clicked.connect(self.sign_out)
        self.export_button.clicked.connect(self.export_file)
        self.answer_button.clicked.connect(lambda: self._open_file("answer"))
        self.enrol_button.clicked.connect(lambda: self._open_file("enrol"))
        self.keep_button.clicked.connect(lambda: self.resolve(False))
        self.other_button.clicked.connect(lambda: self.resolve(True))
        self.redo_button.clicked.connect(self.redo)
        self.drop_button.clicked.connect(self.drop)
        self.conflicts.itemSelectionChanged.connect(self._selection_changed)
        self.conflict_kind.currentIndexChanged.connect(lambda _index: self._show_conflicts(self._views))
        self.select_all_button.clicked.connect(self.conflicts.selectAll)
        self.refused.itemSelectionChanged.connect(self._refused_selection_changed)
        controller.changed.connect(self.show_state)
        ctx.runner.changed.connect(lambda changed: self.load_inboxes() if changed.touches(INBOXES) else None)
        self._ticker = QTimer(self)
        self._ticker.setInterval(200)
        self._ticker.timeout.connect(self._show_progress)
        self._show_counts()
        self.show_state()
        self.load_inboxes()

    def _table(self, titles: list[str]) -> QTableWidget:
        table = QTableWidget(0, len(titles))
        table.setHorizontalHeaderLabels(titles)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.verticalHeader().hide()
        return table

    def _conflict_tab(self) -> QWidget:
        self.conflicts = self._table(
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
        self.conflicts.setWordWrap(False)
        header = self.conflicts.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column, width in ((0, 210), (1, 200), (4, 210)):  # long texts: a fixed share, the rest in tooltips
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        header.setStretchLastSection(True)
        self.conflicts.setTextElideMode(Qt.TextElideMode.ElideRight)
        # Hundreds of possible duplicates after a first sync: shown by kind, chosen many at a time.
        self.conflicts.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.keep_button = QPushButton(self.tr("Giữ giá trị đang dùng"))
        self.other_button = QPushButton(self.tr("Dùng giá trị kia"))
        self.inbox_note = QLabel()
        self.conflict_kind = QComboBox()
        for text, kind in (
            (self.tr("Tất cả các loại"), ""),
            (self.tr("Có thể trùng"), "duplicate"),
            (self.tr("Cần quyết định"), "review"),
            (self.tr("Tự động (bản sửa sau)"), "auto"),
        ):
            self.conflict_kind.addItem(text, kind)
        self.select_all_button = QPushButton(self.tr("Chọn tất cả"))
        self.select_all_button.setToolTip(self.tr("Chọn mọi dòng đang hiện (Ctrl+A)"))
        tab = QWidget()
        inbox = QVBoxLayout(tab)
        top = QHBoxLayout()
        top.addWidget(self.inbox_note, 1)
        kind_label = QLabel(self.tr("&Loại:"))
        kind_label.setBuddy(self.conflict_kind)
        top.addWidget(kind_label)
        top.addWidget(self.conflict_kind)
        top.addWidget(self.select_all_button)
        inbox.addLayout(top)
        inbox.addWidget(self.conflicts, 1)
        choices = QHBoxLayout()
        choices.addStretch(1)
        choices.addWidget(self.keep_button)
        choices.addWidget(self.other_button)
        inbox.addLayout(choices)
        return tab

    def _refused_tab(self) -> QWidget:
        self.refused = self._table(
            [
                self.tr("Bản ghi"),
                self.tr("Thay đổi đã nhập"),
                self.tr("Lý do"),
                self.tr("Người có quyền"),
                self.tr("Người nhập"),
                self.tr("Lúc nhập"),
            ]
        )
        # What was typed and why it was refused are read in full: they wrap, and the row grows (with room for the
        # marks above and below Vietnamese letters).
        self.refused.setWordWrap(True)
        self.refused.setStyleSheet(WRAPPED)
        header = self.refused.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 220)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.refused.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.refused_note = QLabel()
        self.refused_note.setWordWrap(True)
        self.refused_outcome = QLabel()
        self.refused_outcome.setWordWrap(True)
        self.redo_button = QPushButton(self.tr("Làm lại"))
        self.redo_button.setToolTip(
            self.tr("Nhập lại đúng những gì đã nhập, như một thay đổi mới, để gửi ở lần đồng bộ tới")
        )
        self.drop_button = QPushButton(self.tr("Bỏ"))
        self.drop_button.setToolTip(self.tr("Bỏ những gì đã nhập; bản ghi giữ như trên máy chủ"))
        tab = QWidget()
        box = QVBoxLayout(tab)
        box.addWidget(self.refused_note)
        box.addWidget(self.refused, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.refused_outcome, 1)
        actions.addWidget(self.redo_button)
        actions.addWidget(self.drop_button)
        box.addLayout(actions)
        return tab

    def _waiting_tab(self) -> QWidget:
        self.waiting_rows = self._table([self.tr("Bản ghi"), self.tr("Lý do")])
        self.waiting_rows.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.waiting_rows.setWordWrap(True)
        self.waiting_rows.setStyleSheet(WRAPPED)
        self.waiting_rows.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.waiting_rows.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 320)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.waiting_note = QLabel()
        self.waiting_note.setWordWrap(True)
        tab = QWidget()
        box = QVBoxLayout(tab)
        box.addWidget(self.waiting_note)
        box.addWidget(self.waiting_rows, 1)
        return tab

    def activate(self) -> None:
        self.controller.refresh()
        self.load_inboxes()

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
        # One paragraph per warning, lines spaced for Vietnamese marks above and below the letters; a push that
        # waits for someone with more authority first, in bold: nothing goes up until they sign in.
        attention = c.attention()
        paragraphs = (
            "<p style='line-height:130%; margin-top:2px; margin-bottom:4px'>"
            + ("<b>%s</b>" if w == c.blocked else "%s") % html.escape(w).replace("\n", "<br>")
            + "</p>"
            for w in attention
        )
        self.warning.setText("".join(paragraphs))
        self.warning.setVisible(bool(attention))
        if c.needs_password and not c.running and self.isVisible():
            self.password.setFocus()
        self.bar.setVisible(c.running)
        self.cancel_button.setVisible(c.running)
        self.sync_button.setEnabled(not c.running)
        for button in (self.export_button, self.answer_button, self.enrol_button):
            button.setEnabled(not c.running)
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

    def export_file(self) -> None:
        """Ask where to write this PC's changes for the server, once it is known this PC can sign them."""
        from sync import account
        from sync.state import setting

        database = self.ctx.runner.database
        self.ctx.runner.read(lambda _s: bool(setting(database, account.SERVER_KEY_SETTING)), self._export_to_file)

    def _export_to_file(self, enrolled: bool) -> None:
        if not enrolled:  # said before a file is chosen, with the two ways this page offers
            QMessageBox.information(
                self,
                self.tr("Ghi tệp gửi máy chủ"),
                self.tr(
                    "Máy này chưa được ghi danh với máy chủ nên chưa ghi được tệp gửi máy chủ.\n\n"
                    "Khi có mạng: nhập địa chỉ máy chủ, tên đăng nhập, mật khẩu rồi bấm “Đồng bộ ngay” một lần.\n"
                    "Không có mạng: xin quản trị máy chủ tệp ghi danh (.kcenrol) của máy này, rồi bấm"
                    " “Ghi danh bằng tệp…”."
                ),
            )
            self.enrol_button.setFocus()
            return
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        suggested = Path(folder) / f"khuyencong-gui-{date.today():%Y%m%d}.kcsync"
        chosen, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Ghi tệp gửi máy chủ"), str(suggested), self.tr("Tệp đồng bộ (*.kcsync)")
        )
        if chosen:
            path = Path(chosen)
            self.controller.by_file("export", path if path.suffix == ".kcsync" else path.with_suffix(".kcsync"))

    def _open_file(self, action: str) -> None:
        if action == "enrol":
            title, kinds = self.tr("Nhập tệp ghi danh"), self.tr("Tệp ghi danh (*.kcenrol)")
        else:
            title, kinds = self.tr("Nhập tệp trả lời của máy chủ"), self.tr("Tệp đồng bộ (*.kcsync)")
        chosen, _filter = QFileDialog.getOpenFileName(self, title, "", kinds)
        if chosen:
            self.controller.by_file(action, Path(chosen))

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

    # --- the inboxes ----------------------------------------------------------------------------------
    def load_inboxes(self) -> None:
        """Read the three inboxes again (after a sync, after each choice made in them)."""
        from sync import conflicts, refusals

        self.ctx.runner.read(
            lambda session: (conflicts.inbox(session), refusals.inbox(session), refusals.waiting(session)),
            self._show_inboxes,
        )

    def _show_inboxes(self, found: tuple[list[Any], list[Any], list[Any]]) -> None:
        conflicts, refused, waiting = found
        self._show_conflicts(conflicts)
        self._show_refused(refused)
        self._show_waiting(waiting)
        self._show_counts()
        lists = (self._views, self._refusals, self._waiting)
        if not lists[self.tabs.currentIndex()]:  # never leave the user before an empty tab when another has work
            self.tabs.setCurrentIndex(next((i for i, items in enumerate(lists) if items), self.tabs.currentIndex()))

    def _show_counts(self) -> None:
        for index, (title, items) in enumerate(
            (
                (self.tr("Xung đột"), self._views),
                (self.tr("Bị từ chối"), self._refusals),
                (self.tr("Chờ lưu"), self._waiting),
            )
        ):
            self.tabs.setTabText(index, f"{title} ({format_money(len(items))})" if items else title)

    @staticmethod
    def _kind(view: Any) -> str:
        return "duplicate" if view.duplicate else "review" if view.needs_review else "auto"

    def _show_conflicts(self, views: list[Any]) -> None:
        self._views = views
        kind = self.conflict_kind.currentData()
        self._listed = [v for v in views if not kind or self._kind(v) == kind]
        names = {
            "duplicate": self.tr("Có thể trùng"),
            "review": self.tr("Cần quyết định"),
            "auto": self.tr("Tự động (bản sửa sau)"),
        }
        self.conflicts.clearSelection()
        self.conflicts.setRowCount(len(self._listed))
        for row, v in enumerate(self._listed):
            cells = [
                v.what,
                v.field,
                v.kept,
                f"{v.kept_by} {v.kept_at}",
                v.other,
                f"{v.other_by} {v.other_at}",
                names[self._kind(v)],
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text.strip())
                item.setToolTip(text.strip())
                if v.needs_review or v.duplicate:
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.conflicts.setItem(row, column, item)
        if not views:
            note = self.tr("Không có xung đột nào.")
        elif len(self._listed) == len(views):
            note = self.tr("%1 xung đột: chọn một hay nhiều dòng (Shift, Ctrl) rồi chọn cách xử lý.").replace(
                "%1", format_money(len(views))
            )
        else:
            note = (
                self.tr("%1 trong %2 xung đột thuộc loại này.")
                .replace("%1", format_money(len(self._listed)))
                .replace("%2", format_money(len(views)))
            )
        self.inbox_note.setText(note)
        self._selection_changed()

    def _selected_views(self) -> list[Any]:
        rows = sorted(index.row() for index in self.conflicts.selectionModel().selectedRows())
        return [self._listed[row] for row in rows]

    def _selection_changed(self) -> None:
        chosen = self._selected_views()
        duplicates = {v.duplicate for v in chosen}
        alike = len(duplicates) == 1  # merging and taking a value are different choices: not in one click
        self.keep_button.setEnabled(alike)
        self.other_button.setEnabled(alike)
        duplicate = duplicates == {True}
        count = f" ({format_money(len(chosen))})" if len(chosen) > 1 else ""
        self.keep_button.setText((self.tr("Giữ cả hai") if duplicate else self.tr("Giữ giá trị đang dùng")) + count)
        self.other_button.setText((self.tr("Gộp vào bản kia") if duplicate else self.tr("Dùng giá trị kia")) + count)
        mixed = self.tr("Chọn các dòng cùng loại: gộp bản ghi và chọn giá trị là hai việc khác")
        self.keep_button.setToolTip(mixed if len(duplicates) > 1 else "")

    def resolve(self, use_other: bool) -> None:
        from sync import conflicts

        chosen = self._selected_views()
        if not chosen:
            return
        merging = chosen[0].duplicate and use_other
        if merging or len(chosen) > 1:
            if merging:
                question = self.tr(
                    "Gộp %1 bản ghi vào bản kia?\n\nMọi đề án, sản phẩm, lớp học… đang gắn với bản này sẽ gắn với bản"
                    " kia; bản này được đánh dấu xóa (khôi phục được trong “Đã xóa”). Hoàn tác được bằng Ctrl+Z."
                )
            else:
                question = self.tr("Xử lý %1 xung đột như sau? Hoàn tác được bằng Ctrl+Z.")
            box = QMessageBox(
                QMessageBox.Icon.Question,
                self.tr("Gộp bản ghi") if merging else self.tr("Xử lý xung đột"),
                question.replace("%1", format_money(len(chosen)))
                + "\n\n"
                + "\n".join(conflicts.preview(chosen, use_other)),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                self,
            )
            box.setDefaultButton(QMessageBox.StandardButton.No)
            if box.exec() != QMessageBox.StandardButton.Yes:
                return
        ids = [v.id for v in chosen]
        label = (
            self.tr("Xử lý xung đột")
            if len(ids) == 1
            else self.tr("Xử lý %1 xung đột").replace("%1", format_money(len(ids)))
        )

        def done(message: str) -> None:
            self.controller.result = message
            self.controller.error = ""
            self.show_state()
            self.load_inboxes()

        self.ctx.runner.write(
            label,
            lambda session: conflicts.resolve_many(session, ids, use_other),
            done,
            parent=self,
        )

    def _show_refused(self, views: list[Any]) -> None:
        self._refusals = views
        self.refused.setRowCount(len(views))
        for row, v in enumerate(views):
            for column, text in enumerate((v.what, v.change, v.reason, v.who_may, v.typed_by, v.typed_at)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.refused.setItem(row, column, item)
        self.refused_note.setText(
            self.tr(
                "Không có thay đổi nào bị máy chủ từ chối. Khi máy chủ từ chối một thay đổi (ví dụ: chỉ Giám đốc"
                " Trung tâm được phê duyệt), bản ghi trở lại như trên máy chủ và những gì đã nhập được giữ ở đây."
            )
            if not views
            else self.tr(
                "%1 thay đổi bị máy chủ từ chối: bản ghi đang giữ như trên máy chủ, những gì đã nhập được giữ ở đây."
                " Khi người có quyền đã đăng nhập đồng bộ trên máy này (hoặc đã nhập đủ những gì còn thiếu), chọn"
                " một dòng rồi bấm “Làm lại” và “Đồng bộ ngay”; hoặc bấm “Bỏ” nếu không cần nữa."
            ).replace("%1", format_money(len(views)))
        )
        self._refused_selection_changed()

    def _selected_refusal(self) -> Any | None:
        rows = self.refused.selectionModel().selectedRows()
        return self._refusals[rows[0].row()] if rows else None

    def _refused_selection_changed(self) -> None:
        chosen = self._selected_refusal() is not None
        self.redo_button.setEnabled(chosen)
        self.drop_button.setEnabled(chosen)

    def _tell(self, message: str, ok: bool) -> None:
        """The outcome of "Làm lại" / "Bỏ", beside the buttons where the user is looking."""
        self.refused_outcome.setStyleSheet("color: #1b5e20;" if ok else "color: #b00020; font-weight: 600;")
        self.refused_outcome.setText(message)

    def _refusal_failed(self, error: BaseException) -> None:
        from desktop.core.errors import ErrorKind, explain
        from desktop.ui import tasks

        explained = explain(error)
        if explained.kind is ErrorKind.RULE:  # a rule of the record: the user can put it right
            self._tell(explained.message, ok=False)
        else:
            tasks.show_error(self, error)
        self.load_inboxes()

    def _refusal_done(self, message: str) -> None:
        self._tell(message, ok=True)
        self.load_inboxes()

    def redo(self) -> None:
        """Put what was typed in again as a new change (with the rest of the same action)."""
        from sync import refusals

        chosen = self._selected_refusal()
        if chosen is None:
            return
        refusal_id = chosen.id
        self.ctx.runner.write(
            self.tr("Làm lại thay đổi bị từ chối"),
            lambda session: refusals.redo(session, refusal_id),
            self._refusal_done,
            self._refusal_failed,
            parent=self,
            undoable=False,  # the inbox is where it is taken back: an undo would not bring the refusal back
        )

    def drop(self) -> None:
        """Let the typed change go, after the user confirms: the record stays as the server has it."""
        from sync import refusals

        chosen = self._selected_refusal()
        if chosen is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Bỏ thay đổi bị từ chối"),
            self.tr(
                "Bỏ thay đổi đã nhập cho %1?\n\n%2\n\nBản ghi sẽ giữ như trên máy chủ; những gì đã nhập ở thay đổi"
                " này sẽ mất và không lấy lại được."
            )
            .replace("%1", chosen.what)
            .replace("%2", chosen.change),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        refusal_id = chosen.id
        self.ctx.runner.write(
            self.tr("Bỏ thay đổi bị từ chối"),
            lambda session: refusals.drop(session, refusal_id),
            self._refusal_done,
            self._refusal_failed,
            parent=self,
            undoable=False,
        )

    # --- rows from the server waiting to be stored here ----------------------------------------------------
    def _show_waiting(self, views: list[Any]) -> None:
        self._waiting = views
        self.waiting_rows.setRowCount(len(views))
        for row, v in enumerate(views):
            for column, text in enumerate((v.what, v.reason)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.waiting_rows.setItem(row, column, item)
        self.waiting_note.setText(
            self.tr("Không có bản ghi nào từ máy chủ đang chờ lưu trên máy này.")
            if not views
            else self.tr(
                "%1 bản ghi từ máy chủ chưa lưu được trên máy này, vì lý do ghi bên cạnh; các dữ liệu khác vẫn đồng"
                " bộ bình thường. Máy thử lưu lại ở mỗi lần đồng bộ (thường là khi bản ghi liên quan đã về); nếu"
                " sau vài lần vẫn còn, hãy báo quản trị máy chủ."
            ).replace("%1", format_money(len(views)))
        )
