"""A proposal's workspace without Qt: one snapshot of everything the screen shows, and the edits it makes.

The screen loads a :class:`Workspace` on the read thread and sends edits back as whole values (the
eight parts, the full budget, one beneficiary…), each applied here in one transaction with its rules.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core.dates import format_date
from desktop.core.money import format_money
from desktop.core.text import clean, place_name
from desktop.models import Commune, Facility
from desktop.models.enums import AcceptanceConclusion, ProposalStatus
from desktop.models.proposal import (
    PROPOSAL_PARTS,
    Acceptance,
    Attachment,
    BudgetLine,
    Proposal,
    ProposalBeneficiary,
    ProposalLocation,
)
from desktop.models.reference import SupportCap
from desktop.services import budget, lifecycle, proposal_actions, signed_in
from desktop.services.lifecycle import RuleViolation, alive, revive_or_add
from desktop.services.proposal_actions import Available
from desktop.store import attachments, audit

# The budget is the proposal's request; once approved it is the approved budget and stays as it was.
BUDGET_EDITABLE = (ProposalStatus.DRAFT, ProposalStatus.APPRAISED)
VISITS_OPEN = (
    ProposalStatus.APPROVED,
    ProposalStatus.CONTRACTED,
    ProposalStatus.IN_PROGRESS,
    ProposalStatus.ACCEPTED,
)
"""Visitors of a place are counted while the work is under way and until it is settled."""
PARTS_EDITABLE = BUDGET_EDITABLE


@dataclass
class LineDraft:
    """A budget line on screen: amount = quantity × unit price; counterpart = amount − support − other."""

    item: str = ""
    unit: str = ""
    quantity: Decimal = Decimal(1)
    unit_price: int = 0
    support_amount: int = 0
    other_amount: int = 0
    beneficiary_facility_id: uuid.UUID | None = None
    position: int = 0
    id: uuid.UUID | None = None
    deleted_at: None = None

    @property
    def amount(self) -> int:
        return budget.line_amount(self.quantity, self.unit_price)

    @property
    def counterpart_amount(self) -> int:
        return self.amount - self.support_amount - self.other_amount


@dataclass(frozen=True)
class Step:
    status: ProposalStatus
    state: str  # "done", "current", "todo"


@dataclass(frozen=True)
class Beneficiary:
    facility_id: uuid.UUID
    name: str
    tax_code: str
    place: str


@dataclass(frozen=True)
class Location:
    id: uuid.UUID
    commune_code: str
    place: str
    visitors: int = 0


@dataclass(frozen=True)
class Event:
    """One document of the proposal's life, for the "Thực hiện" timeline."""

    on: date | datetime
    kind: str
    summary: str
    amount: int | None = None
    printable: tuple[str, str] | None = None  # (form, record) of its paper in desktop.printing.catalog


@dataclass(frozen=True)
class AttachedFile:
    id: uuid.UUID
    file_name: str
    size: int
    description: str
    added_at: datetime
    sha256: str
    present: bool  # the stored file is there with the recorded size (the full hash check is on demand)
    stored: bool  # a file is stored under its hash at all (False: not downloaded yet by sync)


@dataclass
class Workspace:
    id: uuid.UUID
    code: str
    title: str
    status: ProposalStatus
    summary: list[tuple[str, str]]  # (label, value) of the header, as shown
    parts: dict[str, str]
    beneficiaries: list[Beneficiary]
    locations: list[Location]
    lines: list[LineDraft]
    cap: SupportCap | None
    steps: list[Step]
    actions: list[Available]
    events: list[Event]
    attachments: list[AttachedFile]
    approved_support: int | None
    advanced: int

    @property
    def budget_editable(self) -> bool:
        return self.status in BUDGET_EDITABLE

    @property
    def parts_editable(self) -> bool:
        return self.status in PARTS_EDITABLE

    @property
    def visits_open(self) -> bool:
        return self.status in VISITS_OPEN

    def beneficiary_names(self) -> dict[uuid.UUID, str]:
        return {b.facility_id: b.name for b in self.beneficiaries}

    def findings(self, lines: Sequence[LineDraft] | None = None) -> list[budget.Finding]:
        """Budget errors and cap warnings for ``lines`` (the stored ones by default)."""
        return budget.check_with_cap(self.lines if lines is None else lines, self.cap, self.beneficiary_names())


def steps(status: ProposalStatus) -> list[Step]:
    """The main line of steps, marked done / current / to do; a rejected or stopped proposal ends its line."""
    line = list(lifecycle.MAIN_LINE)
    if status in line:
        here = line.index(status)
        return [Step(s, "done" if i < here else "current" if i == here else "todo") for i, s in enumerate(line)]
    # REJECTED leaves after appraisal; STOPPED after approval at the latest.
    stop_after = 1 if status is ProposalStatus.REJECTED else 2
    return [Step(s, "done") for s in line[: stop_after + 1]] + [Step(status, "current")]


def _events(proposal: Proposal) -> list[Event]:
    events: list[Event] = []
    for t in proposal.transitions:
        decision = f" — QĐ số {t.decision_no}" if t.decision_no else ""
        reason = f": {t.reason}" if t.reason else ""
        events.append(Event(t.at, "Chuyển bước", f"→ {t.to_status.label}{reason}{decision} ({t.actor})"))
    for a in alive(proposal.appraisals):
        paper = ("tham-dinh", str(proposal.id))
        events.append(
            Event(a.appraised_on, "Thẩm định", f"{a.form.label}: {a.conclusion.label}", a.proposed_support, paper)
        )
    for c in alive(proposal.contracts):
        events.append(Event(c.signed_on, "Hợp đồng", f"Số {c.number} — {c.kind.label}; {c.party}", c.value))
    for adv in alive(proposal.advances):
        voucher = f" (chứng từ {adv.voucher_no})" if adv.voucher_no else ""
        events.append(Event(adv.paid_on, "Tạm ứng", f"Tạm ứng{voucher} {adv.note}".strip(), adv.amount))
    for r in alive(proposal.progress_reports):
        events.append(
            Event(
                r.reported_on,
                "Tiến độ",
                f"Tháng {r.period_month}/{r.period_year}: {r.progress_percent}%",
                r.funds_used,
                ("tien-do", str(r.id)),
            )
        )
    for i in alive(proposal.inspections):
        summary = f"{i.place}: {i.findings}".strip(": ")
        events.append(Event(i.inspected_on, "Kiểm tra", summary, None, ("kiem-tra", str(i.id))))
    for acc in alive(proposal.acceptances):
        where = f" tại {place_name(acc.location.commune, acc.location.address)}" if acc.location else ""
        events.append(
            Event(
                acc.accepted_on,
                "Nghiệm thu",
                f"{acc.form.label}{where}: {acc.conclusion.label}",
                acc.value_accepted,
                ("nghiem-thu", str(acc.id)),
            )
        )
    for s in alive(proposal.settlements):
        refund = f"; thu hồi {format_money(s.refund_amount)} đ" if s.refund_amount else ""
        events.append(Event(s.settled_on, "Quyết toán", f"Quyết toán{refund}", s.settled_amount))
        if s.liquidated_on:
            paper = ("thanh-ly", str(proposal.id))
            events.append(Event(s.liquidated_on, "Thanh lý", f"Thanh lý số {s.liquidation_no}", None, paper))

    def key(e: Event) -> tuple[date, int]:
        day = e.on.date() if isinstance(e.on, datetime) else e.on
        return (day, 0 if isinstance(e.on, datetime) else 1)

    return sorted(events, key=key)


def load(session: Session, proposal_id: uuid.UUID, folder: Path, today: date) -> Workspace:
    """Everything the workspace shows about one proposal."""
    proposal = proposal_actions.load(session, proposal_id)
    beneficiaries = [
        Beneficiary(
            b.facility_id,
            b.facility.name,
            b.facility.tax_code or "",
            place_name(b.facility.commune, b.facility.street_address),
        )
        for b in alive(proposal.beneficiaries)
    ]
    locations = [
        Location(loc.id, loc.commune_code, place_name(loc.commune, loc.address), loc.visitors)
        for loc in alive(proposal.locations)
    ]
    lines = [
        LineDraft(
            item=line.item,
            unit=line.unit,
            quantity=line.quantity,
            unit_price=line.unit_price,
            support_amount=line.support_amount,
            other_amount=line.other_amount,
            beneficiary_facility_id=line.beneficiary_facility_id,
            position=line.position,
            id=line.id,
        )
        for line in alive(proposal.budget_lines)
    ]
    files = session.scalars(
        select(Attachment)
        .where(Attachment.owner_table == Proposal.__tablename__, Attachment.owner_id == proposal.id)
        .where(Attachment.deleted_at.is_(None))
        .order_by(Attachment.created_at)
    )
    attached = []
    for a in files:
        stored = attachments.stored_path(folder, a.sha256)
        present = stored.is_file() and stored.stat().st_size == a.size
        attached.append(
            AttachedFile(a.id, a.file_name, a.size, a.description, a.created_at, a.sha256, present, stored.is_file())
        )
    cap = budget.cap_in_force(
        session, proposal.province_code, proposal.activity_type_code, budget.cap_date(proposal, today), proposal.funding
    )
    if cap is not None:
        session.expunge(cap)  # read by the GUI thread after this session closes
    approved, advanced = proposal.approved_support, lifecycle.advanced_total(proposal)
    summary = [
        ("Mã đề án", proposal.code),
        ("Năm kế hoạch", str(proposal.plan_year)),
        ("Nguồn kinh phí", proposal.funding.label),
        ("Hoạt động", proposal.activity_type.name),
        ("Đơn vị thực hiện", proposal.implementing_unit),
        ("Thời gian", " – ".join(format_date(d) for d in (proposal.start_date, proposal.end_date) if d)),
        (
            "Phê duyệt",
            f"QĐ số {proposal.approval_decision} ngày {format_date(proposal.approved_on)}"
            if proposal.approved_on
            else "",
        ),
        ("Kinh phí khuyến công duyệt", f"{format_money(approved)} đ" if approved is not None else ""),
        ("Đã tạm ứng", f"{format_money(advanced)} đ"),
    ]
    return Workspace(
        id=proposal.id,
        code=proposal.code,
        title=proposal.title,
        status=proposal.status,
        summary=summary,
        parts={key: getattr(proposal, key) for key in PROPOSAL_PARTS},
        beneficiaries=beneficiaries,
        locations=locations,
        lines=lines,
        cap=cap,
        steps=steps(proposal.status),
        actions=proposal_actions.available(proposal, signed_in.signed_in(session)),
        events=_events(proposal),
        attachments=attached,
        approved_support=approved,
        advanced=advanced,
    )


# --- edits ------------------------------------------------------------------------------------------
def _editable(proposal: Proposal, allowed: tuple[ProposalStatus, ...], what: str) -> None:
    if proposal.status not in allowed:
        raise RuleViolation(
            f"Đề án {proposal.code} đang ở bước “{proposal.status.label}”: không sửa {what} được nữa"
            " (chỉ sửa khi còn dự thảo hoặc vừa thẩm định)"
        )


def save_parts(session: Session, proposal_id: uuid.UUID, parts: Mapping[str, str]) -> None:
    """Save the eight text parts of the proposal document."""
    proposal = proposal_actions.load(session, proposal_id)
    _editable(proposal, PARTS_EDITABLE, "nội dung đề án")
    for key, text in parts.items():
        if key not in PROPOSAL_PARTS:
            raise KeyError(key)
        value = clean(text, multiline=True)
        if getattr(proposal, key) != value:
            setattr(proposal, key, value)


def save_budget(session: Session, proposal_id: uuid.UUID, drafts: Sequence[LineDraft]) -> None:
    """Replace the budget with ``drafts`` (in order): changed lines updated, removed ones marked deleted.

    Refused whole, naming the line, when a line has no content or its figures do not add up.
    """
    proposal = proposal_actions.load(session, proposal_id)
    _editable(proposal, BUDGET_EDITABLE, "dự toán")
    numbered = [
        LineDraft(
            item=clean(d.item),
            unit=clean(d.unit),
            quantity=d.quantity,
            unit_price=d.unit_price,
            support_amount=d.support_amount,
            other_amount=d.other_amount,
            beneficiary_facility_id=d.beneficiary_facility_id,
            position=n,
            id=d.id,
        )
        for n, d in enumerate(drafts, start=1)
    ]
    for d in numbered:
        if not d.item:
            raise RuleViolation(f"Dòng {d.position}: chưa nhập nội dung chi")
    errors = [f.message for f in budget.check_lines(numbered) if f.severity is budget.Severity.ERROR]
    if errors:
        raise RuleViolation("Dự toán chưa lưu được: " + "; ".join(errors))
    members = {b.facility_id for b in alive(proposal.beneficiaries)}
    for d in numbered:
        if d.beneficiary_facility_id is not None and d.beneficiary_facility_id not in members:
            raise RuleViolation(f"Dòng {d.position} “{d.item}”: cơ sở không còn trong danh sách thụ hưởng")
    existing = {line.id: line for line in alive(proposal.budget_lines)}
    for d in numbered:
        line = existing.pop(d.id, None) if d.id is not None else None
        if line is None:
            line = BudgetLine(province_code=proposal.province_code)
            proposal.budget_lines.append(line)
        new = {
            "position": d.position,
            "item": d.item,
            "unit": d.unit,
            "quantity": d.quantity,
            "unit_price": d.unit_price,
            "amount": d.amount,
            "support_amount": d.support_amount,
            "counterpart_amount": d.counterpart_amount,
            "other_amount": d.other_amount,
            "beneficiary_facility_id": d.beneficiary_facility_id,
        }
        for key, value in new.items():
            if getattr(line, key, None) != value:
                setattr(line, key, value)
    for line in existing.values():
        audit.soft_delete(line)


def add_beneficiary(session: Session, proposal_id: uuid.UUID, facility_id: uuid.UUID) -> str:
    """Add a facility to the beneficiaries (restoring it if it had been removed); returns its name."""
    proposal = proposal_actions.load(session, proposal_id)
    _editable(proposal, BUDGET_EDITABLE, "đơn vị thụ hưởng")
    facility = session.get(Facility, facility_id)
    if facility is None or facility.deleted_at is not None:
        raise LookupError("Cơ sở không còn trong dữ liệu")
    revive_or_add(
        proposal.beneficiaries,
        lambda b: b.facility_id == facility_id,
        lambda: ProposalBeneficiary(province_code=proposal.province_code, facility_id=facility_id),
        f"“{facility.name}” đã có trong danh sách thụ hưởng",
    )
    return facility.name


def remove_beneficiary(session: Session, proposal_id: uuid.UUID, facility_id: uuid.UUID) -> None:
    proposal = proposal_actions.load(session, proposal_id)
    _editable(proposal, BUDGET_EDITABLE, "đơn vị thụ hưởng")
    used = [line.position for line in alive(proposal.budget_lines) if line.beneficiary_facility_id == facility_id]
    if used:
        lines = ", ".join(str(n) for n in used)
        raise RuleViolation(f"Cơ sở này còn gắn với dòng dự toán {lines}: hãy sửa các dòng đó trước")
    for b in alive(proposal.beneficiaries):
        if b.facility_id == facility_id:
            audit.soft_delete(b)


def add_location(session: Session, proposal_id: uuid.UUID, commune_code: str, address: str) -> None:
    proposal = proposal_actions.load(session, proposal_id)
    _editable(proposal, BUDGET_EDITABLE, "địa điểm thực hiện")
    if session.get(Commune, commune_code) is None:
        raise RuleViolation("Hãy chọn xã/phường của địa điểm")
    proposal.locations.append(
        ProposalLocation(province_code=proposal.province_code, commune_code=commune_code, address=clean(address))
    )


def remove_location(session: Session, proposal_id: uuid.UUID, location_id: uuid.UUID) -> None:
    proposal = proposal_actions.load(session, proposal_id)
    _editable(proposal, BUDGET_EDITABLE, "địa điểm thực hiện")
    accepted = session.scalar(
        select(Acceptance.id).where(
            Acceptance.location_id == location_id,
            Acceptance.deleted_at.is_(None),
            Acceptance.conclusion == AcceptanceConclusion.DAT,
        )
    )
    if accepted is not None:
        raise RuleViolation("Địa điểm đã có biên bản nghiệm thu, không bỏ được")
    for loc in alive(proposal.locations):
        if loc.id == location_id:
            audit.soft_delete(loc)


def add_visitors(session: Session, proposal_id: uuid.UUID, location_id: uuid.UUID, count: int) -> int:
    """Add ``count`` people (a group that visited, or a negative number to take back a mistake) to the visitors
    of a place; returns the new total. Several PCs adding at once all count: the sum syncs as a difference."""
    proposal = proposal_actions.load(session, proposal_id)
    if proposal.status not in VISITS_OPEN:
        raise RuleViolation(
            f"Đề án {proposal.code} đang ở bước “{proposal.status.label}”: chỉ ghi lượt tham quan "
            "từ khi đề án được phê duyệt đến khi quyết toán"
        )
    location = next((loc for loc in alive(proposal.locations) if loc.id == location_id), None)
    if location is None:
        raise LookupError("Địa điểm không còn trong đề án")
    if count == 0:
        raise RuleViolation("Hãy nhập số người tham quan")
    total = location.visitors + count
    if total < 0:
        raise RuleViolation(f"Địa điểm mới có {location.visitors} lượt người: không bớt {-count} được")
    location.visitors = total
    return total


def attach(session: Session, folder: Path, proposal_id: uuid.UUID, source: Path, description: str) -> str:
    """Copy a file into the dossier of the proposal; returns its file name."""
    proposal = proposal_actions.load(session, proposal_id)
    attachment = attachments.add_file(session, folder, proposal, source, clean(description))
    return attachment.file_name


def detach(session: Session, attachment_id: uuid.UUID) -> None:
    """Take a file off the dossier (the listing is marked deleted; the stored bytes stay for undo and sync)."""
    attachment = session.get(Attachment, attachment_id)
    if attachment is None:
        raise LookupError("Tệp đính kèm không còn trong dữ liệu")
    audit.soft_delete(attachment)


def verify_all(session: Session, folder: Path, proposal_id: uuid.UUID) -> list[tuple[str, bool]]:
    """Each attached file with whether its content still matches the recorded SHA-256."""
    rows = session.scalars(
        select(Attachment).where(
            Attachment.owner_table == Proposal.__tablename__,
            Attachment.owner_id == proposal_id,
            Attachment.deleted_at.is_(None),
        )
    )
    return [(a.file_name, attachments.verify(folder, a)) for a in rows]
