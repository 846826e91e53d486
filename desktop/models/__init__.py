"""SQLAlchemy models of the khuyến công domain (Qt-free). Importing this package registers every table.

The model modules do not use ``from __future__ import annotations``: SQLAlchemy reads every ``Mapped[...]``
annotation, and evaluating a thousand annotation strings was a tenth of the app's start-up. Only names of
classes defined further down are quoted.
"""

from desktop.models.audit import AuditEntry
from desktop.models.base import NATIONAL_SCOPE, Base, Synced, new_id, utcnow
from desktop.models.facility import Facility, FacilityYear, Product, ProductCertificate, SupportRecord
from desktop.models.local import AppSetting, Operation
from desktop.models.proposal import (
    PROPOSAL_PARTS,
    Acceptance,
    Advance,
    Appraisal,
    AppraisalAssessment,
    Attachment,
    BudgetLine,
    Contract,
    Inspection,
    ProgressReport,
    Proposal,
    ProposalBeneficiary,
    ProposalLocation,
    Settlement,
    StatusTransition,
)
from desktop.models.reference import (
    ActivityType,
    Commune,
    ContentGroup,
    CraftVillage,
    ProgrammeTarget,
    Province,
    SupportCap,
)
from desktop.models.sync import (
    OutboxEntry,
    ParkedChange,
    Rejection,
    SnapshotProgress,
    SnapshotRow,
    SyncConflict,
    SyncCursor,
)
from desktop.models.training import (
    Attendance,
    CourseModule,
    CourseTrainer,
    Employment,
    Enrolment,
    Trainee,
    TrainingCourse,
)
from desktop.models.voting import Juror, Score, VotingEntry, VotingRound

__all__ = [
    "NATIONAL_SCOPE",
    "PROPOSAL_PARTS",
    "Acceptance",
    "ActivityType",
    "Advance",
    "AppSetting",
    "Appraisal",
    "AppraisalAssessment",
    "Attachment",
    "Attendance",
    "AuditEntry",
    "Base",
    "BudgetLine",
    "Commune",
    "ContentGroup",
    "Contract",
    "CourseModule",
    "CourseTrainer",
    "CraftVillage",
    "Employment",
    "Enrolment",
    "Facility",
    "FacilityYear",
    "Inspection",
    "Juror",
    "Operation",
    "OutboxEntry",
    "ParkedChange",
    "Product",
    "ProductCertificate",
    "ProgrammeTarget",
    "ProgressReport",
    "Proposal",
    "ProposalBeneficiary",
    "ProposalLocation",
    "Province",
    "Rejection",
    "Score",
    "Settlement",
    "SnapshotProgress",
    "SnapshotRow",
    "StatusTransition",
    "SupportCap",
    "SupportRecord",
    "SyncConflict",
    "SyncCursor",
    "Synced",
    "Trainee",
    "TrainingCourse",
    "VotingEntry",
    "VotingRound",
    "new_id",
    "utcnow",
]
