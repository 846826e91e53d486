"""The server's rules for a pushed change (design/sync.md): who may write what, and what happens when two
people changed the same field. Pure functions, so the rules are tested without a server."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import BigInteger

from desktop.models.base import NATIONAL_SCOPE
from desktop.services.roles import UNDECIDED
from sync.protocol import SYNCED_TABLES

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
    return {province, NATIONAL_SCOPE} if province else {NATIONAL_SCOPE}


def may_write(role: str, province: str | None, scope: str) -> bool:
    """May this user change a row of ``scope`` (a province code)?"""
    if role == "viewer":
        return False
    if role in ("central", "admin"):
        return scope == NATIONAL_SCOPE or role == "admin"
    return scope == province


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
