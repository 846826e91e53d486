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
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.db import Database
from desktop.models import BudgetLine, Enrolment, Facility, Proposal, TrainingCourse
from desktop.services import listing, reports
from desktop.services.listing import ListQuery
from desktop.services.progress import Cancelled
from desktop.spreadsheets import exports
from desktop.spreadsheets.workbook import DATE_FORMAT, MONEY_FORMAT
from tests.conftest import commune, make_facility


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
    money = header.index("KP khuyến công duyệt")
    first = sheet.cell(_header_row(sheet) + 1, money + 1)
    assert first.number_format == MONEY_FORMAT
    approved = session.scalar(select(func.sum(Proposal.approved_support)).where(Proposal.deleted_at.is_(None)))
    assert rows[-1][0] == "Tổng cộng" and rows[-1][money] == approved
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
    header, rows = _table(_sheet(done.path, "Đề án"))
    assert [r[0] for r in rows[:-1]] == sorted(p.code for p in wanted)
    lines_header, lines = _table(_sheet(done.path, "Dự toán"))
    amount = lines_header.index("Thành tiền")
    expected = session.scalar(
        select(func.sum(BudgetLine.amount))
        .join(Proposal, Proposal.id == BudgetLine.proposal_id)
        .where(Proposal.plan_year == 2025, Proposal.deleted_at.is_(None), BudgetLine.deleted_at.is_(None))
    )
    assert lines[-1][amount] == expected == sum(r[amount] for r in lines[:-1])
    assert rows[-1][header.index("Tổng kinh phí")] == expected


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
    assert rows[-1][header.index("Kinh phí được duyệt")] == report.approved_support > 0
    money_header, money = _table(book["Giải ngân theo đề án"])
    assert len(money) - 1 == len(report.proposals)
    left = money_header.index("Chưa tạm ứng")
    assert money[-1][left] == report.approved_support - report.advanced_to_date
    # TT 36/2013 Điều 18–19: the disbursement is what was settled after acceptance, not what was advanced.
    settled = money_header.index("Đã quyết toán lũy kế")
    assert money[-1][settled] == report.settled_to_date > 0
    assert report.disbursement_percent == 100.0 * report.settled_to_date / report.approved_support
    assert report.settled_to_date != report.advanced_to_date
    _h, targets = _table(book["Chỉ tiêu và kết quả"])
    assert targets and all(isinstance(t[3], int) for t in targets)


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
    meal = header.index("Tiền ăn")
    assert rows[-1][meal] == sum(r[meal] for r in rows[:-1])


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
