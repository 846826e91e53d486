"""A voting round: jurors, registered products, score sheets, averages and the pass mark, without Qt."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest

from desktop.models import VotingRound
from desktop.models.enums import ProductGroup, VotingLevel
from desktop.services import voting_sheet
from desktop.services.lifecycle import RuleViolation
from desktop.store.db import Database
from tests.conftest import commune, make_facility


@pytest.fixture
def round_id(database: Database) -> uuid.UUID:
    with database.transaction("can-bo") as session:
        r = VotingRound(province_code="66", level=VotingLevel.TINH, year=2026, name="Bình chọn SPCNNT tiêu biểu 2026")
        session.add(r)
        session.flush()
        return r.id


def sheet(database: Database, rid: uuid.UUID) -> voting_sheet.RoundSheet:
    with database.session() as session:
        return voting_sheet.load(session, rid)


def test_scores_give_averages_and_the_pass_mark(database: Database, round_id: uuid.UUID) -> None:
    with database.transaction("can-bo") as session:
        place = commune(session, "66", "xa")
        weaver = make_facility(session, place, name="HTX dệt thổ cẩm Buôn Jun").id
        coffee = make_facility(session, place, name="Cơ sở cà phê Ea Tu").id
        for name in ("Nguyễn Văn Hội", "Trần Thị Đồng", "Lê Minh Giám"):
            voting_sheet.add_juror(session, round_id, name, "Ủy viên")
        voting_sheet.register(session, round_id, weaver, "Khăn thổ cẩm", ProductGroup.THU_CONG_MY_NGHE, "TC01")
        voting_sheet.register(session, round_id, coffee, "Cà phê bột", ProductGroup.CHE_BIEN, "CB01")
    with pytest.raises(RuleViolation, match="đã đăng ký"), database.transaction("x") as session:
        voting_sheet.register(session, round_id, weaver, "khan tho cam", ProductGroup.THU_CONG_MY_NGHE, "")
    with pytest.raises(RuleViolation, match="đã có trong hội đồng"), database.transaction("x") as session:
        voting_sheet.add_juror(session, round_id, "nguyen van hoi", "")
    s = sheet(database, round_id)
    by_name = {e.product: e.id for e in s.entries}
    scarf, coffee_entry = by_name["Khăn thổ cẩm"], by_name["Cà phê bột"]
    sheets: dict[uuid.UUID, dict[uuid.UUID, voting_sheet.Points | None]] = {
        s.jurors[0].id: {scarf: (35, 34, 8, 8), coffee_entry: (30, 28, 6, 5)},
        s.jurors[1].id: {scarf: (33, 30, 9, 7), coffee_entry: (32, 30, 7, 6)},
        s.jurors[2].id: {scarf: (30, 31, 7, 8), coffee_entry: None},
    }
    for juror, points in sheets.items():
        with database.transaction("can-bo") as session:
            voting_sheet.save_scores(session, round_id, juror, points)
    s = sheet(database, round_id)
    scarf_row, coffee_row = s.results()
    assert (scarf_row.product, scarf_row.jurors, scarf_row.average, scarf_row.passed) == (
        "Khăn thổ cẩm",
        3,
        Decimal("80.00"),
        True,
    )
    assert (coffee_row.jurors, coffee_row.average, coffee_row.passed) == (2, Decimal("72.00"), True)
    # A juror lowers a sheet: the coffee falls below 70.
    with database.transaction("can-bo") as session:
        voting_sheet.save_scores(session, round_id, s.jurors[1].id, {coffee_entry: (25, 25, 5, 5)})
    coffee_row = next(e for e in sheet(database, round_id).entries if e.id == coffee_entry)
    assert (coffee_row.average, coffee_row.passed) == (Decimal("64.50"), False)  # (69 + 60) / 2
    with pytest.raises(RuleViolation, match="đã chấm 2 sản phẩm"), database.transaction("x") as session:
        voting_sheet.remove_juror(session, s.jurors[0].id)


def test_a_sheet_above_a_maximum_is_refused_whole_naming_product_and_criterion(
    database: Database, round_id: uuid.UUID
) -> None:
    with database.transaction("can-bo") as session:
        fid = make_facility(session, commune(session, "66", "xa"), name="Cơ sở rèn").id
        voting_sheet.add_juror(session, round_id, "Phạm Văn Chấm", "")
        voting_sheet.register(session, round_id, fid, "Dao rèn", ProductGroup.CO_KHI, "")
        voting_sheet.register(session, round_id, fid, "Kéo rèn", ProductGroup.CO_KHI, "")
    s = sheet(database, round_id)
    by_name = {e.product: e.id for e in s.entries}
    knife, scissors = by_name["Dao rèn"], by_name["Kéo rèn"]
    with (
        pytest.raises(RuleViolation, match="“Kéo rèn”: Điểm “Tiêu chí về tính văn hóa và thẩm mỹ” phải từ 0 đến 10"),
        database.transaction("x") as session,
    ):
        voting_sheet.save_scores(session, round_id, s.jurors[0].id, {knife: (30, 30, 5, 5), scissors: (30, 30, 12, 5)})
    assert sheet(database, round_id).scores == {}
