"""What every record workspace (proposal, course, voting round) does the same way.

It loads a snapshot on the read thread, loads it again after any write (its own, an undo, another
window's), sends each edit as one user action, shows rule errors in its message line, and asks before
closing over unsaved edits.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QMessageBox, QWidget
from sqlalchemy.orm import Session

from desktop.core.errors import ErrorKind, explain
from desktop.store.changes import Changes
from desktop.ui import undoing
from desktop.ui.context import AppContext
from desktop.ui.tasks import show_error

ERROR_STYLE = "color: #b00020;"


class WorkspaceDialog(QDialog):
    def __init__(
        self,
        ctx: AppContext,
        load: Callable[[Session], Any],
        show: Callable[[Any], None],
        parent: QWidget | None = None,
    ) -> None:
        """``load(session)`` reads the snapshot on the read thread; ``show(snapshot)`` puts it on screen."""
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)  # a workspace is worked in all day
        self.ctx, self._load, self._show = ctx, load, show
        self._closing = False
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        ctx.runner.changed.connect(self._on_changed)
        # Ctrl+Z here takes back the last action, as the messages say; not over edits still unsaved.
        undoing.actions(ctx, self, self.tell, self._undo_held)

    def unsaved(self) -> bool:
        """True while the user has edits not saved yet."""
        return False

    # --- loading ------------------------------------------------------------------------------------
    def reload(self) -> None:
        self.ctx.runner.read(self._load, self._loaded, self._load_failed)

    def _loaded(self, data: Any) -> None:
        if not self._closing:
            self._show(data)

    def _load_failed(self, error: BaseException) -> None:
        show_error(self, error)
        self._close_now()

    def _on_changed(self, _changed: Changes) -> None:
        if not self._closing:
            self.reload()

    def _undo_held(self) -> str:
        if self.unsaved():
            return self.tr(
                "Có thay đổi chưa lưu: hãy lưu chúng (hoặc đóng cửa sổ để bỏ) trước khi hoàn tác hay làm lại."
            )
        return ""

    def tell(self, text: str) -> None:
        """Say in the message line what was done (in the ordinary colour)."""
        self.message.setStyleSheet("")
        self.message.setText(text)

    def complain(self, text: str) -> None:
        """Say in the message line, in red, why something was not done."""
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setText(text)

    # --- writing ------------------------------------------------------------------------------------
    def write(
        self,
        label: str,
        work: Callable[[Session], Any],
        on_done: Callable[[Any], None] = lambda _r: None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        """One user action; by default a refusal is shown in the message line."""

        def failed(error: BaseException) -> None:
            explained = explain(error)
            if explained.kind is ErrorKind.BUG:
                show_error(self, error)
            self.complain(explained.message)

        self.message.clear()
        self.ctx.runner.write(label, work, on_done, on_error or failed, parent=self)

    def confirm(self, question: str) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("Xác nhận"),
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    # --- closing ------------------------------------------------------------------------------------
    def reject(self) -> None:
        if not self._closing and self.unsaved():
            answer = QMessageBox.question(
                self,
                self.tr("Bỏ thay đổi?"),
                self.tr("Có thay đổi chưa lưu. Đóng và bỏ các thay đổi này?"),
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
                return
        self._close_now()

    def _close_now(self) -> None:
        if not self._closing:
            self._closing = True
            self.ctx.runner.changed.disconnect(self._on_changed)
        super().reject()
