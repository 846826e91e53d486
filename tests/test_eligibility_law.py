"""Who can be supported, each rule at its edges and on the day its text takes effect.

NĐ 45/2012/NĐ-CP Điều 1 khoản 2 (from 05/07/2012) as amended by NĐ 235/2025/NĐ-CP Điều 1 khoản 1 (from
15/10/2025); SME size by NĐ 80/2021/NĐ-CP Điều 5 (from 15/10/2021) on the previous year's figures (Điều 7, 8).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy.orm import Session

from desktop.models import CraftVillage, Facility
from desktop.models.enums import ArtisanTitle, LegalForm, Sector
from desktop.services.eligibility import Route, check_facility, figures_for, sme_size
from tests.conftest import commune, make_facility

TY = 1_000_000_000
ND_235 = date(2025, 10, 15)
BEFORE_235 = ND_235 - timedelta(days=1)
ND_80 = date(2021, 10, 15)
BEFORE_80 = ND_80 - timedelta(days=1)


def _village(facility: Facility, recognised_on: date | None) -> None:
    facility.craft_village = CraftVillage(
        name="Làng nghề gốm Thanh Hà",
        commune_code=facility.commune_code,
        province_code=facility.province_code,
        recognised_on=recognised_on,
    )


# --- NĐ 235/2025 Điều 1 khoản 1 (NĐ 45/2012 Điều 1 khoản 2 điểm a): the place ----------------------------------


def test_nd235_dieu1_k1_a_dac_khu_of_a_centrally_run_city_is_rural(session: Session) -> None:
    """NĐ 235/2025 Điều 1 k.1: "xã, đặc khu thuộc thành phố trực thuộc trung ương" (Côn Đảo, TP Hồ Chí Minh)."""
    verdict = check_facility(make_facility(session, commune(session, "79", "dac_khu")), ND_235)
    assert verdict.eligible, verdict.reasons
    assert verdict.routes == [Route.CNNT]


def test_nd235_dieu1_k1_a_phuong_of_a_province_counts_only_from_15_10_2025(session: Session) -> None:
    """NĐ 235/2025 Điều 1 k.1 adds every phường of a tỉnh; on 14/10/2025 NĐ 45/2012 Điều 1 k.2 a still applied,
    which covers only some phường (of thị xã, cities of class 2–3, or recently converted from a xã)."""
    facility = make_facility(session, commune(session, "66", "phuong"))
    before = check_facility(facility, BEFORE_235)
    assert not before.eligible
    assert any("trước ngày 15/10/2025" in r and "NĐ 45/2012" in r for r in before.failures)
    on = check_facility(facility, ND_235)
    assert on.eligible, on.reasons
    assert "NĐ 235/2025" in on.legal_basis


def test_nd235_dieu1_k1_a_xa_counts_under_both_texts(session: Session) -> None:
    """A xã is rural under NĐ 45/2012 Điều 1 k.2 a and under NĐ 235/2025 Điều 1 k.1 alike."""
    facility = make_facility(session, commune(session, "66", "xa"))
    assert check_facility(facility, BEFORE_235).eligible
    assert check_facility(facility, ND_235).eligible


def test_nd235_dieu1_k1_a_craft_village_counts_from_15_10_2025_and_from_its_recognition(session: Session) -> None:
    """NĐ 235/2025 Điều 1 k.1: a làng nghề recognised by the provincial People's Committee counts wherever it is
    (here a phường of Hà Nội) — not before the decree took effect, and not before the village's recognition."""
    facility = make_facility(session, commune(session, "01", "phuong"))
    _village(facility, recognised_on=date(2020, 3, 1))
    assert not check_facility(facility, BEFORE_235).eligible
    on = check_facility(facility, ND_235)
    assert on.eligible, on.reasons
    assert any("làng nghề “Làng nghề gốm Thanh Hà”" in r and "01/03/2020" in r for r in on.reasons)

    _village(facility, recognised_on=date(2026, 3, 1))  # recognised later than the day of the check
    day_before = check_facility(facility, date(2026, 2, 28))
    assert not day_before.eligible
    assert any("được công nhận từ ngày 01/03/2026, sau ngày xét 28/02/2026" in r for r in day_before.reasons)
    assert check_facility(facility, date(2026, 3, 1)).eligible


def test_nd235_dieu1_k1_a_a_phuong_of_a_centrally_run_city_outside_a_craft_village_is_excluded(
    session: Session,
) -> None:
    """NĐ 235/2025 Điều 1 k.1: of the six centrally-run cities only xã and đặc khu count."""
    verdict = check_facility(make_facility(session, commune(session, "48", "phuong")), ND_235)
    assert not verdict.eligible
    assert "phường thuộc Thành phố Đà Nẵng" in verdict.summary


# --- NĐ 235/2025 Điều 1 khoản 1 (NĐ 45/2012 Điều 1 khoản 2 điểm a): the legal form ------------------------------


def test_nd235_dieu1_k1_a_cooperative_union_is_covered_from_15_10_2025(session: Session) -> None:
    """NĐ 45/2012 Điều 1 k.2 a named SMEs, cooperatives, cooperative groups and households; NĐ 235/2025 Điều 1
    k.1 adds liên hiệp hợp tác xã."""
    facility = make_facility(session, commune(session, "66", "xa"), legal_form=LegalForm.LIEN_HIEP_HTX)
    before = check_facility(facility, BEFORE_235)
    assert not before.eligible
    assert any("Loại hình không thuộc đối tượng: liên hiệp hợp tác xã" in r for r in before.failures)
    assert check_facility(facility, ND_235).eligible


# --- NĐ 235/2025 Điều 1 khoản 1 (NĐ 45/2012 Điều 1 khoản 2 điểm b): the other beneficiaries -----------------------


def _outside_the_rural_scope(session: Session, form: LegalForm = LegalForm.DOANH_NGHIEP) -> Facility:
    """A large enterprise in a phường of Hà Nội: not a cơ sở CNNT on any count."""
    return make_facility(
        session, commune(session, "01", "phuong"), legal_form=form, figures=(2024, 900, 800, 900 * TY, 500 * TY)
    )


def test_nd235_dieu1_k1b_sustainable_production_counts_from_15_10_2025(session: Session) -> None:
    """NĐ 235/2025 Điều 1 k.1 b: "sản xuất và tiêu dùng bền vững", whatever the size and place."""
    facility = _outside_the_rural_scope(session)
    facility.sustainable_production = True
    before = check_facility(facility, BEFORE_235)
    assert not before.eligible
    assert any("bền vững" in r and "từ ngày 15/10/2025" in r for r in before.failures)
    on = check_facility(facility, ND_235)
    assert on.eligible, on.reasons
    assert on.routes == [Route.SUSTAINABLE]


def test_nd235_dieu1_k1b_cleaner_production_counted_under_both_texts(session: Session) -> None:
    """NĐ 45/2012 Điều 1 k.2 b (TT 46/2012 Điều 3 k.2) already supported cleaner production in any size and place."""
    facility = _outside_the_rural_scope(session)
    facility.applies_cleaner_production = True
    assert check_facility(facility, BEFORE_235).routes == [Route.CLEANER]
    assert check_facility(facility, ND_235).routes == [Route.CLEANER]


def test_nd235_dieu1_k1b_ccn_infrastructure_investor_enterprise_or_cooperative_only(session: Session) -> None:
    """NĐ 235/2025 Điều 1 k.1 b: "doanh nghiệp, hợp tác xã đầu tư xây dựng hạ tầng kỹ thuật cụm công nghiệp" —
    any size, any place; a household business is not named."""
    enterprise = _outside_the_rural_scope(session)
    enterprise.ccn_infrastructure_investor = True
    enterprise.ccn_name = "Cụm công nghiệp Hòa Khánh"
    assert not check_facility(enterprise, BEFORE_235).eligible
    on = check_facility(enterprise, ND_235)
    assert on.eligible and on.routes == [Route.CCN]
    assert any("Cụm công nghiệp Hòa Khánh" in r for r in on.reasons)

    cooperative = _outside_the_rural_scope(session, LegalForm.HOP_TAC_XA)
    cooperative.ccn_infrastructure_investor = True
    assert check_facility(cooperative, ND_235).routes == [Route.CCN]

    household = _outside_the_rural_scope(session, LegalForm.HO_KINH_DOANH)
    household.ccn_infrastructure_investor = True
    verdict = check_facility(household, ND_235)
    assert not verdict.eligible
    assert any("chỉ doanh nghiệp, hợp tác xã là đối tượng" in r for r in verdict.failures)


@pytest.mark.parametrize("title", list(ArtisanTitle))
def test_nd235_dieu1_k1b_artisans_count_from_the_day_the_title_was_conferred(
    session: Session, title: ArtisanTitle
) -> None:
    """NĐ 235/2025 Điều 1 k.1 b: "nghệ nhân nhân dân, nghệ nhân ưu tú" — from 15/10/2025, and only from the day
    the title was conferred; without that day the title cannot be weighed."""
    facility = _outside_the_rural_scope(session, LegalForm.HO_KINH_DOANH)
    facility.artisan_title = title
    facility.artisan_name = "Nguyễn Văn Lợi"
    assert not check_facility(facility, ND_235).eligible  # no date yet
    facility.artisan_recognised_on = date(2026, 1, 20)
    assert not check_facility(facility, date(2026, 1, 19)).eligible
    on = check_facility(facility, date(2026, 1, 20))
    assert on.eligible and on.routes == [Route.ARTISAN]
    assert any(f"{title.label} Nguyễn Văn Lợi (phong tặng ngày 20/01/2026)" in r for r in on.reasons)

    facility.artisan_recognised_on = date(2019, 1, 1)
    assert not check_facility(facility, BEFORE_235).eligible
    assert check_facility(facility, ND_235).eligible


def test_fired_clay_bricks_are_refused_whatever_the_route(session: Session) -> None:
    """Domain rule §3 (no support for fired-clay brick kilns): a ground of NĐ 235/2025 Điều 1 k.1 b does not lift it."""
    facility = _outside_the_rural_scope(session)
    facility.applies_cleaner_production = True
    facility.fired_clay_bricks = True
    verdict = check_facility(facility, ND_235)
    assert not verdict.eligible
    assert verdict.reasons[0].startswith("Không hỗ trợ cơ sở sản xuất gạch nung")


# --- NĐ 80/2021 Điều 5, 7, 8: the size of an enterprise from the previous year's figures -------------------------


def test_nd80_dieu7_8_the_previous_years_figures_decide_not_the_current_ones(session: Session) -> None:
    """NĐ 80/2021 Điều 7 k.2, Điều 8 k.1: the yearly average and capital of the year before (năm trước liền kề)."""
    facility = make_facility(
        session,
        commune(session, "66", "xa"),
        legal_form=LegalForm.DOANH_NGHIEP,
        figures=(2025, 40, 40, 20 * TY, None),
    )
    facility.established_on = date(2010, 1, 1)
    from desktop.models import FacilityYear

    facility.years.append(  # this year the enterprise grew beyond an SME: it does not count until next year
        FacilityYear(year=2026, total_employees=500, insured_employees=450, revenue=900 * TY, province_code="66")
    )
    on = date(2026, 6, 1)
    figures = figures_for(facility, on)
    assert figures is not None and figures.year == 2025
    assert check_facility(facility, on).eligible
    assert not check_facility(facility, date(2027, 1, 1)).eligible  # now 2026 is the previous year


def test_nd80_dieu7_8_older_figures_do_not_stand_in_for_the_previous_year(session: Session) -> None:
    """NĐ 80/2021 Điều 7, 8: only the previous year counts; figures of 2023 do not decide a size in 2026."""
    facility = make_facility(
        session, commune(session, "66", "xa"), legal_form=LegalForm.DOANH_NGHIEP, figures=(2023, 8, 8, 2 * TY, None)
    )
    verdict = check_facility(facility, date(2026, 6, 1))
    assert not verdict.eligible
    assert any("Chưa có số liệu" in r and "năm 2025" in r and "số liệu năm 2023" in r for r in verdict.failures)


def test_nd80_dieu7_k3_a_facility_under_a_year_old_is_judged_on_its_months(session: Session) -> None:
    """NĐ 80/2021 Điều 7 k.3, Điều 8 k.2: operating for under a year, the months it worked count (this year's
    row); exactly a year after its founding it needs the previous year's figures."""
    facility = make_facility(
        session, commune(session, "66", "xa"), legal_form=LegalForm.DOANH_NGHIEP, figures=(2026, 5, 4, None, TY)
    )
    facility.established_on = date(2025, 6, 2)
    assert check_facility(facility, date(2026, 6, 1)).eligible  # 364 days old
    assert not check_facility(facility, date(2026, 6, 2)).eligible  # a year old: needs the figures of 2025


def test_nd80_dieu5_applies_from_15_10_2021(session: Session) -> None:
    """NĐ 80/2021 took effect on 15/10/2021: its thresholds do not decide a size the day before."""
    assert sme_size("cong_nghiep_xay_dung", 5, TY, None, on=ND_80) == "sieu_nho"
    with pytest.raises(ValueError, match="15/10/2021"):
        sme_size("cong_nghiep_xay_dung", 5, TY, None, on=BEFORE_80)
    facility = make_facility(
        session, commune(session, "66", "xa"), legal_form=LegalForm.DOANH_NGHIEP, figures=(2020, 5, 5, TY, None)
    )
    verdict = check_facility(facility, BEFORE_80)
    assert not verdict.eligible
    assert any("trước khi Nghị định 80/2021/NĐ-CP, Điều 5 có hiệu lực (15/10/2021)" in r for r in verdict.failures)
    assert check_facility(facility, ND_80).size is not None


@pytest.mark.parametrize(
    ("sector", "employees", "revenue", "capital", "size"),
    [
        ("cong_nghiep_xay_dung", 0, 0, None, "sieu_nho"),  # zero: nothing yet is still within every limit
        ("cong_nghiep_xay_dung", 0, None, 0, "sieu_nho"),
        ("thuong_mai_dich_vu", 50, None, 50 * TY, "nho"),  # exactly at the small trade limits (khoản 2)
        ("thuong_mai_dich_vu", 50, None, 50 * TY + 1, "vua"),
        ("nong_lam_thuy_san", 200, None, 100 * TY, "vua"),  # exactly at the medium limits (khoản 3)
        ("nong_lam_thuy_san", 200, None, 100 * TY + 1, None),
        ("nong_lam_thuy_san", 200.01, 1, 1, None),
    ],
)
def test_nd80_dieu5_edges(
    sector: str, employees: float, revenue: int | None, capital: int | None, size: str | None
) -> None:
    """NĐ 80/2021 Điều 5: "không quá" — a figure exactly at a limit is within it, one đồng or worker more is not."""
    assert sme_size(sector, employees, revenue, capital, on=date(2026, 1, 1)) == size


def test_nd80_dieu6_the_verdict_names_the_sector_as_the_law_does(session: Session) -> None:
    """NĐ 80/2021 Điều 6: the thresholds follow the lĩnh vực of the main registered line; the reason says which."""
    facility = make_facility(
        session,
        commune(session, "66", "xa"),
        legal_form=LegalForm.DOANH_NGHIEP,
        sector=Sector.THUONG_MAI_DICH_VU,
        figures=(2025, 12, 10, 10 * TY, None),
    )
    verdict = check_facility(facility, date(2026, 3, 1))
    assert verdict.size is not None and verdict.size.value == "sieu_nho"
    assert any("lĩnh vực thương mại và dịch vụ" in r for r in verdict.reasons)
