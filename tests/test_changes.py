"""What a write changed is what the session wrote (store.changes), and the lists refresh from that alone."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from desktop.models import BudgetLine, Commune, Proposal
from desktop.services.listing import COURSES, FACILITIES, PROPOSALS
from desktop.store import changes
from desktop.store.db import Database
from desktop.ui.context import AppContext
from desktop.ui.main_window import MainWindow
from tests.conftest import commune, make_facility
from tests.qt_fixtures import settled


def test_a_write_names_the_tables_it_wrote_and_nothing_else(db_path: Path) -> None:
    database = Database(db_path)
    with database.transaction("can-bo") as session:
        assert changes.of(session) == changes.Changes()
        make_facility(session, commune(session, "48", "xa"), name="Cơ sở A")
        session.flush()
        written = changes.of(session)
    assert {"facility", "audit_entry", "sync_outbox"} <= written.tables
    assert "proposal" not in written.tables
    assert written.touches({"facility"}) and not written.touches({"proposal", "trainee"})
    with database.transaction() as session:
        session.execute(update(Commune).where(Commune.code == "00000").values(name="x"))  # a bulk statement
        assert "commune" in changes.of(session).tables
    with database.session() as session:
        session.scalars(select(Commune)).first()
        assert changes.of(session).tables == frozenset()  # a read changes nothing
    database.close()


def test_a_sync_touches_every_list() -> None:
    assert changes.EVERYTHING.touches({"facility"}) and changes.EVERYTHING.touches(())
    assert not changes.Changes().touches({"facility"})


def test_a_list_reads_its_joins_counts_and_sums() -> None:
    assert FACILITIES.reads == {"facility", "commune"}
    assert PROPOSALS.reads == {"proposal", "activity_type", "budget_line"}  # its total sums the budget lines
    assert COURSES.reads == {"training_course", "enrolment"}  # its count of trainees


@pytest.mark.usefixtures("qapp")
def test_a_budget_line_written_alone_refreshes_the_proposal_list_total(
    qtbot: QtBot, demo_ctx: AppContext, errors: list[str]
) -> None:
    """A write that touches only ``budget_line`` still changes the Đề án list's total column: the list must
    refresh without anyone having declared that it reads that table."""
    window = MainWindow(demo_ctx, "de-an")
    qtbot.addWidget(window)
    window.show()
    settled(qtbot, demo_ctx)
    page = window.proposals
    column = [c.key for c in PROPOSALS.columns].index("total")
    before = page.model.index(0, column).data()
    code = page.model.index(0, 0).data()

    def add_line(session: Session) -> None:
        proposal = session.scalars(select(Proposal).where(Proposal.code == code)).one()
        last = max((line.position for line in proposal.budget_lines), default=0)
        session.add(
            BudgetLine(
                proposal_id=proposal.id,
                province_code=proposal.province_code,
                position=last + 1,
                item="Thêm một dòng",
                quantity=Decimal(1),
                unit_price=1_000_000,
                amount=1_000_000,
                support_amount=0,
                counterpart_amount=1_000_000,
                other_amount=0,
            )
        )

    demo_ctx.runner.write("Thêm dòng dự toán", add_line)
    settled(qtbot, demo_ctx)
    assert errors == []
    qtbot.waitUntil(lambda: page.model.index(0, column).data() != before, timeout=5000)
    assert page.model.index(0, 0).data() == code  # the same proposal, its total now 1.000.000 đ more
    window.close()


@pytest.mark.usefixtures("qapp")
def test_a_record_saved_far_down_the_list_keeps_its_place(
    qtbot: QtBot, demo_ctx: AppContext, errors: list[str]
) -> None:
    """The list read again after a save keeps the rows the user had scrolled to, the same rows in view and the
    record selected (it fell back to its first 200 rows, the selection gone and the view jumped)."""
    window = MainWindow(demo_ctx, "co-so")
    qtbot.addWidget(window)
    window.resize(1200, 700)
    window.show()
    settled(qtbot, demo_ctx)
    page = window.facilities
    while page.model.rowCount() < 400:  # scrolled down as a person does: each end of the list reads a page more
        page.table.scrollToBottom()
        settled(qtbot, demo_ctx)
    page.table.selectRow(320)
    page.table.scrollTo(page.model.index(320, 0))
    chosen, top = page.selected_id(), page.model.row_id(page.table.rowAt(0))
    loaded = page.model.rowCount()

    def edit(session: Session) -> None:
        from desktop.models import Facility

        found = session.get(Facility, chosen)
        assert found is not None
        found.phone = "0905123456"

    demo_ctx.runner.write("Sửa cơ sở", edit)
    settled(qtbot, demo_ctx)
    assert errors == []
    assert page.model.rowCount() == loaded
    assert page.selected_id() == chosen
    assert page.model.row_id(page.table.rowAt(0)) == top
    window.close()
