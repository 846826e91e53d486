"""A server and installations on real files, for the sync tests."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from argon2 import PasswordHasher
from sqlalchemy import Engine, create_engine, make_url, select, text, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from desktop.models import Proposal
from desktop.models.enums import FundingKind
from desktop.services import lifecycle
from desktop.store.db import Database
from sync import signing
from sync.client import SyncClient
from sync.server import schema, store, users
from sync.server.app import create_app
from sync.server.inprocess import InProcess

PG_URL = os.environ.get("KHUYENCONG_TEST_PG", "")

# Argon2 at the server's cost takes a quarter of a second a hash, and the tests add users and sign in
# thousands of times: the same code at the lowest cost (a stored hash names its own cost, so a server process
# started by a test still checks these hashes, and upgrades them at sign-in as it would old ones).
users._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


def server_urls() -> list[str]:
    """SQLite always; PostgreSQL too where the test command found one (CI always has it)."""
    return ["sqlite", "postgresql"] if PG_URL else ["sqlite"]


class FreshServers:
    """New, empty server databases in a fraction of a second: each kind is migrated and seeded once per run,
    then copied (an SQLite file; a PostgreSQL database made from it as a template, or a schema of its own
    where the test role may not create databases). Migrating for each test cost two seconds a test."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.sqlite_template: Path | None = None
        self.pg_template: str | None = None
        self.pg_admin: Engine | None = None

    def url(self, kind: str) -> tuple[str, Callable[[], None]]:
        """The address of a new server database of ``kind`` ("sqlite" or "postgresql"), and what drops it. A
        copy gets an epoch and a signing key of its own, as a server installed afresh does."""
        url, drop = self._copy(kind)
        engine = create_engine(url, poolclass=NullPool)
        with engine.begin() as connection:
            for key, value in ((store.EPOCH_KEY, uuid.uuid4().hex), (store.SIGNING_KEY, signing.new_key())):
                connection.execute(update(schema.setting).where(schema.setting.c.key == key).values(value=value))
        engine.dispose()
        return url, drop

    def _copy(self, kind: str) -> tuple[str, Callable[[], None]]:
        name = "s" + uuid.uuid4().hex[:12]
        if kind == "sqlite":
            if self.sqlite_template is None:
                self.sqlite_template = self.folder / "mau-may-chu.sqlite3"
                store.open_engine(f"sqlite:///{self.sqlite_template}").dispose()
            path = self.folder / f"{name}.sqlite3"
            shutil.copyfile(self.sqlite_template, path)
            return f"sqlite:///{path}", lambda: path.unlink(missing_ok=True)
        admin = self._pg_admin()
        if self.pg_template is None:
            self.pg_template = self._pg_new_template(admin)
        if self.pg_template:  # a database of its own, copied from the migrated one
            with admin.connect() as connection:
                connection.execute(text(f"CREATE DATABASE {name} TEMPLATE {self.pg_template}"))

            def drop_database() -> None:
                # FORCE ends the test server's own lingering sessions; an autovacuum worker on the new copy is
                # another role's process that FORCE may not end, and a plain DROP waits for it (a few tries).
                for attempt in range(10):
                    try:
                        with admin.connect() as connection:
                            connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                        return
                    except DBAPIError:
                        if attempt == 9:
                            raise
                        time.sleep(0.5)

            return _pg_url(database=name), drop_database
        with admin.connect() as connection:  # no CREATEDB: a schema of its own, migrated from scratch
            connection.execute(text(f"CREATE SCHEMA {name}"))

        def drop_schema() -> None:
            with admin.connect() as connection:
                connection.execute(text(f"DROP SCHEMA IF EXISTS {name} CASCADE"))

        url = _pg_url(options=f"-csearch_path={name}")
        store.open_engine(url).dispose()
        return url, drop_schema

    def engine(self, kind: str) -> tuple[Engine, Callable[[], None]]:
        """A new server database of ``kind``, opened as the server opens it; and what disposes and drops it."""
        url, drop = self.url(kind)
        engine = store.open_engine(url)

        def close() -> None:
            engine.dispose()
            drop()

        return engine, close

    def _pg_admin(self) -> Engine:
        if self.pg_admin is None:
            self.pg_admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT", poolclass=NullPool)
        return self.pg_admin

    def _pg_new_template(self, admin: Engine) -> str:
        name = f"mau_{uuid.uuid4().hex[:12]}"
        try:
            with admin.connect() as connection:
                connection.execute(text(f"CREATE DATABASE {name}"))
        except DBAPIError:
            return ""
        store.open_engine(_pg_url(database=name)).dispose()
        return name

    def close(self) -> None:
        if self.pg_admin is not None:
            if self.pg_template:
                with self.pg_admin.connect() as connection:
                    connection.execute(text(f"DROP DATABASE IF EXISTS {self.pg_template} WITH (FORCE)"))
            self.pg_admin.dispose()


def _pg_url(**changes: str) -> str:
    """The test PostgreSQL's address with another database, or with connection options."""
    url = make_url(PG_URL)
    if "database" in changes:
        url = url.set(database=changes["database"])
    if "options" in changes:
        url = url.update_query_dict({"options": changes["options"]})
    return url.render_as_string(hide_password=False)


_FRESH: FreshServers | None = None


def fresh_servers() -> FreshServers:
    """The run's maker of new server databases (also for tests that make servers outside fixtures)."""
    global _FRESH
    if _FRESH is None:
        _FRESH = FreshServers(Path(tempfile.mkdtemp(prefix="may-chu-")))
    return _FRESH


@pytest.fixture(scope="session", autouse=True)
def _drop_fresh_server_templates() -> Iterator[None]:
    yield
    if _FRESH is not None:
        _FRESH.close()
        shutil.rmtree(_FRESH.folder, ignore_errors=True)


@pytest.fixture(params=server_urls())
def server(request: pytest.FixtureRequest) -> Iterator[Engine]:
    engine, close = fresh_servers().engine(str(request.param))
    yield engine
    close()


@pytest.fixture(params=server_urls())
def server_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """The address of a new server database, for a server process of its own."""
    url, drop = fresh_servers().url(str(request.param))
    yield url
    drop()


PASSWORD = "mat-khau-an-toan"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def app_client(server: Engine) -> Iterator[httpx.Client]:
    """The server app served by uvicorn on a free local port, and an HTTP client pointed at it."""
    with server.begin() as connection:
        for name, role, province in (
            ("lan", "staff", "48"),
            ("minh", "staff", "48"),
            ("hoa", "staff", "46"),
            ("giam-doc", "director", "48"),
            ("bo", "central", None),
        ):
            users.add(connection, name, users.hash_password(PASSWORD), role, province)
    with serving(server) as url, httpx.Client(base_url=url, verify=False) as client:
        yield client


@contextlib.contextmanager
def serving(server: Engine, updates: Path | None = None) -> Iterator[str]:
    """A server process on ``server``'s database (uvicorn on a free local port, in a thread), handing out the
    program updates of ``updates`` if given: its address."""
    port = free_port()
    app = create_app(server, updates)
    running = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not running.started and time.monotonic() < deadline:
        time.sleep(0.005)  # it starts in tens of milliseconds: a test waited 50 ms more, 250 times a run
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        running.should_exit = True
        thread.join(10)


def appraised_proposal(database: Database, code: str, province: str = "48", actor: str = "lan") -> uuid.UUID:
    """A proposal of ``province`` ready for the director: a budget that adds up, a place, and a favourable
    appraisal recorded through the workspace's action (so it is "Đã thẩm định")."""
    from desktop.models import BudgetLine, Commune, ProposalLocation
    from desktop.services import proposal_actions

    proposal_id = new_proposal(database, code, province, actor)
    with database.transaction(actor) as session:
        proposal = session.get(Proposal, proposal_id)
        assert proposal is not None
        proposal.budget_lines.append(
            BudgetLine(
                position=1,
                item="Máy sấy",
                unit="cái",
                quantity=Decimal(1),
                unit_price=200_000_000,
                amount=200_000_000,
                support_amount=100_000_000,
                counterpart_amount=100_000_000,
                other_amount=0,
                province_code=province,
            )
        )
        place = session.scalars(select(Commune).where(Commune.province_code == province).order_by(Commune.code)).first()
        assert place is not None
        proposal.locations.append(ProposalLocation(commune_code=place.code, province_code=province))
    act(database, proposal_id, proposal_actions.Action.APPRAISE, actor)
    return proposal_id


def act(database: Database, proposal_id: uuid.UUID, action: Any, actor: str, **values: str) -> list[str]:
    """Take a workspace action on a proposal as ``actor`` would in its form: the form's defaults, then
    ``values`` typed over them (a decision's number, its signer…)."""
    from desktop.services import proposal_actions

    with database.transaction(actor) as session:
        proposal = proposal_actions.load(session, proposal_id)
        raw = proposal_actions.defaults(proposal, action, date(2026, 11, 20)) | values
        return proposal_actions.perform(session, proposal_id, action, raw)


def new_proposal(database: Database, code: str, province: str = "48", actor: str = "lan") -> uuid.UUID:
    """A draft proposal of ``province`` (48 unless told), made by ``actor``."""
    with database.transaction(actor) as session:
        proposal = Proposal(
            code=code,
            title="Hỗ trợ máy sấy nông sản",
            plan_year=2026,
            funding=FundingKind.KCDP,
            activity_type_code="may_moc_thiet_bi",
            province_code=province,
        )
        lifecycle.create_proposal(session, proposal)
        return proposal.id


class Installation:
    """One PC: its database file and its sync client, registered with the server as ``user`` as a sign-in
    would (its signing key registered, the server's key and the user kept on the PC)."""

    def __init__(self, server: Engine, template: Path, folder: Path, name: str, user: str, role: str, province: str):
        from sync import account

        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name}.sqlite3"
        shutil.copyfile(template, path)
        self.name = name
        self.database = Database(path)
        self.device_id = str(uuid.uuid4())
        key = signing.public_key(account.signing_key(self.database))
        with server.begin() as connection:
            user_id = users.find(connection, user) or users.add(connection, user, "-", role, province)
            users.register_device(connection, user_id, self.device_id, name, key)
            self.caller = users.caller(connection, user_id, self.device_id)
            server_key = signing.public_key(store.signing_key(connection))
        account.enrolled(self.database, user, server_key)
        self.transport = InProcess(server, self.caller)
        scopes = [province, "00"] if province else ["00"]
        self.client = SyncClient(self.database, self.transport, scopes)

    def close(self) -> None:
        self.database.close()


@pytest.fixture
def pcs(server: Engine, template_db: Path, tmp_path: Path) -> Iterator[list[Installation]]:
    """Two PCs of province 48 ("lan" and "minh"), on their own database files."""
    made = [
        Installation(server, template_db, tmp_path / "a", "may-a", "lan", "staff", "48"),
        Installation(server, template_db, tmp_path / "b", "may-b", "minh", "staff", "48"),
    ]
    yield made
    for pc in made:
        pc.close()
