"""Sync benchmarks (print, never assert), over HTTP on loopback: bytes on the wire per changed record,
100 changes pushed and pulled, server throughput, and the first upload of a province's demo data,
side by side with copying the database file (the baseline any sync must beat on bytes).

python -m bench.bench_sync [--database-url postgresql+psycopg://…]   (SQLite server by default)

Not yet measured here: a slowed, lossy link (tc netem) and 34 provinces × 3 clients at once.
"""

from __future__ import annotations

import argparse
import gzip
import shutil
import socket
import tempfile
import threading
import time
from pathlib import Path

import uvicorn
from sqlalchemy import select

from desktop.db import Database
from desktop.models import Commune, Facility
from desktop.services import demo_data, storage
from sync import account
from sync.http import HttpTransport
from sync.server import auth, store
from sync.server.app import create_app

PASSWORD = "mat-khau-do-hieu-nang"


def _serve(url: str) -> tuple[str, uvicorn.Server]:
    engine = store.open_engine(url)
    with engine.begin() as connection:
        for name, role in (("bench", "director"), ("bench2", "staff")):
            if store.find_user(connection, name) is None:
                store.add_user(connection, name, auth.hash_password(PASSWORD), role, "48")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(engine), host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", server


def _connect(database: Database, base: str, user: str) -> account.Account:
    return account.connect(database, base, user, lambda: PASSWORD, HttpTransport(base))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--facilities", type=int, default=10_000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-sync-"))
    base, server = _serve(args.database_url or f"sqlite:///{folder / 'server.sqlite3'}")
    template = folder / "template.sqlite3"
    storage.prepare(template)

    # First upload of a province (demo data: facilities, proposals, trainees), then a second PC's first pull.
    demo = folder / "demo.sqlite3"
    shutil.copyfile(template, demo)
    size = args.facilities
    demo_data.generate(demo, "48", facilities=size, proposals=size // 5, trainees=size * 2, seed=1)
    source = Database(demo)
    first = _connect(source, base, "bench")
    started = time.perf_counter()
    report = first.client().sync(verify=False)
    upload = time.perf_counter() - started
    sent = first.transport.bytes_sent
    other = Database(shutil.copyfile(template, folder / "other.sqlite3"))
    second = _connect(other, base, "bench2")
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
    for connected in (first, second):
        connected.close()
    source.close()
    other.close()
    server.should_exit = True
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
