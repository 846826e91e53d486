"""The model-based test of design/sync.md, with what the real world has: installations on real SQLite files
edit offline and sync through a transport that drops requests, drops answers after the server committed,
duplicates, replays old requests, truncates batches and stalls.

The world modelled: facilities whose yearly figures exist before the facility is edited again (children
before a parent's later change), figures of the same year and enrolments of the same trainee made on two
PCs offline (rows identified by what they join), proposals taken through their steps by staff and by the
director (approvals refused to staff, two PCs moving the same proposal at once, a step undone), counts of
visitors that add up, deletions, a new PC joining at any moment, and a hostile client of the province that
pushes arbitrary rows (any table, any field, any value, any province).

After every step: every value typed on an honest PC is waiting in its outbox, held by the server (in a row,
a conflict record or among the rejected), or kept in that PC's inbox of refused changes; no record was
created twice; every proposal's status on the server is the end of its chain of steps; cursors and ledgers
never go backwards; no installation holds another province's rows; the server's stored digests are those of
its rows. A PC joining from nothing can always take its first copy and match the server. At the end, with the
link repaired, every installation holds exactly what the server holds (checksums), every visitor is counted
once, and the server holds every edit.
"""

from __future__ import annotations

import contextlib
import gzip
import itertools
import json
import os
import shutil
import tempfile
import uuid
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, consumes, invariant, multiple, precondition, rule
from sqlalchemy import select

from desktop.models import (
    Enrolment,
    Facility,
    FacilityYear,
    OutboxEntry,
    Proposal,
    ProposalLocation,
    Rejection,
    StatusTransition,
    SyncConflict,
    SyncCursor,
    Trainee,
    TrainingCourse,
)
from desktop.models.base import natural_id
from desktop.models.enums import CourseKind, Gender, ProposalStatus
from desktop.services import lifecycle
from desktop.services.proposal_actions import Action
from desktop.store import audit, undo
from desktop.store.db import Database
from sync import account, bundle, signing
from sync.client import SyncClient
from sync.protocol import (
    SYNCED_TABLES,
    BlobState,
    Change,
    Digests,
    Mutation,
    PullReply,
    PushReply,
    ScopeSummary,
    SnapshotPage,
)
from sync.server import bundles, rows, schema, store, users
from sync.server.inprocess import InProcess
from tests.sync_fixtures import PG_URL, act, appraised_proposal, fresh_servers

FAULTS = ("ok", "drop_request", "drop_answer", "duplicate", "replay_old", "truncate", "stall")
EDITABLE = ("phone", "note", "representative_name")
PCS = (("a", "48", "staff"), ("b", "48", "director"), ("c", "46", "staff"))
NAMES = [name for name, _province, _role in PCS]
YEARS = (2024, 2025)
ACTIONS = {
    Action.APPROVE: {"decision_no": "15/QĐ-SCT"},
    Action.REJECT: {"decision_no": "16/QĐ-SCT", "reason": "Không đủ kinh phí"},
    Action.RETURN: {"reason": "Bổ sung hồ sơ"},
    Action.CONTRACT: {"number": "01/HĐ-KC"},
    Action.START: {},
    Action.ADVANCE: {"amount": "30.000.000"},
    Action.STOP: {"decision_no": "17/QĐ-SCT", "reason": "Dừng"},
}


class LinkDown(ConnectionError):
    """What the client sees when the network fails."""


class FaultyLink:
    """Carries requests to the server, following a script of faults (one per request, then clean)."""

    def __init__(self, server: InProcess) -> None:
        self.server = server
        self.script: list[str] = []
        self.sent: list[list[Mutation]] = []

    def _fault(self) -> str:
        return self.script.pop(0) if self.script else "ok"

    def push(self, mutations: list[Mutation], seen: dict[str, int]) -> PushReply:
        fault = self._fault()
        if fault in ("drop_request", "stall"):
            raise LinkDown(fault)
        if fault == "replay_old" and self.sent:
            self.server.push(self.sent[0], seen)  # an old request arrives late; its answer goes nowhere
        if fault == "truncate":
            mutations = mutations[: max(1, len(mutations) // 2)]
        self.sent.append(mutations)
        reply = self.server.push(mutations, seen)
        if fault == "duplicate":
            reply = self.server.push(mutations, seen)
        if fault == "drop_answer":
            raise LinkDown(fault)
        return reply

    def pull(self, scope: str, after: int, limit: int) -> PullReply:
        fault = self._fault()
        if fault in ("drop_request", "stall"):
            raise LinkDown(fault)
        reply = self.server.pull(scope, after, min(limit, 7))  # small pages: page boundaries get tested
        if fault in ("drop_answer", "truncate"):
            raise LinkDown(fault)
        return reply

    def snapshot(self, scope: str, after: int, limit: int) -> SnapshotPage:
        fault = self._fault()
        if fault in ("drop_request", "stall"):
            raise LinkDown(fault)
        page = self.server.snapshot(scope, after, min(limit, 7))
        if fault in ("drop_answer", "truncate"):
            raise LinkDown(fault)
        return page

    def summary(self, scope: str) -> ScopeSummary:
        if self._fault() in ("drop_request", "drop_answer", "stall"):
            raise LinkDown("summary")
        return self.server.summary(scope)

    def digests(self, scope: str, table: str, suffix: str) -> Digests:
        return self.server.digests(scope, table, suffix)

    def fetch(self, scope: str, table: str, ids: list[str]) -> list[Change]:
        if self._fault() in ("drop_request", "drop_answer", "stall"):
            raise LinkDown("fetch")
        return self.server.fetch(scope, table, ids)

    # The installations here attach no files: attachment contents are tested in test_sync_files.
    def blob_state(self, sha256: str, scope: str) -> BlobState:
        return self.server.blob_state(sha256, scope)

    def blob_put(self, sha256: str, size: int, start: int, data: bytes, scope: str) -> BlobState:
        return self.server.blob_put(sha256, size, start, data, scope)

    def blob_get(self, sha256: str, start: int, limit: int, scope: str) -> bytes | None:
        return self.server.blob_get(sha256, start, limit, scope)


ANY_VALUE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.text(min_size=290, max_size=310),
    st.sampled_from(["", "\x00", "2026-01-01", "2026-01-01T00:00:00+00:00", "48", "46", "00", "du_thao"]),
    st.sampled_from([s.value for s in ProposalStatus] + ["ho_kinh_doanh", "cong_nghiep_xay_dung", "nam"]),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


JOINS = 2
"""New PCs a run may bring in. A join downloads the whole province and the national lists (0.4 s, twenty
times an edit): unlimited, it took a quarter of the steps and most of the time, and left fewer steps to
the edits, syncs and faults it is meant to check against each other."""


class SyncModel(RuleBasedStateMachine):
    facilities = Bundle("facilities")
    places = Bundle("places")
    proposals = Bundle("proposals")
    courses = Bundle("courses")
    postgresql = False

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="sync-model-"))
        self.server, self.close_server = fresh_servers().engine("postgresql" if self.postgresql else "sqlite")
        self.pcs: dict[str, tuple[SyncClient, FaultyLink, str]] = {}
        self.actors: dict[str, str] = {}
        self.devices: dict[str, str] = {}
        for name, province, role in PCS:
            client, link = self._installation(name, province, role)
            self.pcs[name] = (client, link, province)
        with self.server.begin() as connection:
            hostile = users.find(connection, "ke-xau") or users.add(connection, "ke-xau", "-", "staff", "48")
            device = str(uuid.uuid4())
            users.register_device(connection, hostile, device, "ke-xau")
            self.hostile = users.caller(connection, hostile, device)
        self.hostile_seq = 0
        self.counter = itertools.count(1)
        # unique value -> (pc, row, field); per (row, field) the values in the order they were typed
        self.written: dict[str, tuple[str, uuid.UUID, str]] = {}
        self.history: dict[tuple[uuid.UUID, str], list[str]] = {}
        self.honest: set[str] = set()  # ids of rows made by honest PCs (the hostile client may not edit them)
        self.cursors: dict[tuple[str, str], int] = {}
        self.ledger: dict[str, int] = {}
        self.visitors: dict[uuid.UUID, int] = {}  # per place of a proposal: every visitor added on any PC
        self.joined = 0

    def _installation(self, name: str, province: str, role: str) -> tuple[SyncClient, FaultyLink]:
        path = self.folder / f"{name}.sqlite3"
        shutil.copyfile(TEMPLATE, path)
        database = Database(path)
        device = str(uuid.uuid4())
        user = f"{'gd' if role == 'director' else 'nv'}-{name}"
        key = signing.public_key(account.signing_key(database))
        with self.server.begin() as connection:
            found = users.find(connection, user) or users.add(connection, user, "-", role, province)
            users.register_device(connection, found, device, name, key)
            caller = users.caller(connection, found, device)
            account.enrolled(database, user, signing.public_key(store.signing_key(connection)))
        self.actors[name] = user
        self.devices[name] = device
        link = FaultyLink(InProcess(self.server, caller))
        return SyncClient(database, link, [province, "00"]), link

    def teardown(self) -> None:
        try:
            self.converge()
            self.every_edit_is_waiting_held_or_in_the_inbox()
        finally:
            for client, _link, _province in self.pcs.values():
                client.database.close()
            self.close_server()
            shutil.rmtree(self.folder, ignore_errors=True)

    def _typed(self, value: str, pc: str, row_id: uuid.UUID, field: str) -> None:
        self.written[value] = (pc, row_id, field)
        self.history.setdefault((row_id, field), []).append(value)

    def _value(self, field: str) -> str:
        n = next(self.counter)
        return f"09{n:08d}" if field == "phone" else f"giá trị {n}"

    def _db(self, pc: str) -> Database:
        return self.pcs[pc][0].database

    # --- what people do ---------------------------------------------------------------------------
    @rule(target=facilities, pc=st.sampled_from(NAMES), year=st.sampled_from(YEARS))
    def create(self, pc: str, year: int) -> Any:
        """A facility made with its yearly figures: the children exist before the parent's next edit."""
        client, _link, province = self.pcs[pc]
        name = f"Cơ sở {next(self.counter)}"
        with client.database.transaction(self.actors[pc]) as session:
            facility = Facility(
                name=name,
                legal_form="ho_kinh_doanh",
                sector="cong_nghiep_xay_dung",
                commune_code=COMMUNES[province],
                province_code=province,
            )
            facility.years.append(FacilityYear(year=year, total_employees=3, province_code=province))
            session.add(facility)
            session.flush()
            row_id = facility.id
        self._typed(name, pc, row_id, "name")
        self.honest.add(str(row_id))
        return multiple((row_id, province))

    @rule(row=facilities, pc=st.sampled_from(NAMES), field=st.sampled_from(EDITABLE))
    def edit(self, row: tuple[uuid.UUID, str], pc: str, field: str) -> None:
        client, _link, province = self.pcs[pc]
        row_id, row_province = row
        if row_province != province:
            return  # another province's record is not on this PC
        value = self._value(field)
        with client.database.transaction(self.actors[pc]) as session:
            found = session.get(Facility, row_id)
            if found is None:
                return  # not pulled here yet
            setattr(found, field, value)
        self._typed(value, pc, row_id, field)

    @rule(row=facilities, pc=st.sampled_from(NAMES), year=st.sampled_from(YEARS))
    def figures(self, row: tuple[uuid.UUID, str], pc: str, year: int) -> None:
        """The figures of a year entered on any PC that has the facility: the same year on two PCs offline
        is one row (its id is derived from the facility and the year)."""
        client, _link, province = self.pcs[pc]
        with client.database.transaction(self.actors[pc]) as session:
            found = session.get(Facility, row[0])
            if found is None or found.province_code != province:
                return
            existing = session.get(FacilityYear, natural_id("facility_year", [found.id, year]))
            if existing is None and not any(y.year == year for y in found.years):
                found.years.append(FacilityYear(year=year, total_employees=next(self.counter), province_code=province))
            elif existing is not None:
                existing.total_employees = next(self.counter)
        self.honest.add(str(natural_id("facility_year", [row[0], year])))

    @rule(target=places, pc=st.sampled_from(NAMES))
    def plan_a_place(self, pc: str) -> Any:
        client, _link, province = self.pcs[pc]
        proposal_id = appraised_proposal(client.database, f"KCĐP-{next(self.counter)}", province, self.actors[pc])
        with client.database.transaction(self.actors[pc]) as session:
            place = session.scalars(select(ProposalLocation).where(ProposalLocation.proposal_id == proposal_id)).one()
            self.visitors[place.id] = 0
            self.honest.update({str(proposal_id), str(place.id)})
            return multiple(place.id)

    @rule(target=proposals, pc=st.sampled_from(NAMES))
    def draft_a_proposal(self, pc: str) -> Any:
        client, _link, province = self.pcs[pc]
        proposal_id = appraised_proposal(client.database, f"KCĐP-{next(self.counter)}", province, self.actors[pc])
        self.honest.add(str(proposal_id))
        return multiple(proposal_id)

    @rule(proposal=proposals, pc=st.sampled_from(NAMES), action=st.sampled_from(sorted(ACTIONS)))
    def take_a_step(self, proposal: uuid.UUID, pc: str, action: Action) -> None:
        """A step of the proposal's life, as this PC sees it (staff may try an approval: it is refused)."""
        client, _link, _province = self.pcs[pc]
        with contextlib.suppress(lifecycle.RuleViolation, LookupError, ValueError):
            act(client.database, proposal, action, self.actors[pc], **ACTIONS[action])

    @rule(pc=st.sampled_from(NAMES))
    def undo_the_last_action(self, pc: str) -> None:
        client, _link, _province = self.pcs[pc]
        with client.database.transaction(self.actors[pc]) as session:
            recent = undo.recent(session, self.actors[pc], limit=1)
            if recent:
                with contextlib.suppress(undo.UndoRefused):
                    undo.undo(session, recent[0].id)

    @rule(target=courses, pc=st.sampled_from(NAMES))
    def open_a_course(self, pc: str) -> Any:
        """A course and a trainee, made on one PC (the others see them after syncing)."""
        client, _link, province = self.pcs[pc]
        from datetime import date

        with client.database.transaction(self.actors[pc]) as session:
            course = TrainingCourse(
                kind=CourseKind.DAO_TAO_NGHE,
                topic=f"Lớp {next(self.counter)}",
                start_date=date(2026, 3, 1),
                end_date=date(2026, 3, 10),
                province_code=province,
            )
            trainee = Trainee(full_name=f"Học viên {next(self.counter)}", gender=Gender.NU, province_code=province)
            session.add_all([course, trainee])
            session.flush()
            self.honest.update({str(course.id), str(trainee.id)})
            return multiple((course.id, trainee.id, province))

    @rule(course=courses, pc=st.sampled_from(NAMES))
    def enrol(self, course: tuple[uuid.UUID, uuid.UUID, str], pc: str) -> None:
        """Two PCs that each enrol the same trainee offline make one enrolment."""
        client, _link, province = self.pcs[pc]
        course_id, trainee_id, _ = course
        with client.database.transaction(self.actors[pc]) as session:
            found, person = session.get(TrainingCourse, course_id), session.get(Trainee, trainee_id)
            if found is None or person is None or found.province_code != province:
                return
            if session.get(Enrolment, natural_id("enrolment", [course_id, trainee_id])) is None:
                session.add(Enrolment(course_id=course_id, trainee_id=trainee_id, province_code=province))
        self.honest.add(str(natural_id("enrolment", [course_id, trainee_id])))

    @rule(place=places, pc=st.sampled_from(NAMES), people=st.integers(1, 40))
    def count_visitors(self, place: uuid.UUID, pc: str, people: int) -> None:
        """A count that adds up: every PC that has the place adds its groups; none may be lost or doubled."""
        client, _link, _province = self.pcs[pc]
        with client.database.transaction(self.actors[pc]) as session:
            found = session.get(ProposalLocation, place)
            if found is None or found.deleted_at is not None:
                return  # another province's, or not pulled here yet
            found.visitors += people
        self.visitors[place] += people

    @rule(row=consumes(facilities), pc=st.sampled_from(NAMES))
    def delete(self, row: tuple[uuid.UUID, str], pc: str) -> None:
        client, _link, province = self.pcs[pc]
        with client.database.transaction(self.actors[pc]) as session:
            found = session.get(Facility, row[0])
            if found is not None and found.province_code == province:
                audit.soft_delete(found)

    @rule(pc=st.sampled_from(NAMES), faults=st.lists(st.sampled_from(FAULTS), max_size=5))
    def sync(self, pc: str, faults: list[str]) -> None:
        """Whatever the link does, a sync either finishes or stops on the link: it never fails otherwise."""
        client, link, _province = self.pcs[pc]
        link.script = list(faults)
        with contextlib.suppress(LinkDown):  # the next sync picks up where this one stopped
            client.sync(verify=False)

    @rule(data=st.data())
    def hostile_push(self, data: st.DataObject) -> None:
        """A signed-in staff account of province 48 pushing whatever it likes: the server keeps only what
        every PC can store and its rules allow, and no honest PC's sync is ever stopped by it."""
        table = data.draw(st.sampled_from(sorted(SYNCED_TABLES)))
        columns = [c.key for c in SYNCED_TABLES[table].c if c.key != "search_text"]
        with self.server.connect() as connection:
            known = [str(r) for r in connection.scalars(select(schema.meta.c.row_id).limit(60))]
        row_id = data.draw(st.one_of(st.builds(lambda: str(uuid.uuid4())), st.sampled_from(known or ["x"])))
        names = data.draw(st.lists(st.sampled_from([*columns, "khong_co"]), max_size=6, unique=True))
        fields: dict[str, Any] = {}
        for name in names:
            if row_id in self.honest and table in ("facility", "proposal_location") and name in (*EDITABLE, "name"):
                continue  # honest values are tracked: another account editing them is not a loss
            fields[name] = data.draw(st.one_of(st.lists(ANY_VALUE, min_size=2, max_size=2), ANY_VALUE))
        for name, parent in _parents(table):  # now and then a real parent, so the row gets far
            if data.draw(st.booleans()):
                fields[name] = [None, data.draw(st.sampled_from(_known_parents(self.server, parent) or ["x"]))]
        if row_id in self.honest and table == "proposal_location":
            fields.pop("visitors", None)  # the visitors counted are tracked too
        mutation = Mutation(
            seq=self.hostile_seq + 1,
            table=table,
            row_id=row_id,
            province_code=data.draw(st.sampled_from(["48", "46", "00", "99"])),
            action=data.draw(st.sampled_from(["insert", "update", "delete", "import"])),
            fields=fields,
            hlc=data.draw(st.sampled_from(["000000000000001-00000-ke-xau", "x", "9" * 15 + "-00000-z"])),
            actor=data.draw(st.sampled_from(["giam-doc", "ke-xau", "\x00"])),
            at=data.draw(st.sampled_from(["1999-01-01T00:00:00+00:00", "bây giờ"])),
        )
        try:
            reply = store.push(self.server, self.hostile, [mutation])
        except store.SyncRefused:
            return  # refused whole (bringing in decisions needs a director): nothing applied
        assert [o.seq for o in reply.outcomes] == [mutation.seq]
        self.hostile_seq += 1

    @rule(pc=st.sampled_from(NAMES), forgery=st.sampled_from(["edited", "another_key", "unknown_device"]))
    def forged_bundle(self, pc: str, forgery: str) -> None:
        """A sync file in an honest PC's name that it did not sign as it is (its device id is in clear in any
        file it made): refused whole, nothing applied, that PC's numbering untouched."""
        client, _link, _province = self.pcs[pc]
        genuine = self.folder / "that.kcsync"
        bundle.export(client.database, genuine, self.devices[pc])
        body, signature = bundle.read(genuine, bundle.KIND_REQUEST)
        made_up = {"name": [None, "Cơ sở ma"], "legal_form": [None, "ho_kinh_doanh"], "commune_code": [None, "x"]}
        body["mutations"] = [{**m, "fields": made_up} if forgery == "edited" else m for m in body["mutations"]] or [
            asdict(Mutation(1, "facility", str(uuid.uuid4()), "48", "insert", made_up, "x", "x", "x"))
        ]
        forged = self.folder / "forged.kcsync"
        if forgery == "edited":
            bundle.write(forged, bundle.KIND_REQUEST, body, signing.new_key())
            document = json.loads(gzip.decompress(forged.read_bytes()))
            document["signature"] = signature  # the genuine signature on an edited body
            forged.write_bytes(gzip.compress(json.dumps(document).encode()))
        elif forgery == "another_key":
            bundle.write(forged, bundle.KIND_REQUEST, body, signing.new_key())
        else:
            bundle.write(forged, bundle.KIND_REQUEST, {**body, "device": str(uuid.uuid4())}, signing.new_key())
        with self.server.connect() as connection:
            before = connection.execute(select(schema.ledger.c.seq)).scalars().all()
        with pytest.raises(bundle.BundleRefused):
            bundles.answer(self.server, forged, self.folder / "answer.kcsync")
        with self.server.connect() as connection:
            assert connection.execute(select(schema.ledger.c.seq)).scalars().all() == before

    @precondition(lambda self: self.joined < JOINS)
    @rule()
    def a_new_pc_joins(self) -> None:
        """A PC that was not part of anything so far takes its first copy of province 48 and matches."""
        self.joined += 1
        client, _link = self._installation(f"moi-{self.joined}", "48", "staff")
        try:
            report = client.sync()
            assert report.verified == {"48": True, "00": True}, report
            assert report.parked == 0  # everything the server holds, a PC can store
        finally:
            client.database.close()

    # --- what must always hold ---------------------------------------------------------------------
    @invariant()
    def every_edit_is_waiting_held_or_in_the_inbox(self) -> None:
        """A typed value is waiting in its PC's outbox, or the server holds it (in the row, a conflict
        record or the rejected), or the PC's inbox keeps it refused, or a value typed later into the same
        field replaced it."""
        held: set[Any] = set()
        with self.server.connect() as connection:
            facility = SYNCED_TABLES["facility"]
            for found in connection.execute(select(facility.c.name, *[facility.c[f] for f in EDITABLE])):
                held.update(found)
            conflict = SYNCED_TABLES["sync_conflict"]
            for kept, other in connection.execute(select(conflict.c.kept_value, conflict.c.other_value)):
                held.update({str(kept), str(other)})
            for payload in connection.scalars(select(schema.rejected.c.payload)):
                fields = payload["fields"] if isinstance(payload.get("fields"), dict) else {}
                held.update(str(p[1]) for p in fields.values() if isinstance(p, list) and len(p) == 2)
        waiting: set[Any] = set()
        for client, _link, _province in self.pcs.values():
            with client.database.session() as session:
                for fields in session.scalars(select(OutboxEntry.fields).where(OutboxEntry.acked_at.is_(None))):
                    waiting.update(pair[1] for pair in fields.values())
                for fields in session.scalars(select(Rejection.fields)):
                    waiting.update(pair[1] for pair in fields.values())
        for value, (pc, row_id, field) in self.written.items():
            later = self.history[(row_id, field)]
            kept = later[later.index(value) :]
            assert any(v in held or v in waiting for v in kept), (value, pc, field)

    @invariant()
    def every_status_is_the_end_of_its_steps(self) -> None:
        """On the server, each proposal's live steps chain from its making to its status (a proposal without
        steps is a draft): no status was ever set without the step that makes it, whoever pushed what."""
        with self.server.connect() as connection:
            proposal = SYNCED_TABLES["proposal"]
            step = SYNCED_TABLES["status_transition"]
            statuses = dict(connection.execute(select(proposal.c.id, proposal.c.status)).all())
            chains: dict[Any, list[tuple[Any, Any]]] = {key: [] for key in statuses}
            for proposal_id, source, target in connection.execute(
                select(step.c.proposal_id, step.c.from_status, step.c.to_status)
                .where(step.c.deleted_at.is_(None))
                .order_by(step.c.row_version)
            ):
                chains[proposal_id].append((source, target))
        for proposal_id, status in statuses.items():
            chain = chains[proposal_id]
            if not chain:  # its making not yet recorded (a step of its own, maybe in a later push)
                assert status == ProposalStatus.DRAFT.value, (proposal_id, status)
                continue
            assert chain[0][0] is None, (proposal_id, chain)
            assert all(chain[n][1] == chain[n + 1][0] for n in range(len(chain) - 1)), chain
            assert chain[-1][1] == status, (status, chain)

    @invariant()
    def no_visitor_counted_twice(self) -> None:
        with self.server.connect() as connection:
            place = SYNCED_TABLES["proposal_location"]
            for row_id, visitors in connection.execute(select(place.c.id, place.c.visitors)):
                if row_id in self.visitors:
                    assert visitors <= self.visitors[row_id], row_id

    @invariant()
    def nothing_created_twice(self) -> None:
        with self.server.connect() as connection:
            facility = SYNCED_TABLES["facility"]
            names = [n for n in connection.scalars(select(facility.c.name)) if str(n).startswith("Cơ sở ")]
        assert len(names) == len(set(names))

    @invariant()
    def cursors_and_ledgers_only_move_forward(self) -> None:
        for pc, (client, _link, _province) in self.pcs.items():
            with client.database.session() as session:
                for cursor in session.scalars(select(SyncCursor)):
                    key = (pc, cursor.scope)
                    assert cursor.position >= self.cursors.get(key, 0)
                    self.cursors[key] = cursor.position
        with self.server.connect() as connection:
            for device, last in connection.execute(select(schema.device.c.id, schema.device.c.last_seq)):
                assert last >= self.ledger.get(device, 0)
                self.ledger[device] = last

    @invariant()
    def nobody_holds_another_province(self) -> None:
        for client, _link, province in self.pcs.values():
            with client.database.session() as session:
                for model in (Facility, Proposal, StatusTransition, SyncConflict, Enrolment):
                    found = set(session.scalars(select(model.province_code).distinct()))
                    assert found <= {province}, (model, found)

    # --- the end: the link repaired, everyone converges ----------------------------------------------
    @rule()
    def repair_the_link(self) -> None:
        """Everyone syncs over a clean link: nothing stays waiting."""
        for _round in range(3):
            for client, link, _province in self.pcs.values():
                link.script = []
                client.sync(verify=False)
        for pc, (client, _link, _province) in self.pcs.items():
            assert client.waiting() == 0, pc

    def converge(self) -> None:
        """The end: after a clean round, every installation holds exactly what the server holds."""
        self.repair_the_link()
        for pc, (client, _link, _province) in self.pcs.items():
            report = client.sync()
            assert report.verified and all(report.verified.values()), (pc, report)
            assert report.parked == 0, (pc, report)
        with self.server.connect() as connection:  # every group of visitors counted, once
            place = SYNCED_TABLES["proposal_location"]
            counted = {
                row_id: visitors
                for row_id, visitors in connection.execute(select(place.c.id, place.c.visitors))
                if row_id in self.visitors
            }
            assert counted == self.visitors
            for name in SYNCED_TABLES:  # the digests the checksums add up are those of the rows
                stored = dict(
                    connection.execute(
                        select(schema.meta.c.row_id, schema.meta.c.digest).where(schema.meta.c.table_name == name)
                    ).all()
                )
                found = rows.read_many(connection, name, stored)
                assert {r: rows.digest(name, d) for r, d in found.items()} == stored, name


def _parents(table: str) -> list[tuple[str, str]]:
    return [(c.key, k.column.table.name) for c in SYNCED_TABLES[table].columns for k in c.foreign_keys]


def _known_parents(server: Any, table: str) -> list[str]:
    with server.connect() as connection:
        if table in SYNCED_TABLES:
            return [str(r) for r in connection.scalars(select(SYNCED_TABLES[table].c.id).limit(20))]
    return [COMMUNES["48"], COMMUNES["46"], "may_moc_thiet_bi", "48"]


TEMPLATE: Path
COMMUNES: dict[str, str] = {}


@pytest.fixture(scope="module", autouse=True)
def _prepared(template_db: Path) -> None:
    global TEMPLATE
    TEMPLATE = template_db
    database = Database(template_db)
    with database.session() as session:
        from desktop.models import Commune

        for province in ("48", "46"):
            COMMUNES[province] = str(
                session.scalar(select(Commune.code).where(Commune.province_code == province).order_by(Commune.code))
            )
    database.close()


class SyncModelOnPostgreSQL(SyncModel):
    postgresql = True


def _settings(examples: int, steps: int) -> settings:
    return settings(
        max_examples=int(os.environ.get("SYNC_MODEL_EXAMPLES", examples)),
        stateful_step_count=steps,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )


# 10 runs of up to 45 steps on SQLite, 4 of up to 40 on PostgreSQL, in CI (two to three minutes); set
# SYNC_MODEL_EXAMPLES for a longer search.
SyncModel.TestCase.settings = _settings(10, 45)
SyncModelOnPostgreSQL.TestCase.settings = _settings(4, 40)
test_sync_model_on_sqlite = pytest.mark.slow(SyncModel.TestCase)
test_sync_model_on_postgresql = pytest.mark.slow(
    pytest.mark.skipif(
        not PG_URL, reason="no PostgreSQL on this machine (python3 tasks.py test starts the one CI has)"
    )(SyncModelOnPostgreSQL.TestCase)
)
