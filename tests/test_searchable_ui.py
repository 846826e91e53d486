"""Searchable boxes are set by typing, as a person does: "dak lak" then Enter, Down or a click picks Đắk
Lắk; leaving the box never leaves a name on screen with no value behind it; items are in Vietnamese
alphabetical order, a unit by its own name. Each kind of box is typed into where it is used.

(Typing is ASCII: pytest-qt's keyClicks cannot send Vietnamese letters, and typing without accents is the
point anyway.)
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QCollator, QLocale, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QComboBox, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from desktop.core.text import own_name
from desktop.ui.context import AppContext
from desktop.ui.searchable import SearchableCombo
from tests.qt_fixtures import wait_idle

pytestmark = pytest.mark.usefixtures("discard_on_close")


def _line(combo: QComboBox) -> QLineEdit:
    line = combo.lineEdit()
    assert line is not None
    return line


def _popup(combo: QComboBox) -> QAbstractItemView:
    completer = combo.completer()
    assert completer is not None
    popup = completer.popup()
    assert popup is not None
    return popup


def _type(qtbot: QtBot, combo: QComboBox, text: str) -> None:
    combo.setFocus()
    _line(combo).selectAll()
    qtbot.keyClicks(_line(combo), text)  # type: ignore[no-untyped-call]
    qtbot.wait(10)  # the popup settles, as it does between a person's keystrokes


def _press(qtbot: QtBot, combo: QComboBox, key: Qt.Key) -> None:
    """A key where the keyboard sends it: to the open popup, else to the box."""
    target: QWidget = QApplication.activePopupWidget() or _line(combo)
    qtbot.keyClick(target, key)  # type: ignore[no-untyped-call]


def _provinces(ctx: AppContext, qtbot: QtBot) -> SearchableCombo:
    combo = SearchableCombo(ctx.reference.provinces)
    qtbot.addWidget(combo)
    combo.show()
    return combo


def _code_of(ctx: AppContext, name: str) -> str:
    return next(code for code, label in ctx.reference.provinces if label == name)


def test_typing_without_accents_then_enter_picks_the_first_item_shown(qtbot: QtBot, ctx: AppContext) -> None:
    combo = _provinces(ctx, qtbot)
    _type(qtbot, combo, "dak lak")
    popup = _popup(combo)
    assert popup.isVisible() and popup.model().index(0, 0).data() == "Đắk Lắk"  # labels, not search keys
    assert _line(combo).text() == "dak lak"  # what is typed stays as typed meanwhile
    _press(qtbot, combo, Qt.Key.Key_Return)
    assert combo.code() == _code_of(ctx, "Đắk Lắk") and combo.currentText() == "Đắk Lắk"
    assert _line(combo).text() == "Đắk Lắk"


def test_down_then_enter_and_a_click_pick_the_item(qtbot: QtBot, ctx: AppContext) -> None:
    combo = _provinces(ctx, qtbot)
    _type(qtbot, combo, "hue")
    _press(qtbot, combo, Qt.Key.Key_Down)
    assert _line(combo).text() == "Thành phố Huế"  # Down highlights the first item shown
    _press(qtbot, combo, Qt.Key.Key_Return)
    assert combo.code() == _code_of(ctx, "Thành phố Huế")

    _type(qtbot, combo, "ha")  # Hà Nội, Hà Tĩnh, …: the second is clicked
    popup = _popup(combo)
    second = popup.model().index(1, 0)
    wanted = second.data()
    qtbot.mouseClick(  # type: ignore[no-untyped-call]
        popup.viewport(), Qt.MouseButton.LeftButton, pos=popup.visualRect(second).center()
    )
    assert combo.currentText() == wanted and combo.code() == _code_of(ctx, wanted)


def test_leaving_the_box_never_leaves_a_name_without_its_value(qtbot: QtBot, ctx: AppContext) -> None:
    combo = _provinces(ctx, qtbot)
    other = QComboBox()
    qtbot.addWidget(other)
    other.show()
    _type(qtbot, combo, "quang tri")
    _line(combo).editingFinished.emit()  # what Tab or a click elsewhere sends
    assert combo.currentText() == "Quảng Trị" and combo.code() == _code_of(ctx, "Quảng Trị")
    _type(qtbot, combo, "xyz khong co")
    _line(combo).editingFinished.emit()
    assert _line(combo).text() == "Quảng Trị" and combo.code() == _code_of(ctx, "Quảng Trị")
    _type(qtbot, combo, "")
    qtbot.keyClick(_line(combo), Qt.Key.Key_Backspace)  # type: ignore[no-untyped-call]
    _line(combo).editingFinished.emit()
    assert combo.code() == ""  # emptied: no province


def test_items_are_in_vietnamese_order_a_unit_by_its_own_name(qtbot: QtBot, ctx: AppContext) -> None:
    combo = _provinces(ctx, qtbot)
    labels = [combo.itemText(i) for i in range(1, combo.count())]
    collator = QCollator(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
    own = [own_name(label) for label in labels]
    assert own == sorted(own, key=collator.sortKey)
    assert own.index("Cà Mau") < own.index("Cao Bằng") < own.index("Cần Thơ")  # a, then ă and â
    assert max(own.index("Đà Nẵng"), own.index("Đắk Lắk")) < own.index("Gia Lai")  # Đ between D and E
    huế = labels.index("Thành phố Huế")
    assert own[huế - 1][0] == own[huế + 1][0] == "H"  # under H, not under "Thành phố"


@pytest.mark.usefixtures("qapp")
def test_the_province_of_the_first_start_is_set_by_typing(qtbot: QtBot, ctx: AppContext) -> None:
    from desktop.ui.settings_page import FirstRunDialog

    dialog = FirstRunDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    _type(qtbot, dialog.form.province, "gia lai")
    _press(qtbot, dialog.form.province, Qt.Key.Key_Return)
    assert dialog.form.values().province_code == _code_of(ctx, "Gia Lai")


def test_a_commune_and_an_activity_are_set_by_typing_in_a_form(qtbot: QtBot, ctx: AppContext) -> None:
    from desktop.services import forms
    from desktop.ui.record_form import CommunePicker, RecordDialog

    picker = CommunePicker(ctx)
    qtbot.addWidget(picker)
    picker.show()
    communes = dict(ctx.reference.communes[ctx.settings.province_code])
    _type(qtbot, picker.commune, "hoa vang")
    _press(qtbot, picker.commune, Qt.Key.Key_Return)
    assert communes[picker.code()] == "Xã Hòa Vang"

    activity = next(f for f in forms.PROPOSAL_FIELDS if f.kind is forms.FieldKind.ACTIVITY)
    dialog = RecordDialog(ctx, "Đề án", forms.PROPOSAL_FIELDS, {}, {}, lambda raw, done: None)
    qtbot.addWidget(dialog)
    dialog.show()
    box: Any = dialog._widgets[activity.key]
    _type(qtbot, box, "san xuat sach")
    _press(qtbot, box, Qt.Key.Key_Return)
    assert box.code() == "san_xuat_sach_hon"


def test_a_list_filter_is_set_by_typing_and_filters_the_list(qtbot: QtBot, demo_ctx: AppContext) -> None:
    from desktop.ui.facility_page import FacilityPage

    page = FacilityPage(demo_ctx)
    qtbot.addWidget(page)
    page.show()
    page.activate()
    wait_idle(qtbot, demo_ctx)
    every = page.model.total
    assert every is not None
    commune = page.filters["commune"]
    _type(qtbot, commune, "hai chau")
    _press(qtbot, commune, Qt.Key.Key_Return)
    wait_idle(qtbot, demo_ctx)
    assert commune.currentText() == "Phường Hải Châu"
    assert page.model.total is not None and 0 < page.model.total < every
