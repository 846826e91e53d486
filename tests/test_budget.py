"""Budget lines, totals and support caps that change with the date and the province."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from desktop.models import BudgetLine, Facility, Proposal, ProposalBeneficiary, SupportCap
from desktop.models.enums import CapUnit, FundingKind
from desktop.services import budget
from desktop.services.budget import Severity, cap_in_force, check_budget
from tests.conftest import TODAY, commune, make_facility

M = 1_000_000


def line(
    position: int, amount: int, support: int, *, quantity: int = 1, facility: Facility | None = None
) -> BudgetLine:
    return BudgetLine(
        position=position,
        item=f"Hạng mục {position}",
        unit="bộ",
        quantity=Decimal(quantity),
        unit_price=amount // quantity,
        amount=amount,
        support_amount=support,
        counterpart_amount=amount - support,
        other_amount=0,
        province_code="66",
        beneficiary_facility_id=facility.id if facility else None,
    )


def proposal(session: Session, activity: str, lines: list[BudgetLine], approved_on: date | None = None) -> Proposal:
    p = Proposal(
        code="KCĐP-2026-001",
        title="Hỗ trợ máy sấy cà phê",
        plan_year=2026,
        funding=FundingKind.KCDP,
        activity_type_code=activity,
        province_code="66",
        approved_on=approved_on,
    )
    p.budget_lines.extend(lines)
    session.add(p)
    session.flush()
    return p


def test_totals_and_support_share() -> None:
    lines = [line(1, 400 * M, 200 * M), line(2, 100 * M, 50 * M)]
    t = budget.totals(lines)
    assert (t.amount, t.support, t.counterpart, t.other) == (500 * M, 250 * M, 250 * M, 0)
    assert t.support_percent == Decimal("50.00")


def test_line_errors_name_the_line_and_the_numbers() -> None:
    bad_split = line(1, 100 * M, 60 * M)
    bad_split.counterpart_amount = 30 * M
    bad_product = line(2, 90 * M, 45 * M, quantity=3)
    bad_product.unit_price = 31 * M
    findings = budget.check_lines([bad_split, bad_product])
    assert [f.line for f in findings] == [1, 2]
    assert all(f.severity is Severity.ERROR for f in findings)
    assert "Dòng 1 “Hạng mục 1”" in findings[0].message
    assert "90.000.000 đ" in findings[0].message
    assert "93.000.000 đ" in findings[1].message


def test_caps_follow_the_date_old_rules_for_old_approvals(session: Session) -> None:
    new = cap_in_force(session, "66", "may_moc_thiet_bi", TODAY)
    old = cap_in_force(session, "66", "may_moc_thiet_bi", date(2017, 6, 1))
    assert new is not None
    assert new.cap_amount == 300 * M
    assert "28/2018" in new.legal_basis
    assert old is not None
    assert old.cap_amount == 200 * M
    assert "26/2014" in old.legal_basis
    assert cap_in_force(session, "66", "may_moc_thiet_bi", date(2010, 1, 1)) is None


def test_a_provinces_own_cap_overrides_the_national_one(session: Session) -> None:
    session.add(
        SupportCap(
            province_code="66",
            activity_type_code="mo_hinh_trinh_dien",
            rate_percent=Decimal(30),
            cap_amount=800 * M,
            unit=CapUnit.MO_HINH,
            valid_from=date(2025, 7, 1),
            legal_basis="Nghị quyết của HĐND tỉnh",
        )
    )
    session.flush()
    assert cap_in_force(session, "66", "mo_hinh_trinh_dien", TODAY).cap_amount == 800 * M  # type: ignore[union-attr]
    assert cap_in_force(session, "48", "mo_hinh_trinh_dien", TODAY).cap_amount == 1_000 * M  # type: ignore[union-attr]
    assert cap_in_force(session, "66", "mo_hinh_trinh_dien", date(2025, 1, 1)).cap_amount == 1_000 * M  # type: ignore[union-attr]


def test_support_over_the_cap_warns_with_the_cap_and_its_legal_basis(session: Session) -> None:
    p = proposal(session, "may_moc_thiet_bi", [line(1, 800 * M, 350 * M)])
    findings = check_budget(session, p, TODAY)
    assert [f.severity for f in findings] == [Severity.WARNING]
    assert "350.000.000 đ vượt mức" in findings[0].message
    assert "300.000.000 đ/cơ sở" in findings[0].message
    assert "Thông tư 28/2018/TT-BTC" in findings[0].message


def test_support_over_the_rate_warns(session: Session) -> None:
    p = proposal(session, "may_moc_thiet_bi", [line(1, 200 * M, 120 * M)])
    (finding,) = check_budget(session, p, TODAY)
    assert "60% chi phí" in finding.message
    assert "tối đa 50% chi phí" in finding.message


def test_an_approved_proposal_keeps_the_caps_of_its_approval(session: Session) -> None:
    p = proposal(session, "may_moc_thiet_bi", [line(1, 600 * M, 250 * M)], approved_on=date(2017, 3, 1))
    (finding,) = check_budget(session, p, TODAY)
    assert "200.000.000 đ/cơ sở" in finding.message
    assert "26/2014" in finding.message
    assert check_budget(session, p, TODAY, priority=True) == []  # 1.5 × 200 = 300 allowed for priority areas


def test_per_facility_caps_apply_to_each_beneficiary(session: Session) -> None:
    place = commune(session, "66", "xa")
    a = make_facility(session, place, name="Cơ sở A")
    b = make_facility(session, place, name="Cơ sở B")
    p = proposal(
        session, "may_moc_thiet_bi", [line(1, 500 * M, 250 * M, facility=a), line(2, 700 * M, 320 * M, facility=b)]
    )
    p.beneficiaries.extend(ProposalBeneficiary(facility_id=f.id, province_code="66", facility=f) for f in (a, b))
    findings = check_budget(session, p, TODAY)
    assert len(findings) == 1
    assert findings[0].message.startswith("Cơ sở “Cơ sở B”")


def test_an_empty_budget_is_flagged(session: Session) -> None:
    p = proposal(session, "tu_van", [])
    assert [f.message for f in check_budget(session, p, TODAY)] == ["Đề án chưa có dòng dự toán kinh phí nào"]


def test_a_sum_typed_into_a_line_is_money_and_never_negative() -> None:
    assert budget.parse_line_money("1.500.000") == 1_500_000 and budget.parse_line_money("") == 0
    with pytest.raises(ValueError, match="Số tiền không được âm"):
        budget.parse_line_money("-5.000")
