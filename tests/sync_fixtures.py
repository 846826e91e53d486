"""A server and installations on real files, for the sync tests."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text

from desktop.db import Database
from sync.client import SyncClient
from sync.server import store
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


class Installation:
    """One PC: its database file and its sync client, registered with the server as ``user``."""

    def __init__(self, server: Engine, template: Path, folder: Path, name: str, user: str, role: str, province: str):
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name}.sqlite3"
        shutil.copyfile(template, path)
        self.name = name
        self.database = Database(path)
        self.device_id = str(uuid.uuid4())
        with server.begin() as connection:
            user_id = store.find_user(connection, user) or store.add_user(connection, user, "-", role, province)
            store.register_device(connection, user_id, self.device_id, name)
            self.caller = store.caller(connection, user_id, self.device_id)
        self.transport = InProcess(server, self.caller)
        scopes = [province, "00"] if province else ["00"]
        self.client = SyncClient(self.database, self.transport, scopes)

    def close(self) -> None:
        self.database.close()
