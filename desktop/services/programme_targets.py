"""The centre's own programme of khuyến công for a period (Chương trình khuyến công địa phương, approved by the
provincial People's Committee — NĐ 45/2012 Điều 3 khoản 4; TT 46/2012 Điều 12): its targets, entered by the
centre from the decision, for the indicators the records can measure (:mod:`desktop.services.indicators`).

The national programme's rows (scope "00") come with the program or from the ministry; these are the
province's, written in the caller's transaction so that undo, the audit trail and sync see them as every other
change. A target cleared is deleted (a soft delete, like every synced row) and comes back if entered again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core.money import parse_money
from desktop.core.text import clean, unit_in_text
from desktop.core.validation import FieldError
from desktop.models import ProgrammeTarget, Province
from desktop.models.base import NATIONAL_SCOPE, natural_id, utcnow
from desktop.services import indicators, settings

FIRST_PERIOD = 2021
PERIOD_YEARS = 5
"""Programmes run five years at a time (2021–2025, 2026–2030, …)."""


def period_of(year: int) -> tuple[int, int]:
    """The five-year programme period that holds ``year``: 2026 → (2026, 2030)."""
    first = FIRST_PERIOD + PERIOD_YEARS * ((year - FIRST_PERIOD) // PERIOD_YEARS)
    return first, first + PERIOD_YEARS - 1


@dataclass
class ProgrammeForm:
    """A programme as the editor shows it: its name, period, decision and a target per indicator code."""

    programme: str
    name: str
    period_from: int
    period_to: int
    legal_basis: str = ""
    targets: dict[str, int] = field(default_factory=dict)
    stored: bool = False
    """The centre has entered this programme already (it is being corrected, not created)."""


def _code(province_code: str, period_from: int, period_to: int) -> str:
    return f"CTKC-{province_code}-{period_from}-{period_to}"


def _rows(session: Session, province_code: str, programme: str) -> list[ProgrammeTarget]:
    return list(
        session.scalars(
            select(ProgrammeTarget).where(
                ProgrammeTarget.province_code == province_code, ProgrammeTarget.programme == programme
            )
        )
    )


def own_programme(session: Session, province_code: str, year: int) -> ProgrammeForm:
    """The centre's programme in force in ``year``, or a new one for the five years around it."""
    if not province_code or province_code == NATIONAL_SCOPE:
        raise FieldError("name", "Chưa chọn tỉnh của Trung tâm (Cài đặt)")
    found = session.scalars(
        select(ProgrammeTarget)
        .where(
            ProgrammeTarget.province_code == province_code,
            ProgrammeTarget.deleted_at.is_(None),
            ProgrammeTarget.period_from <= year,
            ProgrammeTarget.period_to >= year,
        )
        .order_by(ProgrammeTarget.period_from.desc())
    ).first()
    if found is not None:
        live = [t for t in _rows(session, province_code, found.programme) if t.deleted_at is None]
        return ProgrammeForm(
            found.programme,
            found.programme_name,
            found.period_from,
            found.period_to,
            found.legal_basis,
            {t.indicator: int(t.target) for t in live},
            stored=True,
        )
    first, last = period_of(year)
    province = session.get(Province, province_code)
    where = unit_in_text(settings.province_title(province)) if province is not None else ""
    name = clean(f"Chương trình khuyến công {where} giai đoạn {first}-{last}")
    return ProgrammeForm(_code(province_code, first, last), name, first, last)


def read_targets(texts: Mapping[str, str]) -> dict[str, int]:
    """The targets as typed ("1.600", "15 000", or empty for none), by indicator code."""
    found: dict[str, int] = {}
    for code, text in texts.items():
        if not clean(text):
            continue
        name = indicators.BY_CODE[code].name if code in indicators.BY_CODE else code
        try:
            found[code] = parse_money(text)
        except ValueError:
            raise FieldError("targets", f"Chỉ tiêu “{name}”: “{clean(text)}” không phải là số (ví dụ 1.600)") from None
    return found


def _check(form: ProgrammeForm) -> None:
    if not clean(form.name):
        raise FieldError("name", "Nhập tên chương trình (như trong quyết định phê duyệt)")
    if len(clean(form.name)) > 300:
        raise FieldError("name", "Tên chương trình dài quá 300 ký tự")
    if not 2000 <= form.period_from <= form.period_to <= form.period_from + 9:
        raise FieldError("period_to", "Giai đoạn không hợp lệ: năm cuối từ năm đầu đến 10 năm sau")
    if len(clean(form.legal_basis)) > 200:
        raise FieldError("legal_basis", "Căn cứ dài quá 200 ký tự")
    for code, target in form.targets.items():
        if code not in indicators.BY_CODE:
            raise FieldError("targets", f"Không có chỉ tiêu “{code}”")
        if target < 0:
            raise FieldError("targets", f"Chỉ tiêu “{indicators.BY_CODE[code].name}” không được âm")
    if not any(target > 0 for target in form.targets.values()):
        raise FieldError("targets", "Nhập ít nhất một chỉ tiêu của chương trình")


def save_programme(session: Session, province_code: str, form: ProgrammeForm) -> int:
    """Write the centre's programme: a row per indicator with a target above 0, the others deleted.
    Returns how many targets the programme has."""
    if not province_code or province_code == NATIONAL_SCOPE:
        raise FieldError("name", "Chưa chọn tỉnh của Trung tâm (Cài đặt)")
    _check(form)
    if not form.stored:
        clash = session.scalars(
            select(ProgrammeTarget.programme_name).where(
                ProgrammeTarget.province_code == province_code,
                ProgrammeTarget.deleted_at.is_(None),
                ProgrammeTarget.period_from <= form.period_to,
                ProgrammeTarget.period_to >= form.period_from,
            )
        ).first()
        if clash is not None:
            raise FieldError("period_from", f"Giai đoạn trùng với chương trình đã nhập: “{clash}”")
    existing = {t.indicator: t for t in _rows(session, province_code, form.programme)}
    wanted = _values(form)
    for code, row in existing.items():
        if code not in wanted and row.deleted_at is None:
            row.deleted_at = utcnow()
    for code, values in wanted.items():
        row = existing.get(code) or _new_row(session, province_code, form.programme, code)
        if row.deleted_at is not None:
            row.deleted_at = None
        for key, value in values.items():
            if getattr(row, key, None) != value:
                setattr(row, key, value)
    session.flush()
    return len(wanted)


def _values(form: ProgrammeForm) -> dict[str, Mapping[str, object]]:
    """The columns of each target row the form asks for (only indicators with a target above 0)."""
    return {
        code: {
            "programme_name": clean(form.name),
            "period_from": form.period_from,
            "period_to": form.period_to,
            "report_group": indicators.BY_CODE[code].report_group,
            "indicator_name": indicators.BY_CODE[code].name,
            "unit": indicators.BY_CODE[code].unit,
            "target": target,
            "legal_basis": clean(form.legal_basis),
        }
        for code, target in form.targets.items()
        if target > 0
    }


def _new_row(session: Session, province_code: str, programme: str, indicator: str) -> ProgrammeTarget:
    # The same target entered on two PCs offline is one row (its id comes from its key), not two that the
    # unique key would refuse at the next sync.
    row = ProgrammeTarget(
        id=natural_id("programme_target", (province_code, programme, indicator)),
        province_code=province_code,
        programme=programme,
        indicator=indicator,
    )
    session.add(row)
    return row
