"""Typical-product voting papers (TT 26/2014): the juror's score sheet (Phụ lục 4) and the product
certificate (Phụ lục 6). Both batch-print: every sheet of a round, every certificate of a round."""

from __future__ import annotations

import uuid
from typing import Any

from desktop.core.dates import document_date
from desktop.core.text import place_name, unit_in_text
from desktop.models import Juror, ProductCertificate, VotingEntry, VotingRound
from desktop.models.enums import VotingLevel
from desktop.printing.context import PrintContext, RecordNotFound, day
from desktop.printing.layout import OfficialDocument, Signer
from desktop.printing.templates import BLANK
from desktop.services import voting


def _get(ctx: PrintContext, model: type[Any], key: str) -> Any:
    try:
        found = ctx.session.get(model, uuid.UUID(key))
    except ValueError:
        return None
    return found if found is not None and found.deleted_at is None else None


def _sheet(ctx: PrintContext, doc: OfficialDocument, entry: VotingEntry, juror: Juror | None) -> None:
    t = ctx.templates.get("phieu-cham")
    rnd = entry.voting_round
    score = next((s for s in entry.scores if s.deleted_at is None and juror and s.juror_id == juror.id), None)
    values = ctx.values() | {
        "hoi_dong": rnd.council_name or rnd.name,
        "dot": rnd.name,
        "nam": rnd.year,
        "san_pham": entry.product.name,
        "co_so": entry.product.facility.name,
        "nhom": entry.product_group.label,
        "ma_so": entry.voting_code,
        "giam_khao": juror.name if juror else "",
        "chuc_danh": juror.title if juror else "",
    }
    doc.centred(values["hoi_dong"].upper(), bold=True)
    doc.space(4)
    doc.centred(t.text("tieu_de", values).upper(), bold=True, size=14)
    doc.centred(t.text("trich_yeu", values), italic=True)
    doc.space(3)
    for label_key, value_key in (
        ("nhan_san_pham", "san_pham"),
        ("nhan_co_so", "co_so"),
        ("nhan_nhom", "nhom"),
        ("nhan_ma_so", "ma_so"),
        ("nhan_giam_khao", "giam_khao"),
        ("nhan_chuc_danh", "chuc_danh"),
    ):
        doc.field(t.text(label_key, values), values[value_key])
    rows = []
    for n, (field, name, maximum) in enumerate(voting.CRITERIA, start=1):
        rows.append([str(n), name, str(maximum), str(getattr(score, field)) if score else "", ""])
    doc.table(
        ["TT", "Tiêu chí", "Điểm tối đa", "Điểm chấm", "Ghi chú"],
        rows,
        [7, 55, 13, 13, 17],
        align="clccl",
        total=["", "Tổng cộng", "100", str(score.total) if score else "", ""],
    )
    doc.field(t.text("nhan_nhan_xet", values), score.remarks if score else "")
    dated = (
        document_date(rnd.decision_date, ctx.centre.place)
        if rnd.decision_date
        else f"{ctx.centre.place}, ngày …… tháng …… năm {rnd.year}"
    )
    doc.signatures([Signer(t.text("chuc_vu", values), values["giam_khao"] if juror else "", dated=dated)])


def score_sheets_document(ctx: PrintContext, key: str) -> OfficialDocument:
    """Every juror's sheet for every product of a round (or for one registered product), one per page;
    filled where the juror's points are recorded, blank for the jurors to fill in otherwise."""
    entry: VotingEntry | None = _get(ctx, VotingEntry, key)
    rnd: VotingRound | None = entry.voting_round if entry else _get(ctx, VotingRound, key)
    if rnd is None:
        raise RecordNotFound(f"Không có đợt bình chọn hay sản phẩm đăng ký “{key}”")
    entries = (
        [entry]
        if entry
        else sorted((e for e in rnd.entries if e.deleted_at is None), key=lambda e: (e.voting_code, e.product.name))
    )
    jurors: list[Juror | None] = [j for j in rnd.jurors if j.deleted_at is None] or [None]
    if not entries:
        raise RecordNotFound(f"Đợt “{rnd.name}” chưa có sản phẩm đăng ký")
    doc = OfficialDocument(None, "", author=ctx.centre.centre_name)
    doc.detail = entry.product.name if entry else rnd.name
    first = True
    for e in entries:
        for juror in jurors:
            if not first:
                doc.page_break()
            first = False
            _sheet(ctx, doc, e, juror)
    return doc


def certificate_issuer(ctx: PrintContext, c: ProductCertificate) -> tuple[str, str, str, str]:
    """Who recognises a product at its level (TT 26/2014 Điều 17 k.2): the body, "TM. …" above the signer
    when a People's Committee signs, the signer's position, and the place of the date line."""
    if c.level is VotingLevel.XA:
        commune = c.product.facility.commune
        name = commune.name if commune else "xã"
        place = name.removeprefix("Xã ").removeprefix("Phường ").removeprefix("Đặc khu ")
        return f"Ủy ban nhân dân {unit_in_text(name)}", "TM. Ủy ban nhân dân", "Chủ tịch", place
    if c.level is VotingLevel.TINH:
        return ctx.province_committee(), "TM. Ủy ban nhân dân", "Chủ tịch", ctx.centre.place
    if c.level is VotingLevel.KHU_VUC:  # the ministry's agency in charge of khuyến công recognises
        return ctx.ministry_agency(c.decision_date), "", "Cục trưởng", "Hà Nội"
    return "Bộ Công Thương", "", "Bộ trưởng", "Hà Nội"


def product_certificates_document(ctx: PrintContext, key: str) -> OfficialDocument:
    """Phụ lục 6: one certificate (its id), or every certificate issued for the products of a round."""
    one: ProductCertificate | None = _get(ctx, ProductCertificate, key)
    if one is not None:
        chosen, detail = [one], f"{one.product.name} {one.year}"
    else:
        rnd: VotingRound | None = _get(ctx, VotingRound, key)
        if rnd is None:
            raise RecordNotFound(f"Không có giấy chứng nhận hay đợt bình chọn “{key}”")
        products = {e.product_id for e in rnd.entries if e.deleted_at is None}
        chosen = [
            c
            for e in rnd.entries
            if e.deleted_at is None
            for c in e.product.certificates
            if c.deleted_at is None and c.year == rnd.year and c.level == rnd.level and c.product_id in products
        ]
        if not chosen:
            raise RecordNotFound(f"Đợt “{rnd.name}” chưa có giấy chứng nhận nào được ghi")
        detail = rnd.name
    t = ctx.templates.get("chung-nhan-sp")
    doc = OfficialDocument(None, "", author=ctx.centre.centre_name, wide=True, border=True)
    doc.detail = detail
    for n, c in enumerate(chosen):
        if n:
            doc.page_break()
        issuer, on_behalf, signer, place = certificate_issuer(ctx, c)
        values = ctx.values() | {
            "co_quan_cap": issuer,
            "tm": on_behalf,
            "nguoi_ky": signer,
            "san_pham": c.product.name,
            "co_so": c.product.facility.name,
            "dia_chi_co_so": place_name(c.product.facility.commune, c.product.facility.street_address),
            "cap": c.level.label.removeprefix("Cấp ").lower(),
            "nam": c.year,
            "so_quyet_dinh": c.decision_no,
            "ngay_quyet_dinh": day(c.decision_date),
            "gia_tri_den": day(c.valid_until),
        }
        dated = document_date(c.decision_date, place) if c.decision_date else ""
        doc.certificate(
            [("Cộng hòa xã hội chủ nghĩa Việt Nam", True), ("Độc lập - Tự do - Hạnh phúc", True)]
            + [(line, True) for line in t.lines("co_quan_cap", values)],
            t.text("tieu_de", values),
            t.text("trich_yeu", values),
            (t.text("chung_nhan", values), values["san_pham"]),
            t.lines("noi_dung", values),
            t.lines("goc_trai", values),
            Signer(t.text("chuc_vu", values), "", note="", dated=dated, over=t.text("tren", values).replace(BLANK, "")),
        )
    return doc
