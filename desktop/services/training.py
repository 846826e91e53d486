"""Training courses: hours, attendance and the allowances paid to trainees."""

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
