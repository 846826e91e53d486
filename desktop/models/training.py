"""Training courses (lớp đào tạo), trainees (học viên), attendance, certificates and employment after training."""

import uuid
from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.models.base import Base, Synced, enum_column, live_index, money_column, search_column
from desktop.models.enums import CourseKind, Gender, PriorityGroup
from desktop.models.facility import Facility
from desktop.models.proposal import Proposal
from desktop.models.reference import Commune


class TrainingCourse(Synced, Base):
    """A short course, usually part of a proposal: plan (Mẫu 11), programme (Mẫu 12), roster, allowances."""

    __tablename__ = "training_course"
    __table_args__ = (live_index("training_course"),)

    search_text: Mapped[str] = search_column()

    proposal_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("proposal.id"), index=True)
    code: Mapped[str] = mapped_column(String(32), default="")
    kind: Mapped[CourseKind] = enum_column(CourseKind)
    topic: Mapped[str] = mapped_column(String(300))
    venue: Mapped[str] = mapped_column(String(300), default="")
    commune_code: Mapped[str | None] = mapped_column(ForeignKey("commune.code"))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    planned_trainees: Mapped[int] = mapped_column(Integer, default=0)
    meal_allowance_per_day: Mapped[int] = money_column()
    travel_allowance: Mapped[int] = money_column()
    # The share of the course's days a trainee attends to be certified, as the centre's rules or the
    # proposal set it (no text in force fixes one for khuyến công courses); 0: no rule.
    min_attendance_percent: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    certificate_decision_no: Mapped[str] = mapped_column(String(64), default="")
    certificate_decision_date: Mapped[date | None] = mapped_column(Date)

    proposal: Mapped[Proposal | None] = relationship()
    commune: Mapped[Commune | None] = relationship()
    modules: Mapped[list["CourseModule"]] = relationship(back_populates="course", order_by="CourseModule.position")
    trainers: Mapped[list["CourseTrainer"]] = relationship(back_populates="course")
    enrolments: Mapped[list["Enrolment"]] = relationship(back_populates="course")


class CourseModule(Synced, Base):
    """A module of the course programme with its theory and practice hours (Mẫu 12)."""

    __tablename__ = "course_module"

    course_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("training_course.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(300))
    theory_hours: Mapped[int] = mapped_column(Integer, default=0)
    practice_hours: Mapped[int] = mapped_column(Integer, default=0)

    course: Mapped[TrainingCourse] = relationship(back_populates="modules")


class CourseTrainer(Synced, Base):
    """A trainer of a course (often an artisan)."""

    __tablename__ = "course_trainer"

    course_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("training_course.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    title: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")

    course: Mapped[TrainingCourse] = relationship(back_populates="trainers")


class Trainee(Synced, Base):
    """Học viên: a person, who may attend several courses over the years."""

    __tablename__ = "trainee"
    __table_args__ = (live_index("trainee"),)

    search_text: Mapped[str] = search_column()

    full_name: Mapped[str] = mapped_column(String(120))
    birth_date: Mapped[date | None] = mapped_column(Date)
    gender: Mapped[Gender] = enum_column(Gender)
    ethnicity: Mapped[str] = mapped_column(String(40), default="Kinh")
    cccd: Mapped[str | None] = mapped_column(String(12), index=True)
    commune_code: Mapped[str | None] = mapped_column(ForeignKey("commune.code"), index=True)
    address: Mapped[str] = mapped_column(String(300), default="")
    priority_group: Mapped[PriorityGroup] = enum_column(PriorityGroup, default=PriorityGroup.KHONG)
    phone: Mapped[str] = mapped_column(String(20), default="")

    commune: Mapped[Commune | None] = relationship()


class Enrolment(Synced, Base):
    """A trainee on a course's roster: allowances paid, certificate received."""

    __tablename__ = "enrolment"
    __table_args__ = (UniqueConstraint("course_id", "trainee_id"),)

    course_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("training_course.id"), index=True)
    trainee_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("trainee.id"), index=True)
    meal_days: Mapped[int] = mapped_column(Integer, default=0)
    travel_eligible: Mapped[bool] = mapped_column(Boolean, default=False)
    certificate_no: Mapped[str] = mapped_column(String(32), default="")
    certified: Mapped[bool] = mapped_column(Boolean, default=False)

    course: Mapped[TrainingCourse] = relationship(back_populates="enrolments")
    trainee: Mapped[Trainee] = relationship()
    attendance: Mapped[list["Attendance"]] = relationship(back_populates="enrolment", order_by="Attendance.day")
    employment: Mapped[list["Employment"]] = relationship(back_populates="enrolment")


class Attendance(Synced, Base):
    """Presence of one enrolled trainee on one session day."""

    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("enrolment_id", "day"),)

    enrolment_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("enrolment.id"), index=True)
    day: Mapped[date] = mapped_column(Date)
    present: Mapped[bool] = mapped_column(Boolean, default=True)

    enrolment: Mapped[Enrolment] = relationship(back_populates="attendance")


class Employment(Synced, Base):
    """Work after training, confirmed by the employer (TT 36/2013 Điều 14 khoản 1)."""

    __tablename__ = "employment"

    enrolment_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("enrolment.id"), index=True)
    employer_facility_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("facility.id"))
    employer_name: Mapped[str] = mapped_column(String(300), default="")
    started_on: Mapped[date | None] = mapped_column(Date)
    confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str] = mapped_column(Text, default="")

    enrolment: Mapped[Enrolment] = relationship(back_populates="employment")
    employer: Mapped[Facility | None] = relationship()
