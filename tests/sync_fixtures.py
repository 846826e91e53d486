"""A server and installations on real files, for the sync tests."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from sqlalchemy import Engine, create_engine, select, text

from desktop.db import Database
from desktop.models import Proposal
from desktop.models.enums import FundingKind
from desktop.services import lifecycle
from sync.client import SyncClient
from sync.server import store, users
from sync.server.app import create_app
from sync.server.inprocess import InProcess

PG_URL = os.environ.get("KHUYENCONG_TEST_PG", "")


def server_urls() -> list[str]:
    """SQLite always; PostgreSQL too where the test command found one (CI always has it)."""
    return ["sqlite", "postgresql"] if PG_URL else ["sqlite"]


@pytest.fixture(params=server_urls())
def server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        engine = store.open_engine(f"sqlite:///{tmp_path / 'server.sqlite3'}")
        yield engine
        engine.dispose()
        return
    schema = "t" + uuid.uuid4().hex[:12]  # each test its own schema in the one test database
    admin = create_engine(PG_URL)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    engine = store.open_engine(PG_URL, schema_name=schema)
    yield engine
    engine.dispose()
    with admin.begin() as connection:
        connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


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
    with serving(server) as url, httpx.Client(base_url=url) as client:
        yield client


@contextlib.contextmanager
def serving(server: Engine) -> Iterator[str]:
    """A server process on ``server``'s database (uvicorn on a free local port, in a thread): its address."""
    port = free_port()
    running = uvicorn.Server(uvicorn.Config(create_app(server), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not running.started and time.monotonic() < deadline:
        time.sleep(0.05)
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
        from sync import account, signing

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
