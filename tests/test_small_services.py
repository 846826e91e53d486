"""Voting scores, course totals and attachments."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from desktop.models import (
    Attendance,
    CourseModule,
    Employment,
    Enrolment,
    Juror,
    Product,
    Score,
    Trainee,
    TrainingCourse,
    VotingEntry,
    VotingRound,
)
from desktop.models.enums import CourseKind, Gender, ProductGroup, VotingLevel
from desktop.services import training, voting
from desktop.store import attachments
from desktop.store.db import Database
from tests.conftest import commune, make_facility


def _entry(session: Session, totals: list[tuple[int, int, int, int]]) -> VotingEntry:
    facility = make_facility(session, commune(session, "66", "xa"))
    product = Product(
        name="Cà phê bột", product_group=ProductGroup.CHE_BIEN, facility_id=facility.id, province_code="66"
    )
    rnd = VotingRound(level=VotingLevel.TINH, year=2025, name="Bình chọn cấp tỉnh 2025", province_code="66")
    entry = VotingEntry(voting_round=rnd, product=product, product_group=ProductGroup.CHE_BIEN, province_code="66")
    for i, (a, b, c, d) in enumerate(totals):
        juror = Juror(voting_round=rnd, name=f"Giám khảo {i}", province_code="66")
        entry.scores.append(Score(juror=juror, market=a, technical=b, cultural=c, other=d, province_code="66"))
    session.add(entry)
    session.flush()
    return entry


def test_a_product_passes_with_an_average_of_70(session: Session) -> None:
    exactly = _entry(session, [(30, 30, 5, 5), (32, 28, 6, 4)])  # 70 and 70
    assert voting.entry_result(exactly).average == 70
    assert voting.entry_result(exactly).passed
    below = _entry(session, [(30, 30, 5, 5), (30, 29, 5, 5)])  # 70 and 69 → 69,5
    result = voting.entry_result(below)
    assert result.average is not None
    assert str(result.average) == "69.50"
    assert not result.passed
    assert voting.score_errors(Score(market=41, technical=40, cultural=10, other=-1)) == [
        "Điểm “Tiêu chí về đáp ứng thị trường và khả năng phát triển sản xuất” phải từ 0 đến 40",
        "Điểm “Tiêu chí khác” phải từ 0 đến 10",
    ]
    assert voting.certificate_valid_until(2025) == date(2027, 12, 31)


def test_the_pass_mark_is_compared_with_the_exact_average_tt26_dieu_17() -> None:
    """TT 26/2014 Điều 17 k.1: 70 points or more on average. 199 sheets of 70 and one of 69 average 69,995,
    shown as 70,00 — and not a pass."""
    from types import SimpleNamespace

    sheets = [SimpleNamespace(total=70, deleted_at=None)] * 199 + [SimpleNamespace(total=69, deleted_at=None)]
    result = voting.entry_result(SimpleNamespace(scores=sheets))  # type: ignore[arg-type]
    assert str(result.average) == "70.00" and not result.passed
    result = voting.entry_result(SimpleNamespace(scores=sheets[:199]))  # type: ignore[arg-type]
    assert result.passed


def test_course_totals_for_the_allowance_lists(session: Session) -> None:
    course = TrainingCourse(
        kind=CourseKind.DAO_TAO_NGHE,
        topic="Dệt thổ cẩm",
        start_date=date(2026, 3, 2),
        end_date=date(2026, 3, 6),
        meal_allowance_per_day=30_000,
        travel_allowance=200_000,
        province_code="66",
    )
    course.modules += [
        CourseModule(position=1, name="Lý thuyết", theory_hours=8, practice_hours=0, province_code="66"),
        CourseModule(position=2, name="Thực hành", theory_hours=0, practice_hours=32, province_code="66"),
    ]
    for i in range(3):
        e = Enrolment(
            trainee=Trainee(full_name=f"Học viên {i}", gender=Gender.NU, province_code="66"),
            meal_days=5 - i,
            travel_eligible=i == 0,
            certified=i < 2,
            province_code="66",
        )
        e.attendance += [Attendance(day=date(2026, 3, 2 + d), present=d < 5 - i, province_code="66") for d in range(5)]
        if i == 0:
            e.employment.append(Employment(employer_name="HTX dệt Buôn Đôn", confirmed=True, province_code="66"))
        course.enrolments.append(e)
    session.add(course)
    session.flush()
    t = training.course_totals(course)
    assert (t.trainees, t.certified, t.employed, t.theory_hours, t.practice_hours) == (3, 2, 1, 8, 32)
    assert (t.meal_days, t.meal_money, t.travel_money, t.allowance_money) == (12, 360_000, 200_000, 560_000)
    assert [training.present_days(e) for e in course.enrolments] == [5, 4, 3]


def test_attachments_are_stored_once_by_hash_and_verified(database: Database, tmp_path: Path) -> None:
    source = tmp_path / "Biên bản nghiệm thu.pdf"
    source.write_bytes(b"%PDF-1.4 bien ban")
    with database.transaction() as session:
        facility = make_facility(session, commune(session, "66", "xa"))
        first = attachments.add_file(session, database.attachments_dir, facility, source, "Bản scan")
        second = attachments.add_file(session, database.attachments_dir, facility, source)
    assert first.sha256 == second.sha256
    assert first.size == 17
    assert first.media_type == "application/pdf"
    stored = attachments.stored_path(database.attachments_dir, first.sha256)
    assert stored.read_bytes() == source.read_bytes()
    assert len(list(database.attachments_dir.rglob("*"))) == 2  # one folder, one file
    assert attachments.verify(database.attachments_dir, first)
    stored.write_bytes(b"tampered")
    assert not attachments.verify(database.attachments_dir, first)
