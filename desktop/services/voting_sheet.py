"""A voting round's sheet without Qt: jurors, registered products, each juror's scores, the results."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.orm import Session

from desktop.core.text import clean, fold
from desktop.models import Facility
from desktop.models.enums import ProductGroup
from desktop.models.facility import Product
from desktop.models.voting import Juror, Score, VotingEntry, VotingRound
from desktop.services import voting
from desktop.services.lifecycle import RuleViolation, alive, revive_or_add
from desktop.store import audit

Points = tuple[int, int, int, int]  # market, technical, cultural, other — in the order of voting.CRITERIA


@dataclass(frozen=True)
class JurorRow:
    id: uuid.UUID
    name: str
    title: str


@dataclass(frozen=True)
class EntryRow:
    id: uuid.UUID
    voting_code: str
    product: str
    facility: str
    group: str
    jurors: int
    average: Decimal | None
    passed: bool


@dataclass
class RoundSheet:
    id: uuid.UUID
    name: str
    year: int
    level: str
    jurors: list[JurorRow]
    entries: list[EntryRow]
    scores: dict[tuple[uuid.UUID, uuid.UUID], Points]  # (entry, juror) → points

    def results(self) -> list[EntryRow]:
        """Entries by average score, best first; entries not scored yet last."""
        return sorted(self.entries, key=lambda e: (e.average is None, -(e.average or 0), e.product))


def _round(session: Session, round_id: uuid.UUID) -> VotingRound:
    found = session.get(VotingRound, round_id)
    if found is None or found.deleted_at is not None:
        raise LookupError("Đợt bình chọn không còn trong dữ liệu (có thể đã bị xóa)")
    return found


def load(session: Session, round_id: uuid.UUID) -> RoundSheet:
    r = _round(session, round_id)
    jurors = [JurorRow(j.id, j.name, j.title) for j in sorted(alive(r.jurors), key=lambda j: j.created_at)]
    entries = []
    scores: dict[tuple[uuid.UUID, uuid.UUID], Points] = {}
    for e in sorted(alive(r.entries), key=lambda e: (e.voting_code, fold(e.product.name))):
        result = voting.entry_result(e)
        entries.append(
            EntryRow(
                e.id,
                e.voting_code,
                e.product.name,
                e.product.facility.name,
                e.product_group.label,
                result.jurors,
                result.average,
                result.passed,
            )
        )
        for s in alive(e.scores):
            scores[(e.id, s.juror_id)] = (s.market, s.technical, s.cultural, s.other)
    return RoundSheet(r.id, r.name, r.year, r.level.label, jurors, entries, scores)


def add_juror(session: Session, round_id: uuid.UUID, name: str, title: str) -> None:
    r = _round(session, round_id)
    name = clean(name)
    if not name:
        raise RuleViolation("Nhập họ tên thành viên hội đồng")
    if any(fold(j.name) == fold(name) for j in alive(r.jurors)):
        raise RuleViolation(f"“{name}” đã có trong hội đồng")
    r.jurors.append(Juror(province_code=r.province_code, name=name, title=clean(title)))


def remove_juror(session: Session, juror_id: uuid.UUID) -> None:
    juror = session.get(Juror, juror_id)
    if juror is None:
        raise LookupError("Thành viên hội đồng không còn trong dữ liệu")
    scored = [s for e in alive(juror.voting_round.entries) for s in alive(e.scores) if s.juror_id == juror_id]
    if scored:
        raise RuleViolation(f"“{juror.name}” đã chấm {len(scored)} sản phẩm: xóa phiếu chấm trước")
    audit.soft_delete(juror)


def register(
    session: Session, round_id: uuid.UUID, facility_id: uuid.UUID, product_name: str, group: ProductGroup, code: str
) -> str:
    """Register a facility's product (found by name, or added to the facility) in the round."""
    r = _round(session, round_id)
    facility = session.get(Facility, facility_id)
    if facility is None or facility.deleted_at is not None:
        raise LookupError("Cơ sở không còn trong dữ liệu")
    name = clean(product_name)
    if not name:
        raise RuleViolation("Nhập tên sản phẩm")
    product = next((p for p in alive(facility.products) if fold(p.name) == fold(name)), None)
    if product is None:
        product = Product(province_code=facility.province_code, name=name, product_group=group)
        facility.products.append(product)
        session.flush()
    product_id = product.id
    revive_or_add(
        r.entries,
        lambda e: e.product_id == product_id,
        lambda: VotingEntry(
            province_code=r.province_code, product_id=product_id, product_group=group, voting_code=clean(code)
        ),
        f"Sản phẩm “{name}” đã đăng ký trong đợt này",
    )
    return name


def remove_entry(session: Session, entry_id: uuid.UUID) -> None:
    entry = session.get(VotingEntry, entry_id)
    if entry is None:
        raise LookupError("Sản phẩm đăng ký không còn trong dữ liệu")
    if alive(entry.scores):
        raise RuleViolation(f"Sản phẩm “{entry.product.name}” đã có phiếu chấm: xóa phiếu chấm trước")
    audit.soft_delete(entry)


def save_scores(
    session: Session, round_id: uuid.UUID, juror_id: uuid.UUID, sheet: Mapping[uuid.UUID, Points | None]
) -> None:
    """One juror's scores for the round: a product with points gets a sheet, one with None loses its sheet.

    Every sheet is checked before anything is stored; the message names the product and the criterion.
    """
    r = _round(session, round_id)
    juror = session.get(Juror, juror_id)
    if juror is None or juror.deleted_at is not None or juror.round_id != r.id:
        raise RuleViolation("Thành viên hội đồng không thuộc đợt bình chọn này")
    entries = {e.id: e for e in alive(r.entries)}
    for entry_id, points in sheet.items():
        entry = entries.get(entry_id)
        if entry is None:
            raise RuleViolation("Có sản phẩm trong bảng điểm không còn trong đợt bình chọn")
        if points is None:
            continue
        probe = Score(market=points[0], technical=points[1], cultural=points[2], other=points[3])
        problems = voting.score_errors(probe)
        if problems:
            raise RuleViolation(f"Sản phẩm “{entry.product.name}”: " + "; ".join(problems))
    for entry_id, points in sheet.items():
        entry = entries[entry_id]
        existing = next((s for s in entry.scores if s.juror_id == juror_id), None)
        if points is None:
            if existing is not None:
                audit.soft_delete(existing)
            continue
        if existing is None:
            existing = Score(province_code=r.province_code, juror_id=juror_id)
            entry.scores.append(existing)
        elif existing.deleted_at is not None:
            audit.restore(existing)
        for key, value in zip(("market", "technical", "cultural", "other"), points, strict=True):
            if getattr(existing, key, None) != value:
                setattr(existing, key, value)
