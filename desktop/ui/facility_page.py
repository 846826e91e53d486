"""Cơ sở CNNT: the list of facilities and their edit form."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from desktop.models import Facility
from desktop.models.enums import LegalForm, Sector
from desktop.services.listing import FACILITIES
from desktop.ui.context import AppContext
from desktop.ui.list_page import ListPage


class FacilityPage(ListPage):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        headers = [
            self.tr("Tên cơ sở"),
            self.tr("Loại hình"),
            self.tr("Mã số thuế"),
            self.tr("Người đại diện"),
            self.tr("Xã/phường"),
            self.tr("Lĩnh vực"),
            self.tr("Điện thoại"),
        ]
        super().__init__(
            ctx,
            FACILITIES,
            headers,
            Facility,
            self.tr("cơ sở"),
            (self.tr("Thêm cơ sở CNNT"), self.tr("Sửa cơ sở CNNT")),
            parent,
        )
        communes = ctx.reference.communes.get(ctx.settings.province_code, [])
        self.add_filter("commune", self.tr("Mọi xã/phường"), communes, searchable=True)
        self.add_filter("legal_form", self.tr("Mọi loại hình"), [(m.value, m.label) for m in LegalForm])
        self.add_filter("sector", self.tr("Mọi lĩnh vực"), [(m.value, m.label) for m in Sector])
        for column, width in enumerate((290, 125, 100, 160, 175, 175)):
            self.table.setColumnWidth(column, width)

    def import_target(self) -> str:
        return "facilities"

    def field_labels(self) -> dict[str, str]:
        return {
            "name": self.tr("Tên cơ sở"),
            "legal_form": self.tr("Loại hình"),
            "tax_code": self.tr("Mã số thuế"),
            "registration_no": self.tr("Số đăng ký kinh doanh"),
            "established_on": self.tr("Ngày thành lập"),
            "sector": self.tr("Lĩnh vực (NĐ 80/2021)"),
            "main_line": self.tr("Ngành nghề chính"),
            "representative_name": self.tr("Người đại diện"),
            "representative_gender": self.tr("Giới tính người đại diện"),
            "commune_code": self.tr("Tỉnh/thành phố, xã/phường"),
            "craft_village_id": self.tr("Làng nghề được công nhận"),
            "street_address": self.tr("Thôn/ấp, số nhà"),
            "phone": self.tr("Điện thoại"),
            "email": self.tr("Thư điện tử"),
            "women_owned": self.tr("Do phụ nữ làm chủ"),
            "ethnic_minority_owned": self.tr("Do người dân tộc thiểu số làm chủ"),
            "applies_cleaner_production": self.tr("Áp dụng sản xuất sạch hơn"),
            "sustainable_production": self.tr("Áp dụng sản xuất và tiêu dùng bền vững"),
            "ccn_infrastructure_investor": self.tr("Đầu tư xây dựng hạ tầng kỹ thuật cụm công nghiệp"),
            "ccn_name": self.tr("Tên cụm công nghiệp"),
            "artisan_title": self.tr("Danh hiệu nghệ nhân"),
            "artisan_name": self.tr("Người được phong tặng"),
            "artisan_recognised_on": self.tr("Ngày phong tặng"),
            "fired_clay_bricks": self.tr("Sản xuất gạch nung bằng đất sét"),
            "note": self.tr("Ghi chú"),
            "deleted_at": self.tr("Đã xóa lúc"),
        }

    def open_record(self, row_id: Any) -> None:
        """The facility form: its fields, the verdict on who can be supported and its yearly figures."""
        from desktop.ui.facility_form import edit_facility

        new, edit = self.titles
        edit_facility(
            self,
            self.ctx,
            self.field_labels(),
            row_id,
            new if row_id is None else edit,
            on_saved=self._saved if row_id is None else lambda _id: None,
            defaults=self.defaults(),
        )

    def defaults(self) -> dict[str, Any]:
        return {"legal_form": LegalForm.HO_KINH_DOANH.value, "sector": Sector.CONG_NGHIEP_XAY_DUNG.value}
