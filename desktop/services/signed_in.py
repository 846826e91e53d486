"""Who this installation signs in to its server as, kept for offline use, and what that account may do.

The server decides who may take each step of a proposal (``sync.rules``): approving, refusing or stopping
one is the director's, or staff's where the centre lets them record a decision signed on paper. Checked
only at the next sync, an approval made offline by staff would be refused then and the proposal fall
back while the contract and advance recorded after it stayed. So the same rules are applied here, before
the step is taken, with the role the server gave at the last sign-in. An installation that has never
signed in (a centre without a server) is not limited: there is nobody else to decide.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import AppSetting
from desktop.models.enums import ProposalStatus
from desktop.services import roles

# Where the account is kept (app_setting), as the last sign-in or an enrolment file left it.
USER_SETTING = "sync_user"
ROLE_SETTING = "sync_role"  # the account's role, kept for deciding offline what it may do
DECISIONS_SETTING = "sync_staff_record_decisions"  # "1": the centre lets staff record paper decisions


@dataclass(frozen=True)
class SignedIn:
    user: str = ""
    role: str = ""  # "": never signed in, nothing is limited
    policy: roles.Policy = field(default_factory=roles.Policy)

    @property
    def label(self) -> str:
        """The role as people say it ("Cán bộ Trung tâm")."""
        return roles.ROLE_LABELS.get(self.role, self.role)

    @property
    def account(self) -> str:
        """The account, for the end of a refusal: "tài khoản can-bo-a, Cán bộ Trung tâm"."""
        return f"tài khoản {self.user}, {self.label}" if self.user else self.label


def signed_in(session: Session) -> SignedIn:
    """The account as kept at the last sign-in (or brought by an enrolment file)."""
    keys = (USER_SETTING, ROLE_SETTING, DECISIONS_SETTING)
    rows = session.execute(select(AppSetting.key, AppSetting.value).where(AppSetting.key.in_(keys)))
    kept = {str(key): str(value) for key, value in rows}
    return SignedIn(
        kept.get(USER_SETTING, ""),
        kept.get(ROLE_SETTING, ""),
        roles.Policy(staff_record_decisions=kept.get(DECISIONS_SETTING) == "1"),
    )


def write_refusal(who: SignedIn) -> str:
    """Why this account may change no proposal of the centre at all ("" when it may)."""
    if who.role == "viewer":
        return f"Tài khoản chỉ được xem, không được thay đổi đề án ({who.account})"
    if who.role == "central":
        return f"Tài khoản của Bộ chỉ thay đổi dữ liệu toàn quốc, không thay đổi đề án của tỉnh ({who.account})"
    return ""


DECISION_KEYS = {"số": "decision_no", "ngày": "decision_date", "người ký": "signer"}
"""The field of the step's form that each missing piece of a decision names (``roles.transition_refusal``)."""


def step_refusal(
    who: SignedIn,
    current: ProposalStatus,
    target: ProposalStatus,
    *,
    decision_no: str = "",
    decision_date: date | str | None = None,
    signer: str = "",
) -> str:
    """Why this account may not move a proposal from ``current`` to ``target`` ("" when it may), with what
    to do instead, in Vietnamese."""
    if not who.role:
        return ""
    refused = write_refusal(who)
    if refused:
        return refused
    refused = roles.transition_refusal(
        who.role,
        who.policy,
        current.value,
        target.value,
        decision_no=decision_no,
        decision_date=str(decision_date) if decision_date else None,
        signer=signer,
    )
    if not refused:
        return ""
    if who.role == "staff" and not who.policy.staff_record_decisions:
        return f"{refused}: hãy trình Giám đốc quyết định trên tài khoản của Giám đốc ({who.account})"
    return f"{refused} ({who.account})"


def deletion_refusal(who: SignedIn, status: ProposalStatus) -> str:
    """Why this account may not delete (or bring back) a proposal at ``status`` ("" when it may)."""
    if not who.role:
        return ""
    refused = write_refusal(who) or roles.deletion_refusal(who.role, status.value)
    return f"{refused} ({who.account})" if refused and who.account not in refused else refused


def check_deletion(session: Session, row: object) -> None:
    """Refuse, with :class:`RuleViolation`, deleting or bringing back a record this account may not: a
    proposal that carries the director's decision, anything for an account that only reads."""
    from desktop.models import Proposal
    from desktop.services.lifecycle import RuleViolation

    who = signed_in(session)
    refused = deletion_refusal(who, row.status) if isinstance(row, Proposal) else write_refusal(who)
    if refused:
        raise RuleViolation(refused)
