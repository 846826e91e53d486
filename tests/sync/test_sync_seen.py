"""What a hostile review saw a province's sync do (issue "sync that cannot get stuck"), one test per finding,
on SQLite and on PostgreSQL: each failed on the code before, and passes now.

1. An ordinary edit of a parent blocked every other PC's pull and every new PC's first copy.
2. The server accepted rows no PC can store, and every pull of the province failed after.
3. A refused change left a PC different for ever.
4. Authority was the client's word: steps, authors, times, sync files.
5. Attachment names were paths, and a hash opened another province's file.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import tempfile
import uuid
from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, Engine, func, select
from sqlalchemy.orm import Session

from desktop.models import (
    Attachment,
    BudgetLine,
    Enrolment,
    Facility,
    FacilityYear,
    Juror,
    ParkedChange,
    Product,
    Proposal,
    Rejection,
    Score,
    StatusTransition,
    Trainee,
    TrainingCourse,
    VotingEntry,
    VotingRound,
)
from desktop.models.enums import CourseKind, Gender, ProductGroup, ProposalStatus, VotingLevel
from desktop.services.proposal_actions import Action
from desktop.store.db import Database
from sync import bundle, replica
from sync.protocol import PROTOCOL_VERSION, SYNCED_TABLES, Change, Mutation, canonical
from sync.server import blobs, bundles, callers, schema, store, users
from tests.conftest import DemoFile, commune, copy_of, make_facility
from tests.sync_fixtures import Installation, act, appraised_proposal, new_proposal

HLC = "001800000000000-00000-ke-xau"


def _newcomer(
    server: Engine, template_db: Path, tmp_path: Path, user: str = "moi", role: str = "staff"
) -> Installation:
    """A PC that was not part of anything so far (its first copy of the province comes from the server)."""
    return Installation(server, template_db, tmp_path / f"moi-{uuid.uuid4().hex[:6]}", "may-moi", user, role, "48")


def _first_copy_matches(pc: Installation) -> None:
    report = pc.client.sync()
    assert report.verified == {"48": True, "00": True}, report
    assert report.parked == 0


# --- 1. an ordinary edit of a parent ----------------------------------------------------------------------
def test_editing_a_parent_after_its_children_blocks_no_pc(
    pcs: list[Installation], server: Engine, template_db: Path, tmp_path: Path
) -> None:
    """A facility with its yearly figures, a proposal with its budget lines; both parents edited after: the
    change log then holds the children before their parents, and every PC still takes them all."""
    a, b = pcs
    with a.database.transaction("lan") as session:
        facility = make_facility(session, commune(session, "48", "xa"), figures=(2025, 8, 5.0, 2_000_000_000, None))
        facility_id = facility.id
    proposal_id = appraised_proposal(a.database, "KCĐP-2026-101")
    a.client.sync()
    b.client.sync()
    with a.database.transaction("lan") as session:
        found = session.get(Facility, facility_id)
        proposal = session.get(Proposal, proposal_id)
        assert found is not None and proposal is not None
        found.phone = "0905123456"
        proposal.title = "Hỗ trợ máy sấy nông sản (bổ sung)"
    a.client.sync()
    assert b.client.sync().verified == {"48": True, "00": True}
    newcomer = _newcomer(server, template_db, tmp_path)
    try:
        _first_copy_matches(newcomer)
        with newcomer.database.session() as session:
            assert session.scalar(select(func.count()).select_from(FacilityYear)) == 1
            assert session.scalar(select(func.count()).select_from(BudgetLine)) == 1
    finally:
        newcomer.close()


def test_a_child_that_arrives_a_page_before_its_parent_waits_for_it(pcs: list[Installation]) -> None:
    """Pages of two rows: the figures come on one page, the facility they belong to on the next. The
    figures are set aside, then stored when their parent arrives; nothing stops."""
    a, b = pcs
    with a.database.transaction("lan") as session:
        facility = make_facility(session, commune(session, "48", "xa"), figures=(2025, 8, 5.0, None, None))
        facility_id = facility.id
    a.client.sync()
    with a.database.transaction("lan") as session:
        found = session.get(Facility, facility_id)
        assert found is not None
        found.note = "sửa sau"
    a.client.sync()
    real_pull = b.transport.pull
    b.transport.pull = lambda scope, after, limit: real_pull(scope, after, 1)  # type: ignore[method-assign]
    with b.database.transaction() as session:  # as if its first copy had ended before anything was made
        from desktop.models import SyncCursor

        session.add(SyncCursor(scope="48", position=0, epoch=""))
    b.client.pull()
    with b.database.session() as session:
        assert session.get(Facility, facility_id) is not None
        assert session.scalar(select(func.count()).select_from(FacilityYear)) == 1
        assert session.scalar(select(func.count()).select_from(ParkedChange)) == 0


# --- 2. rows no PC can store ------------------------------------------------------------------------------
def _hostile(server: Engine) -> callers.Caller:
    with server.begin() as connection:
        user = users.find(connection, "ke-xau") or users.add(connection, "ke-xau", "-", "staff", "48")
        device = str(uuid.uuid4())
        users.register_device(connection, user, device, "ke-xau")
        return users.caller(connection, user, device)


def _insert(seq: int, table: str, fields: Mapping[str, object], txn: str = "") -> Mutation:
    pairs = {name: [None, value] for name, value in {"province_code": "48", **fields}.items()}
    at = "2026-12-01T00:00:00+00:00"
    return Mutation(seq, table, str(uuid.uuid4()), "48", "insert", pairs, HLC, "ke-xau", at, txn)


def _voting(pc: Installation) -> tuple[str, str]:
    """A round with a juror and an entry, made and synced on ``pc``: (entry id, juror id)."""
    with pc.database.transaction("lan") as session:
        facility = make_facility(session, commune(session, "48", "xa"))
        product = Product(facility_id=facility.id, name="Gốm men lam", product_group=ProductGroup.THU_CONG_MY_NGHE)
        product.province_code = "48"
        voting = VotingRound(level=VotingLevel.TINH, year=2026, name="Bình chọn 2026", province_code="48")
        session.add_all([product, voting])
        session.flush()
        juror = Juror(round_id=voting.id, name="Ông A", province_code="48")
        entry = VotingEntry(
            round_id=voting.id, product_id=product.id, product_group=ProductGroup.THU_CONG_MY_NGHE, province_code="48"
        )
        session.add_all([juror, entry])
        session.flush()
        ids = (str(entry.id), str(juror.id))
    pc.client.sync()
    return ids


def test_rows_no_pc_can_store_are_refused_and_every_pc_still_syncs(
    pcs: list[Installation], server: Engine, template_db: Path, tmp_path: Path
) -> None:
    a, b = pcs
    entry, juror = _voting(a)
    proposal = new_proposal(a.database, "KCĐP-2026-102")
    a.client.sync()
    hostile = _hostile(server)
    facility = {"name": "Cơ sở ma", "legal_form": "ho_kinh_doanh", "sector": "cong_nghiep_xay_dung"}
    score = {"entry_id": entry, "juror_id": juror, "market": 99, "technical": 40, "cultural": 10, "other": 10}
    pushed = [
        _insert(1, "facility", {**facility, "commune_code": "99999"}),  # a commune that does not exist
        _insert(2, "score", score),  # 99 points on a 40-point criterion
        _insert(3, "score", {**score, "market": 30}),  # a first score of this juror for this entry
        _insert(4, "score", {**score, "market": 35}),  # a second score of the same juror for the same entry
        _insert(5, "budget_line", {"proposal_id": str(proposal), "position": 1, "item": "Máy", "amount": 10**30}),
        _insert(6, "facility", {**facility, "commune_code": commune_code(a), "name": "x" * 301}),
    ]
    outcomes = store.push(server, hostile, pushed).outcomes
    assert [o.status for o in outcomes] == ["rejected", "rejected", "applied", "rejected", "rejected", "rejected"]
    assert "99999" in outcomes[0].message
    assert "Điểm chấm phải từ 0 đến 40" in outcomes[1].message
    assert "đã có trên máy chủ" in outcomes[3].message
    assert "quá lớn" in outcomes[4].message
    assert "dài quá 300" in outcomes[5].message
    with server.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(Score.__table__)) == 1
    assert b.client.sync().verified == {"48": True, "00": True}  # the province still syncs
    newcomer = _newcomer(server, template_db, tmp_path)
    try:
        _first_copy_matches(newcomer)
    finally:
        newcomer.close()


def commune_code(pc: Installation) -> str:
    with pc.database.session() as session:
        return commune(session, "48", "xa").code


def test_a_proposal_code_two_pcs_gave_offline_is_made_unique_and_said(pcs: list[Installation]) -> None:
    a, b = pcs
    first = new_proposal(a.database, "KCĐP-2026-103")
    second = new_proposal(b.database, "KCĐP-2026-103", actor="minh")
    a.client.sync()
    report = b.client.sync()
    assert report.rejected == 0 and report.conflicts == 1
    a.client.sync()
    for pc in (a, b):
        with pc.database.session() as session:
            codes = {session.get(Proposal, p).code for p in (first, second)}  # type: ignore[union-attr]
            assert codes == {"KCĐP-2026-103", "KCĐP-2026-103-2"}
    assert a.client.verify() == b.client.verify() == {"48": True, "00": True}


def test_the_same_trainee_enrolled_on_two_pcs_offline_is_one_enrolment(pcs: list[Installation]) -> None:
    a, b = pcs
    with a.database.transaction("lan") as session:
        course = TrainingCourse(
            kind=CourseKind.DAO_TAO_NGHE,
            topic="Dệt thổ cẩm",
            start_date=date(2026, 4, 1),
            end_date=date(2026, 4, 10),
            province_code="48",
        )
        trainee = Trainee(full_name="Nguyễn Thị Hoa", gender=Gender.NU, province_code="48")
        session.add_all([course, trainee])
        session.flush()
        course_id, trainee_id = course.id, trainee.id
    a.client.sync()
    b.client.sync()
    for pc, actor, days in ((a, "lan", 3), (b, "minh", 3)):
        with pc.database.transaction(actor) as session:
            session.add(Enrolment(course_id=course_id, trainee_id=trainee_id, province_code="48", meal_days=days))
    a.client.sync()
    report = b.client.sync()
    assert report.rejected == 0
    a.client.sync()
    for pc in (a, b):
        with pc.database.session() as session:
            assert session.scalar(select(func.count()).select_from(Enrolment)) == 1
    assert a.client.verify() == b.client.verify() == {"48": True, "00": True}


# --- 3. a refused change is put back, not left different ---------------------------------------------------
@pytest.fixture
def centre(demo_file_named: DemoFile, tmp_path: Path) -> Path:
    """A centre's database with years of existing records (approved proposals among them), never synced."""
    return copy_of(demo_file_named("centre"), tmp_path, "trung-tam.sqlite3")


@pytest.mark.slow
def test_a_staff_account_cannot_bring_decisions_in_and_nothing_is_left_half_sent(
    server: Engine, centre: Path, template_db: Path, tmp_path: Path
) -> None:
    pc = Installation(server, template_db, tmp_path / "x", "may-tt", "lan", "staff", "48")
    pc.database.close()
    shutil.copyfile(centre, pc.database.path)
    pc.database = Database(pc.database.path)
    pc.client.database = pc.database
    try:
        report = pc.client.sync()
        assert report.blocked.startswith("Dữ liệu có sẵn của Trung tâm")  # one clear message, not 150 refusals
        assert report.rejected == 0 and report.pushed == 0
        assert pc.client.waiting() > 0  # kept for the director
        with server.connect() as connection:
            assert connection.scalar(select(func.count()).select_from(Proposal.__table__)) == 0
        director = Installation(server, template_db, tmp_path / "d", "may-gd", "giam-doc", "director", "48")
        try:  # the director signs in on that PC (its device, its outbox) and brings the records in
            with server.begin() as connection:  # a sign-in with the password: the PC is the director's now
                user = users.find(connection, "giam-doc")
                assert user is not None
                users.register_device(connection, user, pc.device_id, "may-tt", replace=True)
                pc.client.transport = type(pc.transport)(server, users.caller(connection, user, pc.device_id))
            brought = pc.client.sync()
            assert brought.rejected == 0 and not brought.blocked
            assert brought.verified == {"48": True, "00": True}
            director.client.sync()
            assert director.client.verify() == {"48": True, "00": True}
        finally:
            director.close()
    finally:
        pc.close()


def test_a_refused_step_is_put_back_and_waits_in_the_inbox(pcs: list[Installation]) -> None:
    """Staff approve offline, sign a contract and pay an advance: the server refuses the approval and
    everything that needed it; the PC shows the proposal as the server has it, matches, and keeps what was
    typed (with who may do it) in its inbox."""
    a, _b = pcs
    proposal_id = appraised_proposal(a.database, "KCĐP-2026-104")
    a.client.sync()
    act(a.database, proposal_id, Action.APPROVE, "lan", decision_no="20/QĐ-SCT")
    act(a.database, proposal_id, Action.CONTRACT, "lan", number="05/HĐ")
    act(a.database, proposal_id, Action.ADVANCE, "lan", amount="30.000.000")
    report = a.client.sync()
    assert report.rejected >= 4 and report.verified == {"48": True, "00": True}
    with a.database.session() as session:
        proposal = session.get(Proposal, proposal_id)
        assert proposal is not None and proposal.status is ProposalStatus.APPRAISED
        assert not proposal.contracts and not proposal.advances  # the server has none: none here either
        refused = session.scalars(select(Rejection)).all()
        assert {r.table_name for r in refused} >= {"proposal", "status_transition", "contract", "advance"}
        assert any(r.needs == "director" for r in refused)
    assert a.client.sync().rejected == 0  # a passing state: nothing is refused again


def test_a_pc_that_differs_finds_the_rows_and_takes_the_servers(pcs: list[Installation], server: Engine) -> None:
    """Rows damaged or lost on a PC (a restored backup, a bad script): the checksums narrow it down to the
    rows, the server's version comes back, and what only the PC holds is sent again."""
    a, b = pcs
    ids = []
    for number in range(30):
        with a.database.transaction("lan") as session:
            ids.append(make_facility(session, commune(session, "48", "xa"), name=f"Cơ sở {number}").id)
    a.client.sync()
    b.client.sync()
    facility = SYNCED_TABLES["facility"]
    with b.database.engine.begin() as connection:  # behind the outbox's back
        connection.execute(facility.update().where(facility.c.id == ids[3]).values(phone="0000000000"))
        connection.execute(facility.delete().where(facility.c.id == ids[7]))
        only_here = str(uuid.uuid4())
        connection.execute(
            facility.insert().values(
                id=uuid.UUID(only_here),
                province_code="48",
                row_version=5,
                name="Cơ sở chỉ máy này có",
                legal_form="ho_kinh_doanh",
                sector="cong_nghiep_xay_dung",
                commune_code=commune_code(b),
            )
        )
    report = b.client.sync()
    assert report.repaired == 3
    assert report.verified == {"48": True, "00": True}
    with b.database.session() as session:
        assert session.get(Facility, ids[3]).phone == ""  # type: ignore[union-attr]
        assert session.get(Facility, ids[7]) is not None
    with server.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(Facility.__table__)) == 31  # sent again
    assert a.client.sync().verified == {"48": True, "00": True}


def _lose_on_the_server(connection: Connection, name: str, row_id: str) -> None:
    """The server loses a row and every row made under it (a restore from an older backup, rows an upgrade
    set aside): only the PC has them now."""
    for child, column in replica._children(name):
        table = SYNCED_TABLES[child]
        for (child_id,) in connection.execute(select(table.c.id).where(table.c[column] == uuid.UUID(row_id))).all():
            _lose_on_the_server(connection, child, str(child_id))
    connection.execute(SYNCED_TABLES[name].delete().where(SYNCED_TABLES[name].c.id == uuid.UUID(row_id)))
    connection.execute(schema.meta.delete().where(schema.meta.c.table_name == name, schema.meta.c.row_id == row_id))


@pytest.fixture
def director(server: Engine, template_db: Path, tmp_path: Path) -> Iterator[Installation]:
    """The director's own PC, in province 48."""
    made = Installation(server, template_db, tmp_path / "gd", "may-gd", "giam-doc", "director", "48")
    yield made
    made.close()


def _approved_by_the_director(pc: Installation, director: Installation, proposal: uuid.UUID) -> None:
    """``pc``'s appraised ``proposal`` approved on the director's PC, and the approval back on ``pc``."""
    pc.client.sync()
    director.client.sync()
    act(director.database, proposal, Action.APPROVE, "giam-doc", decision_no="31/QĐ-UBND")
    director.client.sync()
    pc.client.sync()


def test_rows_the_server_lost_are_sent_again_parents_first_and_never_deleted_here(
    pcs: list[Installation], server: Engine, director: Installation
) -> None:
    """The PC sends its copy again as records brought in: a staff account's waits for the director (the
    proposal carries a decision) with nothing deleted on the PC; the director's sign-in brings it in whole."""
    a, _b = pcs
    proposal = appraised_proposal(a.database, "KCĐP-2026-110")
    _approved_by_the_director(a, director, proposal)
    with a.database.session() as session:
        before = {name: _count(session, name, proposal) for name in ("status_transition", "budget_line")}
    assert before["status_transition"] >= 2 and before["budget_line"] == 1
    with server.begin() as connection:
        _lose_on_the_server(connection, "proposal", str(proposal))

    report = a.client.sync()
    assert report.blocked.startswith("Dữ liệu có sẵn của Trung tâm")  # waits for the director
    assert report.rejected == 0
    with a.database.session() as session:  # nothing of the PC's copy went
        assert session.get(Proposal, proposal).status is ProposalStatus.APPROVED  # type: ignore[union-attr]
        assert {name: _count(session, name, proposal) for name in before} == before

    with server.begin() as connection:  # the director signs in on that PC and syncs
        user = users.find(connection, "giam-doc")
        assert user is not None
        users.register_device(connection, user, a.device_id, "may-a", replace=True)
        a.client.transport = type(a.transport)(server, users.caller(connection, user, a.device_id))
    brought = a.client.sync()
    assert brought.rejected == 0 and not brought.blocked
    assert brought.verified == {"48": True, "00": True}
    with server.connect() as connection:
        lines = SYNCED_TABLES["budget_line"]
        assert connection.scalar(select(func.count()).where(lines.c.proposal_id == proposal)) == 1
    assert director.client.sync().verified == {"48": True, "00": True}


def _count(session: Session, name: str, proposal: uuid.UUID) -> int:
    table = SYNCED_TABLES[name]
    return int(session.scalar(select(func.count()).where(table.c.proposal_id == proposal)) or 0)


def test_a_change_recorded_before_transactions_keeps_its_digest() -> None:
    """The server's ledger holds the digests of changes pushed before a change carried its transaction; a
    PC sends its archive again after a server is restored, and must not be taken for a copied database."""
    fields: dict[str, Any] = {"seq": 7, "table": "facility", "row_id": str(uuid.uuid4()), "province_code": "48"}
    fields |= {"action": "update", "fields": {"name": ["A", "B"]}, "hlc": "0000000001:0000:ab", "actor": "lan"}
    fields |= {"at": "2026-01-05T08:00:00+00:00"}
    legacy = hashlib.sha256(canonical(fields)).hexdigest()  # what the ledger kept
    assert Mutation(**fields).digest() == legacy
    assert Mutation(**fields, txn="a1").digest() != legacy


# --- 4. authority ------------------------------------------------------------------------------------------
def test_staff_cannot_jump_steps_nor_sign_as_someone_else(pcs: list[Installation], server: Engine) -> None:
    a, _b = pcs
    proposal = new_proposal(a.database, "KCĐP-2026-105")
    a.client.sync()
    hostile = _hostile(server)
    step = {"proposal_id": str(proposal), "from_status": "du_thao", "to_status": "da_ky_hop_dong"}
    step |= {"at": "1999-01-01T00:00:00+00:00", "actor": "giam-doc"}
    long_ago = "1999-01-01T00:00:00+00:00"
    moves = [  # a draft moved straight to "signed contract" (the step and the status together), then "liquidated"
        _insert(1, "status_transition", step, txn="t1"),
        Mutation(
            2,
            "proposal",
            str(proposal),
            "48",
            "update",
            {"status": ["du_thao", "da_ky_hop_dong"]},
            HLC,
            "gd",
            long_ago,
            "t1",
        ),
        Mutation(
            3, "proposal", str(proposal), "48", "update", {"status": ["du_thao", "da_thanh_ly"]}, HLC, "gd", long_ago
        ),
    ]
    outcomes = store.push(server, hostile, moves).outcomes
    assert [o.status for o in outcomes] == ["rejected"] * 3
    assert outcomes[0].message.startswith("Không thể chuyển đề án KCĐP-2026-105 sang “Đã ký hợp đồng”")
    assert "không khớp với bước “Dự thảo”" in outcomes[2].message
    a.client.sync()
    facility = {"name": "Cơ sở thật", "legal_form": "ho_kinh_doanh", "sector": "cong_nghiep_xay_dung"}
    made = _insert(4, "facility", {**facility, "commune_code": commune_code(a)})
    made = Mutation(**{**made.__dict__, "actor": "giam-doc", "at": "1999-01-01T00:00:00+00:00"})
    assert store.push(server, hostile, [made]).outcomes[0].status == "applied"
    with server.connect() as connection:
        stored = connection.execute(select(Facility.__table__).where(Facility.__table__.c.name == "Cơ sở thật")).one()
    assert stored.created_by == stored.updated_by == "ke-xau"  # who signed in, not who the PC says
    assert stored.created_at.year == date.today().year  # the server's time of record
    with a.database.session() as session:
        found = session.get(Proposal, proposal)
        assert found is not None and found.status is ProposalStatus.DRAFT
        assert session.scalar(select(func.count()).select_from(StatusTransition)) == 1


def test_a_sync_file_speaks_only_for_the_pc_that_signed_it(
    pcs: list[Installation], server: Engine, template_db: Path, tmp_path: Path
) -> None:
    """A director's file, its device id in clear: copied and edited, or a new one made with another key in
    its name, is refused; an answer not signed by the server is refused by the PC."""
    a, _b = pcs
    director = Installation(server, template_db, tmp_path / "d", "may-gd", "giam-doc", "director", "48")
    try:
        with director.database.transaction("giam-doc") as session:
            make_facility(session, commune(session, "48", "xa"), name="Cơ sở của Giám đốc")
        genuine = tmp_path / "gd.kcsync"
        bundle.export(director.database, genuine, director.device_id)
        body, signature = bundle.read(genuine, bundle.KIND_REQUEST)
        body["mutations"][0]["fields"]["name"] = [None, "Đã sửa"]  # edited, the signature kept
        edited = tmp_path / "sua.kcsync"
        _write_raw(edited, bundle.KIND_REQUEST, body, signature)
        with pytest.raises(bundle.BundleRefused, match="chữ ký"):
            bundles.answer(server, edited, tmp_path / "tl.kcsync")
        forged = tmp_path / "gia.kcsync"  # made by staff's PC, naming the director's device
        from sync import account

        bundle.write(forged, bundle.KIND_REQUEST, {**body, "user": "giam-doc"}, account.signing_key(a.database))
        with pytest.raises(bundle.BundleRefused, match="chữ ký"):
            bundles.answer(server, forged, tmp_path / "tl.kcsync")
        unknown = tmp_path / "la.kcsync"
        bundle.write(
            unknown, bundle.KIND_REQUEST, {**body, "device": str(uuid.uuid4())}, account.signing_key(a.database)
        )
        with pytest.raises(bundle.BundleRefused, match="chưa được ghi danh"):
            bundles.answer(server, unknown, tmp_path / "tl.kcsync")
        with server.connect() as connection:
            assert connection.scalar(select(func.count()).select_from(schema.ledger)) == 0  # nothing applied
        reply = tmp_path / "tl.kcsync"
        assert bundles.answer(server, genuine, reply)[0] == 1
        answer, _signature = bundle.read(reply, bundle.KIND_ANSWER)
        fake = tmp_path / "tl-gia.kcsync"
        bundle.write(fake, bundle.KIND_ANSWER, answer, account.signing_key(a.database))  # not the server's key
        with pytest.raises(bundle.BundleRefused, match="chữ ký của máy chủ"):
            bundle.apply_answer(director.database, fake, director.device_id)
        assert director.client.waiting() == 1
        assert bundle.apply_answer(director.database, reply, director.device_id).pushed == 1
    finally:
        director.close()


def _write_raw(path: Path, kind: str, body: dict[str, object], signature: str) -> None:
    payload = json.dumps(body, ensure_ascii=False, sort_keys=True).encode()
    document = {"kind": kind, "protocol": PROTOCOL_VERSION, "sha256": hashlib.sha256(payload).hexdigest()}
    document |= {"signature": signature, "body": body}
    path.write_bytes(gzip.compress(json.dumps(document, ensure_ascii=False).encode()))


# --- 5. attachments -----------------------------------------------------------------------------------------
def test_an_attachment_is_named_only_by_a_sha256(pcs: list[Installation], server: Engine) -> None:
    """A row whose "hash" is a path (a PC would make folders and delete files there) is refused by the server,
    and set aside by a PC that somehow receives one: the file outside the data folder stays as it was."""
    a, b = pcs
    proposal = new_proposal(a.database, "KCĐP-2026-106")
    a.client.sync()
    victim = Path(tempfile.mkdtemp(prefix="kc-", dir="/tmp" if Path("/tmp").is_dir() else None))
    try:
        (victim / "y").write_text("giữ nguyên")
        path = str(victim / "y")
        assert len(path) <= 64  # as long as a hash: only its form gives it away
        hostile = _hostile(server)
        owner = {"owner_table": "proposal", "owner_id": str(proposal), "file_name": "x", "size": 3}
        outcome = store.push(server, hostile, [_insert(1, "attachment", {**owner, "sha256": path})])
        assert outcome.outcomes[0].status == "rejected" and "SHA-256" in outcome.outcomes[0].message
        with replica.applying(b.database) as session:  # even if such a row reached a PC, it is set aside
            row_id = str(uuid.uuid4())
            data = {"id": row_id, "province_code": "48", "sha256": path, **owner, "deleted_at": None}
            data |= {"row_version": 9, "media_type": "", "description": "", "created_by": "x", "updated_by": "x"}
            data |= {"created_at": "2026-12-01T00:00:00+00:00", "updated_at": "2026-12-01T00:00:00+00:00"}
            replica.store(session, "48", [Change(9, "attachment", row_id, data)], {})
        b.client.sync(verify=False)
        assert (victim / "y").read_text() == "giữ nguyên" and sorted(victim.iterdir()) == [victim / "y"]
        with b.database.session() as session:
            assert session.scalar(select(func.count()).select_from(Attachment)) == 0
            (parked,) = session.scalars(select(ParkedChange)).all()
            assert "SHA-256" in parked.reason
    finally:
        shutil.rmtree(victim, ignore_errors=True)


def test_a_hash_opens_no_file_of_another_province_and_a_wrong_size_holds_nothing(
    pcs: list[Installation], server: Engine, template_db: Path, tmp_path: Path
) -> None:
    a, _b = pcs
    content = b"bien ban nghiem thu"
    sha = hashlib.sha256(content).hexdigest()
    blobs.put(server, a.caller, sha, len(content) + 50, 0, content[:5])  # announced with the wrong size
    assert blobs.put(server, a.caller, sha, len(content), 0, content).complete  # the true one starts again
    hue = Installation(server, template_db, tmp_path / "h", "may-hue", "hoa", "staff", "46")
    try:
        with hue.database.transaction("hoa") as session:
            proposal = Proposal(
                code="KCĐP-46-1", title="x", plan_year=2026, funding="kcdp", activity_type_code="may_moc_thiet_bi"
            )
            proposal.province_code = "46"
            from desktop.services import lifecycle

            lifecycle.create_proposal(session, proposal)
            session.add(
                Attachment(
                    owner_table="proposal",
                    owner_id=proposal.id,
                    province_code="46",
                    file_name="lay-cap.pdf",
                    size=len(content),
                    sha256=sha,
                )
            )
        hue.client.sync()  # its own province lists the hash now…
        with pytest.raises(store.SyncRefused):
            hue.transport.blob_get(sha, 0, 100, "48")  # …but province 48's file stays 48's
        assert hue.transport.blob_get(sha, 0, 100, "46") is None  # and 46 holds no content of it yet
    finally:
        hue.close()


def test_a_parent_that_cannot_be_stored_here_takes_its_children_aside_and_the_pull_goes_on(
    pcs: list[Installation],
) -> None:
    """PC B gave a new proposal the code another PC's proposal already has on the server, and has not sent
    it yet. B's pull cannot store the other proposal (the code is taken here): it and its budget line wait,
    with why, and the rest of the page is stored; once B's proposal has gone up (renamed) they fit."""
    from sync.protocol import SyncReport

    a, b = pcs
    b.client.sync()
    mine = new_proposal(b.database, "KCĐP-2026-120", actor="minh")
    with a.database.transaction("lan") as session:
        facility = make_facility(session, commune(session, "48", "xa"), name="Cơ sở của máy A").id
    theirs = appraised_proposal(a.database, "KCĐP-2026-120")
    a.client.sync()
    b.client.pull(SyncReport())  # B's proposal not sent yet (as when its push waits)
    with b.database.session() as session:
        assert session.get(Proposal, theirs) is None and session.get(Facility, facility) is not None
        waiting = {p.table_name: p.reason for p in replica.parked(session)}
    assert waiting["proposal"].startswith("trùng khóa với một bản ghi trên máy này")
    assert waiting["budget_line"] == "chờ bản ghi liên quan (Đề án) chưa lưu được trên máy này"
    report = b.client.sync()
    assert report.parked == 0 and report.verified == {"48": True, "00": True}
    with b.database.session() as session:
        codes = {session.get(Proposal, p).code for p in (theirs, mine)}  # type: ignore[union-attr]
        assert session.scalar(select(func.count()).select_from(BudgetLine)) == 1
    assert "KCĐP-2026-120" in codes and len(codes) == 2


def test_a_decision_once_recorded_is_changed_only_with_the_deciders_authority(
    pcs: list[Installation], server: Engine, director: Installation
) -> None:
    """Staff cannot rewrite the number, date or signer of the director's approval after the fact (nor bring an
    undone approval back); the director can."""
    a, _b = pcs
    proposal = appraised_proposal(a.database, "KCĐP-2026-130")
    _approved_by_the_director(a, director, proposal)

    def approval(pc: Installation, session: Session) -> StatusTransition:
        return session.scalars(
            select(StatusTransition).where(
                StatusTransition.proposal_id == proposal,
                StatusTransition.to_status == ProposalStatus.APPROVED,
            )
        ).one()

    with a.database.transaction("lan") as session:
        step = approval(a, session)
        step.decision_no, step.signer = "99/QĐ-GIẢ", "Nguyễn Văn Giả"
    report = a.client.sync()
    assert report.rejected == 1
    assert next(iter(report.refusals)) == "Chỉ Giám đốc Trung tâm được quyết định “Đã phê duyệt” đề án"
    with a.database.session() as session:
        assert approval(a, session).decision_no == "31/QĐ-UBND"  # put back as the server has it
    with director.database.transaction("giam-doc") as session:
        approval(director, session).decision_no = "31/QĐ-UBND (đính chính)"
    assert director.client.sync().rejected == 0
    a.client.sync()
    with a.database.session() as session:
        assert approval(a, session).decision_no == "31/QĐ-UBND (đính chính)"


def test_an_older_answer_file_imported_again_takes_nothing_back(
    pcs: list[Installation], server: Engine, tmp_path: Path
) -> None:
    """An office PC imports an answer file, then a newer one, then (a USB stick mixed up) the first again:
    nothing of what the newer answer brought is undone, and the PC still agrees with the server."""
    a, b = pcs
    with a.database.transaction("lan") as session:
        facility = make_facility(session, commune(session, "48", "xa"), name="Cơ sở đan lát Phú Vinh").id
    first, first_answer = tmp_path / "gui-1.kcsync", tmp_path / "tra-loi-1.kcsync"
    bundle.export(a.database, first, a.device_id)
    bundles.answer(server, first, first_answer)
    bundle.apply_answer(a.database, first_answer, a.device_id)
    b.client.sync()
    with b.database.transaction("minh") as session:
        session.get_one(Facility, facility).name = "HTX đan lát Phú Vinh"
    b.client.sync()
    second, second_answer = tmp_path / "gui-2.kcsync", tmp_path / "tra-loi-2.kcsync"
    bundle.export(a.database, second, a.device_id)
    bundles.answer(server, second, second_answer)
    bundle.apply_answer(a.database, second_answer, a.device_id)
    assert a.client.verify() == {"48": True, "00": True}

    again = bundle.apply_answer(a.database, first_answer, a.device_id)
    assert again.pushed == 0
    with a.database.session() as session:
        assert session.get_one(Facility, facility).name == "HTX đan lát Phú Vinh"
    assert a.client.verify() == {"48": True, "00": True}


def test_a_proposal_with_a_decision_is_deleted_only_by_the_director(
    pcs: list[Installation], server: Engine, director: Installation
) -> None:
    """Staff delete drafts as they like; an approved proposal vanishing from every PC's lists is the
    director's act, as its approval was."""
    from desktop.store import audit

    a, _b = pcs
    draft = new_proposal(a.database, "KCĐP-2026-140")
    approved = appraised_proposal(a.database, "KCĐP-2026-141")
    _approved_by_the_director(a, director, approved)
    for proposal in (draft, approved):  # one after the other (deleted together, they go or stay together)
        with a.database.transaction("lan") as session:
            audit.soft_delete(session.get_one(Proposal, proposal))
    report = a.client.sync()
    assert report.rejected == 1
    assert next(iter(report.refusals)) == (
        "Chỉ Giám đốc Trung tâm được xóa hoặc khôi phục đề án đã có quyết định (“Đã phê duyệt”)"
    )
    with a.database.session() as session:
        assert session.get_one(Proposal, approved).deleted_at is None  # back, as the server has it
        assert session.get_one(Proposal, draft).deleted_at is not None
    with director.database.transaction("giam-doc") as session:
        audit.soft_delete(session.get_one(Proposal, approved))
    assert director.client.sync().rejected == 0


def test_a_malformed_import_waits_instead_of_failing_the_server(server: Engine) -> None:
    """Found by the model test: an "import" whose status is not a [base, new] pair was read before any check
    and the server failed (500). Now it counts as a decision: a staff account's push waits for the director."""
    hostile = _hostile(server)
    mutation = Mutation(1, "proposal", str(uuid.uuid4()), "48", "import", {"status": 1.5e-151}, HLC, "x", "", "")  # type: ignore[dict-item]
    with pytest.raises(store.Blocked):
        store.push(server, hostile, [mutation])
