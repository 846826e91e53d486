"""Who can be supported: SME size (NĐ 80/2021 Điều 5) and the CNNT eligibility rules (NĐ 45/2012, NĐ 235/2025)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from desktop.core.dates import format_date
from desktop.core.money import format_money, format_number
from desktop.models.enums import CommuneKind, Labelled, LegalForm, ProvinceKind, Sector, SmeSize
from desktop.models.facility import Facility, FacilityYear, Product

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


def sme_rules_on(on: date) -> SmeRules | None:
    """The SME thresholds in force on ``on``; None before the first text this program holds took effect
    (NĐ 80/2021, 15/10/2021): the size of an earlier year is not decided by a later text."""
    in_force = [r for r in SME_RULES if r.valid_from <= on]
    return max(in_force, key=lambda r: r.valid_from) if in_force else None


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
    when = on or date.today()
    rules = sme_rules_on(when)
    if rules is None:
        first = min(SME_RULES, key=lambda r: r.valid_from)
        raise ValueError(
            f"Ngày {format_date(when)} trước khi {first.legal_basis} có hiệu lực ({format_date(first.valid_from)}):"
            " chương trình không có tiêu chí doanh nghiệp nhỏ và vừa của ngày đó"
        )
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


# --- who can be supported (NĐ 45/2012 Điều 1 khoản 2, as each text worded it on the day of the check) ---------

ND_45 = "NĐ 45/2012/NĐ-CP Điều 1 khoản 2"
ND_235 = "NĐ 45/2012/NĐ-CP Điều 1 khoản 2, sửa đổi bởi NĐ 235/2025/NĐ-CP Điều 1 khoản 1"


def _cite(rules: BeneficiaryRules, point: str) -> str:
    """The article of ``rules`` down to its point: "NĐ 45/2012/NĐ-CP Điều 1 khoản 2 điểm b, sửa đổi bởi …"."""
    head, _sep, amended = rules.legal_basis.partition(", ")
    return f"{head} điểm {point}" + (f", {amended}" if amended else "")


class Route(Labelled):
    """A ground on which a facility can be supported: the rural-industrial facility (điểm a) or one of the
    other beneficiaries of điểm b."""

    CNNT = ("cnnt", "Cơ sở công nghiệp nông thôn")
    CLEANER = ("sxsh", "Cơ sở sản xuất công nghiệp áp dụng sản xuất sạch hơn")
    SUSTAINABLE = ("sx_tieu_dung_ben_vung", "Cơ sở sản xuất công nghiệp áp dụng sản xuất và tiêu dùng bền vững")
    CCN = ("ha_tang_ccn", "Doanh nghiệp, hợp tác xã đầu tư xây dựng hạ tầng kỹ thuật cụm công nghiệp")
    ARTISAN = ("nghe_nhan", "Nghệ nhân nhân dân, nghệ nhân ưu tú")


@dataclass(frozen=True)
class BeneficiaryRules:
    """Who can be supported from ``valid_from``: rules change, so they are data with the day they took effect."""

    valid_from: date
    legal_basis: str
    legal_forms: frozenset[LegalForm]  # the forms of a cơ sở CNNT
    craft_villages: bool  # a recognised làng nghề counts as a place wherever it is
    phuong_of_provinces: bool  # every phường of a tỉnh counts (the 2025 wording); before: only some did
    routes: frozenset[Route]  # the grounds besides the cơ sở CNNT


BENEFICIARY_RULES: tuple[BeneficiaryRules, ...] = (
    BeneficiaryRules(
        valid_from=date(2012, 7, 5),
        legal_basis=ND_45,
        legal_forms=frozenset(
            {LegalForm.DOANH_NGHIEP, LegalForm.HOP_TAC_XA, LegalForm.TO_HOP_TAC, LegalForm.HO_KINH_DOANH}
        ),
        craft_villages=False,
        phuong_of_provinces=False,
        routes=frozenset({Route.CLEANER}),
    ),
    BeneficiaryRules(
        valid_from=date(2025, 10, 15),
        legal_basis=ND_235,
        legal_forms=frozenset(
            {
                LegalForm.DOANH_NGHIEP,
                LegalForm.HOP_TAC_XA,
                LegalForm.LIEN_HIEP_HTX,
                LegalForm.TO_HOP_TAC,
                LegalForm.HO_KINH_DOANH,
            }
        ),
        craft_villages=True,
        phuong_of_provinces=True,
        routes=frozenset({Route.CLEANER, Route.SUSTAINABLE, Route.CCN, Route.ARTISAN}),
    ),
)
ND_235_IN_FORCE = BENEFICIARY_RULES[-1].valid_from
CCN_INVESTOR_FORMS = frozenset({LegalForm.DOANH_NGHIEP, LegalForm.HOP_TAC_XA})
"""NĐ 235/2025: "doanh nghiệp, hợp tác xã đầu tư xây dựng hạ tầng kỹ thuật cụm công nghiệp"."""


def beneficiary_rules_on(on: date) -> BeneficiaryRules:
    """The rules in force on ``on`` (the oldest set for a day before it: NĐ 45/2012 from 05/07/2012)."""
    in_force = [r for r in BENEFICIARY_RULES if r.valid_from <= on]
    return max(in_force, key=lambda r: r.valid_from) if in_force else BENEFICIARY_RULES[0]


@dataclass(frozen=True)
class Finding:
    """One line of a verdict: ``ok`` True (a condition met), False (one that fails) or None (for information)."""

    text: str
    ok: bool | None = None
    route: Route | None = None


@dataclass
class Eligibility:
    """The verdict on a facility: ``reasons`` says, in Vietnamese, every rule that failed or applied."""

    eligible: bool
    reasons: list[str] = field(default_factory=list)
    size: SmeSize | None = None
    priorities: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    routes: list[Route] = field(default_factory=list)  # the grounds it qualifies on
    on: date | None = None
    legal_basis: str = ""

    def note(self, text: str, ok: bool | None = None, route: Route | None = None) -> None:
        self.findings.append(Finding(text, ok, route))
        self.reasons.append(text)

    @property
    def summary(self) -> str:
        """One line: the verdict and, when refused, the first reason it fails."""
        if self.eligible:
            grounds = ", ".join(r.label.lower() for r in self.routes)
            return f"Đủ điều kiện hỗ trợ ({grounds})" if grounds else "Đủ điều kiện hỗ trợ"
        failed = [f.text for f in self.findings if f.ok is False]
        return "Chưa đủ điều kiện hỗ trợ" + (f": {failed[0]}" if failed else "")

    @property
    def failures(self) -> list[str]:
        return [f.text for f in self.findings if f.ok is False]


def figures_for(facility: Facility, on: date) -> FacilityYear | None:
    """The yearly figures that count on ``on`` (NĐ 80/2021 Điều 7–8): the previous year's. A facility
    operating for less than a year (founded less than a year before ``on``, or with no earlier figures and no
    founding date) is judged on what it has for its months of work, kept as the current year's row."""
    live = [y for y in facility.years if y.deleted_at is None]
    previous = [y for y in live if y.year == on.year - 1]
    if previous:
        return previous[0]
    founded = facility.established_on
    if founded is not None and founded <= _year_before(on):
        return None
    if founded is None and any(y.year < on.year for y in live):
        return None
    current = [y for y in live if y.year == on.year]
    return current[0] if current else None


def _year_before(on: date) -> date:
    try:
        return on.replace(year=on.year - 1)
    except ValueError:  # 29/02
        return on.replace(year=on.year - 1, day=28)


def _village_counts(facility: Facility, on: date, rules: BeneficiaryRules, verdict: Eligibility) -> bool:
    village = facility.craft_village
    if village is None or village.deleted_at is not None:
        return False
    if not rules.craft_villages:
        verdict.note(
            f"Làng nghề “{village.name}”: trước ngày {format_date(ND_235_IN_FORCE)} ({ND_45}) làng nghề chưa là"
            " địa bàn được hỗ trợ riêng; xét theo xã/phường",
            None,
            Route.CNNT,
        )
        return False
    if village.recognised_on is None:
        verdict.note(
            f"Cơ sở thuộc làng nghề “{village.name}” được UBND cấp tỉnh công nhận: thuộc địa bàn được hỗ trợ"
            f" ({rules.legal_basis}); làng nghề chưa ghi ngày công nhận, hãy bổ sung để đối chiếu với ngày xét",
            True,
            Route.CNNT,
        )
        return True
    if village.recognised_on > on:
        verdict.note(
            f"Làng nghề “{village.name}” được công nhận từ ngày {format_date(village.recognised_on)}, sau ngày xét"
            f" {format_date(on)}: chưa tính là làng nghề được công nhận",
            None,
            Route.CNNT,
        )
        return False
    verdict.note(
        f"Cơ sở thuộc làng nghề “{village.name}” được UBND cấp tỉnh công nhận ngày"
        f" {format_date(village.recognised_on)}: thuộc địa bàn được hỗ trợ ({rules.legal_basis})",
        True,
        Route.CNNT,
    )
    return True


def _location(facility: Facility, on: date, rules: BeneficiaryRules, verdict: Eligibility) -> bool:
    if _village_counts(facility, on, rules, verdict):
        return True
    commune = facility.commune
    province = commune.province
    if province.kind is ProvinceKind.THANH_PHO and commune.kind is CommuneKind.PHUONG:
        verdict.note(
            f"{commune.name} là phường thuộc {province.name} (thành phố trực thuộc trung ương): không thuộc địa"
            f" bàn công nghiệp nông thôn, trừ làng nghề được công nhận ({rules.legal_basis})",
            False,
            Route.CNNT,
        )
        return False
    if commune.kind is CommuneKind.PHUONG and not rules.phuong_of_provinces:
        verdict.note(
            f"{commune.name}, {province.name} là phường: trước ngày {format_date(ND_235_IN_FORCE)} ({ND_45} điểm a)"
            " phường chỉ thuộc địa bàn khi thuộc thị xã, thành phố loại 2, loại 3, hoặc thành phố loại 1 và"
            " chuyển từ xã chưa quá 05 năm; danh mục đơn vị hành chính không ghi điều này nên chưa xác nhận được",
            False,
            Route.CNNT,
        )
        return False
    verdict.note(
        f"Địa bàn {commune.name}, {province.name}: thuộc địa bàn công nghiệp nông thôn ({rules.legal_basis})",
        True,
        Route.CNNT,
    )
    return True


def _legal_form(facility: Facility, on: date, rules: BeneficiaryRules, verdict: Eligibility) -> bool:
    form = facility.legal_form
    if form not in rules.legal_forms:
        listed = ", ".join(f.label.lower() for f in LegalForm if f in rules.legal_forms)
        verdict.note(
            f"Loại hình không thuộc đối tượng: {form.label.lower()}; chỉ hỗ trợ {listed} ({_cite(rules, 'a')})".replace(
                "doanh nghiệp,", "doanh nghiệp nhỏ và vừa,", 1
            ),
            False,
            Route.CNNT,
        )
        return False
    if form is not LegalForm.DOANH_NGHIEP:
        verdict.note(f"Loại hình {form.label.lower()}: thuộc đối tượng cơ sở công nghiệp nông thôn", True, Route.CNNT)
        return True
    return _sme(facility, on, verdict)


def _sme(facility: Facility, on: date, verdict: Eligibility) -> bool:
    rules = sme_rules_on(on)
    if rules is None:
        first = min(SME_RULES, key=lambda r: r.valid_from)
        verdict.note(
            f"Ngày xét {format_date(on)} trước khi {first.legal_basis} có hiệu lực ({format_date(first.valid_from)}):"
            " chương trình không có tiêu chí doanh nghiệp nhỏ và vừa của ngày đó, chưa xác định được quy mô",
            False,
            Route.CNNT,
        )
        return False
    figures = figures_for(facility, on)
    if figures is None:
        older = [y.year for y in facility.years if y.deleted_at is None and y.year < on.year - 1]
        stale = (
            f"; số liệu năm {max(older)} không dùng thay được (NĐ 80/2021 Điều 7, 8: năm trước liền kề)"
            if older
            else ""
        )
        verdict.note(
            f"Chưa có số liệu lao động, doanh thu, nguồn vốn năm {on.year - 1} để xác định quy mô doanh nghiệp"
            f" nhỏ và vừa (NĐ 80/2021 Điều 5){stale}",
            False,
            Route.CNNT,
        )
        return False
    size = sme_size(facility.sector.value, figures.insured_employees, figures.revenue, figures.capital, on=on)
    described = (
        f"{format_number(figures.insured_employees)} lao động tham gia BHXH, doanh thu "
        f"{_money_or_dash(figures.revenue)}, nguồn vốn {_money_or_dash(figures.capital)} (năm {figures.year},"
        f" lĩnh vực {facility.sector.label.lower()})"
    )
    if size is None:
        verdict.note(f"Không phải doanh nghiệp nhỏ và vừa: {described} ({rules.legal_basis})", False, Route.CNNT)
        return False
    verdict.size = SmeSize(size)
    verdict.note(f"{verdict.size.label}: {described} ({rules.legal_basis})", True, Route.CNNT)
    if figures.declared_size is not None and figures.declared_size is not verdict.size:
        verdict.note(
            f"Lưu ý: cơ sở tự kê khai là {figures.declared_size.label.lower()}, số liệu cho thấy"
            f" {verdict.size.label.lower()}"
        )
    return True


def _other_routes(facility: Facility, on: date, rules: BeneficiaryRules, verdict: Eligibility) -> None:
    """The beneficiaries of điểm b: not limited by size or place (TT 46/2012 Điều 3 khoản 2 for cleaner
    production), each only from the day its text took effect."""
    later = f"chỉ là đối tượng từ ngày {format_date(ND_235_IN_FORCE)} (NĐ 235/2025), sau ngày xét {format_date(on)}"
    if facility.applies_cleaner_production:
        verdict.note(
            "Cơ sở áp dụng sản xuất sạch hơn: được hỗ trợ không giới hạn quy mô và địa bàn"
            f" ({_cite(rules, 'b')}; TT 46/2012/TT-BCT Điều 3 khoản 2)",
            True,
            Route.CLEANER,
        )
    if facility.sustainable_production:
        if Route.SUSTAINABLE in rules.routes:
            verdict.note(
                "Cơ sở áp dụng sản xuất và tiêu dùng bền vững: được hỗ trợ không giới hạn quy mô và địa bàn"
                f" ({_cite(rules, 'b')})",
                True,
                Route.SUSTAINABLE,
            )
        else:
            verdict.note(f"Sản xuất và tiêu dùng bền vững {later}", False, Route.SUSTAINABLE)
    if facility.ccn_infrastructure_investor:
        cluster = f" “{facility.ccn_name}”" if facility.ccn_name else ""
        if Route.CCN not in rules.routes:
            verdict.note(f"Đầu tư hạ tầng kỹ thuật cụm công nghiệp {later}", False, Route.CCN)
        elif facility.legal_form not in CCN_INVESTOR_FORMS:
            verdict.note(
                f"Đầu tư hạ tầng kỹ thuật cụm công nghiệp{cluster}: chỉ doanh nghiệp, hợp tác xã là đối tượng,"
                f" không phải {facility.legal_form.label.lower()} ({_cite(rules, 'b')})",
                False,
                Route.CCN,
            )
        else:
            verdict.note(
                f"{facility.legal_form.label} đầu tư xây dựng hạ tầng kỹ thuật cụm công nghiệp{cluster}"
                f" ({_cite(rules, 'b')})",
                True,
                Route.CCN,
            )
    title = facility.artisan_title
    if title is not None:
        who = facility.artisan_name or facility.representative_name or "người được phong tặng"
        conferred = facility.artisan_recognised_on
        if Route.ARTISAN not in rules.routes:
            verdict.note(f"Nghệ nhân {later}", False, Route.ARTISAN)
        elif conferred is None:
            verdict.note(
                f"{title.label} {who}: chưa ghi ngày phong tặng danh hiệu nên chưa tính được", False, Route.ARTISAN
            )
        elif conferred > on:
            verdict.note(
                f"{title.label} {who}: danh hiệu được phong tặng ngày {format_date(conferred)}, sau ngày xét"
                f" {format_date(on)}",
                False,
                Route.ARTISAN,
            )
        else:
            verdict.note(
                f"{title.label} {who} (phong tặng ngày {format_date(conferred)}) ({_cite(rules, 'b')})",
                True,
                Route.ARTISAN,
            )


def _priorities(facility: Facility, on: date, products: Sequence[Product] | None = None) -> list[str]:
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
    for product in facility.products if products is None else products:
        for cert in product.certificates:
            if cert.deleted_at is None and cert.valid_until >= on:
                found.append(
                    f"Có sản phẩm CNNT tiêu biểu “{product.name}” ({cert.level.label.lower()}, năm {cert.year})"
                )
    return found


def check_facility(facility: Facility, on: date, products: Sequence[Product] | None = None) -> Eligibility:
    """Whether ``facility`` can receive khuyến công support on ``on``, with every reason in Vietnamese.

    The rules are those in force on ``on``: NĐ 45/2012 Điều 1 khoản 2 until 14/10/2025, as amended by NĐ
    235/2025 from 15/10/2025. Fired-clay brick kilns are never supported. A facility qualifies as a cơ sở
    CNNT (điểm a: the place — any xã/phường/đặc khu of a tỉnh, only xã/đặc khu of the six centrally-run cities,
    or a làng nghề recognised by then — and the legal form, an enterprise being an SME by the previous year's
    figures, NĐ 80/2021 Điều 5), or on a ground of điểm b whatever its size and place: cleaner production;
    from 15/10/2025 also sustainable production and consumption, a cluster's infrastructure investor
    (enterprise or cooperative), a nghệ nhân nhân dân or nghệ nhân ưu tú (from the day the title was conferred).
    ``products``: the facility's products, when ``facility`` is an unsaved copy (the form's preview).
    """
    rules = beneficiary_rules_on(on)
    verdict = Eligibility(eligible=False, on=on, legal_basis=rules.legal_basis)
    bricks = facility.fired_clay_bricks
    if bricks:
        verdict.note("Không hỗ trợ cơ sở sản xuất gạch nung bằng đất sét", False)
    located = _location(facility, on, rules, verdict)
    formed = _legal_form(facility, on, rules, verdict)
    if located and formed:
        verdict.routes.append(Route.CNNT)
    _other_routes(facility, on, rules, verdict)
    verdict.routes += [r for r in Route if r is not Route.CNNT and any(f.route is r and f.ok for f in verdict.findings)]
    verdict.eligible = bool(verdict.routes) and not bricks
    verdict.priorities = _priorities(facility, on, products)
    for priority in verdict.priorities:
        verdict.note(f"Ưu tiên: {priority}")
    return verdict


def _money_or_dash(amount: int | None) -> str:
    return "chưa kê khai" if amount is None else f"{format_money(amount)} đ"
