"""The database file: created and migrated by Alembic, copied aside first, checked, never touched if newer."""

from __future__ import annotations

import gzip
import hashlib
import sqlite3
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.models import Base, Commune, Facility, ProgrammeTarget, Province, SupportCap
from desktop.models.enums import ReportGroup
from desktop.store import checks, storage
from desktop.store.db import Database, create_sqlite_engine
from desktop.store.storage import managed_by_alembic
from tests.conftest import commune, make_facility

REVISIONS = [s.revision for s in reversed(list(ScriptDirectory.from_config(checks.alembic_config()).walk_revisions()))]


def test_a_new_file_gets_the_schema_and_the_2025_units(tmp_path: Path) -> None:
    path = tmp_path / "moi.sqlite3"
    result = storage.prepare(path)
    assert result.before is None
    assert result.after == checks.head_revision()
    assert result.backup is None
    database = Database(path)
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(Province)) == 34
        assert session.scalar(select(func.count()).select_from(Commune)) == 3321
        cities = session.scalars(select(Province.name).where(Province.kind == "thanh_pho")).all()
        assert sorted(cities) == sorted(
            [
                "Thành phố Hà Nội",
                "Thành phố Huế",
                "Thành phố Hải Phòng",
                "Thành phố Đà Nẵng",
                "Thành phố Hồ Chí Minh",
                "Thành phố Cần Thơ",
            ]
        )
        assert (session.scalar(select(func.count()).select_from(SupportCap)) or 0) > 0
    database.close()
    storage.prepare(path)  # seeding again adds nothing
    with Database(path).session() as session:
        assert session.scalar(select(func.count()).select_from(Commune)) == 3321


def test_sqlite_runs_in_wal_mode_with_foreign_keys(database: Database) -> None:
    with database.engine.connect() as c:
        assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert c.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert c.exec_driver_sql("SELECT fold('Thành phố Đà Nẵng')").scalar() == "thanh pho da nang"


def test_models_match_the_migrations(db_path: Path) -> None:
    engine = create_sqlite_engine(db_path)
    with engine.connect() as connection:
        assert (
            compare_metadata(
                MigrationContext.configure(connection, opts={"include_object": managed_by_alembic}), Base.metadata
            )
            == []
        )
    engine.dispose()


@pytest.mark.parametrize("revision", REVISIONS)
def test_every_revision_upgrades_downgrades_and_upgrades_again(tmp_path: Path, revision: str) -> None:
    path = tmp_path / "bac-thang.sqlite3"
    script = ScriptDirectory.from_config(checks.alembic_config()).get_revision(revision)
    assert script is not None
    if script.down_revision:
        storage.upgrade(path, str(script.down_revision))
    storage.upgrade(path, revision)
    storage.downgrade(path, str(script.down_revision or "base"))
    storage.upgrade(path, revision)
    engine = create_sqlite_engine(path)
    assert storage.current_revision(engine) == revision
    engine.dispose()


def test_data_survives_reopening_and_upgrading(db_path: Path) -> None:
    database = Database(db_path)
    with database.transaction() as session:
        facility_id = make_facility(session, commune(session, "66", "xa"), name="Cơ sở chè Cư M’gar").id
    database.close()
    storage.prepare(db_path)
    with Database(db_path).session() as session:
        assert session.get_one(Facility, facility_id).name == "Cơ sở chè Cư M’gar"


def test_only_a_file_made_afresh_is_known_to_hold_nothing_written_past_the_outbox(tmp_path: Path) -> None:
    """The first sync queues the rows a file holds that never went through the outbox (a version before sync
    wrote them, or the demo data in bulk). A new file holds none, and is marked so: nothing to look for."""
    from sync.client import unadopted

    path = tmp_path / "moi.sqlite3"
    storage.prepare(path)
    database = Database(path)
    with database.engine.connect() as connection:
        marked = connection.exec_driver_sql("SELECT value FROM app_setting WHERE key = 'sync_adopted'").all()
        assert marked == [("1",)] and unadopted(connection) == 0
    with database.engine.begin() as connection:  # as a version before sync left its file: no mark, a row
        connection.exec_driver_sql("DELETE FROM app_setting WHERE key = 'sync_adopted'")
    with database.transaction() as session:
        make_facility(session, commune(session, "48", "xa"), name="Cơ sở từ trước")
    with database.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE facility SET row_version = 0")
        connection.exec_driver_sql("DELETE FROM sync_outbox")
    database.close()
    storage.prepare(path)  # opened again (or upgraded): not made afresh, so not marked
    database = Database(path)
    with database.engine.connect() as connection:
        assert unadopted(connection) == 1
    database.close()


def test_an_existing_file_is_copied_aside_before_migrating(tmp_path: Path) -> None:
    path = tmp_path / "cu.sqlite3"
    storage.upgrade(path, "base")
    with sqlite3.connect(path) as c:
        c.execute("CREATE TABLE ghi_chu (noi_dung TEXT)")
        c.execute("INSERT INTO ghi_chu VALUES ('dữ liệu người dùng')")
    c.close()
    result = storage.upgrade(path)
    assert result.backup is not None and result.backup.name.endswith(".sqlite3.gz")
    expanded = tmp_path / "ban-sao.sqlite3"
    with gzip.open(result.backup) as packed:
        expanded.write_bytes(packed.read())
    with sqlite3.connect(expanded) as copy:
        assert copy.execute("SELECT noi_dung FROM ghi_chu").fetchall() == [("dữ liệu người dùng",)]
    copy.close()


def test_a_file_from_a_newer_version_is_left_untouched(db_path: Path) -> None:
    with sqlite3.connect(db_path) as c:
        c.execute("UPDATE alembic_version SET version_num = '9999_tuong_lai'")
    c.close()
    digest = hashlib.sha256(db_path.read_bytes()).hexdigest()
    with pytest.raises(storage.NewerDatabaseError, match="phiên bản phần mềm mới hơn"):
        storage.upgrade(db_path)
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == digest
    report = storage.check(db_path)
    assert not report.ok
    assert "mới hơn" in report.problems[0]


def test_check_reports_broken_links_and_missing_files(db_path: Path, tmp_path: Path) -> None:
    assert storage.check(db_path).ok
    with sqlite3.connect(db_path) as c:
        c.execute("PRAGMA foreign_keys=OFF")
        c.execute(
            "INSERT INTO commune (code, province_code, name, kind) VALUES ('99999', '77', 'Xã Không Tồn Tại', 'xa')"
        )
    c.close()
    report = storage.check(db_path)
    assert not report.ok
    assert "dòng trỏ tới bản ghi không còn trong: Xã/phường" in report.problems[0]  # by the name users know
    assert "Không tìm thấy" in storage.check(tmp_path / "khong-co.sqlite3").problems[0]


def test_caps_and_targets_are_seeded_as_editable_dated_rows(session: Session, db_path: Path) -> None:
    target = session.scalars(select(ProgrammeTarget).where(ProgrammeTarget.indicator == "lao_dong_dao_tao")).one()
    assert (target.province_code, target.target, target.unit) == ("00", 10_000, "người")
    assert target.report_group is ReportGroup.DAO_TAO
    assert "1881" in target.legal_basis
    caps = session.scalars(
        select(SupportCap).where(SupportCap.activity_type_code == "may_moc_thiet_bi").order_by(SupportCap.valid_from)
    ).all()
    assert [(c.cap_amount, c.valid_from, c.valid_to) for c in caps] == [
        (200_000_000, date(2014, 4, 8), date(2018, 5, 14)),
        (300_000_000, date(2018, 5, 15), None),
    ]
    target.target = 12_000  # a user's edit survives the next seeding
    session.commit()
    storage.prepare(db_path)
    session.expire_all()
    assert session.get_one(ProgrammeTarget, target.id).target == 12_000


def test_the_fast_open_path_knows_the_newest_migration() -> None:
    assert checks.HEAD_REVISION == REVISIONS[-1] == checks.head_revision()


def test_a_ready_file_opens_without_migrating_and_a_stale_one_is_prepared(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert storage.is_ready(db_path)  # the template was prepared by this program
    prepared: list[Path] = []
    real_prepare = storage.prepare

    def counting(path: Path) -> storage.UpgradeResult:
        prepared.append(path)
        return real_prepare(path)

    monkeypatch.setattr(storage, "prepare", counting)
    storage.open_database(db_path).close()
    assert prepared == []
    # Reference data of another program version: seeded again on open.
    with closing(sqlite3.connect(db_path)) as connection, connection:
        connection.execute("UPDATE app_setting SET value = 'other' WHERE key = ?", (storage.REFERENCE_SEED_KEY,))
    assert not storage.is_ready(db_path)
    storage.open_database(db_path).close()
    assert prepared == [db_path]
    assert storage.is_ready(db_path)
    # An older schema: migrated on open.
    storage.downgrade(db_path, REVISIONS[-2])
    assert not storage.is_ready(db_path)
    storage.open_database(db_path).close()
    assert len(prepared) == 2
    assert storage.is_ready(db_path)
    assert not storage.is_ready(db_path.with_name("absent.sqlite3"))


def test_unit_names_have_single_spaces_also_in_a_file_seeded_before(db_path: Path) -> None:
    """The 2025 list writes ten names with two spaces ("Phường  Buôn Ma Thuột"): seeded, and reseeded, clean."""
    with sqlite3.connect(db_path) as c:
        c.execute("UPDATE commune SET name = 'Phường  Buôn Ma Thuột' WHERE name = 'Phường Buôn Ma Thuột'")
        # as an earlier version left it: seeded with another reference module
        c.execute("DELETE FROM app_setting WHERE key = ?", (storage.REFERENCE_SEED_KEY,))
    c.close()
    storage.open_database(db_path).close()
    with sqlite3.connect(db_path) as c:
        assert c.execute("SELECT count(*) FROM commune WHERE name LIKE '%  %'").fetchone() == (0,)
        assert c.execute("SELECT count(*) FROM commune WHERE name = 'Phường Buôn Ma Thuột'").fetchone() == (1,)
    c.close()
