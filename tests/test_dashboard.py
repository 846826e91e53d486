"""Tổng quan: the targets of the programme in force with each indicator's result in its own unit (people from
course rosters, machines from budget lines, products from voting), counted in the year shown; the
disbursement by month and quarter against the plan; sensible axes on an empty database; the national view
lists each province when the database holds several (the ministry)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCharts import QBarCategoryAxis, QChartView, QLineSeries, QValueAxis
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidget, QTableWidgetItem
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core.validation import FieldError
from desktop.models import (
    Acceptance,
    Advance,
    BudgetLine,
    Enrolment,
    Facility,
    Juror,
    Product,
    ProgrammeTarget,
    Proposal,
    ProposalBeneficiary,
    Score,
    Settlement,
    Trainee,
    TrainingCourse,
    VotingEntry,
    VotingRound,
)
from desktop.models.enums import (
    AcceptanceConclusion,
    AcceptanceForm,
    CourseKind,
    FundingKind,
    Gender,
    ProductGroup,
    ProposalStatus,
    VotingLevel,
)
from desktop.services import settings
from desktop.services.dashboard import overview, programme_targets
from desktop.services.programme_targets import ProgrammeForm, own_programme, save_programme
from desktop.store.db import Database
from desktop.ui.context import AppContext
from desktop.ui.dashboard_page import PERCENT_ROLE, DashboardPage, ProgressDelegate, nice_axis
from desktop.ui.programme_dialog import ProgrammeDialog
from tests.conftest import commune, make_facility
from tests.qt_fixtures import wait_idle

M = 1_000_000
P = "48"  # the centre of the Qt fixtures: Đà Nẵng
USER = Qt.ItemDataRole.UserRole

# The centre's 2026–2030 programme: a target per indicator, one the records cannot measure.
TARGETS_2026 = {
    "may_moc_thiet_bi": 100,
    "co_so_may_moc": 50,
    "mo_hinh_trinh_dien": 10,
    "lao_dong_dao_tao": 400,
    "hoc_vien_khoi_su": 100,
    "binh_chon_tinh": 5,
    "san_pham_tieu_bieu_tinh": 20,
    "giang_vien_sxsh": 30,
}


def _proposal(code: str, activity: str, status: ProposalStatus, year: int, support: int, end: date) -> Proposal:
    return Proposal(
        code=code,
        title=f"Đề án {code}",
        plan_year=year,
        funding=FundingKind.KCDP,
        activity_type_code=activity,
        province_code=P,
        status=status,
        approved_support=support,
        start_date=date(year, 2, 1),
        end_date=end,
    )


def _line(n: int, item: str, unit: str, quantity: int) -> BudgetLine:
    amount = quantity * 10 * M
    return BudgetLine(
        position=n,
        item=item,
        unit=unit,
        quantity=quantity,
        unit_price=10 * M,
        amount=amount,
        support_amount=amount // 2,
        counterpart_amount=amount - amount // 2,
        other_amount=0,
        province_code=P,
    )


def _accept(proposal: Proposal, on: date) -> None:
    proposal.acceptances.append(
        Acceptance(
            form=AcceptanceForm.MAU_5B,
            accepted_on=on,
            value_accepted=proposal.approved_support or 0,
            conclusion=AcceptanceConclusion.DAT,
            province_code=P,
        )
    )


def _course(kind: CourseKind, end: date, certified: list[bool]) -> TrainingCourse:
    course = TrainingCourse(
        kind=kind, topic="Đan lát mây tre", start_date=end.replace(day=1), end_date=end, province_code=P
    )
    for n, done in enumerate(certified):
        trainee = Trainee(full_name=f"Học viên {kind.value} {n}", gender=Gender.NU, province_code=P)
        course.enrolments.append(Enrolment(trainee=trainee, certified=done, province_code=P))
    return course


def _voting(session: Session, facility: Facility) -> None:
    """A provincial round of 2026: one product averaging 77,5 (passes), one 65 (does not)."""
    rnd = VotingRound(
        level=VotingLevel.TINH, year=2026, name="Bình chọn 2026", decision_date=date(2026, 11, 20), province_code=P
    )
    jurors = [Juror(voting_round=rnd, name=f"Giám khảo {n}", province_code=P) for n in range(2)]
    for name, sheets in (("Chè búp", [(40, 30, 5, 5), (35, 30, 5, 5)]), ("Bánh tráng", [(30, 25, 5, 5)] * 2)):
        product = Product(name=name, product_group=ProductGroup.CHE_BIEN, facility_id=facility.id, province_code=P)
        entry = VotingEntry(voting_round=rnd, product=product, product_group=ProductGroup.CHE_BIEN, province_code=P)
        for juror, (a, b, c, d) in zip(jurors, sheets, strict=True):
            entry.scores.append(Score(juror=juror, market=a, technical=b, cultural=c, other=d, province_code=P))
        session.add(entry)


def fill_2026(database: Database) -> None:
    """A centre's year 2026 (and a little of 2025): machines, a demonstration model, courses, a voting round,
    money advanced and settled, and its programme 2026–2030."""
    with database.transaction() as session:
        settings.save(session, settings.CentreSettings(P, "Trung tâm Khuyến công Đà Nẵng", user_name="can-bo"))
        place = commune(session, P, "xa")
        one, two = (make_facility(session, place, name=f"Cơ sở chế biến {n}") for n in (1, 2))
        # Accepted in 2026 and settled in January 2027: 2 machines and 3 sets of equipment, and a service.
        machines = _proposal("DA-1", "may_moc_thiet_bi", ProposalStatus.SETTLED, 2026, 200 * M, date(2026, 9, 30))
        machines.budget_lines += [
            _line(1, "Máy sấy nông sản", "máy", 2),
            _line(2, "Thiết bị phụ trợ", "Bộ", 3),
            _line(3, "Lắp đặt, chạy thử", "gói", 1),
        ]
        machines.beneficiaries += [ProposalBeneficiary(facility_id=f.id, province_code=P) for f in (one, two)]
        _accept(machines, date(2026, 9, 20))
        machines.settlements.append(
            Settlement(settled_on=date(2027, 1, 15), settled_amount=200 * M, refund_amount=0, province_code=P)
        )
        # Still under way: its 4 machines are not a result yet.
        running = _proposal("DA-2", "may_moc_thiet_bi", ProposalStatus.IN_PROGRESS, 2026, 100 * M, date(2026, 12, 15))
        running.budget_lines.append(_line(1, "Máy ép viên", "máy", 4))
        running.advances.append(Advance(paid_on=date(2026, 5, 10), amount=70 * M, province_code=P))
        # Accepted in 2025: counts for 2025, not for 2026.
        earlier = _proposal("DA-0", "may_moc_thiet_bi", ProposalStatus.ACCEPTED, 2025, 150 * M, date(2025, 10, 30))
        earlier.budget_lines.append(_line(1, "Máy xay xát", "chiếc", 7))
        _accept(earlier, date(2025, 10, 1))
        model = _proposal("DA-3", "mo_hinh_trinh_dien", ProposalStatus.SETTLED, 2026, 300 * M, date(2026, 6, 30))
        model.budget_lines.append(_line(1, "Máy móc thiết bị trình diễn", "bộ", 2))  # a model, not machines
        model.advances.append(Advance(paid_on=date(2026, 3, 15), amount=90 * M, province_code=P))
        _accept(model, date(2026, 7, 5))
        model.settlements.append(
            Settlement(settled_on=date(2026, 8, 10), settled_amount=280 * M, refund_amount=20 * M, province_code=P)
        )
        session.add_all([machines, running, earlier, model])
        session.add_all(
            [
                _course(CourseKind.DAO_TAO_NGHE, date(2026, 4, 20), [True, True, False]),
                _course(CourseKind.TAP_HUAN, date(2026, 5, 10), [True, True]),
                _course(CourseKind.DAO_TAO_NGHE, date(2025, 12, 20), [True] * 4),
            ]
        )
        _voting(session, one)
        form = own_programme(session, P, 2026)
        form.targets = dict(TARGETS_2026)
        form.legal_basis = "Quyết định số 2345/QĐ-UBND ngày 20/12/2025 của UBND thành phố Đà Nẵng"
        save_programme(session, P, form)


# (indicator, result in 2026, to date, % of the target) — each in its own unit, none a count of proposals.
EXPECTED_2026 = [
    ("Máy móc thiết bị ứng dụng", "máy", 5, 5, "5 %"),
    ("Cơ sở CNNT được hỗ trợ máy móc thiết bị, dây chuyền công nghệ", "cơ sở", 2, 2, "4 %"),
    ("Mô hình trình diễn kỹ thuật", "mô hình", 1, 1, "10 %"),
    ("Lao động được đào tạo nghề", "người", 2, 2, "0,5 %"),
    ("Học viên khởi sự kinh doanh, quản trị doanh nghiệp, sản xuất sạch hơn", "người", 2, 2, "2 %"),
    ("Giảng viên, báo cáo viên về sản xuất sạch hơn", "người", None, None, "—"),
    ("Kỳ bình chọn sản phẩm CNNT tiêu biểu cấp tỉnh", "kỳ", 1, 1, "20 %"),
    ("Sản phẩm CNNT tiêu biểu cấp tỉnh được bình chọn", "sản phẩm", 1, 1, "5 %"),
]


def test_each_target_is_measured_in_its_own_unit_in_the_year_shown(database: Database) -> None:
    fill_2026(database)
    with database.session() as session:
        data = overview(session, 2026)
        earlier = {t.indicator: t for t in overview(session, 2025).targets}
    assert [(t.name, t.unit, t.in_period, t.to_date) for t in data.targets] == [e[:4] for e in EXPECTED_2026]
    assert {t.programme_name for t in data.targets} == {
        "Chương trình khuyến công thành phố Đà Nẵng giai đoạn 2026-2030"
    }
    machines = data.targets[0]
    assert machines.target == 100 and machines.percent == 5.0
    # 2025 shows the national programme 2021–2025: its own machines (7), the course that ended that year.
    assert (earlier["may_moc_thiet_bi"].in_period, earlier["may_moc_thiet_bi"].target) == (7, 1_600)
    assert earlier["lao_dong_dao_tao"].in_period == 4
    assert earlier["mo_hinh_trinh_dien"].in_period == 0  # accepted in 2026, not 2025
    # The year's cards count the year: accepted in 2026, courses that ended in 2026 and their certificates.
    assert (data.accepted, data.courses, data.enrolments, data.certified) == (2, 2, 5, 4)


def test_a_programme_starts_counting_in_its_first_year(database: Database) -> None:
    """Lũy kế adds the years of the programme up to the year shown; the year's result is that year's only."""
    fill_2026(database)
    with database.transaction() as session:
        later = _proposal("DA-9", "may_moc_thiet_bi", ProposalStatus.ACCEPTED, 2027, 90 * M, date(2027, 5, 1))
        later.budget_lines.append(_line(1, "Máy đóng gói", "máy", 3))
        _accept(later, date(2027, 4, 2))
        session.add(later)
    with database.session() as session:
        machines = programme_targets(session, date(2027, 1, 1), date(2027, 12, 31))[0]
        quarter = programme_targets(session, date(2026, 7, 1), date(2026, 9, 30))[0]
    assert (machines.in_period, machines.to_date) == (3, 8) and machines.percent == 8.0
    assert (quarter.in_period, quarter.to_date) == (5, 5)


def test_disbursement_by_month_and_quarter_against_the_plan(database: Database) -> None:
    """Each proposal's approved support is due in the month its schedule ends; disbursed is what was settled,
    in the month it was settled; money settled after the year is shown apart, not lost."""
    fill_2026(database)
    with database.session() as session:
        money = overview(session, 2026).disbursement
    assert money is not None
    planned = {m.label: m.planned // M for m in money.months if m.planned}
    assert planned == {"Tháng 6": 300, "Tháng 9": 200, "Tháng 12": 100}
    assert [(m.label, m.advanced // M) for m in money.months if m.advanced] == [("Tháng 3", 90), ("Tháng 5", 70)]
    assert [(m.label, m.disbursed // M) for m in money.months if m.disbursed] == [("Tháng 8", 280)]
    assert (money.after.label, money.after.disbursed) == ("Sau năm 2026", 200 * M)
    quarters = [(q.label, q.planned // M, q.advanced // M, q.disbursed // M) for q in money.quarters]
    assert quarters == [("Quý I", 0, 90, 0), ("Quý II", 300, 70, 0), ("Quý III", 200, 0, 280), ("Quý IV", 100, 0, 0)]
    running = [(p // M, d // M) for p, d in money.running([*money.quarters, money.after])]
    assert running == [(0, 0), (300, 0), (500, 280), (600, 280), (600, 480)]
    assert (money.planned, money.disbursed) == (600 * M, 480 * M)


def test_a_centre_saves_its_programme_and_clears_a_target(database: Database) -> None:
    fill_2026(database)
    with database.transaction() as session:
        form = own_programme(session, P, 2028)  # the programme in force, to correct
        assert form.stored and form.targets == TARGETS_2026 and (form.period_from, form.period_to) == (2026, 2030)
        form.targets.pop("giang_vien_sxsh")
        form.targets["may_moc_thiet_bi"] = 120
        assert save_programme(session, P, form) == len(TARGETS_2026) - 1
    with database.transaction() as session:
        form = own_programme(session, P, 2026)
        form.targets["giang_vien_sxsh"] = 25  # entered again: the same row comes back
        save_programme(session, P, form)
        rows = session.scalars(select(ProgrammeTarget).where(ProgrammeTarget.province_code == P)).all()
        assert len(rows) == len(TARGETS_2026)
        assert {r.indicator: r.target for r in rows if r.deleted_at is None}["may_moc_thiet_bi"] == 120
        blank = ProgrammeForm("CTKC-48-2031-2035", "Chương trình 2031-2035", 2031, 2035)
        with pytest.raises(FieldError, match="ít nhất một chỉ tiêu"):
            save_programme(session, P, blank)
        clash = ProgrammeForm("CTKC-48-2028-2032", "Chương trình khác", 2028, 2032, targets={"nhan_hieu": 5})
        with pytest.raises(FieldError, match="trùng"):
            save_programme(session, P, clash)


def test_nice_axes_show_whole_steps() -> None:
    assert nice_axis(0) == (5, 6)  # an empty year: 0 to 5 in steps of 1
    assert nice_axis(11) == (15, 4)  # steps of 5, never 2,2 or 4,4
    assert nice_axis(23) == (25, 6)
    assert nice_axis(7_653.66) == (8_000, 5)


def _categories(view: QChartView) -> list[str]:
    chart = view.chart()
    axis = next(a for a in chart.axes() if isinstance(a, QBarCategoryAxis))
    return [c.replace("<br>", " ") for c in axis.categories()]


def _values_axis(view: QChartView) -> QValueAxis:
    return next(a for a in view.chart().axes() if isinstance(a, QValueAxis))


def _open(qtbot: QtBot, ctx: AppContext, year: int) -> DashboardPage:
    page = DashboardPage(ctx)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.year.setCurrentIndex(page.year.findData(year))
    page.show()
    page.activate()
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: page.data is not None and page.data.year == year, timeout=5_000)
    return page


def _text(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    return item.text() if item is not None else ""


def _rows(table: QTableWidget) -> list[list[str]]:
    return [[_text(table, r, c) for c in range(table.columnCount())] for r in range(table.rowCount())]


@pytest.mark.usefixtures("qapp")
def test_the_dashboard_shows_each_target_with_its_result_percent_and_bar(qtbot: QtBot, ctx: AppContext) -> None:
    fill_2026(ctx.runner.database)
    page = _open(qtbot, ctx, 2026)
    assert page.no_targets.isHidden() and not page.targets.isHidden()
    header = page.targets.horizontalHeaderItem(3)
    assert header is not None and header.text() == "Kết quả năm 2026"
    shown = [(r[0], r[1], r[3], r[4], r[5]) for r in _rows(page.targets)]
    assert shown == [
        (n, u, "—" if y is None else str(y), "—" if t is None else str(t), p) for n, u, y, t, p in EXPECTED_2026
    ]
    assert isinstance(page.targets.itemDelegateForColumn(5), ProgressDelegate)
    bar = page.targets.item(0, 5)
    assert bar is not None and bar.data(PERCENT_ROLE) == pytest.approx(5.0)
    assert page.values["accepted"].text() == "2" and page.values["certified"].text() == "4"
    assert page.values["rate"].text() == "80 %" and page.values["remaining"].text() == "120.000.000"
    # Group names on the chart's axis, in the order of NĐ 45/2012 Điều 4 from the top.
    groups = _categories(page.group_chart)
    assert groups[-1] == "Đào tạo nghề, truyền nghề" and len(groups) == 12
    assert (
        "Mô hình trình diễn kỹ thuật, chuyển giao công nghệ, ứng dụng máy móc thiết bị tiên tiến, sản xuất sạch hơn"
        in groups
    )
    # Disbursement: by month on the chart, by quarter in the table, each against the plan.
    assert _categories(page.money_chart)[-1] == "Sau năm"
    lines = {s.name(): s for s in page.money_chart.chart().series() if isinstance(s, QLineSeries)}
    assert [p.y() for p in lines["Kế hoạch lũy kế"].points()][5:9] == [300, 300, 300, 500]
    assert [p.y() for p in lines["Giải ngân lũy kế"].points()][-1] == 480
    assert _rows(page.quarters) == [
        ["Quý I", "0", "90.000.000", "0", "—"],
        ["Quý II", "300.000.000", "70.000.000", "0", "0 %"],
        ["Quý III", "200.000.000", "0", "280.000.000", "56 %"],
        ["Quý IV", "100.000.000", "0", "0", "46,7 %"],
        ["Sau năm 2026", "0", "0", "200.000.000", "80 %"],
        ["Cả năm", "600.000.000", "160.000.000", "480.000.000", "80 %"],
    ]


@pytest.mark.usefixtures("qapp")
def test_an_empty_year_shows_zeros_and_sensible_axes(qtbot: QtBot, ctx: AppContext) -> None:
    page = _open(qtbot, ctx, 2026)
    assert {page.values[k].text() for k in ("facilities", "proposals", "accepted", "certified", "disbursed")} == {"0"}
    assert page.values["rate"].text() == "0 %"
    # No programme in force in 2026 yet (2021–2025 has ended): said so, with what to do.
    assert not page.no_targets.isHidden() and page.targets.isHidden()
    assert "2026" in page.no_targets.text() and "Nhập chỉ tiêu chương trình" in page.no_targets.text()
    assert len(_categories(page.group_chart)) == 12 and len(_categories(page.status_chart)) == 10
    assert _categories(page.money_chart) == [f"T{n}" for n in range(1, 13)]
    for view in (page.group_chart, page.status_chart, page.money_chart):
        axis = _values_axis(view)
        assert (axis.min(), axis.max(), axis.tickCount()) == (0, 5, 6)
    assert [r[0] for r in _rows(page.quarters)] == ["Quý I", "Quý II", "Quý III", "Quý IV", "Cả năm"]
    # Each card says on hover how its figure is counted (the year shown, what is left out).
    cards = {key: value.parentWidget() for key, value in page.values.items()}
    assert all(card is not None and len(card.toolTip()) > 40 for card in cards.values()), cards
    assert "không kể cơ sở đã xóa" in cards["facilities"].toolTip()  # type: ignore[union-attr]


@pytest.mark.usefixtures("qapp")
def test_the_centre_enters_its_programme_from_the_dashboard(qtbot: QtBot, ctx: AppContext) -> None:
    page = _open(qtbot, ctx, 2026)
    page.edit_targets.click()
    qtbot.waitUntil(lambda: page.findChild(ProgrammeDialog) is not None, timeout=5_000)
    dialog = page.findChild(ProgrammeDialog)
    assert dialog is not None
    assert dialog.name.text() == "Chương trình khuyến công thành phố Đà Nẵng giai đoạn 2026-2030"
    assert (dialog.period_from.value(), dialog.period_to.value()) == (2026, 2030)
    table = dialog.table

    def type_target(code: str, text: str) -> None:
        row = next(r for r in range(table.rowCount()) if (table.item(r, 0) or QTableWidgetItem()).data(USER) == code)
        table.setItem(row, 2, QTableWidgetItem(text))

    type_target("may_moc_thiet_bi", "1.600")
    type_target("lao_dong_dao_tao", "nhiều")
    dialog.submit()
    assert "Lao động được đào tạo nghề" in dialog.message.text()
    type_target("lao_dong_dao_tao", "2 000")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.result() == ProgrammeDialog.DialogCode.Accepted, timeout=5_000)
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: page.targets.rowCount() == 2, timeout=5_000)
    assert [(r[0], r[2], r[5]) for r in _rows(page.targets)] == [
        ("Máy móc thiết bị ứng dụng", "1.600", "0 %"),
        ("Lao động được đào tạo nghề", "2.000", "0 %"),
    ]


def test_one_line_per_province_only_when_there_are_several(database: Database) -> None:
    def proposal(province: str, code: str, support: int | None) -> Proposal:
        return Proposal(
            code=code,
            title="Hỗ trợ máy móc",
            plan_year=2026,
            funding=FundingKind.KCDP,
            activity_type_code="may_moc_thiet_bi",
            province_code=province,
            status=ProposalStatus.APPROVED if support else ProposalStatus.DRAFT,
            approved_support=support,
        )

    with database.transaction() as session:
        make_facility(session, commune(session, "48", "xa"))
        session.add(proposal("48", "DA-48-1", 300_000_000))
    with database.session() as session:
        assert overview(session, 2026).by_province == []  # a centre's own PC: no national table
    with database.transaction() as session:
        for n in range(2):
            make_facility(session, commune(session, "66", "xa"), name=f"Cơ sở cà phê {n}")
        session.add(proposal("66", "DA-66-1", 120_000_000))
        session.add(proposal("66", "DA-66-2", None))
    with database.session() as session:
        lines = overview(session, 2026).by_province
    assert [(p.name, p.facilities, p.proposals, p.approved_support) for p in lines] == [
        ("Thành phố Đà Nẵng", 1, 1, 300_000_000),
        ("Đắk Lắk", 2, 2, 120_000_000),
    ]
