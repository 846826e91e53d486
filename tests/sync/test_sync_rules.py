"""Sync between installations through the server: what arrives, what conflicts, what is refused."""

from __future__ import annotations

import sqlite3
import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from desktop.models import (
    BudgetLine,
    Facility,
    OutboxEntry,
    Proposal,
    ProposalLocation,
    Rejection,
    SnapshotRow,
    SyncConflict,
)
from desktop.models.enums import ProposalStatus
from desktop.services import workspace
from desktop.services.proposal_actions import Action
from desktop.store import audit
from sync import account, rules
from sync.client import local_summary, open_conflicts
from sync.protocol import Change, Mutation, SnapshotPage
from sync.server import schema, store
from sync.state import LAST_SETTING, setting
from tests.conftest import DemoFile, commune, copy_of, make_facility
from tests.sync_fixtures import Installation, act, appraised_proposal, new_proposal


def _new_facility(pc: Installation, name: str) -> str:
    with pc.database.transaction("lan") as session:
        facility = make_facility(session, commune(session, "48", "xa"), name=name)
        session.flush()
        return str(facility.id)


def _facility(pc: Installation, row_id: str) -> Facility | None:
    with pc.database.session() as session:
        return session.get(Facility, uuid.UUID(row_id))


def _edit(pc: Installation, row_id: str, actor: str, **values: object) -> None:
    with pc.database.transaction(actor) as session:
        row = session.get(Facility, uuid.UUID(row_id))
        assert row is not None
        for key, value in values.items():
            setattr(row, key, value)


def test_a_facility_made_on_one_pc_reaches_the_other(pcs: list[Installation]) -> None:
    a, b = pcs
    row_id = _new_facility(a, "Cơ sở gốm Thanh Hà")
    assert a.client.waiting() == 1
    report = a.client.sync()
    assert (report.pushed, report.conflicts, report.rejected) == (1, 0, 0)
    assert a.client.waiting() == 0
    b.client.sync()
    copy = _facility(b, row_id)
    assert copy is not None and copy.name == "Cơ sở gốm Thanh Hà"
    assert copy.created_by == "lan" and copy.row_version > 0
    with b.database.session() as session:  # arrived changes are not sent back
        assert session.scalar(select(OutboxEntry)) is None
        assert [e.actor for e in audit.history(session, copy)] == ["lan"]
    assert a.client.verify() == b.client.verify() == {"48": True, "00": True}
    assert local_summary(a.database, "48") == local_summary(b.database, "48")


def test_a_sync_with_nothing_new_neither_writes_nor_waits_for_the_writer(pcs: list[Installation]) -> None:
    """A PC syncs every few minutes, most times with nothing to send or take: then it neither writes the file
    nor waits for the program's own long write (an import of a big list) to end; it took the write lock once
    per scope before, to take nothing. As soon as something arrives, it is taken."""
    a, b = pcs
    a.client.sync()
    b.client.sync()
    watcher = sqlite3.connect(b.database.path, isolation_level=None)  # sees the file's version move on a commit
    try:
        before = watcher.execute("PRAGMA data_version").fetchone()
        watcher.execute("BEGIN IMMEDIATE")  # a long write of the program's own, under way
        started = time.monotonic()
        assert b.client.sync().verified == {"48": True, "00": True}
        assert not account.synced(b.database)  # its time is noted by the next sync, not waited for
        assert time.monotonic() - started < 5  # the file waits 10 s for a writer
        watcher.execute("ROLLBACK")
        assert watcher.execute("PRAGMA data_version").fetchone() == before
        with a.database.transaction("lan") as session:
            row_id = str(make_facility(session, commune(session, "48", "xa"), name="Cơ sở mới").id)
        a.client.sync()
        assert b.client.sync().pulled == 1
        assert watcher.execute("PRAGMA data_version").fetchone() != before
        assert _facility(b, row_id) is not None
        assert account.synced(b.database) and setting(b.database, LAST_SETTING)
    finally:
        watcher.close()


def test_a_retried_push_applies_once(pcs: list[Installation], server: Engine) -> None:
    a, _b = pcs
    _new_facility(a, "Cơ sở mộc Phú Lộc")
    with a.database.session() as session:
        entry = session.scalars(select(OutboxEntry)).one()
        from sync.client import _mutation

        mutation = _mutation(entry)
    first = a.transport.push([mutation])
    again = a.transport.push([mutation])  # the answer was lost: the client sends it again
    assert [(o.seq, o.status) for o in first.outcomes] == [(o.seq, o.status) for o in again.outcomes]
    # The first answer carries what the server set; the repeated one, the row as it is now (nothing to guess).
    assert first.outcomes[0].row is not None and again.outcomes[0].whole and again.outcomes[0].row is not None
    assert first.outcomes[0].row["row_version"] == again.outcomes[0].row["row_version"] == 1
    with server.connect() as connection:
        counter = schema.counter
        assert connection.scalar(select(counter.c.position).where(counter.c.province_code == "48")) == 1


def test_a_gap_is_answered_with_where_to_resume(pcs: list[Installation]) -> None:
    a, _b = pcs
    _new_facility(a, "Một")
    _new_facility(a, "Hai")
    with a.database.session() as session:
        from sync.client import _mutation

        second = _mutation(session.scalars(select(OutboxEntry).order_by(OutboxEntry.seq.desc())).first())  # type: ignore[arg-type]
    reply = a.transport.push([second])
    assert reply.outcomes == [] and reply.resume_from == second.seq - 1
    a.client.push()
    assert a.client.waiting() == 0


def test_a_copied_database_is_refused(pcs: list[Installation], server: Engine) -> None:
    a, _b = pcs
    _new_facility(a, "Cơ sở thật")
    a.client.push()
    with a.database.session() as session:
        from sync.client import _mutation

        sent = _mutation(session.scalars(select(OutboxEntry)).one())
    other = Mutation(**{**sent.__dict__, "fields": {"name": [None, "Cơ sở trên máy chép"]}})
    with pytest.raises(store.CopiedDatabase):
        a.transport.push([other])
    with server.connect() as connection:
        assert connection.scalar(select(schema.device.c.copied).where(schema.device.c.id == a.device_id))


def test_ordinary_fields_later_edit_wins_and_the_other_is_kept(pcs: list[Installation]) -> None:
    a, b = pcs
    row_id = _new_facility(a, "Cơ sở đan lát")
    a.client.sync()
    b.client.sync()
    _edit(a, row_id, "lan", phone="0901111111")
    time.sleep(0.005)  # clocks count milliseconds: in the same one, the device id would decide instead
    _edit(b, row_id, "minh", phone="0902222222")  # later
    a.client.sync()
    b.client.sync()
    a.client.sync()
    assert _facility(a, row_id).phone == _facility(b, row_id).phone == "0902222222"  # type: ignore[union-attr]
    with a.database.session() as session:
        (conflict,) = open_conflicts(session)
        assert (conflict.field, conflict.kind) == ("phone", "auto")
        assert (conflict.kept_value, conflict.kept_by) == ("0902222222", "minh")
        assert (conflict.other_value, conflict.other_by) == ("0901111111", "lan")
    assert a.client.verify() == b.client.verify() == {"48": True, "00": True}


def test_money_is_never_overwritten_silently(pcs: list[Installation]) -> None:
    a, b = pcs
    proposal_id = new_proposal(a.database, "KCĐP-2026-001")
    with a.database.transaction("lan") as session:
        row = session.get(Proposal, proposal_id)
        assert row is not None
        row.budget_lines.append(
            BudgetLine(position=1, item="Máy sấy", unit_price=1, amount=1, support_amount=1, province_code="48")
        )
    a.client.sync()
    b.client.sync()
    for pc, actor, amount in ((a, "lan", 300_000_000), (b, "minh", 350_000_000)):
        with pc.database.transaction(actor) as session:
            line = session.scalars(select(BudgetLine)).one()
            line.unit_price = line.amount = line.support_amount = amount
    a.client.sync()
    b.client.sync()
    a.client.sync()
    for pc in (a, b):
        with pc.database.session() as session:
            line = session.scalars(select(BudgetLine)).one()
            assert line.unit_price == 300_000_000  # the first to arrive stays
            found = {(c.field, c.kind, c.other_value) for c in open_conflicts(session)}
            assert ("unit_price", "review", 350_000_000) in found


def _new_place(pc: Installation) -> uuid.UUID:
    proposal_id = new_proposal(pc.database, "KCĐP-2026-009")
    with pc.database.transaction("lan") as session:
        workspace.add_location(session, proposal_id, commune(session, "48", "xa").code, "Nhà văn hóa thôn 3")
        session.flush()
        return session.scalars(select(ProposalLocation.id)).one()


def _visitors(pc: Installation, location_id: uuid.UUID, actor: str = "", add: int = 0) -> int:
    """Add ``add`` visitors on this PC (when given) and return its count."""
    with pc.database.transaction(actor or "lan") as session:
        place = session.get(ProposalLocation, location_id)
        assert place is not None
        place.visitors += add
        return place.visitors


def test_visitors_counted_on_two_pcs_add_up_without_a_conflict(pcs: list[Installation]) -> None:
    """A count that adds up travels as the difference each PC made: both groups count, nothing to settle."""
    a, b = pcs
    place = _new_place(a)
    a.client.sync()
    b.client.sync()
    _visitors(a, place, "lan", 30)
    _visitors(b, place, "minh", 25)
    _visitors(b, place, "minh", 5)  # a second group on the same PC before it syncs
    a.client.sync()
    b.client.sync()
    a.client.sync()
    assert _visitors(a, place) == _visitors(b, place) == 60
    for pc in (a, b):
        with pc.database.session() as session:
            assert open_conflicts(session) == []
    assert a.client.verify() == b.client.verify() == {"48": True, "00": True}

    _visitors(a, place, "lan", 10)  # its answer is lost, and the same change is sent again: counted once
    with a.database.session() as session:
        from sync.client import _mutation

        entry = session.scalars(select(OutboxEntry).where(OutboxEntry.acked_at.is_(None))).one()
        mutation = _mutation(entry)
    assert mutation.fields["visitors"] == [60, 70]
    a.transport.push([mutation])
    a.client.sync()
    b.client.sync()
    assert _visitors(a, place) == _visitors(b, place) == 70


def test_an_edit_of_a_deleted_record_lands_and_asks_to_restore(pcs: list[Installation]) -> None:
    a, b = pcs
    row_id = _new_facility(a, "Cơ sở sắp xóa")
    a.client.sync()
    b.client.sync()
    with a.database.transaction("lan") as session:
        row = session.get(Facility, uuid.UUID(row_id))
        assert row is not None
        audit.soft_delete(row)
    _edit(b, row_id, "minh", phone="0903333333")
    a.client.sync()
    b.client.sync()
    copy = _facility(b, row_id)
    assert copy is not None and copy.deleted_at is not None and copy.phone == "0903333333"
    with b.database.session() as session:
        (conflict,) = open_conflicts(session)
        assert (conflict.field, conflict.kind) == ("deleted_at", "review")


def test_only_a_director_approves(pcs: list[Installation], server: Engine, template_db: Path, tmp_path: Path) -> None:
    a, _b = pcs
    proposal_id = appraised_proposal(a.database, "KCĐP-2026-002")
    assert a.client.sync().rejected == 0
    act(a.database, proposal_id, Action.APPROVE, "lan", decision_no="12/QĐ-KC")  # offline, staff approves
    report = a.client.sync()
    assert report.rejected == 2  # the step and the proposal (its status, the approved money): one decision
    assert list(report.refusals) == ["Chỉ Giám đốc Trung tâm được quyết định “Đã phê duyệt” đề án"]
    with a.database.session() as session:  # put back as the server has it; what was typed waits
        row = session.get(Proposal, proposal_id)
        assert row is not None and row.status is ProposalStatus.APPRAISED and row.approved_support is None
        refused = session.scalars(select(Rejection)).all()
        assert {r.needs for r in refused} == {"director"} and len(refused) == 2
    assert a.client.sync().verified == {"48": True, "00": True}
    with server.connect() as connection:
        assert str(connection.scalar(select(schema.rejected.c.reason))).startswith("Chỉ Giám đốc")
    director = Installation(server, template_db, tmp_path / "c", "may-gd", "giam-doc", "director", "48")
    try:
        director.client.sync()
        act(director.database, proposal_id, Action.APPROVE, "giam-doc", decision_no="12/QĐ-KC")
        assert director.client.sync().rejected == 0
        a.client.sync()
        with a.database.session() as session:
            row = session.get(Proposal, proposal_id)
            assert row is not None and row.status is ProposalStatus.APPROVED
            assert row.approved_support == 100_000_000
    finally:
        director.close()


def test_another_province_is_neither_written_nor_read(
    pcs: list[Installation], server: Engine, template_db: Path, tmp_path: Path
) -> None:
    a, _b = pcs
    _new_facility(a, "Cơ sở Đà Nẵng")
    a.client.sync()
    hue = Installation(server, template_db, tmp_path / "h", "may-hue", "hoa", "staff", "46")
    try:
        with pytest.raises(store.Forbidden):
            hue.transport.pull("48", 0, 10)
        with pytest.raises(store.Forbidden):
            hue.transport.summary("48")
        with hue.database.transaction("hoa") as session:
            make_facility(session, commune(session, "48", "xa"), name="Ghi sang tỉnh khác")
        assert hue.client.push().rejected == 1
    finally:
        hue.close()
    assert rules.may_write("viewer", "48", "48") is False


def test_a_conflict_is_resolved_by_an_ordinary_edit(pcs: list[Installation]) -> None:
    a, b = pcs
    row_id = _new_facility(a, "Cơ sở tre")
    a.client.sync()
    b.client.sync()
    _edit(a, row_id, "lan", phone="0904444444")
    _edit(b, row_id, "minh", phone="0905555555")
    a.client.sync()
    b.client.sync()
    with b.database.transaction("minh") as session:
        (conflict,) = open_conflicts(session)
        row = session.get(Facility, conflict.record_id)
        assert row is not None
        # The later edit was kept (edits in the same millisecond are ordered by device): the other is set aside.
        assert {conflict.kept_value, conflict.other_value} == {"0904444444", "0905555555"}
        assert row.phone == conflict.kept_value
        other = conflict.other_value
        row.phone = other  # "put the other value back"
        conflict.status = "resolved"
    b.client.sync()
    a.client.sync()
    assert _facility(a, row_id).phone == other  # type: ignore[union-attr]
    with a.database.session() as session:
        assert open_conflicts(session) == []
        assert session.scalar(select(SyncConflict.status)) == "resolved"


@pytest.mark.slow
def test_rows_written_without_the_outbox_are_sent_once(
    server: Engine, template_db: Path, tmp_path: Path, demo_file_named: DemoFile
) -> None:
    """Demo data (and databases from before sync) are written in bulk: the first sync sends them all.

    Approved proposals among them are decisions: the centre's director makes that first upload."""
    from sync.client import adopt_unsent

    demo = copy_of(demo_file_named("centre"), tmp_path / "demo")
    source = Installation(server, demo, tmp_path / "a", "may-a", "giam-doc", "director", "48")
    other = Installation(server, template_db, tmp_path / "b", "may-b", "minh", "staff", "48")
    try:
        report = source.client.sync()
        assert report.rejected == 0
        assert report.pushed > 40
        assert adopt_unsent(source.database) == 0  # nothing is queued twice
        assert other.client.sync().verified == {"48": True, "00": True}
        assert local_summary(other.database, "48") == local_summary(source.database, "48")
        with other.database.session() as session:
            assert session.scalar(select(func.count()).select_from(Facility)) == 40
    finally:
        source.close()
        other.close()


def test_the_server_checks_with_the_forms_rules(pcs: list[Installation]) -> None:
    """A value the form would refuse (written by a script, a bad import) is refused by the server too."""
    a, _b = pcs
    row_id = _new_facility(a, "Cơ sở kiểm tra")
    a.client.sync()
    _edit(a, row_id, "lan", phone="12ab")
    report = a.client.sync(verify=False)
    assert report.rejected == 1
    assert "trường “Điện thoại”" in next(iter(report.refusals))
    assert _facility(a, row_id).phone == ""  # type: ignore[union-attr]  # put back as the server has it


def test_a_row_the_pcs_could_not_store_is_refused(pcs: list[Installation], server: Engine) -> None:
    """An insert without a field the tables require (a buggy script, another program) would make every PC
    of the province fail at the next sync: the server refuses it, and emptying such a field."""
    a, b = pcs
    row_id = _new_facility(a, "Cơ sở đủ trường")
    a.client.sync()
    lacking = Mutation(
        seq=1,
        table="facility",
        row_id=str(uuid.uuid4()),
        province_code="48",
        action="insert",
        fields={"name": [None, "Thiếu loại hình"], "province_code": [None, "48"], "sector": [None, None]},
        hlc="000000000000001-00000-x",
        actor="minh",
        at="2026-11-22T00:00:00+00:00",
    )
    emptied = Mutation(
        2, "facility", row_id, "48", "update", {"legal_form": ["ho_kinh_doanh", None]}, lacking.hlc, "minh", lacking.at
    )
    outcomes = store.push(server, b.caller, [lacking, emptied]).outcomes
    assert [o.status for o in outcomes] == ["rejected", "rejected"]
    assert outcomes[0].message == "Cơ sở CNNT: thiếu trường bắt buộc Lĩnh vực, Xã/phường, Loại hình"
    assert outcomes[1].message == "Cơ sở CNNT: thiếu trường bắt buộc Loại hình"
    assert b.client.sync().verified == {"48": True, "00": True}  # the province still syncs


def test_after_a_server_restore_installations_read_again_and_resend(pcs: list[Installation], server: Engine) -> None:
    a, b = pcs
    _new_facility(a, "Cơ sở trước khi khôi phục")
    a.client.sync()
    b.client.sync()
    store.new_epoch(server)  # the administrator restored the database from a backup
    report = a.client.sync()
    assert report.pulled > 0  # read again from the start
    assert a.client.waiting() == 0  # resent: answered from the ledger, nothing applied twice
    with server.connect() as connection:
        rows = connection.scalar(select(func.count()).select_from(Facility.__table__))
        assert rows == 1
    assert a.client.verify() == b.client.sync().verified == {"48": True, "00": True}


# --- first copies and the change log -------------------------------------------------------------------
class _CutAfter:
    """A link that carries ``pages`` snapshot pages of 3 rows, then fails."""

    def __init__(self, pc: Installation, pages: int) -> None:
        self.pc, self.pages = pc, pages

    def __getattr__(self, name: str) -> object:
        return getattr(self.pc.transport, name)

    def snapshot(self, scope: str, after: int, limit: int) -> object:
        if self.pages == 0:
            raise ConnectionError("cut")
        self.pages -= 1
        return self.pc.transport.snapshot(scope, after, 3)


def _names(pc: Installation) -> set[str]:
    with pc.database.session() as session:
        return set(session.scalars(select(Facility.name).where(Facility.province_code == "48")))


def test_a_first_copy_appears_whole_and_resumes_after_a_cut(pcs: list[Installation]) -> None:
    a, b = pcs
    made = {f"Cơ sở số {n}" for n in range(10)}
    for name in sorted(made):
        _new_facility(a, name)
    a.client.sync()
    b.client.scopes = ["48"]
    b.client.transport = _CutAfter(b, 2)  # type: ignore[assignment]
    with pytest.raises(ConnectionError):
        b.client.sync()
    assert _names(b) == set()  # six rows downloaded, none shown: a half province is never on screen
    with b.database.session() as session:
        assert session.scalar(select(func.count()).select_from(SnapshotRow)) == 6
    b.client.transport = _CutAfter(b, 100)  # type: ignore[assignment]
    report = b.client.sync()
    assert report.pulled == 4  # resumed after the six already there
    assert _names(b) == made
    assert report.verified == {"48": True}
    with b.database.session() as session:
        assert session.scalar(select(func.count()).select_from(SnapshotRow)) == 0
        assert session.scalar(select(OutboxEntry)) is None  # what arrived is not sent back


def test_a_first_copy_that_does_not_match_the_server_is_downloaded_again(
    pcs: list[Installation], server: Engine
) -> None:
    a, b = pcs
    _new_facility(a, "Cơ sở dệt lụa Mã Châu")
    a.client.sync()
    b.client.scopes = ["48"]
    real = b.transport.snapshot
    calls: list[int] = []

    def damaged(scope: str, after: int, limit: int) -> SnapshotPage:
        page = real(scope, after, limit)
        calls.append(after)
        if len(calls) == 1:  # the first copy arrives altered
            bad = [
                Change(c.position, c.table, c.row_id, {**c.data, "name": "Sai"} if c.data else None) for c in page.rows
            ]
            return SnapshotPage(bad, page.cursor, page.more, page.epoch, page.summary)
        return page

    b.transport.snapshot = damaged  # type: ignore[method-assign]
    b.client.sync()
    assert calls == [0, 0]
    assert _names(b) == {"Cơ sở dệt lụa Mã Châu"}


def test_the_change_log_holds_each_row_once(pcs: list[Installation], server: Engine) -> None:
    """A record edited many times costs one row to a PC that pulls it later, not one per edit."""
    a, b = pcs
    row_id = _new_facility(a, "Cơ sở mây tre")
    a.client.sync()
    b.client.sync()
    for number in range(5):
        _edit(a, row_id, "lan", note=f"lần {number}")
        a.client.sync()
    with server.connect() as connection:
        logged = connection.scalar(select(func.count()).select_from(schema.meta).where(schema.meta.c.row_id == row_id))
    assert logged == 1
    report = b.client.sync()
    assert report.pulled == 1
    copy = _facility(b, row_id)
    assert copy is not None and copy.note == "lần 4"


def test_a_transaction_bigger_than_a_push_goes_in_parts(
    pcs: list[Installation], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A local transaction is sent whole in one push, unless it holds more than a push may carry (an Excel
    import of thousands of rows): then in parts, and every row arrives."""
    a, b = pcs
    monkeypatch.setattr("sync.client.MAX_PUSH", 30)
    sizes: list[int] = []
    push = a.transport.push

    def counted(mutations: list[Mutation], seen: dict[str, int]) -> object:
        sizes.append(len(mutations))
        return push(mutations, seen)

    monkeypatch.setattr(a.transport, "push", counted)
    with a.database.transaction("lan") as session:
        place = commune(session, "48", "xa")
        for n in range(75):
            make_facility(session, place, name=f"Cơ sở nhập từ Excel {n}")
    report = a.client.sync()
    assert report.rejected == 0 and report.pushed == 75
    assert max(sizes) <= 30 and sum(sizes) == 75
    assert b.client.sync().verified == {"48": True, "00": True}
    with b.database.session() as session:
        assert session.scalar(select(func.count()).select_from(Facility)) == 75
