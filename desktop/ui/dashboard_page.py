"""Tổng quan: the year's figures at a glance, with charts."""

from __future__ import annotations

from datetime import date

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QHorizontalBarSeries, QValueAxis
from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.services.dashboard import Overview, overview
from desktop.services.money import format_money, format_number
from desktop.services.text import fold
from desktop.ui.context import AppContext


def _card(title: str) -> tuple[QFrame, QLabel]:
    frame = QFrame()
    frame.setObjectName("card")
    frame.setStyleSheet("#card { background: white; border: 1px solid #d5dbe3; border-radius: 6px; }")
    layout = QVBoxLayout(frame)
    caption = QLabel(title)
    caption.setStyleSheet("color: #5a6573;")
    caption.setWordWrap(True)
    value = QLabel("…")
    value.setStyleSheet("font-size: 20px; font-weight: 600; color: #1d3b5c;")
    layout.addWidget(caption)
    layout.addWidget(value)
    return frame, value


class _Figure(QTableWidgetItem):
    """A cell that sorts by the value it keeps (a number shown as 1.234.567, a name without accents)."""

    def __lt__(self, other: QTableWidgetItem) -> bool:
        return bool(self.data(Qt.ItemDataRole.UserRole) < other.data(Qt.ItemDataRole.UserRole))


def _fit_first_column(table: QTableWidget) -> None:
    header = table.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for column in range(1, table.columnCount()):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    table.setWordWrap(False)
    table.verticalHeader().setDefaultSectionSize(24)


class DashboardPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.year = QComboBox()
        this_year = date.today().year
        for y in range(this_year, 2013, -1):
            self.year.addItem(str(y), y)
        self.year.currentIndexChanged.connect(lambda _i: self.refresh())
        header = QHBoxLayout()
        title = QLabel(self.tr("Tổng quan năm"))
        title.setStyleSheet("font-size: 16px; font-weight: 600;")
        header.addWidget(title)
        header.addWidget(self.year)
        header.addStretch(1)
        grid = QGridLayout()
        self.values: dict[str, QLabel] = {}
        cards = [
            ("facilities", self.tr("Cơ sở CNNT đang quản lý")),
            ("proposals", self.tr("Đề án trong năm")),
            ("approved", self.tr("Kinh phí khuyến công đã duyệt (đồng)")),
            ("advanced", self.tr("Đã tạm ứng (đồng)")),
            ("disbursed", self.tr("Đã giải ngân — quyết toán (đồng)")),
            ("rate", self.tr("Tỷ lệ giải ngân")),
            ("courses", self.tr("Lớp đào tạo trong năm")),
            ("enrolments", self.tr("Lượt học viên trong năm")),
            ("trainees", self.tr("Học viên trong danh sách")),
        ]
        for n, (key, caption) in enumerate(cards):
            frame, value = _card(caption)
            self.values[key] = value
            grid.addWidget(frame, n // 3, n % 3)
        self.status_chart = QChartView()
        self.group_chart = QChartView()
        for view in (self.status_chart, self.group_chart):
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            view.setMinimumHeight(300)
        charts = QHBoxLayout()
        charts.addWidget(self.status_chart, 1)
        charts.addWidget(self.group_chart, 1)
        self.targets = QTableWidget(0, 3)
        self.targets.setHorizontalHeaderLabels(
            [self.tr("Chỉ tiêu chương trình"), self.tr("Đơn vị"), self.tr("Chỉ tiêu")]
        )
        _fit_first_column(self.targets)
        self.targets.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.targets.verticalHeader().hide()
        self.done = QTableWidget(0, 2)
        self.done.setHorizontalHeaderLabels([self.tr("Nhóm báo cáo"), self.tr("Đề án đã nghiệm thu")])
        _fit_first_column(self.done)
        self.done.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.done.verticalHeader().hide()
        tables = QHBoxLayout()
        tables.addWidget(self.done, 2)
        tables.addWidget(self.targets, 3)
        # The ministry's PCs hold every province: one line each (hidden for a single province).
        self.provinces = QTableWidget(0, 7)
        self.provinces.setHorizontalHeaderLabels(
            [
                self.tr("Tỉnh, thành phố"),
                self.tr("Cơ sở CNNT"),
                self.tr("Đề án trong năm"),
                self.tr("Kinh phí được duyệt (đồng)"),
                self.tr("Đã tạm ứng (đồng)"),
                self.tr("Đã giải ngân (đồng)"),
                self.tr("Tỷ lệ giải ngân"),
            ]
        )
        _fit_first_column(self.provinces)
        self.provinces.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.provinces.verticalHeader().hide()
        self.provinces.setSortingEnabled(True)
        self.provinces.setMinimumHeight(320)
        self.provinces.hide()
        body = QWidget()
        column = QVBoxLayout(body)
        column.addLayout(header)
        column.addLayout(grid)
        column.addLayout(charts)
        column.addLayout(tables)
        column.addWidget(self.provinces)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        ctx.runner.changed.connect(lambda _tables: self.refresh() if self.isVisible() else None)
        self._loaded = False

    def activate(self) -> None:
        if not self._loaded:
            self._loaded = True
            self.refresh()

    def refresh(self) -> None:
        year = int(self.year.currentData())
        self.ctx.runner.read(lambda session: overview(session, year), self._show)

    def _show(self, data: Overview) -> None:
        v = self.values
        v["facilities"].setText(format_money(data.facilities))
        v["proposals"].setText(format_money(data.proposals))
        v["approved"].setText(format_money(data.approved_support))
        v["advanced"].setText(format_money(data.advanced))
        v["disbursed"].setText(format_money(data.disbursed))
        v["rate"].setText(f"{format_number(round(data.disbursement_percent, 1))} %")
        v["courses"].setText(format_money(data.courses))
        v["enrolments"].setText(format_money(data.enrolments))
        v["trainees"].setText(format_money(data.trainees))
        self._status_chart(data)
        self._group_chart(data)
        self.targets.setRowCount(len(data.targets))
        for r, (name, unit, target) in enumerate(data.targets):
            for c, text in enumerate((name, unit, format_money(target))):
                item = QTableWidgetItem(text)
                if c == 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.targets.setItem(r, c, item)
        self.done.setRowCount(len(data.done_by_report_group))
        for r, (group, count) in enumerate(data.done_by_report_group):
            self.done.setItem(r, 0, QTableWidgetItem(group))
            item = QTableWidgetItem(format_money(count))
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.done.setItem(r, 1, item)
        self._show_provinces(data)

    def _show_provinces(self, data: Overview) -> None:
        self.provinces.setVisible(bool(data.by_province))
        self.provinces.setSortingEnabled(False)
        self.provinces.setRowCount(len(data.by_province))
        for r, line in enumerate(data.by_province):
            name = _Figure(line.name)
            name.setData(Qt.ItemDataRole.UserRole, fold(line.name))  # Đắk Lắk sorts with the D's
            self.provinces.setItem(r, 0, name)
            figures = (line.facilities, line.proposals, line.approved_support, line.advanced, line.disbursed)
            shown = [format_money(n) for n in figures] + [f"{format_number(round(line.disbursement_percent, 1))} %"]
            for c, (text, value) in enumerate(zip(shown, (*figures, line.disbursement_percent), strict=True), 1):
                item = _Figure(text)
                item.setData(Qt.ItemDataRole.UserRole, value)
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.provinces.setItem(r, c, item)
        self.provinces.setSortingEnabled(True)

    def _status_chart(self, data: Overview) -> None:
        chart = QChart()
        chart.setTitle(self.tr("Đề án năm %1 theo trạng thái").replace("%1", str(data.year)))
        bars = QBarSet(self.tr("Số đề án"))
        labels = []
        for status, count in data.by_status:
            bars.append(count)
            labels.append(status.label)
        series = QHorizontalBarSeries()
        series.append(bars)
        chart.addSeries(series)
        axis_y = QBarCategoryAxis()
        axis_y.append(labels)
        axis_y.setTruncateLabels(False)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_y)
        axis_x = QValueAxis()
        axis_x.setLabelFormat("%d")
        axis_x.setRange(0, max([c for _s, c in data.by_status] + [1]))
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(axis_x)
        chart.legend().hide()
        self.status_chart.setChart(chart)

    def _group_chart(self, data: Overview) -> None:
        chart = QChart()
        chart.setTitle(self.tr("Đề án năm %1 theo nhóm nội dung").replace("%1", str(data.year)))
        bars = QBarSet(self.tr("Số đề án"))
        labels = []
        for n, (_name, count, _support) in enumerate(data.by_content_group, start=1):
            bars.append(count)
            labels.append(f"{n}")
        series = QBarSeries()
        series.append(bars)
        chart.addSeries(series)
        axis_x = QBarCategoryAxis()
        axis_x.append(labels or ["-"])
        axis_x.setTitleText(self.tr("Nhóm nội dung (xem chú thích)"))
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(axis_x)
        axis_y = QValueAxis()
        axis_y.setLabelFormat("%d")
        axis_y.setRange(0, max([c for _n, c, _s in data.by_content_group] + [1]))
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_y)
        chart.legend().hide()
        self.group_chart.setChart(chart)
        legend = "\n".join(f"{n}. {name}" for n, (name, _c, _s) in enumerate(data.by_content_group, start=1))
        self.group_chart.setToolTip(legend)
