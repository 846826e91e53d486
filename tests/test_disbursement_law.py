"""The disbursement indicator counts money paid out for good — the settled amount after acceptance and
settlement (TT 36/2013 Điều 18–19) — not advances, which stay shown on their own."""

from __future__ import annotations

from datetime import date

import pytest
from pytestqt.qtbot import QtBot

from desktop.models import Advance, Proposal, Settlement
from desktop.models.enums import FundingKind, ProposalStatus
from desktop.services.dashboard import overview
from desktop.store.db import Database
from desktop.ui.context import AppContext
from desktop.ui.dashboard_page import DashboardPage
from tests.conftest import commune, make_facility
from tests.qt_fixtures import wait_idle

M = 1_000_000


def _proposal(province: str, code: str, status: ProposalStatus, support: int) -> Proposal:
    return Proposal(
        code=code,
        title="Hỗ trợ máy móc",
        plan_year=2026,
        funding=FundingKind.KCDP,
        activity_type_code="may_moc_thiet_bi",
        province_code=province,
        status=status,
        approved_support=support,
    )


def _fill(database: Database) -> None:
    """Three funded proposals of 100 million: one advanced 70 only, one accepted and settled at 90 after
    advances of 100, one whose first settlement was recorded again (the later one counts)."""
    with database.transaction() as session:
        make_facility(session, commune(session, "48", "xa"))
        running = _proposal("48", "DA-1", ProposalStatus.IN_PROGRESS, 100 * M)
        running.advances.append(Advance(paid_on=date(2026, 8, 1), amount=70 * M, province_code="48"))
        settled = _proposal("48", "DA-2", ProposalStatus.LIQUIDATED, 100 * M)
        settled.advances.append(Advance(paid_on=date(2026, 8, 1), amount=70 * M, province_code="48"))
        settled.advances.append(Advance(paid_on=date(2026, 10, 5), amount=30 * M, province_code="48"))
        settled.settlements.append(
            Settlement(settled_on=date(2026, 11, 1), settled_amount=90 * M, refund_amount=10 * M, province_code="48")
        )
        again = _proposal("48", "DA-3", ProposalStatus.SETTLED, 100 * M)
        again.settlements.append(
            Settlement(settled_on=date(2026, 11, 2), settled_amount=40 * M, refund_amount=0, province_code="48")
        )
        again.settlements.append(
            Settlement(settled_on=date(2026, 11, 9), settled_amount=50 * M, refund_amount=0, province_code="48")
        )
        session.add_all([running, settled, again])


def test_tt_36_2013_dieu_18_disbursement_is_what_was_settled_not_what_was_advanced(database: Database) -> None:
    """TT 36/2013 Điều 18–19: paid for good is the settled amount; 70 million advanced to a proposal still
    under way is advanced, not disbursed; none settled is 0 %."""
    with database.transaction() as session:
        session.add(_proposal("48", "DA-0", ProposalStatus.CONTRACTED, 100 * M))
    with database.session() as session:
        assert overview(session, 2026).disbursement_percent == 0.0  # zero: nothing settled
    _fill(database)
    with database.session() as session:
        data = overview(session, 2026)
    assert data.approved_support == 400 * M
    assert data.advanced == 170 * M  # still shown on its own
    assert data.disbursed == 140 * M  # 90 settled + 50 (the later settlement of DA-3)
    assert data.disbursement_percent == pytest.approx(35.0)


def test_tt_36_2013_dieu_18_the_provinces_table_counts_settlements_too(database: Database) -> None:
    """TT 36/2013 Điều 18–19: the ministry's table per province reads the same settled figure."""
    _fill(database)
    with database.transaction() as session:
        make_facility(session, commune(session, "66", "xa"))
        advanced_only = _proposal("66", "DA-66", ProposalStatus.IN_PROGRESS, 100 * M)
        advanced_only.advances.append(Advance(paid_on=date(2026, 8, 1), amount=70 * M, province_code="66"))
        session.add(advanced_only)
    with database.session() as session:
        lines = {p.name: p for p in overview(session, 2026).by_province}
    assert (lines["Thành phố Đà Nẵng"].disbursed, lines["Thành phố Đà Nẵng"].advanced) == (140 * M, 170 * M)
    assert lines["Đắk Lắk"].disbursement_percent == 0.0 and lines["Đắk Lắk"].advanced == 70 * M


@pytest.mark.usefixtures("qapp")
def test_tt_36_2013_dieu_18_the_dashboard_shows_advanced_and_disbursed_apart(qtbot: QtBot, ctx: AppContext) -> None:
    """TT 36/2013 Điều 18–19: on the Tổng quan page the advanced and the disbursed figures are two cards, and
    the rate is the disbursed one."""
    _fill(ctx.runner.database)
    page = DashboardPage(ctx)
    qtbot.addWidget(page)
    page.year.setCurrentIndex(page.year.findData(2026))
    page.show()
    page.activate()
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: page.values["disbursed"].text() == "140.000.000", timeout=5_000)
    assert page.values["advanced"].text() == "170.000.000"
    assert page.values["rate"].text() == "46,7 %"  # 140 of the 300 approved
