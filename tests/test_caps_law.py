"""Support caps as the texts set them: TTLT 26/2014 Điều 6 clause by clause, TT 28/2018 Điều 8 from its day,
exact shares, national caps for KCQG, a province's own caps for KCĐP cited as the province's text."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from desktop.core.validation import FieldError
from desktop.models import ActivityType, BudgetLine, Proposal, SupportCap
from desktop.models.enums import CapUnit, FundingKind
from desktop.models.sync import OutboxEntry
from desktop.services import budget, caps
from desktop.services.budget import Severity, cap_in_force, check_with_cap
from desktop.store import reference_data
from desktop.store.db import Database

M = 1_000_000
TTLT_26_DAY = date(2016, 6, 1)


def line(amount: int, support: int) -> BudgetLine:
    return BudgetLine(
        position=1,
        item="Hạng mục",
        unit="gói",
        quantity=Decimal(1),
        unit_price=amount,
        amount=amount,
        support_amount=support,
        counterpart_amount=amount - support,
        other_amount=0,
        province_code="66",
    )


def warnings(cap: SupportCap | None, amount: int, support: int) -> list[str]:
    return [f.message for f in check_with_cap([line(amount, support)], cap, {}) if f.severity is Severity.WARNING]


# Thông tư liên tịch 26/2014/TTLT-BTC-BCT Điều 6 khoản 2, as the reference text reads, clause by clause.
TTLT_26_CLAUSES = [
    ("thanh_lap_dn", None, 10 * M, "khoản 2 điểm a"),
    ("mo_hinh_trinh_dien", Decimal(30), 500 * M, "khoản 2 điểm b"),
    ("mo_hinh_co_so", None, 100 * M, "khoản 2 điểm b"),
    ("may_moc_thiet_bi", Decimal(50), 200 * M, "khoản 2 điểm c"),
    ("day_chuyen_cong_nghe", Decimal(50), 200 * M, "khoản 2 điểm c"),
    ("hoi_cho_trong_nuoc", Decimal(100), None, "khoản 2 điểm d"),
    ("tham_gia_hoi_cho", Decimal(80), None, "khoản 2 điểm d"),
    ("hoi_cho_nuoc_ngoai", Decimal(100), None, "khoản 2 điểm đ"),
    ("khao_sat_nuoc_ngoai", Decimal(100), None, "khoản 2 điểm e"),
    ("binh_chon_khu_vuc", None, 100 * M, "khoản 2 điểm g"),
    ("binh_chon_quoc_gia", None, 200 * M, "khoản 2 điểm g"),
    ("thuong_hieu", Decimal(50), 35 * M, "khoản 2 điểm h"),
    ("tu_van", Decimal(50), 35 * M, "khoản 2 điểm i"),
    ("hiep_hoi_vung", Decimal(30), 70 * M, "khoản 2 điểm l"),
    ("hiep_hoi_quoc_gia", Decimal(30), 100 * M, "khoản 2 điểm l"),
    ("cum_lien_ket", Decimal(50), 150 * M, "khoản 2 điểm m"),
    ("xu_ly_o_nhiem_co_so", Decimal(30), 300 * M, "khoản 2 điểm o"),
    ("xu_ly_o_nhiem_ccn", Decimal(30), 1_500 * M, "khoản 2 điểm p"),
    ("quy_hoach_ccn", Decimal(50), 500 * M, "khoản 2 điểm q"),
    ("ha_tang_ccn", None, 3_000 * M, "khoản 2 điểm r"),
]
# Activities the same article gives no rate and no amount: other norms (khoản 1), a contract (khoản 2 điểm k),
# nothing for showrooms, the province for its own round of voting (khoản 3).
TTLT_26_NO_CAP = [
    ("dao_tao_nghe", "khoản 1 điểm b"),
    ("khoi_su_quan_tri", "khoản 1 điểm c, e"),
    ("nang_luc_khuyen_cong", "khoản 1 điểm e"),
    ("san_xuat_sach_hon", "khoản 1 điểm h"),
    ("thong_tin_tuyen_truyen", "khoản 2 điểm k"),
    ("phong_trung_bay", "khoản 2"),
    ("binh_chon_tinh", "khoản 3"),
]


@pytest.mark.parametrize(("activity", "rate", "amount", "clause"), TTLT_26_CLAUSES)
def test_ttlt_26_2014_dieu_6_khoan_2_every_clause_has_its_row(
    session: Session, activity: str, rate: Decimal | None, amount: int | None, clause: str
) -> None:
    """TTLT 26/2014 Điều 6 khoản 2: each clause's rate and amount, cited with its clause (a technology line
    is "ứng dụng máy móc thiết bị, chuyển giao công nghệ tiên tiến", điểm c, like one machine)."""
    cap = cap_in_force(session, "66", activity, TTLT_26_DAY)
    assert cap is not None, activity
    assert (cap.rate_percent, cap.cap_amount) == (rate, amount)
    assert cap.legal_basis == f"Thông tư liên tịch 26/2014/TTLT-BTC-BCT, Điều 6 {clause}"
    assert cap.priority_factor == Decimal("1.5")  # khoản 2 điểm t


@pytest.mark.parametrize(("activity", "clause"), TTLT_26_NO_CAP)
def test_ttlt_26_2014_dieu_6_activities_without_a_cap_say_so(session: Session, activity: str, clause: str) -> None:
    """TTLT 26/2014 Điều 6: where the text sets no rate and no amount the program records that, cites where,
    and never calls the budget "within the cap"."""
    cap = cap_in_force(session, "66", activity, TTLT_26_DAY)
    assert cap is not None, activity
    assert budget.sets_no_cap(cap)
    assert clause in cap.legal_basis
    status = budget.cap_status(cap, TTLT_26_DAY)
    assert status.startswith("Văn bản không quy định mức hỗ trợ tối đa")
    assert "trong mức hỗ trợ" not in budget.verdict([], cap)
    assert budget.verdict([], cap) == "Dự toán khớp số liệu (hoạt động không có mức hỗ trợ tối đa)."
    assert warnings(cap, 100 * M, 100 * M) == []


def test_every_activity_type_has_a_row_or_says_the_program_has_none(session: Session) -> None:
    """TTLT 26/2014 Điều 6: every activity offered in its years has a row (a cap or "none"); an activity
    without a row in force is never said to be within a cap."""
    offered = set(session.scalars(select(ActivityType.code)))
    missing = {a for a in offered if cap_in_force(session, "66", a, TTLT_26_DAY) is None}
    assert missing == {"chuyen_doi_so"}  # added by NĐ 235/2025, long after the text
    assert budget.verdict([], None) == "Dự toán khớp số liệu; chưa so được với mức hỗ trợ tối đa."
    assert "chưa được so với mức hỗ trợ" in budget.cap_status(None, date(2026, 5, 1))
    assert "05/2026" in budget.cap_status(None, date(2026, 5, 1))


def test_tt_28_2018_takes_effect_on_15_05_2018_and_ttlt_26_ends_the_day_before(session: Session) -> None:
    """TT 28/2018 Điều 8 khoản 4 (in force 15/05/2018) replaces TTLT 26/2014 Điều 6 khoản 2 điểm c."""
    before = cap_in_force(session, "66", "may_moc_thiet_bi", date(2018, 5, 14))
    on = cap_in_force(session, "66", "may_moc_thiet_bi", date(2018, 5, 15))
    assert before is not None and on is not None
    assert (before.cap_amount, on.cap_amount) == (200 * M, 300 * M)
    assert "26/2014" in before.legal_basis
    assert on.legal_basis == "Thông tư 28/2018/TT-BTC, Điều 8 khoản 4"
    line_cap = cap_in_force(session, "66", "day_chuyen_cong_nghe", date(2018, 5, 15))
    assert line_cap is not None and line_cap.cap_amount == 450 * M  # 1,5 times a machine, khoản 4
    assert cap_in_force(session, "66", "may_moc_thiet_bi", date(2014, 4, 7)) is None  # before TTLT 26
    assert cap_in_force(session, "66", "may_moc_thiet_bi", date(2014, 4, 8)) is not None


@pytest.mark.parametrize(
    ("support", "over"),
    [
        (0, False),  # zero
        (30_000_000, False),  # exactly 30 %
        (30_004_000, True),  # 30,004 %: over, though it rounds to 30,00 %
        (30_000_001, True),  # one đồng over the share
    ],
)
def test_tt_28_2018_dieu_8_khoan_2_share_is_compared_exactly(session: Session, support: int, over: bool) -> None:
    """TT 28/2018 Điều 8 khoản 2: a demonstration model at most 30 % of its cost, compared exactly."""
    cap = cap_in_force(session, "66", "mo_hinh_trinh_dien", date(2026, 5, 1))
    found = warnings(cap, 100_000_000, support)
    assert bool(found) is over
    if support == 30_004_000:
        assert "30,004% chi phí" in found[0]


@pytest.mark.parametrize(("support", "over"), [(300 * M, False), (300 * M + 1, True)])
def test_tt_28_2018_dieu_8_khoan_4_amount_at_the_limit_and_one_dong_over(
    session: Session, support: int, over: bool
) -> None:
    """TT 28/2018 Điều 8 khoản 4: at most 300.000.000 đ per establishment; one đồng more is over."""
    cap = cap_in_force(session, "66", "may_moc_thiet_bi", date(2026, 5, 1))
    found = warnings(cap, 1_000 * M, support)
    assert bool(found) is over
    if over:
        assert "300.000.001 đ vượt mức" in found[0]


def test_ttlt_26_2014_dieu_6_khoan_2_diem_t_priority_factor_is_exact(session: Session) -> None:
    """TTLT 26/2014 Điều 6 khoản 2 điểm t: 1,5 times for priority areas — 50 % × 1,5 = 75 % exactly."""
    cap = cap_in_force(session, "66", "may_moc_thiet_bi", TTLT_26_DAY)
    lines = [line(100 * M, 75 * M)]
    assert check_with_cap(lines, cap, {}, priority=True) == []
    lines = [line(100 * M, 75 * M + 1)]
    assert len(check_with_cap(lines, cap, {}, priority=True)) == 1


def _province_cap(session: Session, **values: str) -> uuid.UUID:
    raw = {
        "activity_type_code": "mo_hinh_trinh_dien",
        "rate_percent": "30",
        "cap_amount": "800.000.000",
        "unit": CapUnit.MO_HINH.value,
        "valid_from": "01/07/2025",
        "document_kind": "Nghị quyết",
        "document_no": "12/2025/NQ-HĐND",
        "document_date": "20/06/2025",
        "issuer": "HĐND tỉnh Đắk Lắk",
        "article": "Điều 3 khoản 2",
    } | values
    return caps.save(session, "66", None, raw)


def test_a_provinces_cap_is_cited_as_its_own_text_from_its_day(session: Session) -> None:
    """TTLT 26/2014 Điều 6 khoản 3: a province sets its own KCĐP caps; the program cites the province's
    resolution (number, date, issuer), and the cap applies from its day, not the day before."""
    _province_cap(session)
    kcdp = FundingKind.KCDP
    day_before = cap_in_force(session, "66", "mo_hinh_trinh_dien", date(2025, 6, 30), kcdp)
    day_of = cap_in_force(session, "66", "mo_hinh_trinh_dien", date(2025, 7, 1), kcdp)
    assert day_before is not None and day_before.cap_amount == 1_000 * M
    assert day_of is not None and day_of.cap_amount == 800 * M
    assert day_of.legal_basis == "Nghị quyết số 12/2025/NQ-HĐND ngày 20/06/2025 của HĐND tỉnh Đắk Lắk, Điều 3 khoản 2"
    assert "28/2018" not in budget.describe_cap(day_of)
    assert budget.cap_status(day_of).startswith("Mức hỗ trợ của tỉnh: ")


def test_a_kcqg_proposal_keeps_the_national_cap_where_the_province_has_its_own(session: Session) -> None:
    """TT 28/2018 Điều 8 (national caps) for KCQG; the province's caps only for its KCĐP proposals."""
    _province_cap(session)
    for kind in (FundingKind.KCQG_DIEM, FundingKind.KCQG_NHOM, FundingKind.KCQG_DOI_TUONG):
        cap = cap_in_force(session, "66", "mo_hinh_trinh_dien", date(2026, 5, 1), kind)
        assert cap is not None and cap.cap_amount == 1_000 * M, kind
    p = Proposal(
        code="KCQG-2026-001",
        title="Mô hình sấy",
        plan_year=2026,
        funding=FundingKind.KCQG_NHOM,
        activity_type_code="mo_hinh_trinh_dien",
        province_code="66",
    )
    p.budget_lines.append(line(3_000 * M, 900 * M))
    session.add(p)
    session.flush()
    assert budget.check_budget(session, p, date(2026, 5, 1)) == []  # 900 ≤ 1.000 million nationally


def test_a_provinces_cap_is_checked_before_it_is_written(session: Session) -> None:
    """TTLT 26/2014 Điều 6 khoản 3: what a province's cap must carry — a rate or an amount, a period, and
    the province's text — each refused in Vietnamese naming the field."""
    cases = [
        ({"rate_percent": "", "cap_amount": ""}, "rate_percent", "Nhập tỷ lệ hỗ trợ tối đa"),
        ({"rate_percent": "0"}, "rate_percent", "lớn hơn 0"),
        ({"rate_percent": "100,01"}, "rate_percent", "không quá 100%"),
        ({"rate_percent": "12,345"}, "rate_percent", "hai chữ số thập phân"),
        ({"cap_amount": "0"}, "cap_amount", "lớn hơn 0"),
        ({"cap_amount": "tám trăm"}, "cap_amount", "không phải là số tiền"),
        ({"valid_from": ""}, "valid_from", "Không được để trống"),
        ({"valid_to": "30/06/2025"}, "valid_to", "trước ngày có hiệu lực"),
        ({"document_no": ""}, "document_no", "số, ký hiệu"),
        ({"document_date": "02/07/2025"}, "valid_from", "trước ngày ban hành"),
        ({"issuer": ""}, "issuer", "cơ quan ban hành"),
        ({"activity_type_code": ""}, "activity_type_code", "Chọn hoạt động"),
    ]
    for values, field, message in cases:
        with pytest.raises(FieldError, match=message) as raised:
            _province_cap(session, **values)
        assert raised.value.field == field, values
    _province_cap(session, rate_percent="", cap_amount="800.000.000")  # an amount alone is a cap
    assert session.scalars(select(SupportCap).where(SupportCap.province_code == "66")).one()


def test_a_provinces_caps_do_not_overlap_and_one_is_ended_the_day_before_the_next(session: Session) -> None:
    """TTLT 26/2014 Điều 6 khoản 3: one cap of the province per activity on any day; a new resolution ends the
    old cap the day before it takes effect."""
    first = _province_cap(session)
    with pytest.raises(FieldError, match="Trùng thời gian với mức hỗ trợ từ 01/07/2025"):
        _province_cap(session, valid_from="01/01/2026", document_date="20/12/2025", cap_amount="900.000.000")
    with pytest.raises(FieldError, match="trước ngày mức hỗ trợ có hiệu lực"):
        caps.end(session, "66", first, "30/06/2025")
    assert caps.end(session, "66", first, "31/12/2025") == date(2025, 12, 31)
    second = _province_cap(session, valid_from="01/01/2026", document_date="20/12/2025", cap_amount="900.000.000")
    kcdp = FundingKind.KCDP
    assert cap_in_force(session, "66", "mo_hinh_trinh_dien", date(2025, 12, 31), kcdp).id == first  # type: ignore[union-attr]
    assert cap_in_force(session, "66", "mo_hinh_trinh_dien", date(2026, 1, 1), kcdp).id == second  # type: ignore[union-attr]
    values = caps.form_values(session, second)
    assert values["document_no"] == "12/2025/NQ-HĐND" and values["issuer"] == "HĐND tỉnh Đắk Lắk"
    assert values["cap_amount"] == "900.000.000" and values["valid_from"] == "01/01/2026"
    caps.save(session, "66", second, values | {"rate_percent": "25"})  # corrected in place
    assert session.get_one(SupportCap, second).rate_percent == Decimal(25)
    listed = caps.rows(session, "66")
    assert [r.valid_from for r in listed] == [date(2025, 7, 1), date(2026, 1, 1)]
    assert listed[0].in_force(date(2025, 12, 31)) and not listed[0].in_force(date(2025, 12, 31) + timedelta(1))


def test_a_provinces_cap_is_written_for_sync(database: Database) -> None:
    """TTLT 26/2014 Điều 6 khoản 3: a province's cap travels to the server like every other change (the
    outbox has it, in the transaction that wrote it)."""
    with database.transaction("can-bo") as session:
        cap_id = _province_cap(session)
    with database.session() as session:
        queued = session.scalars(select(OutboxEntry).where(OutboxEntry.row_id == cap_id)).all()
        assert queued and queued[0].table_name == "support_cap"


def test_seeded_caps_reach_an_existing_database_without_overwriting_edited_rows(session: Session) -> None:
    """A new seed adds the rows an older installation lacks (the technology line of TTLT 26/2014 Điều 6
    khoản 2 điểm c) and leaves a row its users edited as it is."""
    added = session.get_one(
        SupportCap, reference_data.seed_id("support_cap", "00", "day_chuyen_cong_nghe", date(2014, 4, 8))
    )
    # An older installation lacks the row: take it out of this one's database the way SQL would.
    session.execute(delete(SupportCap).where(SupportCap.id == added.id).execution_options(synchronize_session=False))
    edited = cap_in_force(session, "66", "may_moc_thiet_bi", date(2026, 5, 1))
    assert edited is not None
    edited.cap_amount = 350 * M
    session.flush()
    session.expire_all()
    reference_data.seed_national(session)
    session.flush()
    assert cap_in_force(session, "66", "day_chuyen_cong_nghe", TTLT_26_DAY) is not None
    again = cap_in_force(session, "66", "may_moc_thiet_bi", date(2026, 5, 1))
    assert again is not None and again.cap_amount == 350 * M
