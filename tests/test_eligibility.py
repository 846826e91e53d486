"""SME size (NĐ 80/2021 Điều 5) and who can be supported (NĐ 45/2012 as amended by NĐ 235/2025)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session

from desktop.models import CraftVillage, Product, ProductCertificate
from desktop.models.enums import LegalForm, ProductGroup, Sector, VotingLevel
from desktop.services.eligibility import check_facility, sme_size
from desktop.services.voting import certificate_valid_until
from tests.conftest import TODAY, commune, make_facility

TY = 1_000_000_000
IND = "cong_nghiep_xay_dung"
AGRI = "nong_lam_thuy_san"
TRADE = "thuong_mai_dich_vu"


@pytest.mark.parametrize(
    ("sector", "employees", "revenue", "capital", "size"),
    [
        # Điều 5 khoản 1: micro = ≤10 insured workers and (revenue ≤3 tỷ or capital ≤3 tỷ).
        (IND, 10, 3 * TY, None, "sieu_nho"),
        (IND, 10, 3 * TY + 1, 3 * TY, "sieu_nho"),  # revenue too high, capital within: still micro
        (IND, 10, 3 * TY + 1, 3 * TY + 1, "nho"),
        (IND, 11, 1 * TY, 1 * TY, "nho"),
        (AGRI, 100, 50 * TY, None, "nho"),
        (AGRI, 100, 50 * TY + 1, 20 * TY, "nho"),
        (IND, 101, 10 * TY, None, "vua"),
        (IND, 200, 200 * TY, 100 * TY, "vua"),
        (IND, 200, 200 * TY + 1, 100 * TY + 1, None),
        (IND, 201, 1 * TY, 1 * TY, None),
        # Trade and services have their own limits.
        (TRADE, 10, 10 * TY, None, "sieu_nho"),
        (TRADE, 10, 10 * TY + 1, 3 * TY + 1, "nho"),
        (TRADE, 50, 100 * TY, None, "nho"),
        (TRADE, 51, 100 * TY, None, "vua"),
        (TRADE, 100, 300 * TY, None, "vua"),
        (TRADE, 101, 1 * TY, None, None),
        # A company with no revenue yet is judged on capital alone.
        (IND, 5, None, 2 * TY, "sieu_nho"),
        (IND, 5, None, 50 * TY, "vua"),
        (IND, 5, None, None, None),
        (IND, 9.5, 2 * TY, None, "sieu_nho"),  # a yearly average may be fractional
    ],
)
def test_sme_size_follows_nd_80_2021(
    sector: str, employees: float, revenue: int | None, capital: int | None, size: str | None
) -> None:
    assert sme_size(sector, employees, revenue, capital) == size


def test_sme_size_rejects_unknown_sector_and_negative_figures() -> None:
    with pytest.raises(ValueError, match="Lĩnh vực"):
        sme_size("khai_khoang", 5, 1, 1)
    with pytest.raises(ValueError, match="âm"):
        sme_size(IND, -1, 1, 1)


def test_a_xa_of_a_centrally_run_city_is_rural(session: Session) -> None:
    place = commune(session, "48", "xa")  # a xã of Thành phố Đà Nẵng
    verdict = check_facility(make_facility(session, place), TODAY)
    assert verdict.eligible, verdict.reasons
    assert any("thuộc địa bàn công nghiệp nông thôn" in r for r in verdict.reasons)


def test_a_phuong_of_a_centrally_run_city_is_excluded(session: Session) -> None:
    place = commune(session, "48", "phuong")
    verdict = check_facility(make_facility(session, place), TODAY)
    assert not verdict.eligible
    assert any("phường thuộc Thành phố Đà Nẵng" in r and "NĐ 235/2025" in r for r in verdict.reasons)


def test_a_phuong_of_a_province_is_rural(session: Session) -> None:
    place = commune(session, "66", "phuong")  # Đắk Lắk is a tỉnh
    assert check_facility(make_facility(session, place), TODAY).eligible


def test_a_recognised_craft_village_qualifies_anywhere(session: Session) -> None:
    place = commune(session, "79", "phuong")  # a phường of TP Hồ Chí Minh
    village = CraftVillage(name="Làng nghề dệt Bảy Hiền", commune_code=place.code, province_code="79")
    facility = make_facility(session, place)
    facility.craft_village = village
    verdict = check_facility(facility, TODAY)
    assert verdict.eligible
    assert any("làng nghề “Làng nghề dệt Bảy Hiền”" in r for r in verdict.reasons)


def test_cleaner_production_is_not_limited_by_size_or_place(session: Session) -> None:
    place = commune(session, "01", "phuong")  # a phường of Hà Nội
    facility = make_facility(
        session, place, legal_form=LegalForm.DOANH_NGHIEP, figures=(2025, 900, 800, 900 * TY, 500 * TY)
    )
    facility.applies_cleaner_production = True
    verdict = check_facility(facility, TODAY)
    assert verdict.eligible
    assert any("sản xuất sạch hơn" in r for r in verdict.reasons)


def test_fired_clay_brick_kilns_are_never_supported(session: Session) -> None:
    facility = make_facility(session, commune(session, "66", "xa"))
    facility.fired_clay_bricks = True
    verdict = check_facility(facility, TODAY)
    assert not verdict.eligible
    assert "gạch nung" in verdict.reasons[0]


def test_an_enterprise_needs_last_years_figures_and_must_be_an_sme(session: Session) -> None:
    place = commune(session, "66", "xa")
    no_figures = make_facility(session, place, legal_form=LegalForm.DOANH_NGHIEP)
    verdict = check_facility(no_figures, TODAY)
    assert not verdict.eligible
    assert any("Chưa có số liệu" in r and "năm 2025" in r for r in verdict.reasons)

    small = make_facility(session, place, legal_form=LegalForm.DOANH_NGHIEP, figures=(2025, 40, 35, 20 * TY, None))
    verdict = check_facility(small, TODAY)
    assert verdict.eligible
    assert verdict.size is not None
    assert verdict.size.value == "nho"
    assert any(
        "Doanh nghiệp nhỏ" in r and "20.000.000.000 đ" in r and "Nghị định 80/2021" in r for r in verdict.reasons
    )

    big = make_facility(
        session,
        place,
        legal_form=LegalForm.DOANH_NGHIEP,
        sector=Sector.THUONG_MAI_DICH_VU,
        figures=(2025, 150, 120, 400 * TY, 150 * TY),
    )
    verdict = check_facility(big, TODAY)
    assert not verdict.eligible
    assert any("Không phải doanh nghiệp nhỏ và vừa" in r for r in verdict.reasons)
    assert any("sử dụng nhiều lao động" in r.lower() for r in verdict.reasons)


def test_previous_years_figures_count(session: Session) -> None:
    place = commune(session, "66", "xa")
    facility = make_facility(session, place, legal_form=LegalForm.DOANH_NGHIEP, figures=(2025, 8, 8, 2 * TY, None))
    facility.years[0].year = 2026  # only this year's figures: a new facility is judged on them
    assert check_facility(facility, date(2026, 6, 1)).size is not None


def test_other_legal_forms_are_not_covered(session: Session) -> None:
    verdict = check_facility(make_facility(session, commune(session, "66", "xa"), legal_form=LegalForm.KHAC), TODAY)
    assert not verdict.eligible
    assert any("Loại hình không thuộc đối tượng" in r for r in verdict.reasons)


def test_priorities_are_reported(session: Session) -> None:
    facility = make_facility(session, commune(session, "66", "xa"))
    facility.women_owned = True
    facility.ethnic_minority_owned = True
    product = Product(name="Cà phê rang xay", product_group=ProductGroup.CHE_BIEN, province_code="66")
    facility.products.append(product)
    product.certificates.append(
        ProductCertificate(
            level=VotingLevel.TINH, year=2025, valid_until=certificate_valid_until(2025), province_code="66"
        )
    )
    verdict = check_facility(facility, TODAY)
    assert "Cơ sở do phụ nữ làm chủ" in verdict.priorities
    assert "Cơ sở do người dân tộc thiểu số làm chủ" in verdict.priorities
    assert any("Cà phê rang xay" in p for p in verdict.priorities)
    assert check_facility(facility, date(2028, 1, 1)).priorities == [
        "Cơ sở do phụ nữ làm chủ",
        "Cơ sở do người dân tộc thiểu số làm chủ",
    ]
