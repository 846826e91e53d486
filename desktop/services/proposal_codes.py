"""Proposal codes: "KCĐP-2026-00015" — the funding (KCQG national, KCĐP provincial), the plan year and a number.

A new proposal is offered the next free number of its province and year; the user may type another code, and
a code that another proposal of the province holds (even one deleted: it can be restored) is refused naming
the field, before the database's own uniqueness rule would refuse it without saying why.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core.text import clean
from desktop.core.validation import FieldError
from desktop.models.enums import FundingKind
from desktop.models.proposal import Proposal
from desktop.services.budget import NATIONAL_FUNDING

NATIONAL_PREFIX = "KCQG"
LOCAL_PREFIX = "KCĐP"
DIGITS = 5
FIRST_YEAR, LAST_YEAR = 2000, 2100  # a plan year outside these is being typed, not meant
_NUMBERED = re.compile(rf"^(?:{NATIONAL_PREFIX}|{LOCAL_PREFIX})-(\d{{4}})-(\d+)$")


def prefix(funding: FundingKind | None) -> str:
    """The code's first part: national funds or the province's own."""
    return NATIONAL_PREFIX if funding in NATIONAL_FUNDING else LOCAL_PREFIX


def next_number(session: Session, province_code: str, year: int) -> int:
    """One more than the highest number among the province's codes of ``year``. KCQG and KCĐP codes count
    alike, so changing a proposal's funding changes only the prefix of its code and never makes a clash."""
    codes = session.scalars(
        select(Proposal.code).where(Proposal.province_code == province_code, Proposal.code.like(f"%-{year}-%"))
    )
    highest = 0
    for code in codes:
        found = _NUMBERED.match(code)
        if found and int(found.group(1)) == year:
            highest = max(highest, int(found.group(2)))
    return highest + 1


def next_code(session: Session, province_code: str, year: int, funding: FundingKind | None) -> str:
    """The code offered to a new proposal of ``year``: "KCĐP-2026-00016"."""
    return f"{prefix(funding)}-{year}-{next_number(session, province_code, year):0{DIGITS}d}"


def _year(text: Any) -> int | None:
    digits = str(text or "").strip().replace(".", "")
    if not digits.isdigit():
        return None
    year = int(digits)
    return year if FIRST_YEAR <= year <= LAST_YEAR else None


def _funding(text: Any) -> FundingKind | None:
    try:
        return FundingKind(str(text or ""))
    except ValueError:
        return None


def suggested(session: Session, province_code: str, raw: Mapping[str, Any], today: date) -> dict[str, str]:
    """What a new proposal's form offers, given what it holds (``raw``, as typed): the plan year (this year
    when none is typed) and the next free code for that year and funding. No code while the year typed is not
    a year yet ("202" on the way to "2027")."""
    values: dict[str, str] = {}
    year = _year(raw.get("plan_year"))
    if not str(raw.get("plan_year") or "").strip():
        year = today.year
        values["plan_year"] = str(year)
    if year is not None:
        values["code"] = next_code(session, province_code, year, _funding(raw.get("funding")))
    return values


def check_free(
    session: Session,
    province_code: str,
    code: str,
    own_id: uuid.UUID | None = None,
    year: int | None = None,
    funding: FundingKind | None = None,
) -> None:
    """Refuse a code another proposal of the province holds (FieldError on "code"), naming that proposal and
    offering the next free code (of the year and prefix typed, else of ``year`` and ``funding``)."""
    code = clean(code)
    taken = select(Proposal).where(Proposal.province_code == province_code, Proposal.code == code)
    if own_id is not None:
        taken = taken.where(Proposal.id != own_id)
    with session.no_autoflush:  # the proposal being saved may wait unflushed in the session with this very code
        holder = session.scalars(taken).first()
        if holder is None:
            return
        numbered = _NUMBERED.match(code)
        if numbered is not None:
            start = code.split("-", 1)[0]
            number = next_number(session, province_code, int(numbered.group(1)))
            free = f"{start}-{numbered.group(1)}-{number:0{DIGITS}d}"
        else:
            free = next_code(session, province_code, year or holder.plan_year, funding)
    deleted = " (đã xóa, có thể khôi phục)" if holder.deleted_at is not None else ""
    raise FieldError(
        "code",
        f"Mã đề án “{code}” đã dùng cho đề án “{holder.title}”{deleted}: hãy nhập mã khác, ví dụ mã còn trống"
        f" tiếp theo {free}",
    )
