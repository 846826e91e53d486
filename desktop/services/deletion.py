"""Deleting a record and bringing it back: never a hard delete (the row is marked, and the mark travels by
sync), and only as the signed-in account may (a proposal that carries the director's decision is the
director's to remove)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core.errors import Refused
from desktop.models import (
    Enrolment,
    Facility,
    Product,
    Proposal,
    ProposalBeneficiary,
    Trainee,
    TrainingCourse,
    VotingEntry,
    VotingRound,
)
from desktop.models.base import Synced
from desktop.services import signed_in
from desktop.store import audit

SHOWN = 3  # the records named in a refusal; the rest are counted


class StillUsed(Refused):
    """A record others still count on (a trainee on a class list, a beneficiary of a proposal): deleting it
    would take it off their lists and figures, or leave them counting what is gone."""


def set_deleted(session: Session, cls: type[Synced], row_id: uuid.UUID, deleted: bool) -> None:
    """Mark the ``cls`` record ``row_id`` deleted (or bring it back). :class:`LookupError` when it is gone."""
    row = session.get(cls, row_id)
    if row is None:
        raise LookupError("Bản ghi không còn trong dữ liệu")
    signed_in.check_deletion(session, row)
    if deleted:
        reason = still_used(session, row)
        if reason:
            raise StillUsed(reason)
        audit.soft_delete(row)
    else:
        audit.restore(row)


def still_used(session: Session, row: Synced) -> str:
    """Why ``row`` cannot be deleted while other live records use it ("" when it can), in Vietnamese."""
    if isinstance(row, Trainee):
        courses = session.scalars(
            select(TrainingCourse.code)
            .join(Enrolment, Enrolment.course_id == TrainingCourse.id)
            .where(Enrolment.trainee_id == row.id, Enrolment.deleted_at.is_(None), TrainingCourse.deleted_at.is_(None))
            .order_by(TrainingCourse.start_date)
        ).all()
        if courses:
            listed = _named(courses, "lớp")
            return f"Học viên “{row.full_name}” đang có tên trong lớp {listed}: bỏ khỏi lớp trước rồi mới xóa"
    if isinstance(row, Facility):
        proposals = session.scalars(
            select(Proposal.code)
            .join(ProposalBeneficiary, ProposalBeneficiary.proposal_id == Proposal.id)
            .where(
                ProposalBeneficiary.facility_id == row.id,
                ProposalBeneficiary.deleted_at.is_(None),
                Proposal.deleted_at.is_(None),
            )
            .order_by(Proposal.code)
        ).all()
        if proposals:
            listed = _named(proposals, "đề án")
            return f"Cơ sở “{row.name}” là đơn vị thụ hưởng của đề án {listed}: bỏ cơ sở khỏi đề án trước rồi mới xóa"
        rounds = session.scalars(
            select(VotingRound.name)
            .join(VotingEntry, VotingEntry.round_id == VotingRound.id)
            .join(Product, Product.id == VotingEntry.product_id)
            .where(
                Product.facility_id == row.id,
                VotingEntry.deleted_at.is_(None),
                VotingRound.deleted_at.is_(None),
            )
            .order_by(VotingRound.year)
            .distinct()
        ).all()
        if rounds:
            listed = _named(rounds, "đợt")
            return f"Cơ sở “{row.name}” có sản phẩm đăng ký trong đợt bình chọn {listed}: bỏ đăng ký trước rồi mới xóa"
    return ""


def _named(found: Sequence[str], kind: str) -> str:
    """``found`` by name, the first SHOWN of them, the others counted: "DT01, DT02, DT03 và 2 lớp khác"."""
    shown = ", ".join(found[:SHOWN])
    return shown if len(found) <= SHOWN else f"{shown} và {len(found) - SHOWN} {kind} khác"
