"""Periodic reports to the Sở and the ministry (TT 36/2013 Điều 21–23): a month, a quarter or a year,
by content group and by proposal, with the indicators and the disbursement. Printed and exported alike."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.core.errors import Refused
from desktop.models import (
    Acceptance,
    ActivityType,
    Advance,
    ContentGroup,
    Enrolment,
    Proposal,
    Settlement,
    TrainingCourse,
)
from desktop.services.dashboard import FUNDED
from desktop.store import storage


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    label: str  # "Quý III năm 2026"

    @property
    def year(self) -> int:
        return self.start.year


def parse_period(text: str) -> Period:
    """ "2026" (the year), "2026-Q3" (a quarter) or "2026-09" (a month)."""
    cleaned = text.strip().upper()
    if m := re.fullmatch(r"(\d{4})", cleaned):
        year = int(m[1])
        return Period(date(year, 1, 1), date(year, 12, 31), f"Năm {year}")
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", cleaned):
        year, quarter = int(m[1]), int(m[2])
        start = date(year, 3 * quarter - 2, 1)
        end = (date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)) - timedelta(days=1)
        return Period(start, end, f"Quý {['I', 'II', 'III', 'IV'][quarter - 1]} năm {year}")
    if (m := re.fullmatch(r"(\d{4})-(\d{1,2})", cleaned)) and 1 <= int(m[2]) <= 12:
        year, month = int(m[1]), int(m[2])
        end = (date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)) - timedelta(days=1)
        return Period(date(year, month, 1), end, f"Tháng {month} năm {year}")
    raise Refused(f"Kỳ báo cáo “{text}” không hợp lệ: ghi năm (2026), quý (2026-Q3) hoặc tháng (2026-09)")


@dataclass(frozen=True)
class GroupRow:
    name: str
    proposals: int  # of the plan year, approved or further
    approved_support: int
    advanced_in_period: int
    advanced_to_date: int
    accepted_in_period: int
    settled_to_date: int = 0  # paid out for good: the settled amounts (the disbursement)


@dataclass(frozen=True)
class ProposalRow:
    code: str
    title: str
    group: str
    status: str
    approved_support: int
    advanced_in_period: int
    advanced_to_date: int
    settled_to_date: int = 0

    @property
    def disbursement_percent(self) -> float:
        """Disbursed for good (settled after acceptance, TT 36/2013 Điều 18–19) over approved; an advance
        is not yet a disbursement — it may be refunded."""
        return 100.0 * self.settled_to_date / self.approved_support if self.approved_support else 0.0


@dataclass
class PeriodicReport:
    period: Period
    groups: list[GroupRow] = field(default_factory=list)
    proposals: list[ProposalRow] = field(default_factory=list)
    courses: int = 0
    trainees: int = 0
    certified: int = 0

    @property
    def approved_support(self) -> int:
        return sum(g.approved_support for g in self.groups)

    @property
    def advanced_to_date(self) -> int:
        return sum(g.advanced_to_date for g in self.groups)

    @property
    def advanced_in_period(self) -> int:
        return sum(g.advanced_in_period for g in self.groups)

    @property
    def settled_to_date(self) -> int:
        return sum(g.settled_to_date for g in self.groups)

    @property
    def disbursement_percent(self) -> float:
        return 100.0 * self.settled_to_date / self.approved_support if self.approved_support else 0.0


# The tables the report reads: a row of one that breaks a rule or points nowhere would be left out.
_READ = ("proposal", "activity_type", "content_group", "advance", "settlement", "acceptance")


def periodic_report(session: Session, period: Period) -> PeriodicReport:
    """The plan year's funded proposals with the money advanced in the period and up to its end.
    :class:`storage.Unusable` when a row is damaged: a report that leaves it out would be wrong."""
    storage.rows_sound(session, _READ)
    report = PeriodicReport(period)
    proposals = session.scalars(
        select(Proposal)
        .join(ActivityType, ActivityType.code == Proposal.activity_type_code)
        .join(ContentGroup, ContentGroup.code == ActivityType.content_group_code)
        .where(Proposal.deleted_at.is_(None), Proposal.plan_year == period.year, Proposal.status.in_(FUNDED))
        .order_by(ContentGroup.position, Proposal.code)
    ).all()
    advances = session.execute(
        select(Advance.proposal_id, Advance.paid_on, Advance.amount).where(
            Advance.deleted_at.is_(None),
            Advance.paid_on <= period.end,
            Advance.proposal_id.in_([p.id for p in proposals]),
        )
    ).all()
    settled: dict[object, int] = {}  # the latest settlement of each proposal up to the period's end
    for pid, amount in session.execute(
        select(Settlement.proposal_id, Settlement.settled_amount)
        .where(
            Settlement.deleted_at.is_(None),
            Settlement.settled_on <= period.end,
            Settlement.proposal_id.in_([p.id for p in proposals]),
        )
        .order_by(Settlement.settled_on, Settlement.created_at)
    ):
        settled[pid] = amount
    accepted = set(
        session.scalars(
            select(Acceptance.proposal_id).where(
                Acceptance.deleted_at.is_(None), Acceptance.accepted_on.between(period.start, period.end)
            )
        )
    )
    groups: dict[str, list[ProposalRow]] = {}
    accepted_by_group: dict[str, int] = {}
    for p in proposals:
        paid = [(on, amount) for pid, on, amount in advances if pid == p.id]
        group = p.activity_type.content_group.name
        row = ProposalRow(
            p.code,
            p.title,
            group,
            p.status.label,
            p.approved_support or 0,
            sum(a for on, a in paid if on >= period.start),
            sum(a for _on, a in paid),
            settled.get(p.id, 0),
        )
        report.proposals.append(row)
        groups.setdefault(group, []).append(row)
        accepted_by_group[group] = accepted_by_group.get(group, 0) + (p.id in accepted)
    report.groups = [
        GroupRow(
            name,
            len(rows),
            sum(r.approved_support for r in rows),
            sum(r.advanced_in_period for r in rows),
            sum(r.advanced_to_date for r in rows),
            accepted_by_group.get(name, 0),
            sum(r.settled_to_date for r in rows),
        )
        for name, rows in groups.items()
    ]
    in_period = (
        TrainingCourse.deleted_at.is_(None),
        TrainingCourse.end_date.between(period.start, period.end),
    )
    report.courses = session.scalar(select(func.count()).select_from(TrainingCourse).where(*in_period)) or 0
    enrolled = (
        select(func.count(), func.count().filter(Enrolment.certified.is_(True)))
        .select_from(Enrolment)
        .join(TrainingCourse, TrainingCourse.id == Enrolment.course_id)
        .where(Enrolment.deleted_at.is_(None), *in_period)
    )
    trainees, certified = session.execute(enrolled).one()
    report.trainees, report.certified = int(trainees or 0), int(certified or 0)
    return report
