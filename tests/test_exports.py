"""Excel out, read back with openpyxl: what the list shows (search, filters, order), formats, frozen
header, autofilter, totals; the report workbooks; nothing half-written; the command."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.core.progress import Cancelled
from desktop.models import BudgetLine, Enrolment, Facility, Proposal, TrainingCourse
from desktop.services import listing, reports
from desktop.services.listing import ListQuery
from desktop.spreadsheets import exports
from desktop.spreadsheets.workbook import DATE_FORMAT, MONEY_FORMAT
from desktop.store.db import Database
from tests.conftest import commune, make_facility
from tests.test_dashboard import EXPECTED_2026, fill_2026


@pytest.fixture
def demo(dak_lak: Database) -> Database:
    return dak_lak


@pytest.fixture
def session(demo: Database) -> Iterator[Session]:
    with demo.session() as session:
        yield session


def _sheet(path: Path, name: str | None = None) -> Worksheet:
    book = load_workbook(path)
    return book[name] if name else book.worksheets[0]


def _header_row(sheet: Worksheet) -> int:
    """The header is the first bold row with a value in every column, below the title rows."""
    for row in sheet.iter_rows(min_row=1, max_row=10):
        if all(c.value is not None for c in row) and row[0].font.b and len(row) > 1:
            found = row[0].row
            assert found is not None
            return found
    raise AssertionError("no header row")


def _table(sheet: Worksheet) -> tuple[list[Any], list[list[Any]]]:
    rows = [list(r) for r in sheet.iter_rows(min_row=_header_row(sheet), values_only=True)]
    return rows[0], rows[1:]


def _total(sheet: Worksheet, header: str) -> int:
    """What the totals row shows under ``header`` with no filter on: its SUBTOTAL over every row above it
    (the sheet stores the formula; a spreadsheet program computes it, so the test does)."""
    head, rows = _table(sheet)
    column = head.index(header) + 1
    first = _header_row(sheet) + 1
    last = first + len(rows) - 2
    letter = get_column_letter(column)
    assert rows[-1][column - 1] == f"=SUBTOTAL(109,{letter}{first}:{letter}{last})"
    values = (sheet.cell(r, column).value for r in range(first, last + 1))
    return sum(v for v in values if isinstance(v, int))


def test_a_list_exports_what_the_screen_shows(session: Session, tmp_path: Path) -> None:
    query = ListQuery("", (("legal_form", "hop_tac_xa"),), "name")
    done = exports.export_list(session, "facility", query, tmp_path / "co-so.xlsx")
    expected = listing.FACILITIES.count(session, query)
    assert 0 < done.rows == expected
    sheet = _sheet(done.path)
    assert sheet["A1"].value == "TRUNG TÂM KHUYẾN CÔNG ĐẮK LẮK" and sheet["A1"].font.b
    assert sheet["A2"].value == "DANH SÁCH CƠ SỞ CÔNG NGHIỆP NÔNG THÔN"
    header_row = _header_row(sheet)
    header, rows = _table(sheet)
    assert header == list(exports.LIST_HEADERS["facility"][1]) and sheet.cell(header_row, 1).font.b
    assert len(rows) == expected and {r[1] for r in rows} == {"Hợp tác xã"}  # labels, not codes
    names = [r[0] for r in rows]
    on_screen = [r.values[0] for r in listing.FACILITIES.page(session, query, None, 10_000)]
    assert names == on_screen  # the order of the list
    assert sheet.freeze_panes == f"A{header_row + 1}"
    assert sheet.auto_filter.ref == f"A{header_row}:G{header_row + expected}"
    assert sheet.column_dimensions["A"].width > len("Tên cơ sở") + 2  # widened to the names


def test_money_and_dates_are_numbers_and_dates_with_totals(session: Session, tmp_path: Path) -> None:
    done = exports.export_list(session, "proposal", ListQuery(), tmp_path / "de-an.xlsx")
    sheet = _sheet(done.path)
    header, rows = _table(sheet)
    money = header.index("KP khuyến công duyệt (đồng)")
    # The first approved amount (the newest proposals, on top, are drafts without one).
    top = _header_row(sheet) + 1
    first = next(sheet.cell(r, money + 1) for r in range(top, top + len(rows)) if sheet.cell(r, money + 1).value)
    assert first.number_format == MONEY_FORMAT
    approved = session.scalar(select(func.sum(Proposal.approved_support)).where(Proposal.deleted_at.is_(None)))
    assert rows[-1][0] == "Tổng cộng" and _total(sheet, "KP khuyến công duyệt (đồng)") == approved
    assert sheet.cell(_header_row(sheet) + len(rows), 1).font.b
    assert all(isinstance(r[money], int | type(None)) for r in rows[:-1])
    courses = exports.export_list(session, "training_course", ListQuery(), tmp_path / "lop.xlsx")
    lists = _sheet(courses.path)
    started = lists.cell(_header_row(lists) + 1, 4)
    assert isinstance(started.value, date | type(None)) and started.number_format == DATE_FORMAT


def test_a_name_that_looks_like_a_formula_stays_text(database: Database, tmp_path: Path) -> None:
    with database.transaction("lan") as s:
        make_facility(s, commune(s, "48", "xa"), name='=HYPERLINK("http://x","bấm")')
    with database.session() as s:
        done = exports.export_list(s, "facility", ListQuery(), tmp_path / "x.xlsx")
    sheet = _sheet(done.path)
    cell = next(c for (c,) in sheet.iter_rows(min_col=1, max_col=1) if str(c.value).startswith("=HYPER"))
    assert cell.value == '=HYPERLINK("http://x","bấm")' and cell.data_type == "s"


def test_a_stopped_export_leaves_no_file(session: Session, tmp_path: Path) -> None:
    target = tmp_path / "dung.xlsx"

    def stop(_label: str, _done: int, _total: int) -> None:
        raise Cancelled

    with pytest.raises(Cancelled):
        exports.export_list(session, "facility", ListQuery(), target, progress=stop)
    assert list(tmp_path.iterdir()) == []  # neither the file nor its temporary copy


def test_proposals_with_their_budgets(session: Session, tmp_path: Path) -> None:
    done = exports.export_budgets(session, tmp_path / "du-toan.xlsx", 2025)
    proposals = session.scalars(select(Proposal).where(Proposal.plan_year == 2025, Proposal.deleted_at.is_(None)))
    wanted = list(proposals)
    _header, rows = _table(_sheet(done.path, "Đề án"))
    assert [r[0] for r in rows[:-1]] == sorted(p.code for p in wanted)
    lines_sheet = _sheet(done.path, "Dự toán")
    lines_header, lines = _table(lines_sheet)
    amount = lines_header.index("Thành tiền (đồng)")
    expected = session.scalar(
        select(func.sum(BudgetLine.amount))
        .join(Proposal, Proposal.id == BudgetLine.proposal_id)
        .where(Proposal.plan_year == 2025, Proposal.deleted_at.is_(None), BudgetLine.deleted_at.is_(None))
    )
    assert _total(lines_sheet, "Thành tiền (đồng)") == expected == sum(r[amount] for r in lines[:-1])
    assert _total(_sheet(done.path, "Đề án"), "Tổng kinh phí (đồng)") == expected


def test_the_periodic_report_workbook(session: Session, tmp_path: Path) -> None:
    # A plan year some of whose proposals were settled by its end (the demo settles some within the year).
    year = next(
        y for y in range(2021, 2027) if reports.periodic_report(session, reports.parse_period(str(y))).settled_to_date
    )
    done = exports.export_report(session, tmp_path / "bao-cao.xlsx", str(year))
    book = load_workbook(done.path)
    assert book.sheetnames == ["Theo nhóm nội dung", "Giải ngân theo đề án", "Chỉ tiêu và kết quả", "Đào tạo"]
    report = reports.periodic_report(session, reports.parse_period(str(year)))
    header, rows = _table(book["Theo nhóm nội dung"])
    # The last row totals the lines above it (a SUBTOTAL formula, which openpyxl does not compute).
    approved = header.index("Kinh phí được duyệt (đồng)")
    assert sum(r[approved] for r in rows[:-1]) == report.approved_support > 0
    money_header, money = _table(book["Giải ngân theo đề án"])
    assert len(money) - 1 == len(report.proposals)
    left = money_header.index("Chưa tạm ứng (đồng)")
    assert sum(r[left] for r in money[:-1]) == report.approved_support - report.advanced_to_date
    # TT 36/2013 Điều 18–19: the disbursement is what was settled after acceptance, not what was advanced.
    settled = money_header.index("Đã quyết toán lũy kế (đồng)")
    assert sum(r[settled] for r in money[:-1]) == report.settled_to_date > 0
    assert report.disbursement_percent == 100.0 * report.settled_to_date / report.approved_support
    assert report.settled_to_date != report.advanced_to_date
    target_header, targets = _table(book["Chỉ tiêu và kết quả"])
    measured = [t for t in targets if t[target_header.index("Lũy kế từ đầu giai đoạn")] is not None]
    assert measured and all(isinstance(t[target_header.index("Mục tiêu giai đoạn")], int) for t in targets)


def test_the_targets_sheet_follows_the_dashboard_s_measures(database: Database, tmp_path: Path) -> None:
    """Each indicator in its own unit (machines from budget lines, people from rosters, products from voting),
    for the report's period and since the programme began — the figures the dashboard shows."""
    fill_2026(database)
    with database.session() as s:
        year = exports.export_report(s, tmp_path / "nam.xlsx", "2026")
        quarter = exports.export_report(s, tmp_path / "quy.xlsx", "2026-Q3")
    header, rows = _table(_sheet(year.path, "Chỉ tiêu và kết quả"))
    assert header == [
        "Chương trình",
        "Nhóm báo cáo",
        "Chỉ tiêu",
        "Đơn vị",
        "Mục tiêu giai đoạn",
        "Kết quả trong kỳ",
        "Lũy kế từ đầu giai đoạn",
        "Tỷ lệ đạt (%)",
        "Ghi chú",
    ]
    percent = {
        name: None if shown == "—" else float(shown.removesuffix(" %").replace(",", "."))
        for name, *_r, shown in EXPECTED_2026
    }
    assert [(r[2], r[3], r[5], r[6], r[7]) for r in rows] == [
        (name, unit, in_year, to_date, percent[name]) for name, unit, in_year, to_date, _shown in EXPECTED_2026
    ]
    assert {r[0] for r in rows} == {"Chương trình khuyến công thành phố Đà Nẵng giai đoạn 2026-2030"}
    assert rows[0][1] == "Ứng dụng máy móc thiết bị, chuyển giao công nghệ"
    assert [r[8] for r in rows if r[6] is None] == ["Hồ sơ không tách được kết quả: lấy theo báo cáo"]
    _h, third = _table(_sheet(quarter.path, "Chỉ tiêu và kết quả"))
    in_quarter = {r[2]: (r[5], r[6]) for r in third}
    assert in_quarter["Máy móc thiết bị ứng dụng"] == (5, 5)  # accepted in September
    assert in_quarter["Lao động được đào tạo nghề"] == (0, 2)  # the course ended in April


def test_trainees_per_course(session: Session, tmp_path: Path) -> None:
    course = session.scalars(select(TrainingCourse)).first()
    assert course is not None
    done = exports.export_trainees(session, tmp_path / "hv.xlsx", course.code)
    enrolled = session.scalar(
        select(func.count()).where(Enrolment.course_id == course.id, Enrolment.deleted_at.is_(None))
    )
    header, rows = _table(_sheet(done.path))
    assert len(rows) - 1 == enrolled
    assert {r[0] for r in rows[:-1]} == {course.code}
    meal = header.index("Tiền ăn (đồng)")
    assert _total(_sheet(done.path), "Tiền ăn (đồng)") == sum(r[meal] for r in rows[:-1]) > 0


def test_the_export_command(demo: Database, tmp_path: Path) -> None:
    out = tmp_path / "de-an.xlsx"
    base = [sys.executable, "-m", "desktop", "--db", str(demo.path), "export"]
    done = subprocess.run(
        [*base, "de-an", "--filter", "year=2025", "--out", str(out)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    with demo.session() as s:
        count = s.scalar(select(func.count()).where(Proposal.plan_year == 2025, Proposal.deleted_at.is_(None)))
    assert f"Đã ghi {count} dòng" in done.stdout
    bad = subprocess.run(
        [*base, "co-so", "--filter", "mau=do", "--out", str(tmp_path / "x.xlsx")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bad.returncode == 2 and "không lọc được theo “mau”" in bad.stderr
    assert not (tmp_path / "x.xlsx").exists()
    facilities = subprocess.run(
        [*base, "co-so", "--search", "hop tac xa", "--out", str(tmp_path / "htx.xlsx")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert facilities.returncode == 0, facilities.stderr
    with demo.session() as s:
        htx = listing.FACILITIES.count(s, ListQuery("hop tac xa"))
        assert int(s.scalar(select(func.count()).select_from(Facility)) or 0) > htx > 0
    assert f"Đã ghi {htx} dòng" in facilities.stdout
