"""Printing from the screens: the "In biểu mẫu" menu, one form or a batch with progress, then the preview.

The PDF is made by the Qt-free ``desktop.printing`` on the read thread; the preview (``print_preview``,
Qt PDF and Qt print support) is loaded when something is first printed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QMenu,
    QPushButton,
    QWidget,
)
from sqlalchemy.orm import Session

from desktop.core.progress import ProgressState
from desktop.paths import own_forms_dir
from desktop.printing import catalog
from desktop.printing.templates import TemplateStore
from desktop.ui import long_task
from desktop.ui.context import AppContext
from desktop.ui.tasks import show_error

Choice = tuple[str, str, str]  # (menu text, form, record key)


def templates(ctx: AppContext) -> TemplateStore:
    return TemplateStore(own_forms_dir(ctx.runner.database.path))


def preview(ctx: AppContext, parent: QWidget, form: str, key: str, title: str) -> None:
    """Make the document on the read thread, then show it."""
    today = date.today()
    store = templates(ctx)

    def shown(done: catalog.Printed) -> None:
        from desktop.ui.print_preview import PrintPreview

        PrintPreview(done.data, title, done.file_name, parent).exec()

    ctx.runner.read(
        lambda session: catalog.printed(session, form, key, store, today),
        shown,
        lambda error: show_error(parent, error),
    )


def print_batch(ctx: AppContext, parent: QWidget, form: str, keys: Sequence[str], title: str) -> None:
    """Many records into one file to preview and print, with progress and a way to stop."""
    if not keys:
        return
    today, store = date.today(), templates(ctx)

    def work(session: Session, state: ProgressState) -> bytes:
        def told(done: int, total: int) -> None:
            state(parent.tr("Đã chuẩn bị %1/%2 bản").replace("%1", str(done)).replace("%2", str(total)), done, total)

        return catalog.render_batch(session, form, keys, store, today, progress=told, cancelled=state.cancelled)

    def shown(data: bytes) -> None:
        from desktop.ui.print_preview import PrintPreview

        PrintPreview(data, title, catalog.batch_file_name(form, len(keys)), parent).exec()

    long_task.run_read(ctx, parent, title, work, shown)


class PrintButton(QPushButton):
    """ "In biểu mẫu ▾": a menu of what this screen can print, filled from its current record (``choices``)."""

    def __init__(self, ctx: AppContext, choices: Callable[[], list[Choice]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.choices = ctx, choices
        self.setObjectName("print_menu")
        self.setText(self.tr("In biểu mẫu"))
        self.setToolTip(self.tr("Xem trước, in hoặc lưu PDF các mẫu biểu (Ctrl+P)"))
        self.menu_ = QMenu(self)
        self.menu_.aboutToShow.connect(self._fill)
        self.setMenu(self.menu_)
        if parent is not None:
            QShortcut(QKeySequence.StandardKey.Print, parent, self.showMenu)

    def _fill(self) -> None:
        self.menu_.clear()
        for text, form, key in self.choices():
            action = self.menu_.addAction(text)
            action.triggered.connect(lambda _checked=False, f=form, k=key, t=text: self.open(f, k, t))
        if self.menu_.isEmpty():
            self.menu_.addAction(self.tr("(chưa có gì để in)")).setEnabled(False)

    def open(self, form: str, key: str, title: str) -> None:
        preview(self.ctx, self.window(), form, key, title)
