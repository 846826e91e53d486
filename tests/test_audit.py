"""The audit trail: every change, field by field, in the same transaction; no physical deletes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop.models import AuditEntry, Facility
from desktop.store import audit
from desktop.store.db import Database
from tests.conftest import commune, make_facility

ROOT = Path(__file__).resolve().parent.parent


def test_insert_update_delete_restore_are_listed_with_who(database: Database) -> None:
    with database.transaction(actor="can-bo-a") as session:
        facility = make_facility(session, commune(session, "66", "xa"), name="Cơ sở gốm Yang Tao")
    with database.transaction(actor="can-bo-b") as session:
        f = session.get_one(Facility, facility.id)
        f.name = "Hợp tác xã gốm Yang Tao"
        f.phone = "0912345678"
    with database.transaction(actor="can-bo-c") as session:
        audit.soft_delete(session.get_one(Facility, facility.id))
    with database.transaction(actor="can-bo-a") as session:
        audit.restore(session.get_one(Facility, facility.id))
    with database.session() as session:
        f = session.get_one(Facility, facility.id)
        entries = audit.history(session, f)
        assert [(e.action, e.actor) for e in entries] == [
            ("insert", "can-bo-a"),
            ("update", "can-bo-b"),
            ("delete", "can-bo-c"),
            ("restore", "can-bo-a"),
        ]
        assert entries[0].changes["name"] == [None, "Cơ sở gốm Yang Tao"]
        assert entries[1].changes == {
            "name": ["Cơ sở gốm Yang Tao", "Hợp tác xã gốm Yang Tao"],
            "phone": ["", "0912345678"],
        }
        assert f.created_by == "can-bo-a"
        assert f.updated_by == "can-bo-a"
        assert f.deleted_at is None


def test_an_edit_that_changes_nothing_is_not_recorded(database: Database) -> None:
    with database.transaction() as session:
        facility = make_facility(session, commune(session, "66", "xa"))
    with database.transaction() as session:
        f = session.get_one(Facility, facility.id)
        f.name = f.name
    with database.session() as session:
        assert [e.action for e in audit.history(session, facility)] == ["insert"]


def test_a_failed_action_leaves_neither_the_change_nor_its_audit(database: Database) -> None:
    with database.session() as session:
        before = session.scalar(select(func.count()).select_from(AuditEntry))

    def interrupted_action() -> None:
        with database.transaction() as session:
            make_facility(session, commune(session, "66", "xa"), name="Sẽ không được lưu")
            raise RuntimeError("mất điện giữa chừng")

    with pytest.raises(RuntimeError):
        interrupted_action()
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == before
        assert session.scalar(select(Facility).where(Facility.name == "Sẽ không được lưu")) is None


def test_hard_deletes_are_refused(database: Database) -> None:
    with database.transaction() as session:
        facility = make_facility(session, commune(session, "66", "xa"))
    with pytest.raises(audit.HardDeleteRefused, match="xóa mềm"), database.transaction() as session:
        session.delete(session.get_one(Facility, facility.id))
    with database.session() as session:
        assert session.get(Facility, facility.id) is not None


def test_a_record_added_through_its_parent_is_queued_with_the_parent_s_id(database: Database) -> None:
    """A beneficiary appended to a proposal, a line to its budget: the relationship fills the parent's id
    only while flushing, after the audit trail and the outbox are written; they must carry it."""
    from desktop.models import OutboxEntry, Proposal, ProposalBeneficiary
    from tests.sync_fixtures import new_proposal

    proposal_id = new_proposal(database, "DA-48-01")
    with database.transaction(actor="can-bo-a") as session:
        facility = make_facility(session, commune(session, "48", "xa"))
        proposal = session.get_one(Proposal, proposal_id)
        proposal.beneficiaries.append(ProposalBeneficiary(province_code="48", facility=facility))
    with database.session() as session:
        [entry] = session.scalars(select(OutboxEntry).where(OutboxEntry.table_name == "proposal_beneficiary"))
        assert entry.fields["proposal_id"] == [None, str(proposal_id)]
        assert entry.fields["facility_id"] == [None, str(facility.id)]
        [audited] = session.scalars(select(AuditEntry).where(AuditEntry.table_name == "proposal_beneficiary"))
        assert audited.changes["proposal_id"] == [None, str(proposal_id)]


def _open_until_an_id_is_reused(db_path: Path) -> None:
    """Open databases one after another, each making a facility, until a new database's session factory gets
    the id of a collected one; each must have queued its edit."""
    import gc

    from desktop.models import OutboxEntry

    factories: set[int] = set()
    for n in range(80):
        database = Database(db_path)
        reused = id(database._sessions) in factories
        factories.add(id(database._sessions))
        with database.transaction("lan") as session:
            make_facility(session, commune(session, "48", "xa"), name=f"Cơ sở {n}")
        with database.session() as session:
            assert session.scalar(select(func.count()).select_from(OutboxEntry)) == n + 1, f"database {n}"
        database.close()
        del database, session
        if reused:
            return
        gc.collect()
    raise AssertionError("no session factory took a collected one's id: the case this test is for did not arise")


def test_every_database_opened_in_a_process_queues_its_edits(db_path: Path) -> None:
    """Databases opened one after another (a backup checked, an import, a restore, and the tests' hundreds):
    each one's sessions record their changes. SQLAlchemy keys its listeners by id(), and a closed database's
    freed session factory hands its id to the next one, which then looked as if it had them already.

    In a process of its own: in the test run's large heap, a freed id may not come back for a long time."""
    code = f"import pathlib, tests.test_audit as t; t._open_until_an_id_is_reused(pathlib.Path({str(db_path)!r}))"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
