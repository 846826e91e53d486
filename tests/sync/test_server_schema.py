"""The server database's schema: made by its migrations, upgraded on start, never touched when newer."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, MetaData, create_engine, func, insert, inspect, select, text, update

from desktop.services import workspace
from sync.server import cli, migrate, schema, store, users
from tests.conftest import commune
from tests.sync_fixtures import Installation, new_proposal


def test_the_migrations_make_the_tables_the_server_uses(server: Engine) -> None:
    with server.connect() as connection:
        assert migrate.current(connection) == migrate.head()
        assert compare_metadata(MigrationContext.configure(connection), schema.metadata) == []


def _as_an_old_server_left_it(path: Path) -> None:
    """The tables a server from before migrations made at start-up: no identity keys, no attachment
    contents, no snapshot index, no version table (nor any table of a later migration); a user and its
    device in them."""
    old = MetaData()
    for table in schema.metadata.tables.values():
        if table.name not in ("sync_identity", "sync_blob", "sync_blob_chunk", "sync_login_failure"):
            copy = table.to_metadata(old)
            for index in list(copy.indexes):
                if index.name == "ix_sync_row_position":
                    copy.indexes.discard(index)
    engine = create_engine(f"sqlite:///{path}")
    old.create_all(engine)
    with engine.begin() as connection:
        connection.execute(insert(old.tables["sync_setting"]).values(key=store.EPOCH_KEY, value="cu"))
        connection.execute(
            insert(old.tables["sync_user"]).values(
                id=1,
                name="lan",
                password_hash="-",
                role="staff",
                province_code="48",
                disabled=False,
                created_at=func.now(),
            )
        )
    engine.dispose()


def test_a_database_of_an_older_server_is_copied_then_upgraded_keeping_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "server.sqlite3"
    _as_an_old_server_left_it(path)
    engine = store.open_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        assert migrate.current(connection) == migrate.head()
        assert compare_metadata(MigrationContext.configure(connection), schema.metadata) == []
        assert users.find(connection, "lan") == 1
        assert store.epoch(connection) == "cu"  # the installations' cursors stay valid
    engine.dispose()
    copies = list((tmp_path / "backups").glob("server-truoc-nang-cap-cu-*.sqlite3"))
    assert len(copies) == 1
    kept = create_engine(f"sqlite:///{copies[0]}")
    assert not inspect(kept).has_table("sync_identity")  # the copy is the database as it was
    kept.dispose()
    again = store.open_engine(f"sqlite:///{path}")  # already current: no second copy
    again.dispose()
    assert len(list((tmp_path / "backups").iterdir())) == 1


def test_a_new_database_is_made_without_a_copy(tmp_path: Path) -> None:
    engine = store.open_engine(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    engine.dispose()
    assert not (tmp_path / "backups").exists()


def test_a_database_upgraded_by_a_newer_server_is_left_alone(server: Engine) -> None:
    with server.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 's9999'"))
        tables = set(inspect(connection).get_table_names())
    with pytest.raises(migrate.NewerDatabaseError, match="phiên bản mới hơn"):
        migrate.upgrade(server, {})
    with server.connect() as connection:
        assert migrate.current(connection) == "s9999"
        assert set(inspect(connection).get_table_names()) == tables


def test_processes_starting_at_once_migrate_once(server: Engine) -> None:
    """Several server processes behind a load balancer start together on one new database."""
    with server.begin() as connection:  # back to an empty database
        for table in reversed(schema.metadata.sorted_tables):
            connection.execute(text(f"DROP TABLE {table.name}"))
        connection.execute(text("DROP TABLE alembic_version"))
    errors: list[BaseException] = []

    def start() -> None:
        try:
            migrate.upgrade(server, {store.WRITING_OPTION: True})
        except BaseException as error:  # reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=start) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    with server.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(text("alembic_version"))) == 1
        assert compare_metadata(MigrationContext.configure(connection), schema.metadata) == []


def test_the_migrations_go_down_and_up_again(tmp_path: Path) -> None:
    from alembic import command

    engine = store.open_engine(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    with engine.begin() as connection:
        command.downgrade(migrate.alembic_config(connection), "base")
        assert set(inspect(connection).get_table_names()) == {"alembic_version"}
        command.upgrade(migrate.alembic_config(connection), "head")
        assert compare_metadata(MigrationContext.configure(connection), schema.metadata) == []
    engine.dispose()


def test_the_command_says_why_it_does_not_start_on_a_newer_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    store.open_engine(url).dispose()
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 's9999'"))
    engine.dispose()
    assert cli.main(["--database-url", url, "user", "list"]) == 1
    assert "hãy cài phiên bản máy chủ mới nhất" in capsys.readouterr().err


def test_places_stored_before_visitors_were_counted_get_zero(pcs: list[Installation], server: Engine) -> None:
    """A row kept by a server of the previous version lacks the field; after the upgrade the PCs' checksums
    (their own upgrade counts 0 for such a place) agree with the server's again."""
    a, _b = pcs
    proposal_id = new_proposal(a.database, "KCĐP-2026-010")
    with a.database.transaction("lan") as session:
        workspace.add_location(session, proposal_id, commune(session, "48", "xa").code, "")
    a.client.sync()
    with server.begin() as connection:
        row = schema.row
        places = select(row.c.row_id, row.c.data).where(row.c.table_name == "proposal_location")
        stored = connection.execute(places).one()
        old = {k: v for k, v in stored.data.items() if k != "visitors"}
        connection.execute(update(row).where(row.c.row_id == stored.row_id).values(data=old))
        connection.execute(text("UPDATE alembic_version SET version_num = 's0001'"))
    assert a.client.verify()["48"] is False
    migrate.upgrade(server, {})
    assert a.client.verify()["48"] is True
    with server.connect() as connection:
        upgraded = connection.scalar(select(schema.row.c.data).where(schema.row.c.row_id == stored.row_id))
        assert upgraded is not None and upgraded["visitors"] == 0
