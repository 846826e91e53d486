"""Tổng quan: the figures the dashboard shows, computed in SQL."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.models import (
    ActivityType,
    Advance,
    ContentGroup,
    Enrolment,
    Facility,
    ProgrammeTarget,
    Proposal,
    Province,
    Settlement,
    Trainee,
    TrainingCourse,
)
from desktop.models.enums import ProposalStatus, ReportGroup
from desktop.services.lifecycle import MAIN_LINE

DONE = MAIN_LINE[MAIN_LINE.index(ProposalStatus.DA_NGHIEM_THU) :]
FUNDED = MAIN_LINE[MAIN_LINE.index(ProposalStatus.DA_PHE_DUYET) :]


@dataclass(frozen=True)
class ProvinceFigures:
    name: str
    facilities: int
    proposals: int
    approved_support: int
    advanced: int
    disbursed: int = 0

    @property
    def disbursement_percent(self) -> float:
        """Money paid out for good (settled) as a share of the approved support."""
        return 100.0 * self.disbursed / self.approved_support if self.approved_support else 0.0


@dataclass
class Overview:
    year: int
    facilities: int = 0
    proposals: int = 0
    courses: int = 0
    trainees: int = 0
    enrolments: int = 0
    approved_support: int = 0
    advanced: int = 0
    """All advances paid (TT 36/2013 Điều 13–15): money out, not yet paid for good until settled."""
    disbursed: int = 0
    """Paid for good: the settled amount of each proposal settled after acceptance (TT 36/2013 Điều 18–19)."""
    by_status: list[tuple[ProposalStatus, int]] = field(default_factory=list)
    by_content_group: list[tuple[str, int, int]] = field(default_factory=list)  # (name, proposals, support)
    done_by_report_group: list[tuple[str, int]] = field(default_factory=list)  # accepted proposals, all years
    targets: list[tuple[str, str, int]] = field(default_factory=list)  # (indicator, unit, target)
    by_province: list[ProvinceFigures] = field(default_factory=list)
    """One line per province when the database holds several (the ministry's national view)."""

    @property
    def disbursement_percent(self) -> float:
        """Disbursed (settled) as a share of approved support (0 when nothing is approved)."""
        return 100.0 * self.disbursed / self.approved_support if self.approved_support else 0.0


def settled_by_proposal(session: Session, year: int) -> dict[str, dict[object, int]]:
    """The settled amount of each funded proposal of the plan year, by province: the latest live settlement
    of each (a settlement recorded again replaces the first, it does not add to it)."""
    found = session.execute(
        select(Proposal.province_code, Settlement.proposal_id, Settlement.settled_amount)
        .join(Proposal, Proposal.id == Settlement.proposal_id)
        .where(
            Settlement.deleted_at.is_(None),
            Proposal.deleted_at.is_(None),
            Proposal.plan_year == year,
            Proposal.status.in_(FUNDED),
        )
        .order_by(Settlement.settled_on, Settlement.created_at)
    ).all()
    result: dict[str, dict[object, int]] = {}
    for province, proposal_id, amount in found:
        result.setdefault(str(province), {})[proposal_id] = int(amount or 0)
    return result


def overview(session: Session, year: int) -> Overview:
    """Counts of the live records, and the plan year's proposals by status, content group and money."""
    live = Proposal.deleted_at.is_(None)
    result = Overview(year)
    result.facilities = session.scalar(select(func.count()).where(Facility.deleted_at.is_(None))) or 0
    result.proposals = session.scalar(select(func.count()).where(live, Proposal.plan_year == year)) or 0
    result.courses = (
        session.scalar(
            select(func.count()).where(
                TrainingCourse.deleted_at.is_(None), func.strftime("%Y", TrainingCourse.start_date) == str(year)
            )
        )
        or 0
    )
    result.trainees = session.scalar(select(func.count()).where(Trainee.deleted_at.is_(None))) or 0
    result.enrolments = (
        session.scalar(
            select(func.count())
            .select_from(Enrolment)
            .join(TrainingCourse, TrainingCourse.id == Enrolment.course_id)
            .where(Enrolment.deleted_at.is_(None), func.strftime("%Y", TrainingCourse.start_date) == str(year))
        )
        or 0
    )
    counts = dict(
        session.execute(
            select(Proposal.status, func.count()).where(live, Proposal.plan_year == year).group_by(Proposal.status)
        ).all()
    )
    result.by_status = [(status, int(counts.get(status, 0))) for status in ProposalStatus]
    funded = (live, Proposal.plan_year == year, Proposal.status.in_(FUNDED))
    result.approved_support = int(session.scalar(select(func.sum(Proposal.approved_support)).where(*funded)) or 0)
    result.advanced = int(
        session.scalar(
            select(func.sum(Advance.amount))
            .join(Proposal, Proposal.id == Advance.proposal_id)
            .where(Advance.deleted_at.is_(None), *funded)
        )
        or 0
    )
    result.disbursed = sum(sum(d.values()) for d in settled_by_proposal(session, year).values())
    groups = session.execute(
        select(ContentGroup.name, func.count(Proposal.id), func.coalesce(func.sum(Proposal.approved_support), 0))
        .select_from(ContentGroup)
        .join(ActivityType, ActivityType.content_group_code == ContentGroup.code)
        .join(Proposal, Proposal.activity_type_code == ActivityType.code)
        .where(live, Proposal.plan_year == year)
        .group_by(ContentGroup.code)
        .order_by(ContentGroup.position)
    ).all()
    result.by_content_group = [(str(name), int(n or 0), int(support or 0)) for name, n, support in groups]
    done_by_group = dict(
        session.execute(
            select(ActivityType.report_group, func.count(Proposal.id))
            .join(Proposal, Proposal.activity_type_code == ActivityType.code)
            .where(live, Proposal.status.in_(DONE))
            .group_by(ActivityType.report_group)
        ).all()
    )
    result.done_by_report_group = [(group.label, int(done_by_group.get(group) or 0)) for group in ReportGroup]
    targets = session.scalars(
        select(ProgrammeTarget)
        .where(ProgrammeTarget.deleted_at.is_(None), ProgrammeTarget.period_from <= year)
        .order_by(ProgrammeTarget.report_group, ProgrammeTarget.indicator)
    )
    result.targets = [(t.indicator_name, t.unit, t.target) for t in targets]
    result.by_province = _by_province(session, year)
    return result


def _by_province(session: Session, year: int) -> list[ProvinceFigures]:
    """Facilities, the year's proposals and their money per province; empty for a single province."""
    # Two index lookups tell a centre's PC (one province: the common case) without counting anything.
    # (SQLite answers min or max from the index only when each is asked alone.)
    low = session.scalar(select(func.min(Facility.province_code)))
    if low == session.scalar(select(func.max(Facility.province_code))):
        return []
    facilities = dict(
        session.execute(
            select(Facility.province_code, func.count())
            .where(Facility.deleted_at.is_(None))
            .group_by(Facility.province_code)
        ).all()
    )
    live = (Proposal.deleted_at.is_(None), Proposal.plan_year == year)
    proposals = dict(
        session.execute(
            select(Proposal.province_code, func.count()).where(*live).group_by(Proposal.province_code)
        ).all()
    )
    funded = (*live, Proposal.status.in_(FUNDED))
    support = dict(
        session.execute(
            select(Proposal.province_code, func.sum(Proposal.approved_support))
            .where(*funded)
            .group_by(Proposal.province_code)
        ).all()
    )
    advanced = dict(
        session.execute(
            select(Proposal.province_code, func.sum(Advance.amount))
            .join(Proposal, Proposal.id == Advance.proposal_id)
            .where(Advance.deleted_at.is_(None), *funded)
            .group_by(Proposal.province_code)
        ).all()
    )
    settled = settled_by_proposal(session, year)
    names = dict(session.execute(select(Province.code, Province.name).where(Province.code.in_(facilities))).all())
    return [
        ProvinceFigures(
            str(names.get(code, code)),
            int(facilities[code]),
            int(proposals.get(code) or 0),
            int(support.get(code) or 0),
            int(advanced.get(code) or 0),
            sum(settled.get(code, {}).values()),
        )
        for code in sorted(facilities)  # the official order of the list of provinces
    ]
