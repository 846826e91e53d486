"""Sync over a commune's link (print, never assert): 256 kbit/s each way, 300 ms round trip, 2 % of the
segments lost (bench/slow_link.py, a throttling proxy, for kernels without the netem qdisc), side by side
with rsync of the database file over the same link; then 34 provinces × 3 PCs syncing at once against
one server process (latency p50/p95 of their requests, loopback).

python -m bench.bench_sync_link [--facilities 1000] [--database-url postgresql+psycopg://…] [--only link|many]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import httpx
from sqlalchemy import select

from bench.bench_sync import PASSWORD, connect, free_port, new_facility, serve
from bench.slow_link import SlowLink
from desktop.demo import demo_data
from desktop.models import Facility
from desktop.store import storage
from desktop.store.db import Database
from sync.http import HttpTransport
from sync.protocol import Mutation
from sync.server import store, transactions, users


def _rsync(source: Path, target: Path, link_to: int) -> tuple[float, int] | None:
    """Copy ``source`` with rsync (-z, its delta algorithm) through a slow link; (seconds, bytes on the link)."""
    if shutil.which("rsync") is None:
        return None
    config = source.parent / "rsyncd.conf"
    config.write_text(f"uid = 0\ngid = 0\n[kc]\npath = {source.parent}\nread only = yes\nuse chroot = no\n")
    daemon = subprocess.Popen(
        ["rsync", "--daemon", "--no-detach", f"--port={link_to}", f"--config={config}", "--address=127.0.0.1"]
    )
    try:
        time.sleep(0.5)
        link = SlowLink(target=link_to).start()
        started = time.perf_counter()
        subprocess.run(
            ["rsync", "-z", "--inplace", f"rsync://127.0.0.1:{link.port}/kc/{source.name}", str(target)], check=True
        )
        took = time.perf_counter() - started
        link.stop()
        return took, link.up + link.down
    finally:
        daemon.terminate()
        daemon.wait(10)


def _over_the_link(base_port: int, folder: Path, facilities: int, cut_after: float) -> None:
    base_fast = f"http://127.0.0.1:{base_port}"
    template = folder / "template.sqlite3"
    storage.prepare(template)
    demo = folder / "demo.sqlite3"
    shutil.copyfile(template, demo)
    demo_data.generate(demo, "48", facilities=facilities, proposals=facilities // 5, trainees=facilities * 2, seed=1)
    source = Database(demo)
    first = connect(source, base_fast, "bench")  # the centre's PC uploads on the office line
    uploaded = first.client().sync(verify=False)

    # A PC in a commune makes its first copy over the slow link; the link is cut part way, then resumed.
    link = SlowLink(target=base_port).start()
    slow = f"http://127.0.0.1:{link.port}"
    field_pc = Database(shutil.copyfile(template, folder / "field.sqlite3"))
    second = connect(field_pc, slow, "bench2")
    deadline = time.monotonic() + cut_after
    started = time.perf_counter()
    cut = second.client()
    cut.cancelled = lambda: time.monotonic() > deadline
    cut.sync(verify=False)
    resumed = second.client().sync(verify=True)
    took = time.perf_counter() - started
    copy_bytes = link.up + link.down
    print(
        f"first copy of a province over the slow link ({facilities:,} facilities, {uploaded.pushed:,} rows), "
        f"cut after {cut_after:.0f} s and resumed: {took:.0f} s in all, {copy_bytes / 1e6:.2f} MB on the link, "
        f"checksums {'match' if all(resumed.verified.values()) else 'DIFFER'}"
    )
    rsync_first = _rsync(field_pc.path, folder / "rsync-copy.sqlite3", free_port())

    # 100 changed records on the commune's PC: pushed over the slow link, pulled by the centre.
    with field_pc.session() as session:
        ids = list(session.scalars(select(Facility.id).limit(100)))
    with field_pc.transaction("bench2") as session:
        for n, row_id in enumerate(ids):
            found = session.get(Facility, row_id)
            assert found is not None
            found.phone = f"09{n:08d}"
    before = link.up + link.down
    started = time.perf_counter()
    second.client().sync(verify=False)
    push_time = time.perf_counter() - started
    pushed_bytes = link.up + link.down - before
    print(
        f"100 changed records over the slow link: synced in {push_time:.1f} s, "
        f"{pushed_bytes / 100:,.0f} bytes per record on the link (both ways, with headers and TLS-less HTTP)"
    )
    rsync_again = _rsync(field_pc.path, folder / "rsync-copy.sqlite3", free_port())
    if rsync_first and rsync_again:
        size = field_pc.path.stat().st_size
        print(
            f"rsync -z of the database file ({size / 1e6:.1f} MB) over the same link: first copy "
            f"{rsync_first[0]:.0f} s, {rsync_first[1] / 1e6:.2f} MB; after the 100 changes {rsync_again[0]:.1f} s, "
            f"{rsync_again[1] / 1e3:,.0f} kB ({rsync_again[1] / max(pushed_bytes, 1):.1f}× the sync's bytes)"
        )
    else:
        print("rsync not installed: no comparison")
    for connected in (first, second):
        connected.close()
    link.stop()
    source.close()
    field_pc.close()


def _many_at_once(url: str, workers: int = 1, provinces: int = 34, per_province: int = 3, rounds: int = 5) -> None:
    """34 provinces × 3 PCs, each pushing 20 new records and pulling its province, ``rounds`` times, against
    ``workers`` server processes."""
    engine = store.open_engine(url)
    codes = [f"{n:02d}" for n in range(60, 60 + provinces)]  # codes no other figure uses
    names: list[tuple[str, str]] = []
    with transactions.writing(engine) as connection:
        digest = users.hash_password(PASSWORD)
        for code in codes:
            for n in range(per_province):
                name = f"tinh{code}-may{n}-{uuid.uuid4().hex[:4]}"
                users.add(connection, name, digest, "staff", code)
                names.append((name, code))
    engine.dispose()
    port = free_port()
    env = dict(os.environ)
    program = Path(sys.executable).with_name("khuyencong-server")
    command = [str(program), "--database-url", url, "serve", "--port", str(port), "--workers", str(workers)]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                httpx.get(base + "/api/v1/health", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        latencies: list[float] = []
        errors: list[str] = []
        start = threading.Barrier(len(names))

        def one_pc(name: str, code: str) -> None:
            transport = HttpTransport(base, timeout=120)
            try:
                transport.login(name, PASSWORD, str(uuid.uuid4()), name)
                cursor, seq = transport.summary(code).position, 0  # only this run's changes (a reused database)
                start.wait()
                for _round in range(rounds):
                    mutations = []
                    for _n in range(20):
                        seq += 1
                        fields = {f: [None, v] for f, v in new_facility(seq).items()}
                        fields["province_code"] = [None, code]
                        fields["name"] = [None, f"Cơ sở {seq} của {name}"]  # not a duplicate of another PC's
                        mutations.append(
                            Mutation(
                                seq,
                                "facility",
                                str(uuid.uuid4()),
                                code,
                                "insert",
                                fields,
                                f"{1_800_000_000_000 + seq:015d}-00000-{name}",
                                name,
                                "2026-12-01T00:00:00+00:00",
                            )
                        )
                    began = time.perf_counter()
                    transport.push(mutations)
                    latencies.append(time.perf_counter() - began)
                    began = time.perf_counter()
                    cursor = transport.pull(code, cursor, 500).cursor
                    latencies.append(time.perf_counter() - began)
            except Exception as error:  # reported with the figures
                errors.append(f"{name}: {error}")
            finally:
                transport.close()

        threads = [threading.Thread(target=one_pc, args=pair) for pair in names]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(600)
        took = time.perf_counter() - started
        if len(latencies) < 2:
            print(f"{provinces} provinces × {per_province} PCs at once: no figures, {len(errors)} failed: {errors[:1]}")
            return
        quantiles = statistics.quantiles(latencies, n=20, method="inclusive")
        label = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
        print(
            f"{provinces} provinces × {per_province} PCs at once on {label} ({workers} server process(es)): "
            f"{len(latencies):,} requests in {took:.1f} s, push of 20 / pull: "
            f"p50 {statistics.median(latencies) * 1000:.0f} ms, "
            f"p95 {quantiles[18] * 1000:.0f} ms, max {max(latencies) * 1000:.0f} ms; {len(errors)} failed"
            + (f" (first: {errors[0]})" if errors else "")
        )
    finally:
        server.terminate()
        server.wait(20)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--facilities", type=int, default=1000)
    parser.add_argument("--cut-after", type=float, default=30.0)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--only", choices=("link", "many"), default=None, help="one half of the benchmark")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-link-"))
    try:
        url = args.database_url or f"sqlite:///{folder / 'server.sqlite3'}"
        if args.only != "many":
            base, server = serve(url)
            _over_the_link(int(base.rsplit(":", 1)[1]), folder, args.facilities, args.cut_after)
            server.should_exit = True
        if args.only != "link":
            for workers in (1, 2):
                _many_at_once(url, workers)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
