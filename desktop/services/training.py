"""Training courses: hours, attendance, the allowances paid to trainees and the numbers of their certificates."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.models.training import Enrolment, TrainingCourse


@dataclass(frozen=True)
class CourseTotals:
    trainees: int
    certified: int
    employed: int
    theory_hours: int
    practice_hours: int
    meal_days: int
    meal_money: int
    travel_money: int

    @property
    def allowance_money(self) -> int:
        return self.meal_money + self.travel_money


def present_days(enrolment: Enrolment) -> int:
    return sum(1 for a in enrolment.attendance if a.present and a.deleted_at is None)


def course_totals(course: TrainingCourse) -> CourseTotals:
    """Roster counts and the money for the signed allowance lists (meals per day present, travel per course)."""
    roster = [e for e in course.enrolments if e.deleted_at is None]
    modules = [m for m in course.modules if m.deleted_at is None]
    meal_days = sum(e.meal_days for e in roster)
    travellers = sum(1 for e in roster if e.travel_eligible)
    return CourseTotals(
        trainees=len(roster),
        certified=sum(1 for e in roster if e.certified),
        employed=sum(1 for e in roster if any(j.deleted_at is None for j in e.employment)),
        theory_hours=sum(m.theory_hours for m in modules),
        practice_hours=sum(m.practice_hours for m in modules),
        meal_days=meal_days,
        meal_money=meal_days * course.meal_allowance_per_day,
        travel_money=travellers * course.travel_allowance,
    )


CERTIFICATE_DIGITS = 3
NO_COURSE_CODE = "CC"


def certificate_prefix(course_code: str) -> str:
    """What a course's certificate numbers begin with: the course's code (its spaces dropped), so a number
    names its course ("LĐT-2026-0012-007"); "CC" for a course without a code."""
    return "".join(course_code.split()) or NO_COURSE_CODE


def certificate_number(prefix: str, n: int) -> str:
    """The ``n``-th certificate of a course: the one numbering the app gives, the demo data and the printed
    lists show."""
    return f"{prefix}-{n:0{CERTIFICATE_DIGITS}d}"
