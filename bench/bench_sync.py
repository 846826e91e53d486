"""Sync benchmarks (print, never assert), over HTTP on loopback: bytes on the wire per changed record,
100 changes pushed and pulled, server throughput, and the first upload of a province's demo data,
side by side with copying the database file (the baseline any sync must beat on bytes).

python -m bench.bench_sync [--database-url postgresql+psycopg://…]   (SQLite server by default)

A slowed, lossy link (with rsync beside it) and 34 provinces × 3 PCs at once: bench/bench_sync_link.py.
"""

from __future__ import annotations

import argparse
import gzip
import shutil
import socket
import tempfile
import threading
import time
import uuid
from pathlib import Path

import uvicorn
from sqlalchemy import select

from desktop.demo import demo_data
from desktop.models import Commune, Facility
from desktop.store import storage
from desktop.store.db import Database
from sync import account
from sync.client import local_summary
from sync.http import HttpTransport
from sync.protocol import Mutation
from sync.server import schema, store, users
from sync.server.app import create_app

PASSWORD = "mat-khau-do-hieu-nang"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve(url: str) -> tuple[str, uvicorn.Server]:
    engine = store.open_engine(url)
    with engine.begin() as connection:
        for name, role in (("bench", "director"), ("bench2", "staff")):
            if users.find(connection, name) is None:
                users.add(connection, name, users.hash_password(PASSWORD), role, "48")
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(engine), host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", server


def new_facility(number: int) -> dict[str, str]:
    """The fields a PC sends for a new facility (the ones it cannot be stored without, and a note)."""
    return {
        "name": f"Cơ sở {number}",
        "legal_form": "ho_kinh_doanh",
        "sector": "cong_nghiep_xay_dung",
        "commune_code": "00004",
        "province_code": "01",
        "note": "x",
    }


def _server_throughput(url: str, label: str, count: int = 4000) -> None:
    """Changes per second the server applies and serves, called in-process (no HTTP, no client)."""
    engine = store.open_engine(url)
    device = str(uuid.uuid4())
    with engine.begin() as connection:
        # Province 01: rows the PCs of the end-to-end figures (province 48) never pull.
        user = users.add(connection, f"throughput-{uuid.uuid4().hex[:8]}", "-", "director", "01")
        users.register_device(connection, user, device, "bench")
        who = users.caller(connection, user, device)

    ids = [str(uuid.uuid4()) for _ in range(count)]

    def batch(start: int, edit: bool = False) -> list[Mutation]:
        """Mutations ``start``… of one device: new facilities, or (``edit``) a note changed on each."""
        return [
            Mutation(
                seq=start + n,
                table="facility",
                row_id=ids[(start + n - 1) % count],
                province_code="01",
                action="update" if edit else "insert",
                fields={"note": ["x", "y"]} if edit else {f: [None, v] for f, v in new_facility(start + n).items()},
                hlc=f"{1_800_000_000_000 + start + n:015d}-00000-bench",
                actor="bench",
                at="2026-11-22T00:00:00+00:00",
            )
            for n in range(200)
        ]

    with engine.connect() as connection:
        after = int(
            connection.scalar(select(schema.counter.c.position).where(schema.counter.c.province_code == "01")) or 0
        )
    started = time.perf_counter()
    for start in range(1, count + 1, 200):
        store.push(engine, who, batch(start))
    pushed = time.perf_counter() - started
    started = time.perf_counter()
    for start in range(count + 1, 2 * count + 1, 200):
        store.push(engine, who, batch(start, edit=True))
    edited = time.perf_counter() - started
    started, served, more = time.perf_counter(), 0, True
    while more:
        page = store.pull(engine, who, "01", after, 500)
        served, after, more = served + len(page.changes), page.cursor, page.more
    pulled = time.perf_counter() - started
    print(
        f"server on {label}, in-process: {count / pushed:,.0f} new rows/s and {count / edited:,.0f} edits/s "
        f"applied (batches of 200), "
        f"{served / pulled:,.0f} changes/s served (pages of 500)"
    )
    engine.dispose()


def connect(database: Database, base: str, user: str) -> account.Account:
    return account.connect(database, base, user, lambda: PASSWORD, HttpTransport(base))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--facilities", type=int, default=10_000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-sync-"))
    _server_throughput(f"sqlite:///{folder / 'throughput.sqlite3'}", "SQLite")
    if args.database_url:
        _server_throughput(args.database_url, "PostgreSQL")
    base, server = serve(args.database_url or f"sqlite:///{folder / 'server.sqlite3'}")
    template = folder / "template.sqlite3"
    storage.prepare(template)

    # First upload of a province (demo data: facilities, proposals, trainees), then a second PC's first pull.
    demo = folder / "demo.sqlite3"
    shutil.copyfile(template, demo)
    size = args.facilities
    demo_data.generate(demo, "48", facilities=size, proposals=size // 5, trainees=size * 2, seed=1)
    source = Database(demo)
    first = connect(source, base, "bench")
    started = time.perf_counter()
    report = first.client().sync(verify=False)
    upload = time.perf_counter() - started
    sent = first.transport.bytes_sent
    other = Database(shutil.copyfile(template, folder / "other.sqlite3"))
    second = connect(other, base, "bench2")
    started = time.perf_counter()
    pulled = second.client().sync(verify=False)
    download = time.perf_counter() - started
    received = second.transport.bytes_received
    file_bytes = len(gzip.compress(demo.read_bytes(), compresslevel=6))
    print(
        f"first sync of a province ({args.facilities:,} facilities, {report.pushed:,} rows): upload "
        f"{upload:.1f} s, {sent / 1e6:.1f} MB sent ({report.pushed / upload:,.0f} changes/s pushed); "
        f"second PC pulls {pulled.pulled:,} changes in {download:.1f} s, {received / 1e6:.1f} MB "
        f"({pulled.pulled / download:,.0f} changes/s); the database file gzipped: {file_bytes / 1e6:.1f} MB"
    )

    # 100 edits on one PC, then synced: bytes per changed record and time, both ways.
    with other.session() as session:
        ids = list(session.scalars(select(Facility.id).limit(100)))
        place = session.scalar(select(Commune.code).where(Commune.province_code == "48"))
    assert place is not None
    with other.transaction("bench2") as session:
        for n, row_id in enumerate(ids):
            found = session.get(Facility, row_id)
            assert found is not None
            found.phone = f"09{n:08d}"
    before_sent, before_received = second.transport.bytes_sent, first.transport.bytes_received
    started = time.perf_counter()
    second.client().sync(verify=False)
    push_time = time.perf_counter() - started
    started = time.perf_counter()
    first.client().sync(verify=False)
    pull_time = time.perf_counter() - started
    up = second.transport.bytes_sent - before_sent
    down = first.transport.bytes_received - before_received
    print(
        f"100 changed records: pushed in {push_time * 1000:.0f} ms ({up / 100:.0f} bytes sent per record), "
        f"pulled by the other PC in {pull_time * 1000:.0f} ms ({down / 100:.0f} bytes received per record); "
        f"loopback, no throttling"
    )
    # What a PC does every few minutes: a sync with nothing new, then the check that it holds what the
    # server holds (the checksum of every row of the province, computed here).
    client = second.client()
    started = time.perf_counter()
    for _ in range(20):
        client.sync(verify=False)
    idle = (time.perf_counter() - started) / 20
    started = time.perf_counter()
    rows = local_summary(other, "48").rows
    check = time.perf_counter() - started
    print(
        f"a sync with nothing new: {idle * 1000:.0f} ms (loopback); the check of the province's {rows:,} rows"
        f" on the PC: {check:.1f} s"
    )
    for connected in (first, second):
        connected.close()
    source.close()
    other.close()
    server.should_exit = True
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
