"""A facility's edit form without Qt: its fields, its yearly figures and the live eligibility verdict.

The form writes the facility and its years (NĐ 80/2021 Điều 7–8 judge a size on the previous year's
insured employees, revenue and capital) in one transaction, recorded for undo and sync like every write;
the verdict the form shows is :func:`desktop.services.eligibility.check_facility` on what is typed.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core.money import format_money, format_number, parse_money
from desktop.core.validation import FieldError
from desktop.models import Commune, CraftVillage, Facility, FacilityYear
from desktop.models.enums import ArtisanTitle, SmeSize
from desktop.services import forms
from desktop.services.eligibility import Eligibility, check_facility
from desktop.services.forms import Field, FieldKind
from desktop.store import audit

# NĐ 45/2012 Điều 1 khoản 2 điểm b as amended by NĐ 235/2025 Điều 1 khoản 1: the other beneficiaries, which
# the form records beside the fields of forms.FACILITY_FIELDS.
ROUTE_FIELDS: tuple[Field, ...] = (
    Field("sustainable_production", FieldKind.BOOL),
    Field("ccn_infrastructure_investor", FieldKind.BOOL),
    Field("ccn_name", max_length=200),
    Field("artisan_title", FieldKind.CHOICE, choices=ArtisanTitle),
    Field("artisan_name", max_length=120),
    Field("artisan_recognised_on", FieldKind.DATE),
    Field("fired_clay_bricks", FieldKind.BOOL),
)
_BEFORE_ROUTES = "applies_cleaner_production"
FIELDS: tuple[Field, ...] = tuple(
    extra
    for field in forms.FACILITY_FIELDS
    for extra in (
        (field, Field("craft_village_id", FieldKind.REF))
        if field.key == "commune_code"
        else (field, *ROUTE_FIELDS)
        if field.key == _BEFORE_ROUTES
        else (field,)
    )
)
"""The facility form: the common fields, the làng nghề after the commune, the grounds of điểm b after cleaner
production."""

FIRST_YEAR = 1990
"""The earliest year whose figures are kept (older ones never decide a size today)."""


@dataclass(frozen=True)
class YearFigures:
    """One year's self-declared figures as the form holds them (saved with the facility)."""

    year: int
    insured_employees: Decimal = Decimal(0)
    total_employees: int = 0
    revenue: int | None = None
    capital: int | None = None
    exporting: bool = False
    local_material_percent: Decimal | None = None
    declared_size: SmeSize | None = None

    def display(self) -> dict[str, Any]:
        """The values as the year form shows them: 1.234.567 for money, 12,5 for an average."""
        return {
            "year": str(self.year),
            "insured_employees": format_number(self.insured_employees),
            "total_employees": str(self.total_employees),
            "revenue": "" if self.revenue is None else format_money(self.revenue),
            "capital": "" if self.capital is None else format_money(self.capital),
            "exporting": self.exporting,
            "local_material_percent": (
                "" if self.local_material_percent is None else format_number(self.local_material_percent)
            ),
            "declared_size": "" if self.declared_size is None else self.declared_size.value,
        }


def _decimal(text: str, _values: Mapping[str, Any]) -> Decimal:
    try:
        value = Decimal(text.replace(" ", "").replace(",", "."))
    except InvalidOperation:
        raise FieldError("", f"“{text}” không phải là số (ví dụ 12,5)") from None
    if not value.is_finite():
        raise FieldError("", f"“{text}” không phải là số (ví dụ 12,5)")
    return value


def _insured(text: str, values: Mapping[str, Any]) -> Decimal:
    value = _decimal(text, values)
    if value < 0:
        raise FieldError("", "Số lao động không được âm")
    if value != value.quantize(Decimal("0.01")) or value >= 1_000_000:
        raise FieldError("", "Nhập số lao động bình quân, tối đa hai chữ số sau dấu phẩy (ví dụ 9,5)")
    total = values.get("total_employees")
    if isinstance(total, int) and value > total:
        raise FieldError("", f"Lao động tham gia BHXH ({format_number(value)}) nhiều hơn tổng số lao động ({total})")
    return value


def _money(text: str, _values: Mapping[str, Any]) -> int:
    try:
        value = parse_money(text)
    except ValueError as error:
        raise FieldError("", str(error)) from None
    if value < 0:
        raise FieldError("", "Số tiền không được âm")
    return value


def _percent(text: str, values: Mapping[str, Any]) -> Decimal:
    value = _decimal(text.removesuffix("%"), values)
    if not 0 <= value <= 100:
        raise FieldError("", "Tỷ lệ phải từ 0 đến 100%")
    return value.quantize(Decimal("0.01"))


YEAR_FIELDS: tuple[Field, ...] = (
    Field("year", FieldKind.INTEGER, required=True, minimum=FIRST_YEAR, maximum=2100),
    Field("total_employees", FieldKind.INTEGER, required=True, minimum=0, maximum=1_000_000),
    Field("insured_employees", required=True, check=_insured, max_length=12),
    Field("revenue", check=_money, max_length=30),
    Field("capital", check=_money, max_length=30),
    Field("exporting", FieldKind.BOOL),
    Field("local_material_percent", check=_percent, max_length=8),
    Field("declared_size", FieldKind.CHOICE, choices=SmeSize),
)


def parse_year(
    raw: Mapping[str, Any], others: Sequence[int] = (), today: date | None = None
) -> tuple[YearFigures | None, dict[str, str]]:
    """The year form's text → (figures, errors by field). ``others``: the years the facility already has
    (a year is kept once); a year after the current one has no figures yet."""
    values, errors = forms.parse(YEAR_FIELDS, raw)
    year = values.get("year")
    if isinstance(year, int) and "year" not in errors:
        if year in others:
            errors["year"] = f"Đã có số liệu năm {year}: sửa dòng đó thay vì thêm"
        elif year > (today or date.today()).year:
            errors["year"] = f"Năm {year} chưa đến: chỉ nhập số liệu từ năm nay trở về trước"
    if errors:
        return None, errors
    return (
        YearFigures(
            year=values["year"],
            insured_employees=values["insured_employees"],
            total_employees=values["total_employees"],
            revenue=values["revenue"] if values["revenue"] != "" else None,
            capital=values["capital"] if values["capital"] != "" else None,
            exporting=values["exporting"],
            local_material_percent=values["local_material_percent"] or None,
            declared_size=values["declared_size"],
        ),
        {},
    )


def _figures_of(row: FacilityYear) -> YearFigures:
    return YearFigures(
        year=row.year,
        insured_employees=Decimal(row.insured_employees),
        total_employees=row.total_employees,
        revenue=row.revenue,
        capital=row.capital,
        exporting=row.exporting,
        local_material_percent=None if row.local_material_percent is None else Decimal(row.local_material_percent),
        declared_size=row.declared_size,
    )


@dataclass
class FacilityForm:
    """What the form opens with: the field values, the years (newest first) and the làng nghề to choose."""

    values: dict[str, Any]
    years: list[YearFigures]
    craft_villages: list[tuple[str, str]]


def craft_villages(session: Session, province_code: str) -> list[tuple[str, str]]:
    """(id, "name — commune") of the province's làng nghề, by name."""
    rows = session.execute(
        select(CraftVillage.id, CraftVillage.name, Commune.name)
        .outerjoin(Commune, Commune.code == CraftVillage.commune_code)
        .where(CraftVillage.province_code == province_code, CraftVillage.deleted_at.is_(None))
        .order_by(CraftVillage.name)
    ).all()
    return [(str(vid), f"{name} — {commune}" if commune else name) for vid, name, commune in rows]


def blank_form() -> FacilityForm:
    """The form of a new facility (its làng nghề list is read separately: the form opens at once)."""
    return FacilityForm({f.key: forms.display(f, None) for f in FIELDS}, [], [])


def load(session: Session, facility_id: uuid.UUID | None, province_code: str) -> FacilityForm:
    """The form of an existing facility, or a blank one (``facility_id`` None)."""
    villages = craft_villages(session, province_code)
    if facility_id is None:
        return replace(blank_form(), craft_villages=villages)
    facility = session.get(Facility, facility_id)
    if facility is None:
        raise LookupError("Bản ghi không còn trong dữ liệu (có thể đã bị xóa hẳn)")
    values = {f.key: forms.display(f, getattr(facility, f.key)) for f in FIELDS}
    years = sorted((_figures_of(y) for y in facility.years if y.deleted_at is None), key=lambda y: -y.year)
    return FacilityForm(values, years, villages)


def _cross_checks(values: Mapping[str, Any], errors: dict[str, str], today: date) -> None:
    title, conferred = values.get("artisan_title"), values.get("artisan_recognised_on")
    if title is not None and conferred is None and "artisan_recognised_on" not in errors:
        errors["artisan_recognised_on"] = "Nhập ngày quyết định phong tặng danh hiệu: danh hiệu tính từ ngày đó"
    if title is None and conferred is not None and "artisan_title" not in errors:
        errors["artisan_title"] = "Chọn danh hiệu được phong tặng"
    if isinstance(conferred, date) and conferred > today and "artisan_recognised_on" not in errors:
        errors["artisan_recognised_on"] = "Ngày phong tặng sau ngày hôm nay"
    if values.get("ccn_name") and not values.get("ccn_infrastructure_investor") and "ccn_name" not in errors:
        errors["ccn_name"] = "Chỉ ghi tên cụm công nghiệp khi cơ sở đầu tư hạ tầng kỹ thuật cụm công nghiệp"


def parse(raw: Mapping[str, Any], today: date | None = None) -> tuple[dict[str, Any], dict[str, str]]:
    """The facility form's text → (values, errors by field), with the checks that join two fields."""
    values, errors = forms.parse(FIELDS, raw)
    _cross_checks(values, errors, today or date.today())
    return values, errors


def save(
    session: Session,
    facility_id: uuid.UUID | None,
    raw: Mapping[str, Any],
    years: Sequence[YearFigures],
    province_code: str,
) -> uuid.UUID:
    """Create or update a facility and its yearly figures as the form holds them, in the caller's transaction.

    A year no longer in ``years`` is marked deleted (it can be restored); one added again is restored, as the
    year identifies its row on every PC."""
    values, errors = parse(raw)
    if errors:
        key, message = next(iter(errors.items()))
        raise FieldError(key, message)
    seen: set[int] = set()
    for figures in years:
        if figures.year in seen:
            raise FieldError("years", f"Số liệu năm {figures.year} được nhập hai lần")
        seen.add(figures.year)
    if values.get("craft_village_id") is not None:
        village = session.get(CraftVillage, values["craft_village_id"])
        if village is None or village.deleted_at is not None:
            raise FieldError("craft_village_id", "Làng nghề không còn trong dữ liệu")
    if facility_id is None:
        facility = Facility(province_code=province_code)
        for key, value in values.items():
            setattr(facility, key, value)
        session.add(facility)
    else:
        found = session.get(Facility, facility_id)
        if found is None:
            raise LookupError("Bản ghi không còn trong dữ liệu")
        facility = found
        forms.assign(facility, FIELDS, values)
    _save_years(facility, years)
    session.flush()
    return facility.id


YEAR_COLUMNS = (  # a facility's figures of one year, in the order the form and the demo list them
    "insured_employees",
    "total_employees",
    "revenue",
    "capital",
    "exporting",
    "local_material_percent",
    "declared_size",
)


def _save_years(facility: Facility, years: Sequence[YearFigures]) -> None:
    rows = {row.year: row for row in facility.years}
    wanted = {figures.year: figures for figures in years}
    for year, figures in wanted.items():
        row = rows.get(year)
        if row is None:
            row = FacilityYear(year=year, province_code=facility.province_code)
            facility.years.append(row)
        elif row.deleted_at is not None:
            audit.restore(row)
        for key in YEAR_COLUMNS:
            new = getattr(figures, key)
            if getattr(row, key, None) != new or row not in rows.values():
                setattr(row, key, new)
    for year, row in rows.items():
        if year not in wanted and row.deleted_at is None:
            audit.soft_delete(row)


def preview(
    session: Session,
    facility_id: uuid.UUID | None,
    raw: Mapping[str, Any],
    years: Sequence[YearFigures],
    on: date,
) -> Eligibility:
    """The verdict on the facility as the form holds it now (nothing is written: the edits are applied to a
    copy that the read session drops). Fields that do not parse yet keep their stored value."""
    values, _errors = forms.parse(FIELDS, raw)
    with session.no_autoflush:
        stored = session.get(Facility, facility_id) if facility_id is not None else None
        facility = Facility(province_code=stored.province_code if stored else "")
        if stored is not None:
            for column in Facility.__table__.columns:
                setattr(facility, column.key, getattr(stored, column.key))
        for key in _errors:
            values.pop(key, None)
        for key, value in values.items():
            if key == "commune_code" and not value:
                continue
            setattr(facility, key, value)
        if not facility.commune_code or session.get(Commune, facility.commune_code) is None:
            verdict = Eligibility(eligible=False, on=on)
            verdict.note("Chọn tỉnh/thành phố và xã/phường để xét địa bàn", False)
            return verdict
        facility.commune = session.get(Commune, facility.commune_code)  # type: ignore[assignment]
        village_id = facility.craft_village_id
        facility.craft_village = session.get(CraftVillage, village_id) if village_id else None
        facility.years = [FacilityYear(year=y.year, **{k: getattr(y, k) for k in YEAR_COLUMNS}) for y in years]
        # Typical-product certificates are priorities: the stored facility's products (a copy holds none).
        return check_facility(facility, on, products=stored.products if stored is not None else ())
