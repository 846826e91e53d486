"""Tổng quan: the national view lists each province when the database holds several (the ministry)."""

from __future__ import annotations

from desktop.db import Database
from desktop.models import Proposal
from desktop.models.enums import FundingKind, ProposalStatus
from desktop.services.dashboard import overview
from tests.conftest import commune, make_facility


def _proposal(province: str, code: str, support: int | None) -> Proposal:
    return Proposal(
        code=code,
        title="Hỗ trợ máy móc",
        plan_year=2026,
        funding=FundingKind.KCDP,
        activity_type_code="may_moc_thiet_bi",
        province_code=province,
        status=ProposalStatus.DA_PHE_DUYET if support else ProposalStatus.DU_THAO,
        approved_support=support,
    )


def test_one_line_per_province_only_when_there_are_several(database: Database) -> None:
    with database.transaction() as session:
        make_facility(session, commune(session, "48", "xa"))
        session.add(_proposal("48", "DA-48-1", 300_000_000))
    with database.session() as session:
        assert overview(session, 2026).by_province == []  # a centre's own PC: no national table
    with database.transaction() as session:
        for n in range(2):
            make_facility(session, commune(session, "66", "xa"), name=f"Cơ sở cà phê {n}")
        session.add(_proposal("66", "DA-66-1", 120_000_000))
        session.add(_proposal("66", "DA-66-2", None))
    with database.session() as session:
        lines = overview(session, 2026).by_province
    assert [(p.name, p.facilities, p.proposals, p.approved_support) for p in lines] == [
        ("Thành phố Đà Nẵng", 1, 1, 300_000_000),
        ("Đắk Lắk", 2, 2, 120_000_000),
    ]
