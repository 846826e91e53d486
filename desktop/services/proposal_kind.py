"""Which kind a proposal may be: a "đề án khuyến công quốc gia điểm" only as TT 36/2013/TT-BCT Điều 2 khoản 3
defines it — two activity contents or more, large in scale, carried out over more than one year, its contents
linked towards one or more objectives of khuyến công.

What the program's data can show is checked (the period); what it cannot measure (the scale, the link between
contents, and the number of contents while a proposal records one activity type) is asked of the user, and
checked when the user states it.
"""

from __future__ import annotations

import calendar
from datetime import date

from desktop.core.dates import format_date
from desktop.models.enums import FundingKind
from desktop.models.proposal import Proposal

DIEM_BASIS = "Thông tư 36/2013/TT-BCT, Điều 2 khoản 3"
DIEM = FundingKind.KCQG_DIEM


def one_year_after(start: date) -> date:
    """The same day a year later (29/02 → 28/02): a period ending on it lasts more than one year."""
    year = start.year + 1
    return date(year, start.month, min(start.day, calendar.monthrange(year, start.month)[1]))


def lasts_more_than_a_year(start: date, end: date) -> bool:
    """From ``start`` to ``end`` counting both days, more than one year: 01/07/2026–30/06/2027 is one year
    exactly (not more), 01/07/2026–01/07/2027 is more."""
    return end >= one_year_after(start)


def diem_problems(
    funding: FundingKind | None, start: date | None, end: date | None, contents: int | None = None
) -> list[str]:
    """Why a proposal of kind ``funding`` cannot be a KCQG điểm (Vietnamese, naming what is missing); empty
    when it can or is of another kind. ``contents``: how many activity contents the user says it has (None:
    not stated; then only the period is checked)."""
    if funding is not DIEM:
        return []
    problems: list[str] = []
    if start is None or end is None:
        missing = " và ".join(w for w, d in (("ngày bắt đầu", start), ("ngày kết thúc", end)) if d is None)
        problems.append(f"thời gian thực hiện phải nhiều hơn một năm: chưa có {missing}")
    elif not lasts_more_than_a_year(start, end):
        problems.append(
            f"thời gian thực hiện phải nhiều hơn một năm: từ {format_date(start)} đến {format_date(end)} chưa quá"
            f" một năm (phải kết thúc từ ngày {format_date(one_year_after(start))} trở đi)"
        )
    if contents is not None and contents < 2:
        problems.append(f"phải có từ hai nội dung hoạt động trở lên (mới có {contents})")
    if not problems:
        return []
    return [f"Không là đề án khuyến công quốc gia điểm ({DIEM_BASIS}): " + "; ".join(problems)]


def diem_reminder(funding: FundingKind | None) -> str:
    """What the user confirms by choosing the kind, since the program cannot measure it."""
    if funding is not DIEM:
        return ""
    return (
        f"Đề án khuyến công quốc gia điểm ({DIEM_BASIS}) phải có từ hai nội dung hoạt động trở lên, liên kết"
        " với nhau nhằm một hoặc một số mục tiêu của hoạt động khuyến công, có quy mô lớn và thời gian thực"
        " hiện nhiều hơn một năm: ghi rõ các nội dung trong phần “Nội dung và tiến độ”."
    )


def proposal_problems(proposal: Proposal) -> list[str]:
    """:func:`diem_problems` of a stored proposal (its period)."""
    return diem_problems(proposal.funding, proposal.start_date, proposal.end_date)
