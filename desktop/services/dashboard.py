"""Tổng quan: the figures the dashboard shows, computed in SQL — the year's proposals, courses and money, the
targets of the programmes in force that year with each indicator's result in its own unit, and the
disbursement month by month against the plan."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import ColumnElement, func, select
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
    TrainingCourse,
)
from desktop.models.base import NATIONAL_SCOPE
from desktop.models.enums import ProposalStatus, ReportGroup
from desktop.services import indicators, settings
from desktop.services.lifecycle import MAIN_LINE

DONE = MAIN_LINE[MAIN_LINE.index(ProposalStatus.ACCEPTED) :]
FUNDED = MAIN_LINE[MAIN_LINE.index(ProposalStatus.APPROVED) :]
QUARTERS = ("Quý I", "Quý II", "Quý III", "Quý IV")


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


@dataclass(frozen=True)
class TargetProgress:
    """One target of a programme in force, with what the records show was achieved, in the target's unit."""

    programme_name: str
    period_from: int
    period_to: int
    indicator: str
    name: str
    unit: str
    target: int
    in_period: int | None
    """Achieved in the year (or the report's period); None when the records cannot measure the indicator."""
    to_date: int | None
    """Achieved from the programme's first year to the end of the period: what the target is compared with."""
    own: bool = False
    """The centre's own (provincial) programme, not the national one."""

    @property
    def measured(self) -> bool:
        return self.to_date is not None

    @property
    def percent(self) -> float | None:
        """Achieved to date as a share of the target (None when not measured or no target)."""
        if self.to_date is None or self.target <= 0:
            return None
        return 100.0 * self.to_date / self.target


@dataclass(frozen=True)
class Money:
    """Money of one month or quarter of the plan year: due by the plan, advanced, disbursed (settled)."""

    label: str
    planned: int = 0
    advanced: int = 0
    disbursed: int = 0

    @staticmethod
    def total(label: str, parts: Iterable[Money]) -> Money:
        chosen = list(parts)
        return Money(
            label,
            sum(p.planned for p in chosen),
            sum(p.advanced for p in chosen),
            sum(p.disbursed for p in chosen),
        )


@dataclass(frozen=True)
class Disbursement:
    """The plan year's funded proposals, month by month.

    The plan: each proposal's approved support falls due in the month its approved schedule ends (acceptance
    and settlement follow the work, TT 36/2013 Điều 17–19); a schedule ending after the year, or none, falls
    due in December — a year's budget is to be spent within it. Disbursed is the settled amount (the latest
    settlement of each proposal) in the month it was settled; advances are shown beside it, not counted in it.
    Money paid before the year counts in January; money settled after it, in ``after``.
    """

    year: int
    months: tuple[Money, ...]
    after: Money

    @property
    def quarters(self) -> tuple[Money, ...]:
        return tuple(Money.total(label, self.months[3 * q : 3 * q + 3]) for q, label in enumerate(QUARTERS))

    @property
    def planned(self) -> int:
        return sum(m.planned for m in self.months) + self.after.planned

    @property
    def disbursed(self) -> int:
        return sum(m.disbursed for m in self.months) + self.after.disbursed

    @staticmethod
    def running(periods: Iterable[Money]) -> list[tuple[int, int]]:
        """(planned, disbursed) to the end of each period, from the start of the year."""
        planned = disbursed = 0
        result = []
        for period in periods:
            planned += period.planned
            disbursed += period.disbursed
            result.append((planned, disbursed))
        return result


@dataclass
class Overview:
    year: int
    facilities: int = 0
    proposals: int = 0
    accepted: int = 0
    """Proposals accepted in the year (whatever their plan year): the year's completed work."""
    courses: int = 0
    """Courses that ended in the year."""
    enrolments: int = 0
    certified: int = 0
    """Trainees of those courses who received a certificate."""
    approved_support: int = 0
    advanced: int = 0
    """All advances paid (TT 36/2013 Điều 13–15): money out, not yet paid for good until settled."""
    disbursed: int = 0
    """Paid for good: the settled amount of each proposal settled after acceptance (TT 36/2013 Điều 18–19)."""
    by_status: list[tuple[ProposalStatus, int]] = field(default_factory=list)
    by_content_group: list[tuple[str, int, int]] = field(default_factory=list)  # (name, proposals, support)
    targets: list[TargetProgress] = field(default_factory=list)
    disbursement: Disbursement | None = None
    by_province: list[ProvinceFigures] = field(default_factory=list)
    """One line per province when the database holds several (the ministry's national view)."""

    @property
    def disbursement_percent(self) -> float:
        """Disbursed (settled) as a share of approved support (0 when nothing is approved)."""
        return 100.0 * self.disbursed / self.approved_support if self.approved_support else 0.0

    @property
    def remaining(self) -> int:
        """Approved support not yet disbursed for good (not settled)."""
        return max(self.approved_support - self.disbursed, 0)


def settled_by_proposal(session: Session, year: int) -> dict[str, dict[object, int]]:
    """The settled amount of each funded proposal of the plan year, by province: the latest live settlement
    of each (a settlement recorded again replaces the first, it does not add to it)."""
    result: dict[str, dict[object, int]] = {}
    for province, proposal_id, _on, amount in _settlements(session, year):
        result.setdefault(province, {})[proposal_id] = amount
    return result


def _settlements(session: Session, year: int) -> list[tuple[str, object, date, int]]:
    """(province, proposal, day, amount) of the latest live settlement of each funded proposal of the year."""
    found = session.execute(
        select(Proposal.province_code, Settlement.proposal_id, Settlement.settled_on, Settlement.settled_amount)
        .join(Proposal, Proposal.id == Settlement.proposal_id)
        .where(
            Settlement.deleted_at.is_(None),
            Proposal.deleted_at.is_(None),
            Proposal.plan_year == year,
            Proposal.status.in_(FUNDED),
        )
        .order_by(Settlement.settled_on, Settlement.created_at)
    ).all()
    latest = {pid: (str(province), pid, on, int(amount or 0)) for province, pid, on, amount in found}
    return list(latest.values())


def _funded(year: int) -> tuple[ColumnElement[bool], ...]:
    return (Proposal.deleted_at.is_(None), Proposal.plan_year == year, Proposal.status.in_(FUNDED))


def _month_index(year: int, y: int | None, m: int | None, *, missing: int) -> int:
    """0–11 for a month of ``year``, 0 for one before it, 12 for one after it, ``missing`` for no date."""
    if y is None or m is None:
        return missing
    if int(y) < year:
        return 0
    return 12 if int(y) > year else int(m) - 1


def disbursement(session: Session, year: int) -> Disbursement:
    """The plan year's money month by month: planned, advanced, disbursed (see :class:`Disbursement`)."""
    planned, advanced, disbursed = [0] * 13, [0] * 13, [0] * 13
    ends = Proposal.end_date
    for y, m, amount in session.execute(
        select(func.extract("year", ends), func.extract("month", ends), func.sum(Proposal.approved_support))
        .where(*_funded(year))
        .group_by(func.extract("year", ends), func.extract("month", ends))
    ):
        due = _month_index(year, y, m, missing=11)
        planned[min(due, 11)] += int(amount or 0)  # due after the year: due by its December all the same
    paid = Advance.paid_on
    for y, m, amount in session.execute(
        select(func.extract("year", paid), func.extract("month", paid), func.sum(Advance.amount))
        .join(Proposal, Proposal.id == Advance.proposal_id)
        .where(Advance.deleted_at.is_(None), *_funded(year))
        .group_by(func.extract("year", paid), func.extract("month", paid))
    ):
        advanced[_month_index(year, y, m, missing=0)] += int(amount or 0)
    for _province, _pid, on, amount in _settlements(session, year):
        disbursed[_month_index(year, on.year, on.month, missing=0)] += amount
    months = tuple(Money(f"Tháng {n + 1}", planned[n], advanced[n], disbursed[n]) for n in range(12))
    return Disbursement(year, months, Money(f"Sau năm {year}", planned[12], advanced[12], disbursed[12]))


def programme_targets(session: Session, start: date, end: date) -> list[TargetProgress]:
    """The targets of the programmes in force in ``end``'s year — the national one and the centre's own —
    with each indicator's result between ``start`` and ``end`` and from the programme's first year to ``end``.
    The centre's own programme comes first: it is the one its work is planned against."""
    own = settings.load(session).province_code
    year = end.year
    rows = session.scalars(
        select(ProgrammeTarget).where(
            ProgrammeTarget.deleted_at.is_(None),
            ProgrammeTarget.province_code.in_({NATIONAL_SCOPE, own or NATIONAL_SCOPE}),
            ProgrammeTarget.period_from <= year,
            ProgrammeTarget.period_to >= year,
        )
    ).all()
    position = {code: n for n, code in enumerate(indicators.BY_CODE)}
    groups = list(ReportGroup)
    rows = sorted(
        rows,
        key=lambda t: (
            t.province_code == NATIONAL_SCOPE,
            t.programme,
            groups.index(t.report_group),
            position.get(t.indicator, len(position)),
            t.indicator,
        ),
    )
    found: dict[tuple[date, date], dict[str, int]] = {}

    def measured(since: date) -> dict[str, int]:
        if (since, end) not in found:
            found[since, end] = indicators.results(session, since, end)
        return found[since, end]

    result = []
    for t in rows:
        in_period = measured(start).get(t.indicator)
        to_date = measured(min(start, date(t.period_from, 1, 1))).get(t.indicator)
        result.append(
            TargetProgress(
                t.programme_name,
                t.period_from,
                t.period_to,
                t.indicator,
                t.indicator_name,
                t.unit,
                int(t.target),
                in_period,
                to_date,
                t.province_code != NATIONAL_SCOPE,
            )
        )
    return result


def overview(session: Session, year: int) -> Overview:
    """The year's figures: proposals by status, content group and money, courses and trainees, the targets
    of the programmes in force with their results, the disbursement by month."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    live = Proposal.deleted_at.is_(None)
    result = Overview(year)
    result.facilities = session.scalar(select(func.count()).where(Facility.deleted_at.is_(None))) or 0
    result.proposals = session.scalar(select(func.count()).where(live, Proposal.plan_year == year)) or 0
    result.accepted = (
        session.scalar(
            select(func.count()).where(live, Proposal.status.in_(DONE), indicators.accepted_on().between(first, last))
        )
        or 0
    )
    _training(session, result, first, last)
    counts = dict(
        session.execute(
            select(Proposal.status, func.count()).where(live, Proposal.plan_year == year).group_by(Proposal.status)
        ).all()
    )
    result.by_status = [(status, int(counts.get(status, 0))) for status in ProposalStatus]
    funded = _funded(year)
    result.approved_support = int(session.scalar(select(func.sum(Proposal.approved_support)).where(*funded)) or 0)
    result.advanced = int(
        session.scalar(
            select(func.sum(Advance.amount))
            .join(Proposal, Proposal.id == Advance.proposal_id)
            .where(Advance.deleted_at.is_(None), *funded)
        )
        or 0
    )
    result.disbursement = disbursement(session, year)
    result.disbursed = result.disbursement.disbursed
    result.by_content_group = _by_content_group(session, year)
    result.targets = programme_targets(session, first, last)
    result.by_province = _by_province(session, year)
    return result


def _training(session: Session, result: Overview, first: date, last: date) -> None:
    """Courses that ended in the year, their enrolments and the certificates they gave."""
    ended = (TrainingCourse.deleted_at.is_(None), TrainingCourse.end_date.between(first, last))
    result.courses = session.scalar(select(func.count()).select_from(TrainingCourse).where(*ended)) or 0
    enrolled, certified = session.execute(
        select(func.count(), func.count().filter(Enrolment.certified.is_(True)))
        .select_from(Enrolment)
        .join(TrainingCourse, TrainingCourse.id == Enrolment.course_id)
        .where(Enrolment.deleted_at.is_(None), *ended)
    ).one()
    result.enrolments, result.certified = int(enrolled or 0), int(certified or 0)


def _by_content_group(session: Session, year: int) -> list[tuple[str, int, int]]:
    """Every content group, in the order of NĐ 45/2012 Điều 4, with the year's proposals and their support
    (a group with none shows 0: the chart keeps its axis from one year to the next)."""
    # The year's proposals counted first (by the plan-year index), then spread over the groups.
    year_by_activity = (
        select(
            Proposal.activity_type_code.label("code"),
            func.count().label("proposals"),
            func.sum(Proposal.approved_support).label("support"),
        )
        .where(Proposal.deleted_at.is_(None), Proposal.plan_year == year)
        .group_by(Proposal.activity_type_code)
        .subquery()
    )
    found = session.execute(
        select(
            ContentGroup.name,
            func.coalesce(func.sum(year_by_activity.c.proposals), 0),
            func.coalesce(func.sum(year_by_activity.c.support), 0),
        )
        .select_from(ContentGroup)
        .outerjoin(ActivityType, ActivityType.content_group_code == ContentGroup.code)
        .outerjoin(year_by_activity, year_by_activity.c.code == ActivityType.code)
        .group_by(ContentGroup.code, ContentGroup.name, ContentGroup.position)
        .order_by(ContentGroup.position)
    ).all()
    return [(str(name), int(n or 0), int(support or 0)) for name, n, support in found]


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
