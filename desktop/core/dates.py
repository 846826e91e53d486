"""Dates as people read them: dd/mm/yyyy on screen, "ngày 05 tháng 3 năm 2026" on documents."""

from __future__ import annotations

from datetime import date, datetime


def format_date(d: date | None) -> str:
    """05/03/2026; empty for no date."""
    return "" if d is None else d.strftime("%d/%m/%Y")


def parse_date(text: str) -> date:
    """Read dd/mm/yyyy (also d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy and ISO yyyy-mm-dd)."""
    cleaned = text.strip().replace("-", "/").replace(".", "/")
    parts = cleaned.split("/")
    try:
        if len(parts) == 3 and len(parts[0]) == 4:
            return date(int(parts[0]), int(parts[1]), int(parts[2]))
        if len(parts) == 3 and len(parts[2]) == 4:
            return date(int(parts[2]), int(parts[1]), int(parts[0]))
    except ValueError:
        pass
    raise ValueError(f"“{text}” không phải là ngày hợp lệ (nhập theo dạng ngày/tháng/năm, ví dụ 05/03/2026)")


def document_date(d: date, place: str = "") -> str:
    """The date line of an official document (NĐ 30/2020 Phụ lục I).

    Days below 10 and months 1–2 take a leading zero: "Đắk Lắk, ngày 05 tháng 02 năm 2026".
    """
    month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    text = f"ngày {d.day:02d} tháng {month} năm {d.year}"
    return f"{place}, {text}" if place else text[0].upper() + text[1:]


def blank_document_date(place: str = "") -> str:
    """The date line of a sheet filled in by hand: dotted blanks for the day, month and year."""
    text = "ngày ….. tháng ….. năm ……."
    return f"{place}, {text}" if place else text[0].upper() + text[1:]


def format_datetime_local(dt: datetime) -> str:
    """A stored UTC timestamp in the machine's local time: 05/03/2026 14:30."""
    return dt.astimezone().strftime("%d/%m/%Y %H:%M")
