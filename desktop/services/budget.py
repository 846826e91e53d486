"""Budget rules (Mẫu 01; TT 28/2018 Điều 8): totals, the support/counterpart/other split, and support caps."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Protocol

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from desktop.core.dates import format_date
from desktop.core.money import format_money, format_number, parse_money
from desktop.models.base import NATIONAL_SCOPE
from desktop.models.enums import CapUnit, FundingKind
from desktop.models.proposal import Proposal
from desktop.models.reference import SupportCap


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    """A problem found in a budget: ``line`` is the 1-based line position, or None for the whole budget."""

    severity: Severity
    message: str
    line: int | None = None


class LineLike(Protocol):
    """A budget line as the rules see it: a stored BudgetLine or a line being edited on screen."""

    @property
    def position(self) -> int: ...
    @property
    def item(self) -> str: ...
    @property
    def quantity(self) -> Decimal: ...
    @property
    def unit_price(self) -> int: ...
    @property
    def amount(self) -> int: ...
    @property
    def support_amount(self) -> int: ...
    @property
    def counterpart_amount(self) -> int: ...
    @property
    def other_amount(self) -> int: ...
    @property
    def beneficiary_facility_id(self) -> uuid.UUID | None: ...
    @property
    def deleted_at(self) -> object: ...


@dataclass(frozen=True)
class Totals:
    amount: int = 0
    support: int = 0
    counterpart: int = 0
    other: int = 0

    @property
    def support_percent(self) -> Decimal:
        if not self.amount:
            return Decimal(0)
        return (Decimal(self.support) * 100 / self.amount).quantize(Decimal("0.01"), ROUND_HALF_UP)


def line_amount(quantity: Decimal, unit_price: int) -> int:
    """quantity × unit price, rounded to whole đồng."""
    return int((quantity * unit_price).to_integral_value(ROUND_HALF_UP))


def totals(lines: Iterable[LineLike]) -> Totals:
    """The budget's totals over lines not deleted."""
    amount = support = counterpart = other = 0
    for line in lines:
        if line.deleted_at is not None:
            continue
        amount += line.amount
        support += line.support_amount
        counterpart += line.counterpart_amount
        other += line.other_amount
    return Totals(amount, support, counterpart, other)


def parse_line_money(text: str) -> int:
    """A sum typed into a budget line ("" is 0): :class:`ValueError` for one that is not money or is negative,
    as :func:`negative_figures` would refuse the line."""
    amount = parse_money(text or "0")
    if amount < 0:
        raise ValueError("Số tiền không được âm")
    return amount


def negative_figures(line: LineLike) -> str:
    """Why a line with a negative quantity or sum cannot stand ("" when it has none): the one check of a line
    that holds whatever the rest of the budget is (the server applies it to every line a push writes)."""
    figures = (
        line.quantity,
        line.unit_price,
        line.amount,
        line.support_amount,
        line.counterpart_amount,
        line.other_amount,
    )
    if any(v < 0 for v in figures):
        return f"Dòng {line.position} “{line.item}”: số lượng và số tiền không được âm"
    return ""


def check_lines(lines: Iterable[LineLike]) -> list[Finding]:
    """Per line: no negative figures, amount = quantity × unit price, support + counterpart + other = amount."""
    findings: list[Finding] = []
    for line in lines:
        if line.deleted_at is not None:
            continue
        n = line.position
        negative = negative_figures(line)
        if negative:
            findings.append(Finding(Severity.ERROR, negative, n))
            continue
        expected = line_amount(line.quantity, line.unit_price)
        if line.amount != expected:
            findings.append(
                Finding(
                    Severity.ERROR,
                    f"Dòng {n} “{line.item}”: thành tiền {format_money(line.amount)} đ khác số lượng × đơn giá"
                    f" = {format_money(expected)} đ",
                    n,
                )
            )
        split = line.support_amount + line.counterpart_amount + line.other_amount
        if split != line.amount:
            findings.append(
                Finding(
                    Severity.ERROR,
                    f"Dòng {n} “{line.item}”: kinh phí khuyến công + đối ứng + nguồn khác = {format_money(split)} đ,"
                    f" không bằng thành tiền {format_money(line.amount)} đ",
                    n,
                )
            )
    return findings


NATIONAL_FUNDING = frozenset({FundingKind.KCQG_DIEM, FundingKind.KCQG_NHOM, FundingKind.KCQG_DOI_TUONG})
"""Proposals funded by the national budget: the national caps only (TTLT 26/2014 Điều 6 khoản 2; TT 28/2018
Điều 8). A province's own caps are for its KCĐP proposals (TTLT 26/2014 Điều 6 khoản 3)."""


def cap_in_force(
    session: Session, province_code: str, activity_type_code: str, on: date, funding: FundingKind | None = None
) -> SupportCap | None:
    """The support cap for an activity on a date: for a KCĐP proposal (or when ``funding`` is not given) the
    province's own row if it has one, else the national one; for a KCQG proposal the national one only."""
    scopes = (NATIONAL_SCOPE,) if funding in NATIONAL_FUNDING else (province_code, NATIONAL_SCOPE)
    stmt = (
        select(SupportCap)
        .where(
            SupportCap.activity_type_code == activity_type_code,
            SupportCap.province_code.in_(scopes),
            SupportCap.deleted_at.is_(None),
            SupportCap.valid_from <= on,
            or_(SupportCap.valid_to.is_(None), SupportCap.valid_to >= on),
        )
        .order_by(SupportCap.valid_from.desc())
    )
    caps = list(session.scalars(stmt))
    own = [c for c in caps if c.province_code == province_code]
    if own:
        return own[0]
    return caps[0] if caps else None


def sets_no_cap(cap: SupportCap) -> bool:
    """The row records that its text sets neither a rate nor an amount for the activity."""
    return cap.rate_percent is None and cap.cap_amount is None


def describe_cap(cap: SupportCap) -> str:
    """ "tối đa 50% chi phí và không quá 300.000.000 đ/cơ sở (Thông tư 28/2018/TT-BTC, Điều 8 khoản 4)"."""
    if sets_no_cap(cap):
        return f"không quy định mức hỗ trợ tối đa ({cap.legal_basis})"
    parts = []
    if cap.rate_percent is not None:
        parts.append(f"tối đa {format_number(cap.rate_percent)}% chi phí")
    if cap.cap_amount is not None:
        parts.append(f"không quá {format_money(cap.cap_amount)} đ/{cap.unit.label}")
    return " và ".join(parts) + f" ({cap.legal_basis})"


def cap_status(cap: SupportCap | None, on: date | None = None) -> str:
    """What the budget is held to, in one sentence for the budget editor: the cap, the law's silence, or the
    program's lack of a row for that day (never confused with each other)."""
    if cap is None:
        day = f" áp dụng ngày {format_date(on)}" if on is not None else ""
        return f"Chưa có mức hỗ trợ tối đa của hoạt động này{day} trong dữ liệu: dự toán chưa được so với mức hỗ trợ."
    if sets_no_cap(cap):
        return f"Văn bản không quy định mức hỗ trợ tối đa cho hoạt động này ({cap.legal_basis})."
    scope = "Mức hỗ trợ của tỉnh" if cap.province_code != NATIONAL_SCOPE else "Mức hỗ trợ áp dụng"
    return f"{scope}: {describe_cap(cap)}"


def verdict(findings: Iterable[Finding], cap: SupportCap | None) -> str:
    """The all-clear line when there are no findings: "within the cap" only when there is a cap to be within."""
    if any(True for _ in findings):
        return ""
    if cap is None:
        return "Dự toán khớp số liệu; chưa so được với mức hỗ trợ tối đa."
    if sets_no_cap(cap):
        return "Dự toán khớp số liệu (hoạt động không có mức hỗ trợ tối đa)."
    return "Dự toán khớp số liệu và trong mức hỗ trợ."


def cap_date(proposal: Proposal, today: date) -> date:
    """The date whose caps apply: an approved proposal keeps the rules of its approval date."""
    return proposal.approved_on or today


def exact_share(support: int, amount: int) -> Fraction:
    """Support as a percentage of the cost, exactly (no rounding): 30,004 % is over a 30 % cap."""
    return Fraction(support * 100, amount) if amount else Fraction(0)


def format_share(share: Fraction, limit: Fraction) -> str:
    """A share with as many decimals as it takes not to look equal to ``limit`` when it is not (2 to 6)."""
    value = Decimal(share.numerator) / Decimal(share.denominator)
    rounded = value
    for places in range(2, 7):
        rounded = value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
        if share == limit or ((Fraction(rounded) > limit) == (share > limit) and Fraction(rounded) != limit):
            break
    return format_number(rounded)


def share_text(t: Totals, cap: SupportCap | None) -> str:
    """The support share of the totals as the editor shows it: precise enough never to look equal to the cap's
    rate when it is not (30,004 % beside a 30 % cap), two decimals otherwise."""
    share = exact_share(t.support, t.amount)
    limit = Fraction(cap.rate_percent) if cap is not None and cap.rate_percent is not None else Fraction(100)
    return format_share(share, limit)


def _check_share(scope: str, t: Totals, cap: SupportCap, factor: Decimal) -> list[Finding]:
    findings: list[Finding] = []
    limit_note = f" (đã tính hệ số ưu tiên {format_number(factor)})" if factor != 1 else ""
    if cap.rate_percent is not None and t.amount:
        max_rate = min(Fraction(cap.rate_percent) * Fraction(factor), Fraction(100))
        share = exact_share(t.support, t.amount)
        if share > max_rate:
            findings.append(
                Finding(
                    Severity.WARNING,
                    f"{scope}: kinh phí khuyến công {format_money(t.support)} đ bằng"
                    f" {format_share(share, max_rate)}% chi phí, vượt mức {describe_cap(cap)}{limit_note}",
                )
            )
    if cap.cap_amount is not None and t.support > Fraction(cap.cap_amount) * Fraction(factor):
        findings.append(
            Finding(
                Severity.WARNING,
                f"{scope}: kinh phí khuyến công {format_money(t.support)} đ vượt mức {describe_cap(cap)}{limit_note}",
            )
        )
    return findings


def check_budget(session: Session, proposal: Proposal, today: date, *, priority: bool = False) -> list[Finding]:
    """Every finding on a proposal's budget: line errors, then cap warnings naming the cap and its legal basis.

    ``priority`` allows the cap's priority factor (priority areas and sectors).
    """
    cap = cap_in_force(
        session, proposal.province_code, proposal.activity_type_code, cap_date(proposal, today), proposal.funding
    )
    names = {b.facility_id: b.facility.name for b in proposal.beneficiaries if b.deleted_at is None}
    return check_with_cap(proposal.budget_lines, cap, names, priority=priority)


def check_with_cap(
    lines: Iterable[LineLike],
    cap: SupportCap | None,
    beneficiary_names: dict[uuid.UUID, str],
    *,
    priority: bool = False,
) -> list[Finding]:
    """Line errors, then cap warnings; works on lines being edited, so the editor can warn as the user types.

    Caps counted per facility apply to each beneficiary's lines; other units apply to the whole proposal.
    """
    alive = [line for line in lines if line.deleted_at is None]
    findings = check_lines(alive)
    if not alive:
        findings.append(Finding(Severity.WARNING, "Đề án chưa có dòng dự toán kinh phí nào"))
        return findings
    if cap is None:
        return findings
    factor = cap.priority_factor if priority else Decimal(1)
    if cap.unit in (CapUnit.CO_SO, CapUnit.DOANH_NGHIEP):
        by_facility: dict[uuid.UUID | None, list[LineLike]] = defaultdict(list)
        for line in alive:
            by_facility[line.beneficiary_facility_id].append(line)
        for facility_id, facility_lines in by_facility.items():
            name = beneficiary_names.get(facility_id) if facility_id is not None else None
            scope = f"Cơ sở “{name}”" if name else "Đề án"
            findings += _check_share(scope, totals(facility_lines), cap, factor)
    else:
        findings += _check_share("Đề án", totals(alive), cap, factor)
    return findings
