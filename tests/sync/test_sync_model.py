"""The model-based test of design/sync.md: installations on real SQLite files edit offline and sync
through a transport that drops requests, drops answers after the server committed, duplicates, replays
old requests, truncates batches and stalls. Every written value is unique, so each can be traced.

After every step: every local edit is waiting in the outbox or held by the server (in the row, in a
conflict record, or among the rejected); no record was created twice; cursors and ledgers never go
backwards; no installation holds another province's rows. At the end, with the link repaired, every
installation holds exactly what the server holds (checksums) and the server holds every edit.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import tempfile
import uuid
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, consumes, invariant, multiple, rule
from sqlalchemy import create_engine, select, text

from desktop.models import Facility, OutboxEntry, ProposalLocation, SyncCursor
from desktop.services import audit
from sync.client import SyncClient
from sync.protocol import BlobState, Mutation, PullReply, PushReply, ScopeSummary, SnapshotPage
from sync.server import schema, store, users
from sync.server.inprocess import InProcess
from tests.sync_fixtures import PG_URL, new_proposal

FAULTS = ("ok", "drop_request", "drop_answer", "duplicate", "replay_old", "truncate", "stall")
EDITABLE = ("phone", "note", "representative_name")
PCS = (("a", "48"), ("b", "48"), ("c", "46"))


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

    def push(self, mutations: list[Mutation]) -> PushReply:
        fault = self._fault()
        if fault in ("drop_request", "stall"):
            raise LinkDown(fault)
        if fault == "replay_old" and self.sent:
            self.server.push(self.sent[0])  # an old request arrives late; its answer goes nowhere
        if fault == "truncate":
            mutations = mutations[: max(1, len(mutations) // 2)]
        self.sent.append(mutations)
        reply = self.server.push(mutations)
        if fault == "duplicate":
            reply = self.server.push(mutations)
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

    # The installations here attach no files: attachment contents are tested in test_sync_files.
    def blob_state(self, sha256: str) -> BlobState:
        return self.server.blob_state(sha256)

    def blob_put(self, sha256: str, size: int, start: int, data: bytes) -> BlobState:
        return self.server.blob_put(sha256, size, start, data)

    def blob_get(self, sha256: str, start: int, limit: int) -> bytes | None:
        return self.server.blob_get(sha256, start, limit)


def _admin(sql: str) -> None:
    engine = create_engine(PG_URL)
    with engine.begin() as connection:
        connection.execute(text(sql))
    engine.dispose()


class SyncModel(RuleBasedStateMachine):
    rows = Bundle("rows")
    places = Bundle("places")
    postgresql = False

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="sync-model-"))
        self.schema = ""
        if self.postgresql:
            self.schema = "m" + uuid.uuid4().hex[:12]
            _admin(f"CREATE SCHEMA {self.schema}")
            self.server = store.open_engine(PG_URL, schema_name=self.schema)
        else:
            self.server = store.open_engine(f"sqlite:///{self.folder / 'server.sqlite3'}")
        self.pcs: dict[str, tuple[SyncClient, FaultyLink, str]] = {}
        self.communes = {"48": "", "46": ""}
        for name, province in PCS:
            path = self.folder / f"{name}.sqlite3"
            shutil.copyfile(TEMPLATE, path)
            from desktop.db import Database

            database = Database(path)
            device = str(uuid.uuid4())
            with self.server.begin() as connection:
                user = users.find(connection, f"nv-{name}") or users.add(
                    connection, f"nv-{name}", "-", "staff", province
                )
                users.register_device(connection, user, device, name)
                caller = users.caller(connection, user, device)
            link = FaultyLink(InProcess(self.server, caller))
            self.pcs[name] = (SyncClient(database, link, [province, "00"]), link, province)
        self.counter = itertools.count(1)
        # unique value -> (pc, row, field); per (row, field) the values in the order they were typed
        self.written: dict[str, tuple[str, uuid.UUID, str]] = {}
        self.history: dict[tuple[uuid.UUID, str], list[str]] = {}
        self.cursors: dict[tuple[str, str], int] = {}
        self.ledger: dict[str, int] = {}
        self.visitors: dict[uuid.UUID, int] = {}  # per place of a proposal: every visitor added on any PC

    def teardown(self) -> None:
        try:
            self.converge()
            self.every_edit_is_waiting_or_on_the_server()
        finally:
            for client, _link, _province in self.pcs.values():
                client.database.close()
            self.server.dispose()
            shutil.rmtree(self.folder, ignore_errors=True)
            if self.schema:
                _admin(f"DROP SCHEMA {self.schema} CASCADE")

    def _typed(self, value: str, pc: str, row_id: uuid.UUID, field: str) -> None:
        self.written[value] = (pc, row_id, field)
        self.history.setdefault((row_id, field), []).append(value)

    def _value(self, field: str) -> str:
        n = next(self.counter)
        return f"09{n:08d}" if field == "phone" else f"giá trị {n}"

    # --- what people do ---------------------------------------------------------------------------
    @rule(target=rows, pc=st.sampled_from([p for p, _ in PCS]))
    def create(self, pc: str) -> Any:
        client, _link, province = self.pcs[pc]
        name = f"Cơ sở {next(self.counter)}"
        with client.database.transaction(f"nv-{pc}") as session:
            code = COMMUNES[province]
            facility = Facility(
                name=name,
                legal_form="ho_kinh_doanh",
                sector="cong_nghiep_xay_dung",
                commune_code=code,
                province_code=province,
            )
            session.add(facility)
            session.flush()
            row_id = facility.id
        self._typed(name, pc, row_id, "name")
        return multiple((row_id, province))

    @rule(row=rows, pc=st.sampled_from([p for p, _ in PCS]), field=st.sampled_from(EDITABLE))
    def edit(self, row: tuple[uuid.UUID, str], pc: str, field: str) -> None:
        client, _link, province = self.pcs[pc]
        row_id, row_province = row
        if row_province != province:
            return  # another province's record is not on this PC
        value = self._value(field)
        with client.database.transaction(f"nv-{pc}") as session:
            found = session.get(Facility, row_id)
            if found is None:
                return  # not pulled here yet
            setattr(found, field, value)
        self._typed(value, pc, row_id, field)

    @rule(target=places, pc=st.sampled_from([p for p, _ in PCS]))
    def plan_a_place(self, pc: str) -> Any:
        client, _link, province = self.pcs[pc]
        proposal_id = new_proposal(client.database, f"KCĐP-{next(self.counter)}", province, f"nv-{pc}")
        with client.database.transaction(f"nv-{pc}") as session:
            place = ProposalLocation(province_code=province, commune_code=COMMUNES[province], proposal_id=proposal_id)
            session.add(place)
            session.flush()
            self.visitors[place.id] = 0
            return place.id

    @rule(place=places, pc=st.sampled_from([p for p, _ in PCS]), people=st.integers(1, 40))
    def count_visitors(self, place: uuid.UUID, pc: str, people: int) -> None:
        """A count that adds up: every PC that has the place adds its groups; none may be lost or doubled."""
        client, _link, _province = self.pcs[pc]
        with client.database.transaction(f"nv-{pc}") as session:
            found = session.get(ProposalLocation, place)
            if found is None:
                return  # another province's, or not pulled here yet
            found.visitors += people
        self.visitors[place] += people

    @rule(row=consumes(rows), pc=st.sampled_from([p for p, _ in PCS]))
    def delete(self, row: tuple[uuid.UUID, str], pc: str) -> None:
        client, _link, province = self.pcs[pc]
        with client.database.transaction(f"nv-{pc}") as session:
            found = session.get(Facility, row[0])
            if found is not None and found.province_code == province:
                audit.soft_delete(found)

    @rule(pc=st.sampled_from([p for p, _ in PCS]), faults=st.lists(st.sampled_from(FAULTS), max_size=5))
    def sync(self, pc: str, faults: list[str]) -> None:
        client, link, _province = self.pcs[pc]
        link.script = list(faults)
        with contextlib.suppress(LinkDown):  # the next sync picks up where this one stopped
            client.sync(verify=False)

    # --- what must always hold ---------------------------------------------------------------------
    @invariant()
    def every_edit_is_waiting_or_on_the_server(self) -> None:
        """A typed value is waiting in its PC's outbox, or the server holds it (in the row, a conflict
        record or the rejected), or a value typed later into the same field replaced it."""
        held: set[Any] = set()
        with self.server.connect() as connection:
            for data in connection.scalars(select(schema.row.c.data)):
                held.update(v for v in data.values() if isinstance(v, str))
            for payload in connection.scalars(select(schema.rejected.c.payload)):
                held.update(str(pair[1]) for pair in payload["fields"].values())
        waiting: set[Any] = set()
        for client, _link, _province in self.pcs.values():
            with client.database.session() as session:
                for fields in session.scalars(select(OutboxEntry.fields).where(OutboxEntry.acked_at.is_(None))):
                    waiting.update(pair[1] for pair in fields.values())
        for value, (pc, row_id, field) in self.written.items():
            later = self.history[(row_id, field)]
            kept = later[later.index(value) :]
            assert any(v in held or v in waiting for v in kept), (value, pc, field)

    @invariant()
    def no_visitor_counted_twice(self) -> None:
        with self.server.connect() as connection:
            for row_id, data in connection.execute(
                select(schema.row.c.row_id, schema.row.c.data).where(schema.row.c.table_name == "proposal_location")
            ):
                assert data["visitors"] <= self.visitors[uuid.UUID(row_id)], row_id

    @invariant()
    def nothing_created_twice(self) -> None:
        with self.server.connect() as connection:
            names = [
                d.get("name")
                for t, d in connection.execute(select(schema.row.c.table_name, schema.row.c.data))
                if t == "facility"
            ]
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
                provinces = set(session.scalars(select(Facility.province_code).distinct()))
            assert provinces <= {province}

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
            assert all(client.verify().values()), pc
        with self.server.connect() as connection:  # every group of visitors counted, once
            counted = {
                uuid.UUID(row_id): data["visitors"]
                for row_id, data in connection.execute(
                    select(schema.row.c.row_id, schema.row.c.data).where(schema.row.c.table_name == "proposal_location")
                )
            }
        assert counted == self.visitors


TEMPLATE: Path
COMMUNES: dict[str, str] = {}


@pytest.fixture(scope="module", autouse=True)
def _prepared(template_db: Path) -> None:
    global TEMPLATE
    TEMPLATE = template_db
    from desktop.db import Database

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


# 40 runs of up to 75 steps on SQLite (about 3,000 steps), 12 on PostgreSQL.
SyncModel.TestCase.settings = _settings(40, 75)
SyncModelOnPostgreSQL.TestCase.settings = _settings(12, 60)
test_sync_model_on_sqlite = SyncModel.TestCase
test_sync_model_on_postgresql = pytest.mark.skipif(
    not PG_URL, reason="no PostgreSQL on this machine (python3 tasks.py test starts the one CI has)"
)(SyncModelOnPostgreSQL.TestCase)
