"""Crash tests: the client, the server or a migration killed outright (SIGKILL) at named points, then run
again. Nothing typed in is lost, nothing is applied twice, both databases pass their integrity checks."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine, func, select

from desktop.models import Facility, OutboxEntry, SyncConflict
from desktop.store import checks, storage
from desktop.store.crashpoints import CRASH_ENV
from desktop.store.db import Database, create_sqlite_engine
from sync import account
from sync.http import HttpTransport
from sync.server import schema, store, users
from tests.conftest import commune, make_facility
from tests.sync_fixtures import PASSWORD, free_port

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="kills processes with SIGKILL (POSIX)")

ENV = {**os.environ, "KHUYENCONG_PASSWORD": PASSWORD, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
KILLED = -signal.SIGKILL if hasattr(signal, "SIGKILL") else None


def _pc(template: Path, folder: Path, name: str, facilities: int) -> Database:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.sqlite3"
    shutil.copyfile(template, path)
    database = Database(path)
    with database.transaction("lan") as session:
        place = commune(session, "48", "xa")
        for number in range(facilities):
            make_facility(session, place, name=f"Cơ sở {name} số {number}")
    return database


def _integrity(path: Path) -> str:
    with closing(sqlite3.connect(path)) as connection:
        return str(connection.execute("PRAGMA integrity_check").fetchone()[0])


def _sync_command(database: Database, url: str, crash: str | None) -> subprocess.CompletedProcess[str]:
    env = {**ENV, CRASH_ENV: crash} if crash else {k: v for k, v in ENV.items() if k != CRASH_ENV}
    command = [sys.executable, "-m", "desktop", "--db", str(database.path), "sync", "--server", url, "--user", "lan"]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)


def _server_facts(engine: Engine, device_id: str) -> tuple[int, int, int, int]:
    """Facilities held, change-log entries of facilities, ledger entries of the device, conflict records."""
    with engine.connect() as connection:
        rows = connection.scalar(select(func.count()).select_from(Facility.__table__))
        logged = connection.scalar(
            select(func.count()).select_from(schema.meta).where(schema.meta.c.table_name == "facility")
        )
        ledger = connection.scalar(
            select(func.count()).select_from(schema.ledger).where(schema.ledger.c.device_id == device_id)
        )
        conflicts = connection.scalar(select(func.count()).select_from(SyncConflict.__table__))
    return int(rows or 0), int(logged or 0), int(ledger or 0), int(conflicts or 0)


def _local_facts(database: Database) -> tuple[int, int, int]:
    """Facilities held, outbox entries, outbox entries not confirmed as applied."""
    with database.session() as session:
        facilities = session.scalar(select(func.count()).select_from(Facility))
        entries = session.scalar(select(func.count()).select_from(OutboxEntry))
        unsettled = session.scalar(
            select(func.count()).where((OutboxEntry.acked_at.is_(None)) | (OutboxEntry.outcome != "applied"))
        )
        assert session.scalar(select(func.count()).select_from(SyncConflict)) == 0
    return int(facilities or 0), int(entries or 0), int(unsettled or 0)


def test_a_local_edit_killed_before_commit_leaves_neither_row_nor_outbox_entry(db_path: Path) -> None:
    # The whole action in one transaction, killed after the row and its outbox entry were flushed.
    script = (
        "import sys; from pathlib import Path; from desktop.store.db import Database;"
        "from tests.conftest import commune, make_facility;\n"
        "with Database(Path(sys.argv[1])).transaction('lan') as s:\n"
        "    make_facility(s, commune(s, '48', 'xa'), name='Mất điện')\n"
    )
    killed = subprocess.run(
        [sys.executable, "-c", script, str(db_path)], env={**ENV, CRASH_ENV: "local-change-recorded"}, timeout=120
    )
    assert killed.returncode == KILLED
    database = Database(db_path)
    try:
        assert _local_facts(database) == (0, 0, 0)
    finally:
        database.close()
    assert _integrity(db_path) == "ok"
    finished = subprocess.run([sys.executable, "-c", script, str(db_path)], env=ENV, timeout=120)
    assert finished.returncode == 0
    database = Database(db_path)
    try:
        assert _local_facts(database) == (1, 1, 1)  # the row and its entry, together
    finally:
        database.close()


@pytest.mark.parametrize(
    "point", ["client-push-answered", "client-pull-mid-page", "client-pull-before-cursor", "client-snapshot-mid-use"]
)
def test_a_client_killed_while_syncing_loses_and_doubles_nothing(
    point: str, app_client: httpx.Client, server: Engine, template_db: Path, tmp_path: Path
) -> None:
    url = str(app_client.base_url).rstrip("/")
    mine = _pc(template_db, tmp_path / "a", "a", 12)
    device = account.device_id(mine)
    if point != "client-snapshot-mid-use":  # the first sync copies the province; later ones pull changes
        account.connect(mine, url, "lan", lambda: PASSWORD, HttpTransport(url, client=app_client)).client().pull()
    other = _pc(template_db, tmp_path / "b", "b", 30)  # something to pull
    account.connect(other, url, "minh", lambda: PASSWORD, HttpTransport(url, client=app_client)).client().sync()
    other.close()
    killed = _sync_command(mine, url, point)
    assert killed.returncode == KILLED, killed.stdout + killed.stderr
    assert _integrity(mine.path) == "ok"
    again = _sync_command(mine, url, None)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "Đối chiếu tỉnh mã 48: khớp với máy chủ" in again.stdout
    assert _integrity(mine.path) == "ok"
    assert _local_facts(mine) == (42, 12, 0)
    # Each of the 12 local changes applied once: one ledger entry, one row, one change-log entry each.
    assert _server_facts(server, device) == (42, 42, 12, 0)
    mine.close()


class ServerProcess:
    """``khuyencong-server serve`` in its own process, which a crash point may kill."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.port = free_port()
        self.address = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None
        self.starts = 0

    def start(self, crash: str | None = None) -> None:
        env = {**ENV, CRASH_ENV: crash} if crash else ENV
        command = [
            sys.executable,
            *("-c", "from sync.server.cli import main; raise SystemExit(main())"),
            *("--database-url", self.url, "serve", "--port", str(self.port)),
        ]
        self.process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.starts += 1
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.address + "/api/v1/health", verify=False).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.1)
        raise AssertionError("the server did not start")

    def stop(self) -> int | None:
        if self.process is None:
            return None
        if self.process.poll() is None:
            self.process.terminate()
        code = self.process.wait(20)
        self.process = None
        return code


@pytest.mark.parametrize("point", ["server-push-committed", "server-push-mid-batch"])
def test_a_server_killed_while_applying_a_push_loses_and_doubles_nothing(
    point: str, server_url: str, template_db: Path, tmp_path: Path
) -> None:
    engine = store.open_engine(server_url)
    with engine.begin() as connection:
        users.add(connection, "lan", users.hash_password(PASSWORD), "staff", "48")
    serving = ServerProcess(server_url)
    serving.start(crash=point)
    died: list[int | None] = []

    def restart(_delay: float) -> None:
        """The client's back-off after the failed request: the server comes back meanwhile."""
        if serving.process is None:
            return
        with contextlib.suppress(subprocess.TimeoutExpired):
            serving.process.wait(10)  # the connection drops a moment before the process is gone
        if serving.process.poll() is not None:
            died.append(serving.stop())
            serving.start()

    mine = _pc(template_db, tmp_path / "a", "a", 20)
    try:
        transport = HttpTransport(serving.address, sleep=restart)
        connected = account.connect(mine, serving.address, "lan", lambda: PASSWORD, transport)
        report = connected.client().sync()
        connected.close()
        assert died == [KILLED]  # the crash point was reached, and the sync carried on after the restart
        assert report.verified == {"00": True, "48": True}
        assert _local_facts(mine) == (20, 20, 0)
        assert _server_facts(engine, account.device_id(mine)) == (20, 20, 20, 0)
    finally:
        serving.stop()
        mine.close()
        engine.dispose()
    if server_url.startswith("sqlite:///"):
        assert _integrity(Path(server_url.removeprefix("sqlite:///"))) == "ok"
    assert _integrity(mine.path) == "ok"


def test_a_migration_killed_midway_is_finished_by_the_next_start(tmp_path: Path) -> None:
    path = tmp_path / "cu.sqlite3"
    storage.upgrade(path, "0002")
    script = "import sys, pathlib; from desktop.store import storage; storage.prepare(pathlib.Path(sys.argv[1]))"
    killed = subprocess.run(
        [sys.executable, "-c", script, str(path)], env={**ENV, CRASH_ENV: "migration-step"}, timeout=120
    )
    assert killed.returncode == KILLED
    assert _integrity(path) == "ok"
    engine = create_sqlite_engine(path)
    assert storage.current_revision(engine) == "0002"  # the interrupted step left nothing behind
    engine.dispose()
    finished = subprocess.run([sys.executable, "-c", script, str(path)], env=ENV, timeout=120)
    assert finished.returncode == 0
    report = storage.check(path)
    assert report.ok, report.problems
    assert report.revision == checks.HEAD_REVISION
