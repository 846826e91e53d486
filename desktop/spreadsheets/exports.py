"""What can be exported to Excel: every list as it is on screen (search, filters and order applied), and
the report workbooks (proposals with their budgets, trainees per course, the periodic report with
targets and disbursement). Each writes its file whole or not at all (a temporary file, then renamed)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from desktop.models import Enrolment, Proposal, TrainingCourse
from desktop.services import budget, course_sheet, dashboard, indicators, listing, reports, settings
from desktop.services.listing import Kind, ListQuery
from desktop.spreadsheets.workbook import Field, SheetWriter, fitted, streamed_book, titles

Progress = Callable[[str, int, int], None]
# The headers of each list, as the screens show them (the command line has no screen to take them from).
LIST_HEADERS: dict[str, tuple[str, tuple[str, ...]]] = {
    "facility": (
        "Danh sách cơ sở công nghiệp nông thôn",
        ("Tên cơ sở", "Loại hình", "Mã số thuế", "Người đại diện", "Xã/phường", "Lĩnh vực", "Điện thoại"),
    ),
    "proposal": (
        "Danh sách đề án khuyến công",
        ("Mã đề án", "Tên đề án", "Năm KH", "Hoạt động", "Trạng thái", "Tổng kinh phí", "KP khuyến công duyệt"),
    ),
    "training_course": (
        "Danh sách lớp đào tạo",
        (
            "Mã lớp",
            "Nội dung đào tạo",
            "Hình thức",
            "Khai giảng",
            "Bế giảng",
            "Địa điểm",
            "Học viên",
            "Chuyên cần tối thiểu (%)",
        ),
    ),
    "trainee": (
        "Danh sách học viên",
        ("Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Xã/phường", "Điện thoại", "Số lớp đã học"),
    ),
    "voting_round": ("Danh sách đợt bình chọn", ("Tên đợt", "Cấp", "Năm", "Quyết định", "Sản phẩm")),
}
ROWS_PER_READ = 2000


@dataclass(frozen=True)
class Exported:
    path: Path
    rows: int


def _write_whole(path: Path, write: Callable[[Path], int]) -> Exported:
    """``write`` the export to ``path``; each writes through ``streamed_book``, whole or not at all (a cut
    never leaves half a file, and a file open in Excel is refused before anything is lost)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    return Exported(path, write(path))


def _centre(session: Session) -> str:
    return settings.load(session).centre_name


def export_list(
    session: Session,
    name: str,
    query: ListQuery,
    path: Path,
    headers: Sequence[str] | None = None,
    progress: Progress | None = None,
) -> Exported:
    """The list ``name`` as the screen shows it for ``query``, read page by page and streamed."""
    found = listing.LISTINGS[name]
    title, default_headers = LIST_HEADERS[name]
    shown = list(headers or default_headers)
    fields = [Field(h, c.kind, total=c.kind is Kind.MONEY) for h, c in zip(shown, found.columns, strict=True)]
    total = found.count(session, query)
    report = progress or (lambda _label, _done, _total: None)

    def write(target: Path) -> int:
        with streamed_book(target) as book:
            detail = f"Tìm: “{query.search}”" if query.search else ""
            rows = found.page(session, query, None, ROWS_PER_READ)
            sized = fitted(fields, (r.values for r in rows[:200]))
            sheet = SheetWriter(book, "Danh sách", sized, titles(_centre(session), title, detail))
            while True:
                sheet.add_all(r.values for r in rows)
                report(f"Đang ghi {title.lower()}", sheet.rows, total)
                if len(rows) < ROWS_PER_READ:
                    break
                rows = found.page(session, query, rows[-1].key, ROWS_PER_READ)
            sheet.finish()
        return sheet.rows

    return _write_whole(path, write)


def _proposals(session: Session, year: int | None) -> list[Proposal]:
    query = (
        select(Proposal)
        .where(Proposal.deleted_at.is_(None))
        .options(selectinload(Proposal.budget_lines), selectinload(Proposal.advances))
        .order_by(Proposal.code)
    )
    if year is not None:
        query = query.where(Proposal.plan_year == year)
    return list(session.scalars(query))


def export_budgets(session: Session, path: Path, year: int | None = None) -> Exported:
    """Proposals with their budgets: one sheet of proposals and their totals, one of every budget line."""

    def write(target: Path) -> int:
        with streamed_book(target) as book:
            detail = f"Năm kế hoạch {year}" if year else "Mọi năm kế hoạch"
            head = titles(_centre(session), "Đề án khuyến công và dự toán kinh phí", detail)
            summary = SheetWriter(
                book,
                "Đề án",
                [
                    Field("Mã đề án", width=18),
                    Field("Tên đề án", width=50),
                    Field("Năm KH", Kind.YEAR),
                    Field("Nguồn kinh phí", width=24),
                    Field("Trạng thái", width=16),
                    Field("Tổng kinh phí", Kind.MONEY, width=16, total=True),
                    Field("KP khuyến công đề nghị", Kind.MONEY, width=16, total=True),
                    Field("Đối ứng", Kind.MONEY, width=16, total=True),
                    Field("Nguồn khác", Kind.MONEY, width=14, total=True),
                    Field("KP khuyến công duyệt", Kind.MONEY, width=16, total=True),
                    Field("Đã tạm ứng", Kind.MONEY, width=16, total=True),
                ],
                head,
            )
            lines = SheetWriter(
                book,
                "Dự toán",
                [
                    Field("Mã đề án", width=18),
                    Field("TT", Kind.NUMBER, width=6),
                    Field("Nội dung chi", width=44),
                    Field("Đơn vị tính", width=10),
                    Field("Số lượng", Kind.NUMBER),
                    Field("Đơn giá", Kind.MONEY, width=14),
                    Field("Thành tiền", Kind.MONEY, width=16, total=True),
                    Field("KP khuyến công", Kind.MONEY, width=16, total=True),
                    Field("Đối ứng", Kind.MONEY, width=14, total=True),
                    Field("Nguồn khác", Kind.MONEY, width=14, total=True),
                ],
                head,
            )
            for p in _proposals(session, year):
                live = [x for x in p.budget_lines if x.deleted_at is None]
                t = budget.totals(live)
                advanced = sum(a.amount for a in p.advances if a.deleted_at is None)
                summary.add(
                    [
                        p.code,
                        p.title,
                        p.plan_year,
                        p.funding.label,
                        p.status.label,
                        t.amount,
                        t.support,
                        t.counterpart,
                        t.other,
                        p.approved_support,
                        advanced,
                    ]
                )
                lines.add_all(
                    [
                        p.code,
                        n,
                        x.item,
                        x.unit,
                        x.quantity,
                        x.unit_price,
                        x.amount,
                        x.support_amount,
                        x.counterpart_amount,
                        x.other_amount,
                    ]
                    for n, x in enumerate(live, start=1)
                )
            summary.finish()
            lines.finish()
        return summary.rows + lines.rows

    return _write_whole(path, write)


def _courses(session: Session, key: str | None, year: int | None) -> Iterator[TrainingCourse]:
    query = select(TrainingCourse).where(TrainingCourse.deleted_at.is_(None)).order_by(TrainingCourse.start_date)
    if key:
        query = query.where(TrainingCourse.code == key)
    if year:
        query = query.where(TrainingCourse.start_date.between(f"{year}-01-01", f"{year}-12-31"))
    yield from session.scalars(query.options(selectinload(TrainingCourse.enrolments).selectinload(Enrolment.trainee)))


def export_trainees(session: Session, path: Path, course: str | None = None, year: int | None = None) -> Exported:
    """Trainees per course: who attended, days present, allowances, certificate, job afterwards."""

    def write(target: Path) -> int:
        with streamed_book(target) as book:
            detail = f"Lớp {course}" if course else (f"Các lớp khai giảng năm {year}" if year else "Mọi lớp")
            sheet = SheetWriter(
                book,
                "Học viên theo lớp",
                [
                    Field("Mã lớp", width=16),
                    Field("Nội dung đào tạo", width=36),
                    Field("Họ và tên", width=26),
                    Field("Ngày sinh", Kind.DATE, width=12),
                    Field("Giới tính", width=9),
                    Field("Số CCCD", width=14),
                    Field("Ngày có mặt", Kind.NUMBER, width=9, total=True),
                    Field("Tiền ăn", Kind.MONEY, width=13, total=True),
                    Field("Tiền đi lại", Kind.MONEY, width=13, total=True),
                    Field("Số chứng chỉ", width=14),
                    Field("Việc làm sau đào tạo", width=40),
                ],
                titles(_centre(session), "Học viên các lớp đào tạo", detail),
            )
            for c in _courses(session, course, year):
                for row in course_sheet.load(session, c.id).roster:
                    enrolment = session.get(Enrolment, row.enrolment_id)
                    assert enrolment is not None
                    sheet.add(
                        [
                            c.code,
                            c.topic,
                            row.full_name,
                            row.birth_date,
                            row.gender,
                            row.cccd,
                            row.present_days,
                            enrolment.meal_days * c.meal_allowance_per_day,
                            c.travel_allowance if row.travel_eligible else 0,
                            row.certificate_no if row.certified else "",
                            row.employment,
                        ]
                    )
            sheet.finish()
        return sheet.rows

    return _write_whole(path, write)


def export_report(session: Session, path: Path, period: str) -> Exported:
    """The periodic report as a workbook: by content group, by proposal with its disbursement, the targets of
    the programmes in force with each indicator's result in its own unit (as the dashboard measures them)."""
    chosen = reports.parse_period(period)
    report = reports.periodic_report(session, chosen)

    def write(target: Path) -> int:
        with streamed_book(target) as book:
            centre = _centre(session)
            head = titles(centre, "Báo cáo tình hình thực hiện hoạt động khuyến công", chosen.label)
            groups = SheetWriter(
                book,
                "Theo nhóm nội dung",
                [
                    Field("Nhóm nội dung", width=56),
                    Field("Số đề án", Kind.NUMBER, total=True),
                    Field("Kinh phí được duyệt", Kind.MONEY, width=18, total=True),
                    Field("Tạm ứng trong kỳ", Kind.MONEY, width=18, total=True),
                    Field("Tạm ứng lũy kế", Kind.MONEY, width=18, total=True),
                    Field("Đã quyết toán lũy kế", Kind.MONEY, width=18, total=True),
                    Field("Nghiệm thu trong kỳ", Kind.NUMBER, total=True),
                ],
                head,
            )
            groups.add_all(
                [
                    g.name,
                    g.proposals,
                    g.approved_support,
                    g.advanced_in_period,
                    g.advanced_to_date,
                    g.settled_to_date,
                    g.accepted_in_period,
                ]
                for g in report.groups
            )
            groups.finish()
            money = SheetWriter(
                book,
                "Giải ngân theo đề án",
                [
                    Field("Mã đề án", width=18),
                    Field("Tên đề án", width=48),
                    Field("Nhóm nội dung", width=30),
                    Field("Trạng thái", width=16),
                    Field("Kinh phí được duyệt", Kind.MONEY, width=18, total=True),
                    Field("Tạm ứng trong kỳ", Kind.MONEY, width=18, total=True),
                    Field("Tạm ứng lũy kế", Kind.MONEY, width=18, total=True),
                    Field("Chưa tạm ứng", Kind.MONEY, width=16, total=True),
                    Field("Đã quyết toán lũy kế", Kind.MONEY, width=18, total=True),
                    Field("Tỷ lệ giải ngân (%)", Kind.PERCENT, width=12),
                ],
                head,
            )
            money.add_all(
                [
                    r.code,
                    r.title,
                    r.group,
                    r.status,
                    r.approved_support,
                    r.advanced_in_period,
                    r.advanced_to_date,
                    r.approved_support - r.advanced_to_date,
                    r.settled_to_date,
                    round(r.disbursement_percent, 1),
                ]
                for r in report.proposals
            )
            money.finish()
            targets = SheetWriter(
                book,
                "Chỉ tiêu và kết quả",
                [
                    Field("Chương trình", width=30),
                    Field("Nhóm báo cáo", width=32),
                    Field("Chỉ tiêu", width=52),
                    Field("Đơn vị", width=12),
                    Field("Mục tiêu giai đoạn", Kind.NUMBER, width=12),
                    Field("Kết quả trong kỳ", Kind.NUMBER, width=12),
                    Field("Lũy kế từ đầu giai đoạn", Kind.NUMBER, width=14),
                    Field("Tỷ lệ đạt (%)", Kind.PERCENT, width=10),
                    Field("Ghi chú", width=30),
                ],
                head,
            )
            # The dashboard's measures, each indicator in its own unit, for the period and since the programme began.
            for t in dashboard.programme_targets(session, chosen.start, chosen.end):
                group = indicators.BY_CODE[t.indicator].report_group.label if t.indicator in indicators.BY_CODE else ""
                targets.add(
                    [
                        t.programme_name,
                        group,
                        t.name,
                        t.unit,
                        t.target,
                        t.in_period,
                        t.to_date,
                        None if t.percent is None else round(t.percent, 1),
                        "" if t.measured else "Hồ sơ không tách được kết quả: lấy theo báo cáo",
                    ]
                )
            targets.finish()
            training_sheet = SheetWriter(
                book,
                "Đào tạo",
                [Field("Chỉ tiêu", width=50), Field("Số lượng", Kind.NUMBER)],
                head,
            )
            training_sheet.add_all(
                [
                    ["Lớp đào tạo kết thúc trong kỳ", report.courses],
                    ["Lượt học viên", report.trainees],
                    ["Học viên được cấp chứng chỉ", report.certified],
                ]
            )
            training_sheet.finish()
        return groups.rows + money.rows + targets.rows + training_sheet.rows

    return _write_whole(path, write)
