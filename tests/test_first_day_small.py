"""The smaller things staff notice on their first day (issue 19, item 10): a new proposal is offered this year
and the next free code of the province and year, and a code in use is refused naming the field; work lists
open newest first; a saved PDF is named by its record's code and the form; one certificate numbering; every
Excel export totals with SUBTOTAL formulas (a filter keeps them right), says "(đồng)" and prints landscape,
fitted to the width, its header on every page; files written are readable like any file the user saves;
commune names have single spaces."""

from __future__ import annotations

import os
import re
import stat
import unicodedata
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit
from pytestqt.qtbot import QtBot
from sqlalchemy import func, literal_column, select
from sqlalchemy.orm import Session

from desktop.core.dates import format_date
from desktop.core.validation import FieldError
from desktop.models import (
    Commune,
    Enrolment,
    Facility,
    Inspection,
    ProgressReport,
    Proposal,
    Trainee,
    TrainingCourse,
    VotingEntry,
)
from desktop.models.enums import FundingKind
from desktop.printing import catalog
from desktop.printing.templates import TemplateStore
from desktop.services import course_sheet, forms, proposal_codes, training
from desktop.services.course_sheet import RosterEdit
from desktop.services.listing import COURSES, FACILITIES, PROPOSALS, TRAINEES, VOTING_ROUNDS, ListQuery
from desktop.spreadsheets import exports
from desktop.spreadsheets.workbook import MONEY_FORMAT
from desktop.store import audit
from desktop.store.db import Database
from desktop.store.files import write_whole
from desktop.ui import print_preview
from desktop.ui.context import AppContext
from desktop.ui.other_lists import CoursePage, ProposalPage, VotingPage
from desktop.ui.proposal_workspace import ProposalWorkspace
from desktop.ui.record_form import RecordDialog
from tests.qt_fixtures import wait_idle

THIS_YEAR = date.today().year
LOCAL = FundingKind.KCDP.value
NATIONAL = FundingKind.KCQG_DOI_TUONG.value


def _raw(code: str, year: int = 2026, funding: str = LOCAL, title: str = "Hỗ trợ máy sấy cà phê") -> dict[str, str]:
    return {
        "code": code,
        "title": title,
        "plan_year": str(year),
        "funding": funding,
        "activity_type_code": "mo_hinh_trinh_dien",
    }


@pytest.fixture
def demo_session(dak_lak: Database) -> Iterator[Session]:
    with dak_lak.session() as session:
        yield session


# --- proposal codes -----------------------------------------------------------------------------------
def test_a_new_proposal_is_offered_this_year_and_the_next_free_code_of_its_province_and_year(
    database: Database,
) -> None:
    today = date(2026, 5, 4)
    with database.transaction("can-bo") as s:
        assert proposal_codes.suggested(s, "48", {"funding": LOCAL, "plan_year": ""}, today) == {
            "plan_year": "2026",
            "code": "KCĐP-2026-00001",
        }
        forms.save(s, Proposal, None, _raw("KCĐP-2026-00001"), "48")
        forms.save(s, Proposal, None, _raw("KCQG-2026-00007", funding=NATIONAL), "48")
        forms.save(s, Proposal, None, _raw("KCĐP-2025-00040", year=2025), "48")
        forms.save(s, Proposal, None, _raw("KCĐP-2026-00099"), "66")  # another province numbers its own
        forms.save(s, Proposal, None, _raw("ĐA 12/2026"), "48")  # a code typed by hand is not a number
        gone = s.get_one(Proposal, forms.save(s, Proposal, None, _raw("KCĐP-2026-00010"), "48"))
        audit.soft_delete(gone)  # a deleted proposal keeps its code: it can be restored
    with database.session() as s:
        # KCQG and KCĐP share the numbers of a year: changing the funding only changes the prefix.
        assert proposal_codes.next_code(s, "48", 2026, FundingKind.KCDP) == "KCĐP-2026-00011"
        assert proposal_codes.next_code(s, "48", 2026, FundingKind.KCQG_NHOM) == "KCQG-2026-00011"
        assert proposal_codes.next_code(s, "48", 2025, FundingKind.KCDP) == "KCĐP-2025-00041"
        assert proposal_codes.next_code(s, "48", 2027, FundingKind.KCDP) == "KCĐP-2027-00001"
        assert proposal_codes.next_code(s, "66", 2026, FundingKind.KCDP) == "KCĐP-2026-00100"
        # A year typed is kept (and only the code offered); a year being typed ("202") offers nothing yet.
        assert proposal_codes.suggested(s, "48", {"funding": NATIONAL, "plan_year": "2027"}, today) == {
            "code": "KCQG-2027-00001"
        }
        assert proposal_codes.suggested(s, "48", {"funding": LOCAL, "plan_year": "202"}, today) == {}


def test_a_code_in_use_is_refused_naming_the_field_and_a_free_one(session: Session) -> None:
    forms.save(session, Proposal, None, _raw("KCĐP-2026-00001", title="Đề án thứ nhất"), "48")
    with pytest.raises(FieldError) as refused:
        forms.save(session, Proposal, None, _raw("KCĐP-2026-00001 ", title="Đề án thứ hai"), "48")
    assert refused.value.field == "code"
    assert refused.value.message == (
        "Mã đề án “KCĐP-2026-00001” đã dùng cho đề án “Đề án thứ nhất”: hãy nhập mã khác, ví dụ mã còn trống"
        " tiếp theo KCĐP-2026-00002"
    )
    forms.save(session, Proposal, None, _raw("DA-01"), "48")
    with pytest.raises(FieldError, match=r"“DA-01” đã dùng .* KCQG-2026-00002$"):  # offered for its own funding
        forms.save(session, Proposal, None, _raw("DA-01", funding=NATIONAL), "48")
    forms.save(session, Proposal, None, _raw("KCĐP-2026-00001"), "66")  # the same code in another province


# --- lists --------------------------------------------------------------------------------------------
def test_work_lists_open_newest_first_and_registers_by_name(demo_session: Session) -> None:
    s = demo_session
    proposals = PROPOSALS.page(s, ListQuery(), None, 1000)
    years = [r.values[2] for r in proposals]
    assert years == sorted(years, reverse=True) and years[0] == s.scalar(select(func.max(Proposal.plan_year)))
    # the same year: the proposal added last first
    first_year = [r.id for r in proposals if r.values[2] == years[0]]
    newest: Any = literal_column("proposal.rowid").desc()
    added = s.scalars(
        select(Proposal.id).where(Proposal.plan_year == years[0], Proposal.deleted_at.is_(None)).order_by(newest)
    )
    assert first_year == list(added)
    starts = [r.values[3] for r in COURSES.page(s, ListQuery(), None, 1000)]
    assert starts == sorted(starts, reverse=True)
    rounds = [r.values[2] for r in VOTING_ROUNDS.page(s, ListQuery(), None, 1000)]
    assert rounds == sorted(rounds, reverse=True)
    # a column the user sorts by sorts as asked
    ascending = [r.values[2] for r in PROPOSALS.page(s, ListQuery(sort="plan_year"), None, 1000)]
    assert ascending == sorted(years)
    assert not FACILITIES.newest_first and not TRAINEES.newest_first  # registers: looked up by name


# --- PDF names ----------------------------------------------------------------------------------------
def _one(session: Session, model: Any, *where: Any) -> Any:
    found = session.scalars(select(model).where(model.deleted_at.is_(None), *where).limit(1)).first()
    assert found is not None, model
    return found


def test_every_pdf_is_named_by_its_record_and_form(demo_session: Session) -> None:
    s, store, today = demo_session, TemplateStore(), date(2026, 12, 1)
    proposal = _one(s, Proposal)
    inspection = _one(s, Inspection)
    report = _one(s, ProgressReport)
    course = _one(s, TrainingCourse, TrainingCourse.id.in_(select(Enrolment.course_id).where(Enrolment.certified)))
    certified = _one(s, Enrolment, Enrolment.course_id == course.id, Enrolment.certified.is_(True))
    entry = _one(s, VotingEntry)

    def named(form: str, key: object) -> str:
        return catalog.printed(s, form, str(key), store, today).file_name

    code = proposal.code
    assert code.startswith(("KCĐP-", "KCQG-"))
    assert named("tham-dinh", proposal.id) == f"{code} Phiếu thẩm định.pdf"
    assert named("de-an", code) == f"{code} Đề án và dự toán.pdf"
    on = format_date(inspection.inspected_on).replace("/", "-")
    assert named("kiem-tra", inspection.id) == f"{inspection.proposal.code} Biên bản kiểm tra {on}.pdf"
    month = f"{report.period_month:02d}-{report.period_year}"
    assert named("tien-do", report.id) == f"{report.proposal.code} Báo cáo tiến độ tháng {month}.pdf"
    assert named("diem-danh", course.id) == f"{course.code} Danh sách điểm danh.pdf"
    assert named("tien-an", course.id) == f"{course.code} Danh sách nhận tiền ăn, đi lại.pdf"
    assert named("nhan-chung-chi", course.id) == f"{course.code} Danh sách nhận chứng chỉ.pdf"
    assert named("chung-chi", course.id) == f"{course.code} Giấy chứng nhận hoàn thành khóa học.pdf"
    trainee = s.get_one(Trainee, certified.trainee_id).full_name
    assert named("chung-chi", certified.id) == f"{course.code} Giấy chứng nhận hoàn thành khóa học {trainee}.pdf"
    assert named("phieu-cham", entry.id) == f"Phiếu chấm điểm {entry.product.name}.pdf"
    assert named("bao-cao", "2026-Q3") == "Báo cáo định kỳ quý III năm 2026.pdf"
    assert catalog.batch_file_name("tham-dinh", 25) == "Phiếu thẩm định (25 bản).pdf"
    # Whatever a record is called, the name is one every Windows takes, in composed Vietnamese letters.
    odd = catalog.file_name("thanh-ly", 'So\u0302\u0301 5/QĐ: "a*b?" <c>|d\\e\t.', "ngày 05/03/2026 ...")
    assert odd == "Số 5-QĐ- -a-b-- -c--d-e- Biên bản thanh lý ngày 05-03-2026.pdf"
    assert unicodedata.is_normalized("NFC", odd) and not re.search(r'[<>:"/\\|?*\x00-\x1f]', odd)


# --- certificates -------------------------------------------------------------------------------------
def test_one_certificate_numbering_the_course_code_and_a_running_number(
    demo_session: Session, database: Database
) -> None:
    rows = demo_session.execute(
        select(TrainingCourse.code, Enrolment.certificate_no)
        .join(Enrolment, Enrolment.course_id == TrainingCourse.id)
        .where(Enrolment.certified.is_(True))
    ).all()
    assert rows
    by_course: dict[str, list[str]] = {}
    for course_code, number in rows:
        by_course.setdefault(course_code, []).append(number)
    for course_code, numbers in by_course.items():
        prefix = training.certificate_prefix(course_code)
        assert sorted(numbers) == [training.certificate_number(prefix, n) for n in range(1, len(numbers) + 1)]
    assert training.certificate_prefix("LĐT 2026 0012") == "LĐT20260012"
    assert training.certificate_prefix("") == "CC"
    edits = [RosterEdit(uuid.uuid4(), False, True, ""), RosterEdit(uuid.uuid4(), False, True, "LĐT-2026-0012-001")]
    numbered = course_sheet.number_certificates(edits, training.certificate_prefix("LĐT-2026-0012"))
    assert [e.certificate_no for e in numbered] == ["LĐT-2026-0012-002", "LĐT-2026-0012-001"]


# --- Excel --------------------------------------------------------------------------------------------
_MONEY_WORDS = re.compile(r"kinh phí|^KP |tiền|đơn giá|tạm ứng|quyết toán|đối ứng|nguồn khác", re.IGNORECASE)
_SUBTOTAL = re.compile(r"=SUBTOTAL\(109,([A-Z]+)(\d+):([A-Z]+)(\d+)\)")


def test_every_export_totals_with_subtotal_says_dong_and_prints_landscape_fitted_with_its_header(
    demo_session: Session, tmp_path: Path
) -> None:
    s = demo_session
    books = [exports.export_list(s, name, ListQuery(), tmp_path / f"{name}.xlsx").path for name in exports.LIST_HEADERS]
    books.append(exports.export_budgets(s, tmp_path / "du-toan.xlsx").path)
    books.append(exports.export_trainees(s, tmp_path / "hoc-vien.xlsx").path)
    books.append(exports.export_report(s, tmp_path / "bao-cao.xlsx", "2025").path)
    money_columns = totals = 0
    for path in books:
        book = load_workbook(path)
        assert book.calculation.fullCalcOnLoad  # the totals show as soon as the file opens
        for sheet in book.worksheets:
            where = f"{path.name} / {sheet.title}"
            assert sheet.page_setup.orientation == "landscape", where
            assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0), where
            fitted = sheet.sheet_properties.pageSetUpPr
            assert fitted is not None and fitted.fitToPage, where
            head = int(str(sheet.freeze_panes)[1:]) - 1  # the frozen rows end with the header
            assert sheet.print_title_rows == f"${head}:${head}", where
            last = sheet.max_row
            for column in range(1, sheet.max_column + 1):
                header = str(sheet.cell(head, column).value)
                values = [sheet.cell(r, column).value for r in range(head + 1, last)]
                amounts = any(isinstance(v, int) for v in values) and all(isinstance(v, int | None) for v in values)
                if amounts and _MONEY_WORDS.search(header):
                    money_columns += 1
                    assert header.endswith("(đồng)"), (where, header)
                    shown = next(r for r in range(head + 1, last) if sheet.cell(r, column).value is not None)
                    assert sheet.cell(shown, column).number_format == MONEY_FORMAT
                formula = str(sheet.cell(last, column).value or "")
                if formula.startswith("="):
                    found = _SUBTOTAL.fullmatch(formula)
                    assert found, (where, formula)
                    letter = get_column_letter(column)
                    assert found.groups() == (letter, str(head + 1), letter, str(last - 1)), (where, formula)
                    totals += 1
    assert money_columns >= 20 and totals >= 20


# --- files --------------------------------------------------------------------------------------------
@pytest.mark.skipif(os.name != "posix", reason="permission bits: Windows files take their folder's rules")
def test_written_files_are_readable_like_any_saved_file_and_keep_their_permissions(
    demo_session: Session, tmp_path: Path
) -> None:
    before = os.umask(0o022)
    try:
        new = tmp_path / "moi.pdf"
        write_whole(new, b"%PDF")
        assert stat.S_IMODE(new.stat().st_mode) == 0o644  # others of the PC may read it
        shared = tmp_path / "chung.xlsx"
        shared.write_bytes(b"old")
        shared.chmod(0o664)  # shared with the group, writable by colleagues
        exports.export_list(demo_session, "voting_round", ListQuery(), shared)
        assert stat.S_IMODE(shared.stat().st_mode) == 0o664 and shared.read_bytes()[:2] == b"PK"
        os.umask(0o002)
        exported = exports.export_list(demo_session, "voting_round", ListQuery(), tmp_path / "nhom.xlsx").path
        assert stat.S_IMODE(exported.stat().st_mode) == 0o664
    finally:
        os.umask(before)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


# --- communes -----------------------------------------------------------------------------------------
def test_commune_names_and_the_text_made_from_them_have_single_spaces(demo_session: Session) -> None:
    s = demo_session
    assert s.scalar(select(func.count()).select_from(Commune).where(Commune.name.contains("  "))) == 0
    assert s.scalar(select(func.count()).where(Commune.name == "Phường Buôn Ma Thuột")) == 1
    for column in (Trainee.address, Facility.street_address, Proposal.coordinating_units):
        assert s.scalar(select(func.count()).where(column.contains("  "))) == 0, column


# --- on screen ----------------------------------------------------------------------------------------
def _form(qtbot: QtBot) -> RecordDialog:
    def found() -> RecordDialog | None:
        return next((w for w in QApplication.topLevelWidgets() if isinstance(w, RecordDialog) and w.isVisible()), None)

    qtbot.waitUntil(lambda: found() is not None, timeout=10_000)
    form = found()
    assert form is not None
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow, timeout=5_000)  # Ctrl+S is the form's shortcut
    return form


def _text(form: RecordDialog, key: str) -> str:
    widget = form.widget(key)
    assert isinstance(widget, QLineEdit)
    return widget.text()


def _type_over(qtbot: QtBot, form: RecordDialog, key: str, text: str) -> None:
    widget = form.widget(key)
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClicks(widget, text)  # type: ignore[no-untyped-call]


@pytest.mark.usefixtures("qapp")
def test_the_new_proposal_form_offers_the_code_and_year_and_refuses_a_code_in_use(
    qtbot: QtBot, ctx: AppContext
) -> None:
    with ctx.runner.database.transaction("can-bo") as s:
        forms.save(s, Proposal, None, _raw(f"KCĐP-{THIS_YEAR}-00003", year=THIS_YEAR), "48")
    page = ProposalPage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.activate()
    QTest.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    form = _form(qtbot)
    assert _text(form, "plan_year") == str(THIS_YEAR)
    assert _text(form, "code") == f"KCĐP-{THIS_YEAR}-00004"
    # The code follows the funding and the plan year while the user has not typed one of their own.
    kind = form.widget("funding")
    assert isinstance(kind, QComboBox)
    kind.setFocus()
    kind.setCurrentIndex(kind.findData(NATIONAL))
    qtbot.waitUntil(lambda: _text(form, "code") == f"KCQG-{THIS_YEAR}-00004", timeout=10_000)
    _type_over(qtbot, form, "plan_year", str(THIS_YEAR + 1))
    qtbot.waitUntil(lambda: _text(form, "code") == f"KCQG-{THIS_YEAR + 1}-00001", timeout=10_000)
    qtbot.keyClicks(form.widget("title"), "De an may say ca phe")  # type: ignore[no-untyped-call]
    activity = form.widget("activity_type_code")
    activity.setCurrentIndex(activity.findData("mo_hinh_trinh_dien"))
    QTest.keyClick(form.widget("title"), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not form.isVisible(), timeout=10_000)
    wait_idle(qtbot, ctx)
    with ctx.runner.database.session() as s:
        saved = s.scalars(select(Proposal).where(Proposal.title == "De an may say ca phe")).one()
        assert (saved.code, saved.plan_year) == (f"KCQG-{THIS_YEAR + 1}-00001", THIS_YEAR + 1)
    # The list opens newest first: next year's proposal on top, the arrow on "Năm KH" pointing down.
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=10_000)
    assert page.model.row_values(0)[0] == f"KCQG-{THIS_YEAR + 1}-00001"
    header = page.table.horizontalHeader()
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (2, Qt.SortOrder.DescendingOrder)
    for widget in QApplication.topLevelWidgets():  # the new proposal's workspace opened after saving
        if isinstance(widget, ProposalWorkspace):
            widget.close()

    # A code another proposal holds, typed by hand: refused beside the code box, in Vietnamese.
    QTest.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    form = _form(qtbot)
    assert _text(form, "code") == f"KCĐP-{THIS_YEAR}-00004"
    _type_over(qtbot, form, "code", f"KCQG-{THIS_YEAR + 1}-00001")
    qtbot.keyClicks(form.widget("title"), "De an thu hai")  # type: ignore[no-untyped-call]
    activity = form.widget("activity_type_code")
    activity.setCurrentIndex(activity.findData("mo_hinh_trinh_dien"))
    QTest.keyClick(form.widget("title"), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    # Said under the form, naming the field and a code still free, and in red under the code box, which
    # has the focus; the red line stays while other fields are typed in, and goes once the code is changed.
    qtbot.waitUntil(lambda: form.status.text().startswith("Mã đề án"), timeout=10_000)
    said = form.status.text()
    assert said.startswith(f"Mã đề án “KCQG-{THIS_YEAR + 1}-00001” đã dùng cho đề án “De an may say ca phe”")
    assert said.endswith(f"KCQG-{THIS_YEAR + 1}-00002") and form.isVisible()
    code_error = form._errors["code"]
    assert code_error.isVisible() and code_error.text() == said and form.widget("code").hasFocus()
    qtbot.keyClicks(form.widget("title"), " moi")  # type: ignore[no-untyped-call]
    assert code_error.isVisible() and code_error.text() == said
    _type_over(qtbot, form, "code", f"KCQG-{THIS_YEAR + 1}-00002")
    assert not code_error.isVisible()
    form.done(0)  # closed without the question about unsaved changes
    wait_idle(qtbot, ctx)


@pytest.mark.usefixtures("qapp")
def test_course_and_voting_lists_open_newest_first(qtbot: QtBot, demo_ctx: AppContext) -> None:
    for page_type, column in ((CoursePage, 3), (VotingPage, 2)):
        page = page_type(demo_ctx)
        qtbot.addWidget(page)
        page.show()
        page.activate()
        model = page.model
        qtbot.waitUntil(lambda m=model: m.rowCount() > 1, timeout=10_000)  # type: ignore[misc]
        shown = [page.model.row_values(r)[column] for r in range(page.model.rowCount())]
        assert shown == sorted(shown, reverse=True)
        header = page.table.horizontalHeader()
        assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (column, Qt.SortOrder.DescendingOrder)


@pytest.mark.usefixtures("qapp")
def test_the_saved_pdf_is_offered_under_the_proposal_code_and_the_form(
    qtbot: QtBot, demo_ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[print_preview.PrintPreview] = []

    def record(self: print_preview.PrintPreview) -> int:
        opened.append(self)
        return 0

    monkeypatch.setattr(print_preview.PrintPreview, "exec", record)
    with demo_ctx.runner.database.session() as s:
        pid, code = s.execute(select(Proposal.id, Proposal.code).limit(1)).one()
    ws = ProposalWorkspace(demo_ctx, pid, ProposalPage(demo_ctx).field_labels())
    qtbot.addWidget(ws)
    ws.show()
    qtbot.waitUntil(lambda: ws.ws is not None, timeout=10_000)
    ws.print_button.menu_.aboutToShow.emit()
    appraisal = next(a for a in ws.print_button.menu_.actions() if "thẩm định" in a.text())
    appraisal.trigger()
    qtbot.waitUntil(lambda: len(opened) == 1, timeout=15_000)
    assert opened[0].file_name == f"{code} Phiếu thẩm định.pdf"


def test_a_proposal_code_edited_to_one_in_use_is_refused_by_name(session: Session) -> None:
    forms.save(session, Proposal, None, _raw("KCĐP-2026-00001", title="Đề án thứ nhất"), "48")
    second = forms.save(session, Proposal, None, _raw("KCĐP-2026-00002", title="Đề án thứ hai"), "48")
    edited = forms.load(session, Proposal, second) | {"code": "KCĐP-2026-00001"}
    with pytest.raises(FieldError) as refused:
        forms.save(session, Proposal, second, edited, "48")
    assert refused.value.field == "code"
    assert refused.value.message.startswith("Mã đề án “KCĐP-2026-00001” đã dùng cho đề án “Đề án thứ nhất”")
    unchanged = forms.load(session, Proposal, second)
    forms.save(session, Proposal, second, unchanged, "48")  # its own code is no conflict
