"""Đề án khuyến công (proposal) and every record of its life: budget, appraisal, contract, money, acceptance."""

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.models.base import (
    Base,
    Synced,
    UtcDateTime,
    decimal_column,
    enum_column,
    live_index,
    money_column,
    search_column,
)
from desktop.models.enums import (
    AcceptanceConclusion,
    AcceptanceForm,
    AppraisalConclusion,
    AppraisalCriterion,
    AppraisalForm,
    ContractKind,
    FundingKind,
    ProposalStatus,
)
from desktop.models.facility import Facility
from desktop.models.reference import ActivityType, Commune

# The eight parts of a proposal document (TT 36/2013 Điều 5); the budget part is the budget lines.
PROPOSAL_PARTS: dict[str, str] = {
    "part_units": "Đơn vị thực hiện, đơn vị thụ hưởng, địa điểm thực hiện",
    "part_necessity": "Sự cần thiết và căn cứ thực hiện",
    "part_objectives": "Mục tiêu",
    "part_scale": "Quy mô",
    "part_content": "Nội dung và tiến độ thực hiện",
    "part_budget": "Dự toán kinh phí (thuyết minh)",
    "part_organisation": "Tổ chức thực hiện",
    "part_effects": "Hiệu quả dự kiến (kinh tế, xã hội, môi trường)",
}


class Proposal(Synced, Base):
    """Đề án khuyến công: one or more khuyến công activities with objectives, beneficiaries and a budget."""

    __tablename__ = "proposal"

    search_text: Mapped[str] = search_column()
    __table_args__ = (UniqueConstraint("province_code", "code"), live_index("proposal"))

    code: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(500))
    plan_year: Mapped[int] = mapped_column(Integer, index=True)
    funding: Mapped[FundingKind] = enum_column(FundingKind)
    activity_type_code: Mapped[str] = mapped_column(ForeignKey("activity_type.code"), index=True)
    implementing_unit: Mapped[str] = mapped_column(String(300), default="")
    coordinating_units: Mapped[str] = mapped_column(Text, default="")
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[ProposalStatus] = enum_column(ProposalStatus, default=ProposalStatus.DRAFT)
    approved_on: Mapped[date | None] = mapped_column(Date)
    approval_decision: Mapped[str] = mapped_column(String(64), default="")
    approved_support: Mapped[int | None] = money_column(nullable=True, default=None)
    part_units: Mapped[str] = mapped_column(Text, default="")
    part_necessity: Mapped[str] = mapped_column(Text, default="")
    part_objectives: Mapped[str] = mapped_column(Text, default="")
    part_scale: Mapped[str] = mapped_column(Text, default="")
    part_content: Mapped[str] = mapped_column(Text, default="")
    part_budget: Mapped[str] = mapped_column(Text, default="")
    part_organisation: Mapped[str] = mapped_column(Text, default="")
    part_effects: Mapped[str] = mapped_column(Text, default="")

    activity_type: Mapped[ActivityType] = relationship()
    beneficiaries: Mapped[list["ProposalBeneficiary"]] = relationship(back_populates="proposal")
    locations: Mapped[list["ProposalLocation"]] = relationship(back_populates="proposal")
    budget_lines: Mapped[list["BudgetLine"]] = relationship(back_populates="proposal", order_by="BudgetLine.position")
    transitions: Mapped[list["StatusTransition"]] = relationship(
        back_populates="proposal", order_by="StatusTransition.at"
    )
    appraisals: Mapped[list["Appraisal"]] = relationship(back_populates="proposal", order_by="Appraisal.appraised_on")
    contracts: Mapped[list["Contract"]] = relationship(back_populates="proposal")
    advances: Mapped[list["Advance"]] = relationship(back_populates="proposal", order_by="Advance.paid_on")
    progress_reports: Mapped[list["ProgressReport"]] = relationship(back_populates="proposal")
    inspections: Mapped[list["Inspection"]] = relationship(back_populates="proposal")
    acceptances: Mapped[list["Acceptance"]] = relationship(back_populates="proposal")
    settlements: Mapped[list["Settlement"]] = relationship(back_populates="proposal")


# The eight contents of a đề án in the order of TT 36/2013 Điều 5.
PART_FIELDS = (
    "part_units",
    "part_necessity",
    "part_objectives",
    "part_scale",
    "part_content",
    "part_budget",
    "part_organisation",
    "part_effects",
)


class _ProposalChild(Synced):
    """Rows that belong to one proposal."""

    proposal_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("proposal.id"), index=True)


class ProposalBeneficiary(_ProposalChild, Base):
    """Đơn vị thụ hưởng: a facility that receives support from the proposal."""

    __tablename__ = "proposal_beneficiary"
    __table_args__ = (UniqueConstraint("proposal_id", "facility_id"),)

    facility_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("facility.id"), index=True)
    note: Mapped[str] = mapped_column(Text, default="")

    proposal: Mapped[Proposal] = relationship(back_populates="beneficiaries")
    facility: Mapped[Facility] = relationship()


class ProposalLocation(_ProposalChild, Base):
    """A place where the proposal is carried out; acceptance is made per location (Mẫu 5a)."""

    __tablename__ = "proposal_location"

    commune_code: Mapped[str] = mapped_column(ForeignKey("commune.code"))
    address: Mapped[str] = mapped_column(String(300), default="")
    visitors: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    """Số lượt người tham quan, dự trình diễn: added to by whoever receives a group, on any PC; it travels
    as a difference, so two PCs that each add a group both count (sync.rules.ADDITIVE_FIELDS)."""

    proposal: Mapped[Proposal] = relationship(back_populates="locations")
    commune: Mapped[Commune] = relationship()


class BudgetLine(_ProposalChild, Base):
    """A line of the budget (Mẫu 01): amount = quantity × unit price = KC support + counterpart + other."""

    __tablename__ = "budget_line"

    position: Mapped[int] = mapped_column(Integer)
    item: Mapped[str] = mapped_column(String(300))
    unit: Mapped[str] = mapped_column(String(32), default="")
    quantity: Mapped[Decimal] = decimal_column(14, 3, default=Decimal(1))
    unit_price: Mapped[int] = money_column()
    amount: Mapped[int] = money_column()
    support_amount: Mapped[int] = money_column()
    counterpart_amount: Mapped[int] = money_column()
    other_amount: Mapped[int] = money_column()
    beneficiary_facility_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("facility.id"))

    proposal: Mapped[Proposal] = relationship(back_populates="budget_lines")


class StatusTransition(_ProposalChild, Base):
    """One step of a proposal's life: from where to where, who, when, why, under which decision."""

    __tablename__ = "status_transition"

    from_status: Mapped[ProposalStatus | None] = enum_column(ProposalStatus, nullable=True, name="from_status")
    to_status: Mapped[ProposalStatus] = enum_column(ProposalStatus, name="to_status")
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    actor: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text, default="")
    decision_no: Mapped[str] = mapped_column(String(64), default="")
    decision_date: Mapped[date | None] = mapped_column(Date)
    signer: Mapped[str] = mapped_column(String(120), default="", server_default="")
    """Who signed the decision on paper, when staff record a decision the director (or the province) took."""

    proposal: Mapped[Proposal] = relationship(back_populates="transitions")


class Appraisal(_ProposalChild, Base):
    """Phiếu thẩm định (Mẫu 4a / 4b): the criteria assessed, a conclusion and the proposed support."""

    __tablename__ = "appraisal"

    form: Mapped[AppraisalForm] = enum_column(AppraisalForm)
    level: Mapped[str] = mapped_column(String(64), default="Sở Công Thương")
    council: Mapped[str] = mapped_column(String(300), default="")
    appraiser: Mapped[str] = mapped_column(String(120), default="")
    appraised_on: Mapped[date] = mapped_column(Date)
    field_visit: Mapped[bool] = mapped_column(Boolean, default=False)
    conclusion: Mapped[AppraisalConclusion] = enum_column(AppraisalConclusion)
    proposed_support: Mapped[int] = money_column()
    remarks: Mapped[str] = mapped_column(Text, default="")

    proposal: Mapped[Proposal] = relationship(back_populates="appraisals")
    assessments: Mapped[list["AppraisalAssessment"]] = relationship(back_populates="appraisal")


class AppraisalAssessment(Synced, Base):
    """The assessment of one appraisal criterion."""

    __tablename__ = "appraisal_assessment"
    __table_args__ = (UniqueConstraint("appraisal_id", "criterion"),)

    appraisal_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("appraisal.id"), index=True)
    criterion: Mapped[AppraisalCriterion] = enum_column(AppraisalCriterion)
    satisfied: Mapped[bool] = mapped_column(Boolean, default=True)
    assessment: Mapped[str] = mapped_column(Text, default="")

    appraisal: Mapped[Appraisal] = relationship(back_populates="assessments")


class Contract(_ProposalChild, Base):
    """Hợp đồng: with the implementing unit, or a support contract with one beneficiary."""

    __tablename__ = "contract"

    kind: Mapped[ContractKind] = enum_column(ContractKind)
    number: Mapped[str] = mapped_column(String(64))
    signed_on: Mapped[date] = mapped_column(Date)
    party: Mapped[str] = mapped_column(String(300), default="")
    facility_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("facility.id"))
    value: Mapped[int] = money_column()

    proposal: Mapped[Proposal] = relationship(back_populates="contracts")


class Advance(_ProposalChild, Base):
    """Tạm ứng (TT 36/2013 Điều 13–16): the sum of advances never exceeds the approved support."""

    __tablename__ = "advance"

    paid_on: Mapped[date] = mapped_column(Date)
    amount: Mapped[int] = money_column()
    voucher_no: Mapped[str] = mapped_column(String(64), default="")
    note: Mapped[str] = mapped_column(Text, default="")

    proposal: Mapped[Proposal] = relationship(back_populates="advances")


class ProgressReport(_ProposalChild, Base):
    """Báo cáo tiến độ (Mẫu 3a, monthly by the 25th) with completed volume and funds (Mẫu 3b)."""

    __tablename__ = "progress_report"
    __table_args__ = (UniqueConstraint("proposal_id", "period_year", "period_month"),)

    period_year: Mapped[int] = mapped_column(Integer)
    period_month: Mapped[int] = mapped_column(Integer)
    reported_on: Mapped[date] = mapped_column(Date)
    progress_percent: Mapped[int] = mapped_column(Integer, default=0)
    content: Mapped[str] = mapped_column(Text, default="")
    funds_used: Mapped[int] = money_column()

    proposal: Mapped[Proposal] = relationship(back_populates="progress_reports")


class Inspection(_ProposalChild, Base):
    """Biên bản kiểm tra, giám sát: a visit with its team, findings and requests."""

    __tablename__ = "inspection"

    inspected_on: Mapped[date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(300), default="")
    team: Mapped[str] = mapped_column(Text, default="")
    checked: Mapped[str] = mapped_column(Text, default="")
    findings: Mapped[str] = mapped_column(Text, default="")
    requests: Mapped[str] = mapped_column(Text, default="")

    proposal: Mapped[Proposal] = relationship(back_populates="inspections")


class Acceptance(_ProposalChild, Base):
    """Biên bản nghiệm thu (Mẫu 5a per location / 5b / 5c): volume achieved, value accepted, conclusion."""

    __tablename__ = "acceptance"

    form: Mapped[AcceptanceForm] = enum_column(AcceptanceForm)
    location_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("proposal_location.id"))
    accepted_on: Mapped[date] = mapped_column(Date)
    parties: Mapped[str] = mapped_column(Text, default="")
    achieved: Mapped[str] = mapped_column(Text, default="")
    value_accepted: Mapped[int] = money_column()
    conclusion: Mapped[AcceptanceConclusion] = enum_column(AcceptanceConclusion)
    trainees_certified: Mapped[int] = mapped_column(Integer, default=0)

    proposal: Mapped[Proposal] = relationship(back_populates="acceptances")
    location: Mapped[ProposalLocation | None] = relationship()


class Settlement(_ProposalChild, Base):
    """Quyết toán and thanh lý (Mẫu 6–10): the settled amount, refund and liquidation."""

    __tablename__ = "settlement"

    settled_on: Mapped[date] = mapped_column(Date)
    settled_amount: Mapped[int] = money_column()
    refund_amount: Mapped[int] = money_column()
    liquidated_on: Mapped[date | None] = mapped_column(Date)
    liquidation_no: Mapped[str] = mapped_column(String(64), default="")
    note: Mapped[str] = mapped_column(Text, default="")

    proposal: Mapped[Proposal] = relationship(back_populates="settlements")


class Attachment(Synced, Base):
    """A file of a record's dossier: metadata and content hash here, the bytes beside the database."""

    __tablename__ = "attachment"

    owner_table: Mapped[str] = mapped_column(String(40))
    owner_id: Mapped[uuid.UUID] = mapped_column(index=True)
    file_name: Mapped[str] = mapped_column(String(260))
    media_type: Mapped[str] = mapped_column(String(100), default="application/octet-stream")
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    description: Mapped[str] = mapped_column(String(300), default="")
