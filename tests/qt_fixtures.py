"""Fixtures of the Qt tests: an app context on a fresh database or on a small demo database."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.services import settings
from desktop.store.db import Database
from desktop.ui import tasks
from desktop.ui.app import make_application, open_context
from desktop.ui.context import AppContext


@pytest.fixture(scope="session")
def demo_file(demo_file_named: Callable[[str], Path]) -> Path:
    return demo_file_named("screens")


@pytest.fixture
def errors(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Error messages the app would have shown in a dialog."""
    shown: list[str] = []

    def record(_parent: object, error: BaseException) -> None:
        shown.append(str(error))

    monkeypatch.setattr(tasks, "show_error", record)
    monkeypatch.setattr("desktop.ui.editing.show_error", record)
    return shown


@pytest.fixture
def ctx(db_path: Path, errors: list[str]) -> Iterator[AppContext]:
    make_application()
    database = Database(db_path)
    with database.transaction() as session:
        settings.save(session, settings.CentreSettings("48", "Trung tâm Khuyến công Đà Nẵng", user_name="can-bo"))
    context = open_context(database)
    yield context
    context.runner.shutdown()
    assert context.runner.pending() == 0 or context.runner.wait(0)
    database.close()


@pytest.fixture
def demo_ctx(demo_file: Path, tmp_path: Path, errors: list[str]) -> Iterator[AppContext]:
    path = tmp_path / "demo.sqlite3"
    shutil.copyfile(demo_file, path)
    make_application()
    database = Database(path)
    context = open_context(database)
    yield context
    context.runner.shutdown()
    database.close()


def wait_idle(qtbot: QtBot, context: AppContext) -> None:
    qtbot.waitUntil(lambda: context.runner.pending() == 0, timeout=10_000)


def settled(qtbot: QtBot, context: AppContext) -> None:
    """The queued work done, its results shown, and the reload a write causes done too."""
    from PySide6.QtWidgets import QApplication

    wait_idle(qtbot, context)
    QApplication.processEvents()
    wait_idle(qtbot, context)


@pytest.fixture
def discard_on_close(monkeypatch: pytest.MonkeyPatch) -> None:
    """A form or workspace left with unsaved edits asks before it closes: at the end of a test, Discard."""
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Discard)
