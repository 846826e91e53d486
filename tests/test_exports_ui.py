"""Excel and reports from the screens: a list's "Xuất Excel" writes what it shows; the Báo cáo page
previews the chosen period's report and exports its workbooks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from pytestqt.qtbot import QtBot

from desktop.ui import exporting, print_preview
from desktop.ui.context import AppContext
from desktop.ui.other_lists import ProposalPage
from desktop.ui.reports_page import ReportsPage
from tests.qt_fixtures import wait_idle

pytestmark = pytest.mark.usefixtures("qapp")


@pytest.fixture
def saved(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[Any]:
    """Every export goes to tmp_path under the name the app suggests; what it reported is kept."""
    done: list[Any] = []
    monkeypatch.setattr(exporting, "ask_target", lambda _parent, suggested: tmp_path / suggested)
    monkeypatch.setattr(exporting, "told", lambda _parent, result: done.append(result))
    return done


def test_a_list_exports_its_filtered_rows(qtbot: QtBot, demo_ctx: AppContext, saved: list[Any]) -> None:
    page = ProposalPage(demo_ctx)
    qtbot.addWidget(page)
    page.show()
    page.activate()
    wait_idle(qtbot, demo_ctx)
    page.filters["status"].setCurrentIndex(page.filters["status"].findData("da_phe_duyet"))
    qtbot.waitUntil(lambda: page.model.query.filters == (("status", "da_phe_duyet"),), timeout=5_000)
    wait_idle(qtbot, demo_ctx)
    page.export_button.click()
    qtbot.waitUntil(lambda: len(saved) == 1, timeout=20_000)
    assert saved[0].rows == page.model.total
    sheet = load_workbook(saved[0].path).worksheets[0]
    statuses = {row[4] for row in sheet.iter_rows(min_row=6, values_only=True) if row[0] != "Tổng cộng"}
    assert statuses == {"Đã phê duyệt"}
    # the headers the screen shows, money saying its unit
    assert [str(c.value).removesuffix(" (đồng)") for c in sheet[5]] == page.model.headers()
    assert sheet.cell(5, 6).value == "Tổng kinh phí (đồng)"


def test_the_reports_page(
    qtbot: QtBot, demo_ctx: AppContext, saved: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[print_preview.PrintPreview] = []

    def record(self: print_preview.PrintPreview) -> int:
        opened.append(self)
        return 0

    monkeypatch.setattr(print_preview.PrintPreview, "exec", record)
    page = ReportsPage(demo_ctx)
    qtbot.addWidget(page)
    page.year.setCurrentIndex(page.year.findData(2025))
    page.period.setCurrentIndex(page.period.findData("Q3"))
    assert page.key() == "2025-Q3"
    page.period.setCurrentIndex(page.period.findData("09"))
    assert page.key() == "2025-09"
    page.period.setCurrentIndex(0)
    assert page.key() == "2025"
    page.preview_report()
    qtbot.waitUntil(lambda: len(opened) == 1, timeout=20_000)
    assert opened[0].file_name == "Báo cáo định kỳ năm 2025.pdf" and opened[0].document.pageCount() >= 1
    page.export_report()
    page.export_budgets()
    page.export_trainees()
    qtbot.waitUntil(lambda: len(saved) == 3, timeout=30_000)
    assert [r.path.name for r in saved] == [
        "bao-cao-khuyen-cong-2025.xlsx",
        "de-an-du-toan-2025.xlsx",
        "hoc-vien-2025.xlsx",
    ]
    assert load_workbook(saved[0].path).sheetnames[0] == "Theo nhóm nội dung"
