"""A course's roster, attendance grid, certificates and employment, without Qt."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from desktop.core.validation import FieldError
from desktop.models import Trainee, TrainingCourse
from desktop.models.enums import CourseKind, Gender
from desktop.services import course_sheet
from desktop.services.course_sheet import RosterEdit
from desktop.services.lifecycle import RuleViolation
from desktop.store.db import Database


@pytest.fixture
def course_id(database: Database) -> uuid.UUID:
    with database.transaction("can-bo") as session:
        course = TrainingCourse(
            province_code="66",
            code="DT-01",
            kind=CourseKind.TRUYEN_NGHE,
            topic="Truyền nghề dệt thổ cẩm",
            start_date=date(2026, 3, 2),
            end_date=date(2026, 3, 6),
            meal_allowance_per_day=30_000,
            travel_allowance=200_000,
        )
        session.add(course)
        session.flush()
        return course.id


def trainee(database: Database, name: str) -> uuid.UUID:
    with database.transaction("can-bo") as session:
        t = Trainee(province_code="66", full_name=name, gender=Gender.NU)
        session.add(t)
        session.flush()
        return t.id


def sheet(database: Database, course_id: uuid.UUID) -> course_sheet.CourseSheet:
    with database.session() as session:
        return course_sheet.load(session, course_id)


def test_roster_attendance_and_the_allowance_money_follow_the_days_present(
    database: Database, course_id: uuid.UUID
) -> None:
    a, b = trainee(database, "H'Nhi Niê"), trainee(database, "Y Bhim")
    with database.transaction("can-bo") as session:
        course_sheet.enrol(session, course_id, a)
        course_sheet.enrol(session, course_id, b)
    with pytest.raises(RuleViolation, match="đã có trong danh sách lớp"), database.transaction("x") as session:
        course_sheet.enrol(session, course_id, a)
    s = sheet(database, course_id)
    assert [r.full_name for r in s.roster] == ["Y Bhim", "H'Nhi Niê"]  # by given name: Bhim before Niê
    assert len(s.days) == 5
    first, second = (r.enrolment_id for r in s.roster)
    grid = {(first, d) for d in s.days} | {(second, s.days[0]), (second, s.days[1])}
    with database.transaction("can-bo") as session:
        course_sheet.save_attendance(session, course_id, grid)
    s = sheet(database, course_id)
    assert [r.present_days for r in s.roster] == [5, 2]
    assert s.totals.meal_days == 7
    assert s.totals.meal_money == 7 * 30_000
    # Unticking a day keeps the row (marked absent) and the money follows.
    with database.transaction("can-bo") as session:
        course_sheet.save_attendance(session, course_id, grid - {(first, s.days[4])})
    s = sheet(database, course_id)
    assert [r.present_days for r in s.roster] == [4, 2]
    assert s.present == grid - {(first, s.days[4])}


def test_a_day_outside_the_course_is_refused(database: Database, course_id: uuid.UUID) -> None:
    a = trainee(database, "Nguyễn Thị Lan")
    with database.transaction("can-bo") as session:
        course_sheet.enrol(session, course_id, a)
    enrolment = sheet(database, course_id).roster[0].enrolment_id
    with pytest.raises(RuleViolation, match="Ngày 09/03/2026 nằm ngoài"), database.transaction("x") as session:
        course_sheet.save_attendance(session, course_id, {(enrolment, date(2026, 3, 9))})


def test_certificates_need_a_unique_number_and_the_decision(database: Database, course_id: uuid.UUID) -> None:
    ids = [trainee(database, n) for n in ("An", "Bình", "Chi")]
    with database.transaction("can-bo") as session:
        for t in ids:
            course_sheet.enrol(session, course_id, t)
    rows = sheet(database, course_id).roster
    edits = [RosterEdit(r.enrolment_id, False, True, "") for r in rows]
    with pytest.raises(FieldError, match="Dòng 1 “An”: nhập số chứng chỉ"), database.transaction("x") as session:
        course_sheet.save_roster(session, course_id, edits, "15/QĐ-KC", date(2026, 3, 6))
    numbered = course_sheet.number_certificates(
        [RosterEdit(rows[0].enrolment_id, True, True, "DT01-002"), *edits[1:]], "DT01"
    )
    assert [e.certificate_no for e in numbered] == ["DT01-002", "DT01-001", "DT01-003"]
    duplicate = [numbered[0], RosterEdit(rows[1].enrolment_id, False, True, "DT01-002"), numbered[2]]
    with pytest.raises(FieldError, match="trùng với “An”"), database.transaction("x") as session:
        course_sheet.save_roster(session, course_id, duplicate, "15/QĐ-KC", None)
    with pytest.raises(FieldError, match="số quyết định"), database.transaction("x") as session:
        course_sheet.save_roster(session, course_id, numbered, "", None)
    with database.transaction("can-bo") as session:
        course_sheet.save_roster(session, course_id, numbered, "15/QĐ-KC", date(2026, 3, 6))
    s = sheet(database, course_id)
    assert [(r.certified, r.certificate_no, r.travel_eligible) for r in s.roster] == [
        (True, "DT01-002", True),
        (True, "DT01-001", False),
        (True, "DT01-003", False),
    ]
    assert s.totals.certified == 3
    assert s.totals.travel_money == 200_000
    assert s.certificate_decision_no == "15/QĐ-KC"
    with pytest.raises(RuleViolation, match="đã được cấp chứng chỉ"), database.transaction("x") as session:
        course_sheet.unenrol(session, s.roster[0].enrolment_id)


def test_new_trainee_and_employment_after_training(database: Database, course_id: uuid.UUID) -> None:
    with database.transaction("can-bo") as session:
        course_sheet.create_and_enrol(
            session, course_id, {"full_name": "Lò Thị Mai", "gender": "nu", "priority_group": "dan_toc_thieu_so"}, "66"
        )
    row = sheet(database, course_id).roster[0]
    assert row.full_name == "Lò Thị Mai"
    with pytest.raises(FieldError) as early, database.transaction("x") as session:
        course_sheet.record_employment(session, row.enrolment_id, {"employer_name": "HTX", "started_on": "01/01/2026"})
    assert early.value.field == "started_on"
    with database.transaction("can-bo") as session:
        course_sheet.record_employment(
            session,
            row.enrolment_id,
            {"employer_name": "HTX dệt Buôn Jun", "started_on": "01/04/2026", "confirmed": True},
        )
    s = sheet(database, course_id)
    assert s.roster[0].employment == "HTX dệt Buôn Jun, từ 01/04/2026 (đã xác nhận)"
    assert s.totals.employed == 1
    with database.session() as session:
        assert course_sheet.employment_values(session, row.enrolment_id)["employer_name"] == "HTX dệt Buôn Jun"
