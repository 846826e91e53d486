"""What people type: tax codes, CCCD numbers, phones."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.core.validation import (
    FieldError,
    check_cccd,
    format_tax_code,
    normalize_email,
    normalize_phone,
    normalize_tax_code,
    required,
)
from desktop.models.enums import Gender, LegalForm


def test_tax_codes_of_organisations_and_branches() -> None:
    assert normalize_tax_code("0100233488") == "0100233488"
    assert normalize_tax_code("0314409058-002") == "0314409058002"
    assert format_tax_code("0314409058002") == "0314409058-002"
    assert normalize_tax_code("01.00.233.488") == "0100233488"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0100233489", "sai chữ số kiểm tra"),
        ("12345", "10 chữ số"),
        ("01002334880", "10 chữ số"),
        ("010023348A", "10 chữ số"),
    ],
)
def test_bad_tax_codes_are_refused_with_a_reason(text: str, message: str) -> None:
    with pytest.raises(FieldError, match=message) as caught:
        normalize_tax_code(text)
    assert caught.value.field == "tax_code"


def test_household_business_may_use_its_owners_personal_number() -> None:
    assert normalize_tax_code("066190012345", LegalForm.HO_KINH_DOANH) == "066190012345"
    with pytest.raises(FieldError):
        normalize_tax_code("066190012345", LegalForm.DOANH_NGHIEP)


def test_cccd_structure_birth_year_and_gender() -> None:
    # 066 (Đắk Lắk), 1 = woman born in the 1900s, 90 = 1990
    assert check_cccd("066 190 012 345", date(1990, 4, 2), Gender.NU) == "066190012345"
    # 2 = man born in the 2000s
    assert check_cccd("001203000111", date(2003, 1, 1), Gender.NAM) == "001203000111"
    with pytest.raises(FieldError, match="năm sinh 1991"):
        check_cccd("066190012345", date(1991, 4, 2))
    with pytest.raises(FieldError, match="giới tính nam"):
        check_cccd("066190012345", gender=Gender.NAM)
    with pytest.raises(FieldError, match="mã tỉnh"):
        check_cccd("099190012345")
    with pytest.raises(FieldError, match="12 chữ số"):
        check_cccd("12345678901")


@pytest.mark.parametrize(
    ("text", "normalised"),
    [("0912 345 678", "0912345678"), ("+84 912.345.678", "0912345678"), ("0262 3856 789", "02623856789")],
)
def test_phone_numbers(text: str, normalised: str) -> None:
    assert normalize_phone(text) == normalised


@pytest.mark.parametrize("text", ["0123456789", "09123", "abc", "0612345678"])
def test_bad_phone_numbers(text: str) -> None:
    with pytest.raises(FieldError, match="Số điện thoại"):
        normalize_phone(text)


def test_required_and_email() -> None:
    with pytest.raises(FieldError, match="Chưa nhập tên cơ sở"):
        required("   ", "name", "tên cơ sở")
    assert normalize_email(" An@Example.VN ") == "an@example.vn"
    with pytest.raises(FieldError):
        normalize_email("an@")
