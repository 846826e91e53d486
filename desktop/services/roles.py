"""Who may do what to a centre's proposals: the roles of the accounts, and the steps that are a decision
(approving, refusing, stopping, sending back under a decision), the director's or, where the centre allows
it, staff's recording a decision signed on paper. The server applies these rules to every change it
receives; the PC applies them to the signed-in account before a step is taken (``signed_in``)."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.models.enums import ProposalStatus
from desktop.services.lifecycle import is_backward

ROLES = ("staff", "director", "viewer", "central", "admin")
"""staff: a centre's officer; director: also approves; viewer: Sở Công Thương, reads only; central: the
ministry, every province, writes only national rows; admin: runs the server."""


ROLE_LABELS = {
    "staff": "Cán bộ Trung tâm",
    "director": "Giám đốc Trung tâm",
    "viewer": "Sở Công Thương (chỉ xem)",
    "central": "Bộ Công Thương (toàn quốc)",
    "admin": "Quản trị máy chủ",
}


DIRECTOR_STATUSES = frozenset(
    {ProposalStatus.APPROVED.value, ProposalStatus.REJECTED.value, ProposalStatus.STOPPED.value}
)
"""Approving, refusing or stopping a proposal is a decision: the director's (or, where the centre allows it,
staff recording a decision signed on paper)."""


@dataclass(frozen=True)
class Policy:
    """What a centre allows its staff, kept on the server per province (``khuyencong-server policy``).

    ``staff_record_decisions``: staff may record a decision the director (or the province) signed on paper,
    when it carries its number, date and signer. Default: only the director takes decisions in the program."""

    staff_record_decisions: bool = False


def needs_director(from_status: str | None, to_status: str) -> bool:
    """Is moving a proposal from ``from_status`` to ``to_status`` a decision (approve, refuse, stop, or send it
    back under a decision)? Returning a draft for completion after its appraisal asked for it is not."""
    if to_status in DIRECTOR_STATUSES:
        return True
    if from_status is None:
        return False
    old, new = ProposalStatus(from_status), ProposalStatus(to_status)
    returned = old is ProposalStatus.APPRAISED and new is ProposalStatus.DRAFT
    return is_backward(old, new) and not returned


UNDECIDED = frozenset({ProposalStatus.DRAFT.value, ProposalStatus.APPRAISED.value})


def deletion_refusal(role: str, status: str) -> str:
    """Why a user of ``role`` may not delete (or bring back) a proposal at ``status`` ("" when they may): one
    that carries the director's decision (approved, refused, stopped, and every step after) is the
    director's to remove, as the decision was; a draft, or one only appraised, is anyone's who may edit it."""
    if role in ("director", "admin") or status in UNDECIDED:
        return ""
    return f"Chỉ Giám đốc Trung tâm được xóa hoặc khôi phục đề án đã có quyết định (“{ProposalStatus(status).label}”)"


def transition_refusal(
    role: str,
    policy: Policy,
    from_status: str | None,
    to_status: str,
    *,
    decision_no: str = "",
    decision_date: str | None = None,
    signer: str = "",
) -> str:
    """Why a user of ``role`` may not make this step ("" when they may), in Vietnamese."""
    if role in ("director", "admin") or not needs_director(from_status, to_status):
        return ""
    label = ProposalStatus(to_status).label
    if role == "staff" and policy.staff_record_decisions:
        missing = [
            name for value, name in ((decision_no, "số"), (decision_date, "ngày"), (signer, "người ký")) if not value
        ]
        if not missing:
            return ""
        return (
            f"Cán bộ chỉ ghi được quyết định “{label}” khi có đủ số, ngày và người ký quyết định"
            f" (còn thiếu: {', '.join(missing)})"
        )
    return f"Chỉ Giám đốc Trung tâm được quyết định “{label}” đề án"
