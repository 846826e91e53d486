"""Every printable form by its name (the command line's FORM, the app's menus), and printing itself."""

from __future__ import annotations

import importlib
import io
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

if TYPE_CHECKING:
    from desktop.printing.context import PrintContext
    from desktop.printing.layout import OfficialDocument

from desktop.printing.templates import TemplateStore
from desktop.services.progress import Cancelled


@dataclass(frozen=True)
class Form:
    name: str  # what `khuyencong print` takes
    title: str  # what menus show
    record: str  # what --id names: a proposal (id or code), a course, an inspection…
    builder: str  # "module:function" in desktop.printing, imported when first printed (reportlab is heavy)

    def build(self, context: PrintContext, key: str) -> OfficialDocument:
        module, function = self.builder.split(":")
        made: OfficialDocument = getattr(importlib.import_module(f"desktop.printing.{module}"), function)(context, key)
        return made


FORMS: dict[str, Form] = {
    f.name: f
    for f in (
        Form("de-an", "Đề án khuyến công và dự toán (Mẫu 01)", "đề án", "proposal_forms:proposal_document"),
        Form("tham-dinh", "Phiếu thẩm định đề án (Mẫu 4a/4b)", "đề án", "proposal_forms:appraisal_document"),
        Form("kiem-tra", "Biên bản kiểm tra, giám sát", "lần kiểm tra", "proposal_forms:inspection_document"),
        Form("tien-do", "Báo cáo tiến độ (Mẫu 3a)", "báo cáo tiến độ", "proposal_forms:progress_document"),
        Form("nghiem-thu", "Biên bản nghiệm thu (Mẫu 5a/5b)", "lần nghiệm thu", "proposal_forms:acceptance_document"),
        Form("thanh-ly", "Biên bản thanh lý hợp đồng (Mẫu 6)", "đề án", "proposal_forms:liquidation_document"),
        Form("diem-danh", "Danh sách học viên ký điểm danh", "lớp", "course_forms:attendance_document"),
        Form("tien-an", "Danh sách học viên nhận tiền ăn, đi lại", "lớp", "course_forms:allowance_document"),
        Form("nhan-chung-chi", "Danh sách học viên nhận chứng chỉ", "lớp", "course_forms:certificate_list_document"),
        Form(
            "chung-chi",
            "Giấy chứng nhận hoàn thành khóa học",
            "lớp hoặc học viên của lớp",
            "course_forms:certificates_document",
        ),
        Form(
            "phieu-cham",
            "Phiếu chấm điểm sản phẩm CNNT tiêu biểu",
            "đợt bình chọn hoặc sản phẩm đăng ký",
            "voting_forms:score_sheets_document",
        ),
        Form(
            "chung-nhan-sp",
            "Giấy chứng nhận sản phẩm CNNT tiêu biểu",
            "giấy chứng nhận hoặc đợt bình chọn",
            "voting_forms:product_certificates_document",
        ),
        Form(
            "bao-cao",
            "Báo cáo định kỳ hoạt động khuyến công",
            "kỳ: 2026, 2026-Q3 hoặc 2026-09",
            "report_forms:periodic_report_document",
        ),
    )
}


class UnknownForm(KeyError):
    def __str__(self) -> str:
        return f"Không có mẫu “{self.args[0]}”. Các mẫu: {', '.join(FORMS)}"


def render(session: Session, form: str, key: str, templates: TemplateStore, today: date) -> bytes:
    """The PDF of ``form`` for the record ``key``."""
    from desktop.printing.context import PrintContext

    if form not in FORMS:
        raise UnknownForm(form)
    context = PrintContext.open(session, templates, today)
    return FORMS[form].build(context, key).render()


def file_name(form: str, key: str) -> str:
    """A file name people can read and any Windows accepts: "nghiem-thu_KCDP-2026-00001.pdf"."""
    ascii_key = unicodedata.normalize("NFKD", key.replace("Đ", "D").replace("đ", "d")).encode("ascii", "ignore")
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in ascii_key.decode())[:60] or "ban-in"
    return f"{form}_{safe}.pdf"


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
