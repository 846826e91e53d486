"""Search-as-you-type, paged lists, forms, settings and undo — the Qt-free parts of the desktop screens."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core.validation import FieldError
from desktop.models import Facility, Operation
from desktop.models.enums import LegalForm, Sector
from desktop.services import forms, settings
from desktop.services.listing import FACILITIES, PROPOSALS, ListQuery
from desktop.store import search, storage, undo
from desktop.store.db import Database
from desktop.store.undo import UndoRefused
from tests.conftest import DemoFile, commune, make_facility


def test_search_ignores_accents_and_d(database: Database) -> None:
    with database.transaction("a") as session:
        place = commune(session, "48", "phuong")  # a phường of Đà Nẵng
        make_facility(session, place, name="Cơ sở gốm Đà Nẵng Xưa")
        make_facility(session, place, name="Hợp tác xã mây tre Hòa Vang")
    with database.session() as session:
        for typed in ("da nang", "Đà Nẵng", "DA NANG", "đa nă", "gom da"):
            names = [r.values[0] for r in FACILITIES.page(session, ListQuery(search=typed), None, 50)]
            assert names == ["Cơ sở gốm Đà Nẵng Xưa"], typed
        assert FACILITIES.count(session, ListQuery(search="hoa vang")) == 1
        assert FACILITIES.count(session, ListQuery(search="xyz")) == 0


def test_search_follows_edits_and_deletes(database: Database) -> None:
    with database.transaction("a") as session:
        place = commune(session, "01", "xa")
        facility = make_facility(session, place, name="Cơ sở mộc Tân Lập")
    with database.transaction("a") as session:
        row = session.get(Facility, facility.id)
        assert row is not None
        row.name = "Cơ sở sơn mài Hạ Thái"
    with database.session() as session:
        assert FACILITIES.count(session, ListQuery(search="tan lap")) == 0
        assert FACILITIES.count(session, ListQuery(search="son mai")) == 1
        # the commune name is searchable too
        assert FACILITIES.count(session, ListQuery(search=search.fold_words(place.name))) >= 1
    with database.transaction("a") as session:
        row = session.get(Facility, facility.id)
        assert row is not None
        row.deleted_at = row.updated_at
    with database.session() as session:
        assert FACILITIES.count(session, ListQuery(search="son mai")) == 0
        assert FACILITIES.count(session, ListQuery(search="son mai", deleted=True)) == 1


def test_match_expression_makes_safe_prefix_queries() -> None:
    assert search.match_expression("  Đà   Nẵng ") == '"da"* "nang"*'
    assert search.match_expression('"; DROP TABLE facility; --') == '"drop"* "table"* "facility"*'
    assert search.match_expression("…") is None


@pytest.fixture(scope="module")
def demo(demo_file_named: DemoFile) -> Path:
    return demo_file_named("paging")


def test_pages_follow_each_other_without_gaps_or_repeats(demo: Path) -> None:
    database = Database(demo)
    try:
        with database.session() as session:
            for query in (ListQuery(), ListQuery(sort="commune", descending=True), ListQuery(search="ho")):
                total = FACILITIES.count(session, query)
                seen: list[object] = []
                after = None
                while rows := FACILITIES.page(session, query, after, 97):
                    seen.extend(r.id for r in rows)
                    after = rows[-1].key
                assert len(seen) == len(set(seen)) == total > 0
            names = [r.values[0] for r in FACILITIES.page(session, ListQuery(), None, 300)]
            folded = [search.fold_words(n) for n in names]
            assert folded == sorted(folded)
    finally:
        database.close()


def _every_page(session: Session, query: ListQuery, limit: int) -> list[object]:
    seen: list[object] = []
    after = None
    while page := FACILITIES.page(session, query, after, limit):
        seen += [r.id for r in page]
        after = page[-1].key
    return seen


@pytest.mark.parametrize(
    "typed",
    [
        "c",  # most rows: each walked row's own text is tested
        "co so",
        "0",
        "hop tac",  # every "Hợp tác xã" sorts under H: the walk's window holds none, the matches are sorted
        "m drak",  # words split by the ’ of M’Drắk
        "gom",
    ],
)
@pytest.mark.parametrize("descending", [False, True])
def test_every_search_strategy_gives_the_same_pages(
    demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, typed: str, descending: bool
) -> None:
    path = tmp_path / "demo.sqlite3"
    shutil.copyfile(demo, path)
    database = Database(path)
    try:
        with database.transaction("a") as session:
            place = commune(session, "66", "xa")
            make_facility(session, place, name="Cơ sở cà phê M’Drắk")
            deleted = make_facility(session, place, name="Cơ sở gốm cũ")
            deleted.deleted_at = deleted.updated_at
        with database.session() as session:
            query = ListQuery(search=typed, sort="name", descending=descending)
            monkeypatch.setattr("desktop.services.listing.BROAD_MATCH", 10**9)
            sorted_pages = _every_page(session, query, 37)
            monkeypatch.setattr("desktop.services.listing.BROAD_MATCH", 0)
            walked_pages = _every_page(session, query, 37)
            assert walked_pages == sorted_pages
            monkeypatch.setattr("desktop.services.listing.WALK_SAMPLE", 0)  # walk even where the sample says no
            assert _every_page(session, query, 37) == sorted_pages
            assert len(sorted_pages) == len(set(sorted_pages)) == FACILITIES.count(session, query) > 0
            assert deleted.id not in sorted_pages
    finally:
        database.close()


def test_proposal_filters(demo: Path) -> None:
    database = Database(demo)
    try:
        with database.session() as session:
            every = PROPOSALS.count(session, ListQuery())
            drafts = PROPOSALS.count(session, ListQuery().with_filter("status", "du_thao"))
            in_2024 = PROPOSALS.count(session, ListQuery().with_filter("year", "2024"))
            assert 0 < drafts < every
            assert 0 < in_2024 < every
            rows = PROPOSALS.page(session, ListQuery().with_filter("status", "du_thao"), None, 500)
            assert {r.values[4].value for r in rows} == {"du_thao"}
    finally:
        database.close()


def test_demo_database_search_index_is_sound(demo: Path) -> None:
    assert storage.check(demo).ok


def _facility_form(session: Session, **changes: object) -> dict[str, object]:
    place = commune(session, "01", "xa")
    raw: dict[str, object] = {
        "name": "Hộ kinh doanh Nguyễn Văn An",
        "legal_form": LegalForm.HO_KINH_DOANH.value,
        "sector": Sector.CONG_NGHIEP_XAY_DUNG.value,
        "commune_code": place.code,
        "phone": "0912 345 678",
        "established_on": "5/3/2020",
    }
    raw.update(changes)
    return raw


def test_form_errors_name_the_field(session: Session) -> None:
    raw = _facility_form(session, name=" ", phone="12", established_on="31/02/2020")
    _values, errors = forms.parse(forms.FACILITY_FIELDS, raw)
    assert set(errors) == {"name", "phone", "established_on"}
    assert errors["name"] == "Không được để trống"
    with pytest.raises(FieldError) as caught:
        forms.save(session, Facility, None, raw, "01")
    assert caught.value.field == "name"


def test_form_save_and_load_round_trip(database: Database) -> None:
    with database.transaction("a") as session:
        new_id = forms.save(session, Facility, None, _facility_form(session), "01")
    with database.session() as session:
        loaded = forms.load(session, Facility, new_id)
    assert loaded["name"] == "Hộ kinh doanh Nguyễn Văn An"
    assert loaded["phone"] == "0912345678"
    assert loaded["established_on"] == "05/03/2020"


def test_undo_reverts_an_edit_then_refuses_twice(database: Database) -> None:
    with database.transaction("a", "Thêm cơ sở") as session:
        new_id = forms.save(session, Facility, None, _facility_form(session), "01")
    with database.transaction("a", "Sửa cơ sở") as session:
        forms.save(session, Facility, new_id, _facility_form(session, name="Cơ sở mới tên"), "01")
    with database.transaction("a") as session:
        last = undo.recent(session, "a")[0]
        assert last.label == "Sửa cơ sở"
        undo.undo(session, last.id)
    with database.session() as session:
        row = session.get(Facility, new_id)
        assert row is not None
        assert row.name == "Hộ kinh doanh Nguyễn Văn An"
        assert FACILITIES.count(session, ListQuery(search="nguyen van an")) == 1
        assert [op.label for op in undo.recent(session, "a")] == ["Thêm cơ sở"]
    with database.transaction("a") as session, pytest.raises(UndoRefused):
        undo.undo(session, last.id)
    with database.transaction("a") as session:
        undo.undo(session, undo.recent(session, "a")[0].id)  # undo the insert: the row is soft-deleted
    with database.session() as session:
        row = session.get(Facility, new_id)
        assert row is not None
        assert row.deleted_at is not None
        assert session.scalar(select(Operation).where(Operation.label == "Hoàn tác: Thêm cơ sở")) is not None


def test_undo_refuses_when_the_field_changed_again(database: Database) -> None:
    with database.transaction("a", "Thêm") as session:
        new_id = forms.save(session, Facility, None, _facility_form(session), "01")
    with database.transaction("b") as session:
        forms.save(session, Facility, new_id, _facility_form(session, name="Tên do người khác sửa"), "01")
    with database.transaction("a") as session, pytest.raises(UndoRefused, match="sửa tiếp"):
        undo.undo(session, undo.recent(session, "a")[0].id)
    with database.session() as session:
        row = session.get(Facility, new_id)
        assert row is not None
        assert row.name == "Tên do người khác sửa"
        assert row.deleted_at is None


def test_settings_fill_defaults_from_the_province(database: Database) -> None:
    with database.transaction() as session:
        with pytest.raises(FieldError):
            settings.save(session, settings.CentreSettings(province_code="01"))
        stored = settings.save(session, settings.CentreSettings("01", "Trung tâm Khuyến công Hà Nội"))
    assert stored.agency_name == "SỞ CÔNG THƯƠNG THÀNH PHỐ HÀ NỘI"
    assert stored.place == "Hà Nội"
    with database.session() as session:
        assert settings.load(session).configured
