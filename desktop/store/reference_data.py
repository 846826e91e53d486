"""Reference data shipped with the program and written into every database (idempotent).

Administrative units come from the ``vietnam-provinces`` package (GPL-3.0-or-later), which carries the
statistics office's list of the 34 provinces and 3,321 communes in force since 01/07/2025.
Caps and targets are seeded once and then belong to the users: a seed never overwrites an edited row.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from desktop.core.text import clean
from desktop.models.base import NATIONAL_SCOPE
from desktop.models.enums import CapUnit, CommuneKind, ProvinceKind, ReportGroup
from desktop.models.reference import ActivityType, Commune, ContentGroup, ProgrammeTarget, Province, SupportCap

# Seeded rows get ids derived from their natural key, so that every installation seeds the *same* rows and
# sync sees one row, not 34 copies.
_SEED_NAMESPACE = uuid.UUID("6f1c1f4e-5b1a-4c1e-9a57-6b68756e636f")


def seed_id(*parts: object) -> uuid.UUID:
    return uuid.uuid5(_SEED_NAMESPACE, ":".join(str(p) for p in parts))


_PROVINCE_KINDS = {"tỉnh": ProvinceKind.TINH, "thành phố trung ương": ProvinceKind.THANH_PHO}
_COMMUNE_KINDS = {"xã": CommuneKind.XA, "phường": CommuneKind.PHUONG, "đặc khu": CommuneKind.DAC_KHU}


@cache
def fingerprint() -> str:
    """Which reference data this program seeds: this module's text and the units package's version.

    Stored in the database after seeding; a database with the same fingerprint need not be seeded again.
    """
    from importlib.metadata import version

    from desktop import __version__

    source = Path(__file__)
    # An installed program holds this module compiled, not as text: its version stands for it there.
    text = source.read_bytes() if source.suffix == ".py" and source.is_file() else __version__.encode()
    digest = hashlib.sha256(text)
    digest.update(version("vietnam-provinces").encode())
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class UnitRow:
    code: str
    name: str
    kind: str
    province_code: str = ""


@cache
def administrative_units() -> tuple[tuple[UnitRow, ...], tuple[UnitRow, ...]]:
    """(provinces, communes) of 07/2025 with official codes: province 2 digits, commune 5 digits."""
    from vietnam_provinces import NESTED_DIVISIONS_JSON_PATH

    data = json.loads(NESTED_DIVISIONS_JSON_PATH.read_text(encoding="utf-8"))
    provinces: list[UnitRow] = []
    communes: list[UnitRow] = []
    for p in data:
        pcode = f"{p['code']:02d}"
        provinces.append(UnitRow(pcode, clean(p["name"]), _PROVINCE_KINDS[p["division_type"]].value))
        for w in p["wards"]:
            # clean(): the list writes ten names with two spaces ("Phường  Buôn Ma Thuột")
            kind = _COMMUNE_KINDS[w["division_type"]].value
            communes.append(UnitRow(f"{w['code']:05d}", clean(w["name"]), kind, pcode))
    return tuple(provinces), tuple(communes)


# (code, name, legal basis) in the order of NĐ 45/2012 Điều 4, then the contents added by NĐ 235/2025.
CONTENT_GROUPS: tuple[tuple[str, str, str], ...] = (
    ("dao_tao", "Đào tạo nghề, truyền nghề", "NĐ 45/2012 Điều 4 khoản 1"),
    (
        "nang_luc_quan_ly",
        "Nâng cao năng lực quản lý, khởi sự doanh nghiệp, mở rộng thị trường",
        "NĐ 45/2012 Điều 4 khoản 2",
    ),
    (
        "mo_hinh_cong_nghe",
        "Mô hình trình diễn kỹ thuật, chuyển giao công nghệ, ứng dụng máy móc thiết bị tiên tiến, sản xuất sạch hơn",
        "NĐ 45/2012 Điều 4 khoản 3",
    ),
    (
        "san_pham_thi_truong",
        "Sản phẩm CNNT tiêu biểu, hội chợ triển lãm, thương hiệu, phòng trưng bày",
        "NĐ 45/2012 Điều 4 khoản 4",
    ),
    ("tu_van", "Tư vấn, trợ giúp cơ sở công nghiệp nông thôn", "NĐ 45/2012 Điều 4 khoản 5"),
    ("thong_tin", "Thông tin tuyên truyền", "NĐ 45/2012 Điều 4 khoản 6"),
    (
        "lien_ket_ccn",
        "Liên doanh liên kết, hợp tác kinh tế, cụm công nghiệp, xử lý ô nhiễm môi trường",
        "NĐ 45/2012 Điều 4 khoản 7",
    ),
    ("hop_tac_quoc_te", "Hợp tác quốc tế về khuyến công", "NĐ 45/2012 Điều 4 khoản 8"),
    ("nang_luc_thuc_hien", "Nâng cao năng lực tổ chức thực hiện hoạt động khuyến công", "NĐ 45/2012 Điều 4 khoản 9"),
    ("san_xuat_ben_vung", "Sản xuất và tiêu dùng bền vững", "NĐ 235/2025"),
    ("chuyen_doi_so", "Chuyển đổi số", "NĐ 235/2025"),
    ("nghe_nhan", "Hỗ trợ nghệ nhân", "NĐ 235/2025"),
)

# (code, content group, name, report group, counts trainees)
ACTIVITY_TYPES: tuple[tuple[str, str, str, ReportGroup, bool], ...] = (
    ("dao_tao_nghe", "dao_tao", "Đào tạo nghề, truyền nghề, nâng cao tay nghề", ReportGroup.DAO_TAO, True),
    (
        "khoi_su_quan_tri",
        "nang_luc_quan_ly",
        "Đào tạo khởi sự, quản trị doanh nghiệp; tập huấn, hội thảo",
        ReportGroup.DAO_TAO,
        True,
    ),
    (
        "thanh_lap_dn",
        "nang_luc_quan_ly",
        "Hỗ trợ thành lập doanh nghiệp ở địa bàn khó khăn",
        ReportGroup.NANG_LUC,
        False,
    ),
    (
        "mo_hinh_trinh_dien",
        "mo_hinh_cong_nghe",
        "Mô hình trình diễn kỹ thuật (công nghệ mới, sản phẩm mới)",
        ReportGroup.MO_HINH_SXSH,
        False,
    ),
    (
        "mo_hinh_co_so",
        "mo_hinh_cong_nghe",
        "Mô hình trình diễn tại cơ sở đang hoạt động hiệu quả",
        ReportGroup.MO_HINH_SXSH,
        False,
    ),
    (
        "may_moc_thiet_bi",
        "mo_hinh_cong_nghe",
        "Ứng dụng máy móc thiết bị tiên tiến, chuyển giao công nghệ",
        ReportGroup.MAY_MOC_CONG_NGHE,
        False,
    ),
    (
        "day_chuyen_cong_nghe",
        "mo_hinh_cong_nghe",
        "Dây chuyền công nghệ tiên tiến",
        ReportGroup.MAY_MOC_CONG_NGHE,
        False,
    ),
    (
        "san_xuat_sach_hon",
        "mo_hinh_cong_nghe",
        "Đánh giá, mô hình thí điểm sản xuất sạch hơn",
        ReportGroup.MO_HINH_SXSH,
        False,
    ),
    (
        "binh_chon_tinh",
        "san_pham_thi_truong",
        "Bình chọn sản phẩm CNNT tiêu biểu cấp tỉnh",
        ReportGroup.SAN_PHAM_TIEU_BIEU,
        False,
    ),
    (
        "binh_chon_khu_vuc",
        "san_pham_thi_truong",
        "Bình chọn sản phẩm CNNT tiêu biểu cấp khu vực",
        ReportGroup.SAN_PHAM_TIEU_BIEU,
        False,
    ),
    (
        "binh_chon_quoc_gia",
        "san_pham_thi_truong",
        "Bình chọn sản phẩm CNNT tiêu biểu cấp quốc gia",
        ReportGroup.SAN_PHAM_TIEU_BIEU,
        False,
    ),
    (
        "thuong_hieu",
        "san_pham_thi_truong",
        "Xây dựng, đăng ký thương hiệu, nhãn hiệu",
        ReportGroup.TRUYEN_THONG_XUC_TIEN,
        False,
    ),
    (
        "hoi_cho_trong_nuoc",
        "san_pham_thi_truong",
        "Tổ chức hội chợ triển lãm trong nước",
        ReportGroup.TRUYEN_THONG_XUC_TIEN,
        False,
    ),
    (
        "tham_gia_hoi_cho",
        "san_pham_thi_truong",
        "Hỗ trợ tham gia hội chợ triển lãm trong nước",
        ReportGroup.TRUYEN_THONG_XUC_TIEN,
        False,
    ),
    (
        "hoi_cho_nuoc_ngoai",
        "san_pham_thi_truong",
        "Tổ chức, tham gia hội chợ triển lãm ở nước ngoài",
        ReportGroup.TRUYEN_THONG_XUC_TIEN,
        False,
    ),
    (
        "phong_trung_bay",
        "san_pham_thi_truong",
        "Phòng trưng bày giới thiệu sản phẩm",
        ReportGroup.TRUYEN_THONG_XUC_TIEN,
        False,
    ),
    ("tu_van", "tu_van", "Thuê tư vấn, trợ giúp cơ sở CNNT", ReportGroup.NANG_LUC, False),
    (
        "thong_tin_tuyen_truyen",
        "thong_tin",
        "Chương trình truyền hình, truyền thanh, ấn phẩm, tờ rơi",
        ReportGroup.TRUYEN_THONG_XUC_TIEN,
        False,
    ),
    ("hiep_hoi_vung", "lien_ket_ccn", "Thành lập hội, hiệp hội ngành nghề cấp vùng", ReportGroup.NANG_LUC, False),
    (
        "hiep_hoi_quoc_gia",
        "lien_ket_ccn",
        "Thành lập hội, hiệp hội ngành nghề cấp quốc gia",
        ReportGroup.NANG_LUC,
        False,
    ),
    ("cum_lien_ket", "lien_ket_ccn", "Hình thành cụm liên kết doanh nghiệp công nghiệp", ReportGroup.NANG_LUC, False),
    ("quy_hoach_ccn", "lien_ket_ccn", "Lập quy hoạch chi tiết cụm công nghiệp", ReportGroup.CCN_MOI_TRUONG, False),
    (
        "ha_tang_ccn",
        "lien_ket_ccn",
        "Đầu tư xây dựng kết cấu hạ tầng cụm công nghiệp",
        ReportGroup.CCN_MOI_TRUONG,
        False,
    ),
    (
        "xu_ly_o_nhiem_ccn",
        "lien_ket_ccn",
        "Sửa chữa, nâng cấp hệ thống xử lý ô nhiễm tại cụm công nghiệp",
        ReportGroup.CCN_MOI_TRUONG,
        False,
    ),
    (
        "xu_ly_o_nhiem_co_so",
        "lien_ket_ccn",
        "Sửa chữa, nâng cấp hệ thống xử lý ô nhiễm tại cơ sở CNNT",
        ReportGroup.CCN_MOI_TRUONG,
        False,
    ),
    (
        "khao_sat_nuoc_ngoai",
        "hop_tac_quoc_te",
        "Khảo sát, học tập kinh nghiệm ở nước ngoài (vé máy bay)",
        ReportGroup.NANG_LUC,
        False,
    ),
    ("nang_luc_khuyen_cong", "nang_luc_thuc_hien", "Nâng cao năng lực cán bộ khuyến công", ReportGroup.NANG_LUC, True),
    ("chuyen_doi_so", "chuyen_doi_so", "Hỗ trợ chuyển đổi số cho cơ sở CNNT", ReportGroup.MAY_MOC_CONG_NGHE, False),
)

_M = 1_000_000
_TTLT_26_2014 = "Thông tư liên tịch 26/2014/TTLT-BTC-BCT, Điều 6"
_TT_28_2018 = "Thông tư 28/2018/TT-BTC, Điều 8"
NO_CAP_NOTE = "Văn bản không quy định mức hỗ trợ tối đa"
"""The note of a cap row that records that the law sets no rate and no amount for an activity (its spending
follows other norms, a contract or a bid): the budget is then checked line by line only, and never said to be
"within the cap"."""

# (activity, rate %, cap in đồng, unit, valid from, valid to, legal basis, priority factor, note)
CapSeed = tuple[str, Decimal | None, int | None, CapUnit, date, date | None, str, Decimal, str]

# Thông tư liên tịch 26/2014/TTLT-BTC-BCT Điều 6, in force 08/04/2014 until Thông tư 28/2018/TT-BTC replaced it
# (15/05/2018): khoản 2 sets the national caps clause by clause; khoản 2 điểm t allows 1.5 times for priority areas
# and sectors; khoản 1 sends training, workshops, courses for staff and cleaner-production pilots to other norms.
_TTLT_26_ROWS: tuple[tuple[str, Decimal | None, int | None, CapUnit, str], ...] = (
    ("thanh_lap_dn", None, 10 * _M, CapUnit.DOANH_NGHIEP, "khoản 2 điểm a"),
    ("mo_hinh_trinh_dien", Decimal(30), 500 * _M, CapUnit.MO_HINH, "khoản 2 điểm b"),
    ("mo_hinh_co_so", None, 100 * _M, CapUnit.MO_HINH, "khoản 2 điểm b"),
    ("may_moc_thiet_bi", Decimal(50), 200 * _M, CapUnit.CO_SO, "khoản 2 điểm c"),
    ("day_chuyen_cong_nghe", Decimal(50), 200 * _M, CapUnit.CO_SO, "khoản 2 điểm c"),
    ("hoi_cho_trong_nuoc", Decimal(100), None, CapUnit.DE_AN, "khoản 2 điểm d"),
    ("tham_gia_hoi_cho", Decimal(80), None, CapUnit.CO_SO, "khoản 2 điểm d"),
    ("hoi_cho_nuoc_ngoai", Decimal(100), None, CapUnit.DE_AN, "khoản 2 điểm đ"),
    ("khao_sat_nuoc_ngoai", Decimal(100), None, CapUnit.DE_AN, "khoản 2 điểm e"),
    ("binh_chon_khu_vuc", None, 100 * _M, CapUnit.LAN, "khoản 2 điểm g"),
    ("binh_chon_quoc_gia", None, 200 * _M, CapUnit.LAN, "khoản 2 điểm g"),
    ("thuong_hieu", Decimal(50), 35 * _M, CapUnit.THUONG_HIEU, "khoản 2 điểm h"),
    ("tu_van", Decimal(50), 35 * _M, CapUnit.CO_SO, "khoản 2 điểm i"),
    ("hiep_hoi_vung", Decimal(30), 70 * _M, CapUnit.HIEP_HOI, "khoản 2 điểm l"),
    ("hiep_hoi_quoc_gia", Decimal(30), 100 * _M, CapUnit.HIEP_HOI, "khoản 2 điểm l"),
    ("cum_lien_ket", Decimal(50), 150 * _M, CapUnit.CUM, "khoản 2 điểm m"),
    ("xu_ly_o_nhiem_co_so", Decimal(30), 300 * _M, CapUnit.CO_SO, "khoản 2 điểm o"),
    ("xu_ly_o_nhiem_ccn", Decimal(30), 1_500 * _M, CapUnit.CUM, "khoản 2 điểm p"),
    ("quy_hoach_ccn", Decimal(50), 500 * _M, CapUnit.CUM, "khoản 2 điểm q"),
    ("ha_tang_ccn", None, 3_000 * _M, CapUnit.CUM, "khoản 2 điểm r"),
    # No rate and no amount: khoản 1 sends these to the norms of other texts, khoản 2 điểm k to a contract.
    ("dao_tao_nghe", None, None, CapUnit.DE_AN, "khoản 1 điểm b"),
    ("khoi_su_quan_tri", None, None, CapUnit.DE_AN, "khoản 1 điểm c, e"),
    ("nang_luc_khuyen_cong", None, None, CapUnit.DE_AN, "khoản 1 điểm e"),
    ("san_xuat_sach_hon", None, None, CapUnit.DE_AN, "khoản 1 điểm h"),
    ("thong_tin_tuyen_truyen", None, None, CapUnit.DE_AN, "khoản 2 điểm k"),
    # Khoản 2 names no cap for showrooms; khoản 3 leaves a provincial round of voting to the province.
    ("phong_trung_bay", None, None, CapUnit.DE_AN, "khoản 2"),
    ("binh_chon_tinh", None, None, CapUnit.LAN, "khoản 3"),
)
_TTLT_26_FROM, _TTLT_26_TO = date(2014, 4, 8), date(2018, 5, 14)

# Thông tư 28/2018/TT-BTC Điều 8, in force from 15/05/2018 (the figures the program can cite from its sources:
# khoản 2 for demonstration models, khoản 4 for machinery, a technology line at most 1.5 times that).
_TT_28_ROWS: tuple[tuple[str, Decimal | None, int | None, CapUnit, str], ...] = (
    ("thanh_lap_dn", None, 10 * _M, CapUnit.DOANH_NGHIEP, ""),
    ("mo_hinh_trinh_dien", Decimal(30), 1_000 * _M, CapUnit.MO_HINH, "khoản 2"),
    ("may_moc_thiet_bi", Decimal(50), 300 * _M, CapUnit.CO_SO, "khoản 4"),
    ("day_chuyen_cong_nghe", Decimal(50), 450 * _M, CapUnit.CO_SO, "khoản 4"),
    ("binh_chon_khu_vuc", None, 200 * _M, CapUnit.LAN, ""),
    ("binh_chon_quoc_gia", None, 400 * _M, CapUnit.LAN, ""),
    ("ha_tang_ccn", None, 6_000 * _M, CapUnit.CUM, ""),
    ("hoi_cho_nuoc_ngoai", Decimal(100), None, CapUnit.DE_AN, ""),
    ("khao_sat_nuoc_ngoai", Decimal(100), None, CapUnit.DE_AN, ""),
)
_TT_28_FROM = date(2018, 5, 15)


def _basis(text: str, clause: str) -> str:
    return f"{text} {clause}" if clause else text


NATIONAL_CAPS: tuple[CapSeed, ...] = (
    *(
        (
            code,
            rate,
            cap,
            unit,
            _TTLT_26_FROM,
            _TTLT_26_TO,
            _basis(_TTLT_26_2014, clause),
            Decimal("1.5") if rate is not None or cap is not None else Decimal(1),
            "" if rate is not None or cap is not None else NO_CAP_NOTE,
        )
        for code, rate, cap, unit, clause in _TTLT_26_ROWS
    ),
    *(
        (code, rate, cap, unit, _TT_28_FROM, None, _basis(_TT_28_2018, clause), Decimal(1), "")
        for code, rate, cap, unit, clause in _TT_28_ROWS
    ),
)

_QD_1881 = "Quyết định 1881/QĐ-TTg ngày 20/11/2020"
# (indicator, name, report group, unit, target) of the national programme 2021–2025.
PROGRAMME_2021_2025: tuple[tuple[str, str, ReportGroup, str, int], ...] = (
    ("mo_hinh_trinh_dien", "Mô hình trình diễn kỹ thuật", ReportGroup.MO_HINH_SXSH, "mô hình", 340),
    ("may_moc_thiet_bi", "Máy móc thiết bị ứng dụng", ReportGroup.MAY_MOC_CONG_NGHE, "máy", 1_600),
    ("day_chuyen_cong_nghe", "Dây chuyền công nghệ tiên tiến", ReportGroup.MAY_MOC_CONG_NGHE, "dây chuyền", 300),
    ("danh_gia_sxsh", "Cơ sở CNNT được đánh giá sản xuất sạch hơn", ReportGroup.MO_HINH_SXSH, "cơ sở", 300),
    ("mo_hinh_sxsh", "Mô hình thí điểm sản xuất sạch hơn", ReportGroup.MO_HINH_SXSH, "mô hình", 100),
    (
        "xu_ly_o_nhiem_co_so",
        "Cơ sở được hỗ trợ sửa chữa, nâng cấp hệ thống xử lý ô nhiễm",
        ReportGroup.CCN_MOI_TRUONG,
        "cơ sở",
        50,
    ),
    (
        "binh_chon_quoc_gia",
        "Kỳ bình chọn sản phẩm CNNT tiêu biểu cấp quốc gia",
        ReportGroup.SAN_PHAM_TIEU_BIEU,
        "kỳ",
        3,
    ),
    ("binh_chon_khu_vuc", "Kỳ bình chọn sản phẩm CNNT tiêu biểu cấp khu vực", ReportGroup.SAN_PHAM_TIEU_BIEU, "kỳ", 2),
    ("nhan_hieu", "Cơ sở được hỗ trợ xây dựng, đăng ký nhãn hiệu", ReportGroup.TRUYEN_THONG_XUC_TIEN, "cơ sở", 350),
    ("hoi_cho_trong_nuoc", "Hội chợ trong nước được tổ chức", ReportGroup.TRUYEN_THONG_XUC_TIEN, "hội chợ", 15),
    ("hoi_cho_nuoc_ngoai", "Hội chợ ở nước ngoài được tổ chức", ReportGroup.TRUYEN_THONG_XUC_TIEN, "hội chợ", 5),
    (
        "luot_hoi_cho_trong_nuoc",
        "Lượt cơ sở tham gia hội chợ trong nước",
        ReportGroup.TRUYEN_THONG_XUC_TIEN,
        "lượt",
        45,
    ),
    ("luot_hoi_cho_nuoc_ngoai", "Lượt tham gia hội chợ nước ngoài", ReportGroup.TRUYEN_THONG_XUC_TIEN, "lượt", 13),
    ("quy_hoach_ccn", "Cụm công nghiệp được hỗ trợ lập quy hoạch chi tiết", ReportGroup.CCN_MOI_TRUONG, "cụm", 50),
    (
        "xu_ly_o_nhiem_ccn",
        "Cụm công nghiệp được hỗ trợ sửa chữa, nâng cấp xử lý ô nhiễm",
        ReportGroup.CCN_MOI_TRUONG,
        "cụm",
        60,
    ),
    ("lao_dong_dao_tao", "Lao động được đào tạo nghề", ReportGroup.DAO_TAO, "người", 10_000),
    (
        "can_bo_nghe_nhan",
        "Cán bộ quản lý, kỹ thuật, thợ giỏi, nghệ nhân được đào tạo",
        ReportGroup.DAO_TAO,
        "người",
        500,
    ),
    ("giang_vien_sxsh", "Giảng viên, báo cáo viên về sản xuất sạch hơn", ReportGroup.DAO_TAO, "người", 300),
    (
        "hoc_vien_khoi_su",
        "Học viên khởi sự kinh doanh, quản trị doanh nghiệp, sản xuất sạch hơn",
        ReportGroup.DAO_TAO,
        "người",
        15_000,
    ),
)


def seed(session: Session) -> None:
    """Write the reference data into the database; rows users may edit are only added, never overwritten."""
    seed_catalogues(session)
    seed_national(session)


def seed_catalogues(session: Session) -> None:
    """The catalogues every row may name (provinces, communes, content groups, activity types): the program's
    own, written over what the database holds."""
    provinces, communes = administrative_units()
    existing_provinces = {p.code: p for p in session.scalars(select(Province))}
    for row in provinces:
        province = existing_provinces.get(row.code)
        if province is None:
            session.add(Province(code=row.code, name=row.name, kind=ProvinceKind(row.kind)))
        else:
            province.name, province.kind = row.name, ProvinceKind(row.kind)
    session.flush()
    known_communes: dict[str, str] = dict(session.execute(select(Commune.code, Commune.name)).all())
    session.add_all(
        Commune(code=c.code, province_code=c.province_code, name=c.name, kind=CommuneKind(c.kind))
        for c in communes
        if c.code not in known_communes
    )
    for c in communes:  # a name seeded wrong by an earlier version (two spaces) is put right
        if c.code in known_communes and known_communes[c.code] != c.name:
            session.execute(update(Commune).where(Commune.code == c.code).values(name=c.name))
    existing_groups = {g.code: g for g in session.scalars(select(ContentGroup))}
    for position, (code, name, basis) in enumerate(CONTENT_GROUPS, start=1):
        group = existing_groups.get(code) or ContentGroup(code=code)
        group.position, group.name, group.legal_basis = position, name, basis
        session.add(group)
    session.flush()
    existing_types = {t.code: t for t in session.scalars(select(ActivityType))}
    for code, group_code, name, report_group, counts in ACTIVITY_TYPES:
        activity = existing_types.get(code) or ActivityType(code=code)
        activity.content_group_code, activity.name = group_code, name
        activity.report_group, activity.counts_trainees = report_group, counts
        session.add(activity)
    session.flush()


def seed_national(session: Session) -> None:
    """The national caps and programme targets (synced rows of scope "00"), added when missing: once written,
    they belong to the users, and a seed never overwrites an edited row."""
    known_caps = {
        (code, valid_from)
        for code, valid_from in session.execute(
            select(SupportCap.activity_type_code, SupportCap.valid_from).where(
                SupportCap.province_code == NATIONAL_SCOPE
            )
        )
    }
    for code, rate, cap, unit, valid_from, valid_to, basis, factor, note in NATIONAL_CAPS:
        if (code, valid_from) not in known_caps:
            session.add(
                SupportCap(
                    id=seed_id("support_cap", NATIONAL_SCOPE, code, valid_from),
                    province_code=NATIONAL_SCOPE,
                    activity_type_code=code,
                    rate_percent=rate,
                    cap_amount=cap,
                    unit=unit,
                    valid_from=valid_from,
                    valid_to=valid_to,
                    legal_basis=basis,
                    priority_factor=factor,
                    note=note,
                )
            )
    known_targets = set(
        session.scalars(
            select(ProgrammeTarget.indicator).where(
                ProgrammeTarget.province_code == NATIONAL_SCOPE, ProgrammeTarget.programme == "CTKCQG-2021-2025"
            )
        )
    )
    for indicator, name, report_group, target_unit, target in PROGRAMME_2021_2025:
        if indicator not in known_targets:
            session.add(
                ProgrammeTarget(
                    id=seed_id("programme_target", NATIONAL_SCOPE, "CTKCQG-2021-2025", indicator),
                    province_code=NATIONAL_SCOPE,
                    programme="CTKCQG-2021-2025",
                    programme_name="Chương trình khuyến công quốc gia giai đoạn 2021-2025",
                    period_from=2021,
                    period_to=2025,
                    report_group=report_group,
                    indicator=indicator,
                    indicator_name=name,
                    unit=target_unit,
                    target=target,
                    legal_basis=_QD_1881,
                )
            )


# The 54 ethnic groups of Việt Nam, Kinh first (for pickers and imports).
ETHNIC_GROUPS: tuple[str, ...] = (
    "Kinh",
    "Tày",
    "Thái",
    "Mường",
    "Khmer",
    "Hoa",
    "Nùng",
    "Mông",
    "Dao",
    "Gia Rai",
    "Ê Đê",
    "Ba Na",
    "Sán Chay",
    "Chăm",
    "Cơ Ho",
    "Xơ Đăng",
    "Sán Dìu",
    "Hrê",
    "Ra Glai",
    "Mnông",
    "Thổ",
    "Xtiêng",
    "Khơ Mú",
    "Bru - Vân Kiều",
    "Cơ Tu",
    "Giáy",
    "Tà Ôi",
    "Mạ",
    "Giẻ - Triêng",
    "Co",
    "Chơ Ro",
    "Xinh Mun",
    "Hà Nhì",
    "Chu Ru",
    "Lào",
    "La Chí",
    "Kháng",
    "Phù Lá",
    "La Hủ",
    "La Ha",
    "Pà Thẻn",
    "Lự",
    "Ngái",
    "Chứt",
    "Lô Lô",
    "Mảng",
    "Cơ Lao",
    "Bố Y",
    "Cống",
    "Si La",
    "Pu Péo",
    "Rơ Măm",
    "Brâu",
    "Ơ Đu",
)
