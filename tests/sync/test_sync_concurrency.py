"""Several requests at once on one server database: the ledger still applies each mutation once.

A PC whose link stalls sends its batch again while the first request is still being served (and a
load balancer may give the two to different server processes). Found by the model-based test: on
SQLite the ledger was read outside the transaction that wrote it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from desktop.models import Facility, OutboxEntry
from sync.client import _mutation
from sync.protocol import Mutation, PushReply
from sync.server import schema, store
from tests.conftest import commune, make_facility
from tests.sync_fixtures import Installation

SENDERS = 6


@pytest.fixture
def pc(server: Engine, template_db: Path, tmp_path: Path) -> Iterator[Installation]:
    made = Installation(server, template_db, tmp_path / "a", "may-a", "lan", "staff", "48")
    yield made
    made.close()


def _outbox(pc: Installation, facilities: int) -> list[Mutation]:
    with pc.database.transaction("lan") as session:
        place = commune(session, "48", "xa")
        for n in range(facilities):
            make_facility(session, place, name=f"Cơ sở đồng thời số {n} của {pc.name}")
    with pc.database.session() as session:
        return [_mutation(e) for e in session.scalars(select(OutboxEntry).order_by(OutboxEntry.seq))]


def test_the_same_batch_sent_at_once_by_several_requests_is_applied_once(server: Engine, pc: Installation) -> None:
    batch = _outbox(pc, 20)
    replies: list[PushReply] = []
    errors: list[BaseException] = []
    start = threading.Barrier(SENDERS)

    def send() -> None:
        start.wait()
        try:
            replies.append(store.push(server, pc.caller, batch))
        except BaseException as error:  # the test reports it below
            errors.append(error)

    threads = [threading.Thread(target=send) for _ in range(SENDERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []  # each request waited its turn: none failed
    assert len(replies) == SENDERS
    for reply in replies:  # every answer, first or repeated, says each mutation was applied
        assert [o.status for o in reply.outcomes] == ["applied"] * len(batch)
    with server.connect() as connection:
        rows = connection.scalar(select(func.count()).select_from(Facility.__table__))
        ledger = connection.scalar(select(func.count()).select_from(schema.ledger))
        logged = connection.scalar(
            select(func.count()).select_from(schema.meta).where(schema.meta.c.province_code == "48")
        )
        last = connection.scalar(select(schema.device.c.last_seq).where(schema.device.c.id == pc.device_id))
    assert rows == len(batch)
    assert ledger == len(batch)
    assert logged == len(batch)
    assert last == batch[-1].seq


def test_pushes_of_different_pcs_at_once_each_land(server: Engine, template_db: Path, tmp_path: Path) -> None:
    pcs = [
        Installation(server, template_db, tmp_path / str(n), f"may-{n}", f"nv{n}", "staff", "48")
        for n in range(SENDERS)
    ]
    batches = [_outbox(pc, 10) for pc in pcs]
    errors: list[BaseException] = []
    replies: list[PushReply] = []
    start = threading.Barrier(SENDERS)

    def send(pc: Installation, batch: list[Mutation]) -> None:
        start.wait()
        try:
            replies.append(store.push(server, pc.caller, batch))
        except BaseException as error:  # the test reports it below
            errors.append(error)

    threads = [threading.Thread(target=send, args=pair) for pair in zip(pcs, batches, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    for pc in pcs:
        pc.close()
    assert errors == []
    sent = sum(len(batch) for batch in batches)
    assert sorted(o.status for reply in replies for o in reply.outcomes) == ["applied"] * sent
    with server.connect() as connection:
        positions = list(
            connection.scalars(
                select(schema.meta.c.position)
                .where(schema.meta.c.province_code == "48")
                .order_by(schema.meta.c.position)
            )
        )
    assert len(positions) == sent
    assert positions == sorted(set(positions))  # no position handed out twice


def test_two_pcs_editing_one_record_at_once_lose_neither_edit(
    server: Engine, template_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two server processes apply two PCs' edits of the same establishment at the same moment (one the name,
    the other the phone): both are kept. The second push must read the row after the first has committed; it
    read it before, and wrote the whole row back with the old name."""
    a = Installation(server, template_db, tmp_path / "a", "may-a", "lan", "staff", "48")
    b = Installation(server, template_db, tmp_path / "b", "may-b", "minh", "staff", "48")
    try:
        with a.database.transaction("lan") as session:
            place = commune(session, "48", "xa")
            shared = make_facility(session, place, name="Cơ sở mây tre Phú Vinh").id
        a.client.sync()
        b.client.sync()
        with a.database.transaction("lan") as session:  # one transaction of two changes: A pauses between
            session.get_one(Facility, shared).name = "HTX mây tre Phú Vinh"
            make_facility(session, place, name="Cơ sở thứ hai")
        with b.database.transaction("minh") as session:
            session.get_one(Facility, shared).phone = "0912345678"
        paused, go = threading.Event(), threading.Event()

        def pause(point: str) -> None:
            if point == "server-push-mid-batch" and threading.current_thread().name == "may-a":
                paused.set()
                go.wait(10)

        monkeypatch.setattr("desktop.store.crashpoints.reached", pause)
        errors: list[BaseException] = []

        def sync(pc: Installation) -> None:
            try:
                pc.client.sync(verify=False)
            except BaseException as error:  # the test reports it below
                errors.append(error)

        first = threading.Thread(target=sync, args=(a,), name="may-a")
        first.start()
        assert paused.wait(20)
        second = threading.Thread(target=sync, args=(b,), name="may-b")
        second.start()
        second.join(1.5)  # B reaches the server while A's push is half applied
        go.set()
        first.join(60)
        second.join(60)
        assert errors == []
        with server.connect() as connection:
            row = connection.execute(
                select(Facility.__table__.c.name, Facility.__table__.c.phone).where(Facility.__table__.c.id == shared)
            ).one()
        assert tuple(row) == ("HTX mây tre Phú Vinh", "0912345678")
    finally:
        a.close()
        b.close()
