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
            self.tr("Ngành"),
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
        self.add_filter("sector", self.tr("Mọi ngành"), [(m.value, m.label) for m in Sector])
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
            "sector": self.tr("Ngành sản xuất"),
            "main_line": self.tr("Ngành nghề chính"),
            "representative_name": self.tr("Người đại diện"),
            "representative_gender": self.tr("Giới tính người đại diện"),
            "commune_code": self.tr("Tỉnh/thành phố, xã/phường"),
            "street_address": self.tr("Thôn/ấp, số nhà"),
            "phone": self.tr("Điện thoại"),
            "email": self.tr("Thư điện tử"),
            "women_owned": self.tr("Do phụ nữ làm chủ"),
            "ethnic_minority_owned": self.tr("Do người dân tộc thiểu số làm chủ"),
            "applies_cleaner_production": self.tr("Áp dụng sản xuất sạch hơn"),
            "note": self.tr("Ghi chú"),
            "deleted_at": self.tr("Đã xóa lúc"),
        }

    def defaults(self) -> dict[str, Any]:
        return {"legal_form": LegalForm.HO_KINH_DOANH.value, "sector": Sector.CONG_NGHIEP_XAY_DUNG.value}
