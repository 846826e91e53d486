"""Shared fixtures: every test gets its own real SQLite file, copied from one migrated and seeded template."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import NamedTuple

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import Commune, Facility, FacilityYear
from desktop.models.enums import LegalForm, Sector
from desktop.store import storage
from desktop.store.db import Database

pytest_plugins = ["tests.qt_fixtures", "tests.sync_fixtures"]

# Qt tests render offscreen (the QApplication is made later, by pytest-qt): no display needed.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Tests never touch the machine's real credential store: tokens stay in memory.
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The slow tests first: the two processes start on them and share the short ones at the end, instead of
    one process ending the run alone on a minute-long test while the other waits."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    storage.prepare(path)
    return path


class Demo(NamedTuple):
    province: str
    facilities: int
    proposals: int
    trainees: int
    seed: int


# The demo databases the tests read, by name. Tests read their records (codes, counts), so each keeps its
# own sizes and seed; each is made once per session (per worker) and copied by a test that changes it.
DEMO_FILES = {
    "centre": Demo("48", 40, 12, 30, seed=3),  # a centre's years of records, never synced
    "da-nang": Demo("48", 150, 50, 80, seed=3),  # the printed forms
    "screens": Demo("48", 700, 120, 150, seed=5),  # the Qt tests
    "dak-lak": Demo("66", 300, 60, 200, seed=4),  # printing, exports
    "paging": Demo("66", 1500, 300, 300, seed=3),  # lists and search
}
DemoFile = Callable[[str], Path]


@pytest.fixture(scope="session")
def demo_file_named(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> DemoFile:
    """``demo_file_named(name)``: the demo database of DEMO_FILES ``name``, made on first use. Read it, or
    copy it (``copy_of``) to change it."""
    from desktop.demo import demo_data

    made: dict[str, Path] = {}

    def named(name: str) -> Path:
        if name not in made:
            demo = DEMO_FILES[name]
            path = tmp_path_factory.mktemp(name) / "demo.sqlite3"
            shutil.copyfile(template_db, path)
            demo_data.generate(
                path,
                demo.province,
                facilities=demo.facilities,
                proposals=demo.proposals,
                trainees=demo.trainees,
                seed=demo.seed,
            )
            made[name] = path
        return made[name]

    return named


def copy_of(path: Path, folder: Path, name: str = "demo.sqlite3") -> Path:
    """A copy of the database file ``path`` in ``folder``, for one test to change."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, folder / name)
    return folder / name


@pytest.fixture(scope="session")
def dak_lak(demo_file_named: DemoFile) -> Iterator[Database]:
    """A small demo province (Đắk Lắk), shared by the tests that only read it (printing, exports): a test
    that writes takes ``database`` instead."""
    database = Database(demo_file_named("dak-lak"))
    yield database
    database.close()


@pytest.fixture
def db_path(template_db: Path, tmp_path: Path) -> Path:
    path = tmp_path / "khuyencong.sqlite3"
    shutil.copyfile(template_db, path)
    return path


@pytest.fixture
def database(db_path: Path) -> Iterator[Database]:
    database = Database(db_path)
    yield database
    database.close()


@pytest.fixture
def session(database: Database) -> Iterator[Session]:
    with database.session(actor="can-bo-a") as session:
        yield session


def commune(session: Session, province_code: str, kind: str, name_part: str = "") -> Commune:
    """A real commune of the 07/2025 list, of the given kind, in the given province."""
    stmt = select(Commune).where(Commune.province_code == province_code, Commune.kind == kind)
    if name_part:
        stmt = stmt.where(Commune.name.contains(name_part))
    found = session.scalars(stmt.order_by(Commune.code)).first()
    assert found is not None, (province_code, kind, name_part)
    return found


def make_facility(
    session: Session,
    place: Commune,
    *,
    legal_form: LegalForm = LegalForm.HO_KINH_DOANH,
    sector: Sector = Sector.CONG_NGHIEP_XAY_DUNG,
    name: str = "Cơ sở mây tre đan Hòa Bình",
    figures: tuple[int, int, float, int | None, int | None] | None = None,
) -> Facility:
    """A facility in ``place``; ``figures`` = (year, total employees, insured employees, revenue, capital)."""
    facility = Facility(
        name=name, legal_form=legal_form, sector=sector, commune_code=place.code, province_code=place.province_code
    )
    session.add(facility)
    if figures is not None:
        year, total, insured, revenue, capital = figures
        facility.years.append(
            FacilityYear(
                year=year,
                total_employees=total,
                insured_employees=insured,
                revenue=revenue,
                capital=capital,
                province_code=place.province_code,
            )
        )
    session.flush()
    session.refresh(facility)
    return facility


TODAY = date(2026, 11, 22)
