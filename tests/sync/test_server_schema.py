"""The server database's schema: made by its migrations, upgraded on start, never touched when newer."""

from __future__ import annotations

import hashlib
import json
import threading
from pathlib import Path

import pytest
from sqlalchemy import Engine, MetaData, create_engine, func, inspect, select, text

from desktop.models import Facility, ProposalLocation
from desktop.store import checks
from sync.server import callers, cli, migrate, schema, store, transactions


def test_the_migrations_make_the_tables_the_server_uses(server: Engine) -> None:
    """The server's own tables, and the provinces' rows in the models' own tables, made by the PCs'
    migrations: the server holds exactly what a PC can hold."""
    with server.connect() as connection:
        assert migrate.current(connection) == migrate.head()
        assert migrate.data_current(connection) == checks.HEAD_REVISION
        assert migrate.differences(connection) == []


def _as_the_previous_server_left_it(path: Path) -> None:
    """A database of the previous server (revision s0002): rows as JSON documents, some of which no PC can
    store; one attachment content; a user and its device."""
    from alembic import command

    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        command.upgrade(migrate.alembic_config(connection), "s0002")
        connection.execute(text("INSERT INTO sync_setting VALUES ('epoch', 'cu')"))
        connection.execute(
            text(
                "INSERT INTO sync_user (id, name, password_hash, province_code, role, disabled, created_at)"
                " VALUES (1, 'lan', '-', '48', 'staff', 0, '2026-11-01')"
            )
        )
        for n, (table, row_id, data) in enumerate(_OLD_DOCUMENTS, start=1):
            connection.execute(
                text("INSERT INTO sync_row VALUES (:t, :r, '48', :p, :d, '{}')"),
                {"t": table, "r": row_id, "p": n, "d": json.dumps(data)},
            )
            connection.execute(
                text("INSERT INTO sync_change VALUES ('48', :p, :t, :r)"), {"p": n, "t": table, "r": row_id}
            )
        connection.execute(text("INSERT INTO sync_counter VALUES ('48', :p)"), {"p": len(_OLD_DOCUMENTS)})
        connection.execute(
            text("INSERT INTO sync_blob VALUES (:s, 3, 3, 1, '2026-11-01')"), {"s": hashlib.sha256(b"abc").hexdigest()}
        )
        connection.execute(
            text("INSERT INTO sync_blob_chunk VALUES (:s, 0, :d)"),
            {"s": hashlib.sha256(b"abc").hexdigest(), "d": b"abc"},
        )
    engine.dispose()


_STAMP = "2026-11-01T00:00:00+00:00"
_COMMON = {"row_version": 0, "created_at": _STAMP, "updated_at": _STAMP, "deleted_at": None}
_GOOD = "0193a000-0000-7000-8000-000000000001"
_ORPHAN = "0193a000-0000-7000-8000-000000000002"
_PROPOSAL = "0193a000-0000-7000-8000-000000000003"
_PLACE = "0193a000-0000-7000-8000-000000000004"
_FILE = "0193a000-0000-7000-8000-000000000005"
_OLD_DOCUMENTS: list[tuple[str, str, dict[str, object]]] = [
    (
        "facility",
        _GOOD,
        {**_COMMON, "id": _GOOD, "province_code": "48", "name": "Cơ sở gốm", "legal_form": "ho_kinh_doanh"}
        | {"sector": "cong_nghiep_xay_dung", "commune_code": "20209", "created_by": "lan", "updated_by": "lan"},
    ),
    (  # a commune that does not exist: no PC can store it
        "facility",
        _ORPHAN,
        {**_COMMON, "id": _ORPHAN, "province_code": "48", "name": "Cơ sở lạc", "legal_form": "ho_kinh_doanh"}
        | {"sector": "cong_nghiep_xay_dung", "commune_code": "99999", "created_by": "lan", "updated_by": "lan"},
    ),
    (
        "proposal",
        _PROPOSAL,
        {**_COMMON, "id": _PROPOSAL, "province_code": "48", "code": "KCĐP-2026-001", "title": "Máy sấy"}
        | {"plan_year": 2026, "funding": "kcdp", "activity_type_code": "may_moc_thiet_bi", "status": "du_thao"}
        | {"created_by": "lan", "updated_by": "lan"},
    ),
    (  # a place stored before places counted their visitors
        "proposal_location",
        _PLACE,
        {**_COMMON, "id": _PLACE, "province_code": "48", "proposal_id": _PROPOSAL, "commune_code": "20209"}
        | {"address": "", "created_by": "lan", "updated_by": "lan"},
    ),
    (
        "attachment",
        _FILE,
        {**_COMMON, "id": _FILE, "province_code": "48", "owner_table": "proposal", "owner_id": _PROPOSAL}
        | {"file_name": "a.txt", "size": 3, "sha256": hashlib.sha256(b"abc").hexdigest()}
        | {"created_by": "lan", "updated_by": "lan"},
    ),
]


def test_the_rows_of_the_previous_server_move_into_the_tables_and_what_no_pc_can_store_is_set_aside(
    tmp_path: Path,
) -> None:
    path = tmp_path / "server.sqlite3"
    _as_the_previous_server_left_it(path)
    engine = store.open_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as connection:
            assert migrate.current(connection) == migrate.head()
            assert migrate.differences(connection) == []
            assert store.epoch(connection) == "cu"  # the installations' cursors stay valid
            assert not {"sync_row", "sync_change", "sync_blob"} & set(inspect(connection).get_table_names())
            facilities = connection.execute(select(Facility.__table__.c.name)).scalars().all()
            assert facilities == ["Cơ sở gốm"]
            (reason,) = connection.execute(select(schema.quarantine.c.reason)).scalars().all()
            assert "20209" not in reason and "99999" in reason
            place = connection.execute(select(ProposalLocation.__table__.c.visitors)).scalar_one()
            assert place == 0
            positions = dict(connection.execute(select(schema.meta.c.row_id, schema.meta.c.position)).all())
            assert positions[_GOOD] == 1 and positions[_PLACE] == 4  # the change log as it was
            sha = hashlib.sha256(b"abc").hexdigest()
            assert connection.execute(
                select(schema.file.c.province_code).where(schema.file.c.sha256 == sha)
            ).scalars().all() == ["48"]
        who = callers.Caller(1, "lan", "staff", "48", "may")
        assert store.summary(engine, who, "48").rows == 4  # the four rows a PC can store
    finally:
        engine.dispose()
    copies = list((tmp_path / "backups").glob("server-truoc-nang-cap-s0002-*.sqlite3"))
    assert len(copies) == 1
    kept = create_engine(f"sqlite:///{copies[0]}")
    assert inspect(kept).has_table("sync_row")  # the copy is the database as it was
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


def test_a_database_whose_rows_a_newer_program_upgraded_is_left_alone(server: Engine) -> None:
    with server.begin() as connection:
        connection.execute(text(f"UPDATE {migrate.DATA_VERSION_TABLE} SET version_num = '9999'"))
    with pytest.raises(migrate.NewerDatabaseError, match="phiên bản mới hơn"):
        migrate.upgrade(server, {})


def test_processes_starting_at_once_migrate_once(server: Engine) -> None:
    """Several server processes behind a load balancer start together on one new database."""
    with server.begin() as connection:  # back to an empty database
        everything = MetaData()
        everything.reflect(connection)
        everything.drop_all(connection)
    errors: list[BaseException] = []

    def start() -> None:
        try:
            migrate.upgrade(server, {transactions.WRITING_OPTION: True})
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
        assert migrate.differences(connection) == []


def test_the_rows_moved_into_the_tables_cannot_be_moved_back_by_a_downgrade(tmp_path: Path) -> None:
    """One way only: going back is restoring the copy taken before the upgrade, and a downgrade that
    would lose rows refuses, changing nothing."""
    from alembic import command

    engine = store.open_engine(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    with pytest.raises(RuntimeError, match="khôi phục bản sao lưu"), engine.begin() as connection:
        command.downgrade(migrate.alembic_config(connection), "s0002")
    with engine.connect() as connection:
        assert migrate.current(connection) == migrate.head()
        assert migrate.differences(connection) == []
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
