"""A record others still count on is not deleted from under them, and what is deleted counts nowhere."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.models import (
    Enrolment,
    Facility,
    Proposal,
    ProposalBeneficiary,
    Trainee,
    TrainingCourse,
    VotingRound,
)
from desktop.models.enums import CourseKind, Gender, ProductGroup, VotingLevel
from desktop.services import course_sheet, voting_sheet
from desktop.services.deletion import StillUsed, set_deleted
from desktop.services.listing import COURSES, TRAINEES, ListQuery
from desktop.store import audit
from desktop.store.db import Database
from desktop.ui.context import AppContext
from desktop.ui.main_window import MainWindow
from tests.conftest import commune, make_facility
from tests.qt_fixtures import settled
from tests.sync_fixtures import new_proposal


def _course(database: Database, code: str = "DT01") -> tuple[uuid.UUID, uuid.UUID]:
    """A course with one trainee on its list: (course id, trainee id)."""
    with database.transaction("lan") as session:
        course = TrainingCourse(
            province_code="48",
            code=code,
            kind=CourseKind.TRUYEN_NGHE,
            topic="Truyền nghề mây tre đan",
            start_date=date(2026, 5, 4),
            end_date=date(2026, 5, 6),
        )
        trainee = Trainee(province_code="48", full_name="Trần Văn Bình", gender=Gender.NAM)
        session.add_all([course, trainee])
        session.flush()
        course_sheet.enrol(session, course.id, trainee.id)
        return course.id, trainee.id


def _count(database: Database, listing: object, row_id: uuid.UUID, column: str) -> object:
    from desktop.services.listing import Listing

    assert isinstance(listing, Listing)
    with database.session() as session:
        rows = listing.page(session, ListQuery(), None, 100)
    index = [c.key for c in listing.columns].index(column)
    return next(r.values[index] for r in rows if r.id == row_id)


def test_a_trainee_on_a_class_list_is_taken_off_it_before_being_deleted(database: Database) -> None:
    course_id, trainee_id = _course(database)
    with database.transaction("lan") as session, pytest.raises(StillUsed) as refused:
        set_deleted(session, Trainee, trainee_id, True)
    assert str(refused.value) == "Không xóa được học viên “Trần Văn Bình”: học viên có tên trong danh sách lớp DT01"
    with database.transaction("lan") as session:
        enrolment = session.scalars(select(Enrolment)).one()
        course_sheet.unenrol(session, enrolment.id)
    with database.transaction("lan") as session:
        set_deleted(session, Trainee, trainee_id, True)
    assert _count(database, COURSES, course_id, "enrolled") == 0


def test_a_deleted_course_is_no_course_of_its_trainees(database: Database) -> None:
    course_id, trainee_id = _course(database)
    assert _count(database, TRAINEES, trainee_id, "courses") == 1
    with database.transaction("lan") as session:
        set_deleted(session, TrainingCourse, course_id, True)
    assert _count(database, TRAINEES, trainee_id, "courses") == 0
    with database.transaction("lan") as session, pytest.raises(StillUsed, match="danh sách lớp DT01"):
        set_deleted(session, Trainee, trainee_id, True)  # the course, restored, would count them again


def test_a_trainee_deleted_on_another_pc_is_counted_as_the_roster_shows_them(database: Database) -> None:
    """Sync may bring a deletion this PC would have refused: the trainee stays on the roster (their attendance
    and allowances were real), and the class counts them as its roster shows them."""
    course_id, trainee_id = _course(database)
    with database.transaction("lan") as session:
        trainee = session.get(Trainee, trainee_id)
        assert trainee is not None
        audit.soft_delete(trainee)
    with database.session() as session:
        assert [r.full_name for r in course_sheet.load(session, course_id).roster] == ["Trần Văn Bình"]
    assert _count(database, COURSES, course_id, "enrolled") == 1


def test_a_beneficiary_or_a_product_entered_for_voting_keeps_its_facility(database: Database) -> None:
    proposal_id = new_proposal(database, "KCĐP-2026-00007")
    with database.transaction("lan") as session:
        facility = make_facility(session, commune(session, "48", "xa"), name="Cơ sở gốm Phước Tích")
        other = make_facility(session, commune(session, "48", "xa"), name="Cơ sở đan lát")
        session.flush()
        session.add(ProposalBeneficiary(proposal_id=proposal_id, facility_id=facility.id, province_code="48"))
        voting = VotingRound(province_code="48", name="Bình chọn cấp tỉnh 2026", level=VotingLevel.TINH, year=2026)
        session.add(voting)
        session.flush()
        voting_sheet.register(session, voting.id, other.id, "Giỏ đan", ProductGroup.THU_CONG_MY_NGHE, "")
        ids = facility.id, other.id
    with database.transaction("lan") as session, pytest.raises(StillUsed, match="thụ hưởng của đề án KCĐP-2026-00007"):
        set_deleted(session, Facility, ids[0], True)
    with database.transaction("lan") as session, pytest.raises(StillUsed, match="Bình chọn cấp tỉnh 2026"):
        set_deleted(session, Facility, ids[1], True)
    with database.session() as session:
        assert session.scalars(select(Facility.deleted_at)).all() == [None, None]


@pytest.mark.usefixtures("qapp")
def test_the_delete_key_on_a_trainee_on_a_class_list_says_why_not(
    qtbot: QtBot, ctx: AppContext, errors: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _course(ctx.runner.database)
    window = MainWindow(ctx, "dao-tao")
    qtbot.addWidget(window)
    window.show()
    settled(qtbot, ctx)
    page = window.training.trainees
    window.training.tabs.setCurrentWidget(page)
    settled(qtbot, ctx)
    assert page.model.rowCount() == 1
    page.table.selectRow(0)
    page.table.setFocus()
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)  # type: ignore[no-untyped-call]
    settled(qtbot, ctx)
    assert errors == ["Không xóa được học viên “Trần Văn Bình”: học viên có tên trong danh sách lớp DT01"]
    assert page.model.rowCount() == 1
    window.close()


def test_a_record_is_not_brought_back_pointing_at_one_deleted_since(database: Database) -> None:
    """A proposal deleted, its beneficiary deleted after it, the proposal restored: it named a facility that
    was gone (in its workspace and on Mẫu 01)."""
    proposal_id = new_proposal(database, "KCĐP-2026-00007")
    with database.transaction("lan") as session:
        facility = make_facility(session, commune(session, "48", "xa"), name="Cơ sở gốm Phước Tích")
        session.flush()
        link = ProposalBeneficiary(proposal_id=proposal_id, facility_id=facility.id, province_code="48")
        session.add(link)
        session.flush()
        facility_id, link_id = facility.id, link.id
    with database.transaction("lan") as session:
        set_deleted(session, Proposal, proposal_id, True)
        gone = session.get(ProposalBeneficiary, link_id)
        assert gone is not None
        audit.soft_delete(gone)  # as removing the beneficiary does
        set_deleted(session, Facility, facility_id, True)
        audit.restore(gone)  # as a sync from a PC that still had the link could do
    with database.transaction("lan") as session, pytest.raises(StillUsed) as refused:
        set_deleted(session, Proposal, proposal_id, False)
    assert str(refused.value) == (
        "Không khôi phục được đề án KCĐP-2026-00007: cơ sở “Cơ sở gốm Phước Tích” đã bị xóa (khôi phục trước)"
    )


def test_a_proposal_that_organised_courses_keeps_them(database: Database) -> None:
    proposal_id = new_proposal(database, "KCĐP-2026-00009")
    course_id, _trainee_id = _course(database)
    with database.transaction("lan") as session:
        course = session.get(TrainingCourse, course_id)
        assert course is not None
        course.proposal_id = proposal_id
    with database.transaction("lan") as session, pytest.raises(StillUsed, match="có lớp đào tạo DT01"):
        set_deleted(session, Proposal, proposal_id, True)
