"""Sync server throughput over HTTP (print, never assert): the current server side by side with a baseline
revision (default a1f4f93, the server that kept each row as a JSON document) in the same run, on SQLite
and, given ``--database-url``, on PostgreSQL (issue 16: it must not fall below the baseline).

Each server runs in its own process (uvicorn on loopback) from its own code: the baseline from a temporary
``git worktree`` of ``--baseline``, the current one from this working tree. The load comes from this
process: gzip JSON bodies as ``sync/http.py`` sends them, batches of 200 mutations, pages of 500.

python -m bench.bench_server_throughput [--database-url URL] [--baseline REV] [--rounds N] [--count N]
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, text

from desktop.store import reference_data

ROOT = Path(__file__).resolve().parent.parent
PROVINCE = "48"
BATCH = 200
PAGE = 500
USER = "bench-director"
PASSWORD = "mat-khau-do-hieu-nang"
PROTOCOL_HEADER = "X-Khuyencong-Protocol"

# Run in the server's own process, with the code of the revision under test first on sys.path (cwd and
# PYTHONPATH are its tree). Users are made with whichever API that revision has: sync.server.users since
# the rebuild, store.add_user / auth.hash_password before it.
SERVER = """
import sys
import uvicorn
from sync.server import store
from sync.server.app import create_app

url, schema_name, port, name, password = sys.argv[1:6]
try:
    from sync.server import users
    add, find, hash_password = users.add, users.find, users.hash_password
except ImportError:
    from sync.server import auth
    add, find, hash_password = store.add_user, store.find_user, auth.hash_password
engine = store.open_engine(url, schema_name or None)
with engine.begin() as connection:
    if find(connection, name) is None:
        add(connection, name, hash_password(password), "director", "48")
uvicorn.run(create_app(engine), host="127.0.0.1", port=int(port), log_level="warning", access_log=False)
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, check=True, capture_output=True, text=True).stdout.strip()


@contextlib.contextmanager
def worktree(rev: str, folder: Path) -> Iterator[Path]:
    """A detached checkout of ``rev`` in ``folder``, removed afterwards whatever happens."""
    git("worktree", "add", "--detach", str(folder), rev)
    try:
        yield folder
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(folder)], cwd=ROOT, check=False)
        subprocess.run(["git", "worktree", "prune"], cwd=ROOT, check=False)


@contextlib.contextmanager
def pg_schema(url: str) -> Iterator[str]:
    """A fresh PostgreSQL schema for one server (as tests/sync_fixtures.py does), dropped afterwards."""
    name = "bench" + uuid.uuid4().hex[:12]
    admin = create_engine(url)
    try:
        with admin.begin() as connection:
            connection.execute(text(f"CREATE SCHEMA {name}"))
        yield name
    finally:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {name} CASCADE"))
        admin.dispose()


@contextlib.contextmanager
def server(code: Path, url: str, schema_name: str) -> Iterator[tuple[str, int]]:
    """A server process running the code in ``code`` on ``url``: its base address and pid."""
    port = free_port()
    # The venv's editable install finds /work/main's packages only after sys.path has been searched, so
    # PYTHONPATH (and cwd) make the revision under test the one imported.
    environment = {**os.environ, "PYTHONPATH": str(code)}
    process = subprocess.Popen(
        [sys.executable, "-c", SERVER, url, schema_name, str(port), USER, PASSWORD], cwd=code, env=environment
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300  # the first open migrates and seeds the reference data
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the server of {code} stopped with code {process.returncode}")
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(f"{base}/api/v1/health", timeout=5).status_code == 200:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError(f"the server of {code} did not answer")
            time.sleep(0.2)
        yield base, process.pid
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass
class Figures:
    """One round of one server, or the best of its rounds."""

    inserts: float = 0.0  # changes/s
    edits: float = 0.0  # changes/s
    pulls: float = 0.0  # changes/s served to the second device
    own_pull: float = 0.0  # bytes per pushed row the uploading device downloads pulling after its upload
    answers: float = 0.0  # bytes per pushed row of the push answers it downloaded

    def best(self, other: Figures) -> Figures:
        # Rates: the best round (a slow spell of the machine hits one round, not the server's speed);
        # bytes are the same every round, the smallest is kept.
        return Figures(
            max(self.inserts, other.inserts),
            max(self.edits, other.edits),
            max(self.pulls, other.pulls),
            min(self.own_pull, other.own_pull) if self.own_pull else other.own_pull,
            min(self.answers, other.answers) if self.answers else other.answers,
        )


@dataclass
class Device:
    """A PC as the server sees it: signed in, its next mutation number, and how far it has pulled."""

    client: httpx.Client
    protocol: int
    device_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    token: str = ""
    seq: int = 0
    seen: int = 0

    def sign_in(self) -> None:
        body = {"username": USER, "password": PASSWORD, "device_id": self.device_id, "device_name": "bench"}
        answer = self.client.post("/api/v1/auth/token", json=body)
        answer.raise_for_status()
        self.token = answer.json()["access_token"]

    def headers(self) -> dict[str, str]:
        return {PROTOCOL_HEADER: str(self.protocol), "Accept-Encoding": "gzip", "Authorization": f"Bearer {self.token}"}

    def body(self, mutations: list[dict[str, Any]]) -> bytes:
        """A push body as sync/http.py makes it (the current protocol also says how far it has pulled)."""
        if self.protocol >= 3:
            document: dict[str, Any] = {"mutations": mutations, "seen": {PROVINCE: self.seen}}
        else:
            document = {"mutations": [{k: v for k, v in m.items() if k != "txn"} for m in mutations]}
        return gzip.compress(json.dumps(document, ensure_ascii=False).encode(), compresslevel=6)

    def push(self, bodies: list[bytes]) -> tuple[float, int]:
        """Send the push ``bodies``: (seconds, bytes of the answers on the wire). Every mutation must apply."""
        headers = self.headers() | {"Content-Type": "application/json", "Content-Encoding": "gzip"}
        answers: list[httpx.Response] = []
        started = time.perf_counter()
        for content in bodies:
            answer = self.client.post("/api/v1/sync/push", content=content, headers=headers)
            answer.raise_for_status()
            answers.append(answer)
        took = time.perf_counter() - started
        for answer in answers:  # checked after the clock stopped: the client's reading is not the server's time
            for outcome in answer.json()["outcomes"]:
                if outcome["status"] != "applied":
                    raise RuntimeError(f"mutation {outcome['seq']} {outcome['status']}: {outcome.get('message')}")
        return took, sum(a.num_bytes_downloaded for a in answers)

    def pull(self) -> tuple[float, int, int]:
        """Pull the province from where this device stands to the end: (seconds, changes, bytes on the wire)."""
        served = received = 0
        more = True
        started = time.perf_counter()
        while more:
            params: dict[str, str | int] = {"scope": PROVINCE, "after": self.seen, "limit": PAGE}
            answer = self.client.get("/api/v1/sync/pull", params=params, headers=self.headers())
            answer.raise_for_status()
            page = answer.json()  # the cursor is needed for the next page: reading it is part of a pull
            served += len(page["changes"])
            received += answer.num_bytes_downloaded
            self.seen, more = int(page["cursor"]), bool(page["more"])
        return time.perf_counter() - started, served, received


def commune_of(province: str) -> str:
    """A real commune of ``province``: the current server refuses a facility whose commune does not exist."""
    return next(c.code for c in reference_data.administrative_units()[1] if c.province_code == province)


class Load:
    """The load of one server: device A uploads and edits facilities, device B pulls them."""

    def __init__(self, base: str, protocol: int, commune: str) -> None:
        self.client = httpx.Client(base_url=base, timeout=120)
        self.commune = commune
        self.uploader, self.reader = Device(self.client, protocol), Device(self.client, protocol)
        self.clock = 0
        for device in (self.uploader, self.reader):
            device.sign_in()
            device.pull()  # both start where the province stands (nothing of this bench's rows yet)

    def close(self) -> None:
        self.client.close()

    def _mutation(self, row_id: str, action: str, fields: dict[str, list[Any]]) -> dict[str, Any]:
        self.uploader.seq += 1
        self.clock += 1
        return {
            "seq": self.uploader.seq,
            "table": "facility",
            "row_id": row_id,
            "province_code": PROVINCE,
            "action": action,
            "fields": fields,
            # Fixed-width numbers, then the device: the current server checks the clock's shape.
            "hlc": f"{1_800_000_000_000 + self.clock:015d}-00000-{uuid.UUID(self.uploader.device_id).hex}",
            "actor": USER,
            "at": "2026-11-22T00:00:00+00:00",
            "txn": "",  # each change its own local transaction, as a facility typed in alone is
        }

    def _bodies(self, mutations: list[dict[str, Any]]) -> list[bytes]:
        # Built before the clock starts: compressing is the client's work, not the server's.
        return [self.uploader.body(mutations[n : n + BATCH]) for n in range(0, len(mutations), BATCH)]

    def round(self, count: int) -> Figures:
        for device in (self.uploader, self.reader):
            device.sign_in()  # access tokens live 15 minutes: a long run must not outlive them
        ids = [str(uuid.uuid4()) for _ in range(count)]
        start = self.clock
        inserts = [
            self._mutation(
                row_id,
                "insert",
                {
                    "name": [None, f"Cơ sở {start + n}"],
                    "legal_form": [None, "ho_kinh_doanh"],
                    "sector": [None, "cong_nghiep_xay_dung"],
                    "commune_code": [None, self.commune],
                    "province_code": [None, PROVINCE],
                    "note": [None, "x"],
                },
            )
            for n, row_id in enumerate(ids)
        ]
        inserted, insert_answers = self.uploader.push(self._bodies(inserts))
        # The uploader's next sync pulls: the baseline sends it back every row it just sent, the current
        # server none (the push answers carried what it needed).
        _, _, own = self.uploader.pull()
        edits = [self._mutation(row_id, "update", {"note": ["x", f"y{n}"]}) for n, row_id in enumerate(ids)]
        edited, edit_answers = self.uploader.push(self._bodies(edits))
        pulled, served, _ = self.reader.pull()
        self.uploader.pull()  # as its next sync would: the next round's own pull holds that round's rows only
        return Figures(
            inserts=count / inserted,
            edits=count / edited,
            pulls=served / pulled,
            own_pull=own / count,
            answers=(insert_answers + edit_answers) / (2 * count),
        )


@dataclass
class Side:
    label: str
    code: Path
    protocol: int


def measure(
    sides: list[Side],
    url_of: Callable[[Side], AbstractContextManager[tuple[str, str]]],
    label: str,
    rounds: int,
    count: int,
    commune: str,
) -> None:
    """Start a server per side on a database of its own (``url_of(side)`` gives the URL and schema), run the
    rounds alternating the sides, and print each figure's best with the ratio current/baseline."""
    with contextlib.ExitStack() as stack:
        loads: list[Load] = []
        pids: list[str] = []
        for side in sides:
            url, schema_name = stack.enter_context(url_of(side))
            base, pid = stack.enter_context(server(side.code, url, schema_name))
            load = Load(base, side.protocol, commune)
            stack.callback(load.close)
            loads.append(load)
            pids.append(f"{side.label} pid {pid}")
        print(f"\n{label} ({', '.join(pids)})", flush=True)
        for load in loads:
            load.round(BATCH)  # warm: imports, caches and the first pages of each table are not measured
        best = [Figures() for _ in sides]
        for number in range(rounds):
            for n, load in enumerate(loads):
                got = load.round(count)
                best[n] = best[n].best(got)
                print(
                    f"  round {number + 1} {sides[n].label}: {got.inserts:,.0f} inserts/s, {got.edits:,.0f} edits/s, "
                    f"{got.pulls:,.0f} pulled/s",
                    flush=True,
                )
    old, new = best
    rows = (
        ("new facilities pushed, changes/s", old.inserts, new.inserts, ",.0f"),
        ("edits pushed (one field), changes/s", old.edits, new.edits, ",.0f"),
        ("pulled by a second PC, changes/s", old.pulls, new.pulls, ",.0f"),
        ("uploader's pull after its upload, B/row", old.own_pull, new.own_pull, ",.1f"),
        ("uploader's push answers, B/row", old.answers, new.answers, ",.1f"),
        ("uploader downloads in all, B/row", old.own_pull + old.answers, new.own_pull + new.answers, ",.1f"),
    )
    print(f"  {'':42} {sides[0].label:>16} {sides[1].label:>16} {'current/baseline':>17}")
    for name, before, after, shape in rows:
        ratio = f"{after / before:.2f}" if before else "-"
        print(f"  {name:42} {format(before, shape):>16} {format(after, shape):>16} {ratio:>17}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default=None, help="PostgreSQL too (a schema per server, dropped after)")
    parser.add_argument("--baseline", default="a1f4f93", help="the revision to compare with")
    parser.add_argument("--current", default=None, help="a revision to measure instead of this working tree")
    parser.add_argument("--rounds", type=int, default=2, help="rounds per server; each figure is its best")
    parser.add_argument("--count", type=int, default=2000, help="facilities pushed, edited and pulled per round")
    args = parser.parse_args()
    count = max(BATCH, args.count // BATCH * BATCH)
    baseline = git("rev-parse", "--short", args.baseline)
    if args.current:
        current = f"{git('rev-parse', '--short', args.current)} (a git worktree)"
    else:
        dirty = git("status", "--porcelain", "--", "sync", "desktop")
        extra = " plus uncommitted changes in sync/ or desktop/" if dirty else ""
        current = f"{git('rev-parse', '--short', 'HEAD')}{extra} (this working tree)"
    commune = commune_of(PROVINCE)
    print(
        f"Sync server throughput over HTTP: baseline {baseline} (a git worktree) against current {current}, "
        f"each server its own uvicorn process on loopback, the load from this one.\n"
        f"Per round and server: {count:,} new facilities of province {PROVINCE} (commune {commune}) pushed by "
        f"one device in gzip JSON batches of {BATCH}, the same device pulls, edits one field of each and "
        f"pushes, a second device pulls them (pages of {PAGE}). {args.rounds} rounds alternating the servers "
        f"after a warm-up one; rates are each server's best round; bytes are response bodies on the wire "
        f"(gzip), per row pushed.",
        flush=True,
    )
    folder = Path(tempfile.mkdtemp(prefix="bench-server-"))
    try:
        with contextlib.ExitStack() as trees:
            old_code = trees.enter_context(worktree(args.baseline, folder / "baseline"))
            new_code = trees.enter_context(worktree(args.current, folder / "current")) if args.current else ROOT
            sides = [Side(f"baseline {baseline}", old_code, 2), Side("current", new_code, 3)]

            @contextlib.contextmanager
            def sqlite(side: Side) -> Iterator[tuple[str, str]]:
                yield f"sqlite:///{folder / (uuid.uuid4().hex + '.sqlite3')}", ""

            @contextlib.contextmanager
            def postgresql(side: Side) -> Iterator[tuple[str, str]]:
                with pg_schema(args.database_url) as name:
                    yield args.database_url, name

            measure(sides, sqlite, "SQLite", args.rounds, count, commune)
            if args.database_url:
                measure(sides, postgresql, "PostgreSQL", args.rounds, count, commune)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
