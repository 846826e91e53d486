"""Two staff who register the same establishment (or person) offline: both records are kept, flagged as
possible duplicates on every PC of the province, and merged in one click, which syncs like any edit."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import Engine, delete, select

from desktop.models import Facility, ProposalBeneficiary, SyncConflict, Trainee
from desktop.models.enums import Gender
from desktop.services import workspace
from sync import conflicts
from sync.client import open_conflicts
from sync.server import identity, schema, store, transactions
from tests.conftest import commune, make_facility
from tests.sync_fixtures import Installation, new_proposal

TAX_CODE = "0100109106"


def _facility(pc: Installation, name: str, tax_code: str | None = None, kind: str = "xa", **values: str) -> uuid.UUID:
    with pc.database.transaction(pc.name) as session:
        facility = make_facility(session, commune(session, "48", kind), name=name)
        facility.tax_code = tax_code
        for key, value in values.items():
            setattr(facility, key, value)
        session.flush()
        return facility.id


def _duplicates(pc: Installation) -> list[conflicts.ConflictView]:
    with pc.database.session() as session:
        return [v for v in conflicts.inbox(session) if v.duplicate]


def test_the_same_establishment_made_on_two_pcs_is_kept_twice_and_flagged(pcs: list[Installation]) -> None:
    a, b = pcs
    first = _facility(a, "Cơ sở mây tre đan Phú Vinh", TAX_CODE)
    second = _facility(b, "HTX mây tre Phú Vinh", TAX_CODE)
    a.client.sync()
    report = b.client.sync()
    assert report.rejected == 0 and report.conflicts == 1  # "1 xung đột cần xem"
    assert a.client.sync().conflicts == 1  # the other PC is told too
    assert a.client.sync().conflicts == 0  # once
    for pc in (a, b):
        with pc.database.session() as session:
            assert {f.id for f in session.scalars(select(Facility))} == {first, second}  # nothing lost
        [view] = _duplicates(pc)
        assert view.what == "Cơ sở CNNT “HTX mây tre Phú Vinh”"
        assert view.field == "Có thể trùng (cùng mã số thuế)"
        assert view.other == "Cơ sở CNNT “Cơ sở mây tre đan Phú Vinh”"
        assert (view.kept_by, view.other_by) == ("minh", "lan")  # who signed in, as the server knows them


def test_the_same_name_in_the_same_commune_is_flagged_whatever_the_accents(pcs: list[Installation]) -> None:
    a, b = pcs
    _facility(a, "Cơ sở gốm Thanh Hà")
    _facility(b, "co so  GOM thanh ha")
    _facility(b, "Cơ sở gốm Thanh Hà", kind="phuong")  # another commune: another establishment
    a.client.sync()
    b.client.sync()
    [view] = _duplicates(b)
    assert view.field == "Có thể trùng (cùng tên, cùng xã/phường)"
    assert view.what == "Cơ sở CNNT “co so GOM thanh ha”"  # stored past the forms: the server collapsed the spaces


def test_a_deleted_record_is_no_one_s_duplicate(pcs: list[Installation]) -> None:
    a, b = pcs
    gone = _facility(a, "Cơ sở đã giải thể", TAX_CODE)
    a.client.sync()
    with a.database.transaction("lan") as session:
        row = session.get(Facility, gone)
        assert row is not None
        row.deleted_at = store.now()
    a.client.sync()
    _facility(b, "Cơ sở mới", TAX_CODE)
    b.client.sync()
    assert _duplicates(b) == []


def test_merging_moves_everything_to_the_kept_record_on_every_pc(pcs: list[Installation]) -> None:
    a, b = pcs
    kept = _facility(a, "Cơ sở mây tre đan Phú Vinh", TAX_CODE)
    duplicate = _facility(b, "HTX mây tre Phú Vinh", TAX_CODE, phone="0912345678")
    both = new_proposal(b.database, "DA-01")  # lists both: the duplicate's place there goes with it
    only = new_proposal(b.database, "DA-02")  # lists the duplicate alone: moves to the kept record
    a.client.sync()
    b.client.sync()
    with b.database.transaction("minh") as session:
        workspace.add_beneficiary(session, both, kept)
        workspace.add_beneficiary(session, both, duplicate)
        workspace.add_beneficiary(session, only, duplicate)
    [view] = _duplicates(b)
    with b.database.transaction("minh") as session:
        assert conflicts.resolve(session, view.id, use_other=True) == "Đã gộp vào bản ghi kia"
    b.client.sync()
    a.client.sync()
    for pc in (a, b):
        with pc.database.session() as session:
            merged = session.get(Facility, duplicate)
            survivor = session.get(Facility, kept)
            assert merged is not None and merged.deleted_at is not None  # deleted, restorable
            assert survivor is not None and survivor.deleted_at is None
            assert survivor.phone == "0912345678"  # what only the duplicate knew is kept
            live = session.execute(
                select(ProposalBeneficiary.proposal_id, ProposalBeneficiary.facility_id).where(
                    ProposalBeneficiary.deleted_at.is_(None)
                )
            ).all()
            assert sorted(live) == sorted([(both, kept), (only, kept)])
            assert [c for c in open_conflicts(session) if c.kind == "duplicate"] == []
    assert a.client.verify() == {"48": True, "00": True}


def test_keeping_both_settles_the_flag_and_changes_nothing_else(pcs: list[Installation]) -> None:
    a, b = pcs
    _facility(a, "Cơ sở in lụa", TAX_CODE)
    _facility(b, "Cơ sở in lụa (chi nhánh)", TAX_CODE)
    a.client.sync()
    b.client.sync()
    [view] = _duplicates(b)
    with b.database.transaction("minh") as session:
        assert conflicts.resolve(session, view.id, use_other=False) == "Đã giữ cả hai bản ghi"
    b.client.sync()
    a.client.sync()
    assert _duplicates(a) == []
    with a.database.session() as session:
        assert len([f for f in session.scalars(select(Facility)) if f.deleted_at is None]) == 2
        assert session.scalars(select(SyncConflict.resolution).where(SyncConflict.kind == "duplicate")).all() == [
            "giữ cả hai"
        ]


def test_the_same_person_is_flagged_by_cccd(pcs: list[Installation]) -> None:
    a, b = pcs
    for pc, name in ((a, "Nguyễn Thị Lan"), (b, "Nguyễn Thị Lan Anh")):
        with pc.database.transaction(pc.name) as session:
            session.add(
                Trainee(
                    full_name=name,
                    birth_date=date(1990, 5, 1),
                    gender=Gender.NU,
                    cccd="048190000123",
                    province_code="48",
                )
            )
    a.client.sync()
    b.client.sync()
    [view] = _duplicates(b)
    assert view.field == "Có thể trùng (cùng số CCCD)"
    assert view.what == "Học viên “Nguyễn Thị Lan Anh”"


def test_a_server_database_from_before_is_indexed_once(server: Engine, pcs: list[Installation]) -> None:
    a, b = pcs
    _facility(a, "Cơ sở cũ", TAX_CODE)
    a.client.sync()
    with transactions.writing(server) as connection:  # as a database made before identity keys existed
        connection.execute(delete(schema.identity))
        connection.execute(delete(schema.setting).where(schema.setting.c.key == identity.IDENTITY_KEY))
    identity.index(server)
    _facility(b, "Cơ sở mới", TAX_CODE)
    b.client.sync()
    assert len(_duplicates(b)) == 1
