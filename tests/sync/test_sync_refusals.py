"""Refused changes in the inbox: in the program's words, with who may do it; redone or dropped; and a centre
that lets staff record decisions signed on paper."""

from __future__ import annotations

import uuid
from pathlib import Path

from sqlalchemy import Engine

from desktop.models import Proposal
from desktop.models.enums import ProposalStatus
from desktop.services.proposal_actions import Action
from sync import refusals
from sync.server import authority, transactions, users
from tests.sync_fixtures import Installation, act, appraised_proposal


def _approve_offline(pc: Installation, **values: str) -> uuid.UUID:
    proposal_id = appraised_proposal(pc.database, "KCĐP-2026-201")
    pc.client.sync()
    act(pc.database, proposal_id, Action.APPROVE, "lan", decision_no="31/QĐ-UBND", **values)
    return proposal_id


def _status(pc: Installation, proposal_id: uuid.UUID) -> ProposalStatus:
    with pc.database.session() as session:
        found = session.get(Proposal, proposal_id)
        assert found is not None
        return found.status


def test_a_refusal_reads_in_the_programs_words_and_can_be_dropped(pcs: list[Installation]) -> None:
    a, _b = pcs
    proposal_id = _approve_offline(a)
    a.client.sync()
    with a.database.session() as session:
        views = refusals.inbox(session)
    assert len(views) == 2  # the step and the proposal: one decision, refused together
    proposal = next(v for v in views if v.what.startswith("Đề án"))
    assert proposal.what == "Đề án “Hỗ trợ máy sấy nông sản”"
    assert "Trạng thái: Đã phê duyệt" in proposal.change and "da_phe_duyet" not in proposal.change
    assert "Kinh phí hỗ trợ được duyệt: 100.000.000" in proposal.change
    assert proposal.reason == "Chỉ Giám đốc Trung tâm được quyết định “Đã phê duyệt” đề án"
    assert proposal.who_may == "Giám đốc Trung tâm" and proposal.typed_by == "lan"
    step = next(v for v in views if v.what.startswith("Bước chuyển"))
    assert step.what == "Bước chuyển của đề án “KCĐP-2026-201”"
    assert "Sang bước: Đã phê duyệt" in step.change and "Số quyết định: 31/QĐ-UBND" in step.change
    assert "proposal_id" not in step.change and "actor" not in step.change
    with a.database.transaction("lan") as session:
        assert refusals.drop(session, proposal.id).startswith("Đã bỏ")
    with a.database.session() as session:
        assert [v.id for v in refusals.inbox(session)] == [step.id]
    assert a.client.waiting() == 0 and _status(a, proposal_id) is ProposalStatus.APPRAISED


def test_redone_by_the_director_on_the_same_pc_the_approval_lands(
    pcs: list[Installation], server: Engine, template_db: Path
) -> None:
    a, b = pcs
    proposal_id = _approve_offline(a)
    a.client.sync()
    with server.begin() as connection:  # the director signs in on this PC (with a password: the PC is theirs now)
        director = users.find(connection, "giam-doc") or users.add(connection, "giam-doc", "-", "director", "48")
        users.register_device(connection, director, a.device_id, "may-a", replace=True)
        a.client.transport = type(a.transport)(server, users.caller(connection, director, a.device_id))
    with a.database.session() as session:
        chosen = refusals.inbox(session)[0]
    with a.database.transaction("giam-doc") as session:
        assert refusals.redo(session, chosen.id).startswith("Đã")  # the step and the proposal, together
    with a.database.session() as session:
        assert refusals.inbox(session) == []
    report = a.client.sync()
    assert report.rejected == 0 and report.verified == {"48": True, "00": True}
    assert _status(a, proposal_id) is ProposalStatus.APPROVED
    b.client.sync()
    assert _status(b, proposal_id) is ProposalStatus.APPROVED


def test_where_the_centre_allows_it_staff_record_a_decision_signed_on_paper(
    pcs: list[Installation], server: Engine
) -> None:
    a, _b = pcs
    with transactions.writing(server) as connection:
        authority.set_policy(connection, "48", staff_record_decisions=True)
    unsigned = _approve_offline(a)  # without who signed it: still refused, saying what is missing
    report = a.client.sync()
    assert list(report.refusals) == [
        "Cán bộ chỉ ghi được quyết định “Đã phê duyệt” khi có đủ số, ngày và người ký quyết định (còn thiếu: người ký)"
    ]
    assert _status(a, unsigned) is ProposalStatus.APPRAISED
    act(a.database, unsigned, Action.APPROVE, "lan", decision_no="31/QĐ-UBND", signer="Nguyễn Văn Bình")
    assert a.client.sync().rejected == 0
    assert _status(a, unsigned) is ProposalStatus.APPROVED
    with a.database.session() as session:
        step = session.get(Proposal, unsigned).transitions[-1]  # type: ignore[union-attr]
        assert (step.actor, step.signer, step.decision_no) == ("lan", "Nguyễn Văn Bình", "31/QĐ-UBND")


def test_rows_waiting_on_this_pc_say_why(pcs: list[Installation]) -> None:
    from sync import replica
    from sync.protocol import Change

    a, _b = pcs
    with replica.applying(a.database) as session:
        data = {"id": "0193a000-0000-7000-8000-00000000000a", "province_code": "48", "year": 2025}
        data |= {"facility_id": "0193a000-0000-7000-8000-00000000000b", "row_version": 3}
        replica.store(session, "48", [Change(3, "facility_year", data["id"], data)], {})  # type: ignore[arg-type]
    with a.database.session() as session:
        (waiting,) = refusals.waiting(session)
        assert waiting.what == "Số liệu năm của cơ sở"
        assert waiting.reason == "chờ bản ghi liên quan (Cơ sở CNNT) chưa về máy"
        assert refusals.counts(session) == (0, 1)


def test_a_record_the_server_lost_and_refuses_back_stays_here_until_dropped(
    pcs: list[Installation], server: Engine
) -> None:
    """The server lost an establishment, and refuses this PC's copy when it comes back (a bad script changed
    it here behind the program's back). The copy is not deleted: it waits in the inbox, is not sent again at
    every sync, and goes only when the user drops it; then both sides agree."""
    from sqlalchemy import select

    from desktop.models import Facility, Rejection
    from sync.protocol import SYNCED_TABLES
    from sync.server import schema
    from tests.conftest import commune, make_facility

    a, _b = pcs
    with a.database.transaction("lan") as session:
        facility = make_facility(session, commune(session, "48", "xa"), name="Cơ sở gốm Thanh Hà").id
    a.client.sync()
    table = SYNCED_TABLES["facility"]
    with server.begin() as connection:
        connection.execute(table.delete().where(table.c.id == facility))
        connection.execute(schema.meta.delete().where(schema.meta.c.row_id == str(facility)))
    with a.database.engine.begin() as connection:
        connection.execute(table.update().where(table.c.id == facility).values(phone="12ab"))

    report = a.client.sync()
    assert report.rejected == 1 and "Điện thoại" in next(iter(report.refusals))
    assert report.verified == {"48": False, "00": True}
    with a.database.session() as session:
        assert session.get(Facility, facility) is not None  # kept: it may be the only copy
        [view] = refusals.inbox(session)
        assert view.what == "Cơ sở CNNT “Cơ sở gốm Thanh Hà”"
    again = a.client.sync()
    assert again.rejected == 0 and again.pushed == 0  # not sent again behind the user's back
    with a.database.transaction("lan") as session:
        refusals.drop(session, view.id)
    with a.database.session() as session:
        assert session.get(Facility, facility) is None
        assert session.scalars(select(Rejection.status)).all() == ["dropped"]
    assert a.client.sync().verified == {"48": True, "00": True}


def test_every_table_and_field_a_message_may_name_has_a_vietnamese_name() -> None:
    """The server's reasons, the inbox and the conflict list name tables and fields: none by its stored name."""
    from sync.labels import FIELD_LABELS, TABLE_LABELS
    from sync.protocol import SYNCED_TABLES, writable

    assert [t for t in SYNCED_TABLES if t not in TABLE_LABELS] == []
    assert [f"{t}.{f}" for t, table in SYNCED_TABLES.items() for f in writable(table) if f not in FIELD_LABELS] == []


def test_a_record_from_before_the_program_synced_stays_when_the_server_refuses_it(
    pcs: list[Installation],
) -> None:
    """A centre's existing record (written before this PC synced, so never sent) that the server refuses is
    this PC's only copy: it stays, its refusal waits in the inbox, and it goes only when dropped."""
    import uuid as uuid_

    from desktop.models import Facility
    from sync.protocol import SYNCED_TABLES
    from tests.conftest import commune

    a, _b = pcs
    with a.database.session() as session:
        place = commune(session, "48", "xa").code
    table = SYNCED_TABLES["facility"]
    old = uuid_.uuid4()
    with a.database.engine.begin() as connection:  # as an older version, or a bulk load, wrote it
        connection.execute(
            table.insert().values(
                id=old,
                province_code="48",
                name="Cơ sở rèn Phúc Sen",
                legal_form="ho_kinh_doanh",
                sector="cong_nghiep_xay_dung",
                commune_code=place,
                phone="12ab",
            )
        )
    report = a.client.sync()
    assert report.rejected == 1
    with a.database.session() as session:
        assert session.get(Facility, old) is not None
        [view] = refusals.inbox(session)
    with a.database.transaction("lan") as session:
        refusals.drop(session, view.id)
    with a.database.session() as session:
        assert session.get(Facility, old) is None
    assert a.client.sync().verified == {"48": True, "00": True}
