"""Screens that show what a write changed, wherever it was made: the overview, the title bar, the backups
of Cài đặt, the province caps editor; and the settings that refuse a change the file's records forbid."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.core.validation import FieldError
from desktop.models import Facility
from desktop.services import settings
from desktop.store.db import Database
from desktop.ui.context import AppContext
from desktop.ui.main_window import MainWindow
from tests.conftest import commune, make_facility
from tests.qt_fixtures import settled

pytestmark = pytest.mark.usefixtures("qapp")


def _window(qtbot: QtBot, ctx: AppContext, page: str) -> MainWindow:
    window = MainWindow(ctx, page)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    settled(qtbot, ctx)
    return window


def test_the_overview_shows_a_deletion_made_on_another_page(
    qtbot: QtBot, demo_ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tổng quan counted 700 facilities still after one was deleted on Cơ sở CNNT, until the app restarted."""
    window = _window(qtbot, demo_ctx, "tong-quan")
    assert window.dashboard.values["facilities"].text() == "700"
    window.go_to("co-so")
    settled(qtbot, demo_ctx)
    page = window.facilities
    page.table.selectRow(0)
    page.table.setFocus()
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)  # type: ignore[no-untyped-call]
    settled(qtbot, demo_ctx)
    window.go_to("tong-quan")
    settled(qtbot, demo_ctx)
    assert window.dashboard.values["facilities"].text() == "699"
    window.close()


def test_a_centre_renamed_in_settings_is_named_in_the_title_bar(qtbot: QtBot, ctx: AppContext) -> None:
    window = _window(qtbot, ctx, "cai-dat")
    assert window.windowTitle() == "Khuyến công — Trung tâm Khuyến công Đà Nẵng"
    page = window.page("cai-dat")
    name = page.form.centre_name  # type: ignore[attr-defined]
    name.setFocus()
    name.selectAll()
    # QTest types ASCII only (a person's Vietnamese comes through the input method)
    qtbot.keyClicks(name, "TT Khuyen cong va Tu van Da Nang")  # type: ignore[no-untyped-call]
    qtbot.mouseClick(page.save, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined,no-untyped-call]
    settled(qtbot, ctx)
    assert window.windowTitle() == "Khuyến công — TT Khuyen cong va Tu van Da Nang"
    window.close()


def test_a_backup_made_by_an_import_is_listed_when_settings_are_shown_again(qtbot: QtBot, ctx: AppContext) -> None:
    from desktop.store import backups

    window = _window(qtbot, ctx, "cai-dat")
    page = window.page("cai-dat")
    assert page.backups.rowCount() == 0  # type: ignore[attr-defined]
    window.go_to("co-so")
    backups.make(ctx.runner.database.path, backups.BEFORE_IMPORT)  # as an Excel import does before it writes
    window.go_to("cai-dat")
    assert page.backups.rowCount() == 1  # type: ignore[attr-defined]
    assert page.restore_button.isEnabled()  # type: ignore[attr-defined]
    window.close()


def test_a_file_with_a_provinces_records_keeps_its_province(database: Database) -> None:
    """Changing 48 to 66 on a file full of Đà Nẵng's records was accepted without a word: new records went to
    another province beside them, and lists, reports and sync read one."""
    centre = settings.CentreSettings("48", "Trung tâm Khuyến công Đà Nẵng", user_name="lan")
    with database.transaction() as session:
        settings.save(session, settings.CentreSettings("66", "Trung tâm Khuyến công Đắk Lắk"))  # nothing yet
        settings.save(session, centre)  # a first day's mistake, put right
        make_facility(session, commune(session, "48", "xa"), name="Cơ sở A")
    with database.transaction() as session, pytest.raises(FieldError) as refused:
        settings.save(session, settings.CentreSettings("66", "Trung tâm Khuyến công Đắk Lắk", user_name="lan"))
    assert refused.value.field == "province_code"
    assert "đã có hồ sơ của Thành phố Đà Nẵng (1 Cơ sở CNNT)" in str(refused.value)
    assert "không đổi tỉnh được" in str(refused.value)
    with database.session() as session:
        assert settings.load(session).province_code == "48"
        assert session.scalar(select(Facility.province_code)) == "48"


def test_one_caps_editor_at_a_time(qtbot: QtBot, ctx: AppContext) -> None:
    from desktop.ui.caps_editor import CapsBox, CapsEditor

    box = CapsBox(ctx)
    qtbot.addWidget(box)
    box.show()
    qtbot.mouseClick(box.button, Qt.MouseButton.LeftButton)  # type: ignore[no-untyped-call]
    qtbot.waitUntil(lambda: box.editor is not None and box.editor.isVisible(), timeout=5000)
    first = box.editor
    qtbot.mouseClick(box.button, Qt.MouseButton.LeftButton)  # type: ignore[no-untyped-call]
    assert box.editor is first  # brought forward, not a second one
    assert first is not None
    first.close()
    qtbot.mouseClick(box.button, Qt.MouseButton.LeftButton)  # type: ignore[no-untyped-call]
    settled(qtbot, ctx)
    assert box.editor is first and first.isVisible()  # the same one shown again, its caps read again
    assert [w for w in QApplication.topLevelWidgets() if isinstance(w, CapsEditor)] == [first]
    first.close()


def test_a_closed_workspace_is_let_go_when_the_next_one_opens(qtbot: QtBot, demo_ctx: AppContext) -> None:
    from desktop.ui.workspace_dialog import WorkspaceDialog

    window = _window(qtbot, demo_ctx, "de-an")
    page = window.proposals
    for row in (0, 1, 2):
        page.open_workspace(page.model.row_id(row))
        settled(qtbot, demo_ctx)
        (shown,) = [w for w in page.findChildren(WorkspaceDialog) if w.isVisible()]
        shown.reject()
        settled(qtbot, demo_ctx)
    QApplication.sendPostedEvents(None, 0)  # the deletions, as the event loop runs them
    assert len(page.findChildren(WorkspaceDialog)) == 1  # only the last one closed; none piled up
    window.close()
