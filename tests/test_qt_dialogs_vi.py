"""Qt's own dialogs in Vietnamese (issue 19, item 7): the file dialog Qt draws itself where the system offers
none (Linux), the print dialog with its options and printer properties (page setup), Qt's print preview and
the message box buttons, as the user sees them; and every text Qt asks for while they show is translated."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTimer, QTranslator
from PySide6.QtGui import QAction
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDialog,
    QFileDialog,
    QGroupBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desktop.paths import RESOURCES_DIR
from desktop.ui.app import make_application

pytestmark = pytest.mark.usefixtures("qapp")

ENGLISH = (
    "Look in",
    "File name",
    "Files of type",
    "Options >>",
    "Options <<",
    "Cancel",
    "Open",
    "Save",
    "Print",
    "Printer",
    "Properties",
    "Copies",
    "Print range",
    "Page size",
    "Orientation",
    "Margins",
    "Portrait",
    "Landscape",
    "Date Modified",
    "Size",
    "Show Details",
)
"""What the dialogs said before: none of it may be left on screen."""

UNTRANSLATED = {
    ("QFileDialog", "Alt+Left"),  # shortcuts: the keys are named the same in Vietnamese
    ("QFileDialog", "Alt+Right"),
    ("QFileDialog", "Alt+Up"),
    ("QPrintPreviewDialog", "%1%"),
    *(("QPrintDialog", pages) for pages in ("1 (1x1)", "2 (2x1)", "4 (2x2)", "6 (2x3)", "9 (3x3)", "16 (4x4)")),
    ("QPrintWidget", "..."),
    ("QPrintWidget", "Form"),  # the window titles of embedded widgets, never shown
    ("QPrintSettingsOutput", "Form"),
    ("QPrintPropertiesWidget", "Form"),
    ("QPageSetupWidget", "Form"),
    ("QPageSetupWidget", "mm"),  # units and the typographers' units named as they are everywhere
    ("QPageSetupWidget", "pt"),
    ("QPageSetupWidget", "in"),
    ("QPageSetupWidget", "Pica (P̸)"),
    ("QPageSetupWidget", "Didot (DD)"),
    ("QPageSetupWidget", "Cicero (CC)"),
}


IGNORED = ("QShortcut", "QAccessible", "QPageSize", "QImageWriter", "QMimeType")
"""Key names, what screen readers say, the paper sizes' own names (A4, Letter), the test's own screenshots, and
the kinds of files (the system's file types name nearly all of them in Vietnamese; which are asked for depends
on the files the folder holds)."""


class _Asked(QTranslator):
    """Every text Qt asks for that the app's own Vietnamese of Qt does not have."""

    def __init__(self) -> None:
        super().__init__()
        self.ours = QTranslator()
        assert self.ours.load(str(RESOURCES_DIR / "i18n" / "qt_vi.qm"))
        self.missing: set[tuple[str, str]] = set()

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str | None:
        found = self.ours.translate(context, source, disambiguation, n)
        if not found and not context.startswith(IGNORED):
            self.missing.add((context, source))
        return found or None  # None: not translated here, Qt asks the next translator (an empty text is a text)

    def isEmpty(self) -> bool:
        return False


@pytest.fixture
def asked() -> Iterator[_Asked]:
    make_application()  # the app's translators, as it starts
    recorder = _Asked()
    app = QCoreApplication.instance()
    assert app is not None
    app.installTranslator(recorder)
    yield recorder
    app.removeTranslator(recorder)


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def shown(dialog: QWidget) -> list[str]:
    """The texts the user sees in ``dialog``: labels, buttons, group and tab titles, list items, column
    headers, the tips of tool buttons and actions."""
    texts = [dialog.windowTitle()]
    for widget in [dialog, *dialog.findChildren(QWidget)]:
        if not widget.isVisible():
            continue
        if isinstance(widget, QLabel):
            texts.append(widget.text())
        elif isinstance(widget, QAbstractButton):
            texts += [widget.text(), widget.toolTip()]
        elif isinstance(widget, QGroupBox):
            texts.append(widget.title())
        elif isinstance(widget, QTabWidget):
            texts += [widget.tabText(i) for i in range(widget.count())]
        elif isinstance(widget, QComboBox):
            texts += [widget.itemText(i) for i in range(widget.count())]
        elif isinstance(widget, QHeaderView) and widget.model() is not None:
            model = widget.model()
            texts += [str(model.headerData(i, widget.orientation())) for i in range(widget.count())]
    for action in dialog.findChildren(QAction):
        texts += [action.text(), action.toolTip()]
    return [_plain(t) for t in texts if t]


def _no_english(texts: list[str]) -> None:
    left = [t for t in texts if any(t.startswith(word) for word in ENGLISH)]
    assert left == [], left


def _screenshot(dialog: QWidget, path: Path) -> None:
    image = dialog.grab()
    assert not image.isNull()
    image.save(str(path))


def _show(qtbot: QtBot, dialog: QWidget) -> None:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)


@pytest.mark.parametrize("mode", [QFileDialog.AcceptMode.AcceptOpen, QFileDialog.AcceptMode.AcceptSave])
def test_the_file_dialog_speaks_vietnamese(
    qtbot: QtBot, asked: _Asked, tmp_path: Path, mode: QFileDialog.AcceptMode
) -> None:
    (tmp_path / "Danh sách cơ sở.xlsx").write_bytes(b"")
    dialog = QFileDialog(None, "Chọn tệp Excel", str(tmp_path), "Tệp Excel (*.xlsx)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)  # as Qt draws it on Linux
    dialog.setAcceptMode(mode)
    dialog.setViewMode(QFileDialog.ViewMode.Detail)
    _show(qtbot, dialog)
    texts = shown(dialog)
    for expected in ("Tìm trong:", "Tên tệp:", "Kiểu tệp:", "Hủy", "Tên", "Kích thước", "Loại", "Ngày sửa"):
        assert expected in texts, (expected, texts)
    assert ("Mở" if mode is QFileDialog.AcceptMode.AcceptOpen else "Lưu") in texts
    assert {"Quay lại", "Tiến tới", "Thư mục cha", "Tạo thư mục mới", "Xem danh sách", "Xem chi tiết"} <= set(texts)
    _no_english(texts)
    _screenshot(dialog, tmp_path / "file-dialog.png")
    assert asked.missing <= UNTRANSLATED, asked.missing - UNTRANSLATED


def test_the_print_dialog_and_its_options_speak_vietnamese(qtbot: QtBot, asked: _Asked, tmp_path: Path) -> None:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)  # kept: the dialog only points at it
    dialog = QPrintDialog(printer)
    _show(qtbot, dialog)
    texts = shown(dialog)
    for expected in ("Máy in", "Tên:", "Thuộc tính", "In", "Hủy", "Tùy chọn >>"):
        assert expected in texts, (expected, texts)
    _no_english(texts)
    [options] = [b for b in dialog.findChildren(QPushButton) if _plain(b.text()) == "Tùy chọn >>"]
    qtbot.mouseClick(options, Qt.MouseButton.LeftButton)  # type: ignore[no-untyped-call]
    texts = shown(dialog)
    for expected in ("Tùy chọn <<", "Số bản", "Số bản:", "Phạm vi in", "In tất cả", "Từ trang", "In theo bộ"):
        assert expected in texts, (expected, texts)
    _no_english(texts)
    _screenshot(dialog, tmp_path / "print-dialog.png")

    seen: list[str] = []

    def look_at_properties() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible() and widget is not dialog:
                seen.extend(shown(widget))
                _screenshot(widget, tmp_path / "printer-properties.png")
                widget.reject()

    QTimer.singleShot(200, look_at_properties)
    [properties] = [b for b in dialog.findChildren(QPushButton) if _plain(b.text()) == "Thuộc tính"]
    qtbot.mouseClick(properties, Qt.MouseButton.LeftButton)  # type: ignore[no-untyped-call]
    qtbot.waitUntil(lambda: bool(seen))
    for expected in ("Thuộc tính máy in", "Trang", "Giấy", "Khổ giấy:", "Hướng giấy", "Dọc", "Ngang", "Lề"):
        assert expected in seen, (expected, seen)
    _no_english(seen)
    assert asked.missing <= UNTRANSLATED, asked.missing - UNTRANSLATED


def test_qt_print_preview_speaks_vietnamese(qtbot: QtBot, asked: _Asked, tmp_path: Path) -> None:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)  # kept: the dialog only points at it
    dialog = QPrintPreviewDialog(printer)
    dialog.resize(900, 600)
    _show(qtbot, dialog)
    texts = shown(dialog)
    assert dialog.windowTitle() == "Xem trước khi in"
    for expected in ("Trang sau", "Trang trước", "Phóng to", "Thu nhỏ", "Vừa trang", "In", "Thiết lập trang"):
        assert expected in texts, (expected, texts)
    _no_english(texts)
    _screenshot(dialog, tmp_path / "print-preview.png")
    assert asked.missing <= UNTRANSLATED, asked.missing - UNTRANSLATED


def test_message_box_buttons_and_details_speak_vietnamese(qtbot: QtBot, asked: _Asked) -> None:
    box = QMessageBox(QMessageBox.Icon.Question, "Khuyến công", "Bỏ các thay đổi chưa lưu?")
    box.setStandardButtons(
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No | QMessageBox.StandardButton.Cancel
    )
    box.setDetailedText("Chi tiết")
    _show(qtbot, box)
    texts = shown(box)
    assert {"Có", "Không", "Hủy", "Xem chi tiết..."} <= set(texts), texts
    _no_english(texts)
    assert asked.missing <= UNTRANSLATED, asked.missing - UNTRANSLATED
