"""Excel from the screens: ask where, export on the read thread with progress, then offer to open it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget
from sqlalchemy.orm import Session

from desktop.core.money import format_money
from desktop.core.progress import ProgressState
from desktop.ui import long_task
from desktop.ui.context import AppContext

if TYPE_CHECKING:  # openpyxl is imported by the export itself, on the read thread
    from desktop.spreadsheets.exports import Exported

Work = Callable[[Session, Path, ProgressState], "Exported"]


def ask_target(parent: QWidget, suggested: str) -> Path | None:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    chosen, _filter = QFileDialog.getSaveFileName(
        parent, parent.tr("Xuất ra tệp Excel"), str(Path(folder) / suggested), parent.tr("Tệp Excel (*.xlsx)")
    )
    if not chosen:
        return None
    target = Path(chosen)
    return target if target.suffix.lower() == ".xlsx" else target.with_suffix(".xlsx")


def export(ctx: AppContext, parent: QWidget, title: str, suggested: str, work: Work) -> None:
    """Ask for the file, write it (whole or not at all), then say how many rows and offer to open it."""
    target = ask_target(parent, suggested)
    if target is None:
        return
    long_task.run_read(
        ctx, parent, title, lambda session, state: work(session, target, state), lambda done: told(parent, done)
    )


def told(parent: QWidget, done: Exported) -> None:
    box = QMessageBox(parent)
    box.setWindowTitle(parent.tr("Đã xuất Excel"))
    box.setText(parent.tr("Đã ghi %1 dòng vào %2").replace("%1", format_money(done.rows)).replace("%2", str(done.path)))
    opening = box.addButton(parent.tr("Mở tệp"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(parent.tr("Đóng"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    if box.clickedButton() is opening:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(done.path)))
