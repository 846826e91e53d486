"""A training course's sheet without Qt: roster, attendance by day, certificates, employment after training."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from desktop.core.dates import format_date
from desktop.core.text import clean, fold, place_name
from desktop.core.validation import FieldError
from desktop.models import Trainee
from desktop.models.training import Attendance, Employment, Enrolment, TrainingCourse
from desktop.services import forms, training
from desktop.services.forms import Field, FieldKind
from desktop.services.lifecycle import RuleViolation, alive, revive_or_add
from desktop.store import audit

MAX_DAYS = 366  # a course longer than a year is a typing error in its dates
EMPLOYMENT_FIELDS: tuple[Field, ...] = (
    Field("employer_name", required=True),
    Field("started_on", FieldKind.DATE),
    Field("confirmed", FieldKind.BOOL),
    Field("note", FieldKind.LONG_TEXT),
)


@dataclass(frozen=True)
class RosterRow:
    enrolment_id: uuid.UUID
    trainee_id: uuid.UUID
    full_name: str
    birth_date: date | None
    gender: str
    cccd: str
    place: str
    present_days: int
    travel_eligible: bool
    certified: bool
    certificate_no: str
    employment: str  # "Cơ sở X, từ 01/02/2026 (đã xác nhận)" or ""


@dataclass(frozen=True)
class RosterEdit:
    """What the roster table edits for one trainee."""

    enrolment_id: uuid.UUID
    travel_eligible: bool
    certified: bool
    certificate_no: str


@dataclass
class CourseSheet:
    id: uuid.UUID
    code: str
    topic: str
    start_date: date
    end_date: date
    certificate_decision_no: str
    certificate_decision_date: date | None
    roster: list[RosterRow]
    days: list[date]
    present: set[tuple[uuid.UUID, date]]
    totals: training.CourseTotals
    meal_allowance_per_day: int
    travel_allowance: int
    min_attendance_percent: int = 0  # the share of the days held a trainee attends to be certified; 0: no rule

    @property
    def days_held(self) -> int:
        """Days the class met: those someone is marked present (a Sunday or a holiday in the course's
        dates is no day of absence)."""
        return len({day for _enrolment, day in self.present})

    @property
    def days_needed(self) -> int:
        """Days a trainee attends to be certified under the course's rule, rounded up (80 % of 9 days is 8);
        0 without a rule or before any attendance is taken."""
        if not self.min_attendance_percent:
            return 0
        return -(-self.days_held * self.min_attendance_percent // 100)

    def below_attendance(self, edits: Sequence[RosterEdit]) -> list[str]:
        """Trainees given a certificate by ``edits`` (not certified before) who attended fewer days than the
        course's rule asks, as staff read them ("Nguyễn Văn An: có mặt 5/10 ngày"); empty without a rule or
        before any attendance is taken."""
        held, needed = self.days_held, self.days_needed
        if not needed:
            return []
        rows = {r.enrolment_id: r for r in self.roster}
        return [
            f"{row.full_name}: có mặt {row.present_days}/{held} ngày"
            for edit in edits
            if edit.certified
            and (row := rows.get(edit.enrolment_id)) is not None
            and not row.certified
            and row.present_days < needed
        ]


def course_days(start: date, end: date) -> list[date]:
    """Every calendar day of the course (the attendance grid's columns)."""
    if end < start:
        return []
    count = min((end - start).days + 1, MAX_DAYS)
    return [start + timedelta(days=n) for n in range(count)]


def roster_order(full_name: str) -> tuple[str, str]:
    """Class lists go by given name (the last word), then the whole name, ignoring accents: An before Bình."""
    folded = fold(full_name)
    return (folded.rsplit(" ", 1)[-1], folded)


def _course(session: Session, course_id: uuid.UUID) -> TrainingCourse:
    course = session.get(TrainingCourse, course_id)
    if course is None or course.deleted_at is not None:
        raise LookupError("Lớp đào tạo không còn trong dữ liệu (có thể đã bị xóa)")
    return course


def _employment_text(enrolment: Enrolment) -> str:
    jobs = alive(enrolment.employment)
    if not jobs:
        return ""
    job = jobs[-1]
    since = f", từ {format_date(job.started_on)}" if job.started_on else ""
    confirmed = " (đã xác nhận)" if job.confirmed else ""
    return f"{job.employer_name}{since}{confirmed}"


def load(session: Session, course_id: uuid.UUID) -> CourseSheet:
    course = _course(session, course_id)
    enrolments = sorted(alive(course.enrolments), key=lambda e: roster_order(e.trainee.full_name))
    roster = [
        RosterRow(
            enrolment_id=e.id,
            trainee_id=e.trainee_id,
            full_name=e.trainee.full_name,
            birth_date=e.trainee.birth_date,
            gender=e.trainee.gender.label,
            cccd=e.trainee.cccd or "",
            place=place_name(e.trainee.commune, e.trainee.address),
            present_days=training.present_days(e),
            travel_eligible=e.travel_eligible,
            certified=e.certified,
            certificate_no=e.certificate_no,
            employment=_employment_text(e),
        )
        for e in enrolments
    ]
    present = {(a.enrolment_id, a.day) for e in enrolments for a in alive(e.attendance) if a.present}
    return CourseSheet(
        id=course.id,
        code=course.code,
        topic=course.topic,
        start_date=course.start_date,
        end_date=course.end_date,
        certificate_decision_no=course.certificate_decision_no,
        certificate_decision_date=course.certificate_decision_date,
        roster=roster,
        days=course_days(course.start_date, course.end_date),
        present=present,
        totals=training.course_totals(course),
        meal_allowance_per_day=course.meal_allowance_per_day,
        travel_allowance=course.travel_allowance,
        min_attendance_percent=course.min_attendance_percent,
    )


def enrol(session: Session, course_id: uuid.UUID, trainee_id: uuid.UUID) -> str:
    """Put a trainee on the roster (back on it, if they had been taken off); returns the trainee's name."""
    course = _course(session, course_id)
    trainee = session.get(Trainee, trainee_id)
    if trainee is None or trainee.deleted_at is not None:
        raise LookupError("Học viên không còn trong dữ liệu")
    revive_or_add(
        course.enrolments,
        lambda e: e.trainee_id == trainee_id,
        lambda: Enrolment(province_code=course.province_code, trainee_id=trainee_id),
        f"“{trainee.full_name}” đã có trong danh sách lớp",
    )
    return trainee.full_name


def create_and_enrol(session: Session, course_id: uuid.UUID, raw: Mapping[str, Any], province_code: str) -> str:
    """A new trainee from the trainee form, put on the roster in the same action."""
    trainee_id = forms.save(session, Trainee, None, raw, province_code)
    return enrol(session, course_id, trainee_id)


def unenrol(session: Session, enrolment_id: uuid.UUID) -> None:
    enrolment = session.get(Enrolment, enrolment_id)
    if enrolment is None:
        raise LookupError("Học viên không còn trong danh sách lớp")
    if enrolment.certified:
        raise RuleViolation(f"“{enrolment.trainee.full_name}” đã được cấp chứng chỉ, không bỏ khỏi lớp được")
    audit.soft_delete(enrolment)


def save_attendance(session: Session, course_id: uuid.UUID, present: Iterable[tuple[uuid.UUID, date]]) -> None:
    """Store the whole grid: a row per trainee and day marked; meal days follow the days present."""
    course = _course(session, course_id)
    days = set(course_days(course.start_date, course.end_date))
    marked = set(present)
    enrolments = {e.id: e for e in alive(course.enrolments)}
    for enrolment_id, day in marked:
        if enrolment_id not in enrolments:
            raise RuleViolation("Có học viên trong bảng điểm danh không còn trong danh sách lớp")
        if day not in days:
            raise RuleViolation(f"Ngày {format_date(day)} nằm ngoài thời gian của lớp")
    for enrolment in enrolments.values():
        rows = {a.day: a for a in enrolment.attendance}
        for day in sorted(days):
            is_present = (enrolment.id, day) in marked
            row = rows.get(day)
            if row is None:
                if is_present:
                    enrolment.attendance.append(Attendance(province_code=course.province_code, day=day, present=True))
            else:
                if row.deleted_at is not None and is_present:
                    audit.restore(row)
                if row.present != is_present:
                    row.present = is_present
        days_present = training.present_days(enrolment)
        if enrolment.meal_days != days_present:
            enrolment.meal_days = days_present


def number_certificates(rows: Sequence[RosterEdit], prefix: str, start: int = 1) -> list[RosterEdit]:
    """Give every certified trainee without a number the next free one: prefix-001, prefix-002…
    (``training.certificate_prefix`` gives a course's prefix)."""
    taken = {r.certificate_no for r in rows if r.certificate_no}
    n = start
    numbered: list[RosterEdit] = []
    for r in rows:
        if r.certified and not r.certificate_no:
            while training.certificate_number(prefix, n) in taken:
                n += 1
            number = training.certificate_number(prefix, n)
            taken.add(number)
            r = RosterEdit(r.enrolment_id, r.travel_eligible, r.certified, number)
        numbered.append(r)
    return numbered


def save_roster(
    session: Session,
    course_id: uuid.UUID,
    edits: Sequence[RosterEdit],
    decision_no: str,
    decision_date: date | None,
) -> None:
    """Travel support, certificates and the certificate decision, checked as a whole before anything is stored."""
    course = _course(session, course_id)
    enrolments = {e.id: e for e in alive(course.enrolments)}
    seen: dict[str, str] = {}
    for n, edit in enumerate(edits, start=1):
        enrolment = enrolments.get(edit.enrolment_id)
        if enrolment is None:
            raise RuleViolation(f"Dòng {n}: học viên không còn trong danh sách lớp")
        name = enrolment.trainee.full_name
        number = clean(edit.certificate_no)
        if edit.certified and not number:
            raise FieldError("certificate_no", f"Dòng {n} “{name}”: nhập số chứng chỉ")
        if number in seen:
            raise FieldError("certificate_no", f"Dòng {n} “{name}”: số chứng chỉ {number} trùng với “{seen[number]}”")
        if number:
            seen[number] = name
    decision_no = clean(decision_no)
    if any(e.certified for e in edits) and not decision_no:
        raise FieldError("certificate_decision_no", "Nhập số quyết định cấp chứng chỉ")
    for edit in edits:
        enrolment = enrolments[edit.enrolment_id]
        number = clean(edit.certificate_no)
        for key, value in (
            ("travel_eligible", edit.travel_eligible),
            ("certified", edit.certified),
            ("certificate_no", number),
        ):
            if getattr(enrolment, key) != value:
                setattr(enrolment, key, value)
    if course.certificate_decision_no != decision_no:
        course.certificate_decision_no = decision_no
    if course.certificate_decision_date != decision_date:
        course.certificate_decision_date = decision_date


def employment_values(session: Session, enrolment_id: uuid.UUID) -> dict[str, Any]:
    """The employment form of a trainee, with the last job recorded (if any)."""
    enrolment = session.get(Enrolment, enrolment_id)
    if enrolment is None:
        raise LookupError("Học viên không còn trong danh sách lớp")
    jobs = alive(enrolment.employment)
    job = jobs[-1] if jobs else None
    return {f.key: forms.display(f, getattr(job, f.key) if job else None) for f in EMPLOYMENT_FIELDS}


def record_employment(session: Session, enrolment_id: uuid.UUID, raw: Mapping[str, Any]) -> str:
    """Where the trainee works after the course (the last record is updated, else one is added)."""
    enrolment = session.get(Enrolment, enrolment_id)
    if enrolment is None or enrolment.deleted_at is not None:
        raise LookupError("Học viên không còn trong danh sách lớp")
    values, errors = forms.parse(EMPLOYMENT_FIELDS, raw)
    if errors:
        key, message = next(iter(errors.items()))
        raise FieldError(key, message)
    if values["started_on"] is not None and values["started_on"] < enrolment.course.start_date:
        raise FieldError("started_on", "Ngày bắt đầu làm việc trước ngày khai giảng")
    jobs = alive(enrolment.employment)
    job = jobs[-1] if jobs else None
    if job is None:
        job = Employment(province_code=enrolment.province_code)
        enrolment.employment.append(job)
    for key, value in values.items():
        if getattr(job, key, None) != value:
            setattr(job, key, value)
    return enrolment.trainee.full_name
