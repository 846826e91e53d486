"""The papers of a training course (TT 36/2013 Điều 14 evidence): the lists trainees sign — attendance,
allowances received, certificates received — and the certificate of each trainee, batch-printable."""

from __future__ import annotations

import contextlib
import uuid
from datetime import date

from sqlalchemy import select

from desktop.core.dates import document_date
from desktop.models import Enrolment, TrainingCourse
from desktop.printing.context import PrintContext, RecordNotFound, day, money, words
from desktop.printing.layout import OfficialDocument, Signer
from desktop.services import course_sheet

DAYS_PER_TABLE = 8  # attendance columns that fit a landscape page beside the names


def find_course(ctx: PrintContext, key: str) -> TrainingCourse:
    found: TrainingCourse | None = None
    try:
        found = ctx.session.get(TrainingCourse, uuid.UUID(key))
    except ValueError:
        query = select(TrainingCourse).where(TrainingCourse.code == key, TrainingCourse.deleted_at.is_(None))
        found = ctx.session.scalars(query).first()
    if found is None or found.deleted_at is not None:
        raise RecordNotFound(f"Không có lớp đào tạo “{key}”")
    return found


def course_name(course: TrainingCourse) -> str:
    """What names a course's papers: its code, else its topic."""
    return course.code or course.topic


def _course_values(ctx: PrintContext, course: TrainingCourse) -> dict[str, object]:
    return ctx.values() | {
        "ma_lop": course.code,
        "ten_lop": course.topic,
        "loai_lop": course.kind.label[:1].lower() + course.kind.label[1:],  # "khóa truyền nghề"
        "dia_diem_lop": course.venue or (course.commune.name if course.commune else ""),
        "tu_ngay": day(course.start_date),
        "den_ngay": day(course.end_date),
        "so_quyet_dinh_chung_chi": course.certificate_decision_no,
        "ngay_quyet_dinh_chung_chi": day(course.certificate_decision_date),
        "ten_de_an": course.proposal.title if course.proposal else "",
    }


def _birth(value: date | None) -> str:
    return str(value.year) if value else ""


def attendance_document(ctx: PrintContext, key: str) -> OfficialDocument:
    """Sign-in sheet: one column per day of the course, eight days to a table."""
    course = find_course(ctx, key)
    sheet = course_sheet.load(ctx.session, course.id)
    t = ctx.templates.get("diem-danh")
    values = _course_values(ctx, course)
    doc = ctx.document(t, values, on=course.start_date, wide=True)
    doc.record = course_name(course)
    for line in t.lines("mo_dau", values):
        doc.paragraph(line, indent=False)
    chunks = [sheet.days[i : i + DAYS_PER_TABLE] for i in range(0, len(sheet.days), DAYS_PER_TABLE)] or [[]]
    for chunk in chunks:
        header = ["TT", "Họ và tên", "Năm sinh", "Địa chỉ"] + [d.strftime("%d/%m") for d in chunk]
        rows = [
            [str(n), r.full_name, _birth(r.birth_date), r.place] + [""] * len(chunk)
            for n, r in enumerate(sheet.roster, start=1)
        ]
        widths = [5, 24, 8, 25] + [10] * len(chunk)
        doc.table(header, rows, widths, align="clcl" + "c" * len(chunk), sign_rows=True)
    doc.signatures(t.signers(values))
    return doc


def allowance_document(ctx: PrintContext, key: str) -> OfficialDocument:
    """The list trainees sign when they receive meal and travel money, with totals in figures and words."""
    course = find_course(ctx, key)
    t = ctx.templates.get("tien-an")
    roster = sorted(
        (e for e in course.enrolments if e.deleted_at is None),
        key=lambda e: course_sheet.roster_order(e.trainee.full_name),
    )
    rows, total_meal, total_travel = [], 0, 0
    for n, e in enumerate(roster, start=1):
        meal = e.meal_days * course.meal_allowance_per_day
        travel = course.travel_allowance if e.travel_eligible else 0
        total_meal, total_travel = total_meal + meal, total_travel + travel
        rows.append(
            [str(n), e.trainee.full_name, str(e.meal_days), money(meal), money(travel), money(meal + travel), ""]
        )
    total = total_meal + total_travel
    values = _course_values(ctx, course) | {
        "muc_an": money(course.meal_allowance_per_day),
        "muc_di_lai": money(course.travel_allowance),
        "tong_tien": money(total),
        "tong_tien_bang_chu": words(total),
    }
    doc = ctx.document(t, values, on=course.end_date)
    doc.record = course_name(course)
    for line in t.lines("mo_dau", values):
        doc.paragraph(line, indent=False)
    doc.table(
        ["TT", "Họ và tên", "Số ngày ăn", "Tiền ăn (đồng)", "Tiền đi lại (đồng)", "Cộng (đồng)", "Ký nhận"],
        rows,
        [6, 30, 10, 15, 15, 15, 16],
        align="clcrrrc",
        sign_rows=True,
        total=[
            "",
            "Tổng cộng",
            str(sum(e.meal_days for e in roster)),
            money(total_meal),
            money(total_travel),
            money(total),
            "",
        ],
    )
    doc.paragraph(t.text("bang_chu", values), indent=False)
    doc.signatures(t.signers(values))
    return doc


def certificate_list_document(ctx: PrintContext, key: str) -> OfficialDocument:
    course = find_course(ctx, key)
    sheet = course_sheet.load(ctx.session, course.id)
    t = ctx.templates.get("nhan-chung-chi")
    values = _course_values(ctx, course)
    doc = ctx.document(t, values, on=course.certificate_decision_date or course.end_date)
    doc.record = course_name(course)
    for line in t.lines("mo_dau", values):
        doc.paragraph(line, indent=False)
    certified = [r for r in sheet.roster if r.certified]
    held, needed = sheet.days_held, sheet.days_needed
    headers = ["TT", "Họ và tên", "Năm sinh", "Giới tính", "Số chứng chỉ", "Ký nhận"]
    rows = [
        [str(n), r.full_name, _birth(r.birth_date), r.gender, r.certificate_no, ""]
        for n, r in enumerate(certified, start=1)
    ]
    widths = [6, 31, 9, 9, 25, 20]  # a certificate number ("LĐT-2021-0001-008") on one line
    if needed:  # the course's rule, and each trainee's days beside it: the list shows it was kept
        rule = {"ty_le_chuyen_can": sheet.min_attendance_percent, "so_ngay_can": needed, "so_ngay_hoc": held}
        doc.paragraph(t.text("dieu_kien", values | rule), indent=False)
        headers.insert(4, "Có mặt (ngày)")
        for row, r in zip(rows, certified, strict=True):
            row.insert(4, f"{r.present_days}/{held}")
        widths = [6, 27, 8, 8, 11, 24, 16]
    doc.table(headers, rows, widths, align="cl" + "c" * (len(headers) - 2), sign_rows=True)
    doc.paragraph(t.text("tong", values | {"so_hoc_vien": len(certified)}), indent=False)
    doc.signatures(t.signers(values))
    return doc


def certificates_document(ctx: PrintContext, key: str) -> OfficialDocument:
    """One certificate per page: every certified trainee of a course, or one trainee's (enrolment id)."""
    enrolment = None
    with contextlib.suppress(ValueError):
        enrolment = ctx.session.get(Enrolment, uuid.UUID(key))
    if enrolment is not None and enrolment.deleted_at is None:
        course, chosen = enrolment.course, [enrolment]
    else:
        course = find_course(ctx, key)
        chosen = sorted(
            (e for e in course.enrolments if e.deleted_at is None and e.certified),
            key=lambda e: course_sheet.roster_order(e.trainee.full_name),
        )
        if not chosen:
            raise RecordNotFound(f"Lớp “{course.code or course.topic}” chưa có học viên được cấp chứng chỉ")
    t = ctx.templates.get("chung-chi")
    on = course.certificate_decision_date or course.end_date
    doc = OfficialDocument(None, "", author=ctx.centre.centre_name, wide=True, border=True)
    doc.record = course_name(course)
    doc.detail = enrolment.trainee.full_name if enrolment is not None and chosen == [enrolment] else ""
    for n, e in enumerate(chosen):
        if n:
            doc.page_break()
        values = _course_values(ctx, course) | {
            "ho_ten": e.trainee.full_name,
            "ngay_sinh": day(e.trainee.birth_date),
            "so_chung_chi": e.certificate_no,
            "dia_danh_ngay": document_date(on, ctx.centre.place),
        }
        doc.certificate(
            [(ctx.centre.agency_name, False), (ctx.centre.centre_name, True)],
            t.text("tieu_de", values),
            t.text("trich_yeu", values),
            (t.text("chung_nhan", values), e.trainee.full_name),
            t.lines("noi_dung", values),
            t.lines("goc_trai", values),
            Signer(
                t.text("chuc_vu", values), ctx.centre.director_name, note="", dated=document_date(on, ctx.centre.place)
            ),
        )
    return doc
