"""Checks of what people type or import: tax codes, CCCD numbers, phone numbers, required fields.

Each check returns the normalised value or raises :class:`FieldError` with a message in Vietnamese.
"""

from __future__ import annotations

import re
from datetime import date

from desktop.models.enums import Gender, LegalForm


class FieldError(ValueError):
    """A value that cannot be accepted; ``field`` names it for the form or the import report."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def required(value: str | None, field: str, label: str) -> str:
    """The stripped text, or an error naming the field."""
    text = (value or "").strip()
    if not text:
        raise FieldError(field, f"Chưa nhập {label}")
    return text


def normalize_tax_code(text: str, legal_form: LegalForm | None = None) -> str:
    """A Vietnamese tax code (mã số thuế), stored without separators.

    10 digits for an organisation (the 10th is a check digit), 13 for a branch (10 + 3). Since 01/07/2025 a
    household business uses its owner's 12-digit personal ID number as tax code (TT 86/2024/TT-BTC).
    """
    digits = re.sub(r"[\s.\-]", "", text)
    if legal_form is LegalForm.HO_KINH_DOANH and len(digits) == 12:
        return check_cccd(digits, field="tax_code")
    if not digits.isdigit() or len(digits) not in (10, 13):
        raise FieldError("tax_code", f"Mã số thuế “{text}” phải có 10 chữ số (hoặc 13 chữ số với chi nhánh)")
    # Imported here: python-stdnum loads its number formats on import, which start-up need not wait for.
    from stdnum.exceptions import ValidationError as StdnumError
    from stdnum.vn import mst

    try:
        return str(mst.validate(digits))
    except StdnumError:
        raise FieldError("tax_code", f"Mã số thuế “{text}” sai chữ số kiểm tra: kiểm tra lại từng chữ số") from None


def format_tax_code(code: str) -> str:
    """0314409058002 → "0314409058-002" as printed."""
    return f"{code[:10]}-{code[10:]}" if len(code) == 13 else code


# Codes of the 63 provinces before 07/2025 that start every CCCD number (TT 59/2021/TT-BCA, Phụ lục I).
CCCD_PROVINCE_CODES = frozenset(
    f"{n:03d}"
    for n in (
        1,
        2,
        4,
        6,
        8,
        10,
        11,
        12,
        14,
        15,
        17,
        19,
        20,
        22,
        24,
        25,
        26,
        27,
        30,
        31,
        33,
        34,
        35,
        36,
        37,
        38,
        40,
        42,
        44,
        45,
        46,
        48,
        49,
        51,
        52,
        54,
        56,
        58,
        60,
        62,
        64,
        66,
        67,
        68,
        70,
        72,
        74,
        75,
        77,
        79,
        80,
        82,
        83,
        84,
        86,
        87,
        89,
        91,
        92,
        93,
        94,
        95,
        96,
    )
)


def check_cccd(text: str, birth_date: date | None = None, gender: Gender | None = None, *, field: str = "cccd") -> str:
    """A 12-digit citizen ID (CCCD): province of birth registration, gender and century, year of birth.

    The 4th digit is 0/1 for a man/woman born in the 1900s, 2/3 in the 2000s, and so on; the 5th–6th are
    the last two digits of the year of birth (TT 59/2021/TT-BCA Điều 7). When the person's date of birth
    or gender is known, the number must agree with them.
    """
    digits = re.sub(r"[\s.]", "", text)
    if not digits.isdigit() or len(digits) != 12:
        raise FieldError(field, f"Số CCCD “{text}” phải có đúng 12 chữ số")
    if digits[:3] not in CCCD_PROVINCE_CODES:
        raise FieldError(
            field, f"Số CCCD “{text}”: 3 chữ số đầu ({digits[:3]}) không phải mã tỉnh nơi đăng ký khai sinh"
        )
    code = int(digits[3])
    century = 1900 + 100 * (code // 2)
    if birth_date is not None and century + int(digits[4:6]) != birth_date.year:
        raise FieldError(
            field, f"Số CCCD “{text}” không khớp năm sinh {birth_date.year}: kiểm tra lại số CCCD hoặc ngày sinh"
        )
    if gender is not None and (code % 2 == 1) != (gender is Gender.NU):
        raise FieldError(field, f"Số CCCD “{text}” không khớp giới tính {gender.label.lower()}")
    return digits


_MOBILE_PREFIXES = ("03", "05", "07", "08", "09")


def normalize_phone(text: str, field: str = "phone") -> str:
    """A Vietnamese phone number as 0xxxxxxxxx: 10-digit mobiles, 11-digit landlines (02…); +84 accepted."""
    digits = re.sub(r"[\s.\-()]", "", text)
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    valid = digits.isdigit() and (
        (len(digits) == 10 and digits.startswith(_MOBILE_PREFIXES)) or (len(digits) == 11 and digits.startswith("02"))
    )
    if not valid:
        raise FieldError(field, f"Số điện thoại “{text}” không hợp lệ (di động 10 số, cố định 11 số bắt đầu bằng 02)")
    return digits


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def normalize_email(text: str, field: str = "email") -> str:
    value = text.strip()
    if not _EMAIL.match(value):
        raise FieldError(field, f"Địa chỉ thư điện tử “{text}” không hợp lệ")
    return value.lower()
