"""Edit forms without Qt: which fields a record has, how typed text becomes values, and saving.

The desktop forms, the import (issue: Excel in) and tests all go through :func:`parse`, so a value the
form refuses is refused everywhere with the same Vietnamese message.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy.orm import Session

from desktop.core.dates import format_date, parse_date
from desktop.core.money import format_money, parse_money
from desktop.core.text import clean
from desktop.core.validation import (
    FieldError,
    check_cccd,
    format_tax_code,
    normalize_email,
    normalize_phone,
    normalize_tax_code,
)
from desktop.models import Facility, Proposal, Trainee, TrainingCourse, VotingRound
from desktop.models.base import Synced
from desktop.models.enums import (
    CourseKind,
    FundingKind,
    Gender,
    LegalForm,
    PriorityGroup,
    Sector,
    VotingLevel,
)
from desktop.services import lifecycle, proposal_kind


class FieldKind(StrEnum):
    TEXT = "text"
    LONG_TEXT = "long_text"
    DATE = "date"
    MONEY = "money"
    INTEGER = "integer"
    CHOICE = "choice"
    BOOL = "bool"
    COMMUNE = "commune"
    ACTIVITY = "activity"
    REF = "ref"  # a row chosen from a list known only at run time (a proposal's locations, beneficiaries)


@dataclass(frozen=True)
class Field:
    key: str
    kind: FieldKind = FieldKind.TEXT
    required: bool = False
    choices: type[StrEnum] | None = None
    check: Callable[[str, Mapping[str, Any]], Any] | None = None  # extra check of a text field
    max_length: int = 300
    minimum: int | None = None  # bounds of an INTEGER or MONEY field
    maximum: int | None = None
    past: bool = False  # a DATE of something that has happened (founded, born): never after today


def _tax_code(text: str, values: Mapping[str, Any]) -> str:
    form = values.get("legal_form")
    return normalize_tax_code(text, form if isinstance(form, LegalForm) else None)


def _cccd(text: str, values: Mapping[str, Any]) -> str:
    birth = values.get("birth_date")
    gender = values.get("gender")
    return check_cccd(text, birth if isinstance(birth, date) else None, gender if isinstance(gender, Gender) else None)


def _a_name(text: str, _values: Mapping[str, Any]) -> str:
    """A name has letters: "12345" or "True" is a number or a yes/no cell pasted into the name column."""
    if not any(c.isalpha() for c in text) or text.casefold() in ("true", "false"):
        raise FieldError("name", f"“{text}” không phải là tên (không có chữ, hoặc là giá trị Đúng/Sai của Excel)")
    return text


def _phone(text: str, _values: Mapping[str, Any]) -> str:
    return normalize_phone(text)


def _email(text: str, _values: Mapping[str, Any]) -> str:
    return normalize_email(text)


FACILITY_FIELDS: tuple[Field, ...] = (
    Field("name", required=True, check=_a_name),
    Field("legal_form", FieldKind.CHOICE, required=True, choices=LegalForm),
    Field("tax_code", check=_tax_code, max_length=20),
    Field("registration_no", max_length=32),
    Field("established_on", FieldKind.DATE, past=True),
    Field("sector", FieldKind.CHOICE, required=True, choices=Sector),
    Field("main_line"),
    Field("representative_name", max_length=120),
    Field("representative_gender", FieldKind.CHOICE, choices=Gender),
    Field("commune_code", FieldKind.COMMUNE, required=True),
    Field("street_address"),
    Field("phone", check=_phone, max_length=20),
    Field("email", check=_email, max_length=120),
    Field("women_owned", FieldKind.BOOL),
    Field("ethnic_minority_owned", FieldKind.BOOL),
    Field("applies_cleaner_production", FieldKind.BOOL),
    Field("note", FieldKind.LONG_TEXT, max_length=5000),
)
TRAINEE_FIELDS: tuple[Field, ...] = (
    Field("full_name", required=True, max_length=120, check=_a_name),
    Field("birth_date", FieldKind.DATE, past=True),
    Field("gender", FieldKind.CHOICE, required=True, choices=Gender),
    Field("ethnicity", max_length=40),
    Field("cccd", check=_cccd, max_length=14),
    Field("commune_code", FieldKind.COMMUNE),
    Field("address"),
    Field("priority_group", FieldKind.CHOICE, required=True, choices=PriorityGroup),
    Field("phone", check=_phone, max_length=20),
)
COURSE_FIELDS: tuple[Field, ...] = (
    Field("code", max_length=32),
    Field("topic", required=True),
    Field("kind", FieldKind.CHOICE, required=True, choices=CourseKind),
    Field("venue"),
    Field("commune_code", FieldKind.COMMUNE),
    Field("start_date", FieldKind.DATE, required=True),
    Field("end_date", FieldKind.DATE, required=True),
    Field("planned_trainees", FieldKind.INTEGER),
    Field("meal_allowance_per_day", FieldKind.MONEY),
    Field("travel_allowance", FieldKind.MONEY),
    Field("min_attendance_percent", FieldKind.INTEGER, maximum=100),
)
VOTING_ROUND_FIELDS: tuple[Field, ...] = (
    Field("name", required=True),
    Field("level", FieldKind.CHOICE, required=True, choices=VotingLevel),
    Field("year", FieldKind.INTEGER, required=True),
    Field("council_name"),
    Field("decision_no", max_length=64),
    Field("decision_date", FieldKind.DATE),
)
PROPOSAL_FIELDS: tuple[Field, ...] = (
    Field("code", required=True, max_length=32),
    Field("title", required=True, max_length=500),
    Field("plan_year", FieldKind.INTEGER, required=True),
    Field("funding", FieldKind.CHOICE, required=True, choices=FundingKind),
    Field("activity_type_code", FieldKind.ACTIVITY, required=True),
    Field("implementing_unit"),
    Field("coordinating_units", FieldKind.LONG_TEXT, max_length=5000),
    Field("start_date", FieldKind.DATE),
    Field("end_date", FieldKind.DATE),
)

FORMS: dict[type[Synced], tuple[Field, ...]] = {
    Facility: FACILITY_FIELDS,
    Trainee: TRAINEE_FIELDS,
    TrainingCourse: COURSE_FIELDS,
    VotingRound: VOTING_ROUND_FIELDS,
    Proposal: PROPOSAL_FIELDS,
}


def _bounded(field: Field, value: int) -> int:
    if field.minimum is not None and value < field.minimum:
        raise FieldError(field.key, f"Phải từ {format_money(field.minimum)} trở lên")
    if field.maximum is not None and value > field.maximum:
        raise FieldError(field.key, f"Không được lớn hơn {format_money(field.maximum)}")
    return value


def check_stored(table: str, values: Mapping[str, Any]) -> None:
    """Check the text fields of a row of ``table`` as stored (what sync carries): the rules the form applies
    as the user types, applied again where the row arrives (the server). FieldError names the field."""
    for form_model, fields in FORMS.items():
        if form_model.__tablename__ != table:
            continue
        for field in fields:
            if field.key in values and field.kind in (FieldKind.TEXT, FieldKind.LONG_TEXT):
                value = values[field.key]
                if value is not None and not isinstance(value, str):
                    raise FieldError(field.key, "phải là chữ")
                _parse_one(field, value, values)


def _parse_one(field: Field, raw: Any, parsed: Mapping[str, Any]) -> Any:
    if field.kind is FieldKind.BOOL:
        return bool(raw)
    # Every door of a text goes through here (the forms, the import, the server's check of a pushed row).
    text = clean(str(raw if raw is not None else ""), multiline=field.kind is FieldKind.LONG_TEXT)
    if not text:
        if field.required:
            raise FieldError(field.key, "Không được để trống")
        if field.kind in (FieldKind.TEXT, FieldKind.LONG_TEXT):
            return ""
        if field.kind in (FieldKind.MONEY, FieldKind.INTEGER):
            return 0
        return None
    if len(text) > field.max_length:
        raise FieldError(field.key, f"Dài quá {field.max_length} ký tự")
    if field.kind is FieldKind.DATE:
        try:
            day = parse_date(text)
        except ValueError as error:
            raise FieldError(field.key, str(error)) from None
        if field.past and day > date.today():
            raise FieldError(field.key, f"Ngày {format_date(day)} chưa đến: ngày này phải là hôm nay hoặc trước đó")
        return day
    if field.kind is FieldKind.MONEY:
        try:
            return _bounded(field, parse_money(text))
        except ValueError as error:
            raise FieldError(field.key, str(error)) from None
    if field.kind is FieldKind.INTEGER:
        digits = text.replace(".", "")
        if not digits.isdigit():
            raise FieldError(field.key, f"“{text}” không phải là số nguyên")
        return _bounded(field, int(digits))
    if field.kind is FieldKind.REF:
        try:
            return uuid.UUID(text)
        except ValueError:
            raise FieldError(field.key, "Hãy chọn trong danh sách") from None
    if field.kind is FieldKind.CHOICE:
        assert field.choices is not None
        try:
            return field.choices(text)
        except ValueError:
            raise FieldError(field.key, f"Giá trị “{text}” không có trong danh mục") from None
    if field.check is not None:
        try:
            return field.check(text, parsed)
        except FieldError as error:
            raise FieldError(field.key, error.message) from None
    return text


def parse(fields: Sequence[Field], raw: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Values typed in a form (text, or bools for check boxes) → (values, errors by field key).

    Fields are read in order, so a check can use earlier values (a tax code depends on the legal form,
    a CCCD on the birth date and gender).
    """
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for field in fields:
        try:
            values[field.key] = _parse_one(field, raw.get(field.key), values)
        except FieldError as error:
            errors[field.key] = error.message
    _cross_checks(values, errors)
    return values, errors


def _cross_checks(values: Mapping[str, Any], errors: dict[str, str]) -> None:
    start, end = values.get("start_date"), values.get("end_date")
    if isinstance(start, date) and isinstance(end, date) and end < start and "end_date" not in errors:
        errors["end_date"] = "Ngày kết thúc trước ngày bắt đầu"
    funding = values.get("funding")
    if isinstance(funding, str) and funding in {k.value for k in FundingKind} and "funding" not in errors:
        # TT 36/2013 Điều 2 k.3: checked when the kind is chosen or the period edited, not only on creation.
        problems = proposal_kind.diem_problems(
            FundingKind(funding), start if isinstance(start, date) else None, end if isinstance(end, date) else None
        )
        if problems:
            errors["funding"] = problems[0]


def display(field: Field, value: Any) -> Any:
    """A stored value as the form shows it (text, or a bool for check boxes)."""
    if field.kind is FieldKind.BOOL:
        return bool(value)
    if value is None:
        return ""
    if field.kind is FieldKind.DATE:
        return format_date(value)
    if field.kind is FieldKind.MONEY:
        return format_money(value)
    if field.key == "tax_code":
        return format_tax_code(value)
    if isinstance(value, StrEnum):
        return value.value
    return str(value)


def _blank(field: Field) -> Any:
    """What an empty box of ``field`` reads back as (see :func:`_parse_one`)."""
    if field.kind is FieldKind.BOOL:
        return False
    if field.kind in (FieldKind.TEXT, FieldKind.LONG_TEXT):
        return ""
    if field.kind in (FieldKind.MONEY, FieldKind.INTEGER):
        return 0
    return None


def same(field: Field, stored: Any, value: Any) -> bool:
    """Whether ``value``, read from the form, says what ``stored`` already says.

    A stored None is shown as an empty box, which reads back as "" (or 0, or False): the user changed nothing,
    and recording it would put a change nobody made in the history and send it to every PC on each save.
    """
    if stored == value:
        return True
    return (stored is None or stored == "") and (value is None or value == "" or value == _blank(field))


def assign(row: object, fields: Sequence[Field], values: Mapping[str, Any]) -> list[str]:
    """Put the form's ``values`` into ``row``, only those it does not already hold (:func:`same`), so a save
    that changes nothing leaves the row untouched (no history entry, nothing to sync) and one that changes a
    field records that field alone. Returns the keys that were set."""
    by_key = {field.key: field for field in fields}
    changed: list[str] = []
    for key, value in values.items():
        field = by_key.get(key)
        current = getattr(row, key)
        if current == value or (field is not None and same(field, current, value)):
            continue
        setattr(row, key, value)
        changed.append(key)
    return changed


def load(session: Session, cls: type[Synced], row_id: uuid.UUID) -> dict[str, Any]:
    """The form values of one record."""
    row = session.get(cls, row_id)
    if row is None:
        raise LookupError("Bản ghi không còn trong dữ liệu (có thể đã bị xóa hẳn)")
    return {field.key: display(field, getattr(row, field.key)) for field in FORMS[cls]}


def save(
    session: Session, cls: type[Synced], row_id: uuid.UUID | None, raw: Mapping[str, Any], province_code: str
) -> uuid.UUID:
    """Create (``row_id`` None) or update a record from form values; FieldError on the first bad field."""
    fields = FORMS[cls]
    values, errors = parse(fields, raw)
    if errors:
        key, message = next(iter(errors.items()))
        raise FieldError(key, message)
    if row_id is None:
        row = cls()
        row.province_code = province_code
        for key, value in values.items():
            setattr(row, key, value)
        if isinstance(row, Proposal):
            lifecycle.create_proposal(session, row)
        else:
            session.add(row)
        session.flush()
        return row.id
    existing = session.get(cls, row_id)
    if existing is None:
        raise LookupError("Bản ghi không còn trong dữ liệu")
    if isinstance(existing, Proposal) and values.get("code") and values["code"] != existing.code:
        from desktop.services import proposal_codes

        proposal_codes.check_free(session, existing.province_code, str(values["code"]), existing.id)
    assign(existing, fields, values)
    return existing.id
