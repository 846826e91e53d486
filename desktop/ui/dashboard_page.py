"""Tổng quan: the year's figures at a glance — the programme's targets with their results, the disbursement
against the plan, the proposals by status and by content group."""

from __future__ import annotations

import html
import math
import textwrap
from datetime import date

from PySide6.QtCharts import (
    QAbstractSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QLocale, QMargins, QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.money import format_money, format_number
from desktop.core.text import fold
from desktop.services.dashboard import Disbursement, Money, Overview, TargetProgress, overview
from desktop.services.programme_targets import ProgrammeForm, own_programme
from desktop.store.changes import Changes
from desktop.ui.context import AppContext

MILLION = 1_000_000
WIDE = 1200
"""Width from which the disbursement chart and its quarters stand side by side."""
ROW_HEIGHT = 24
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
PERCENT_ROLE = Qt.ItemDataRole.UserRole + 1
LOCALE = QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam)
DONE_COLOUR, BAR_COLOUR, TRACK_COLOUR = QColor("#2e7d32"), QColor("#1e88e5"), QColor("#e3e8ef")
PLAN_COLOUR, ADVANCE_COLOUR, PAID_COLOUR = QColor("#8d99a6"), QColor("#f0b429"), QColor("#1e88e5")


def _card(title: str, tip: str) -> tuple[QFrame, QLabel]:
    frame = QFrame()
    frame.setObjectName("card")
    frame.setToolTip(tip)
    frame.setStyleSheet("#card { background: white; border: 1px solid #d5dbe3; border-radius: 6px; }")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(10, 6, 10, 6)
    layout.setSpacing(2)
    caption = QLabel(title)
    caption.setStyleSheet("color: #5a6573;")
    caption.setWordWrap(True)
    value = QLabel("…")
    value.setStyleSheet("font-size: 18px; font-weight: 600; color: #1d3b5c;")
    layout.addWidget(caption)
    layout.addWidget(value)
    return frame, value


def _count(value: int | None) -> str:
    return "—" if value is None else format_money(value)


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{format_number(round(value, 1))} %"


def nice_axis(top: float, *, least: float = 5) -> tuple[float, int]:
    """(maximum, tick count) of a value axis from 0 that holds ``top``: ticks at round steps (1, 2 or 5 times
    a power of ten), so a count never shows 0,4 and an empty year still draws 0 to ``least``."""
    top = max(top, least)
    rough = top / 5
    power = 10 ** math.floor(math.log10(rough))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= rough)
    steps = math.ceil(top / step - 1e-9)
    return steps * step, steps + 1


def _value_axis(top: float, *, least: float = 5, title: str = "") -> QValueAxis:
    axis = QValueAxis()
    maximum, ticks = nice_axis(top, least=least)
    axis.setRange(0, maximum)
    axis.setTickCount(ticks)
    axis.setLabelFormat("%.0f")
    if title:
        axis.setTitleText(title)
    return axis


def _chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    chart.setLocalizeNumbers(True)  # 1.500 triệu, as Vietnamese writes it
    chart.setLocale(LOCALE)
    chart.setMargins(QMargins(6, 4, 12, 4))
    return chart


def axis_label(name: str, width: int = 56, lines: int = 2) -> str:
    """A long group name on a few short lines of a chart's axis (which reads HTML line breaks)."""
    wrapped = textwrap.wrap(name, width, max_lines=lines, placeholder=" …")
    return "<br>".join(html.escape(line) for line in wrapped)


class ProgressDelegate(QStyledItemDelegate):
    """A bar filled to the share of the target achieved (green once reached), the percentage written on it."""

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        percent = index.data(PERCENT_ROLE)
        if percent is None:
            super().paint(painter, option, index)
            return
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(option.rect, option.palette.highlight())
        rect: QRect = option.rect.adjusted(4, 5, -4, -5)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(TRACK_COLOUR)
        painter.drawRoundedRect(rect, 3, 3)
        filled = QRect(rect)
        filled.setWidth(round(rect.width() * min(float(percent), 100.0) / 100.0))
        painter.setBrush(DONE_COLOUR if float(percent) >= 100 else BAR_COLOUR)
        if filled.width() > 0:
            painter.drawRoundedRect(filled, 3, 3)
        painter.setPen(QColor("#10202f"))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(index.data(Qt.ItemDataRole.DisplayRole)))
        painter.restore()


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
    table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
    table.verticalHeader().hide()
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)


def _fit_height(table: QTableWidget) -> None:
    """As tall as its rows: the page scrolls, not each table inside it."""
    height = table.horizontalHeader().height() + 2 * table.frameWidth()
    height += sum(table.rowHeight(r) for r in range(table.rowCount()))
    table.setFixedHeight(height + 2)


def _cell(text: str, *, right: bool = False, bold: bool = False, tip: str = "") -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if right:
        item.setTextAlignment(RIGHT)
    if bold:
        font = QFont(item.font())
        font.setBold(True)
        item.setFont(font)
    if tip:
        item.setToolTip(tip)
    return item


class DashboardPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.data: Overview | None = None
        self.year = QComboBox()
        this_year = date.today().year
        for y in range(this_year + 1, 2013, -1):  # next year too: its proposals are drafted this year
            self.year.addItem(str(y), y)
        self.year.setCurrentIndex(self.year.findData(this_year))
        self.year.currentIndexChanged.connect(lambda _i: self.refresh())
        self.edit_targets = QPushButton(self.tr("Nhập chỉ tiêu chương trình…"))
        self.edit_targets.setToolTip(
            self.tr("Chỉ tiêu chương trình khuyến công của tỉnh cho giai đoạn của năm đang xem")
        )
        self.edit_targets.clicked.connect(self.open_programme)
        header = QHBoxLayout()
        title = QLabel(self.tr("Tổng quan năm"))
        title.setStyleSheet("font-size: 16px; font-weight: 600;")
        header.addWidget(title)
        header.addWidget(self.year)
        header.addStretch(1)
        header.addWidget(self.edit_targets)
        body = QWidget()
        column = QVBoxLayout(body)
        column.addLayout(header)
        column.addLayout(self._cards())
        column.addWidget(self._targets_section())
        column.addLayout(self._money_section())
        column.addLayout(self._charts_section())
        column.addWidget(self._provinces_table())
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        ctx.runner.changed.connect(self._changed)
        self._loaded = False
        self._stale = False  # a write made while another page was shown: the figures are read on return

    def _cards(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setSpacing(8)
        self.values: dict[str, QLabel] = {}
        to_date = self.tr(
            "Các đề án của kế hoạch năm, tính đến hôm nay. Báo cáo định kỳ của năm tính đến hết ngày cuối kỳ,"
            " nên số ở đó có thể nhỏ hơn khi có khoản quyết toán sau kỳ."
        )
        cards = [
            (
                "facilities",
                self.tr("Cơ sở CNNT đang quản lý"),
                self.tr("Mọi cơ sở trong dữ liệu, không kể cơ sở đã xóa; không phụ thuộc năm đang xem."),
            ),
            (
                "proposals",
                self.tr("Đề án kế hoạch năm"),
                self.tr("Các đề án có năm kế hoạch là năm đang xem, ở mọi bước (kể cả bản nháp và đề án bị từ chối)."),
            ),
            (
                "accepted",
                self.tr("Đề án nghiệm thu trong năm"),
                self.tr(
                    "Mọi đề án có biên bản nghiệm thu ghi ngày trong năm, kể cả đề án của kế hoạch năm trước. Báo"
                    " cáo định kỳ đếm các đề án của kế hoạch năm được nghiệm thu trong kỳ."
                ),
            ),
            (
                "courses",
                self.tr("Lớp đào tạo kết thúc trong năm"),
                self.tr("Các lớp có ngày kết thúc trong năm đang xem, không kể lớp đã xóa."),
            ),
            (
                "certified",
                self.tr("Học viên được cấp chứng chỉ"),
                self.tr("Học viên được cấp chứng chỉ của các lớp kết thúc trong năm đang xem."),
            ),
            ("approved", self.tr("Kinh phí khuyến công đã duyệt (đồng)"), to_date),
            ("advanced", self.tr("Đã tạm ứng (đồng)"), to_date),
            ("disbursed", self.tr("Đã giải ngân — quyết toán (đồng)"), to_date),
            ("remaining", self.tr("Chưa giải ngân (đồng)"), to_date),
            ("rate", self.tr("Tỷ lệ giải ngân"), to_date),
        ]
        for n, (key, caption, tip) in enumerate(cards):
            frame, value = _card(caption, tip)
            self.values[key] = value
            grid.addWidget(frame, n // 5, n % 5)
        return grid

    def _targets_section(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 8, 0, 0)
        self.targets_title = QLabel()
        self.targets_title.setStyleSheet("font-size: 14px; font-weight: 600;")
        self.targets_title.setWordWrap(True)
        self.no_targets = QLabel()
        self.no_targets.setWordWrap(True)
        self.no_targets.setStyleSheet("color: #5a6573;")
        self.targets = QTableWidget(0, 6)
        self.targets.setHorizontalHeaderLabels(
            [
                self.tr("Chỉ tiêu"),
                self.tr("Đơn vị"),
                self.tr("Mục tiêu giai đoạn"),
                self.tr("Kết quả năm"),
                self.tr("Lũy kế giai đoạn"),
                self.tr("Tỷ lệ đạt"),
            ]
        )
        _fit_first_column(self.targets)
        self.targets.setWordWrap(True)  # a long indicator's name on two lines on a narrow screen, not cut
        self.targets.horizontalHeader().sectionResized.connect(lambda *_args: self._fit_targets())
        self.targets.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Fixed)
        self.targets.setColumnWidth(5, 180)
        self.targets.setItemDelegateForColumn(5, ProgressDelegate(self.targets))
        self.targets.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.targets.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout.addWidget(self.targets_title)
        layout.addWidget(self.no_targets)
        layout.addWidget(self.targets)
        return box

    def _money_section(self) -> QBoxLayout:
        self.money_chart = QChartView()
        self.money_chart.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.money_chart.setMinimumHeight(330)
        self.quarters = QTableWidget(0, 5)
        self.quarters.setHorizontalHeaderLabels(
            [
                self.tr("Kỳ"),
                self.tr("Kế hoạch (đồng)"),
                self.tr("Tạm ứng (đồng)"),
                self.tr("Giải ngân (đồng)"),
                self.tr("Lũy kế đạt"),
            ]
        )
        _fit_first_column(self.quarters)
        rate_header = QTableWidgetItem(self.tr("Lũy kế đạt"))
        rate_header.setToolTip(self.tr("Giải ngân lũy kế từ đầu năm đến hết kỳ, so với kế hoạch lũy kế"))
        self.quarters.setHorizontalHeaderItem(4, rate_header)
        self.quarters.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.quarters.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.plan_note = QLabel(
            self.tr(
                "Kế hoạch: kinh phí khuyến công được duyệt của mỗi đề án, đến hạn vào tháng kết thúc theo tiến độ"
                " được duyệt (chậm nhất tháng 12). Giải ngân: số đã quyết toán; tạm ứng chưa tính là giải ngân."
            )
        )
        self.plan_note.setWordWrap(True)
        self.plan_note.setStyleSheet("color: #5a6573;")
        side = QVBoxLayout()
        side.addWidget(self.quarters)
        side.addWidget(self.plan_note)
        side.addStretch(1)
        self.money_row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.money_row.addWidget(self.money_chart, 3)
        self.money_row.addLayout(side, 2)
        return self.money_row

    def resizeEvent(self, event: QResizeEvent) -> None:
        # A narrow screen (1024 px) puts the quarters under the chart: side by side, their amounts would not fit.
        wide = event.size().width() >= WIDE
        self.money_row.setDirection(QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom)
        super().resizeEvent(event)

    def _charts_section(self) -> QVBoxLayout:
        # Each chart the page's full width: the content groups' names are long, and the steps read as a line.
        self.group_chart = QChartView()
        self.group_chart.setMinimumHeight(440)
        self.status_chart = QChartView()
        self.status_chart.setMinimumHeight(300)
        charts = QVBoxLayout()
        for view in (self.group_chart, self.status_chart):
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            charts.addWidget(view)
        return charts

    def _provinces_table(self) -> QTableWidget:
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
        self.provinces.setSortingEnabled(True)
        self.provinces.setMinimumHeight(320)
        self.provinces.hide()
        return self.provinces

    def activate(self) -> None:
        if not self._loaded or self._stale:
            self._loaded, self._stale = True, False
            self.refresh()

    def _changed(self, _changed: Changes) -> None:
        """Any write may change a figure: read them again now if shown, else when the page is next shown."""
        if self.isVisible():
            self.refresh()
        elif self._loaded:
            self._stale = True

    def refresh(self) -> None:
        year = int(self.year.currentData())
        self.ctx.runner.read(lambda session: overview(session, year), self._show)

    def open_programme(self) -> None:
        """The targets editor for the centre's programme of the year shown (a new one for its period)."""
        from desktop.ui.programme_dialog import ProgrammeDialog

        year, province = int(self.year.currentData()), self.ctx.settings.province_code

        def show(form: ProgrammeForm) -> None:
            for earlier in self.findChildren(ProgrammeDialog):  # one editor at a time, not one kept per click
                earlier.deleteLater()
            ProgrammeDialog(self.ctx, form, self).open()

        self.ctx.runner.read(lambda session: own_programme(session, province, year), show)

    def _show(self, data: Overview) -> None:
        self.data = data
        v = self.values
        v["facilities"].setText(format_money(data.facilities))
        v["proposals"].setText(format_money(data.proposals))
        v["accepted"].setText(format_money(data.accepted))
        v["courses"].setText(format_money(data.courses))
        v["certified"].setText(format_money(data.certified))
        v["approved"].setText(format_money(data.approved_support))
        v["advanced"].setText(format_money(data.advanced))
        v["disbursed"].setText(format_money(data.disbursed))
        v["remaining"].setText(format_money(data.remaining))
        v["rate"].setText(_percent(data.disbursement_percent))
        self._show_targets(data)
        if data.disbursement is not None:
            self._money_chart(data.disbursement)
            self._show_quarters(data.disbursement)
        self._status_chart(data)
        self._group_chart(data)
        self._show_provinces(data)

    def _show_targets(self, data: Overview) -> None:
        year = data.year
        programmes = list(dict.fromkeys((t.programme_name, t.period_from, t.period_to) for t in data.targets))
        if programmes:
            self.targets_title.setText(
                self.tr("Chỉ tiêu chương trình khuyến công — kết quả năm %1 và lũy kế từ đầu giai đoạn").replace(
                    "%1", str(year)
                )
            )
        else:
            self.targets_title.setText(self.tr("Chỉ tiêu chương trình khuyến công năm %1").replace("%1", str(year)))
        self.no_targets.setText(
            self.tr(
                "Chưa có chỉ tiêu của chương trình khuyến công áp dụng cho năm %1. Bấm “Nhập chỉ tiêu chương"
                " trình…” để nhập các chỉ tiêu theo quyết định phê duyệt chương trình của tỉnh."
            ).replace("%1", str(year))
        )
        self.no_targets.setVisible(not programmes)
        self.targets.setVisible(bool(programmes))
        self.targets.setHorizontalHeaderItem(3, QTableWidgetItem(self.tr("Kết quả năm %1").replace("%1", str(year))))
        self.targets.clearSpans()
        self.targets.setRowCount(0)
        shown: tuple[str, int, int] | None = None
        for target in data.targets:
            programme = (target.programme_name, target.period_from, target.period_to)
            if len(programmes) > 1 and programme != shown:
                self._programme_row(*programme)
            shown = programme
            self._target_row(target)
        self._fit_targets()

    def _fit_targets(self) -> None:
        self.targets.resizeRowsToContents()
        for row in range(self.targets.rowCount()):  # room for the bar on a one-line row
            self.targets.setRowHeight(row, max(ROW_HEIGHT, self.targets.rowHeight(row) + 4))
        _fit_height(self.targets)

    def _programme_row(self, name: str, first: int, last: int) -> None:
        row = self.targets.rowCount()
        self.targets.insertRow(row)
        self.targets.setItem(row, 0, _cell(f"{name} ({first}–{last})", bold=True))
        self.targets.setSpan(row, 0, 1, self.targets.columnCount())

    def _target_row(self, target: TargetProgress) -> None:
        row = self.targets.rowCount()
        self.targets.insertRow(row)
        missing = "" if target.measured else self.tr("Hồ sơ không tách được kết quả của chỉ tiêu này")
        cells = (
            _cell(target.name, tip=f"{target.programme_name} ({target.period_from}–{target.period_to})"),
            _cell(target.unit),
            _cell(format_money(target.target), right=True),
            _cell(_count(target.in_period), right=True, tip=missing),
            _cell(_count(target.to_date), right=True, tip=missing),
            _cell(_percent(target.percent), right=True, tip=missing),
        )
        cells[5].setData(PERCENT_ROLE, target.percent)
        for column, item in enumerate(cells):
            self.targets.setItem(row, column, item)

    def _money_chart(self, money: Disbursement) -> None:
        periods = list(money.months) + ([money.after] if money.after.advanced or money.after.disbursed else [])
        chart = _chart(
            self.tr("Giải ngân năm %1 theo tháng so với kế hoạch (triệu đồng)").replace("%1", str(money.year))
        )
        bars = QBarSeries()
        advanced, disbursed = QBarSet(self.tr("Tạm ứng trong tháng")), QBarSet(self.tr("Giải ngân trong tháng"))
        advanced.setColor(ADVANCE_COLOUR)
        disbursed.setColor(PAID_COLOUR)
        for period in periods:
            advanced.append(period.advanced / MILLION)
            disbursed.append(period.disbursed / MILLION)
        bars.append(advanced)
        bars.append(disbursed)
        plan_line, paid_line = QLineSeries(), QLineSeries()
        plan_line.setName(self.tr("Kế hoạch lũy kế"))
        paid_line.setName(self.tr("Giải ngân lũy kế"))
        plan_line.setColor(PLAN_COLOUR)
        paid_line.setColor(DONE_COLOUR)
        running = Disbursement.running(periods)
        for n, (planned, paid) in enumerate(running):
            plan_line.append(n, planned / MILLION)
            paid_line.append(n, paid / MILLION)
        labels = [self.tr("T%1").replace("%1", str(n + 1)) for n in range(12)]
        labels += [self.tr("Sau<br>năm")] * (len(periods) - 12)  # two short lines: the months keep their labels
        top = max([p.advanced for p in periods] + [max(r) for r in running] + [0]) / MILLION
        self._attach(chart, [bars, plan_line, paid_line], labels, _value_axis(top), vertical=True)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.money_chart.setChart(chart)

    def _show_quarters(self, money: Disbursement) -> None:
        periods = list(money.quarters)
        if money.after.advanced or money.after.disbursed:
            periods.append(Money(self.tr("Sau năm %1").replace("%1", str(money.year)), *_amounts(money.after)))
        year = Money.total(self.tr("Cả năm"), [*money.quarters, money.after])
        running = Disbursement.running(periods)
        self.quarters.setRowCount(0)
        for period, (planned, paid) in [*zip(periods, running, strict=True), (year, running[-1])]:
            row = self.quarters.rowCount()
            self.quarters.insertRow(row)
            bold = period is year
            figures = (period.planned, period.advanced, period.disbursed)
            cells = [_cell(period.label, bold=bold)] + [_cell(format_money(n), right=True, bold=bold) for n in figures]
            cells.append(_cell(_percent(100.0 * paid / planned if planned else None), right=True, bold=bold))
            for column, item in enumerate(cells):
                self.quarters.setItem(row, column, item)
        _fit_height(self.quarters)

    def _attach(
        self,
        chart: QChart,
        series: list[QAbstractSeries],
        labels: list[str],
        values: QValueAxis,
        *,
        vertical: bool,
    ) -> None:
        """Categories on one axis (names kept whole), values from 0 on the other."""
        for one in series:
            chart.addSeries(one)
        categories = QBarCategoryAxis()
        categories.append(labels)
        categories.setTruncateLabels(False)
        chart.addAxis(categories, Qt.AlignmentFlag.AlignBottom if vertical else Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(values, Qt.AlignmentFlag.AlignLeft if vertical else Qt.AlignmentFlag.AlignBottom)
        for one in series:
            one.attachAxis(categories)
            one.attachAxis(values)

    def _status_chart(self, data: Overview) -> None:
        chart = _chart(self.tr("Đề án năm %1 theo bước thực hiện").replace("%1", str(data.year)))
        bars = QBarSet(self.tr("Số đề án"))
        bars.setColor(BAR_COLOUR)
        bars.append([float(count) for _status, count in data.by_status])
        series = QBarSeries()
        series.append(bars)
        series.setLabelsVisible(True)
        labels = [axis_label(status.label, 10) for status, _count in data.by_status]  # fits 1024 px
        top = max([count for _status, count in data.by_status] + [0])
        self._attach(chart, [series], labels, _value_axis(top), vertical=True)
        chart.legend().hide()
        self.status_chart.setChart(chart)

    def _group_chart(self, data: Overview) -> None:
        chart = _chart(self.tr("Đề án năm %1 theo nhóm nội dung khuyến công").replace("%1", str(data.year)))
        labels = [axis_label(name) for name, _count, _support in data.by_content_group]
        self._horizontal(chart, labels, [count for _name, count, _support in data.by_content_group])
        self.group_chart.setChart(chart)
        self.group_chart.setToolTip(
            "\n".join(
                self.tr("%1: %2 đề án, %3 đồng")
                .replace("%1", name)
                .replace("%2", format_money(count))
                .replace("%3", format_money(support))
                for name, count, support in data.by_content_group
            )
        )

    def _horizontal(self, chart: QChart, labels: list[str], counts: list[int]) -> None:
        """Counts of proposals as bars, each named on the axis, the first at the top (Qt draws from the
        bottom); the axis keeps its categories and a 0 to 5 scale in a year with none."""
        bars = QBarSet(self.tr("Số đề án"))
        bars.setColor(BAR_COLOUR)
        bars.append([float(c) for c in reversed(counts)])
        series = QHorizontalBarSeries()
        series.append(bars)
        series.setLabelsVisible(True)
        self._attach(chart, [series], list(reversed(labels)) or ["—"], _value_axis(max([*counts, 0])), vertical=False)
        chart.legend().hide()

    def _show_provinces(self, data: Overview) -> None:
        self.provinces.setVisible(bool(data.by_province))
        self.provinces.setSortingEnabled(False)
        self.provinces.setRowCount(len(data.by_province))
        for r, line in enumerate(data.by_province):
            name = _Figure(line.name)
            name.setData(Qt.ItemDataRole.UserRole, fold(line.name))  # Đắk Lắk sorts with the D's
            self.provinces.setItem(r, 0, name)
            figures = (line.facilities, line.proposals, line.approved_support, line.advanced, line.disbursed)
            shown = [format_money(n) for n in figures] + [_percent(line.disbursement_percent)]
            for c, (text, value) in enumerate(zip(shown, (*figures, line.disbursement_percent), strict=True), 1):
                item = _Figure(text)
                item.setData(Qt.ItemDataRole.UserRole, value)
                item.setTextAlignment(RIGHT)
                self.provinces.setItem(r, c, item)
        self.provinces.setSortingEnabled(True)


def _amounts(money: Money) -> tuple[int, int, int]:
    return money.planned, money.advanced, money.disbursed
