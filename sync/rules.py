"""The server's rules for a pushed change (design/sync.md): who may write what, and what happens when two
people changed the same field. Pure functions, so the rules are tested without a server."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import BigInteger

from desktop.models.enums import ProposalStatus
from sync.protocol import SYNCED_TABLES

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
NATIONAL = "00"

# Whole records whose every field is money or a decision: a concurrent edit is never settled silently.
PROTECTED_TABLES = frozenset(
    {
        "budget_line",
        "status_transition",
        "appraisal",
        "appraisal_assessment",
        "contract",
        "advance",
        "acceptance",
        "settlement",
    }
)
PROTECTED_FIELDS = frozenset({"status", "deleted_at"})
DIRECTOR_STATUSES = frozenset(
    {ProposalStatus.DA_PHE_DUYET.value, ProposalStatus.KHONG_PHE_DUYET.value, ProposalStatus.DA_DUNG.value}
)
"""Approving, refusing or stopping a proposal is a decision: the director's (or, where the centre allows it,
staff recording a decision signed on paper)."""


def protected(table: str, field: str) -> bool:
    """Money, status, approvals and acceptance results: the server's value stays until someone decides."""
    if table in PROTECTED_TABLES or field in PROTECTED_FIELDS:
        return True
    column = SYNCED_TABLES[table].c.get(field)
    return column is not None and isinstance(column.type, BigInteger) and field != "row_version"


ADDITIVE_FIELDS = frozenset({("proposal_location", "visitors")})
"""Counts that add up: each PC's change is applied as the difference it made (what was typed minus what
was seen), so two staff who each record a group of visitors offline both count, and no conflict arises."""


def readable_scopes(role: str, province: str | None) -> set[str] | None:
    """The province codes a user may pull; None: every province."""
    if role in ("central", "admin"):
        return None
    return {province, NATIONAL} if province else {NATIONAL}


def may_write(role: str, province: str | None, scope: str) -> bool:
    """May this user change a row of ``scope`` (a province code)?"""
    if role == "viewer":
        return False
    if role in ("central", "admin"):
        return scope == NATIONAL or role == "admin"
    return scope == province


@dataclass(frozen=True)
class Policy:
    """What a centre allows its staff, kept on the server per province (``khuyencong-server policy``).

    ``staff_record_decisions``: staff may record a decision the director (or the province) signed on paper,
    when it carries its number, date and signer. Default: only the director takes decisions in the program."""

    staff_record_decisions: bool = False


def needs_director(from_status: str | None, to_status: str) -> bool:
    """Is moving a proposal from ``from_status`` to ``to_status`` a decision (approve, refuse, stop, or send it
    back under a decision)? Returning a draft for completion after its appraisal asked for it is not."""
    from desktop.services.lifecycle import is_backward

    if to_status in DIRECTOR_STATUSES:
        return True
    if from_status is None:
        return False
    old, new = ProposalStatus(from_status), ProposalStatus(to_status)
    returned = old is ProposalStatus.DA_THAM_DINH and new is ProposalStatus.DU_THAO
    return is_backward(old, new) and not returned


UNDECIDED = frozenset({ProposalStatus.DU_THAO.value, ProposalStatus.DA_THAM_DINH.value})


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


AFTER_APPROVAL_TABLES = frozenset({"contract", "advance", "acceptance", "settlement", "progress_report", "inspection"})


def import_needs_director(table: str, fields: dict[str, list[Any]]) -> bool:
    """Does bringing in this existing record (made before the program synced) carry a decision, so that only
    a director or an administrator may bring it in? Facilities, courses, trainees and drafts do not."""
    if table in AFTER_APPROVAL_TABLES:
        return True
    if table not in ("proposal", "status_transition"):
        return False
    # Read before the values are checked: anything but a [base, new] pair counts as a decision (a staff
    # account's push then waits for the director rather than the server failing on a malformed field).
    pair = fields.get("status" if table == "proposal" else "to_status") if isinstance(fields, dict) else None
    if pair is None and table == "proposal":
        return False  # a proposal without a status is a draft
    return not (isinstance(pair, list) and len(pair) == 2 and pair[1] in UNDECIDED)


IDENTITY_FIELDS: dict[str, tuple[tuple[str, ...], ...]] = {
    "facility": (("tax_code",), ("name", "commune_code")),
    "trainee": (("cccd",), ("full_name", "birth_date")),
}
"""What identifies a live record, strongest first, so the server finds it without reading every row: an
establishment or a person by tax code (CCCD), or by name in the same commune (born the same day)."""
DUPLICATE_TABLES = frozenset(IDENTITY_FIELDS)
"""Where a record that gains another's identity is probably the same one made twice (two staff who
register one establishment offline): both are kept and flagged for someone to merge."""


@cache
def identity_fields(table: str) -> frozenset[str]:
    """The fields whose change can change a record's identity keys (its deletion and its province too)."""
    return frozenset(f for fields in IDENTITY_FIELDS.get(table, ()) for f in fields) | {"deleted_at", "province_code"}


def identity_keys(table: str, data: dict[str, Any]) -> set[str]:
    """The identity keys of a live record of ``table`` (none for a deleted one, or a table without)."""
    from desktop.core.text import fold

    if data.get("deleted_at") is not None:
        return set()
    keys = set()
    for fields in IDENTITY_FIELDS.get(table, ()):
        values = [data.get(f) for f in fields]
        if all(v not in (None, "") for v in values):
            keys.add(fields[0] + ":" + "|".join(fold(str(v)) for v in values))
    return keys


@dataclass(frozen=True)
class FieldDecision:
    """``value``: the field's value after the push; ``conflict``: None, ``auto`` or ``review``;
    ``other``: the value set aside, ``client_won``: whether the pushed value is the one kept."""

    value: Any
    changed: bool
    conflict: str | None = None
    other: Any = None
    client_won: bool = False


def decide(table: str, field: str, server: Any, server_clock: str, base: Any, new: Any, clock: str) -> FieldDecision:
    """The conflict rule for one field: ``server`` is its current value (``server_clock`` when set),
    ``[base, new]`` what was pushed at ``clock``."""
    if (table, field) in ADDITIVE_FIELDS:
        return _add(server, base, new)
    if new == server or (field == "deleted_at" and new is not None and server is not None):
        return FieldDecision(server, changed=False)  # the same value, or deleted twice
    if base == server:
        return FieldDecision(new, changed=True)
    if protected(table, field):
        return FieldDecision(server, changed=False, conflict="review", other=new)
    if clock > server_clock:  # the later edit wins everywhere alike (clock values end with the device)
        return FieldDecision(new, changed=True, conflict="auto", other=server, client_won=True)
    return FieldDecision(server, changed=False, conflict="auto", other=new)


def _add(server: Any, base: Any, new: Any) -> FieldDecision:
    """A count that adds up takes the pushed difference. A sum below zero (two people who both took the same
    group off) is not guessed at: the server's count stays and the pushed one waits for review."""
    total = int(server or 0) + int(new or 0) - int(base or 0)
    if total < 0:
        return FieldDecision(server, changed=False, conflict="review", other=new)
    return FieldDecision(total, changed=total != server)
