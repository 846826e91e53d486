"""Deleting a record and bringing it back: never a hard delete (the row is marked, and the mark travels by
sync), and only as the signed-in account may (a proposal that carries the director's decision is the
director's to remove)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import Select, select
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
    reason = still_used(session, row) if deleted else gone_since(session, row)
    if reason:
        raise StillUsed(reason)
    if deleted:
        audit.soft_delete(row)
    else:
        audit.restore(row)


def still_used(session: Session, row: Synced) -> str:
    """Why ``row`` cannot be deleted while other records use it ("" when it can), in Vietnamese. A link
    counts while it is alive, even from a record deleted for now: restored, it would count the row again."""
    if isinstance(row, Trainee):
        enrolled = Enrolment.trainee_id == row.id, Enrolment.deleted_at.is_(None)
        courses = select(TrainingCourse.code).join(Enrolment, Enrolment.course_id == TrainingCourse.id)
        if listed := _listed(session, courses.where(*enrolled).order_by(TrainingCourse.start_date), "lớp"):
            return f"Không xóa được học viên “{row.full_name}”: học viên có tên trong danh sách lớp {listed}"
    if isinstance(row, Facility):
        benefits = ProposalBeneficiary.facility_id == row.id, ProposalBeneficiary.deleted_at.is_(None)
        proposals = select(Proposal.code).join(ProposalBeneficiary, ProposalBeneficiary.proposal_id == Proposal.id)
        if listed := _listed(session, proposals.where(*benefits).order_by(Proposal.code), "đề án"):
            return f"Không xóa được cơ sở “{row.name}”: cơ sở là đơn vị thụ hưởng của đề án {listed}"
        entered = Product.facility_id == row.id, VotingEntry.deleted_at.is_(None)
        rounds = (
            select(VotingRound.name)
            .join(VotingEntry, VotingEntry.round_id == VotingRound.id)
            .join(Product, Product.id == VotingEntry.product_id)
        )
        if listed := _listed(session, rounds.where(*entered).order_by(VotingRound.year).distinct(), "đợt"):
            return f"Không xóa được cơ sở “{row.name}”: cơ sở có sản phẩm đăng ký trong đợt bình chọn {listed}"
    if isinstance(row, Proposal):
        courses = select(TrainingCourse.code).where(
            TrainingCourse.proposal_id == row.id, TrainingCourse.deleted_at.is_(None)
        )
        if listed := _listed(session, courses.order_by(TrainingCourse.start_date), "lớp"):
            return f"Không xóa được đề án {row.code}: đề án có lớp đào tạo {listed} (xóa lớp trước)"
    return ""


def gone_since(session: Session, row: Synced) -> str:
    """Why ``row`` cannot be brought back ("" when it can): a record it points to was deleted meanwhile
    (restored, it would count or print that record again)."""
    if isinstance(row, TrainingCourse):
        enrolled = Enrolment.course_id == row.id, Enrolment.deleted_at.is_(None), Trainee.deleted_at.is_not(None)
        trainees = select(Trainee.full_name).join(Enrolment, Enrolment.trainee_id == Trainee.id).where(*enrolled)
        if listed := _listed(session, trainees, "học viên", quoted=True):
            return f"Không khôi phục được lớp {row.code}: học viên {listed} đã bị xóa (khôi phục trước)"
        proposal = session.get(Proposal, row.proposal_id) if row.proposal_id else None
        if proposal is not None and proposal.deleted_at is not None:
            return f"Không khôi phục được lớp {row.code}: đề án {proposal.code} đã bị xóa (khôi phục đề án trước)"
    if isinstance(row, Proposal):
        linked = (
            ProposalBeneficiary.proposal_id == row.id,
            ProposalBeneficiary.deleted_at.is_(None),
            Facility.deleted_at.is_not(None),
        )
        facilities = select(Facility.name).join(ProposalBeneficiary, ProposalBeneficiary.facility_id == Facility.id)
        if listed := _listed(session, facilities.where(*linked), "cơ sở", quoted=True):
            return f"Không khôi phục được đề án {row.code}: cơ sở {listed} đã bị xóa (khôi phục trước)"
    if isinstance(row, VotingRound):
        entered = VotingEntry.round_id == row.id, VotingEntry.deleted_at.is_(None), Facility.deleted_at.is_not(None)
        facilities = (
            select(Facility.name)
            .join(Product, Product.facility_id == Facility.id)
            .join(VotingEntry, VotingEntry.product_id == Product.id)
        )
        if listed := _listed(session, facilities.where(*entered).distinct(), "cơ sở", quoted=True):
            return f"Không khôi phục được đợt “{row.name}”: cơ sở {listed} đã bị xóa (khôi phục trước)"
    return ""


def _listed(session: Session, query: Select[str], kind: str, *, quoted: bool = False) -> str:
    """The records ``query`` names, for a message ("" when none); ``quoted``: names in quotation marks."""
    found = session.scalars(query).all()
    return _named([f"“{n}”" if quoted else n for n in found], kind) if found else ""


def _named(found: Sequence[str], kind: str) -> str:
    """``found`` by name, the first SHOWN of them, the others counted: "DT01, DT02, DT03 và 2 lớp khác"."""
    shown = ", ".join(found[:SHOWN])
    return shown if len(found) <= SHOWN else f"{shown} và {len(found) - SHOWN} {kind} khác"
