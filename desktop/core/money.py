"""Money: integer đồng, shown as 1.234.567 and read out in words as on official forms."""

from __future__ import annotations

from decimal import Decimal

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_BILLION = 1_000_000_000
MAX_AMOUNT = 10**18 - 1


def format_money(amount: int) -> str:
    """1234567 → "1.234.567" (Vietnamese thousands separator)."""
    return f"{amount:,}".replace(",", ".")


def format_number(value: Decimal | float | int) -> str:
    """A count or percentage with "," as decimal mark: 12,5."""
    text = f"{Decimal(str(value)).normalize():f}"
    return text.replace(".", ",")


def format_size(size: int) -> str:
    """A file or download size in megabytes, one decimal: 12,3 MB."""
    return f"{size / 1e6:.1f} MB".replace(".", ",")


def parse_money(text: str) -> int:
    """Read an amount typed or imported as "1.234.567", "1 234 567", "1,234,567 đ" or "1234567".

    Raises ValueError (in Vietnamese) when the text is not a whole number of đồng.
    """
    cleaned = text.strip().lower().removesuffix("đồng").removesuffix("đ").removesuffix("vnd").strip()
    negative = cleaned.startswith("-")
    digits = cleaned.lstrip("-").replace(".", "").replace(",", "").replace(" ", "").replace("\u00a0", "")
    if not digits.isdigit():
        raise ValueError(f"“{text}” không phải là số tiền hợp lệ (ví dụ: 1.234.567)")
    value = int(digits)
    return -value if negative else value


def _read_triple(n: int, full: bool, zero_tens: str) -> list[str]:
    """Words of 0 < n < 1000; ``full`` reads leading zeros ("không trăm linh năm") inside a number."""
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    words: list[str] = []
    if hundreds or full:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if words:
                words.append(zero_tens)
            words.append(_DIGITS[units])
        return words
    if tens == 1:
        words.append("mười")
    else:
        words += [_DIGITS[tens], "mươi"]
    if units == 1 and tens > 1:
        words.append("mốt")
    elif units == 4 and tens > 1:
        words.append("tư")
    elif units == 5:
        words.append("lăm")
    elif units:
        words.append(_DIGITS[units])
    return words


def _read_below_billion(n: int, leading: bool, zero_tens: str) -> list[str]:
    words: list[str] = []
    for scale, name in ((1_000_000, "triệu"), (1_000, "nghìn"), (1, "")):
        group = n // scale % 1000
        if group:
            words += _read_triple(group, full=not leading, zero_tens=zero_tens)
            if name:
                words.append(name)
            leading = False
    return words


def _read(n: int, leading: bool, zero_tens: str) -> list[str]:
    # Vietnamese counts past a billion in billions: 5.000.000.000.000 is "năm nghìn tỷ".
    upper, lower = divmod(n, _BILLION)
    words: list[str] = []
    if upper:
        words += [*_read(upper, leading, zero_tens), "tỷ"]
        leading = False
    if lower:
        words += _read_below_billion(lower, leading, zero_tens)
    return words


def amount_in_words(amount: int, *, zero_tens: str = "linh") -> str:
    """The Vietnamese reading of ``amount`` đồng as printed on forms.

    1200000 → "Một triệu hai trăm nghìn đồng"; 1234567 → "Một triệu hai trăm ba mươi tư nghìn năm trăm
    sáu mươi bảy đồng"; 1000005 → "Một triệu không trăm linh năm đồng". ``zero_tens`` may be "lẻ".
    """
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise TypeError("amount_in_words expects an integer number of đồng")
    if abs(amount) > MAX_AMOUNT:
        raise ValueError("Số tiền quá lớn để đọc thành chữ")
    if amount == 0:
        return "Không đồng"
    words = _read(abs(amount), leading=True, zero_tens=zero_tens)
    text = " ".join(words) + " đồng"
    if amount < 0:
        text = "âm " + text
    return text[0].upper() + text[1:]


def parse_quantity(text: str) -> Decimal:
    """Read a quantity: "1,5" (Vietnamese decimal comma), "1.500" (thousands), "2.5" (a decimal point typed
    on an English keyboard: anything but exactly three digits after a dot). At most 3 decimals, not negative."""
    cleaned = text.strip().replace(" ", "").replace("\u00a0", "")
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    elif "." in cleaned and len(cleaned.rsplit(".", 1)[1]) == 3:
        cleaned = cleaned.replace(".", "")
    try:
        value = Decimal(cleaned)
    except ArithmeticError:
        raise ValueError(f"“{text}” không phải là số lượng hợp lệ (ví dụ: 2 hoặc 1,5)") from None
    if not value.is_finite() or value < 0:
        raise ValueError(f"“{text}” không phải là số lượng hợp lệ (ví dụ: 2 hoặc 1,5)")
    if value != value.quantize(Decimal("0.001")):
        raise ValueError("Số lượng chỉ được có tối đa 3 chữ số thập phân")
    return value
