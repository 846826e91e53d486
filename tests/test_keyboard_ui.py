"""The lists by keyboard, as staff who type all day use them: Tab through the filters and out of the table,
Down from the search box to the results, every key shown in the menu, Ctrl+Z and Ctrl+Y, and the record
just saved or added selected when the list is read again."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.models import Facility
from desktop.ui.context import AppContext
from desktop.ui.main_window import MainWindow
from desktop.ui.record_form import RecordDialog
from tests.conftest import commune, make_facility
from tests.qt_fixtures import wait_idle

pytestmark = pytest.mark.usefixtures("qapp")
CTRL = Qt.KeyboardModifier.ControlModifier


def _key(
    qtbot: QtBot, widget: QWidget, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    qtbot.keyClick(widget, key, modifier)  # type: ignore[no-untyped-call]


def _window(qtbot: QtBot, ctx: AppContext, facilities: int) -> MainWindow:
    with ctx.runner.database.transaction("can-bo") as session:
        place = commune(session, "48", "xa")
        for n in range(facilities):
            make_facility(session, place, name=f"Cơ sở số {n:02d}")
    window = MainWindow(ctx, "co-so")
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()  # the menu's keys act in the active window, as on a desktop
    qtbot.waitActive(window)
    wait_idle(qtbot, ctx)
    return window


def _names(window: MainWindow) -> list[str]:
    page = window.facilities
    return [str(page.model.data(page.model.index(r, 0))) for r in range(page.model.rowCount())]


def test_tab_goes_through_the_filters_and_out_of_the_table_and_down_reaches_the_results(
    qtbot: QtBot, ctx: AppContext
) -> None:
    window = _window(qtbot, ctx, 3)
    page = window.facilities
    _key(qtbot, window, Qt.Key.Key_F, CTRL)
    assert page.search.hasFocus()
    _key(qtbot, page.search, Qt.Key.Key_Tab)
    first_filter = next(iter(page.filters.values()))
    focused = QApplication.focusWidget()
    assert focused is not None and (focused is first_filter or first_filter.isAncestorOf(focused))
    seen: list[QWidget] = []
    for _ in range(40):  # on through the filters and buttons to the table, then out of it
        focused = QApplication.focusWidget()
        assert focused is not None
        seen.append(focused)
        if focused is page.table:
            break
        _key(qtbot, focused, Qt.Key.Key_Tab)
    assert page.table in seen and seen.index(page.table) > len(page.filters)
    _key(qtbot, page.table, Qt.Key.Key_Tab)
    assert not page.table.hasFocus()  # Tab does not walk the table's cells
    page.search.setFocus()
    _key(qtbot, page.search, Qt.Key.Key_Down)
    assert page.table.hasFocus() and page.selected_id() is not None
    assert page.table.selectionModel().selectedRows()[0].row() == 0
    window.close()


def test_every_key_is_shown_in_the_menu(qtbot: QtBot, ctx: AppContext) -> None:
    window = _window(qtbot, ctx, 1)
    shown = {
        action.text().split("\t")[0]: action.shortcut().toString() or action.text().partition("\t")[2]
        for menu in window.menuBar().findChildren(type(window.menuBar().addMenu("")))
        for action in menu.actions()
        if action.text()
    }
    for text, keys in (
        ("Hoàn tác thao tác gần nhất", "Ctrl+Z"),
        ("Làm lại thao tác vừa hoàn tác", "Ctrl+Y"),
        ("Thêm mới", "Ctrl+N"),
        ("Mở bản ghi đang chọn", "Enter"),
        ("Xóa bản ghi đang chọn", "Delete"),
        ("Lịch sử thay đổi", "Ctrl+H"),
        ("Tìm kiếm", "Ctrl+F"),
        ("Xuất Excel", "Ctrl+E"),
        ("Đồng bộ ngay", "F5"),
    ):
        assert shown.get(text) == keys, (text, shown)
    _key(qtbot, window, Qt.Key.Key_N, CTRL)
    dialog = window.findChild(RecordDialog, "edit_facility")
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    dialog.reject()
    window.close()


def test_undo_then_redo_by_keyboard(qtbot: QtBot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    window = _window(qtbot, ctx, 3)
    page = window.facilities
    page.table.setFocus()
    page.table.selectRow(1)
    deleted = page.selected_title()
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)
    _key(qtbot, page.table, Qt.Key.Key_Delete)
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: len(_names(window)) == 2 and deleted not in _names(window), timeout=5000)
    _key(qtbot, page.table, Qt.Key.Key_Z, CTRL)
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: len(_names(window)) == 3, timeout=5000)
    _key(qtbot, page.table, Qt.Key.Key_Y, CTRL)
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: len(_names(window)) == 2, timeout=5000)
    assert window.statusBar().currentMessage() == f"Đã làm lại: Xóa cơ sở “{deleted}”"
    _key(qtbot, page.table, Qt.Key.Key_Y, CTRL)  # nothing more to redo: said, nothing changes
    wait_idle(qtbot, ctx)
    assert len(_names(window)) == 2
    _key(qtbot, page.table, Qt.Key.Key_Z, CTRL)  # the redone action can be undone again
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: len(_names(window)) == 3, timeout=5000)
    window.close()


def test_the_record_saved_stays_selected_and_one_added_is_shown_or_accounted_for(qtbot: QtBot, ctx: AppContext) -> None:
    window = _window(qtbot, ctx, 3)
    page = window.facilities
    page.table.selectRow(2)
    chosen = page.selected_id()
    with ctx.runner.database.session() as session:
        name = session.scalar(select(Facility.name).where(Facility.id == chosen))

    def rename(session: object) -> None:
        from sqlalchemy.orm import Session

        assert isinstance(session, Session)
        found = session.get(Facility, chosen)
        assert found is not None
        found.phone = "0905123456"

    ctx.runner.write("Sửa cơ sở", rename)
    wait_idle(qtbot, ctx)
    assert page.selected_id() == chosen and page.selected_title() == name

    _key(qtbot, window, Qt.Key.Key_N, CTRL)
    added = window.findChild(RecordDialog, "edit_facility")
    assert added is not None
    qtbot.waitUntil(added.isVisible)
    added.widget("commune_code").set_code(ctx.reference.communes["48"][0][0])
    qtbot.keyClicks(added.widget("name"), "Co so moi them")  # type: ignore[no-untyped-call]
    qtbot.mouseClick(  # type: ignore[no-untyped-call]
        added.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
    )
    qtbot.waitUntil(lambda: not added.isVisible(), timeout=5000)
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: page.selected_title() == "Co so moi them", timeout=5000)
    assert not page.notice.isVisible()

    window.activateWindow()  # back from the dialog (offscreen, no window manager gives it back by itself)
    qtbot.waitActive(window)
    qtbot.keyClicks(page.search, "so 0")  # type: ignore[no-untyped-call]
    qtbot.waitUntil(lambda: page.model.query.search == "so 0", timeout=3000)
    wait_idle(qtbot, ctx)
    _key(qtbot, window, Qt.Key.Key_N, CTRL)
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(RecordDialog)))
    [dialog] = [d for d in window.findChildren(RecordDialog) if d.isVisible()]
    dialog.widget("commune_code").set_code(ctx.reference.communes["48"][0][0])
    qtbot.keyClicks(dialog.widget("name"), "Xuong may Hoa Vang")  # type: ignore[no-untyped-call]
    dialog.submit()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(page.notice.isVisible, timeout=5000)
    assert page.notice.text() == "Đã lưu; bản ghi không hiện vì tìm kiếm hoặc bộ lọc đang dùng"
    window.close()


def test_deleting_by_keyboard_says_nothing_about_where_a_record_went_and_the_notice_never_widens_the_page(
    qtbot: QtBot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    window = _window(qtbot, ctx, 3)
    window.resize(1024, 700)
    page = window.facilities
    page.table.setFocus()
    page.table.selectRow(1)
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    _key(qtbot, page.table, Qt.Key.Key_Delete)
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: len(_names(window)) == 2, timeout=5000)
    wait_idle(qtbot, ctx)
    assert not page.notice.isVisible()  # "Đã lưu …" was said of the record just deleted
    width = page.count.geometry().right()
    page._not_shown(False)  # the longest thing the notice says, on the smallest screen staff use
    qtbot.waitUntil(page.notice.isVisible)
    assert page.count.geometry().right() == width and page.count.isVisible()
    assert page.notice.width() <= page.width() and window.width() == 1024
    window.close()
