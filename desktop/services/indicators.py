"""Chỉ tiêu chương trình khuyến công: what each indicator counts, in its own unit, and the results of a period.

A programme's targets (QĐ 1881/QĐ-TTg for 2021–2025, QĐ 2646/QĐ-BCT and each province's own programme for
2026–2030) are rows the users keep; this module says how the records measure each indicator, so that people
trained come from course rosters, machines from budget lines, products from voting — never a count of
proposals repeated for every indicator. An indicator the records cannot tell apart is left unmeasured
(``None``) rather than given a number that is not its own.

A result belongs to the period in which it was achieved: a proposal's outputs when it was accepted
(nghiệm thu, TT 36/2013 Điều 17), a course's trainees when the course ended, a voting round's products when
its decision was signed (its year when there is no decision yet).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, literal, or_, select
from sqlalchemy.orm import Session

from desktop.models import (
    Acceptance,
    BudgetLine,
    Enrolment,
    Proposal,
    ProposalBeneficiary,
    Score,
    StatusTransition,
    TrainingCourse,
    VotingEntry,
    VotingRound,
)
from desktop.models.enums import AcceptanceConclusion, CourseKind, ProposalStatus, ReportGroup, VotingLevel
from desktop.services.lifecycle import MAIN_LINE

ACCEPTED = MAIN_LINE[MAIN_LINE.index(ProposalStatus.ACCEPTED) :]
"""Steps at which a proposal's outputs count as achieved."""
PASS_TOTAL = 70
"""TT 26/2014 Điều 17 k.1: a product passes with an average of 70 points or more (compared as sums, exactly)."""
MACHINE_UNITS = ("máy", "cái", "chiếc", "bộ", "thiết bị", "hệ thống")
"""Units of a budget line that name a machine or a set of equipment (a package of services does not)."""
LINE_UNITS = ("dây chuyền",)
STAFF_TRAINING = ("nang_luc_khuyen_cong",)
"""Activities whose courses train khuyến công staff, officers and artisans, not rural workers."""


class Source(StrEnum):
    """Which records measure an indicator."""

    PROPOSALS = "proposals"  # accepted proposals of the activities: one model, one fair, one cluster each
    BENEFICIARIES = "beneficiaries"  # facilities supported by accepted proposals of the activities
    BUDGET_UNITS = "budget_units"  # quantities of budget lines in the given units, of accepted proposals
    TRAINEES = "trainees"  # trainees certified by the courses that ended in the period
    VOTING_ROUNDS = "voting_rounds"  # voting rounds of a level
    VOTED_PRODUCTS = "voted_products"  # products that passed a round of a level


@dataclass(frozen=True)
class Indicator:
    """An indicator a programme may set a target for, and how the records measure it (``source`` None: they
    cannot tell it apart from another one, and its result is left for the report to give)."""

    code: str
    name: str
    report_group: ReportGroup
    unit: str
    source: Source | None = None
    activities: tuple[str, ...] = ()
    units: tuple[str, ...] = ()
    course_kinds: tuple[CourseKind, ...] = ()
    level: VotingLevel | None = None
    each_time: bool = False
    """Count each time a facility was supported (lượt), not each facility once (cơ sở)."""


_G = ReportGroup
_HANDS_ON = (CourseKind.DAO_TAO_NGHE, CourseKind.TRUYEN_NGHE, CourseKind.NANG_CAO_TAY_NGHE)
_MANAGEMENT = (CourseKind.KHOI_SU_DOANH_NGHIEP, CourseKind.TAP_HUAN)

# The indicators of QĐ 1881/QĐ-TTg (same codes as the seeded 2021–2025 targets) and those a 2026–2030
# programme adds, in the order of the ministry's report groups.
INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "may_moc_thiet_bi",
        "Máy móc thiết bị ứng dụng",
        _G.MAY_MOC_CONG_NGHE,
        "máy",
        Source.BUDGET_UNITS,
        ("may_moc_thiet_bi",),
        MACHINE_UNITS,
    ),
    Indicator(
        "day_chuyen_cong_nghe",
        "Dây chuyền công nghệ tiên tiến",
        _G.MAY_MOC_CONG_NGHE,
        "dây chuyền",
        Source.BUDGET_UNITS,
        ("may_moc_thiet_bi", "day_chuyen_cong_nghe"),
        LINE_UNITS,
    ),
    Indicator(
        "co_so_may_moc",
        "Cơ sở CNNT được hỗ trợ máy móc thiết bị, dây chuyền công nghệ",
        _G.MAY_MOC_CONG_NGHE,
        "cơ sở",
        Source.BENEFICIARIES,
        ("may_moc_thiet_bi", "day_chuyen_cong_nghe"),
    ),
    Indicator(
        "chuyen_doi_so",
        "Cơ sở CNNT được hỗ trợ chuyển đổi số",
        _G.MAY_MOC_CONG_NGHE,
        "cơ sở",
        Source.BENEFICIARIES,
        ("chuyen_doi_so",),
    ),
    Indicator(
        "mo_hinh_trinh_dien",
        "Mô hình trình diễn kỹ thuật",
        _G.MO_HINH_SXSH,
        "mô hình",
        Source.PROPOSALS,
        ("mo_hinh_trinh_dien", "mo_hinh_co_so"),
    ),
    Indicator(
        "danh_gia_sxsh",
        "Cơ sở CNNT được đánh giá sản xuất sạch hơn",
        _G.MO_HINH_SXSH,
        "cơ sở",
        Source.BENEFICIARIES,
        ("san_xuat_sach_hon",),
    ),
    Indicator("mo_hinh_sxsh", "Mô hình thí điểm sản xuất sạch hơn", _G.MO_HINH_SXSH, "mô hình"),
    Indicator(
        "lao_dong_dao_tao",
        "Lao động được đào tạo nghề",
        _G.DAO_TAO,
        "người",
        Source.TRAINEES,
        course_kinds=_HANDS_ON,
    ),
    Indicator(
        "hoc_vien_khoi_su",
        "Học viên khởi sự kinh doanh, quản trị doanh nghiệp, sản xuất sạch hơn",
        _G.DAO_TAO,
        "người",
        Source.TRAINEES,
        course_kinds=_MANAGEMENT,
    ),
    Indicator(
        "can_bo_nghe_nhan",
        "Cán bộ quản lý, kỹ thuật, thợ giỏi, nghệ nhân được đào tạo",
        _G.DAO_TAO,
        "người",
        Source.TRAINEES,
        STAFF_TRAINING,
    ),
    Indicator("giang_vien_sxsh", "Giảng viên, báo cáo viên về sản xuất sạch hơn", _G.DAO_TAO, "người"),
    Indicator(
        "binh_chon_tinh",
        "Kỳ bình chọn sản phẩm CNNT tiêu biểu cấp tỉnh",
        _G.SAN_PHAM_TIEU_BIEU,
        "kỳ",
        Source.VOTING_ROUNDS,
        level=VotingLevel.TINH,
    ),
    Indicator(
        "binh_chon_khu_vuc",
        "Kỳ bình chọn sản phẩm CNNT tiêu biểu cấp khu vực",
        _G.SAN_PHAM_TIEU_BIEU,
        "kỳ",
        Source.VOTING_ROUNDS,
        level=VotingLevel.KHU_VUC,
    ),
    Indicator(
        "binh_chon_quoc_gia",
        "Kỳ bình chọn sản phẩm CNNT tiêu biểu cấp quốc gia",
        _G.SAN_PHAM_TIEU_BIEU,
        "kỳ",
        Source.VOTING_ROUNDS,
        level=VotingLevel.QUOC_GIA,
    ),
    Indicator(
        "san_pham_tieu_bieu_tinh",
        "Sản phẩm CNNT tiêu biểu cấp tỉnh được bình chọn",
        _G.SAN_PHAM_TIEU_BIEU,
        "sản phẩm",
        Source.VOTED_PRODUCTS,
        level=VotingLevel.TINH,
    ),
    Indicator(
        "san_pham_tieu_bieu_khu_vuc",
        "Sản phẩm CNNT tiêu biểu cấp khu vực được bình chọn",
        _G.SAN_PHAM_TIEU_BIEU,
        "sản phẩm",
        Source.VOTED_PRODUCTS,
        level=VotingLevel.KHU_VUC,
    ),
    Indicator(
        "san_pham_tieu_bieu_quoc_gia",
        "Sản phẩm CNNT tiêu biểu cấp quốc gia được bình chọn",
        _G.SAN_PHAM_TIEU_BIEU,
        "sản phẩm",
        Source.VOTED_PRODUCTS,
        level=VotingLevel.QUOC_GIA,
    ),
    Indicator(
        "nhan_hieu",
        "Cơ sở được hỗ trợ xây dựng, đăng ký nhãn hiệu",
        _G.TRUYEN_THONG_XUC_TIEN,
        "cơ sở",
        Source.BENEFICIARIES,
        ("thuong_hieu",),
    ),
    Indicator(
        "hoi_cho_trong_nuoc",
        "Hội chợ trong nước được tổ chức",
        _G.TRUYEN_THONG_XUC_TIEN,
        "hội chợ",
        Source.PROPOSALS,
        ("hoi_cho_trong_nuoc",),
    ),
    Indicator(
        "hoi_cho_nuoc_ngoai",
        "Hội chợ ở nước ngoài được tổ chức",
        _G.TRUYEN_THONG_XUC_TIEN,
        "hội chợ",
        Source.PROPOSALS,
        ("hoi_cho_nuoc_ngoai",),
    ),
    Indicator(
        "luot_hoi_cho_trong_nuoc",
        "Lượt cơ sở tham gia hội chợ trong nước",
        _G.TRUYEN_THONG_XUC_TIEN,
        "lượt",
        Source.BENEFICIARIES,
        ("tham_gia_hoi_cho", "hoi_cho_trong_nuoc"),
        each_time=True,
    ),
    Indicator(
        "luot_hoi_cho_nuoc_ngoai",
        "Lượt tham gia hội chợ nước ngoài",
        _G.TRUYEN_THONG_XUC_TIEN,
        "lượt",
        Source.BENEFICIARIES,
        ("hoi_cho_nuoc_ngoai",),
        each_time=True,
    ),
    Indicator(
        "phong_trung_bay",
        "Phòng trưng bày giới thiệu sản phẩm được hỗ trợ",
        _G.TRUYEN_THONG_XUC_TIEN,
        "phòng",
        Source.PROPOSALS,
        ("phong_trung_bay",),
    ),
    Indicator(
        "xu_ly_o_nhiem_co_so",
        "Cơ sở được hỗ trợ sửa chữa, nâng cấp hệ thống xử lý ô nhiễm",
        _G.CCN_MOI_TRUONG,
        "cơ sở",
        Source.BENEFICIARIES,
        ("xu_ly_o_nhiem_co_so",),
    ),
    Indicator(
        "quy_hoach_ccn",
        "Cụm công nghiệp được hỗ trợ lập quy hoạch chi tiết",
        _G.CCN_MOI_TRUONG,
        "cụm",
        Source.PROPOSALS,
        ("quy_hoach_ccn",),
    ),
    Indicator(
        "xu_ly_o_nhiem_ccn",
        "Cụm công nghiệp được hỗ trợ sửa chữa, nâng cấp xử lý ô nhiễm",
        _G.CCN_MOI_TRUONG,
        "cụm",
        Source.PROPOSALS,
        ("xu_ly_o_nhiem_ccn",),
    ),
    Indicator(
        "ha_tang_ccn",
        "Cụm công nghiệp được hỗ trợ đầu tư hạ tầng kỹ thuật",
        _G.CCN_MOI_TRUONG,
        "cụm",
        Source.PROPOSALS,
        ("ha_tang_ccn",),
    ),
)
BY_CODE: dict[str, Indicator] = {i.code: i for i in INDICATORS}


def accepted_on() -> ColumnElement[date]:
    """The day a proposal's outputs were achieved: its last acceptance found good (one per location, Mẫu 5a,
    so the last is when the whole was accepted); else the date of the decision that recorded the acceptance;
    else the end of its schedule (a proposal moved past acceptance without its minutes)."""
    minutes = (
        select(func.max(Acceptance.accepted_on))
        .where(
            Acceptance.proposal_id == Proposal.id,
            Acceptance.deleted_at.is_(None),
            Acceptance.conclusion == AcceptanceConclusion.DAT,
        )
        .scalar_subquery()
    )
    decision = (
        select(func.max(StatusTransition.decision_date))
        .where(
            StatusTransition.proposal_id == Proposal.id,
            StatusTransition.deleted_at.is_(None),
            StatusTransition.to_status == ProposalStatus.ACCEPTED,
        )
        .scalar_subquery()
    )
    return func.coalesce(minutes, decision, Proposal.end_date)


def _accepted(start: date, end: date) -> Select[uuid.UUID, str]:
    """(id, activity) of the proposals accepted between ``start`` and ``end``."""
    return select(Proposal.id, Proposal.activity_type_code).where(
        Proposal.deleted_at.is_(None),
        Proposal.status.in_(ACCEPTED),
        accepted_on().between(start, end),
    )


def _by_activity(session: Session, query: Select[Any, int]) -> dict[str, int]:
    """(code, count) rows as a dict keyed by the code's text (an activity, a level)."""
    return {str(code): int(n or 0) for code, n in session.execute(query).all()}


def _proposal_counts(session: Session, start: date, end: date) -> dict[str, int]:
    done = _accepted(start, end).subquery()
    return _by_activity(session, select(done.c.activity_type_code, func.count()).group_by(done.c.activity_type_code))


def _beneficiaries(session: Session, start: date, end: date, indicator: Indicator) -> int:
    done = _accepted(start, end).where(Proposal.activity_type_code.in_(indicator.activities)).subquery()
    counted = ProposalBeneficiary.facility_id if not indicator.each_time else ProposalBeneficiary.id
    return int(
        session.scalar(
            select(func.count(func.distinct(counted)))
            .select_from(ProposalBeneficiary)
            .join(done, done.c.id == ProposalBeneficiary.proposal_id)
            .where(ProposalBeneficiary.deleted_at.is_(None))
        )
        or 0
    )


def _budget_quantities(session: Session, start: date, end: date) -> dict[tuple[str, str], Decimal]:
    """Quantities of the accepted proposals' budget lines, by (activity, unit as written, in lower case)."""
    done = _accepted(start, end).subquery()
    unit = func.lower(func.trim(BudgetLine.unit))
    found = session.execute(
        select(done.c.activity_type_code, unit, func.sum(BudgetLine.quantity))
        .select_from(BudgetLine)
        .join(done, done.c.id == BudgetLine.proposal_id)
        .where(BudgetLine.deleted_at.is_(None))
        .group_by(done.c.activity_type_code, unit)
    ).all()
    return {(str(code), str(u)): Decimal(str(q or 0)) for code, u, q in found}


def _trainees(session: Session, start: date, end: date, indicator: Indicator) -> int:
    """Distinct trainees certified by the courses of ``indicator`` that ended in the period: a course of
    khuyến công staff (``STAFF_TRAINING``) counts for staff only, whatever its kind."""
    staff = and_(
        TrainingCourse.proposal_id.is_not(None),  # a course of no proposal is not the staff's (NOT NULL is NULL)
        TrainingCourse.proposal_id.in_(select(Proposal.id).where(Proposal.activity_type_code.in_(STAFF_TRAINING))),
    )
    which = staff if indicator.activities else and_(TrainingCourse.kind.in_(indicator.course_kinds), ~staff)
    return int(
        session.scalar(
            select(func.count(func.distinct(Enrolment.trainee_id)))
            .select_from(Enrolment)
            .join(TrainingCourse, TrainingCourse.id == Enrolment.course_id)
            .where(
                Enrolment.deleted_at.is_(None),
                Enrolment.certified.is_(True),
                TrainingCourse.deleted_at.is_(None),
                TrainingCourse.end_date.between(start, end),
                which,
            )
        )
        or 0
    )


def _round_in(start: date, end: date) -> ColumnElement[bool]:
    """A round belongs to the day of its decision; one without a decision yet, to the end of its year."""
    years = [y for y in range(start.year, end.year + 1) if start <= date(y, 12, 31) <= end]
    return or_(
        VotingRound.decision_date.between(start, end),
        and_(VotingRound.decision_date.is_(None), VotingRound.year.in_(years) if years else literal(False)),
    )


def _voting(session: Session, start: date, end: date) -> tuple[dict[str, int], dict[str, int]]:
    """(rounds, products that passed) by level."""
    live = (VotingRound.deleted_at.is_(None), _round_in(start, end))
    rounds = _by_activity(session, select(VotingRound.level, func.count()).where(*live).group_by(VotingRound.level))
    total = Score.market + Score.technical + Score.cultural + Score.other
    passed = (
        select(VotingRound.level, VotingEntry.product_id)
        .select_from(VotingEntry)
        .join(VotingRound, VotingRound.id == VotingEntry.round_id)
        .join(Score, Score.entry_id == VotingEntry.id)
        .where(*live, VotingEntry.deleted_at.is_(None), Score.deleted_at.is_(None))
        .group_by(VotingEntry.id, VotingRound.level, VotingEntry.product_id)
        .having(func.sum(total) >= PASS_TOTAL * func.count(Score.id))
        .subquery()
    )
    products = _by_activity(
        session,
        select(passed.c.level, func.count(func.distinct(passed.c.product_id))).group_by(passed.c.level),
    )
    return rounds, products


def results(session: Session, start: date, end: date) -> dict[str, int]:
    """The result of every measured indicator between ``start`` and ``end`` (both included), in its unit."""
    proposals = _proposal_counts(session, start, end)
    quantities = _budget_quantities(session, start, end)
    rounds, products = _voting(session, start, end)
    found: dict[str, int] = {}
    for indicator in INDICATORS:
        match indicator.source:
            case Source.PROPOSALS:
                found[indicator.code] = sum(proposals.get(a, 0) for a in indicator.activities)
            case Source.BENEFICIARIES:
                found[indicator.code] = _beneficiaries(session, start, end, indicator)
            case Source.BUDGET_UNITS:
                counted = sum(
                    (q for (a, u), q in quantities.items() if a in indicator.activities and u in indicator.units),
                    Decimal(0),
                )
                found[indicator.code] = int(counted)
            case Source.TRAINEES:
                found[indicator.code] = _trainees(session, start, end, indicator)
            case Source.VOTING_ROUNDS:
                found[indicator.code] = rounds.get(str(indicator.level), 0)
            case Source.VOTED_PRODUCTS:
                found[indicator.code] = products.get(str(indicator.level), 0)
            case None:
                pass
    return found
