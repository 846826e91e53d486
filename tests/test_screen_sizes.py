"""The app on a small laptop: every page fits a 1024×700 screen (what does not fit scrolls), and a dialog
sized for an office monitor opens no larger than the screen, its buttons in reach."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from desktop.pages import PAGES
from desktop.ui.context import AppContext
from desktop.ui.list_page import ListPage
from desktop.ui.main_window import MainWindow
from desktop.ui.other_lists import TrainingPage
from desktop.ui.screen_fit import FRAME_HEIGHT, FRAME_WIDTH, fit
from tests.qt_fixtures import wait_idle

pytestmark = pytest.mark.usefixtures("qapp")


@pytest.mark.parametrize(("width", "height"), [(1366, 768), (1024, 700)])
def test_every_page_fits_a_small_laptop_screen(qtbot: QtBot, demo_ctx: AppContext, width: int, height: int) -> None:
    window = MainWindow(demo_ctx, "tong-quan")
    qtbot.addWidget(window)
    window.resize(width, height)
    window.show()
    for name in PAGES:
        window.go_to(name)
        wait_idle(qtbot, demo_ctx)
        needed = window.minimumSizeHint()
        assert needed.width() <= width and needed.height() <= height, (name, needed)
        assert (window.width(), window.height()) == (width, height), name  # the page did not push it larger
    window.close()


def test_a_dialog_opens_no_larger_than_the_screen(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: QRect(0, 0, 1024, 700))
    fit(dialog, 1180, 720)
    assert (dialog.width(), dialog.height()) == (1024 - FRAME_WIDTH, 700 - FRAME_HEIGHT)
    fit(dialog, 600, 400)  # smaller than the screen: as asked
    assert (dialog.width(), dialog.height()) == (600, 400)


def test_every_dialog_and_workspace_opens_within_a_small_laptop_screen(
    qtbot: QtBot, demo_ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The add-a-facility dialog (with its panel of what the facility may receive) and the workspaces of a
    proposal, a course and a voting round, opened from their pages as staff open them."""
    from PySide6.QtWidgets import QApplication, QWidget

    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: QRect(0, 0, 1024, 700))
    room = (1024 - FRAME_WIDTH, 700 - FRAME_HEIGHT)
    window = MainWindow(demo_ctx, "co-so")
    qtbot.addWidget(window)
    window.resize(1024, 700)
    window.show()
    opened: list[str] = []
    for page_name in ("co-so", "de-an", "dao-tao", "binh-chon"):
        window.go_to(page_name)
        wait_idle(qtbot, demo_ctx)
        page = window.page(page_name)
        if isinstance(page, TrainingPage):
            page = page.courses
        assert isinstance(page, ListPage)
        before = set(QApplication.topLevelWidgets())
        if page.workspace_type() is not None:
            page.table.selectRow(0)
            page.open_record(page.selected_id())
        else:
            page.open_record(None)

        def new_windows(earlier: set[QWidget] = before) -> list[QWidget]:
            return [w for w in set(QApplication.topLevelWidgets()) - earlier if w.isVisible()]

        qtbot.waitUntil(lambda: bool(new_windows()))
        wait_idle(qtbot, demo_ctx)
        (dialog,) = new_windows()
        opened.append(type(dialog).__name__)
        needed = dialog.minimumSizeHint()
        assert dialog.width() <= room[0] and dialog.height() <= room[1], (page_name, dialog.size())
        assert needed.width() <= room[0] and needed.height() <= room[1], (page_name, needed)
        dialog.close()
    assert opened == ["FacilityDialog", "ProposalWorkspace", "CourseWorkspace", "VotingWorkspace"]
    window.close()
