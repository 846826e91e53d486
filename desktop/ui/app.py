"""Starting the desktop app: Qt application, translations, log file, database, first run, main window."""

from __future__ import annotations

import gc
import logging
import logging.handlers
import sys
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.db import Database
from desktop.paths import RESOURCES_DIR
from desktop.services import storage
from desktop.services.errors import explain
from desktop.ui import tasks
from desktop.ui.context import AppContext, load_reference
from desktop.ui.main_window import MainWindow
from desktop.ui.tasks import TaskRunner

log = logging.getLogger("desktop")


def _log_to_file(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "khuyencong.log"
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.getLogger().addHandler(handler)
    logging.getLogger().setLevel(logging.INFO)
    return path


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
    """Open the main window on ``db_path``; with ``screenshot``, render it to a PNG and exit."""
    app = make_application()
    if screenshot is None:
        log_path = _log_to_file(db_path.parent / "logs")
        log.info("Khởi động với %s (nhật ký: %s)", db_path, log_path)
        tasks.Support.log_path = log_path
    try:
        database = storage.open_database(db_path)
    except Exception as error:  # the user must read why the data could not be opened, never a traceback
        log.exception("Không mở được dữ liệu")
        QMessageBox.critical(
            None,
            "Khuyến công",
            f"Không mở được tệp dữ liệu {db_path}:\n{explain(error).message}"
            if not isinstance(error, storage.NewerDatabaseError)
            else str(error),
        )
        return 1
    ctx = open_context(database)
    if not ctx.settings.configured and screenshot is None:
        _collect_garbage_again()
        from desktop.ui.settings_page import FirstRunDialog

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
        settle(ctx)
        window.grab().save(str(screenshot))
        window.close()
        database.close()
        _leave_quickly()
        return 0
    _daily_backup(ctx, db_path)
    from desktop.services import installation

    installation.record_version()
    window.check_updates_quietly()
    code = app.exec()
    database.close()
    _leave_quickly()
    return code


def describe(database: Database) -> str:
    """The support report of this installation, with the Qt version the app runs on."""
    from PySide6 import __version__ as pyside

    from desktop.services import diagnostics

    return diagnostics.report(database, tasks.Support.log_path, [("Qt", f"PySide6 {pyside}")])


def _daily_backup(ctx: AppContext, db_path: Path) -> None:
    """Once a day while the app runs: a copy of the database in backups/, made behind the queued writes."""
    from PySide6.QtCore import QTimer

    from desktop.services import backups

    def due() -> None:
        if backups.daily_due(db_path):
            ctx.runner.background(lambda: backups.make(db_path, backups.DAILY), lambda _made: None)

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
