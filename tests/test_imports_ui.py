"""The import dialog: a file's columns shown and matched, the check's problems in a table, an old commune
mapped to its new one on screen, then one import that lands in the list."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QComboBox, QTableWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from desktop.models import Facility
from desktop.ui.context import AppContext
from desktop.ui.facility_page import FacilityPage
from desktop.ui.import_dialog import ImportDialog
from tests.conftest import commune
from tests.qt_fixtures import wait_idle
from tests.test_imports import _messy_facilities

pytestmark = pytest.mark.usefixtures("qapp")


def _text(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    assert item is not None
    return item.text()


def test_import_a_sheet_with_an_old_commune(qtbot: QtBot, ctx: AppContext, tmp_path: Path) -> None:
    with ctx.runner.database.session() as session:
        new = commune(session, "48", "xa")
        code, name = new.code, new.name
    path = _messy_facilities(
        tmp_path / "co-so.xlsx",
        [
            ["Cơ sở mây tre Hòa Vang", "HKD", None, "Nguyễn Văn An", "Nam", name, None, "0912345678", ""],
            ["Cơ sở gốm Hòa Khương", "HKD", None, "Lê Thị Bình", "Nữ", "Xã Hòa Khương", None, None, ""],
        ],
    )
    page = FacilityPage(ctx)
    qtbot.addWidget(page)
    assert page.import_button.text() == "Nhập từ Excel…"
    dialog = ImportDialog(ctx, "facilities", page)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.open_file(path)
    qtbot.waitUntil(lambda: dialog.shown is not None, timeout=10_000)
    assert dialog.header_row.value() == 5 and dialog.sheet.currentText() == "DS co so"
    shown = {_text(dialog.mapping, n, 0): dialog.mapping.cellWidget(n, 1) for n in range(dialog.mapping.rowCount())}
    name_column = shown["Tên cơ sở"]
    assert isinstance(name_column, QComboBox) and name_column.currentText() == "2. Tên cơ sở"
    dialog.check()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=10_000)
    assert not dialog.import_button.isEnabled()
    rows = [[_text(dialog.problems, r, c) for c in range(4)] for r in range(dialog.problems.rowCount())]
    assert [r[:2] for r in rows if r[3] == "Lỗi"] == [["7", "Xã/phường"]]
    assert ["6", "Ngành nghề", "Để trống: lấy “Công nghiệp và xây dựng”", "Lưu ý"] in rows
    assert dialog.communes_box.isVisibleTo(dialog) and list(dialog.commune_pickers) == ["Xã Hòa Khương"]
    picker = dialog.commune_pickers["Xã Hòa Khương"]
    picker.setCurrentIndex(picker.findData(code))  # the user says which new commune it became
    dialog.report = None
    dialog.check()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=10_000)
    assert dialog.import_button.isEnabled() and dialog.import_button.text() == "4. Nhập 2 dòng"
    dialog.import_button.click()
    wait_idle(qtbot, ctx)
    with ctx.runner.database.session() as session:
        assert session.scalar(select(func.count()).select_from(Facility).where(Facility.commune_code == code)) == 2


def test_a_sheet_of_thousands_of_mistakes_shows_the_first_ones_and_counts_the_rest(
    qtbot: QtBot, ctx: AppContext, tmp_path: Path
) -> None:
    """A sheet whose every row lacks its commune: the table lists the first errors (the services' cap),
    then one line that counts the others, rather than hundreds of thousands of rows."""
    from desktop.spreadsheets.imports import SHOWN_PROBLEMS

    rows: list[list[object]] = [
        [f"Cơ sở số {n}", "HKD", None, "Nguyễn Văn An", "Nam", None, None, None, "Công nghiệp"] for n in range(600)
    ]
    path = _messy_facilities(tmp_path / "co-so.xlsx", rows)
    page = FacilityPage(ctx)
    qtbot.addWidget(page)
    dialog = ImportDialog(ctx, "facilities", page)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.open_file(path)
    qtbot.waitUntil(lambda: dialog.shown is not None, timeout=10_000)
    dialog.check()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=30_000)
    assert dialog.problems.rowCount() == SHOWN_PROBLEMS + 1
    assert _text(dialog.problems, SHOWN_PROBLEMS, 2) == f"… và {600 - SHOWN_PROBLEMS} lỗi khác"
    assert not dialog.import_button.isEnabled()
