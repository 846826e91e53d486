"""Advances as TT 36/2013/TT-BCT Điều 13–16 allow them: a share of the approved support before acceptance by
kind of activity, the rest after acceptance; the first advance of a multi-year proposal; the form's default."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import Acceptance, ActivityType, Advance, BudgetLine, Contract, Proposal, ProposalLocation
from desktop.models.enums import (
    AcceptanceConclusion,
    AcceptanceForm,
    AppraisalConclusion,
    ContractKind,
    FundingKind,
    ProposalStatus,
)
from desktop.services import advances, lifecycle
from desktop.services.lifecycle import RuleViolation
from tests.conftest import commune

M = 1_000_000
ACCEPTED_ON = date(2026, 10, 1)


def running(
    session: Session,
    activity: str,
    support: int,
    *,
    start: date | None = None,
    end: date | None = None,
) -> Proposal:
    """A proposal of ``activity`` approved for ``support`` đồng, contracted and under way."""
    from desktop.models import Appraisal
    from desktop.models.enums import AppraisalForm

    p = Proposal(
        code="KCĐP-2026-031",
        title="Đề án thử",
        plan_year=2026,
        funding=FundingKind.KCDP,
        activity_type_code=activity,
        province_code="66",
        start_date=start,
        end_date=end,
    )
    p.budget_lines.append(
        BudgetLine(
            position=1,
            item="Hạng mục",
            unit="gói",
            quantity=Decimal(1),
            unit_price=support * 2,
            amount=support * 2,
            support_amount=support,
            counterpart_amount=support * 2 - support,
            other_amount=0,
            province_code="66",
        )
    )
    place = commune(session, "66", "xa")
    p.locations.append(ProposalLocation(commune_code=place.code, province_code="66", commune=place))
    lifecycle.create_proposal(session, p)
    p.activity_type = session.get_one(ActivityType, activity)
    lifecycle.add_appraisal(
        session,
        p,
        Appraisal(
            form=AppraisalForm.MAU_4A,
            appraised_on=date(2026, 6, 1),
            conclusion=AppraisalConclusion.HO_TRO,
            proposed_support=support,
        ),
    )
    lifecycle.transition(session, p, ProposalStatus.APPRAISED)
    lifecycle.transition(session, p, ProposalStatus.APPROVED, decision_no="9/QĐ-UBND", decision_date=date(2026, 7, 1))
    lifecycle.add_contract(
        session, p, Contract(kind=ContractKind.THUC_HIEN, number="9/HĐ", signed_on=date(2026, 7, 5), value=support)
    )
    lifecycle.transition(session, p, ProposalStatus.CONTRACTED)
    lifecycle.transition(session, p, ProposalStatus.IN_PROGRESS)
    return p


def accept(session: Session, p: Proposal, on: date = ACCEPTED_ON) -> None:
    lifecycle.add_acceptance(
        session,
        p,
        Acceptance(
            form=AcceptanceForm.MAU_5B,
            accepted_on=on,
            value_accepted=p.approved_support or 0,
            conclusion=AcceptanceConclusion.DAT,
        ),
    )
    lifecycle.transition(session, p, ProposalStatus.ACCEPTED)


def pay(session: Session, p: Proposal, amount: int, on: date = date(2026, 8, 1)) -> Advance:
    return lifecycle.add_advance(session, p, Advance(paid_on=on, amount=amount))


def test_dieu_13_every_activity_type_maps_to_its_clause(session: Session) -> None:
    """TT 36/2013 Điều 13: the kinds it names, by clause, as data; the others follow Điều 16 khoản 2."""
    expected = {
        "ha_tang_ccn": ("Điều 13 khoản 1 điểm a", "30%"),
        "xu_ly_o_nhiem_ccn": ("Điều 13 khoản 1 điểm a", "30%"),
        "dao_tao_nghe": ("Điều 13 khoản 2 điểm a", "70%"),
        "tu_van": ("Điều 13 khoản 2 điểm b", "70%"),
        "thuong_hieu": ("Điều 13 khoản 2 điểm b", "70%"),
        "hoi_cho_trong_nuoc": ("Điều 13 khoản 2 điểm c", "70%"),
        "quy_hoach_ccn": ("Điều 13 khoản 2 điểm c", "70%"),
        "mo_hinh_trinh_dien": ("Điều 13 khoản 2 điểm d", "70%"),
        "may_moc_thiet_bi": ("Điều 13 khoản 2 điểm d", "70%"),
        "xu_ly_o_nhiem_co_so": ("Điều 13 khoản 2 điểm d", "70%"),
        "thanh_lap_dn": ("Điều 13 khoản 3", "0%"),
        "binh_chon_tinh": ("Điều 16 khoản 2", ""),
        "chuyen_doi_so": ("Điều 16 khoản 2", ""),
    }
    for activity, (clause, percent) in expected.items():
        rule = advances.rule_for(activity)
        assert (rule.clause, rule.percent) == (clause, percent), activity
    offered = set(session.scalars(select(ActivityType.code)))
    assert set(advances.ADVANCE_RULES) <= offered  # no rule for an activity the program does not offer


@pytest.mark.parametrize(
    ("amount", "refused"),
    [(105 * M, False), (105 * M + 1, True)],  # exactly 70 %, then one đồng over
)
def test_dieu_13_khoan_2_diem_d_seventy_percent_before_acceptance(session: Session, amount: int, refused: bool) -> None:
    """TT 36/2013 Điều 13 khoản 2 điểm d: machinery is advanced at most 70 % of the approved support before
    acceptance; the refusal cites the clause and the figures."""
    p = running(session, "may_moc_thiet_bi", 150 * M)
    if not refused:
        pay(session, p, amount)
        assert lifecycle.advanced_total(p) == amount
        return
    with pytest.raises(RuleViolation) as raised:
        pay(session, p, amount)
    message = str(raised.value)
    assert "tối đa 70% kinh phí hỗ trợ được duyệt 150.000.000 đ, tức 105.000.000 đ" in message
    assert "Thông tư 36/2013/TT-BCT, Điều 13 khoản 2 điểm d" in message
    assert "thêm 105.000.001 đ thành 105.000.001 đ, vượt 1 đ" in message
    assert "Điều 14" in message


def test_dieu_13_the_ceiling_is_never_rounded_up(session: Session) -> None:
    """TT 36/2013 Điều 13 khoản 2: 70 % of 150.000.001 đ is 105.000.000,7 đ — 105.000.000 đ may be advanced,
    105.000.001 đ may not; zero is never an advance."""
    p = running(session, "dao_tao_nghe", 150 * M + 1)
    with pytest.raises(RuleViolation, match="lớn hơn 0"):
        pay(session, p, 0)
    with pytest.raises(RuleViolation, match="Điều 13 khoản 2 điểm a"):
        pay(session, p, 105 * M + 1)
    pay(session, p, 105 * M)


@pytest.mark.parametrize("activity", ["ha_tang_ccn", "xu_ly_o_nhiem_ccn"])
def test_dieu_13_khoan_1_thirty_percent_for_ccn_infrastructure(session: Session, activity: str) -> None:
    """TT 36/2013 Điều 13 khoản 1 điểm a: CCN infrastructure and pollution treatment in a CCN, 30 %."""
    p = running(session, activity, 1_000 * M)
    with pytest.raises(RuleViolation, match=r"tối đa 30% .*300\.000\.000 đ.*Điều 13 khoản 1 điểm a"):
        pay(session, p, 300 * M + 1)
    pay(session, p, 200 * M)
    with pytest.raises(RuleViolation, match=r"đã tạm ứng 200\.000\.000 đ, thêm 100\.000\.001 đ"):
        pay(session, p, 100 * M + 1, date(2026, 9, 1))
    pay(session, p, 100 * M, date(2026, 9, 1))


def test_dieu_14_the_rest_from_the_day_of_acceptance_not_the_day_before(session: Session) -> None:
    """TT 36/2013 Điều 14: what is left is advanced after acceptance — an advance dated the day before the
    acceptance still counts against the 70 %, one dated that day does not."""
    p = running(session, "may_moc_thiet_bi", 150 * M)
    pay(session, p, 105 * M, date(2026, 8, 1))
    accept(session, p)
    with pytest.raises(RuleViolation, match="trước khi nghiệm thu"):
        pay(session, p, 45 * M, ACCEPTED_ON - timedelta(days=1))
    pay(session, p, 45 * M, ACCEPTED_ON)
    assert lifecycle.advanced_total(p) == 150 * M


def test_dieu_13_khoan_3_an_enterprise_is_advanced_after_its_acceptance(session: Session) -> None:
    """TT 36/2013 Điều 13 khoản 3: setting up an enterprise, 100 % — with the acceptance record, so nothing
    before it (even one đồng), everything from its day."""
    p = running(session, "thanh_lap_dn", 10 * M)
    with pytest.raises(RuleViolation, match=r"chỉ được tạm ứng kinh phí sau khi nghiệm thu cơ sở.*Điều 13 khoản 3"):
        pay(session, p, 1)
    assert lifecycle.advance_allowed(p, date(2026, 8, 1)) == 0
    accept(session, p)
    with pytest.raises(RuleViolation, match="Điều 13 khoản 3"):
        pay(session, p, 1, ACCEPTED_ON - timedelta(days=1))
    assert lifecycle.advance_allowed(p, ACCEPTED_ON) == 10 * M
    pay(session, p, 10 * M, ACCEPTED_ON)


def test_dieu_15_a_multi_year_proposal_holds_only_its_first_advance_to_the_share(session: Session) -> None:
    """TT 36/2013 Điều 15 khoản 2: over several years the first advance follows Điều 13 (70 % here), later
    ones follow progress within the approved support."""
    p = running(session, "mo_hinh_trinh_dien", 100 * M, start=date(2026, 7, 1), end=date(2027, 6, 30))
    with pytest.raises(RuleViolation, match=r"Lần tạm ứng đầu.*70%.*70\.000\.000 đ.*vượt 1 đ"):
        pay(session, p, 70 * M + 1)
    assert lifecycle.advance_allowed(p, date(2026, 8, 1)) == 70 * M
    pay(session, p, 70 * M)
    assert lifecycle.advance_allowed(p, date(2027, 2, 1)) == 30 * M
    pay(session, p, 30 * M, date(2027, 2, 1))  # the second advance, by progress, before acceptance


def test_dieu_16_khoan_2_kinds_not_named_are_held_to_the_approved_support(session: Session) -> None:
    """TT 36/2013 Điều 16 khoản 2: for kinds Điều 13 does not name the rate is the department's decision;
    the program holds them to the approved support only, and says so."""
    p = running(session, "binh_chon_tinh", 50 * M)
    assert "Điều 16 khoản 2" in advances.explain(p, date(2026, 8, 1))
    pay(session, p, 50 * M)
    with pytest.raises(RuleViolation, match="vượt kinh phí hỗ trợ được duyệt"):
        pay(session, p, 1)


def test_dieu_13_the_form_proposes_the_allowed_amount(session: Session) -> None:
    """TT 36/2013 Điều 13–14: the advance form proposes what may be advanced on its day — 70 % before
    acceptance, what is left of it after an advance, the rest of the support from the acceptance."""
    p = running(session, "may_moc_thiet_bi", 150 * M)
    assert lifecycle.advance_allowed(p, date(2026, 8, 1)) == 105 * M
    pay(session, p, 100 * M)
    assert lifecycle.advance_allowed(p, date(2026, 8, 2)) == 5 * M
    text = advances.explain(p, date(2026, 8, 2))
    assert "tối đa 70% kinh phí hỗ trợ được duyệt, tức 105.000.000 đ" in text
    assert "Còn được tạm ứng 5.000.000 đ." in text
    accept(session, p)
    assert lifecycle.advance_allowed(p, ACCEPTED_ON) == 50 * M
    assert "Điều 14" in advances.explain(p, ACCEPTED_ON)


def test_dieu_13_the_server_checks_the_same_rule(session: Session) -> None:
    """TT 36/2013 Điều 13: a pushed advance is checked with ``record_problems`` (the server's money check), so
    an advance recorded beyond 70 % on a PC that skipped the check is refused there too."""
    p = running(session, "may_moc_thiet_bi", 150 * M)
    first = pay(session, p, 105 * M)
    session.flush()
    assert lifecycle.record_problems(p, first) == []
    first.amount = 105 * M + 1
    (problem,) = lifecycle.record_problems(p, first)
    assert "Điều 13 khoản 2 điểm d" in problem and "vượt 1 đ" in problem
    first.amount = 105 * M
    late = Advance(paid_on=date(2026, 8, 2), amount=1, province_code="66")
    p.advances.append(late)
    session.flush()
    (late_problem,) = lifecycle.record_problems(p, late)
    assert "đã tạm ứng 105.000.000 đ, thêm 1 đ thành 105.000.001 đ, vượt 1 đ" in late_problem
