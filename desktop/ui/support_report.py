"""The support report a user copies from the Help menu or an error box: the installation as the core
describes it, with the Qt version the window runs on."""

from __future__ import annotations

from desktop.store.db import Database
from desktop.ui import tasks


def describe(database: Database) -> str:
    from PySide6 import __version__ as pyside

    from desktop.support import diagnostics

    return diagnostics.report(database, tasks.Support.log_path, [("Qt", f"PySide6 {pyside}")])
