"""Closed lists of the domain, each value with the Vietnamese label printed on forms and shown on screen.

The stored values are Vietnamese words without accents, and never change (they are in every file and on the
server). The members' names: the steps of a proposal's life are named in English, as the actions that move it
along are (``Action.APPROVE`` leads to ``ProposalStatus.APPROVED``), since the program reasons with both; the
lists copied from the legal texts (legal forms, sectors, funding kinds, the forms' numbers…) keep the law's
own words, which have no exact English equivalent (a "tổ hợp tác" is not a cooperative).
"""

from __future__ import annotations

from enum import StrEnum


class Labelled(StrEnum):
    """A StrEnum whose members carry a Vietnamese label: ``Member = ("value", "Nhãn")``."""

    label: str

    def __new__(cls, value: str, label: str = "") -> Labelled:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label or value
        return member


class LegalForm(Labelled):
    """Loại hình cơ sở (NĐ 45/2012 Điều 1; NĐ 235/2025). An enterprise's size comes from its yearly figures."""

    DOANH_NGHIEP = ("doanh_nghiep", "Doanh nghiệp")
    HOP_TAC_XA = ("hop_tac_xa", "Hợp tác xã")
    LIEN_HIEP_HTX = ("lien_hiep_htx", "Liên hiệp hợp tác xã")
    TO_HOP_TAC = ("to_hop_tac", "Tổ hợp tác")
    HO_KINH_DOANH = ("ho_kinh_doanh", "Hộ kinh doanh")
    KHAC = ("khac", "Loại hình khác")


class Sector(Labelled):
    """Lĩnh vực of the main registered line (NĐ 80/2021 Điều 6), which picks the SME thresholds."""

    NONG_LAM_THUY_SAN = ("nong_lam_thuy_san", "Nông nghiệp, lâm nghiệp, thủy sản")
    CONG_NGHIEP_XAY_DUNG = ("cong_nghiep_xay_dung", "Công nghiệp và xây dựng")
    THUONG_MAI_DICH_VU = ("thuong_mai_dich_vu", "Thương mại và dịch vụ")


class SmeSize(Labelled):
    SIEU_NHO = ("sieu_nho", "Doanh nghiệp siêu nhỏ")
    NHO = ("nho", "Doanh nghiệp nhỏ")
    VUA = ("vua", "Doanh nghiệp vừa")


class ArtisanTitle(Labelled):
    """The state titles of NĐ 45/2012 Điều 1 khoản 2 điểm b (as amended by NĐ 235/2025 Điều 1 khoản 1): only
    these two make a person a beneficiary by that route; a province's own "nghệ nhân" titles do not."""

    NHAN_DAN = ("nghe_nhan_nhan_dan", "Nghệ nhân nhân dân")
    UU_TU = ("nghe_nhan_uu_tu", "Nghệ nhân ưu tú")


class Gender(Labelled):
    NAM = ("nam", "Nam")
    NU = ("nu", "Nữ")


class ProvinceKind(Labelled):
    TINH = ("tinh", "Tỉnh")
    THANH_PHO = ("thanh_pho", "Thành phố trực thuộc trung ương")


class CommuneKind(Labelled):
    XA = ("xa", "Xã")
    PHUONG = ("phuong", "Phường")
    DAC_KHU = ("dac_khu", "Đặc khu")


class FundingKind(Labelled):
    """Nguồn kinh phí và loại đề án (TT 36/2013 Điều 2; TT 46/2012 Điều 2)."""

    KCQG_DIEM = ("kcqg_diem", "Khuyến công quốc gia - đề án điểm")
    KCQG_NHOM = ("kcqg_nhom", "Khuyến công quốc gia - đề án nhóm")
    KCQG_DOI_TUONG = ("kcqg_doi_tuong", "Khuyến công quốc gia - đối tượng cụ thể")
    KCDP = ("kcdp", "Khuyến công địa phương")


class ProposalStatus(Labelled):
    """Steps of a proposal's life (TT 36/2013). The order of the main line is the order below."""

    DRAFT = ("du_thao", "Dự thảo")
    APPRAISED = ("da_tham_dinh", "Đã thẩm định")
    APPROVED = ("da_phe_duyet", "Đã phê duyệt")
    CONTRACTED = ("da_ky_hop_dong", "Đã ký hợp đồng")
    IN_PROGRESS = ("dang_thuc_hien", "Đang thực hiện")
    ACCEPTED = ("da_nghiem_thu", "Đã nghiệm thu")
    SETTLED = ("da_quyet_toan", "Đã quyết toán")
    LIQUIDATED = ("da_thanh_ly", "Đã thanh lý")
    REJECTED = ("khong_phe_duyet", "Không phê duyệt")
    STOPPED = ("da_dung", "Ngừng triển khai")


class AppraisalForm(Labelled):
    MAU_4A = ("4a", "Mẫu 4a - đề án chung")
    MAU_4B = ("4b", "Mẫu 4b - đề án hỗ trợ đối tượng cụ thể")


class AppraisalConclusion(Labelled):
    HO_TRO = ("ho_tro", "Đề nghị hỗ trợ")
    KHONG_HO_TRO = ("khong_ho_tro", "Không hỗ trợ")
    BO_SUNG = ("bo_sung", "Bổ sung, hoàn thiện hồ sơ")


class AppraisalCriterion(Labelled):
    """Nội dung thẩm định, in the words of TT 36/2013 Điều 9; its item 2 is asked as two (the objectives, then
    the reasonableness of the budget) and printed as one."""

    PHU_HOP = ("phu_hop", "Mức độ phù hợp của đề án với các nguyên tắc tại Điều 4 Thông tư 36/2013")
    MUC_TIEU = ("muc_tieu", "Mục tiêu, sự cần thiết và hiệu quả của đề án")
    KINH_PHI = ("kinh_phi", "Tính hợp lý về sử dụng kinh phí, nguồn lực và cơ sở vật chất, kỹ thuật khác")
    NANG_LUC = ("nang_luc", "Năng lực của đơn vị thực hiện, đơn vị phối hợp, đơn vị thụ hưởng")
    LONG_GHEP = ("long_ghep", "Khả năng kết hợp, lồng ghép với các dự án, chương trình mục tiêu khác")
    HO_SO = ("ho_so", "Sự phù hợp và đầy đủ của hồ sơ, tài liệu của đề án")


class ContractKind(Labelled):
    THUC_HIEN = ("thuc_hien", "Hợp đồng thực hiện đề án")
    HO_TRO = ("ho_tro", "Hợp đồng hỗ trợ với đơn vị thụ hưởng")


class AcceptanceForm(Labelled):
    MAU_5A = ("5a", "Mẫu 5a - nghiệm thu cho từng địa điểm")
    MAU_5B = ("5b", "Mẫu 5b - nghiệm thu cơ sở")
    MAU_5C = ("5c", "Mẫu 5c - nghiệm thu do cơ quan quản lý chủ trì")


class AcceptanceConclusion(Labelled):
    DAT = ("dat", "Đạt, đồng ý nghiệm thu")
    KHONG_DAT = ("khong_dat", "Không đạt")


class CapUnit(Labelled):
    """What one support cap is counted against."""

    DE_AN = ("de_an", "đề án")
    MO_HINH = ("mo_hinh", "mô hình")
    CO_SO = ("co_so", "cơ sở")
    DOANH_NGHIEP = ("doanh_nghiep", "doanh nghiệp")
    HOC_VIEN = ("hoc_vien", "học viên")
    LAN = ("lan", "lần bình chọn")
    THUONG_HIEU = ("thuong_hieu", "thương hiệu")
    CUM = ("cum", "cụm")
    HIEP_HOI = ("hiep_hoi", "hội, hiệp hội")


class CourseKind(Labelled):
    DAO_TAO_NGHE = ("dao_tao_nghe", "Đào tạo nghề")
    TRUYEN_NGHE = ("truyen_nghe", "Truyền nghề")
    NANG_CAO_TAY_NGHE = ("nang_cao_tay_nghe", "Nâng cao tay nghề")
    TAP_HUAN = ("tap_huan", "Tập huấn")
    KHOI_SU_DOANH_NGHIEP = ("khoi_su_doanh_nghiep", "Khởi sự doanh nghiệp")


class PriorityGroup(Labelled):
    """Đối tượng ưu tiên of a trainee."""

    KHONG = ("khong", "Không thuộc đối tượng ưu tiên")
    DAN_TOC_THIEU_SO = ("dan_toc_thieu_so", "Người dân tộc thiểu số")
    KHUYET_TAT = ("khuyet_tat", "Người khuyết tật")
    HO_NGHEO = ("ho_ngheo", "Người thuộc hộ nghèo")
    HO_CAN_NGHEO = ("ho_can_ngheo", "Người thuộc hộ cận nghèo")
    KHAC = ("khac", "Đối tượng ưu tiên khác")


class VotingLevel(Labelled):
    """Cấp bình chọn sản phẩm CNNT tiêu biểu (TT 26/2014, sửa đổi)."""

    XA = ("xa", "Cấp xã")
    TINH = ("tinh", "Cấp tỉnh")
    KHU_VUC = ("khu_vuc", "Cấp khu vực")
    QUOC_GIA = ("quoc_gia", "Cấp quốc gia")


class ProductGroup(Labelled):
    """Nhóm sản phẩm bình chọn (TT 26/2014 Điều 5)."""

    THU_CONG_MY_NGHE = ("thu_cong_my_nghe", "Thủ công mỹ nghệ")
    CHE_BIEN = ("che_bien", "Chế biến nông, lâm, thủy sản và thực phẩm")
    CO_KHI = ("co_khi", "Thiết bị, máy móc, dụng cụ và phụ tùng cơ khí")
    KHAC = ("khac", "Sản phẩm khác")


class ReportGroup(Labelled):
    """How results are grouped in reports to the ministry."""

    MAY_MOC_CONG_NGHE = ("may_moc_cong_nghe", "Ứng dụng máy móc thiết bị, chuyển giao công nghệ")
    MO_HINH_SXSH = ("mo_hinh_sxsh", "Mô hình trình diễn kỹ thuật, sản xuất sạch hơn")
    DAO_TAO = ("dao_tao", "Đào tạo nghề, nâng cao năng lực")
    SAN_PHAM_TIEU_BIEU = ("san_pham_tieu_bieu", "Sản phẩm CNNT tiêu biểu")
    TRUYEN_THONG_XUC_TIEN = ("truyen_thong_xuc_tien", "Thông tin tuyên truyền, xúc tiến thương mại")
    CCN_MOI_TRUONG = ("ccn_moi_truong", "Cụm công nghiệp, xử lý ô nhiễm môi trường")
    NANG_LUC = ("nang_luc", "Tư vấn, liên kết, nâng cao năng lực")
