"""Who may do what to a proposal's life, decided on the server after each local transaction's changes are in.

The checks are the desktop's own (``desktop.services.lifecycle``), run over the server's rows through the
ORM: a step must follow the lifecycle from the status the server holds, with what the step needs (an
appraisal before approval, a signed contract before an advance…); decisions are the director's unless the
centre lets staff record a decision signed on paper (``roles.Policy``); a record of the proposal's life is
added only at the steps that allow it; advances never pass the approved support, nor before acceptance the
share TT 36/2013 Điều 13 allows for the kind of activity. Undoing a step (the
desktop's Ctrl+Z) is deleting the latest step record and putting the status back, by someone who could
have made the step.
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from collections.abc import Callable
from functools import cache
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from desktop.models import Commune, Proposal, Province
from desktop.models.base import NATIONAL_SCOPE, Synced
from desktop.models.enums import ProposalStatus
from desktop.services import lifecycle, roles
from sync.protocol import SYNCED_TABLES
from sync.server import rows, schema
from sync.server.callers import Caller
from sync.server.outcomes import Applied, Group, Rejected

Policies = Callable[[str], roles.Policy]
POLICY_KEY = "policy:"  # sync_setting key prefix, then the province code
APPROVAL_FIELDS = frozenset({"approved_on", "approval_decision", "approved_support"})
MONEY_TABLES = frozenset({"advance", "contract", "acceptance", "settlement", "budget_line"})


def policies(connection: Connection) -> Policies:
    """Each province's policy as the server's settings hold it (read once per push)."""
    held = {
        str(key).removeprefix(POLICY_KEY): json.loads(value)
        for key, value in connection.execute(
            select(schema.setting.c.key, schema.setting.c.value).where(schema.setting.c.key.like(POLICY_KEY + "%"))
        )
    }
    return lambda scope: roles.Policy(**held.get(scope, {}))


def set_policy(connection: Connection, scope: str, **values: bool) -> None:
    """Change province ``scope``'s policy (``khuyencong-server policy``)."""
    if not known_scope(connection, scope) or scope == NATIONAL_SCOPE:
        raise ValueError(f"Mã tỉnh “{scope}” không có")
    current = policies(connection)(scope)
    changed = roles.Policy(**{**current.__dict__, **values})
    key = POLICY_KEY + scope
    connection.execute(schema.setting.delete().where(schema.setting.c.key == key))
    connection.execute(schema.setting.insert().values(key=key, value=json.dumps(changed.__dict__)))


def known_scope(connection: Connection, scope: str) -> bool:
    return scope == NATIONAL_SCOPE or scope in _codes(connection, Province.__tablename__)


def reference_exists(connection: Connection, table: str, code: str) -> bool:
    """Is ``code`` in the reference table ``table`` (communes, activity types…) every PC ships?"""
    return code in _codes(connection, table)


_CODE_CACHE: dict[tuple[str, str], frozenset[str]] = {}


def _codes(connection: Connection, table: str) -> frozenset[str]:
    # Reference data changes only with the program (seeded at start): read once per process and database.
    key = (str(connection.engine.url), table)
    if key not in _CODE_CACHE:
        reference = Commune.metadata.tables[table]
        primary = next(iter(reference.primary_key.columns))
        _CODE_CACHE[key] = frozenset(str(v) for v in connection.scalars(select(primary)))
    return _CODE_CACHE[key]


def forget_reference_codes() -> None:
    """After seeding new reference data (and in tests that make databases anew)."""
    _CODE_CACHE.clear()


@cache
def _has_proposal(table: str) -> bool:
    return "proposal_id" in SYNCED_TABLES[table].c


def in_a_life(table: str) -> bool:
    """Is a change of ``table`` checked against a proposal's life after it is written (a proposal, a record
    of its life)? Such a change is applied where it can be undone."""
    return table in SYNCED_TABLES and (table == "proposal" or _has_proposal(table))


def _proposal_of(table: str, row_id: str, data: dict[str, Any] | None) -> str | None:
    if table == "proposal":
        return row_id
    if _has_proposal(table) and data is not None and data.get("proposal_id"):
        return str(data["proposal_id"])
    return None


def touch(
    connection: Connection,
    group: Group,
    table: str,
    row_id: str,
    current: dict[str, Any] | None,
    pushed: dict[str, Any],
) -> None:
    """Note the status of the proposal a change belongs to, before the transaction changes it."""
    proposal = _proposal_of(table, row_id, {**(current or {}), **pushed})
    if proposal is None or proposal in group.statuses:
        return
    if table == "proposal":
        group.statuses[proposal] = None if current is None else str(current["status"])
        return
    found = rows.read(connection, "proposal", proposal) if _uuid(proposal) else None
    group.statuses[proposal] = None if found is None else str(found["status"])


def check(connection: Connection, who: Caller, policy: Policies, group: Group) -> None:
    """The lifecycle and money rules over what the transaction ``group`` made; Rejected when they refuse."""
    if not group.statuses:
        return
    brought_in = all(m.action == "import" for m in group.mutations) and all(a.before is None for a in group.applied)
    if who.role in ("director", "admin") and brought_in:
        return  # a centre's existing records, brought in under a director's authority: their history stands

    touched: dict[str, list[Applied]] = defaultdict(list)
    for applied in group.applied:
        proposal = _proposal_of(applied.table, applied.row_id, applied.after)
        if proposal is not None:
            touched[proposal].append(applied)
    with Session(bind=connection, autoflush=False) as session:
        for proposal_id, changes in touched.items():
            found = session.get(Proposal, uuid.UUID(proposal_id))
            if found is None:
                raise Rejected("Đề án không có trên máy chủ")
            problem, needs = _steps(who, policy(found.province_code), found, group.statuses[proposal_id], changes)
            if not problem:
                problem = _records(session, found, group.statuses[proposal_id], changes)
            if problem:
                raise Rejected(problem, needs)


def _steps(
    who: Caller, policy: roles.Policy, proposal: Proposal, before: str | None, changes: list[Applied]
) -> tuple[str, str]:
    """Is the change of status (if any) a step the lifecycle and ``who``'s role allow? (problem, needs)."""
    after = proposal.status.value
    steps = [a.after for a in changes if a.table == "status_transition" and a.before is None]
    created = [t for t in steps if t.get("from_status") is None]
    made = [t for t in steps if t.get("from_status") is not None]
    undone = [
        a.before
        for a in changes
        if a.table == "status_transition"
        and a.before is not None
        and a.before.get("deleted_at") is None
        and a.after.get("deleted_at") is not None
    ]
    approval = any(
        a.table == "proposal"
        and a.before is not None
        and any(a.before.get(f) != a.after.get(f) for f in APPROVAL_FIELDS)
        for a in changes
    )
    for applied in changes:  # a proposal that carries a decision is removed, or brought back, by the decider
        was, now = applied.before, applied.after
        if (
            applied.table == "proposal"
            and was is not None
            and (was.get("deleted_at") is None) != (now.get("deleted_at") is None)
        ):
            refusal = roles.deletion_refusal(who.role, str(was["status"]))
            if refusal:
                return refusal, "director"
    for step in _decisions_rewritten(changes):  # a decision's number, date or signer is the decider's to change
        refusal = roles.transition_refusal(
            who.role,
            policy,
            step.get("from_status"),
            str(step["to_status"]),
            decision_no=str(step.get("decision_no") or ""),
            decision_date=step.get("decision_date"),
            signer=str(step.get("signer") or ""),
        )
        if refusal:
            return refusal, "director"
    if created:  # the step that records a proposal's making: one, first, while it is a draft
        others = [t for t in lifecycle.alive(proposal.transitions) if str(t.id) not in {c["id"] for c in created}]
        if len(created) > 1 or others or after != ProposalStatus.DRAFT.value:
            return f"Đề án {proposal.code} đã có bước tạo đề án", ""
    if undone:
        return _undo(who, policy, proposal, before, made, undone)
    if before is None:  # a new proposal is a draft, not yet approved
        if after != ProposalStatus.DRAFT.value or made:
            return f"Đề án mới phải ở bước “{ProposalStatus.DRAFT.label}”", ""
        if proposal.approved_on or proposal.approval_decision or proposal.approved_support is not None:
            return "Đề án mới chưa được phê duyệt: không có quyết định hay kinh phí phê duyệt", "director"
        return "", ""
    if before == after and not made:
        if approval and who.role not in ("director", "admin"):
            return "Kinh phí và quyết định phê duyệt chỉ thay đổi cùng bước phê duyệt", "director"
        return "", ""
    chain = [str(t.get("from_status")) for t in made] + [after]
    if not made or chain[0] != before or any(str(t["to_status"]) != chain[n + 1] for n, t in enumerate(made)):
        current = ProposalStatus(before).label
        return f"Bước chuyển của đề án {proposal.code} không khớp với bước “{current}” trên máy chủ", ""
    if approval and ProposalStatus.APPROVED.value not in chain[1:] and who.role not in ("director", "admin"):
        return "Kinh phí và quyết định phê duyệt chỉ thay đổi cùng bước phê duyệt", "director"
    for step in made:
        source, target = str(step["from_status"]), str(step["to_status"])
        refusal = roles.transition_refusal(
            who.role,
            policy,
            source,
            target,
            decision_no=str(step.get("decision_no") or ""),
            decision_date=step.get("decision_date"),
            signer=str(step.get("signer") or ""),
        )
        if refusal:
            return refusal, "director"
        problems = lifecycle.blockers(
            proposal,
            ProposalStatus(target),
            decision_no=str(step.get("decision_no") or ""),
            reason=str(step.get("reason") or ""),
            current=ProposalStatus(source),
        )
        if problems:
            label = ProposalStatus(target).label
            return f"Không thể chuyển đề án {proposal.code} sang “{label}”: " + "; ".join(problems), ""
    return "", ""


DECISION_FIELDS = ("decision_no", "decision_date", "signer")


def _decisions_rewritten(changes: list[Applied]) -> list[dict[str, Any]]:
    """Steps made before whose decision is changed, or which are undone no more (restored): each needs the
    authority its making needed."""
    found = []
    for applied in changes:
        before, after = applied.before, applied.after
        if applied.table != "status_transition" or before is None or after.get("deleted_at") is not None:
            continue
        if before.get("deleted_at") is not None or any(before.get(f) != after.get(f) for f in DECISION_FIELDS):
            found.append(after)
    return found


def _undo(
    who: Caller,
    policy: roles.Policy,
    proposal: Proposal,
    before: str | None,
    made: list[dict[str, Any]],
    undone: list[dict[str, Any]],
) -> tuple[str, str]:
    """Undoing the latest step: its record deleted and the status put back, by someone who could make it."""
    step = undone[0]
    later = [t for t in lifecycle.alive(proposal.transitions) if t.row_version > int(step["row_version"])]
    source, target = step.get("from_status"), str(step["to_status"])
    if made or len(undone) > 1 or later or before != target or proposal.status.value != source:
        return f"Chỉ hoàn tác được bước mới nhất của đề án {proposal.code}, và trả về đúng bước trước đó", ""
    refusal = roles.transition_refusal(
        who.role,
        policy,
        None if source is None else str(source),
        target,
        decision_no=str(step.get("decision_no") or ""),
        decision_date=step.get("decision_date"),
        signer=str(step.get("signer") or ""),
    )
    return (f"Hoàn tác: {refusal}", "director") if refusal else ("", "")


def _records(session: Session, proposal: Proposal, before: str | None, changes: list[Applied]) -> str:
    """Records of the proposal's life added at a step that allows them; money within what was approved."""
    after = proposal.status
    for applied in changes:
        if applied.table in lifecycle.RECORD_STEPS and applied.before is None:
            at_start = lifecycle.record_refusal(proposal.code, ProposalStatus(before or after.value), applied.table)
            if at_start and lifecycle.record_refusal(proposal.code, after, applied.table):
                return at_start
        if applied.table in MONEY_TABLES and applied.changed:
            model = _model(applied.table)
            record = session.get(model, uuid.UUID(applied.row_id))
            if record is not None:
                problems = lifecycle.record_problems(proposal, record)
                if problems:
                    return problems[0]
    return ""


@cache
def _model(table: str) -> type[Synced]:
    from desktop.models import Base

    found = next(m.class_ for m in Base.registry.mappers if getattr(m.class_, "__tablename__", None) == table)
    assert issubclass(found, Synced)
    return found


def _uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True
