"""Every printable form by its name (the command line's FORM, the app's menus), and printing itself."""

from __future__ import annotations

import importlib
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

if TYPE_CHECKING:
    from desktop.printing.context import PrintContext
    from desktop.printing.layout import OfficialDocument

from desktop.core.progress import Cancelled
from desktop.core.text import nfc
from desktop.printing.templates import TemplateStore


@dataclass(frozen=True)
class Form:
    name: str  # what `khuyencong print` takes
    title: str  # what menus show
    record: str  # what --id names: a proposal (id or code), a course, an inspection…
    builder: str  # "module:function" in desktop.printing, imported when first printed (reportlab is heavy)
    file_title: str = ""  # what a saved copy is called after its record's code: "Phiếu thẩm định"

    def build(self, context: PrintContext, key: str) -> OfficialDocument:
        module, function = self.builder.split(":")
        made: OfficialDocument = getattr(importlib.import_module(f"desktop.printing.{module}"), function)(context, key)
        return made


FORMS: dict[str, Form] = {
    f.name: f
    for f in (
        Form(
            "de-an",
            "Đề án khuyến công và dự toán (Mẫu 01)",
            "đề án",
            "proposal_forms:proposal_document",
            "Đề án và dự toán",
        ),
        Form(
            "tham-dinh",
            "Phiếu thẩm định đề án (Mẫu 4a/4b)",
            "đề án",
            "proposal_forms:appraisal_document",
            "Phiếu thẩm định",
        ),
        Form(
            "kiem-tra",
            "Biên bản kiểm tra, giám sát",
            "lần kiểm tra, hoặc đề án (lần gần nhất)",
            "proposal_forms:inspection_document",
            "Biên bản kiểm tra",
        ),
        Form(
            "tien-do",
            "Báo cáo tiến độ (Mẫu 3a)",
            "báo cáo tiến độ, hoặc đề án (báo cáo gần nhất)",
            "proposal_forms:progress_document",
            "Báo cáo tiến độ",
        ),
        Form(
            "nghiem-thu",
            "Biên bản nghiệm thu (Mẫu 5a/5b)",
            "lần nghiệm thu, hoặc đề án (lần gần nhất)",
            "proposal_forms:acceptance_document",
            "Biên bản nghiệm thu",
        ),
        Form(
            "thanh-ly",
            "Biên bản thanh lý hợp đồng (Mẫu 6)",
            "đề án",
            "proposal_forms:liquidation_document",
            "Biên bản thanh lý",
        ),
        Form(
            "diem-danh",
            "Danh sách học viên ký điểm danh",
            "lớp",
            "course_forms:attendance_document",
            "Danh sách điểm danh",
        ),
        Form(
            "tien-an",
            "Danh sách học viên nhận tiền ăn, đi lại",
            "lớp",
            "course_forms:allowance_document",
            "Danh sách nhận tiền ăn, đi lại",
        ),
        Form(
            "nhan-chung-chi",
            "Danh sách học viên nhận chứng chỉ",
            "lớp",
            "course_forms:certificate_list_document",
            "Danh sách nhận chứng chỉ",
        ),
        Form(
            "chung-chi",
            "Giấy chứng nhận hoàn thành khóa học",
            "lớp hoặc học viên của lớp",
            "course_forms:certificates_document",
            "Giấy chứng nhận hoàn thành khóa học",
        ),
        Form(
            "phieu-cham",
            "Phiếu chấm điểm sản phẩm CNNT tiêu biểu",
            "đợt bình chọn hoặc sản phẩm đăng ký",
            "voting_forms:score_sheets_document",
            "Phiếu chấm điểm",
        ),
        Form(
            "chung-nhan-sp",
            "Giấy chứng nhận sản phẩm CNNT tiêu biểu",
            "giấy chứng nhận hoặc đợt bình chọn",
            "voting_forms:product_certificates_document",
            "Giấy chứng nhận sản phẩm CNNT tiêu biểu",
        ),
        Form(
            "bao-cao",
            "Báo cáo định kỳ hoạt động khuyến công",
            "kỳ: 2026, 2026-Q3 hoặc 2026-09",
            "report_forms:periodic_report_document",
            "Báo cáo định kỳ",
        ),
    )
}


class UnknownForm(KeyError):
    def __str__(self) -> str:
        return f"Không có mẫu “{self.args[0]}”. Các mẫu: {', '.join(FORMS)}"


@dataclass(frozen=True)
class Printed:
    """A printed document and the name its saved copy is offered under."""

    data: bytes
    file_name: str


def printed(session: Session, form: str, key: str, templates: TemplateStore, today: date) -> Printed:
    """The PDF of ``form`` for the record ``key``, named after the record: "KCĐP-2026-00015 Phiếu thẩm định.pdf"."""
    from desktop.printing.context import PrintContext

    if form not in FORMS:
        raise UnknownForm(form)
    context = PrintContext.open(session, templates, today)
    document = FORMS[form].build(context, key)
    return Printed(document.render(), file_name(form, document.record, document.detail))


def render(session: Session, form: str, key: str, templates: TemplateStore, today: date) -> bytes:
    """The PDF of ``form`` for the record ``key``."""
    return printed(session, form, key, templates, today).data


# What no Windows file name may hold (and control characters): each becomes a hyphen, as "/" in "21/QĐ".
_NOT_IN_NAMES = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
NAME_LENGTH = 150  # characters before ".pdf": well inside what every file system and Windows path takes


def _safe(text: str) -> str:
    """``text`` as any file system takes it, in Vietnamese as written (composed, so every system shows the
    same letters), without the characters Windows refuses, nor spaces or dots at the end."""
    return " ".join(_NOT_IN_NAMES.sub("-", nfc(text)).split()).rstrip(". ")


def file_name(form: str, record: str = "", detail: str = "") -> str:
    """The name a saved copy is offered under: the record's code, what the paper is, what tells it apart —
    "KCĐP-2026-00015 Phiếu thẩm định.pdf", "KCĐP-2026-00015 Biên bản kiểm tra 05-03-2026.pdf"."""
    title = FORMS[form].file_title if form in FORMS else form
    name = " ".join(p for p in (_safe(record), _safe(title), _safe(detail)) if p)
    return f"{name[:NAME_LENGTH].rstrip('. ') or 'Bản in'}.pdf"


def batch_file_name(form: str, count: int) -> str:
    """The name of a batch's file: "Phiếu thẩm định (25 bản).pdf"."""
    return file_name(form, detail=f"({count} bản)")


def render_batch(
    session: Session,
    form: str,
    keys: Sequence[str],
    templates: TemplateStore,
    today: date,
    progress: Callable[[int, int], None] = lambda _done, _total: None,
    cancelled: Callable[[], bool] = lambda: False,
) -> bytes:
    """Batch printing (the appraisal sheets of a round, the lists of several courses): one file holding
    every record's pages in turn, each numbered from its own first page. ``progress(done, total)`` is told
    after each record; ``cancelled`` is asked before each (raises Cancelled: nothing is returned)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for done, key in enumerate(keys):
        if cancelled():
            raise Cancelled()
        writer.append(PdfReader(io.BytesIO(render(session, form, key, templates, today))))
        progress(done + 1, len(keys))
    writer.add_metadata({"/Title": FORMS[form].title, "/Creator": "Khuyến công Desktop"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
