"""What the user can do next with a proposal, each action with its own form, and carrying one out.

An action records a document of the proposal's life (an appraisal, a contract, an advance…) and, when
that document completes a step, moves the status on in the same transaction — so the officer fills in
the appraisal sheet and the proposal is "Đã thẩm định", with no separate status button to forget.
Pure decisions (approve, reject, return, stop) are actions whose form asks for the decision.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core.dates import format_date
from desktop.core.money import format_money
from desktop.core.text import place_name
from desktop.core.validation import FieldError
from desktop.models.enums import (
    AcceptanceConclusion,
    AcceptanceForm,
    AppraisalConclusion,
    AppraisalCriterion,
    AppraisalForm,
    ContractKind,
    Labelled,
    ProposalStatus,
)
from desktop.models.proposal import (
    Acceptance,
    Advance,
    Appraisal,
    AppraisalAssessment,
    Contract,
    Inspection,
    ProgressReport,
    Proposal,
    Settlement,
)
from desktop.services import advances, budget, forms, lifecycle, signed_in
from desktop.services.eligibility import Eligibility, check_facility
from desktop.services.forms import Field, FieldKind
from desktop.services.lifecycle import RuleViolation
from desktop.services.signed_in import SignedIn


class Action(Labelled):
    APPRAISE = ("tham_dinh", "Thẩm định")
    APPROVE = ("phe_duyet", "Phê duyệt")
    REJECT = ("khong_phe_duyet", "Không phê duyệt")
    RETURN = ("tra_lai", "Trả lại để bổ sung")
    CONTRACT = ("hop_dong", "Ký hợp đồng")
    START = ("thuc_hien", "Bắt đầu thực hiện")
    ADVANCE = ("tam_ung", "Tạm ứng")
    PROGRESS = ("tien_do", "Báo cáo tiến độ")
    INSPECT = ("kiem_tra", "Kiểm tra, giám sát")
    ACCEPT = ("nghiem_thu", "Nghiệm thu")
    SETTLE = ("quyet_toan", "Quyết toán")
    LIQUIDATE = ("thanh_ly", "Thanh lý hợp đồng")
    STOP = ("ngung", "Ngừng triển khai")


CRITERION_PREFIX = "criterion_"
SIGNER = Field("signer", max_length=120)
"""Who signed the decision on paper: the server lets staff record a decision with it where the centre allows."""
DECISION_FIELDS = (
    Field("decision_no", max_length=64),
    Field("decision_date", FieldKind.DATE),
    SIGNER,
    Field("reason", FieldKind.LONG_TEXT),
)
ELIGIBILITY_REASON = Field("eligibility_reason", FieldKind.LONG_TEXT, max_length=2000)
"""Why the director approves a proposal although a beneficiary is not eligible on the decision's date (NĐ 45/2012
Điều 1 khoản 2, as amended by NĐ 235/2025): without it the approval is refused. Kept in the approval's step."""
OVERRIDE_PREFIX = "Phê duyệt khi có đơn vị thụ hưởng chưa đủ điều kiện"
FIELDS: dict[Action, tuple[Field, ...]] = {
    Action.APPRAISE: (
        Field("form", FieldKind.CHOICE, required=True, choices=AppraisalForm),
        Field("appraised_on", FieldKind.DATE, required=True),
        Field("level", max_length=64),
        Field("council"),
        Field("appraiser", max_length=120),
        Field("field_visit", FieldKind.BOOL),
        *(Field(CRITERION_PREFIX + c.value, FieldKind.BOOL) for c in AppraisalCriterion),
        Field("conclusion", FieldKind.CHOICE, required=True, choices=AppraisalConclusion),
        Field("proposed_support", FieldKind.MONEY),
        Field("remarks", FieldKind.LONG_TEXT, max_length=5000),
    ),
    Action.APPROVE: (
        Field("decision_no", required=True, max_length=64),
        Field("decision_date", FieldKind.DATE, required=True),
        SIGNER,
        Field("reason", FieldKind.LONG_TEXT),
        ELIGIBILITY_REASON,
    ),
    Action.REJECT: DECISION_FIELDS,
    Action.RETURN: (Field("reason", FieldKind.LONG_TEXT, required=True), *DECISION_FIELDS[:2]),
    Action.STOP: DECISION_FIELDS,
    Action.START: (Field("reason", FieldKind.LONG_TEXT),),
    Action.CONTRACT: (
        Field("kind", FieldKind.CHOICE, required=True, choices=ContractKind),
        Field("number", required=True, max_length=64),
        Field("signed_on", FieldKind.DATE, required=True),
        Field("party"),
        Field("facility_id", FieldKind.REF),
        Field("value", FieldKind.MONEY, required=True),
    ),
    Action.ADVANCE: (
        Field("paid_on", FieldKind.DATE, required=True),
        Field("amount", FieldKind.MONEY, required=True, minimum=1),
        Field("voucher_no", max_length=64),
        Field("note", FieldKind.LONG_TEXT),
    ),
    Action.PROGRESS: (
        Field("period_month", FieldKind.INTEGER, required=True, minimum=1, maximum=12),
        Field("period_year", FieldKind.INTEGER, required=True, minimum=2000, maximum=2100),
        Field("reported_on", FieldKind.DATE, required=True),
        Field("progress_percent", FieldKind.INTEGER, required=True, minimum=0, maximum=100),
        Field("funds_used", FieldKind.MONEY),
        Field("content", FieldKind.LONG_TEXT, max_length=5000),
    ),
    Action.INSPECT: (
        Field("inspected_on", FieldKind.DATE, required=True),
        Field("place"),
        Field("team", FieldKind.LONG_TEXT),
        Field("checked", FieldKind.LONG_TEXT, max_length=5000),
        Field("findings", FieldKind.LONG_TEXT, max_length=5000),
        Field("requests", FieldKind.LONG_TEXT, max_length=5000),
    ),
    Action.ACCEPT: (
        Field("form", FieldKind.CHOICE, required=True, choices=AcceptanceForm),
        Field("location_id", FieldKind.REF),
        Field("accepted_on", FieldKind.DATE, required=True),
        Field("parties", FieldKind.LONG_TEXT),
        Field("achieved", FieldKind.LONG_TEXT, max_length=5000),
        Field("value_accepted", FieldKind.MONEY),
        Field("conclusion", FieldKind.CHOICE, required=True, choices=AcceptanceConclusion),
        Field("trainees_certified", FieldKind.INTEGER),
    ),
    Action.SETTLE: (
        Field("settled_on", FieldKind.DATE, required=True),
        Field("settled_amount", FieldKind.MONEY, required=True),
        Field("note", FieldKind.LONG_TEXT),
    ),
    Action.LIQUIDATE: (
        Field("liquidated_on", FieldKind.DATE, required=True),
        Field("liquidation_no", required=True, max_length=64),
    ),
}

# The statuses in which each action can be taken.
ALLOWED: dict[Action, tuple[ProposalStatus, ...]] = {
    Action.APPRAISE: (ProposalStatus.DRAFT, ProposalStatus.APPRAISED),
    Action.APPROVE: (ProposalStatus.APPRAISED,),
    Action.REJECT: (ProposalStatus.APPRAISED,),
    Action.RETURN: (ProposalStatus.APPRAISED,),
    Action.CONTRACT: (ProposalStatus.APPROVED, ProposalStatus.CONTRACTED, ProposalStatus.IN_PROGRESS),
    Action.START: (ProposalStatus.CONTRACTED,),
    Action.ADVANCE: (ProposalStatus.CONTRACTED, ProposalStatus.IN_PROGRESS, ProposalStatus.ACCEPTED),
    Action.PROGRESS: (ProposalStatus.CONTRACTED, ProposalStatus.IN_PROGRESS),
    Action.INSPECT: (ProposalStatus.CONTRACTED, ProposalStatus.IN_PROGRESS),
    Action.ACCEPT: (ProposalStatus.CONTRACTED, ProposalStatus.IN_PROGRESS, ProposalStatus.ACCEPTED),
    Action.SETTLE: (ProposalStatus.ACCEPTED,),
    Action.LIQUIDATE: (ProposalStatus.SETTLED,),
    Action.STOP: (ProposalStatus.APPROVED, ProposalStatus.CONTRACTED, ProposalStatus.IN_PROGRESS),
}
# Pure decisions: the status they move to.
DECISIONS: dict[Action, ProposalStatus] = {
    Action.APPROVE: ProposalStatus.APPROVED,
    Action.REJECT: ProposalStatus.REJECTED,
    Action.RETURN: ProposalStatus.DRAFT,
    Action.START: ProposalStatus.IN_PROGRESS,
    Action.STOP: ProposalStatus.STOPPED,
}
_PLACEHOLDER = "(nhập trong biểu mẫu)"  # stands for the decision the form will ask for


@dataclass(frozen=True)
class Available:
    """An action the proposal's status allows, with what still stands in the way (empty: it can be done)."""

    action: Action
    blockers: tuple[str, ...]

    @property
    def possible(self) -> bool:
        return not self.blockers


def _blockers(proposal: Proposal, action: Action, who: SignedIn) -> list[str]:
    refused = signed_in.write_refusal(who)
    if refused:
        return [refused]
    target = DECISIONS.get(action)
    if target is not None:
        # The decision's number, date, signer and reason are asked by the form; only other missing pieces,
        # or an account that may not take the step however it is filled in, block now.
        placeholders = {"decision_no": _PLACEHOLDER, "decision_date": _PLACEHOLDER, "signer": _PLACEHOLDER}
        refused = signed_in.step_refusal(who, proposal.status, target, **placeholders)
        found = lifecycle.blockers(proposal, target, decision_no=_PLACEHOLDER, reason=_PLACEHOLDER)
        return [refused, *found] if refused else found
    if action is Action.ADVANCE:
        approved = proposal.approved_support or 0
        if lifecycle.advanced_total(proposal) >= approved:
            return [f"Đã tạm ứng hết kinh phí được duyệt ({format_money(approved)} đ)"]
        if lifecycle.advance_allowed(proposal, date.today()) <= 0:  # the share before acceptance is used
            return [advances.explain(proposal, date.today())]
    if action is Action.LIQUIDATE and not lifecycle.alive(proposal.settlements):
        return ["Chưa có số liệu quyết toán"]
    return []


def available(proposal: Proposal, who: SignedIn) -> list[Available]:
    """The actions of the proposal's current status, in the order of the workflow; those the signed-in
    account (``who``) may not take say why."""
    return [
        Available(action, tuple(_blockers(proposal, action, who)))
        for action in Action
        if proposal.status in ALLOWED[action]
    ]


def defaults(proposal: Proposal, action: Action, today: date) -> dict[str, Any]:
    """What an action's form starts with: today's date, the figures the officer most likely enters."""
    day = format_date(today)
    approved = proposal.approved_support or 0
    values: dict[str, Any] = {}
    for field in FIELDS[action]:
        if field.kind is FieldKind.DATE and field.required:
            values[field.key] = day
        elif field.kind is FieldKind.BOOL:
            values[field.key] = False
        else:
            values[field.key] = ""
    if action is Action.APPRAISE:
        values.update(form=AppraisalForm.MAU_4A.value, level="Sở Công Thương", conclusion=AppraisalConclusion.HO_TRO)
        values.update({CRITERION_PREFIX + c.value: True for c in AppraisalCriterion})
        values["proposed_support"] = format_money(budget.totals(proposal.budget_lines).support)
    elif action is Action.CONTRACT:
        values.update(kind=ContractKind.THUC_HIEN.value, party=proposal.implementing_unit, value=format_money(approved))
    elif action is Action.ADVANCE:
        values["amount"] = format_money(lifecycle.advance_allowed(proposal, today))
    elif action is Action.PROGRESS:
        values.update(period_month=str(today.month), period_year=str(today.year), progress_percent="0")
    elif action is Action.ACCEPT:
        values.update(form=AcceptanceForm.MAU_5B.value, conclusion=AcceptanceConclusion.DAT.value)
        values["value_accepted"] = format_money(approved)
    elif action is Action.SETTLE:
        accepted = sum(
            a.value_accepted for a in lifecycle.alive(proposal.acceptances) if a.conclusion is AcceptanceConclusion.DAT
        )
        values["settled_amount"] = format_money(min(accepted, approved) if accepted else approved)
    return {k: (v.value if isinstance(v, Labelled) else v) for k, v in values.items()}


def options(proposal: Proposal) -> dict[str, list[tuple[str, str]]]:
    """The run-time lists of the REF fields: the proposal's beneficiaries and locations."""
    beneficiaries = [(str(b.facility_id), b.facility.name) for b in lifecycle.alive(proposal.beneficiaries)]
    locations = [(str(loc.id), place_name(loc.commune, loc.address)) for loc in lifecycle.alive(proposal.locations)]
    return {"facility_id": beneficiaries, "location_id": locations}


def ineligible_beneficiaries(proposal: Proposal, on: date) -> list[tuple[str, Eligibility]]:
    """(name, verdict) of each beneficiary that cannot be supported on ``on`` (NĐ 45/2012 Điều 1 khoản 2 as
    worded that day)."""
    found = []
    for beneficiary in lifecycle.alive(proposal.beneficiaries):
        verdict = check_facility(beneficiary.facility, on)
        if not verdict.eligible:
            found.append((beneficiary.facility.name, verdict))
    return found


def describe_ineligible(found: list[tuple[str, Eligibility]]) -> str:
    """“Name”: first reason; … — each beneficiary that is not eligible, in one line."""
    return "; ".join(f"“{name}”: {'; '.join(v.failures) or v.summary}" for name, v in found)


def action_note(proposal: Proposal, action: Action, today: date) -> str:
    """What an action's form says above its fields: the beneficiaries an approval would support though they
    cannot be (NĐ 235/2025), or the advance rule of the kind with its clause and figures (TT 36/2013 Điều 13–16)."""
    if action is Action.APPROVE:
        return approval_note(proposal, today)
    if action is Action.ADVANCE:
        return advances.explain(proposal, today)
    return ""


def approval_note(proposal: Proposal, on: date) -> str:
    """What the approval form says first: the beneficiaries not eligible on ``on`` and what that asks for."""
    found = ineligible_beneficiaries(proposal, on)
    if not found:
        return ""
    return (
        f"Đơn vị thụ hưởng chưa đủ điều kiện hỗ trợ ngày {format_date(on)}: {describe_ineligible(found)}."
        " Chỉ phê duyệt khi Giám đốc ghi lý do vào ô “Lý do phê duyệt khi cơ sở chưa đủ điều kiện”."
    )


def _approval_reason(proposal: Proposal, values: Mapping[str, Any], done: list[str]) -> str:
    """The approval's reason, with why the director approves an ineligible beneficiary; refused without it."""
    on = values.get("decision_date") or date.today()
    found = ineligible_beneficiaries(proposal, on)
    why = str(values.get("eligibility_reason") or "").strip()
    reason = str(values.get("reason") or "").strip()
    if not found:
        return reason
    names = ", ".join(f"“{name}”" for name, _v in found)
    if not why:
        raise FieldError(
            "eligibility_reason",
            f"Không thể phê duyệt đề án {proposal.code}: đơn vị thụ hưởng chưa đủ điều kiện hỗ trợ ngày"
            f" {format_date(on)} — {describe_ineligible(found)}. Giám đốc chỉ phê duyệt khi ghi lý do vào ô"
            " “Lý do phê duyệt khi cơ sở chưa đủ điều kiện”.",
        )
    done.append(f"Phê duyệt khi {names} chưa đủ điều kiện hỗ trợ, lý do: {why}")
    override = f"{OVERRIDE_PREFIX} ({names}): {why}"
    return f"{reason}\n{override}" if reason else override


def load(session: Session, proposal_id: uuid.UUID) -> Proposal:
    proposal = session.get(Proposal, proposal_id)
    if proposal is None or proposal.deleted_at is not None:
        raise LookupError("Đề án không còn trong dữ liệu (có thể đã bị xóa)")
    return proposal


def perform(session: Session, proposal_id: uuid.UUID, action: Action, raw: Mapping[str, Any]) -> list[str]:
    """Carry out ``action`` with the values of its form; returns what happened (Vietnamese lines).

    Raises FieldError for a bad field, RuleViolation when the rules refuse; nothing is half-applied
    because the caller runs this in one transaction.
    """
    proposal = load(session, proposal_id)
    if proposal.status not in ALLOWED[action]:
        raise RuleViolation(f"Không thể “{action.label}” khi đề án đang ở bước “{proposal.status.label}”")
    who = signed_in.signed_in(session)
    refused = signed_in.write_refusal(who)
    if refused:
        raise RuleViolation(refused)
    values, errors = forms.parse(FIELDS[action], raw)
    if errors:
        key, message = next(iter(errors.items()))
        raise FieldError(key, message)
    done: list[str] = []
    target = DECISIONS.get(action)
    if target is not None:
        _may_decide(who, proposal, target, values)
        reason = values.get("reason", "")
        if action is Action.APPROVE:
            reason = _approval_reason(proposal, values, done)
        lifecycle.transition(
            session,
            proposal,
            target,
            reason=reason,
            decision_no=values.get("decision_no", ""),
            decision_date=values.get("decision_date"),
            signer=values.get("signer", ""),
        )
        done.append(f"Đề án chuyển sang “{target.label}”")
        return done
    _RECORDERS[action](session, proposal, values, done)
    return done


def _may_decide(who: SignedIn, proposal: Proposal, target: ProposalStatus, values: Mapping[str, Any]) -> None:
    """Refuse a decision this account may not record: a step that is the director's, or one staff record
    from paper without its number, date or signer (then the form's field is named)."""
    decision = {key: values.get(key) or "" for key in ("decision_no", "decision_date", "signer")}
    refused = signed_in.step_refusal(who, proposal.status, target, **decision)
    if not refused:
        return
    if who.role == "staff" and who.policy.staff_record_decisions:
        missing = next((key for key in signed_in.DECISION_KEYS.values() if not decision[key]), None)
        if missing is not None:
            raise FieldError(missing, refused)
    raise RuleViolation(refused)


def _move(session: Session, proposal: Proposal, target: ProposalStatus, reason: str, done: list[str]) -> None:
    """Move on when the document just recorded completes the step (and only then)."""
    if target in lifecycle.FORWARD.get(proposal.status, ()) and not lifecycle.blockers(proposal, target):
        lifecycle.transition(session, proposal, target, reason=reason)
        done.append(f"Đề án chuyển sang “{target.label}”")


def _appraise(session: Session, proposal: Proposal, v: dict[str, Any], done: list[str]) -> None:
    appraisal = Appraisal(
        form=v["form"],
        level=v["level"] or "Sở Công Thương",
        council=v["council"],
        appraiser=v["appraiser"],
        appraised_on=v["appraised_on"],
        field_visit=v["field_visit"],
        conclusion=v["conclusion"],
        proposed_support=v["proposed_support"],
        remarks=v["remarks"],
    )
    lifecycle.add_appraisal(session, proposal, appraisal)
    for criterion in AppraisalCriterion:
        appraisal.assessments.append(
            AppraisalAssessment(
                province_code=proposal.province_code,
                criterion=criterion,
                satisfied=v[CRITERION_PREFIX + criterion.value],
            )
        )
    done.append(f"Đã ghi phiếu thẩm định ngày {format_date(appraisal.appraised_on)}: {appraisal.conclusion.label}")
    session.flush()
    _move(
        session,
        proposal,
        ProposalStatus.APPRAISED,
        f"Phiếu thẩm định ngày {format_date(appraisal.appraised_on)}",
        done,
    )


def _contract(session: Session, proposal: Proposal, v: dict[str, Any], done: list[str]) -> None:
    facility_id = v["facility_id"]
    if facility_id is not None and facility_id not in {b.facility_id for b in lifecycle.alive(proposal.beneficiaries)}:
        raise FieldError("facility_id", "Đơn vị thụ hưởng không thuộc đề án")
    contract = Contract(
        kind=v["kind"],
        number=v["number"],
        signed_on=v["signed_on"],
        party=v["party"],
        facility_id=facility_id,
        value=v["value"],
    )
    lifecycle.add_contract(session, proposal, contract)
    done.append(f"Đã ghi hợp đồng số {contract.number}, giá trị {format_money(contract.value)} đ")
    session.flush()
    _move(session, proposal, ProposalStatus.CONTRACTED, f"Hợp đồng số {contract.number}", done)


def _advance(session: Session, proposal: Proposal, v: dict[str, Any], done: list[str]) -> None:
    advance = Advance(paid_on=v["paid_on"], amount=v["amount"], voucher_no=v["voucher_no"], note=v["note"])
    lifecycle.add_advance(session, proposal, advance)
    done.append(
        f"Đã ghi tạm ứng {format_money(advance.amount)} đ; tổng đã tạm ứng"
        f" {format_money(lifecycle.advanced_total(proposal))} đ"
    )


def _started(session: Session, proposal: Proposal, what: str, done: list[str]) -> None:
    """A progress report, an inspection or an acceptance shows the work has begun."""
    if proposal.status is ProposalStatus.CONTRACTED:
        _move(session, proposal, ProposalStatus.IN_PROGRESS, what, done)


def _progress(session: Session, proposal: Proposal, v: dict[str, Any], done: list[str]) -> None:
    month, year = v["period_month"], v["period_year"]
    duplicate = session.scalar(
        select(ProgressReport.id).where(
            ProgressReport.proposal_id == proposal.id,
            ProgressReport.period_year == year,
            ProgressReport.period_month == month,
            ProgressReport.deleted_at.is_(None),
        )
    )
    if duplicate is not None:
        raise FieldError("period_month", f"Đã có báo cáo tiến độ tháng {month}/{year}")
    proposal.progress_reports.append(
        ProgressReport(
            province_code=proposal.province_code,
            period_year=year,
            period_month=month,
            reported_on=v["reported_on"],
            progress_percent=v["progress_percent"],
            content=v["content"],
            funds_used=v["funds_used"],
        )
    )
    done.append(f"Đã ghi báo cáo tiến độ tháng {month}/{year}: {v['progress_percent']}%")
    _started(session, proposal, f"Báo cáo tiến độ tháng {month}/{year}", done)


def _inspect(session: Session, proposal: Proposal, v: dict[str, Any], done: list[str]) -> None:
    proposal.inspections.append(
        Inspection(
            province_code=proposal.province_code,
            inspected_on=v["inspected_on"],
            place=v["place"],
            team=v["team"],
            checked=v["checked"],
            findings=v["findings"],
            requests=v["requests"],
        )
    )
    done.append(f"Đã ghi biên bản kiểm tra ngày {format_date(v['inspected_on'])}")
    _started(session, proposal, f"Kiểm tra ngày {format_date(v['inspected_on'])}", done)


def _accept(session: Session, proposal: Proposal, v: dict[str, Any], done: list[str]) -> None:
    location_id = v["location_id"]
    if v["form"] is AcceptanceForm.MAU_5A and location_id is None:
        raise FieldError("location_id", "Nghiệm thu theo Mẫu 5a phải chọn địa điểm")
    if location_id is not None and location_id not in {loc.id for loc in lifecycle.alive(proposal.locations)}:
        raise FieldError("location_id", "Địa điểm không thuộc đề án")
    acceptance = Acceptance(
        form=v["form"],
        location_id=location_id,
        accepted_on=v["accepted_on"],
        parties=v["parties"],
        achieved=v["achieved"],
        value_accepted=v["value_accepted"],
        conclusion=v["conclusion"],
        trainees_certified=v["trainees_certified"],
    )
    lifecycle.add_acceptance(session, proposal, acceptance)
    done.append(f"Đã ghi biên bản nghiệm thu ngày {format_date(acceptance.accepted_on)}: {acceptance.conclusion.label}")
    session.flush()
    _started(session, proposal, f"Nghiệm thu ngày {format_date(acceptance.accepted_on)}", done)
    if proposal.status is ProposalStatus.IN_PROGRESS:
        _move(
            session,
            proposal,
            ProposalStatus.ACCEPTED,
            f"Nghiệm thu ngày {format_date(acceptance.accepted_on)}",
            done,
        )


def _settle(session: Session, proposal: Proposal, v: dict[str, Any], done: list[str]) -> None:
    settlement = Settlement(settled_on=v["settled_on"], settled_amount=v["settled_amount"], note=v["note"])
    lifecycle.add_settlement(session, proposal, settlement)
    refund = f"; phải thu hồi {format_money(settlement.refund_amount)} đ" if settlement.refund_amount else ""
    done.append(f"Đã ghi quyết toán {format_money(settlement.settled_amount)} đ{refund}")
    session.flush()
    _move(session, proposal, ProposalStatus.SETTLED, f"Quyết toán ngày {format_date(settlement.settled_on)}", done)


def _liquidate(session: Session, proposal: Proposal, v: dict[str, Any], done: list[str]) -> None:
    settlements = lifecycle.alive(proposal.settlements)
    if not settlements:
        raise RuleViolation("Chưa có số liệu quyết toán")
    latest = max(settlements, key=lambda s: (s.settled_on, s.created_at))
    latest.liquidated_on = v["liquidated_on"]
    latest.liquidation_no = v["liquidation_no"]
    done.append(f"Đã ghi thanh lý hợp đồng số {latest.liquidation_no}")
    session.flush()
    _move(session, proposal, ProposalStatus.LIQUIDATED, f"Thanh lý số {latest.liquidation_no}", done)


_RECORDERS = {
    Action.APPRAISE: _appraise,
    Action.CONTRACT: _contract,
    Action.ADVANCE: _advance,
    Action.PROGRESS: _progress,
    Action.INSPECT: _inspect,
    Action.ACCEPT: _accept,
    Action.SETTLE: _settle,
    Action.LIQUIDATE: _liquidate,
}
