"""The facilities a proposal's beneficiary is chosen from, each with its eligibility verdict of the day.

Nothing is hidden: a facility that cannot be supported is listed with why (NĐ 45/2012 Điều 1 khoản 2 as
amended by NĐ 235/2025; SME size by NĐ 80/2021 Điều 5), and approval later asks the director to say why it
is supported anyway (services.proposal_actions).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from desktop.models import Commune, Facility, Product
from desktop.services.eligibility import check_facility
from desktop.services.listing import FACILITIES, Column, Listing, ListQuery, Row


@dataclass(frozen=True)
class Verdict:
    """A listed verdict: shown by ``label``, explained in ``tooltip``; ``warning`` marks the row."""

    label: str
    tooltip: str
    warning: bool

    def __str__(self) -> str:
        return self.label


class EligibilityListing(Listing):
    """FACILITIES with one more column, "Điều kiện hỗ trợ", worked out for the rows of each page."""

    on: date | None = None  # the day of the check (None: today)

    def page(self, session: Session, query: ListQuery, after: tuple[Any, Any] | None, limit: int) -> list[Row]:
        rows = super().page(session, query, after, limit)
        verdicts = verdicts_for(session, [r.id for r in rows], self.on or date.today())
        return [Row(r.id, (*r.values, verdicts.get(r.id)), r.key) for r in rows]


def verdicts_for(session: Session, ids: list[Any], on: date) -> dict[Any, Verdict]:
    """The verdict on each facility of ``ids`` on ``on``, read in a few queries for a page of rows."""
    if not ids:
        return {}
    facilities = session.scalars(
        select(Facility)
        .where(Facility.id.in_(ids))
        .options(
            selectinload(Facility.years),
            selectinload(Facility.commune).selectinload(Commune.province),
            selectinload(Facility.craft_village),
            selectinload(Facility.products).selectinload(Product.certificates),
        )
    ).all()
    found: dict[Any, Verdict] = {}
    for facility in facilities:
        verdict = check_facility(facility, on)
        failures = verdict.failures
        label = "✓ Đủ điều kiện" if verdict.eligible else "✗ " + (failures[0] if failures else verdict.summary)
        tooltip = "\n".join(("✓ " if f.ok else "✗ " if f.ok is False else "• ") + f.text for f in verdict.findings)
        found[facility.id] = Verdict(label, f"{verdict.summary}\n\n{tooltip}", not verdict.eligible)
    return found


BENEFICIARY_CHOICES = EligibilityListing(
    table=FACILITIES.table,
    columns=(*FACILITIES.columns, Column("eligibility", sortable=False)),
    expressions=FACILITIES.expressions,
    default_sort=FACILITIES.default_sort,
    joins=FACILITIES.joins,
    sort_expressions=FACILITIES.sort_expressions,
    filters=FACILITIES.filters,
)
