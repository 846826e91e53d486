"""The desktop screens under pytest-qt (offscreen): main paths, item models under Qt's model tester, guards.

Qt warnings fail a test (pytest setting qt_log_level_fail); every test ends with no task left running.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import Facility
from desktop.pages import PAGES
from desktop.services.listing import FACILITIES
from desktop.ui.app import run, settle
from desktop.ui.context import AppContext
from desktop.ui.main_window import MainWindow
from desktop.ui.paged_model import PagedTableModel
from desktop.ui.record_form import RecordDialog
from tests.qt_fixtures import wait_idle

pytestmark = pytest.mark.usefixtures("qapp")


def test_facility_model_passes_the_model_tester(qtmodeltester: object, qtbot: QtBot, demo_ctx: AppContext) -> None:
    model = PagedTableModel(demo_ctx.runner, FACILITIES, [str(c.key) for c in FACILITIES.columns])
    model.refresh()
    wait_idle(qtbot, demo_ctx)
    assert model.rowCount() == PagedTableModel.PAGE
    qtmodeltester.check(model, force_py=True)  # type: ignore[attr-defined]
    wait_idle(qtbot, demo_ctx)  # the tester itself asked for a page
    while model.canFetchMore():
        model.fetchMore()
        wait_idle(qtbot, demo_ctx)
    assert model.rowCount() == model.total == 700
    assert model.data(model.index(0, 0))
    assert model.headerData(0, Qt.Orientation.Horizontal) == "name"


def test_search_as_you_type_ignores_accents(qtbot: QtBot, demo_ctx: AppContext) -> None:
    window = MainWindow(demo_ctx)
    qtbot.addWidget(window)
    window.go_to("co-so")
    page = window.facilities
    wait_idle(qtbot, demo_ctx)
    assert page.count.text() == "700 bản ghi"
    with demo_ctx.runner.database.session() as session:
        target = session.scalars(select(Facility).order_by(Facility.name)).first()
        assert target is not None
        accented = target.name
    plain = accented.lower().replace("đ", "d")
    import unicodedata

    plain = "".join(c for c in unicodedata.normalize("NFD", plain) if unicodedata.category(c) != "Mn")
    qtbot.keyClicks(page.search, plain)  # type: ignore[no-untyped-call]
    qtbot.waitUntil(lambda: page.model.query.search == plain, timeout=3000)
    wait_idle(qtbot, demo_ctx)
    shown = [page.model.data(page.model.index(r, 0)) for r in range(page.model.rowCount())]
    assert accented in shown
    window.close()


def _new_facility_dialog(qtbot: QtBot, window: MainWindow) -> RecordDialog:
    window.go_to("co-so")
    window.facilities.open_record(None)
    dialog = window.findChild(RecordDialog, "edit_facility")
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def test_edit_form_validates_as_you_type_then_saves_and_undo_removes(qtbot: QtBot, ctx: AppContext) -> None:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    dialog = _new_facility_dialog(qtbot, window)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.keyClicks(dialog.widget("phone"), "12")  # type: ignore[no-untyped-call]
    phone_error = dialog._errors["phone"]
    assert phone_error.isVisible()
    assert "điện thoại" in phone_error.text().lower()
    dialog.widget("phone").clear()
    qtbot.keyClicks(dialog.widget("phone"), "0905 123 456")  # type: ignore[no-untyped-call]
    assert not phone_error.isVisible()
    dialog.widget("commune_code").set_code(ctx.reference.communes["48"][0][0])
    dialog.submit()  # name is still empty: refused, nothing written
    assert dialog._errors["name"].isVisible()
    assert dialog.isVisible()
    dialog.widget("name").setText("Cơ sở gốm Non Nước")  # QTest types ASCII only
    assert save.isEnabled()
    dialog.submit()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    wait_idle(qtbot, ctx)
    page = window.facilities
    wait_idle(qtbot, ctx)
    assert [page.model.data(page.model.index(r, 0)) for r in range(page.model.rowCount())] == ["Cơ sở gốm Non Nước"]
    window.undo_last()
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: page.model.rowCount() == 0, timeout=5000)
    assert "Đã hoàn tác" in window.statusBar().currentMessage()
    window.close()


def test_cancel_with_changes_asks_first(qtbot: QtBot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch) -> None:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    dialog = _new_facility_dialog(qtbot, window)
    dialog.widget("name").setText("Chưa lưu")
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Cancel)
    dialog.reject()
    assert dialog.isVisible()
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Discard)
    dialog.reject()
    assert not dialog.isVisible()
    window.close()


def test_delete_asks_then_restore_brings_back(
    qtbot: QtBot, demo_ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = MainWindow(demo_ctx)
    qtbot.addWidget(window)
    window.go_to("co-so")
    page = window.facilities
    wait_idle(qtbot, demo_ctx)
    page.table.selectRow(0)
    first = page.selected_id()
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.No)
    page.delete_selected()
    wait_idle(qtbot, demo_ctx)
    assert page.model.row_id(0) == first
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    page.delete_selected()
    wait_idle(qtbot, demo_ctx)
    qtbot.waitUntil(lambda: page.count.text() == "699 bản ghi", timeout=5000)
    assert page.model.row_id(0) != first
    page.show_deleted.setChecked(True)
    wait_idle(qtbot, demo_ctx)
    assert page.model.rowCount() == 1
    assert not page.restore_button.isHidden()
    page.table.selectRow(0)
    page.restore_selected()
    wait_idle(qtbot, demo_ctx)
    qtbot.waitUntil(lambda: page.model.rowCount() == 0, timeout=5000)
    window.close()


def test_start_reads_only_the_page_shown(
    qtbot: QtBot, demo_ctx: AppContext, errors: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Start-up queries the list on screen (its first page and its count) and the sync state of the status
    bar, nothing else; the other pages are built, and query, when first opened."""
    reads: list[object] = []
    read = demo_ctx.runner.read

    def counted(work: Any, *rest: Any) -> None:
        reads.append(work)
        read(work, *rest)

    monkeypatch.setattr(demo_ctx.runner, "read", counted)
    window = MainWindow(demo_ctx, "co-so")
    qtbot.addWidget(window)
    window.show()
    wait_idle(qtbot, demo_ctx)
    assert len(reads) == 3
    assert window.facilities.model.total == 700
    window.go_to("de-an")
    wait_idle(qtbot, demo_ctx)
    assert len(reads) == 5
    assert window.proposals.model.total == 120
    assert errors == []
    window.close()


def test_every_page_opens_with_its_data(qtbot: QtBot, demo_ctx: AppContext, errors: list[str]) -> None:
    window = MainWindow(demo_ctx)
    qtbot.addWidget(window)
    window.show()
    for name in PAGES:
        window.go_to(name)
        wait_idle(qtbot, demo_ctx)
    assert window.proposals.model.total == 120
    assert window.voting.model.rowCount() > 0
    assert window.training.courses.model.rowCount() > 0
    assert window.dashboard.values["facilities"].text() == "700"
    assert window.dashboard.provinces.isHidden()  # one province: no national table
    assert errors == []
    window.close()


def test_a_rule_error_is_explained_not_raised(qtbot: QtBot, ctx: AppContext, errors: list[str]) -> None:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.undo_last()  # nothing to undo yet: said in the status bar, where what was undone is said
    wait_idle(qtbot, ctx)
    assert window.statusBar().currentMessage() == "Không còn thao tác nào để hoàn tác"
    assert errors == []
    window.close()


def test_long_work_shows_progress_and_cancel_rolls_back(qtbot: QtBot, ctx: AppContext, errors: list[str]) -> None:
    from PySide6.QtWidgets import QProgressDialog, QPushButton

    from desktop.core.progress import ProgressState

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    state = ProgressState()
    release = threading.Event()

    def work(session: Session) -> None:
        session.add(
            Facility(
                name="Không được lưu",
                legal_form="ho_kinh_doanh",
                sector="cong_nghiep_xay_dung",
                commune_code=ctx.reference.communes["48"][0][0],
                province_code="48",
            )
        )
        session.flush()
        for done in range(1000):
            state("Đang nhập", done, 1000)
            release.wait(0.01)

    finished: list[object] = []
    ctx.runner.write("Nhập thử", work, finished.append, parent=window, progress=state)
    qtbot.waitUntil(lambda: window.findChild(QProgressDialog) is not None, timeout=5000)
    dialog = window.findChild(QProgressDialog)
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.maximum() == 1000, timeout=5000)
    cancel = dialog.findChild(QPushButton)
    assert cancel is not None
    assert cancel.text() == "Hủy"
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)  # type: ignore[no-untyped-call]
    wait_idle(qtbot, ctx)
    assert finished == []
    assert errors == [""]  # Cancelled reaches the error path, which shows nothing for it
    with ctx.runner.database.session() as session:
        assert session.scalar(select(Facility).where(Facility.name == "Không được lưu")) is None
    window.close()


def test_screenshot_command_renders_the_window(demo_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "shot.png"
    assert run(demo_file, out, "tong-quan") == 0
    from PySide6.QtGui import QImage

    image = QImage(str(out))
    assert (image.width(), image.height()) == (1366, 768)
    assert QApplication.instance() is not None


def test_settle_returns_when_idle(ctx: AppContext) -> None:
    settle(ctx, 1000)
    assert ctx.runner.pending() == 0


def test_qt_binding_keeps_none_alive(qapp: QApplication) -> None:
    """PySide6 6.12.0 on Python 3.11 drops a reference to None on every call of a method returning nothing;
    after a few thousand calls the interpreter aborts ("deallocating None"). The pinned version must not."""
    import sys

    from PySide6.QtWidgets import QLabel

    label = QLabel()
    before = sys.getrefcount(None)
    for _ in range(1000):
        label.setText("Đà Nẵng")
    assert sys.getrefcount(None) - before > -50
