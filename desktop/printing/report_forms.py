"""The periodic report (TT 36/2013 Điều 21–23) as an official document: by content group, by proposal,
the training indicators and the disbursement."""

from __future__ import annotations

from desktop.core.money import format_number
from desktop.printing.context import PrintContext, money, words
from desktop.printing.layout import OfficialDocument
from desktop.services import reports


def periodic_report_document(ctx: PrintContext, key: str) -> OfficialDocument:
    period = reports.parse_period(key)
    report = reports.periodic_report(ctx.session, period)
    t = ctx.templates.get("bao-cao")
    values = ctx.values() | {
        "ky": period.label[:1].lower() + period.label[1:],  # "quý III năm 2026"
        "Ky": period.label,
        "so_de_an": len(report.proposals),
        "kinh_phi": money(report.approved_support),
        "kinh_phi_bang_chu": words(report.approved_support),
        "tam_ung": money(report.advanced_to_date),
        "giai_ngan": money(report.settled_to_date),
        "ty_le_giai_ngan": format_number(round(report.disbursement_percent, 1)),
        "so_lop": report.courses,
        "so_hoc_vien": report.trainees,
        "so_chung_chi": report.certified,
    }
    doc = ctx.document(t, values, on=ctx.today, wide=True)  # a report is dated the day it is made
    doc.detail = values["ky"]
    for line in t.lines("mo_dau", values):
        doc.paragraph(line)
    doc.heading(t.text("muc_nhom", values))
    doc.table(
        [
            "TT",
            "Nhóm nội dung",
            "Số đề án",
            "Kinh phí được duyệt",
            "Tạm ứng trong kỳ",
            "Tạm ứng lũy kế",
            "Đã quyết toán lũy kế",
            "Nghiệm thu trong kỳ",
        ],
        [
            [
                str(n),
                g.name,
                str(g.proposals),
                money(g.approved_support),
                money(g.advanced_in_period),
                money(g.advanced_to_date),
                money(g.settled_to_date),
                str(g.accepted_in_period),
            ]
            for n, g in enumerate(report.groups, start=1)
        ],
        [5, 37, 8, 15, 14, 14, 14, 10],
        align="clcrrrrc",
        total=[
            "",
            "Tổng cộng",
            str(len(report.proposals)),
            money(report.approved_support),
            money(report.advanced_in_period),
            money(report.advanced_to_date),
            money(report.settled_to_date),
            str(sum(g.accepted_in_period for g in report.groups)),
        ],
    )
    doc.heading(t.text("muc_de_an", values))
    doc.table(
        [
            "TT",
            "Mã",
            "Tên đề án",
            "Tình trạng",
            "Kinh phí được duyệt",
            "Tạm ứng lũy kế",
            "Đã quyết toán lũy kế",
            "Tỷ lệ giải ngân (%)",
        ],
        [
            [
                str(n),
                r.code,
                r.title,
                r.status,
                money(r.approved_support),
                money(r.advanced_to_date),
                money(r.settled_to_date),
                format_number(round(r.disbursement_percent, 1)),
            ]
            for n, r in enumerate(report.proposals, start=1)
        ],
        [5, 17, 37, 13, 15, 14, 14, 8],
        align="cllcrrrr",
    )
    doc.heading(t.text("muc_chi_tieu", values))
    for line in t.lines("chi_tieu", values):
        doc.paragraph(line)
    doc.signatures(t.signers(values), t.lines("noi_nhan", values))
    return doc
