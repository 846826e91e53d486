"""Demo data: realistic, consistent with the rules, and the same for the same seed."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop.core.validation import check_cccd, normalize_tax_code
from desktop.demo import demo_data
from desktop.models import Commune, Facility, Proposal, SupportRecord, Trainee
from desktop.models.enums import ProposalStatus
from desktop.services import budget, eligibility, lifecycle
from desktop.store.db import Database


def _generate(path: Path, seed: int) -> demo_data.DemoStats:
    return demo_data.generate(path, "66", facilities=600, proposals=400, trainees=300, seed=seed)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    _generate(path, seed=7)
    return path


def _dump(path: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as c:
        rows = c.execute("SELECT id, name, tax_code FROM facility ORDER BY id").fetchall()
        rows += c.execute("SELECT id, code, status, approved_support FROM proposal ORDER BY id").fetchall()
        rows += c.execute("SELECT id, full_name, cccd FROM trainee ORDER BY id").fetchall()
    c.close()
    return rows


def test_the_same_seed_gives_the_same_data(demo_db: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.sqlite3"
    _generate(again, seed=7)
    assert _dump(again) == _dump(demo_db)
    other = tmp_path / "other.sqlite3"
    _generate(other, seed=8)
    assert _dump(other) != _dump(demo_db)


def test_demo_rows_read_back_through_the_models_and_obey_the_rules(demo_db: Path) -> None:
    with Database(demo_db).session() as session:
        assert session.scalar(select(func.count()).select_from(Facility)) == 600
        assert session.scalar(select(func.count()).select_from(Trainee)) == 300
        foreign = select(func.count()).select_from(Facility).join(Commune).where(Commune.province_code != "66")
        assert session.scalar(foreign) == 0
        statuses = set(session.scalars(select(Proposal.status)))
        assert statuses == set(ProposalStatus)  # every step of the life is represented
        for facility in session.scalars(select(Facility).limit(200)):
            if facility.tax_code:
                assert normalize_tax_code(facility.tax_code) == facility.tax_code
            eligibility.check_facility(facility, date(2026, 11, 1))
        for proposal in session.scalars(select(Proposal)):
            assert budget.check_lines(proposal.budget_lines) == [], proposal.code
            if proposal.approved_support is not None:
                assert lifecycle.advanced_total(proposal) <= proposal.approved_support
            steps = [t.to_status for t in proposal.transitions]
            assert steps[0] is ProposalStatus.DRAFT
            assert steps[-1] is proposal.status
        for trainee in session.scalars(select(Trainee).limit(100)):
            assert trainee.cccd is not None
            check_cccd(trainee.cccd, trainee.birth_date, trainee.gender)


def test_an_unknown_province_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="Không có tỉnh/thành phố mã “99”"):
        demo_data.generate(tmp_path / "x.sqlite3", "99", facilities=1, proposals=1, trainees=1, seed=1)


def test_each_step_is_dated_by_its_paper_and_nothing_after_the_demos_today(demo_db: Path) -> None:
    """The demo is what a centre holds on its "today": every step on the day of the paper that made it (an
    approval was dated before its appraisal, a liquidation before the liquidation), no acceptance, settlement
    or liquidation after today, a refusal or a stop with its reason, and each beneficiary's support adding up
    to what was settled."""
    today = date(2026, 11, 1)
    with Database(demo_db).session() as session:
        for p in session.scalars(select(Proposal)):
            steps = sorted(p.transitions, key=lambda t: t.at)
            assert [t.to_status for t in steps] == [t.to_status for t in p.transitions], p.code  # in time order
            assert all(t.at.date() <= today for t in steps), p.code
            on = {t.to_status: t.at.date() for t in steps}
            appraisal = lifecycle.latest_appraisal(p)
            if ProposalStatus.APPRAISED in on:
                assert appraisal is not None and on[ProposalStatus.APPRAISED] == appraisal.appraised_on, p.code
            if ProposalStatus.APPROVED in on:
                assert p.approved_on == on[ProposalStatus.APPROVED] > appraisal.appraised_on, p.code  # type: ignore[union-attr]
            for refusal in (ProposalStatus.REJECTED, ProposalStatus.STOPPED):
                if refusal in on:
                    assert next(t for t in steps if t.to_status is refusal).reason, p.code
            for acceptance in lifecycle.alive(p.acceptances):
                assert acceptance.accepted_on <= today and on[ProposalStatus.ACCEPTED] == acceptance.accepted_on
            for settlement in lifecycle.alive(p.settlements):
                assert settlement.settled_on <= today, p.code
                if settlement.liquidated_on is not None:
                    assert settlement.liquidated_on <= today
                    assert on[ProposalStatus.LIQUIDATED] == settlement.liquidated_on, p.code
                paid = session.scalar(select(func.sum(SupportRecord.amount)).where(SupportRecord.proposal_id == p.id))
                assert paid == settlement.settled_amount, p.code
            ended = on.get(ProposalStatus.ACCEPTED) or on.get(ProposalStatus.STOPPED)
            if ended is not None:  # no work after it was accepted or stopped
                work = [a.paid_on for a in p.advances] + [r.reported_on for r in p.progress_reports]
                assert all(when <= ended for when in work + [i.inspected_on for i in p.inspections]), p.code
            if p.status in (ProposalStatus.ACCEPTED, ProposalStatus.SETTLED, ProposalStatus.LIQUIDATED):
                assert sum(a.value_accepted for a in lifecycle.alive(p.acceptances)) == p.approved_support, p.code
