"""Long work the user waits for (exports, batch printing, updates): off the GUI thread, with a progress
dialog that appears after half a second and a Dừng button; stopping leaves nothing behind."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QProgressDialog, QWidget
from sqlalchemy.orm import Session

from desktop.core.progress import ProgressState
from desktop.ui import tasks
from desktop.ui.context import AppContext

T = TypeVar("T")


def run_read(
    ctx: AppContext,
    parent: QWidget,
    title: str,
    work: Callable[[Session, ProgressState], T],
    on_done: Callable[[T], None],
) -> None:
    """``work(session, progress)`` on the read thread; ``on_done(result)`` on the GUI thread. Errors are
    explained in a dialog (a stop, Cancelled, silently)."""
    _with_progress(
        parent,
        title,
        on_done,
        lambda state, done, failed: ctx.runner.read(lambda session: work(session, state), done, failed),
    )


def run_background(
    ctx: AppContext,
    parent: QWidget,
    title: str,
    work: Callable[[ProgressState], T],
    on_done: Callable[[T], None],
) -> None:
    """The same for work that opens no session of the app (a download, an update), on its own thread."""
    _with_progress(
        parent, title, on_done, lambda state, done, failed: ctx.runner.network(lambda: work(state), done, failed)
    )


def _with_progress(
    parent: QWidget,
    title: str,
    on_done: Callable[[T], None],
    submit: Callable[[ProgressState, Callable[[Any], None], Callable[[BaseException], None]], None],
) -> None:
    state = ProgressState()
    dialog = QProgressDialog(title, parent.tr("Dừng"), 0, 0, parent)
    dialog.setWindowTitle(parent.tr("Đang thực hiện"))
    dialog.setMinimumDuration(tasks.PROGRESS_DELAY_MS)
    dialog.canceled.connect(state.cancel)
    timer = QTimer(dialog)

    def show() -> None:
        if state.total:
            dialog.setMaximum(state.total)
            dialog.setValue(min(state.done, state.total))
        if state.label:
            dialog.setLabelText(state.label)

    timer.timeout.connect(show)
    timer.start(100)

    def finished() -> None:
        timer.stop()
        dialog.reset()
        dialog.deleteLater()

    def done(result: Any) -> None:
        finished()
        on_done(result)

    def failed(error: BaseException) -> None:
        finished()
        tasks.show_error(parent, error)

    submit(state, done, failed)
