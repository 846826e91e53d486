"""A proposal's life: steps in order, guards on each, money never above what was approved."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import (
    Acceptance,
    Advance,
    Appraisal,
    BudgetLine,
    Contract,
    Proposal,
    ProposalLocation,
    Settlement,
    StatusTransition,
)
from desktop.models.enums import (
    AcceptanceConclusion,
    AcceptanceForm,
    AppraisalConclusion,
    AppraisalForm,
    ContractKind,
    FundingKind,
    ProposalStatus,
)
from desktop.services import lifecycle
from desktop.services.lifecycle import RuleViolation
from desktop.store.db import Database
from tests.conftest import commune

M = 1_000_000


def draft(session: Session) -> Proposal:
    p = Proposal(
        code="KCĐP-2026-007",
        title="Hỗ trợ máy dệt thổ cẩm",
        plan_year=2026,
        funding=FundingKind.KCDP,
        activity_type_code="may_moc_thiet_bi",
        province_code="66",
    )
    p.budget_lines.append(
        BudgetLine(
            position=1,
            item="Máy dệt",
            unit="cái",
            quantity=Decimal(2),
            unit_price=150 * M,
            amount=300 * M,
            support_amount=150 * M,
            counterpart_amount=150 * M,
            other_amount=0,
            province_code="66",
        )
    )
    place = commune(session, "66", "xa")
    p.locations.append(ProposalLocation(commune_code=place.code, province_code="66", commune=place))
    return lifecycle.create_proposal(session, p)


def appraise(session: Session, p: Proposal, conclusion: AppraisalConclusion = AppraisalConclusion.HO_TRO) -> None:
    lifecycle.add_appraisal(
        session,
        p,
        Appraisal(
            form=AppraisalForm.MAU_4A, appraised_on=date(2026, 6, 1), conclusion=conclusion, proposed_support=150 * M
        ),
    )


def approved(session: Session) -> Proposal:
    p = draft(session)
    appraise(session, p)
    lifecycle.transition(session, p, ProposalStatus.APPRAISED)
    lifecycle.transition(session, p, ProposalStatus.APPROVED, decision_no="123/QĐ-UBND", decision_date=date(2026, 7, 1))
    return p


def contracted(session: Session) -> Proposal:
    p = approved(session)
    lifecycle.add_contract(
        session, p, Contract(kind=ContractKind.THUC_HIEN, number="01/HĐ-KC", signed_on=date(2026, 7, 10), value=150 * M)
    )
    lifecycle.transition(session, p, ProposalStatus.CONTRACTED)
    return p


def test_the_whole_life_is_recorded_with_who_and_why(database: Database) -> None:
    with database.transaction(actor="giam-doc") as session:
        p = contracted(session)
        lifecycle.transition(session, p, ProposalStatus.IN_PROGRESS)
        lifecycle.add_advance(session, p, Advance(paid_on=date(2026, 7, 20), amount=105 * M))
        lifecycle.add_acceptance(
            session,
            p,
            Acceptance(
                form=AcceptanceForm.MAU_5A,
                location_id=p.locations[0].id,
                accepted_on=date(2026, 10, 1),
                value_accepted=300 * M,
                conclusion=AcceptanceConclusion.DAT,
            ),
        )
        lifecycle.transition(session, p, ProposalStatus.ACCEPTED)
        lifecycle.add_advance(session, p, Advance(paid_on=date(2026, 10, 5), amount=40 * M))
        settlement = lifecycle.add_settlement(
            session, p, Settlement(settled_on=date(2026, 11, 1), settled_amount=140 * M)
        )
        lifecycle.transition(session, p, ProposalStatus.SETTLED)
        settlement.liquidated_on = date(2026, 11, 15)
        lifecycle.transition(session, p, ProposalStatus.LIQUIDATED, reason="Thanh lý hợp đồng")
        proposal_id = p.id
    with database.session() as session:
        steps = list(
            session.scalars(
                select(StatusTransition)
                .where(StatusTransition.proposal_id == proposal_id)
                .order_by(StatusTransition.at, StatusTransition.created_at)
            )
        )
        assert [s.to_status for s in steps] == [
            ProposalStatus.DRAFT,
            ProposalStatus.APPRAISED,
            ProposalStatus.APPROVED,
            ProposalStatus.CONTRACTED,
            ProposalStatus.IN_PROGRESS,
            ProposalStatus.ACCEPTED,
            ProposalStatus.SETTLED,
            ProposalStatus.LIQUIDATED,
        ]
        assert {s.actor for s in steps} == {"giam-doc"}
        assert steps[2].decision_no == "123/QĐ-UBND"
        assert steps[2].decision_date == date(2026, 7, 1)
        p = session.get_one(Proposal, proposal_id)
        assert p.approved_support == 150 * M
        assert p.approved_on == date(2026, 7, 1)
        assert p.settlements[0].refund_amount == 5 * M  # advanced 145, settled 140


def test_no_approval_without_a_favourable_appraisal_and_a_decision(session: Session) -> None:
    p = draft(session)
    with pytest.raises(RuleViolation, match="Chưa có phiếu thẩm định"):
        lifecycle.transition(session, p, ProposalStatus.APPRAISED)
    with pytest.raises(RuleViolation, match="Không thể chuyển từ “Dự thảo” sang “Đã phê duyệt”"):
        lifecycle.transition(session, p, ProposalStatus.APPROVED, decision_no="1/QĐ")
    appraise(session, p, AppraisalConclusion.BO_SUNG)
    lifecycle.transition(session, p, ProposalStatus.APPRAISED)
    steps = {s.status: s for s in lifecycle.next_steps(p)}
    assert "Kết luận thẩm định gần nhất không đề nghị hỗ trợ" in steps[ProposalStatus.APPROVED].blockers
    assert "Nhập số quyết định phê duyệt" in steps[ProposalStatus.APPROVED].blockers
    assert steps[ProposalStatus.DRAFT].possible  # sent back for supplement: the appraisal says so
    lifecycle.transition(session, p, ProposalStatus.DRAFT, reason="Bổ sung hồ sơ")
    assert p.status is ProposalStatus.DRAFT


def test_no_approval_of_a_budget_that_does_not_add_up(session: Session) -> None:
    p = draft(session)
    p.budget_lines[0].counterpart_amount = 100 * M
    appraise(session, p)
    lifecycle.transition(session, p, ProposalStatus.APPRAISED)
    with pytest.raises(RuleViolation, match="không bằng thành tiền"):
        lifecycle.transition(session, p, ProposalStatus.APPROVED, decision_no="5/QĐ")


def test_no_acceptance_before_a_contract(session: Session) -> None:
    p = approved(session)
    with pytest.raises(RuleViolation, match="Không thể nghiệm thu"):
        lifecycle.add_acceptance(
            session,
            p,
            Acceptance(
                form=AcceptanceForm.MAU_5B,
                accepted_on=date(2026, 8, 1),
                value_accepted=1,
                conclusion=AcceptanceConclusion.DAT,
            ),
        )
    with pytest.raises(RuleViolation, match="Chưa có hợp đồng"):
        lifecycle.transition(session, p, ProposalStatus.CONTRACTED)


def test_advances_never_above_the_approved_support(session: Session) -> None:
    """The total never passes the approved support; before acceptance only 70 % of it (TT 36/2013 Điều 13
    khoản 2 điểm d for machinery), the rest after acceptance (Điều 14)."""
    p = contracted(session)
    lifecycle.transition(session, p, ProposalStatus.IN_PROGRESS)
    lifecycle.add_advance(session, p, Advance(paid_on=date(2026, 7, 20), amount=105 * M))
    with pytest.raises(RuleViolation, match="Trước khi nghiệm thu chỉ được tạm ứng tối đa 70%"):
        lifecycle.add_advance(session, p, Advance(paid_on=date(2026, 8, 1), amount=45 * M))
    lifecycle.add_acceptance(
        session,
        p,
        Acceptance(
            form=AcceptanceForm.MAU_5A,
            location_id=p.locations[0].id,
            accepted_on=date(2026, 10, 1),
            value_accepted=300 * M,
            conclusion=AcceptanceConclusion.DAT,
        ),
    )
    lifecycle.transition(session, p, ProposalStatus.ACCEPTED)
    with pytest.raises(RuleViolation, match=r"vượt kinh phí hỗ trợ được duyệt 150\.000\.000 đ.*45\.000\.000 đ"):
        lifecycle.add_advance(session, p, Advance(paid_on=date(2026, 10, 5), amount=46 * M))
    lifecycle.add_advance(session, p, Advance(paid_on=date(2026, 10, 5), amount=45 * M))
    assert lifecycle.advanced_total(p) == 150 * M
    with pytest.raises(RuleViolation, match="lớn hơn 0"):
        lifecycle.add_advance(session, p, Advance(paid_on=date(2026, 10, 5), amount=0))


def test_no_advance_before_a_contract(session: Session) -> None:
    p = approved(session)
    with pytest.raises(RuleViolation, match="Không thể tạm ứng"):
        lifecycle.add_advance(session, p, Advance(paid_on=date(2026, 7, 20), amount=1 * M))


def test_no_settlement_before_acceptance_and_every_location_accepted(session: Session) -> None:
    p = contracted(session)
    lifecycle.transition(session, p, ProposalStatus.IN_PROGRESS)
    with pytest.raises(RuleViolation, match="Không thể quyết toán"):
        lifecycle.add_settlement(session, p, Settlement(settled_on=date(2026, 11, 1), settled_amount=1))
    lifecycle.add_acceptance(
        session,
        p,
        Acceptance(
            form=AcceptanceForm.MAU_5A,
            location_id=None,
            accepted_on=date(2026, 10, 1),
            value_accepted=1,
            conclusion=AcceptanceConclusion.DAT,
        ),
    )
    with pytest.raises(RuleViolation, match="Chưa nghiệm thu tại địa điểm Xã"):
        lifecycle.transition(session, p, ProposalStatus.ACCEPTED)


def test_going_back_needs_a_decision(session: Session) -> None:
    p = contracted(session)
    with pytest.raises(RuleViolation, match="theo một quyết định"):
        lifecycle.transition(session, p, ProposalStatus.APPROVED)
    step = lifecycle.transition(
        session, p, ProposalStatus.APPROVED, decision_no="45/QĐ-UBND", reason="Điều chỉnh đề án"
    )
    assert (step.from_status, step.to_status, step.decision_no) == (
        ProposalStatus.CONTRACTED,
        ProposalStatus.APPROVED,
        "45/QĐ-UBND",
    )


def test_stopping_needs_a_decision_or_a_reason(session: Session) -> None:
    p = approved(session)
    with pytest.raises(RuleViolation, match="quyết định hoặc lý do"):
        lifecycle.transition(session, p, ProposalStatus.STOPPED)
    lifecycle.transition(session, p, ProposalStatus.STOPPED, reason="Đơn vị thụ hưởng xin rút")
    assert lifecycle.next_steps(p) == []
