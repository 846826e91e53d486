"""Đề án, Đào tạo (courses and trainees) and Bình chọn lists with their edit forms."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QDialog, QTabWidget, QVBoxLayout, QWidget

from desktop.models import Proposal, Trainee, TrainingCourse, VotingRound
from desktop.models.enums import CourseKind, FundingKind, Gender, PriorityGroup, ProposalStatus, VotingLevel
from desktop.services.listing import COURSES, PROPOSALS, TRAINEES, VOTING_ROUNDS
from desktop.ui.context import AppContext
from desktop.ui.list_page import ListPage

YEARS = [(str(y), str(y)) for y in range(2030, 2013, -1)]


class ProposalPage(ListPage):
    name_field = "title"

    def workspace_type(self) -> Callable[..., QDialog]:
        from desktop.ui.proposal_workspace import ProposalWorkspace

        return ProposalWorkspace

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        headers = [
            self.tr("Mã đề án"),
            self.tr("Tên đề án"),
            self.tr("Năm KH"),
            self.tr("Hoạt động"),
            self.tr("Trạng thái"),
            self.tr("Tổng kinh phí"),
            self.tr("KP khuyến công duyệt"),
        ]
        super().__init__(
            ctx, PROPOSALS, headers, Proposal, self.tr("đề án"), (self.tr("Thêm đề án"), self.tr("Sửa đề án")), parent
        )
        self.add_filter("status", self.tr("Mọi trạng thái"), [(m.value, m.label) for m in ProposalStatus])
        self.add_filter("year", self.tr("Mọi năm"), YEARS)
        self.add_filter("content_group", self.tr("Mọi nhóm nội dung"), ctx.reference.content_groups)
        for column, width in enumerate((130, 360, 70, 210, 120, 120)):
            self.table.setColumnWidth(column, width)

    def batch_forms(self) -> list[tuple[str, str]]:
        return [
            (self.tr("Phiếu thẩm định của các đề án đang hiển thị"), "tham-dinh"),
            (self.tr("Đề án và dự toán (Mẫu 01) của các đề án đang hiển thị"), "de-an"),
        ]

    def field_labels(self) -> dict[str, str]:
        return {
            "code": self.tr("Mã đề án"),
            "title": self.tr("Tên đề án"),
            "plan_year": self.tr("Năm kế hoạch"),
            "funding": self.tr("Nguồn kinh phí"),
            "activity_type_code": self.tr("Hoạt động khuyến công"),
            "implementing_unit": self.tr("Đơn vị thực hiện"),
            "coordinating_units": self.tr("Đơn vị phối hợp"),
            "start_date": self.tr("Ngày bắt đầu"),
            "end_date": self.tr("Ngày kết thúc"),
            "status": self.tr("Trạng thái"),
            "approved_support": self.tr("Kinh phí khuyến công được duyệt"),
            "deleted_at": self.tr("Đã xóa lúc"),
        }

    def defaults(self) -> dict[str, Any]:
        return {"funding": FundingKind.KCDP.value}


class CoursePage(ListPage):
    name_field = "topic"

    def workspace_type(self) -> Callable[..., QDialog]:
        from desktop.ui.course_workspace import CourseWorkspace

        return CourseWorkspace

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        headers = [
            self.tr("Mã lớp"),
            self.tr("Nội dung đào tạo"),
            self.tr("Hình thức"),
            self.tr("Khai giảng"),
            self.tr("Bế giảng"),
            self.tr("Địa điểm"),
            self.tr("Học viên"),
            self.tr("Chuyên cần tối thiểu (%)"),
        ]
        super().__init__(
            ctx,
            COURSES,
            headers,
            TrainingCourse,
            self.tr("lớp"),
            (self.tr("Thêm lớp đào tạo"), self.tr("Sửa lớp đào tạo")),
            parent,
        )
        self.add_filter("year", self.tr("Mọi năm"), YEARS)
        self.add_filter("kind", self.tr("Mọi hình thức"), [(m.value, m.label) for m in CourseKind])
        for column, width in enumerate((120, 330, 150, 90, 90, 260)):
            self.table.setColumnWidth(column, width)

    def field_labels(self) -> dict[str, str]:
        return {
            "code": self.tr("Mã lớp"),
            "topic": self.tr("Nội dung đào tạo"),
            "kind": self.tr("Hình thức"),
            "venue": self.tr("Địa điểm học"),
            "commune_code": self.tr("Tỉnh/thành phố, xã/phường"),
            "start_date": self.tr("Ngày khai giảng"),
            "end_date": self.tr("Ngày bế giảng"),
            "planned_trainees": self.tr("Số học viên dự kiến"),
            "meal_allowance_per_day": self.tr("Tiền ăn mỗi ngày (đồng)"),
            "travel_allowance": self.tr("Tiền đi lại (đồng)"),
            "min_attendance_percent": self.tr("Chuyên cần tối thiểu để cấp chứng chỉ (%)"),
            "deleted_at": self.tr("Đã xóa lúc"),
        }

    def defaults(self) -> dict[str, Any]:
        return {"kind": next(iter(CourseKind)).value}


class TraineePage(ListPage):
    name_field = "full_name"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        headers = [
            self.tr("Họ và tên"),
            self.tr("Ngày sinh"),
            self.tr("Giới tính"),
            self.tr("Số CCCD"),
            self.tr("Xã/phường"),
            self.tr("Điện thoại"),
            self.tr("Số lớp"),
        ]
        super().__init__(
            ctx,
            TRAINEES,
            headers,
            Trainee,
            self.tr("học viên"),
            (self.tr("Thêm học viên"), self.tr("Sửa học viên")),
            parent,
        )
        communes = ctx.reference.communes.get(ctx.settings.province_code, [])
        self.add_filter("commune", self.tr("Mọi xã/phường"), communes, searchable=True)
        for column, width in enumerate((220, 90, 70, 120, 180, 110)):
            self.table.setColumnWidth(column, width)

    def import_target(self) -> str:
        return "trainees"

    def field_labels(self) -> dict[str, str]:
        return {
            "full_name": self.tr("Họ và tên"),
            "birth_date": self.tr("Ngày sinh"),
            "gender": self.tr("Giới tính"),
            "ethnicity": self.tr("Dân tộc"),
            "cccd": self.tr("Số CCCD"),
            "commune_code": self.tr("Tỉnh/thành phố, xã/phường"),
            "address": self.tr("Địa chỉ"),
            "priority_group": self.tr("Đối tượng ưu tiên"),
            "phone": self.tr("Điện thoại"),
            "deleted_at": self.tr("Đã xóa lúc"),
        }

    def defaults(self) -> dict[str, Any]:
        return {"gender": Gender.NU.value, "ethnicity": "Kinh", "priority_group": PriorityGroup.KHONG.value}


class TrainingPage(QWidget):
    """Đào tạo: courses and trainees, each a list of its own."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.courses = CoursePage(ctx)
        self.trainees = TraineePage(ctx)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.courses, self.tr("Lớp đào tạo"))
        self.tabs.addTab(self.trainees, self.tr("Học viên"))
        self.tabs.currentChanged.connect(lambda _i: self.activate())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

    def activate(self) -> None:
        page = self.tabs.currentWidget()
        if isinstance(page, ListPage):
            page.activate()


class VotingPage(ListPage):
    def workspace_type(self) -> Callable[..., QDialog]:
        from desktop.ui.voting_workspace import VotingWorkspace

        return VotingWorkspace

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        headers = [
            self.tr("Đợt bình chọn"),
            self.tr("Cấp"),
            self.tr("Năm"),
            self.tr("Số quyết định"),
            self.tr("Sản phẩm đăng ký"),
        ]
        super().__init__(
            ctx,
            VOTING_ROUNDS,
            headers,
            VotingRound,
            self.tr("đợt bình chọn"),
            (self.tr("Thêm đợt bình chọn"), self.tr("Sửa đợt bình chọn")),
            parent,
        )
        self.add_filter("year", self.tr("Mọi năm"), YEARS)
        for column, width in enumerate((420, 110, 70, 160)):
            self.table.setColumnWidth(column, width)

    def field_labels(self) -> dict[str, str]:
        return {
            "name": self.tr("Tên đợt bình chọn"),
            "level": self.tr("Cấp bình chọn"),
            "year": self.tr("Năm"),
            "council_name": self.tr("Hội đồng bình chọn"),
            "decision_no": self.tr("Số quyết định"),
            "decision_date": self.tr("Ngày quyết định"),
            "deleted_at": self.tr("Đã xóa lúc"),
        }

    def defaults(self) -> dict[str, Any]:
        return {"level": VotingLevel.TINH.value}
