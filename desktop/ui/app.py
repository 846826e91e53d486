"""Starting the desktop app: Qt application, translations, log file, database, first run, main window."""

from __future__ import annotations

import gc
import logging
import sys
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desktop.core.errors import explain
from desktop.log import to_file as log_to_file
from desktop.paths import RESOURCES_DIR
from desktop.store import checks, storage
from desktop.store.db import Database
from desktop.ui import tasks
from desktop.ui.context import AppContext, load_reference
from desktop.ui.main_window import MainWindow
from desktop.ui.support_report import describe
from desktop.ui.tasks import TaskRunner

log = logging.getLogger("desktop")


def make_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with Vietnamese locale and Qt's own Vietnamese strings (dialog buttons)."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv[:1])
    QCoreApplication.setOrganizationName("KhuyenCong")
    QCoreApplication.setApplicationName("KhuyenCong")
    QLocale.setDefault(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
    translator = QTranslator(app)
    if translator.load(QLocale(), "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(translator)
    # Qt ships no Vietnamese of its own: the dialog buttons (Có, Không, Hủy) and the edit menus come from ours.
    own = QTranslator(app)
    if own.load(str(RESOURCES_DIR / "i18n" / "qt_vi.qm")):
        app.installTranslator(own)
    app.setStyle("Fusion")
    app.setWindowIcon(QIcon(str(RESOURCES_DIR / "icons" / "khuyencong.png")))
    return app


def open_context(database: Database) -> AppContext:
    """Runner, settings and reference lists for ``database`` (read once, before the window shows)."""
    runner = TaskRunner(database, lambda: context.actor)
    with database.session() as session:
        settings, reference = load_reference(session)
    context = AppContext(runner, settings, reference)
    return context


def settle(ctx: AppContext, timeout_ms: int = 30_000) -> None:
    """Let queued work finish and its results arrive (for screenshots and tests)."""
    # A delivered result may queue more work (a page, then its count), hence the loop.
    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        ctx.runner.wait()
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        if not ctx.runner.pending() or time.monotonic() > deadline:
            break


def run(db_path: Path, screenshot: Path | None = None, page: str | None = None) -> int:
    """Open the main window on ``db_path``; with ``screenshot``, render it to a PNG and exit.

    The window is the file's only writer while it is open (``sole_writer``): a second window, or a
    command that writes, is told the file is in use instead of writing beside it."""
    from desktop.store import sole_writer

    app = make_application()
    try:
        sole_writer.take(db_path, "cửa sổ Khuyến công")
    except sole_writer.InUse as error:
        if screenshot is not None:
            print(f"Lỗi: {error}", file=sys.stderr)
        else:
            QMessageBox.warning(None, "Khuyến công", str(error))
        return 1
    try:
        return _run(app, db_path, screenshot, page)
    except Exception as error:
        if screenshot is not None:
            raise
        # Whatever stops the start (a disk filled to the last byte cannot even open the file's journal),
        # the user started a window: it is told in one, not on a console nobody sees.
        log.exception("Không khởi động được")
        said = str(error) if isinstance(error, ValueError) else explain(error).message
        QMessageBox.critical(None, "Khuyến công", " ".join(filter(None, [said, storage.room_note(db_path)])))
        return 1
    finally:
        sole_writer.release(db_path)


def _run(app: QApplication, db_path: Path, screenshot: Path | None, page: str | None) -> int:
    if screenshot is None:
        log_path = log_to_file(db_path.parent / "logs")
        log.info("Khởi động với %s (nhật ký: %s)", db_path, log_path)
        tasks.Support.log_path = log_path
    if screenshot is not None:  # drawn for documentation or a script: nobody to answer a dialog
        try:
            storage.sound(db_path)  # the check the window runs behind it, told on the console instead
            database = storage.open_database(db_path)
        except Exception as error:
            print(f"Lỗi: {str(error) if isinstance(error, ValueError) else explain(error).message}", file=sys.stderr)
            return 1
    else:
        opened = _open_or_explain(db_path)
        if opened is None:
            return 1
        database = opened
    ctx = open_context(database)
    if not ctx.settings.complete and screenshot is None:
        _collect_garbage_again()
        from desktop.ui.settings_page import FirstRunDialog

        # The dialog saves into the file: a file brought from elsewhere is read whole first (as behind the
        # window on every start), so nothing is written beside damage.
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            damage = checks.unsound(db_path)
        finally:
            QApplication.restoreOverrideCursor()
        if damage is not None:
            log.error("Tệp dữ liệu bị hỏng: %s", damage)
            ctx.runner.shutdown()
            database.close()
            if _offer_restore(None, db_path, damage):
                QMessageBox.information(
                    None,
                    "Khuyến công",
                    QCoreApplication.translate("app", "Đã khôi phục. Hãy mở lại phần mềm để làm việc tiếp."),
                )
            return 1

        if FirstRunDialog(ctx).exec() != FirstRunDialog.DialogCode.Accepted:
            ctx.runner.shutdown()
            database.close()
            return 0
    tasks.Support.describe = lambda: describe(database)
    window = MainWindow(ctx, page)
    if screenshot is not None:
        window.resize(1366, 768)
    window.show()
    _collect_garbage_again()
    if screenshot is not None:
        told = _answer_no_one(app)
        settle(ctx)
        if told:  # a page could not be drawn: no picture of a window showing an error
            window.close()
            database.close()
            return 1
        window.grab().save(str(screenshot))
        window.close()
        database.close()
        _leave_quickly()
        return 0
    _check_pages(window, ctx, database)
    _daily_backup(ctx, db_path)
    from desktop.support import installation

    installation.record_version()
    window.check_updates_quietly()
    code = app.exec()
    database.close()
    _leave_quickly()
    return code


def _answer_no_one(app: QApplication) -> list[str]:
    """With nobody to answer (a screenshot): every message box a page opens is printed and closed at once,
    instead of waiting for ever; returns what was said."""
    from PySide6.QtCore import QTimer

    told: list[str] = []

    def close_boxes() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            told.append(" ".join(filter(None, [box.text(), box.informativeText()])))
            print(f"Lỗi: {told[-1]}", file=sys.stderr)
            box.done(0)

    timer = QTimer(app)
    timer.timeout.connect(close_boxes)
    timer.start(50)
    return told


def _open_or_explain(db_path: Path) -> Database | None:
    """The database, or (when it cannot be opened) None after telling the user why in Vietnamese, never a
    traceback; a damaged file can be replaced by its newest checked backup from here."""
    try:
        return storage.open_database(db_path)
    except Exception as error:
        log.exception("Không mở được dữ liệu")
        failure: Exception = error
    tr = QCoreApplication.translate
    if isinstance(failure, storage.Unusable) and failure.damage is not None:
        if not _offer_restore(None, db_path, failure.damage):
            return None
        try:
            return storage.open_database(db_path)
        except Exception as error:
            log.exception("Không mở được dữ liệu đã khôi phục")
            failure = error
    box = QMessageBox(
        QMessageBox.Icon.Critical, "Khuyến công", tr("app", "Không mở được tệp dữ liệu %1.").replace("%1", str(db_path))
    )
    box.setInformativeText(str(failure) if isinstance(failure, ValueError) else explain(failure).message)
    box.exec()
    return None


def _offer_restore(parent: QWidget | None, db_path: Path, damage: str, heading: str = "") -> bool:
    """Tell the user the file is damaged (``damage``: what) and offer its newest checked backup; True when
    that backup was put in place (the damaged file is kept aside). No connection may be open on the file."""
    from desktop.store import backups, restoring

    tr = QCoreApplication.translate
    heading = heading or tr("app", "Không mở được tệp dữ liệu %1.").replace("%1", str(db_path))
    box = QMessageBox(QMessageBox.Icon.Critical, "Khuyến công", heading, parent=parent)
    newest = next((b for b in backups.listed(db_path) if b.verified), None)
    restore = None
    text = tr("app", "Tệp bị hỏng: %1. Phần mềm không ghi gì vào tệp này.").replace("%1", damage)
    if newest is None:
        text += " " + tr("app", "Không có bản sao lưu nào để khôi phục: hãy giữ nguyên tệp và liên hệ hỗ trợ kỹ thuật.")
    else:
        text += " " + tr(
            "app",
            "Có thể khôi phục bản sao lưu tốt gần nhất, lúc %1: những gì nhập sau lúc đó cần nhập lại, hoặc"
            " nhận lại từ máy chủ khi đồng bộ. Tệp hỏng vẫn được giữ lại riêng.",
        ).replace("%1", f"{newest.made_at:%d/%m/%Y %H:%M}")
        restore = box.addButton(tr("app", "Khôi phục bản sao lưu"), QMessageBox.ButtonRole.AcceptRole)
    box.setInformativeText(text)
    box.addButton(tr("app", "Thoát"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    if newest is None or restore is None or box.clickedButton() is not restore:
        return False
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        restoring.restore(newest.path, db_path)
    except Exception as error:
        log.exception("Không khôi phục được")
        QApplication.restoreOverrideCursor()
        said = str(error) if isinstance(error, ValueError) else explain(error).message
        QMessageBox.critical(parent, "Khuyến công", said)
        return False
    QApplication.restoreOverrideCursor()
    return True


def _check_pages(window: MainWindow, ctx: AppContext, database: Database) -> None:
    """Read every page of the file once, behind the window (a second for a province's file): damage deep
    in the file, which opening it does not read, stops the app before more is written beside it, with the
    newest checked backup offered in its place."""

    def checked(damage: str | None) -> None:
        if damage is None:
            return
        log.error("Tệp dữ liệu bị hỏng: %s", damage)
        ctx.runner.shutdown()
        database.close()
        heading = QCoreApplication.translate("app", "Tệp dữ liệu %1 bị hỏng ở giữa tệp: phần mềm sẽ đóng lại.")
        if _offer_restore(window, database.path, damage, heading.replace("%1", str(database.path))):
            QMessageBox.information(
                window,
                "Khuyến công",
                QCoreApplication.translate("app", "Đã khôi phục. Phần mềm sẽ đóng lại; hãy mở lại để làm việc tiếp."),
            )
        QApplication.quit()

    ctx.runner.copy(lambda: checks.unsound(database.path), checked)


def _daily_backup(ctx: AppContext, db_path: Path) -> None:
    """Once a day while the app runs: a copy of the database in backups/, made behind the queued writes."""
    from PySide6.QtCore import QTimer

    from desktop.store import backups

    def due() -> None:
        if backups.daily_due(db_path):
            ctx.runner.copy(lambda: backups.make(db_path, backups.DAILY), lambda _made: None)

    due()
    timer = QTimer(ctx.runner)
    timer.timeout.connect(due)
    timer.start(60 * 60 * 1000)  # checked hourly: a PC left on for days still gets its daily copy


def _collect_garbage_again() -> None:
    """Start-up is over (the command line switched the cycle collector off for it): what exists now lives
    as long as the program, so it is frozen out of the collector's sweeps, which then resume."""
    gc.freeze()
    gc.enable()


def _leave_quickly() -> None:
    """Everything is saved and closed: let the interpreter exit without sweeping every object for cycles.

    Tearing down SQLAlchemy's and the models' objects one by one took longer than drawing the window;
    the memory goes back to the system anyway.
    """
    gc.freeze()


__all__ = ["make_application", "open_context", "run", "settle"]
