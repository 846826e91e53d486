"""Who can be supported: SME size (NĐ 80/2021 Điều 5) and the CNNT eligibility rules (NĐ 45/2012, NĐ 235/2025)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from desktop.models.enums import CommuneKind, LegalForm, ProvinceKind, Sector, SmeSize
from desktop.models.facility import Facility, FacilityYear
from desktop.services.money import format_money, format_number

_TY = 1_000_000_000


@dataclass(frozen=True)
class SizeLimit:
    """One SME size in one sector: at most ``employees`` insured workers and (revenue or capital) within limits."""

    size: SmeSize
    employees: int
    revenue: int
    capital: int


@dataclass(frozen=True)
class SmeRules:
    """A set of SME thresholds and the date it took effect: rules change, so they are data with a date."""

    valid_from: date
    legal_basis: str
    limits: dict[Sector, tuple[SizeLimit, ...]]


_PRODUCTION = (
    SizeLimit(SmeSize.SIEU_NHO, 10, 3 * _TY, 3 * _TY),
    SizeLimit(SmeSize.NHO, 100, 50 * _TY, 20 * _TY),
    SizeLimit(SmeSize.VUA, 200, 200 * _TY, 100 * _TY),
)
SME_RULES: tuple[SmeRules, ...] = (
    SmeRules(
        valid_from=date(2021, 10, 15),
        legal_basis="Nghị định 80/2021/NĐ-CP, Điều 5",
        limits={
            Sector.NONG_LAM_THUY_SAN: _PRODUCTION,
            Sector.CONG_NGHIEP_XAY_DUNG: _PRODUCTION,
            Sector.THUONG_MAI_DICH_VU: (
                SizeLimit(SmeSize.SIEU_NHO, 10, 10 * _TY, 3 * _TY),
                SizeLimit(SmeSize.NHO, 50, 100 * _TY, 50 * _TY),
                SizeLimit(SmeSize.VUA, 100, 300 * _TY, 100 * _TY),
            ),
        },
    ),
)


def sme_rules_on(on: date) -> SmeRules:
    """The SME thresholds in force on ``on`` (the oldest known set for earlier dates)."""
    in_force = [r for r in SME_RULES if r.valid_from <= on]
    return max(in_force, key=lambda r: r.valid_from) if in_force else SME_RULES[0]


def sme_size(
    sector: str,
    insured_employees: float | Decimal,
    revenue: int | None,
    capital: int | None,
    *,
    on: date | None = None,
) -> str | None:
    """SME size per NĐ 80/2021 Điều 5: "sieu_nho", "nho", "vua", or None when the enterprise is not an SME.

    ``sector`` is "nong_lam_thuy_san", "cong_nghiep_xay_dung" or "thuong_mai_dich_vu" (the main registered
    line). A size needs the yearly average of insured employees within its limit *and* either the revenue
    or the total capital within its limit; an enterprise with no revenue yet is judged on capital alone.
    """
    rules = sme_rules_on(on or date.today())
    try:
        limits = rules.limits[Sector(sector)]
    except ValueError:
        raise ValueError(f"Lĩnh vực “{sector}” không có trong NĐ 80/2021 Điều 5") from None
    if insured_employees < 0 or (revenue is not None and revenue < 0) or (capital is not None and capital < 0):
        raise ValueError("Số lao động, doanh thu và nguồn vốn không được âm")
    for limit in limits:
        within_money = (revenue is not None and revenue <= limit.revenue) or (
            capital is not None and capital <= limit.capital
        )
        if insured_employees <= limit.employees and within_money:
            return limit.size.value
    return None


@dataclass
class Eligibility:
    """The verdict on a facility: ``reasons`` says, in Vietnamese, every rule that failed or applied."""

    eligible: bool
    reasons: list[str] = field(default_factory=list)
    size: SmeSize | None = None
    priorities: list[str] = field(default_factory=list)


def figures_for(facility: Facility, on: date) -> FacilityYear | None:
    """The yearly figures that count on ``on``: the previous year's (NĐ 80/2021 Điều 7–8), else the latest
    year before it, else (a new facility) the current year's."""
    earlier = [y for y in facility.years if y.year < on.year and y.deleted_at is None]
    if earlier:
        return max(earlier, key=lambda y: y.year)
    current = [y for y in facility.years if y.year == on.year and y.deleted_at is None]
    return current[0] if current else None


def _location(facility: Facility, reasons: list[str]) -> bool:
    village = facility.craft_village
    if village is not None and village.deleted_at is None:
        reasons.append(
            f"Cơ sở thuộc làng nghề “{village.name}” được UBND tỉnh công nhận: thuộc địa bàn được hỗ trợ"
            " (NĐ 45/2012 Điều 1, sửa đổi bởi NĐ 235/2025)"
        )
        return True
    commune = facility.commune
    province = commune.province
    if province.kind is ProvinceKind.THANH_PHO and commune.kind is CommuneKind.PHUONG:
        reasons.append(
            f"{commune.name} là phường thuộc {province.name} (thành phố trực thuộc trung ương): không thuộc địa"
            " bàn công nghiệp nông thôn, trừ làng nghề được công nhận (NĐ 45/2012 Điều 1, sửa đổi bởi NĐ 235/2025)"
        )
        return False
    reasons.append(f"Địa bàn {commune.name}, {province.name}: thuộc địa bàn công nghiệp nông thôn")
    return True


def _legal_form(facility: Facility, on: date, verdict: Eligibility) -> bool:
    form = facility.legal_form
    if form is LegalForm.KHAC:
        verdict.reasons.append(
            "Loại hình không thuộc đối tượng: chỉ hỗ trợ doanh nghiệp nhỏ và vừa, hợp tác xã, liên hiệp hợp tác xã,"
            " tổ hợp tác, hộ kinh doanh (NĐ 45/2012 Điều 1)"
        )
        return False
    if form is not LegalForm.DOANH_NGHIEP:
        verdict.reasons.append(f"Loại hình {form.label.lower()}: thuộc đối tượng cơ sở công nghiệp nông thôn")
        return True
    figures = figures_for(facility, on)
    if figures is None:
        verdict.reasons.append(
            f"Chưa có số liệu lao động, doanh thu, nguồn vốn năm {on.year - 1} để xác định quy mô doanh nghiệp"
            " nhỏ và vừa (NĐ 80/2021 Điều 5)"
        )
        return False
    size = sme_size(facility.sector.value, figures.insured_employees, figures.revenue, figures.capital, on=on)
    basis = sme_rules_on(on).legal_basis
    described = (
        f"{format_number(figures.insured_employees)} lao động tham gia BHXH, doanh thu "
        f"{_money_or_dash(figures.revenue)}, nguồn vốn {_money_or_dash(figures.capital)} (năm {figures.year})"
    )
    if size is None:
        verdict.reasons.append(f"Không phải doanh nghiệp nhỏ và vừa: {described} ({basis})")
        return False
    verdict.size = SmeSize(size)
    verdict.reasons.append(f"{verdict.size.label}: {described} ({basis})")
    if figures.declared_size is not None and figures.declared_size is not verdict.size:
        verdict.reasons.append(
            f"Lưu ý: cơ sở tự kê khai là {figures.declared_size.label.lower()}, số liệu cho thấy"
            f" {verdict.size.label.lower()}"
        )
    return True


def _priorities(facility: Facility, on: date) -> list[str]:
    """Priority grounds (TT 46/2012 Điều 6; domain brief §3): shown to appraisers, never a condition."""
    found: list[str] = []
    if facility.women_owned:
        found.append("Cơ sở do phụ nữ làm chủ")
    if facility.ethnic_minority_owned:
        found.append("Cơ sở do người dân tộc thiểu số làm chủ")
    figures = figures_for(facility, on)
    if figures is not None:
        if figures.total_employees >= 50:
            found.append(f"Sử dụng nhiều lao động ({figures.total_employees} người, từ 50 trở lên)")
        if figures.exporting:
            found.append("Sản xuất sản phẩm có thị trường xuất khẩu")
        if figures.local_material_percent is not None and figures.local_material_percent > 50:
            found.append(f"Sử dụng nguyên liệu tại chỗ ({format_number(figures.local_material_percent)}%)")
    for product in facility.products:
        for cert in product.certificates:
            if cert.deleted_at is None and cert.valid_until >= on:
                found.append(
                    f"Có sản phẩm CNNT tiêu biểu “{product.name}” ({cert.level.label.lower()}, năm {cert.year})"
                )
    return found


def check_facility(facility: Facility, on: date) -> Eligibility:
    """Whether ``facility`` can receive khuyến công support on ``on``, with every reason in Vietnamese.

    Rules: fired-clay brick kilns are never supported; a facility applying cleaner production qualifies
    whatever its size and place (TT 46/2012 Điều 3 khoản 2); otherwise the place must be rural-industrial
    (any xã/phường/đặc khu of a tỉnh; only xã/đặc khu of the six centrally-run cities; or a recognised craft
    village) and the legal form must be an SME, cooperative, cooperative union, cooperative group or household.
    """
    verdict = Eligibility(eligible=True)
    if facility.fired_clay_bricks:
        verdict.eligible = False
        verdict.reasons.append("Không hỗ trợ cơ sở sản xuất gạch nung bằng đất sét")
    if facility.applies_cleaner_production:
        verdict.reasons.append(
            "Cơ sở áp dụng sản xuất sạch hơn: được hỗ trợ không giới hạn quy mô và địa bàn"
            " (TT 46/2012/TT-BCT Điều 3 khoản 2)"
        )
    else:
        located = _location(facility, verdict.reasons)
        formed = _legal_form(facility, on, verdict)
        verdict.eligible = verdict.eligible and located and formed
    verdict.priorities = _priorities(facility, on)
    verdict.reasons.extend(f"Ưu tiên: {p}" for p in verdict.priorities)
    return verdict


def _money_or_dash(amount: int | None) -> str:
    return "chưa kê khai" if amount is None else f"{format_money(amount)} đ"
