"""Database work off the GUI thread: one operation per user action, results delivered on the GUI thread.

Reads (list pages, lookups) and writes (user actions) run on two single-thread pools, so a slow write
never stalls scrolling and writes stay serialised. Each task opens its own session; a write commits once.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QWidget
from sqlalchemy.orm import Session

from desktop.core.errors import ErrorKind, explain
from desktop.core.progress import ProgressState
from desktop.store import changes
from desktop.store.changes import Changes
from desktop.store.db import Database

log = logging.getLogger(__name__)
PROGRESS_DELAY_MS = 500


class _Carrier(QObject):
    """Lives on the GUI thread; a signal emitted from a worker is delivered there (queued)."""

    finished = Signal(int, bool, object)


class _Task(QRunnable):
    def __init__(self, number: int, work: Callable[[], Any], carrier: _Carrier) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._number, self._work, self._carrier = number, work, carrier

    def run(self) -> None:
        try:
            result = self._work()
        except BaseException as error:  # delivered to the GUI thread, explained there
            error.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            self._carrier.finished.emit(self._number, False, error)
        else:
            self._carrier.finished.emit(self._number, True, result)


OnDone = Callable[[Any], None]
OnError = Callable[[BaseException], None]


class TaskRunner(QObject):
    """Runs reads and writes for the UI; ``changed`` announces what a write changed (store.changes)."""

    changed = Signal(object)  # Changes
    busy_changed = Signal(bool)

    def __init__(self, database: Database, actor: Callable[[], str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self._actor = actor
        self._reads = QThreadPool(self)
        self._reads.setMaxThreadCount(1)
        self._writes = QThreadPool(self)
        self._writes.setMaxThreadCount(1)
        self._syncs = QThreadPool(self)  # a sync waits on the network between its own short transactions
        self._syncs.setMaxThreadCount(1)
        self._network = QThreadPool(self)  # downloads over a slow link must hold up neither reads nor writes
        self._network.setMaxThreadCount(1)
        self._copies = QThreadPool(self)  # a backup reads the file on its own connection: saves go on meanwhile
        self._copies.setMaxThreadCount(1)
        self._carrier = _Carrier()
        self._carrier.finished.connect(self._deliver)
        self._callbacks: dict[int, tuple[OnDone, OnError | None, Callable[[], None]]] = {}
        self._counter = 0
        self._closed = False

    def _submit(
        self,
        pool: QThreadPool,
        work: Callable[[], Any],
        on_done: OnDone,
        on_error: OnError | None,
        cleanup: Callable[[], None] = lambda: None,
    ) -> None:
        if self._closed:
            return
        self._counter += 1
        self._callbacks[self._counter] = (on_done, on_error, cleanup)
        pool.start(_Task(self._counter, work, self._carrier))
        self.busy_changed.emit(True)

    def read(self, work: Callable[[Session], Any], on_done: OnDone, on_error: OnError | None = None) -> None:
        """Run ``work(session)`` on the read thread; ``on_done(result)`` on the GUI thread."""

        def run() -> Any:
            with self.database.session() as session:
                return work(session)

        self._submit(self._reads, run, on_done, on_error)

    def write(
        self,
        label: str,
        work: Callable[[Session], Any],
        on_done: OnDone = lambda _result: None,
        on_error: OnError | None = None,
        *,
        parent: QWidget | None = None,
        progress: ProgressState | None = None,
        undoable: bool = True,
    ) -> None:
        """Run ``work(session)`` as one user action (one transaction, recorded for undo as ``label``); the
        screens showing what it changed refresh (``changed``)."""
        dialog: QProgressDialog | None = None
        timer = QTimer(self)

        def show_progress() -> None:
            nonlocal dialog
            if progress is None:
                return
            if dialog is None:
                dialog = QProgressDialog(label, self.tr("Hủy"), 0, 0, parent)
                dialog.setWindowTitle(self.tr("Đang thực hiện"))
                dialog.setMinimumDuration(0)
                dialog.canceled.connect(progress.cancel)
                dialog.show()
            if progress.total:
                dialog.setMaximum(progress.total)
                dialog.setValue(progress.done)
            dialog.setLabelText(progress.label or label)

        def cleanup() -> None:
            timer.stop()
            timer.deleteLater()
            if dialog is not None:
                dialog.reset()
                dialog.deleteLater()

        if progress is not None:
            timer.setInterval(100)
            timer.timeout.connect(show_progress)
            QTimer.singleShot(PROGRESS_DELAY_MS, timer, timer.start)

        def run() -> tuple[Any, Changes]:
            with self.database.transaction(self._actor(), label if undoable else None) as session:
                result = work(session)
                session.flush()
                return result, changes.of(session)

        def done(answer: tuple[Any, Changes]) -> None:
            result, changed = answer
            on_done(result)
            self.changed.emit(changed)

        self._submit(self._writes, run, done, on_error, cleanup)

    def background(self, work: Callable[[], Any], on_done: OnDone, on_error: OnError | None = None) -> None:
        """Run long work that manages its own short transactions and waits on the network between them (a
        sync) on a thread of its own: a save never waits for the network, only, at most, for one of the
        sync's transactions (SQLite lets one write at a time; its busy timeout waits for the other)."""
        self._submit(self._syncs, work, on_done, on_error)

    def network(self, work: Callable[[], Any], on_done: OnDone, on_error: OnError | None = None) -> None:
        """Run work that waits on the network (checking for and downloading an update; at most a setting
        read) on its own thread: minutes over 2G hold up no list and no save."""
        self._submit(self._network, work, on_done, on_error)

    def copy(self, work: Callable[[], Any], on_done: OnDone, on_error: OnError | None = None) -> None:
        """Run a backup (a consistent copy taken on its own connection, checked, then compressed) on its own
        thread: seconds of compressing a province's file hold up no save."""
        self._submit(self._copies, work, on_done, on_error)

    def _deliver(self, number: int, ok: bool, payload: Any) -> None:
        on_done, on_error, cleanup = self._callbacks.pop(number)
        cleanup()
        if not self._callbacks:
            self.busy_changed.emit(False)
        if self._closed:
            return
        if ok:
            on_done(payload)
        elif on_error is not None:
            on_error(payload)
        else:
            show_error(None, payload)

    def pending(self) -> int:
        """How many tasks have not delivered their result yet."""
        return len(self._callbacks)

    def wait(self, msecs: int = -1) -> bool:
        """Wait for running tasks (tests, shutdown); True when all finished."""
        pools = (self._reads, self._writes, self._syncs, self._network, self._copies)
        return all(pool.waitForDone(msecs) for pool in pools)

    def shutdown(self) -> None:
        """Finish what is running, drop what has not started, deliver nothing more."""
        self._closed = True
        for pool in (self._reads, self._writes, self._syncs, self._network, self._copies):
            pool.clear()
        self.wait()


class Support:
    """Where this run writes its log and how to describe the installation (set when the app starts)."""

    log_path: Path | None = None
    describe: Callable[[], str] | None = None


def support_text(error: BaseException | None = None) -> str:
    """The installation's description, and the error with its traceback: what support asks for."""
    parts = [Support.describe() if Support.describe else ""]
    if error is not None:
        parts.append(f"Lỗi: {error!r}\n{getattr(error, '__traceback_text__', '')}")
    return "\n\n".join(p for p in parts if p)


def show_error(parent: QWidget | None, error: BaseException) -> None:
    """Tell the user what went wrong in Vietnamese; our bugs go to the log with their traceback, the
    dialog says where the log is and copies what support needs in one click."""
    explained = explain(error)
    if explained.kind is ErrorKind.CANCELLED:
        return
    box = QMessageBox(parent)
    box.setWindowTitle(QCoreApplication.translate("tasks", "Khuyến công"))
    box.setText(explained.message)
    copy = None
    if explained.kind is ErrorKind.BUG:
        log.error("Lỗi ngoài dự kiến: %r\n%s", error, getattr(error, "__traceback_text__", ""))
        box.setIcon(QMessageBox.Icon.Critical)
        if Support.log_path is not None:
            box.setInformativeText(
                QCoreApplication.translate("tasks", "Nhật ký: %1").replace("%1", str(Support.log_path))
            )
        copy = box.addButton(
            QCoreApplication.translate("tasks", "Sao chép thông tin hỗ trợ"), QMessageBox.ButtonRole.ActionRole
        )
        box.addButton(QMessageBox.StandardButton.Ok)
    else:
        box.setIcon(QMessageBox.Icon.Warning)
    box.exec()
    if copy is not None and box.clickedButton() is copy:
        QApplication.clipboard().setText(support_text(error))
