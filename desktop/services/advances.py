"""How much of a proposal's support may be advanced, and when (TT 36/2013/TT-BCT Điều 13–16).

Before acceptance an advance is held to the share of the approved support that Điều 13 sets for the kind of
activity: 30 % for CCN infrastructure and pollution treatment in a CCN (khoản 1), 70 % for most kinds
(khoản 2), and nothing for setting up an enterprise, whose 100 % comes with its acceptance (khoản 3). The rest
comes after acceptance (Điều 14). A proposal carried out over several years holds its *first* advance to that
share; later ones follow progress (Điều 15 khoản 2). Kinds that Điều 13 does not name take the rate the
department decides (Điều 16 khoản 2): the program then holds them to the approved support only.

The mapping is data (:data:`ADVANCE_RULES`), one row per activity type, each with its clause.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from desktop.core.dates import format_date
from desktop.core.money import format_money
from desktop.models.enums import AcceptanceConclusion, ProposalStatus
from desktop.models.proposal import Advance, Proposal

TT_36 = "Thông tư 36/2013/TT-BCT"
ACCEPTED = (ProposalStatus.ACCEPTED, ProposalStatus.SETTLED, ProposalStatus.LIQUIDATED)


@dataclass(frozen=True)
class AdvanceRule:
    """The first advance of one kind of activity: the share of the approved support allowed before
    acceptance (``None``: not set by Điều 13), and the clause that says so."""

    before_acceptance: Fraction | None
    clause: str

    @property
    def citation(self) -> str:
        return f"{TT_36}, {self.clause}"

    @property
    def percent(self) -> str:
        return "" if self.before_acceptance is None else f"{int(self.before_acceptance * 100)}%"


_K1 = AdvanceRule(Fraction(30, 100), "Điều 13 khoản 1 điểm a")
_K2A = AdvanceRule(Fraction(70, 100), "Điều 13 khoản 2 điểm a")
_K2B = AdvanceRule(Fraction(70, 100), "Điều 13 khoản 2 điểm b")
_K2C = AdvanceRule(Fraction(70, 100), "Điều 13 khoản 2 điểm c")
_K2D = AdvanceRule(Fraction(70, 100), "Điều 13 khoản 2 điểm d")
_K3 = AdvanceRule(Fraction(0), "Điều 13 khoản 3")
_DIEU_16 = AdvanceRule(None, "Điều 16 khoản 2")

ADVANCE_RULES: dict[str, AdvanceRule] = {
    # khoản 1: 30 % — CCN infrastructure; pollution treatment systems in a CCN.
    "ha_tang_ccn": _K1,
    "xu_ly_o_nhiem_ccn": _K1,
    # khoản 2 điểm a: vocational training, craft transmission.
    "dao_tao_nghe": _K2A,
    # khoản 2 điểm b: consulting, training, courses, workshops; study tours; brands; associations; business
    # linkage clusters; cleaner-production assessment.
    "khoi_su_quan_tri": _K2B,
    "tu_van": _K2B,
    "khao_sat_nuoc_ngoai": _K2B,
    "thuong_hieu": _K2B,
    "hiep_hoi_vung": _K2B,
    "hiep_hoi_quoc_gia": _K2B,
    "cum_lien_ket": _K2B,
    "san_xuat_sach_hon": _K2B,
    "nang_luc_khuyen_cong": _K2B,
    # khoản 2 điểm c: fairs and exhibitions, taking part in domestic fairs, media, detailed CCN planning.
    "hoi_cho_trong_nuoc": _K2C,
    "tham_gia_hoi_cho": _K2C,
    "hoi_cho_nuoc_ngoai": _K2C,
    "thong_tin_tuyen_truyen": _K2C,
    "quy_hoach_ccn": _K2C,
    # khoản 2 điểm d: demonstration models, advanced machinery and technology transfer, pollution treatment
    # at a rural industrial establishment.
    "mo_hinh_trinh_dien": _K2D,
    "mo_hinh_co_so": _K2D,
    "may_moc_thiet_bi": _K2D,
    "day_chuyen_cong_nghe": _K2D,
    "xu_ly_o_nhiem_co_so": _K2D,
    # khoản 3: setting up an enterprise — 100 %, with the acceptance record (Mẫu 5b) in the file.
    "thanh_lap_dn": _K3,
}


def rule_for(activity_type_code: str) -> AdvanceRule:
    """The rule of an activity type; kinds Điều 13 does not name follow Điều 16 khoản 2."""
    return ADVANCE_RULES.get(activity_type_code, _DIEU_16)


def accepted_on(proposal: Proposal) -> date | None:
    """The day the proposal counts as accepted (Điều 14): the last passing acceptance once the proposal has
    reached "Đã nghiệm thu", else None. Per-location acceptances before that do not accept the proposal."""
    if proposal.status not in ACCEPTED:
        return None
    days = [
        a.accepted_on for a in proposal.acceptances if a.deleted_at is None and a.conclusion is AcceptanceConclusion.DAT
    ]
    if days:
        return max(days)
    steps = [
        t.at.date() for t in proposal.transitions if t.deleted_at is None and t.to_status is ProposalStatus.ACCEPTED
    ]
    return max(steps) if steps else date.min


def multi_year(proposal: Proposal) -> bool:
    """Carried out over more than one year (Điều 15): its dates fall in different years."""
    start, end = proposal.start_date, proposal.end_date
    return start is not None and end is not None and end.year > start.year


def ceiling(approved: int, rule: AdvanceRule) -> int | None:
    """The most that may be advanced before acceptance, in whole đồng (never rounded up); None: no share set."""
    if rule.before_acceptance is None:
        return None
    share = rule.before_acceptance * approved
    return share.numerator // share.denominator


def _same(a: Advance, b: Advance) -> bool:
    """One advance: the same object, or the same stored row (ids are given at flush)."""
    return a is b or (a.id is not None and a.id == b.id)


def _before(advances: Sequence[Advance], accepted: date | None) -> list[Advance]:
    return [a for a in advances if accepted is None or a.paid_on < accepted]


def problems(proposal: Proposal, advance: Advance) -> list[str]:
    """What TT 36 Điều 13–15 say against ``advance`` among the proposal's live advances (it may be one of them
    or a new one); empty when nothing. The total against the approved support is checked elsewhere."""
    if advance.deleted_at is not None or advance.amount <= 0:
        return []
    accepted = accepted_on(proposal)
    if accepted is not None and advance.paid_on >= accepted:
        return []  # after acceptance: the rest of the support (Điều 14)
    rule = rule_for(proposal.activity_type_code)
    approved = proposal.approved_support or 0
    limit = ceiling(approved, rule)
    if limit is None:
        return []
    others = [a for a in proposal.advances if a.deleted_at is None and not _same(a, advance)]
    when = f" (ngày tạm ứng {format_date(advance.paid_on)}, trước khi nghiệm thu)"
    if rule.before_acceptance == 0:
        return [
            f"Đề án “{proposal.activity_type.name}” chỉ được tạm ứng kinh phí sau khi nghiệm thu cơ sở"
            f" ({rule.citation}): chưa được tạm ứng {format_money(advance.amount)} đ{when}"
        ]
    before = _before([*others, advance], accepted)
    if multi_year(proposal):
        first = min(before, key=lambda a: (a.paid_on, a is advance))  # same day: the one already there
        if first is not advance or advance.amount <= limit:
            return []  # later advances of a multi-year proposal follow progress (Điều 15 khoản 2 điểm b)
        return [
            f"Lần tạm ứng đầu của đề án thực hiện nhiều năm tối đa {rule.percent} kinh phí hỗ trợ được duyệt"
            f" {format_money(approved)} đ, tức {format_money(limit)} đ ({rule.citation}; Điều 15 khoản 2):"
            f" tạm ứng {format_money(advance.amount)} đ vượt {format_money(advance.amount - limit)} đ{when}"
        ]
    total = sum(a.amount for a in before)
    if total <= limit:
        return []
    earlier = total - advance.amount
    return [
        f"Trước khi nghiệm thu chỉ được tạm ứng tối đa {rule.percent} kinh phí hỗ trợ được duyệt"
        f" {format_money(approved)} đ, tức {format_money(limit)} đ ({rule.citation}): đã tạm ứng"
        f" {format_money(earlier)} đ, thêm {format_money(advance.amount)} đ thành {format_money(total)} đ,"
        f" vượt {format_money(total - limit)} đ{when}. Phần còn lại được tạm ứng sau khi nghiệm thu"
        f" ({TT_36}, Điều 14)"
    ]


def allowed(proposal: Proposal, on: date) -> int:
    """The most a new advance paid on ``on`` may be (what the advance form proposes): within the approved
    support, and before acceptance within the share of Điều 13 (the first advance of a multi-year proposal)."""
    approved = proposal.approved_support or 0
    live = [a for a in proposal.advances if a.deleted_at is None]
    room = max(approved - sum(a.amount for a in live), 0)
    accepted = accepted_on(proposal)
    if accepted is not None and on >= accepted:
        return room
    limit = ceiling(approved, rule_for(proposal.activity_type_code))
    if limit is None:
        return room
    before = _before(live, accepted)
    if multi_year(proposal):
        return room if any(a.paid_on <= on for a in before) else min(room, limit)
    return max(min(room, limit - sum(a.amount for a in before)), 0)


def explain(proposal: Proposal, on: date) -> str:
    """One paragraph for the advance form: the rule of this kind, with its clause and figures."""
    approved = proposal.approved_support or 0
    rule = rule_for(proposal.activity_type_code)
    limit = ceiling(approved, rule)
    accepted = accepted_on(proposal)
    can = f"Còn được tạm ứng {format_money(allowed(proposal, on))} đ."
    if accepted is not None and on >= accepted:
        return f"Đề án đã nghiệm thu ngày {format_date(accepted)}: được tạm ứng phần còn lại ({TT_36}, Điều 14). {can}"
    if limit is None:
        return (
            f"Tỷ lệ tạm ứng của hoạt động này do cơ quan quản lý quyết định ({rule.citation}); chương trình chỉ"
            f" giữ tổng tạm ứng trong kinh phí được duyệt {format_money(approved)} đ. {can}"
        )
    if rule.before_acceptance == 0:
        return f"Được tạm ứng 100% kinh phí sau khi nghiệm thu cơ sở ({rule.citation}). {can}"
    first = " lần đầu (đề án thực hiện nhiều năm, Điều 15)" if multi_year(proposal) else ""
    return (
        f"Trước khi nghiệm thu được tạm ứng{first} tối đa {rule.percent} kinh phí hỗ trợ được duyệt, tức"
        f" {format_money(limit)} đ ({rule.citation}); phần còn lại sau khi nghiệm thu (Điều 14). {can}"
    )
