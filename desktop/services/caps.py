"""A province's own support caps for its KCĐP proposals (TTLT 26/2014 Điều 6 khoản 3; TT 28/2018): entered
by the centre from the province's decision or resolution, cited as that text — never as the national circular.

Each cap is an effective-dated row of ``support_cap`` with the province's code; it is added, corrected or
ended (a last day), never removed, and written in the caller's transaction, so the session records it for
undo, the audit trail and sync as every other change.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core.dates import format_date, parse_date
from desktop.core.money import format_money, format_number, parse_money
from desktop.core.text import clean
from desktop.core.validation import FieldError
from desktop.models.base import NATIONAL_SCOPE
from desktop.models.enums import CapUnit
from desktop.models.reference import ActivityType, SupportCap

DOCUMENT_KINDS: tuple[str, ...] = ("Nghị quyết", "Quyết định")
"""What a province's caps are set by: a People's Council resolution, or the People's Committee's decision."""
FIELDS: tuple[str, ...] = (
    "activity_type_code",
    "rate_percent",
    "cap_amount",
    "unit",
    "valid_from",
    "valid_to",
    "document_kind",
    "document_no",
    "document_date",
    "issuer",
    "article",
)
_CITATION = re.compile(
    r"^(?P<document_kind>.+?) số (?P<document_no>\S+) ngày (?P<document_date>\d{2}/\d{2}/\d{4})"
    r" của (?P<issuer>.+?)(?:, (?P<article>(?:Điều|Khoản|Điểm|Mục|Phụ lục) .+))?$"
)


def citation(document_kind: str, document_no: str, document_date: date, issuer: str, article: str = "") -> str:
    """ "Nghị quyết số 12/2025/NQ-HĐND ngày 10/07/2025 của HĐND tỉnh Đắk Lắk, Điều 3 khoản 2"."""
    text = f"{document_kind} số {document_no} ngày {format_date(document_date)} của {issuer}"
    return f"{text}, {article}" if article else text


def citation_parts(text: str) -> dict[str, str]:
    """The parts of a citation made by :func:`citation`; a citation typed otherwise stays whole in the number."""
    found = _CITATION.match(text.strip())
    if found is None:
        return {"document_kind": "", "document_no": text.strip(), "document_date": "", "issuer": "", "article": ""}
    return {key: value or "" for key, value in found.groupdict().items()}


@dataclass(frozen=True)
class CapRow:
    """One cap as the editor lists it."""

    id: uuid.UUID
    activity_type_code: str
    activity_name: str
    rate_percent: Decimal | None
    cap_amount: int | None
    unit: CapUnit
    valid_from: date
    valid_to: date | None
    legal_basis: str
    national: bool

    def in_force(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)

    @property
    def rate_text(self) -> str:
        if self.rate_percent is None and self.cap_amount is None:
            return "không quy định"
        return f"{format_number(self.rate_percent)}%" if self.rate_percent is not None else ""

    @property
    def amount_text(self) -> str:
        return f"{format_money(self.cap_amount)} đ/{self.unit.label}" if self.cap_amount is not None else ""


def rows(session: Session, province_code: str, *, national: bool = False) -> list[CapRow]:
    """The province's own caps (the national ones too with ``national``), by activity then date."""
    scopes = (province_code, NATIONAL_SCOPE) if national else (province_code,)
    found = session.execute(
        select(SupportCap, ActivityType.name)
        .join(ActivityType, ActivityType.code == SupportCap.activity_type_code)
        .where(SupportCap.province_code.in_(scopes), SupportCap.deleted_at.is_(None))
        .order_by(SupportCap.province_code.desc(), ActivityType.name, SupportCap.valid_from)
    ).all()
    return [
        CapRow(
            cap.id,
            cap.activity_type_code,
            str(name),
            cap.rate_percent,
            cap.cap_amount,
            cap.unit,
            cap.valid_from,
            cap.valid_to,
            cap.legal_basis,
            cap.province_code == NATIONAL_SCOPE,
        )
        for cap, name in found
    ]


def form_values(session: Session, cap_id: uuid.UUID | None) -> dict[str, str]:
    """What the edit form shows: a stored cap's values as typed text, or an empty form."""
    if cap_id is None:
        return dict.fromkeys(FIELDS, "") | {"document_kind": DOCUMENT_KINDS[0], "unit": CapUnit.DE_AN.value}
    cap = session.get(SupportCap, cap_id)
    if cap is None or cap.deleted_at is not None:
        raise LookupError("Mức hỗ trợ không còn trong dữ liệu (có thể đã bị xóa)")
    return {
        "activity_type_code": cap.activity_type_code,
        "rate_percent": format_number(cap.rate_percent) if cap.rate_percent is not None else "",
        "cap_amount": format_money(cap.cap_amount) if cap.cap_amount is not None else "",
        "unit": cap.unit.value,
        "valid_from": format_date(cap.valid_from),
        "valid_to": format_date(cap.valid_to),
        **citation_parts(cap.legal_basis),
    }


def _text(raw: Mapping[str, Any], key: str) -> str:
    return clean(str(raw.get(key) or ""))


def _date(raw: Mapping[str, Any], key: str, *, required: bool) -> date | None:
    text = _text(raw, key)
    if not text:
        if required:
            raise FieldError(key, "Không được để trống")
        return None
    try:
        return parse_date(text)
    except ValueError as error:
        raise FieldError(key, str(error)) from None


def _rate(text: str) -> Decimal | None:
    if not text:
        return None
    try:
        rate = Decimal(text.removesuffix("%").strip().replace(",", "."))
    except InvalidOperation:
        raise FieldError("rate_percent", f"“{text}” không phải là tỷ lệ phần trăm (ví dụ: 30 hoặc 12,5)") from None
    if not rate.is_finite() or rate <= 0 or rate > 100:
        raise FieldError("rate_percent", "Tỷ lệ hỗ trợ phải lớn hơn 0 và không quá 100%")
    if rate != rate.quantize(Decimal("0.01")):
        raise FieldError("rate_percent", "Tỷ lệ hỗ trợ ghi tối đa hai chữ số thập phân")
    return rate


def _amount(text: str) -> int | None:
    if not text:
        return None
    try:
        amount = parse_money(text)
    except ValueError as error:
        raise FieldError("cap_amount", str(error)) from None
    if amount <= 0:
        raise FieldError("cap_amount", "Mức hỗ trợ tối đa phải lớn hơn 0 đồng")
    return amount


@dataclass(frozen=True)
class CapValues:
    """A cap as typed, checked."""

    activity_type_code: str
    rate_percent: Decimal | None
    cap_amount: int | None
    unit: CapUnit
    valid_from: date
    valid_to: date | None
    legal_basis: str


def parse(session: Session, raw: Mapping[str, Any]) -> CapValues:
    """Check a cap as typed; FieldError names the first field in the way, in Vietnamese."""
    code = _text(raw, "activity_type_code")
    if not code:
        raise FieldError("activity_type_code", "Chọn hoạt động khuyến công")
    if session.get(ActivityType, code) is None:
        raise FieldError("activity_type_code", f"Không có hoạt động “{code}”")
    rate = _rate(_text(raw, "rate_percent"))
    amount = _amount(_text(raw, "cap_amount"))
    if rate is None and amount is None:
        raise FieldError("rate_percent", "Nhập tỷ lệ hỗ trợ tối đa, mức tối đa bằng tiền, hoặc cả hai")
    try:
        unit = CapUnit(_text(raw, "unit") or CapUnit.DE_AN.value)
    except ValueError:
        raise FieldError("unit", "Chọn đơn vị tính của mức tối đa") from None
    valid_from = _date(raw, "valid_from", required=True)
    assert valid_from is not None
    valid_to = _date(raw, "valid_to", required=False)
    if valid_to is not None and valid_to < valid_from:
        raise FieldError("valid_to", "Ngày hết hiệu lực trước ngày có hiệu lực")
    kind = _text(raw, "document_kind")
    if not kind:
        raise FieldError("document_kind", "Chọn loại văn bản của tỉnh (nghị quyết, quyết định)")
    number = _text(raw, "document_no")
    if not number:
        raise FieldError("document_no", "Nhập số, ký hiệu văn bản của tỉnh (ví dụ 12/2025/NQ-HĐND)")
    if " " in number:
        raise FieldError("document_no", "Số, ký hiệu văn bản không có dấu cách (ví dụ 12/2025/NQ-HĐND)")
    issued = _date(raw, "document_date", required=True)
    assert issued is not None
    if issued > valid_from:
        raise FieldError("valid_from", "Ngày có hiệu lực trước ngày ban hành văn bản")
    issuer = _text(raw, "issuer")
    if not issuer:
        raise FieldError("issuer", "Nhập cơ quan ban hành (ví dụ HĐND tỉnh Đắk Lắk)")
    basis = citation(kind, number, issued, issuer, _text(raw, "article"))
    if len(basis) > 200:
        raise FieldError("article", "Căn cứ dài quá 200 ký tự: ghi ngắn lại tên cơ quan hoặc điều, khoản")
    return CapValues(code, rate, amount, unit, valid_from, valid_to, basis)


def _overlap(session: Session, province_code: str, values: CapValues, cap_id: uuid.UUID | None) -> SupportCap | None:
    """Another of the province's caps of the same activity whose period meets this one's."""
    for other in session.scalars(
        select(SupportCap).where(
            SupportCap.province_code == province_code,
            SupportCap.activity_type_code == values.activity_type_code,
            SupportCap.deleted_at.is_(None),
        )
    ):
        if other.id == cap_id:
            continue
        starts_before_other_ends = other.valid_to is None or values.valid_from <= other.valid_to
        ends_after_other_starts = values.valid_to is None or other.valid_from <= values.valid_to
        if starts_before_other_ends and ends_after_other_starts:
            return other
    return None


def save(session: Session, province_code: str, cap_id: uuid.UUID | None, raw: Mapping[str, Any]) -> uuid.UUID:
    """Add (``cap_id`` None) or correct one of the province's caps; refuses an overlapping period."""
    if not province_code or province_code == NATIONAL_SCOPE:
        raise FieldError("activity_type_code", "Chưa chọn tỉnh của Trung tâm (Cài đặt)")
    values = parse(session, raw)
    other = _overlap(session, province_code, values, cap_id)
    if other is not None:
        until = f" đến {format_date(other.valid_to)}" if other.valid_to else " (chưa hết hiệu lực)"
        raise FieldError(
            "valid_from",
            f"Trùng thời gian với mức hỗ trợ từ {format_date(other.valid_from)}{until} ({other.legal_basis}):"
            " kết thúc mức cũ trước ngày mức mới có hiệu lực",
        )
    if cap_id is None:
        cap = SupportCap(province_code=province_code, priority_factor=Decimal(1), note="")
        session.add(cap)
    else:
        found = session.get(SupportCap, cap_id)
        if found is None or found.deleted_at is not None or found.province_code != province_code:
            raise LookupError("Mức hỗ trợ không còn trong dữ liệu của tỉnh")
        cap = found
    changes = {
        "activity_type_code": values.activity_type_code,
        "rate_percent": values.rate_percent,
        "cap_amount": values.cap_amount,
        "unit": values.unit,
        "valid_from": values.valid_from,
        "valid_to": values.valid_to,
        "legal_basis": values.legal_basis,
    }
    for key, value in changes.items():
        if getattr(cap, key, None) != value:
            setattr(cap, key, value)
    session.flush()
    return cap.id


def end(session: Session, province_code: str, cap_id: uuid.UUID, last_day_text: str) -> date:
    """End one of the province's caps: ``last_day_text`` is its last day in force (dd/mm/yyyy)."""
    cap = session.get(SupportCap, cap_id)
    if cap is None or cap.deleted_at is not None or cap.province_code != province_code:
        raise LookupError("Mức hỗ trợ không còn trong dữ liệu của tỉnh")
    last_day = _date({"valid_to": last_day_text}, "valid_to", required=True)
    assert last_day is not None
    if last_day < cap.valid_from:
        raise FieldError(
            "valid_to", f"Ngày hết hiệu lực trước ngày mức hỗ trợ có hiệu lực ({format_date(cap.valid_from)})"
        )
    if cap.valid_to is not None and last_day > cap.valid_to:
        raise FieldError("valid_to", f"Mức hỗ trợ đã hết hiệu lực từ sau ngày {format_date(cap.valid_to)}")
    cap.valid_to = last_day
    return last_day
