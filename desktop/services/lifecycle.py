"""A proposal's life (TT 36/2013): which step may follow which, what each step needs, and the money guards.

Status moves forward one step at a time; it goes back only under a decision (number and date), and every
move is recorded with who, when, why and the decision.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from sqlalchemy.orm import Session

from desktop.core.errors import Refused
from desktop.core.money import format_money
from desktop.core.text import clean
from desktop.core.validation import FieldError
from desktop.models.base import Synced, utcnow
from desktop.models.enums import AcceptanceConclusion, AcceptanceForm, AppraisalConclusion, ContractKind, ProposalStatus
from desktop.models.proposal import (
    Acceptance,
    Advance,
    Appraisal,
    BudgetLine,
    Contract,
    Proposal,
    Settlement,
    StatusTransition,
)
from desktop.services import advances, budget, proposal_codes, proposal_kind
from desktop.store.audit import actor_of, restore

T = TypeVar("T")
L = TypeVar("L", bound=Synced)


class RuleViolation(Refused):
    """An action the rules do not allow; the message, in Vietnamese, says why and what to do."""


MAIN_LINE: tuple[ProposalStatus, ...] = (
    ProposalStatus.DRAFT,
    ProposalStatus.APPRAISED,
    ProposalStatus.APPROVED,
    ProposalStatus.CONTRACTED,
    ProposalStatus.IN_PROGRESS,
    ProposalStatus.ACCEPTED,
    ProposalStatus.SETTLED,
    ProposalStatus.LIQUIDATED,
)
FORWARD: dict[ProposalStatus, tuple[ProposalStatus, ...]] = {
    ProposalStatus.DRAFT: (ProposalStatus.APPRAISED,),
    ProposalStatus.APPRAISED: (ProposalStatus.APPROVED, ProposalStatus.REJECTED, ProposalStatus.DRAFT),
    ProposalStatus.APPROVED: (ProposalStatus.CONTRACTED, ProposalStatus.STOPPED),
    ProposalStatus.CONTRACTED: (ProposalStatus.IN_PROGRESS, ProposalStatus.STOPPED),
    ProposalStatus.IN_PROGRESS: (ProposalStatus.ACCEPTED, ProposalStatus.STOPPED),
    ProposalStatus.ACCEPTED: (ProposalStatus.SETTLED,),
    ProposalStatus.SETTLED: (ProposalStatus.LIQUIDATED,),
}
ACTION_LABELS: dict[ProposalStatus, str] = {
    ProposalStatus.APPRAISED: "Thẩm định",
    ProposalStatus.APPROVED: "Phê duyệt",
    ProposalStatus.REJECTED: "Không phê duyệt",
    ProposalStatus.DRAFT: "Trả lại để bổ sung",
    ProposalStatus.CONTRACTED: "Ký hợp đồng",
    ProposalStatus.IN_PROGRESS: "Bắt đầu thực hiện",
    ProposalStatus.ACCEPTED: "Nghiệm thu",
    ProposalStatus.SETTLED: "Quyết toán",
    ProposalStatus.LIQUIDATED: "Thanh lý",
    ProposalStatus.STOPPED: "Ngừng triển khai",
}


def alive(rows: Sequence[T]) -> list[T]:
    return [r for r in rows if getattr(r, "deleted_at", None) is None]


def revive_or_add(rows: list[L], matches: Callable[[L], bool], make: Callable[[], L], duplicate: str) -> L:
    """The link row in ``rows`` that ``matches`` (a trainee on a roster, a beneficiary, an entry): restored if
    it had been removed, refused with ``duplicate`` if it is there; otherwise a new one from ``make``."""
    for row in rows:
        if matches(row):
            if row.deleted_at is None:
                raise RuleViolation(duplicate)
            restore(row)
            return row
    row = make()
    rows.append(row)
    return row


def latest_appraisal(proposal: Proposal) -> Appraisal | None:
    appraisals = alive(proposal.appraisals)
    return max(appraisals, key=lambda a: (a.appraised_on, a.created_at)) if appraisals else None


def is_backward(current: ProposalStatus, target: ProposalStatus) -> bool:
    return current in MAIN_LINE and target in MAIN_LINE and MAIN_LINE.index(target) < MAIN_LINE.index(current)


def blockers(
    proposal: Proposal,
    target: ProposalStatus,
    *,
    decision_no: str = "",
    reason: str = "",
    current: ProposalStatus | None = None,
) -> list[str]:
    """Why ``proposal`` cannot move to ``target`` now (Vietnamese); empty when it can. ``current``: the status
    to move from, when it is not the proposal's own (the server checks a step after applying it)."""
    current = current or proposal.status
    decision_no, reason = clean(decision_no), clean(reason, multiline=True)
    if target == current:
        return [f"Đề án đang ở bước “{current.label}”"]
    backward = is_backward(current, target)
    if target not in FORWARD.get(current, ()) and not backward:
        return [f"Không thể chuyển từ “{current.label}” sang “{target.label}”"]
    if backward and not (current is ProposalStatus.APPRAISED and target is ProposalStatus.DRAFT):
        return [] if decision_no else ["Chỉ được trả đề án về bước trước theo một quyết định: nhập số quyết định"]
    appraisal = latest_appraisal(proposal)
    problems: list[str] = []
    if target is ProposalStatus.APPRAISED and appraisal is None:
        problems.append("Chưa có phiếu thẩm định (Mẫu 4a/4b)")
    elif target is ProposalStatus.DRAFT and (
        appraisal is None or appraisal.conclusion is not AppraisalConclusion.BO_SUNG
    ):
        if not decision_no:
            problems.append("Chỉ trả lại khi kết luận thẩm định là “bổ sung, hoàn thiện hồ sơ” hoặc có quyết định")
    elif target is ProposalStatus.APPROVED:
        if appraisal is None or appraisal.conclusion is not AppraisalConclusion.HO_TRO:
            problems.append("Kết luận thẩm định gần nhất không đề nghị hỗ trợ")
        if not decision_no:
            problems.append("Nhập số quyết định phê duyệt")
        errors = [f.message for f in budget.check_lines(proposal.budget_lines) if f.severity is budget.Severity.ERROR]
        problems += errors
        if not alive(proposal.budget_lines):
            problems.append("Đề án chưa có dự toán kinh phí")
        problems += proposal_kind.proposal_problems(proposal)
    elif target in (ProposalStatus.REJECTED, ProposalStatus.STOPPED) and not (decision_no or reason):
        problems.append("Nhập số quyết định hoặc lý do")
    elif target is ProposalStatus.CONTRACTED and not alive(proposal.contracts):
        problems.append("Chưa có hợp đồng thực hiện đề án")
    elif target is ProposalStatus.ACCEPTED:
        accepted = [a for a in alive(proposal.acceptances) if a.conclusion is AcceptanceConclusion.DAT]
        if not accepted:
            problems.append("Chưa có biên bản nghiệm thu đạt")
        accepted_places = {a.location_id for a in accepted}
        for location in alive(proposal.locations):
            if location.id not in accepted_places and not any(a.form is not AcceptanceForm.MAU_5A for a in accepted):
                problems.append(f"Chưa nghiệm thu tại địa điểm {location.commune.name}")
    elif target is ProposalStatus.SETTLED and not alive(proposal.settlements):
        problems.append("Chưa có số liệu quyết toán")
    elif target is ProposalStatus.LIQUIDATED and not any(s.liquidated_on for s in alive(proposal.settlements)):
        problems.append("Chưa có ngày thanh lý hợp đồng")
    return problems


@dataclass(frozen=True)
class NextStep:
    """A step the proposal could take next, with what still stands in the way."""

    status: ProposalStatus
    label: str
    blockers: list[str]

    @property
    def possible(self) -> bool:
        return not self.blockers


def next_steps(proposal: Proposal) -> list[NextStep]:
    """The forward steps from the current status, each with its blockers (for the workspace's step bar)."""
    return [NextStep(t, ACTION_LABELS[t], blockers(proposal, t)) for t in FORWARD.get(proposal.status, ())]


def transition(
    session: Session,
    proposal: Proposal,
    target: ProposalStatus,
    *,
    reason: str = "",
    decision_no: str = "",
    decision_date: date | None = None,
    signer: str = "",
) -> StatusTransition:
    """Move ``proposal`` to ``target`` if the rules allow it, recording the move; raises RuleViolation.
    ``signer``: who signed the decision on paper, when someone else records it."""
    reason, decision_no, signer = clean(reason, multiline=True), clean(decision_no), clean(signer)
    problems = blockers(proposal, target, decision_no=decision_no, reason=reason)
    if problems:
        raise RuleViolation(f"Không thể chuyển đề án {proposal.code} sang “{target.label}”: " + "; ".join(problems))
    if target is ProposalStatus.APPROVED:
        proposal.approved_on = decision_date or date.today()
        proposal.approval_decision = decision_no
        proposal.approved_support = budget.totals(proposal.budget_lines).support
    step = StatusTransition(
        proposal_id=proposal.id,
        province_code=proposal.province_code,
        from_status=proposal.status,
        to_status=target,
        at=utcnow(),
        actor=actor_of(session),
        reason=reason,
        decision_no=decision_no,
        decision_date=decision_date,
        signer=signer,
    )
    proposal.status = target
    proposal.transitions.append(step)
    return step


def create_proposal(session: Session, proposal: Proposal) -> Proposal:
    """Add a new proposal as a draft, recording its first step. A "KCQG điểm" is refused unless its period
    is more than one year (TT 36/2013 Điều 2 khoản 3); a code the province already uses is refused too
    (FieldError names the kind or the code)."""
    kind_problems = proposal_kind.proposal_problems(proposal)
    if kind_problems:
        raise FieldError("funding", kind_problems[0])
    proposal_codes.check_free(
        session, proposal.province_code, proposal.code, None, proposal.plan_year, proposal.funding
    )
    proposal.status = ProposalStatus.DRAFT
    session.add(proposal)
    session.flush()
    step = StatusTransition(
        proposal_id=proposal.id,
        province_code=proposal.province_code,
        from_status=None,
        to_status=ProposalStatus.DRAFT,
        at=utcnow(),
        actor=actor_of(session),
        reason="Tạo đề án",
    )
    proposal.transitions.append(step)
    return proposal


RECORD_STEPS: dict[str, tuple[ProposalStatus, ...]] = {
    "appraisal": (ProposalStatus.DRAFT, ProposalStatus.APPRAISED),
    "contract": (ProposalStatus.APPROVED, ProposalStatus.CONTRACTED, ProposalStatus.IN_PROGRESS),
    "advance": (ProposalStatus.CONTRACTED, ProposalStatus.IN_PROGRESS, ProposalStatus.ACCEPTED),
    "progress_report": (ProposalStatus.CONTRACTED, ProposalStatus.IN_PROGRESS),
    "inspection": (ProposalStatus.CONTRACTED, ProposalStatus.IN_PROGRESS),
    "acceptance": (ProposalStatus.CONTRACTED, ProposalStatus.IN_PROGRESS, ProposalStatus.ACCEPTED),
    "settlement": (ProposalStatus.ACCEPTED, ProposalStatus.SETTLED),
}
"""The statuses in which each record of a proposal's life may be added (by table): an advance only once the
contract is signed, a settlement only after acceptance. The server checks the same when a record arrives."""
RECORD_ACTIONS = {
    "appraisal": "thẩm định",
    "contract": "ký hợp đồng",
    "advance": "tạm ứng",
    "progress_report": "báo cáo tiến độ",
    "inspection": "kiểm tra",
    "acceptance": "nghiệm thu",
    "settlement": "quyết toán",
}


def record_refusal(proposal_code: str, status: ProposalStatus, table: str) -> str:
    """Why a record of ``table`` cannot be added while the proposal is at ``status``; "" when it can."""
    allowed = RECORD_STEPS[table]
    if status in allowed:
        return ""
    steps = ", ".join(f"“{s.label}”" for s in allowed)
    return (
        f"Không thể {RECORD_ACTIONS[table]} khi đề án {proposal_code} đang ở bước “{status.label}” (chỉ khi: {steps})"
    )


def _require(proposal: Proposal, table: str) -> None:
    refusal = record_refusal(proposal.code, proposal.status, table)
    if refusal:
        raise RuleViolation(refusal)


def advance_problems(approved: int, others: int, amount: int) -> list[str]:
    """An advance of ``amount`` beside ``others`` already advanced: never more than the approved support
    (TT 36/2013 Điều 12 khoản 7), never zero or less. The share allowed before acceptance is
    :func:`advance_law_problems`."""
    if amount <= 0:
        return ["Số tiền tạm ứng phải lớn hơn 0"]
    if others + amount > approved:
        return [
            f"Tạm ứng {format_money(amount)} đ làm tổng tạm ứng thành {format_money(others + amount)} đ,"
            f" vượt kinh phí hỗ trợ được duyệt {format_money(approved)} đ (còn được tạm ứng"
            f" {format_money(max(approved - others, 0))} đ)"
        ]
    return []


def contract_problems(contract: Contract) -> list[str]:
    if contract.value < 0:
        return ["Giá trị hợp đồng không được âm"]
    if contract.kind is ContractKind.HO_TRO and contract.facility_id is None:
        return ["Hợp đồng hỗ trợ phải ghi rõ đơn vị thụ hưởng"]
    return []


def acceptance_problems(acceptance: Acceptance) -> list[str]:
    return ["Giá trị nghiệm thu không được âm"] if acceptance.value_accepted < 0 else []


def settlement_problems(approved: int, settled: int) -> list[str]:
    if settled < 0 or settled > approved:
        return [f"Số quyết toán {format_money(settled)} đ phải từ 0 đến kinh phí được duyệt {format_money(approved)} đ"]
    return []


def record_problems(proposal: Proposal, record: Synced) -> list[str]:
    """What the money rules say against ``record`` (an advance, contract, acceptance, settlement or budget
    line of ``proposal``) as it now stands among the proposal's records; empty when nothing. The server
    checks every record a push adds or changes with it; the desktop's forms check with the same functions
    (``advance_problems``, ``contract_problems``…) before saving."""
    approved = proposal.approved_support or 0
    if record.deleted_at is not None:
        return []
    if isinstance(record, Advance):
        others = sum(a.amount for a in alive(proposal.advances) if a.id != record.id)
        return advance_problems(approved, others, record.amount) or advance_law_problems(proposal, record)
    if isinstance(record, Contract):
        return contract_problems(record)
    if isinstance(record, Acceptance):
        return acceptance_problems(record)
    if isinstance(record, Settlement):
        return settlement_problems(approved, record.settled_amount)
    if isinstance(record, BudgetLine):
        negative = budget.negative_figures(record)
        return [negative] if negative else []
    return []


def add_appraisal(session: Session, proposal: Proposal, appraisal: Appraisal) -> Appraisal:
    _require(proposal, "appraisal")
    appraisal.province_code = proposal.province_code
    proposal.appraisals.append(appraisal)
    return appraisal


def add_contract(session: Session, proposal: Proposal, contract: Contract) -> Contract:
    _require(proposal, "contract")
    problems = contract_problems(contract)
    if problems:
        raise RuleViolation(problems[0])
    contract.province_code = proposal.province_code
    proposal.contracts.append(contract)
    return contract


def advanced_total(proposal: Proposal) -> int:
    return sum(a.amount for a in alive(proposal.advances))


def advance_law_problems(proposal: Proposal, advance: Advance) -> list[str]:
    """Before acceptance, the share of the support Điều 13 of TT 36/2013 allows for the proposal's kind of
    activity; the rest after acceptance (Điều 14); a multi-year proposal's first advance (Điều 15)."""
    return advances.problems(proposal, advance)


def advance_allowed(proposal: Proposal, on: date) -> int:
    """The most a new advance paid on ``on`` may be: what the advance form proposes by default."""
    return advances.allowed(proposal, on)


def add_advance(session: Session, proposal: Proposal, advance: Advance) -> Advance:
    """Record an advance: the sum never above the approved support, and before acceptance never above the
    share TT 36/2013 Điều 13 sets for the kind of activity (the rest after acceptance, Điều 14)."""
    _require(proposal, "advance")
    problems = advance_problems(
        proposal.approved_support or 0, advanced_total(proposal), advance.amount
    ) or advance_law_problems(proposal, advance)
    if problems:
        raise RuleViolation(problems[0])
    advance.province_code = proposal.province_code
    proposal.advances.append(advance)
    return advance


def add_acceptance(session: Session, proposal: Proposal, acceptance: Acceptance) -> Acceptance:
    """Record an acceptance; never before a contract is signed."""
    _require(proposal, "acceptance")
    problems = acceptance_problems(acceptance)
    if problems:
        raise RuleViolation(problems[0])
    acceptance.province_code = proposal.province_code
    proposal.acceptances.append(acceptance)
    return acceptance


def add_settlement(session: Session, proposal: Proposal, settlement: Settlement) -> Settlement:
    """Record the settlement; only after acceptance. The refund is what was advanced beyond the settled amount."""
    _require(proposal, "settlement")
    problems = settlement_problems(proposal.approved_support or 0, settlement.settled_amount)
    if problems:
        raise RuleViolation(problems[0])
    settlement.refund_amount = max(advanced_total(proposal) - settlement.settled_amount, 0)
    settlement.province_code = proposal.province_code
    proposal.settlements.append(settlement)
    return settlement
