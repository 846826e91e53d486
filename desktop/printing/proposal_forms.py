"""The papers of a proposal's life: Mẫu 01 with its budget, appraisal (4a/4b), inspection, progress report
(3a), acceptance (5a/5b), liquidation (6). Each reads its record and lays out its template's wording."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Load, joinedload

from desktop.core.money import format_number
from desktop.core.text import place_name
from desktop.models import (
    Acceptance,
    Appraisal,
    Inspection,
    ProgressReport,
    Proposal,
    ProposalBeneficiary,
    ProposalLocation,
)
from desktop.models.enums import (
    AcceptanceConclusion,
    AcceptanceForm,
    AppraisalConclusion,
    AppraisalCriterion,
    AppraisalForm,
    ContractKind,
    ProposalStatus,
)
from desktop.models.proposal import PART_FIELDS
from desktop.printing.context import PrintContext, RecordNotFound, day, money, words
from desktop.printing.layout import OfficialDocument, Signer
from desktop.printing.templates import FormTemplate
from desktop.services import budget
from desktop.services.lifecycle import alive
from desktop.services.settings import local_agency_default

CHECKED, UNCHECKED = "■", "□"
# The stored appraisal criteria under the five items of TT 36/2013 Điều 9 (its item 2 holds both the
# objectives and the reasonableness of the budget, which the appraisal dialog asks separately).
ARTICLE_9_ITEMS: tuple[tuple[AppraisalCriterion, ...], ...] = (
    (AppraisalCriterion.PHU_HOP,),
    (AppraisalCriterion.MUC_TIEU, AppraisalCriterion.KINH_PHI),
    (AppraisalCriterion.NANG_LUC,),
    (AppraisalCriterion.LONG_GHEP,),
    (AppraisalCriterion.HO_SO,),
)


def titled(template: FormTemplate, key: str) -> FormTemplate:
    """``template`` whose title is its entry ``key`` (forms whose title follows the kind of record)."""
    return FormTemplate(template.form, {**template.entries, "tieu_de": template.entries[key]})


def is_national(p: Proposal) -> bool:
    return p.funding in budget.NATIONAL_FUNDING


def _with_parts(path: Any) -> list[Any]:
    """What ``proposal_values`` reads, loaded with the proposal in one query (a batch prints hundreds; a
    proposal has a few beneficiaries, places and contracts, so the joined rows stay few)."""
    return [
        path.joinedload(Proposal.activity_type),
        path.joinedload(Proposal.beneficiaries).joinedload(ProposalBeneficiary.facility),
        path.joinedload(Proposal.locations).joinedload(ProposalLocation.commune),
        path.joinedload(Proposal.contracts),
    ]


def find_proposal(ctx: PrintContext, key: str) -> Proposal:
    """A live proposal by its id or its code."""
    query = select(Proposal).options(*_with_parts(Load(Proposal)))
    try:
        query = query.where(Proposal.id == uuid.UUID(key))
    except ValueError:
        query = query.where(Proposal.code == key, Proposal.deleted_at.is_(None))
    found = ctx.session.scalars(query).unique().first()
    if found is None or found.deleted_at is not None:
        raise RecordNotFound(f"Không có đề án “{key}”")
    return found


def _child(ctx: PrintContext, model: type[Any], key: str, label: str, latest: Any) -> Any:
    """A live record of the proposal's life (an inspection, a report…) with its proposal: by its id, or the
    proposal's latest one (by ``latest``, its date) when ``key`` is a proposal's code or id — the code is what
    staff know, and what ``--id`` takes for the proposal's other forms."""
    options = _with_parts(joinedload(model.proposal))
    try:
        found = ctx.session.get(model, uuid.UUID(key), options=options)
    except ValueError:
        found = None
    if found is not None and found.deleted_at is None:
        return found
    try:
        p = find_proposal(ctx, key)
    except RecordNotFound:
        raise RecordNotFound(f"Không có {label} “{key}”") from None
    query = select(model).options(*options).where(model.proposal_id == p.id, model.deleted_at.is_(None))
    found = ctx.session.scalars(query.order_by(latest.desc(), model.created_at.desc())).unique().first()
    if found is None:
        raise RecordNotFound(f"Đề án {p.code} chưa có {label}")
    return found


def proposal_values(ctx: PrintContext, p: Proposal) -> dict[str, Any]:
    beneficiaries = [b.facility for b in alive(p.beneficiaries)]
    places = [place_name(loc.commune, loc.address) for loc in alive(p.locations)]
    contracts = alive(p.contracts)
    contract = next((c for c in contracts if c.kind is ContractKind.THUC_HIEN), next(iter(contracts), None))
    return ctx.values() | {
        "ma_de_an": p.code,
        "ten_de_an": p.title,
        "nam_ke_hoach": p.plan_year,
        "nguon_kinh_phi": p.funding.label,
        "noi_dung_hoat_dong": p.activity_type.name if p.activity_type else "",
        "don_vi_thuc_hien": p.implementing_unit or ctx.centre.centre_name,
        "don_vi_phoi_hop": p.coordinating_units,
        "cap_de_an": "quốc gia" if is_national(p) else "địa phương",
        "thoi_gian": f"từ {day(p.start_date)} đến {day(p.end_date)}" if p.start_date or p.end_date else "",
        "dia_diem": "; ".join(places),
        "don_vi_thu_huong": "; ".join(f.name for f in beneficiaries),
        "nguoi_dai_dien_thu_huong": beneficiaries[0].representative_name if beneficiaries else "",
        "so_quyet_dinh": p.approval_decision,
        "ngay_quyet_dinh": day(p.approved_on) if p.approved_on else "",
        "kinh_phi_duoc_duyet": money(p.approved_support),
        "kinh_phi_duoc_duyet_bang_chu": words(p.approved_support),
        "so_hop_dong": contract.number if contract else "",
        "ngay_hop_dong": day(contract.signed_on) if contract else "",
        "gia_tri_hop_dong": money(contract.value) if contract else "",
        "ben_hop_dong": contract.party if contract else "",
    }


def _identity(
    doc: OfficialDocument, values: dict[str, Any], with_beneficiary: bool = True, with_implementer: bool = True
) -> None:
    doc.field("Tên đề án", values["ten_de_an"])
    doc.field("Mã đề án", values["ma_de_an"])
    doc.field("Nguồn kinh phí", f"{values['nguon_kinh_phi']} năm {values['nam_ke_hoach']}")
    if with_implementer:
        doc.field("Đơn vị thực hiện", values["don_vi_thuc_hien"])
    if with_beneficiary:
        doc.field("Đơn vị thụ hưởng", values["don_vi_thu_huong"])
    doc.field("Địa điểm thực hiện", values["dia_diem"])


def _budget_table(doc: OfficialDocument, p: Proposal) -> budget.Totals:
    lines = alive(p.budget_lines)
    totals = budget.totals(lines)
    rows = [
        [
            str(n),
            line.item,
            line.unit,
            format_number(line.quantity),
            money(line.unit_price),
            money(line.amount),
            money(line.support_amount),
            money(line.counterpart_amount),
            money(line.other_amount),
        ]
        for n, line in enumerate(lines, start=1)
    ]
    doc.table(
        [
            "TT",
            "Nội dung chi",
            "Đơn vị tính",
            "Số lượng",
            "Đơn giá",
            "Thành tiền",
            "Kinh phí khuyến công hỗ trợ",
            "Đối ứng",
            "Nguồn khác",
        ],
        rows,
        [6, 30, 10, 9, 14, 15, 15, 14, 12],
        align="clcrrrrrr",
        total=[
            "",
            "Tổng cộng",
            "",
            "",
            "",
            money(totals.amount),
            money(totals.support),
            money(totals.counterpart),
            money(totals.other),
        ],
        size=9.5,
    )
    return totals


# --- Mẫu 01: đề án và dự toán -----------------------------------------------------------------------
def proposal_document(ctx: PrintContext, key: str) -> OfficialDocument:
    p = find_proposal(ctx, key)
    t = ctx.templates.get("de-an")
    values = proposal_values(ctx, p)
    doc = ctx.document(t, values)  # dated by hand the day it is signed and sent
    doc.record = p.code
    doc.field("Mã đề án", values["ma_de_an"])
    doc.field("Nguồn kinh phí", f"{values['nguon_kinh_phi']} năm {values['nam_ke_hoach']}")
    doc.field("Thời gian thực hiện", values["thoi_gian"])
    parts = [getattr(p, name) for name in PART_FIELDS]
    for n, (heading, content) in enumerate(zip(t.lines("phan", values), parts, strict=True), start=1):
        doc.heading(heading)
        if n == 1:  # Điều 5 k.1: the units and the place, then what the author wrote about them
            doc.field("Đơn vị thực hiện", values["don_vi_thuc_hien"])
            doc.field("Đơn vị phối hợp", values["don_vi_phoi_hop"])
            doc.field("Đơn vị thụ hưởng", values["don_vi_thu_huong"])
            doc.field("Địa điểm thực hiện", values["dia_diem"])
            if content.strip():
                doc.text_block(content)
        else:
            doc.text_block(content)
        if n == 6:  # Điều 5 k.6: the budget, detailed as Mẫu số 01
            doc.centred(t.text("tieu_de_du_toan", values), bold=True, caption=True)
            totals = _budget_table(doc, p)
            doc.paragraph(
                f"Tổng kinh phí: {money(totals.amount)} đồng (Bằng chữ: {words(totals.amount)}), trong đó "
                f"kinh phí khuyến công hỗ trợ: {money(totals.support)} đồng (Bằng chữ: {words(totals.support)}).",
                indent=False,
            )
    doc.signatures(t.signers(values), t.lines("noi_nhan", values))
    return doc


# --- Mẫu 4a/4b: phiếu thẩm định -------------------------------------------------------------------
def appraisal_document(ctx: PrintContext, key: str) -> OfficialDocument:
    """The appraisal sheet of a proposal: filled from its latest appraisal, or blank for the appraisers."""
    p = find_proposal(ctx, key)
    appraisal: Appraisal | None = next(iter(reversed(alive(p.appraisals))), None)
    form = appraisal.form if appraisal else (AppraisalForm.MAU_4B if alive(p.beneficiaries) else AppraisalForm.MAU_4A)
    t = ctx.templates.get("tham-dinh")
    if not is_national(p):
        t = titled(t, "tieu_de_dia_phuong")
    else:
        t = titled(t, "tieu_de_4b" if form is AppraisalForm.MAU_4B else "tieu_de_4a")
    totals = budget.totals(alive(p.budget_lines))
    values = proposal_values(ctx, p) | {
        "ubnd_tinh": ctx.province_committee(),
        "mau": form.value,
        "hoi_dong": appraisal.council if appraisal else "",
        "nguoi_tham_dinh": appraisal.appraiser if appraisal else "",
        "ngay_tham_dinh": day(appraisal.appraised_on) if appraisal else "",
        "kinh_phi_de_nghi": money(totals.support),
        "kinh_phi_de_nghi_bang_chu": words(totals.support),
    }
    # The Sở Công Thương appraises (TT 36/2013 Điều 8 k.1): the sheet is the Sở's, the centre is the applicant.
    issuer = (t.text("co_quan_cap_tren", values), t.text("co_quan_ban_hanh", values))
    doc = ctx.document(t, values, on=appraisal.appraised_on if appraisal else None, issuer=issuer)
    doc.record = p.code
    for line in t.lines("mo_dau", values):
        doc.paragraph(line)
    doc.heading(t.text("muc_thong_tin", values))
    doc.field(t.text("nhan_don_vi_de_nghi", values), values["don_vi_thuc_hien"])
    _identity(doc, values, with_beneficiary=form == AppraisalForm.MAU_4B, with_implementer=False)
    doc.field("Tổng kinh phí thực hiện", f"{money(totals.amount)} đồng")
    doc.field("Kinh phí khuyến công đề nghị hỗ trợ", f"{values['kinh_phi_de_nghi']} đồng")
    doc.heading(t.text("muc_noi_dung", values))
    found = {a.criterion: a for a in alive(appraisal.assessments)} if appraisal else {}
    rows = []
    for n, (item, criteria) in enumerate(zip(t.lines("tieu_chi", values), ARTICLE_9_ITEMS, strict=True), start=1):
        given = [found[c] for c in criteria if c in found]
        verdict = "" if not given else ("Đạt" if all(a.satisfied for a in given) else "Không đạt")
        opinion = "; ".join(dict.fromkeys(a.assessment.strip() for a in given if a.assessment.strip()))
        rows.append([str(n), item, verdict, opinion])
    doc.table(
        ["TT", "Nội dung thẩm định", "Đánh giá", "Ý kiến của người thẩm định"], rows, [6, 48, 14, 42], align="clcl"
    )
    doc.heading(t.text("muc_ket_luan", values))
    for conclusion in AppraisalConclusion:
        mark = CHECKED if appraisal and appraisal.conclusion == conclusion else UNCHECKED
        doc.paragraph(f"{mark} {conclusion.label}", indent=False)
    proposed = appraisal.proposed_support if appraisal else None
    doc.paragraph(
        f"Kinh phí khuyến công đề nghị hỗ trợ: {money(proposed)} đồng (Bằng chữ: {words(proposed)}).", indent=False
    )
    if appraisal and appraisal.remarks:
        doc.field("Ý kiến khác", appraisal.remarks)
    doc.signatures(t.signers(values))
    return doc


def _opening(doc: OfficialDocument, t: FormTemplate, values: dict[str, Any], present: str) -> None:
    """How a biên bản begins: its grounds, who was there (one per line), the proposal it is about."""
    for line in t.lines("mo_dau", values):
        doc.paragraph(line)
    doc.heading(t.text("muc_thanh_phan", values))
    doc.text_block(present, bullets=True)
    doc.heading(t.text("muc_de_an", values))
    _identity(doc, values)


# --- biên bản kiểm tra, giám sát --------------------------------------------------------------------
def inspection_document(ctx: PrintContext, key: str) -> OfficialDocument:
    i: Inspection = _child(ctx, Inspection, key, "biên bản kiểm tra", Inspection.inspected_on)
    t = ctx.templates.get("kiem-tra")
    values = proposal_values(ctx, i.proposal)
    values |= {"ngay_kiem_tra": day(i.inspected_on), "noi_kiem_tra": i.place or values["dia_diem"]}
    doc = ctx.document(t, values, on=i.inspected_on)
    doc.record, doc.detail = i.proposal.code, day(i.inspected_on)
    _opening(doc, t, values, i.team)
    for heading_key, content in (("muc_noi_dung", i.checked), ("muc_ket_qua", i.findings), ("muc_yeu_cau", i.requests)):
        doc.heading(t.text(heading_key, values))
        doc.text_block(content)
    for line in t.lines("ket_thuc", values):
        doc.paragraph(line)
    doc.signatures(t.signers(values))
    return doc


# --- Mẫu 3a: báo cáo tiến độ thực hiện hợp đồng --------------------------------------------------------
def contracting_agency(ctx: PrintContext, p: Proposal, on: date | None) -> str:
    """Bên A of the proposal's contract on ``on``: the ministry's agency for KCQG (by its name that day), the
    body the province names for KCĐP."""
    return ctx.ministry_agency(on or ctx.today) if is_national(p) else ctx.local_agency()


def _supports_advance(r: ProgressReport) -> bool:
    """Whether the report was the ground of an advance: one was paid after it and before the next report."""
    later = sorted(x.reported_on for x in alive(r.proposal.progress_reports) if x.reported_on > r.reported_on)
    until = later[0] if later else None
    return any(a.paid_on >= r.reported_on and (until is None or a.paid_on < until) for a in alive(r.proposal.advances))


def progress_document(ctx: PrintContext, key: str) -> OfficialDocument:
    r: ProgressReport = _child(ctx, ProgressReport, key, "báo cáo tiến độ", ProgressReport.reported_on)
    p = r.proposal
    advanced = sum(a.amount for a in alive(p.advances) if a.paid_on <= r.reported_on)
    t = ctx.templates.get("tien-do")
    national = is_national(p)
    t = titled(t, "tieu_de_quoc_gia" if national else "tieu_de_dia_phuong")
    province = ctx.province
    values = proposal_values(ctx, p) | {
        "ky_bao_cao": f"tháng {r.period_month}/{r.period_year}",
        "ngay_bao_cao": day(r.reported_on),
        "tien_do": f"{r.progress_percent}%",
        "kinh_phi_da_su_dung": money(r.funds_used),
        "kinh_phi_da_tam_ung": money(advanced),
        "co_quan_giao": contracting_agency(ctx, p, r.reported_on),
        "so_cong_thuong": local_agency_default(province) if province else "Sở Công Thương",
    }
    doc = ctx.document(t, values, on=r.reported_on)
    doc.record, doc.detail = p.code, f"tháng {r.period_month:02d}-{r.period_year}"
    # "Kính gửi" per programme (TT 36/2013 Điều 23 k.3 a: the agency that gave the contract and the Sở).
    recipients = t.lines("kinh_gui_quoc_gia" if national else "kinh_gui_dia_phuong", values)
    doc.addressed(recipients if len(recipients) > 1 else [recipients[0].removeprefix("- ")])
    doc.heading(t.text("muc_thong_tin", values))
    _identity(doc, values)
    doc.field(
        "Hợp đồng",
        f"số {values['so_hop_dong']} ngày {values['ngay_hop_dong']}, giá trị {values['gia_tri_hop_dong']} đồng",
    )
    doc.heading(t.text("muc_tien_do", values))
    lines = alive(p.budget_lines)
    doc.table(
        [
            "TT",
            "Nội dung công việc theo hợp đồng",
            "Đơn vị tính",
            "Khối lượng theo hợp đồng",
            "Kinh phí theo hợp đồng (đồng)",
            "Khối lượng đã thực hiện",
            "Kinh phí đã thực hiện (đồng)",
        ],
        [
            [str(n), x.item, x.unit, format_number(x.quantity), money(x.support_amount), "", ""]
            for n, x in enumerate(lines, 1)
        ],
        [6, 34, 10, 12, 15, 11, 14],
        align="clcrrrr",
        total=["", "Cộng", "", "", money(sum(x.support_amount for x in lines)), "", values["kinh_phi_da_su_dung"]],
        size=10,
    )
    doc.text_block(r.content)
    doc.heading(t.text("muc_kinh_phi", values))
    doc.table(
        ["Chỉ tiêu", "Giá trị"],
        [
            ["Tiến độ thực hiện chung", values["tien_do"]],
            ["Kinh phí khuyến công được duyệt (đồng)", values["kinh_phi_duoc_duyet"]],
            ["Kinh phí đã sử dụng (đồng)", values["kinh_phi_da_su_dung"]],
            ["Kinh phí đã tạm ứng (đồng)", values["kinh_phi_da_tam_ung"]],
        ],
        [70, 30],
        align="lr",
    )
    doc.heading(t.text("muc_kien_nghi", values))
    doc.dotted_lines(int(t.entries.get("so_dong_kien_nghi", 3)))
    signers = t.signers(values)
    if _supports_advance(r):  # the Sở checks and certifies a report that grounds an advance (Điều 23 k.3 a)
        signers = t.signers(values, "ky_tam_ung") + signers
    doc.signatures(signers, t.lines("noi_nhan", values))
    return doc


# --- Mẫu 5a/5b/5c: biên bản nghiệm thu cơ sở ----------------------------------------------------------
def _at_location(p: Proposal, a: Acceptance) -> tuple[list[Any], list[Any]]:
    """The budget lines and beneficiaries an acceptance covers: for one location (Mẫu 5a), those of the
    beneficiaries in its commune; a proposal's only location, or an acceptance of the whole, covers all."""
    lines, beneficiaries = alive(p.budget_lines), [b.facility for b in alive(p.beneficiaries)]
    if a.location is None or len(alive(p.locations)) < 2:
        return lines, beneficiaries
    here = [f for f in beneficiaries if f.commune_code == a.location.commune_code]
    ids = {f.id for f in here}
    return [x for x in lines if x.beneficiary_facility_id in ids], here


def acceptance_document(ctx: PrintContext, key: str) -> OfficialDocument:
    a: Acceptance = _child(ctx, Acceptance, key, "biên bản nghiệm thu", Acceptance.accepted_on)
    p = a.proposal
    t = titled(ctx.templates.get("nghiem-thu"), f"tieu_de_{a.form.value}")
    place = a.location
    lines, beneficiaries = _at_location(p, a)
    values = proposal_values(ctx, p) | {
        "mau": a.form.value,
        "ngay_nghiem_thu": day(a.accepted_on),
        "dia_diem_nghiem_thu": place_name(place.commune, place.address) if place else "",
        "gia_tri_nghiem_thu": money(a.value_accepted),
        "gia_tri_nghiem_thu_bang_chu": words(a.value_accepted),
        "ket_luan": a.conclusion.label,
    }
    if place is not None:  # the place accepted, its beneficiaries
        values |= {
            "dia_diem": values["dia_diem_nghiem_thu"],
            "don_vi_thu_huong": "; ".join(f.name for f in beneficiaries),
        }
    doc = ctx.document(t, values, on=a.accepted_on)
    doc.record, doc.detail = p.code, day(a.accepted_on)
    for line in t.lines("mo_dau", values):
        doc.paragraph(line)
    doc.heading(t.text("muc_thanh_phan", values))
    present = [x.strip().removeprefix("- ") for x in a.parties.splitlines() if x.strip()]
    if present:  # every participant signs beside their name (TT 36/2013 Điều 14: the signed minutes)
        doc.table(
            ["TT", "Họ và tên, chức vụ, đơn vị", "Ký tên"],
            [[str(n), x, ""] for n, x in enumerate(present, start=1)],
            [6, 70, 24],
            align="clc",
            sign_rows=True,
        )
    else:
        doc.dotted_lines(3)
    doc.heading(t.text("muc_de_an", values))
    _identity(doc, values)
    doc.heading(t.text("muc_noi_dung", values))
    approved = sum(x.support_amount for x in lines)
    doc.table(
        [
            "TT",
            "Nội dung theo đề án được duyệt",
            "Đơn vị tính",
            "Khối lượng được duyệt",
            "Khối lượng thực hiện",
            "Kinh phí được duyệt (đồng)",
            "Kinh phí nghiệm thu (đồng)",
        ],
        [
            [str(n), x.item, x.unit, format_number(x.quantity), "", money(x.support_amount), ""]
            for n, x in enumerate(lines, 1)
        ],
        [6, 36, 10, 12, 12, 13, 13],
        align="clcrrrr",
        total=["", "Cộng", "", "", "", money(approved), values["gia_tri_nghiem_thu"]],
        size=10,
    )
    doc.heading(t.text("muc_ket_qua", values))
    doc.text_block(a.achieved)
    if a.trainees_certified:
        doc.field("Số học viên được cấp chứng chỉ", a.trainees_certified)
    doc.paragraph(
        f"Giá trị nghiệm thu: {values['gia_tri_nghiem_thu']} đồng (Bằng chữ: {values['gia_tri_nghiem_thu_bang_chu']})"
        f" trên kinh phí được duyệt {money(approved)} đồng.",
        indent=False,
    )
    doc.heading(t.text("muc_ket_luan", values))
    for conclusion in AcceptanceConclusion:
        mark = CHECKED if a.conclusion == conclusion else UNCHECKED
        doc.paragraph(f"{mark} {conclusion.label}", indent=False)
    for line in t.lines("ket_thuc", values):
        doc.paragraph(line)
    # Every beneficiary accepted here signs, then the implementing unit, the Sở (and the commune for 5a).
    own = [Signer("Đại diện đơn vị thụ hưởng", f.representative_name or "", over=f.name) for f in beneficiaries]
    doc.signatures(own + t.signers(values, "ky_5a" if a.form is AcceptanceForm.MAU_5A else "ky"))
    return doc


# --- Mẫu 6: biên bản thanh lý hợp đồng ----------------------------------------------------------------
def _acceptance_grounds(p: Proposal) -> str:
    """ "biên bản nghiệm thu cơ sở ngày 05/10/2021 (Mẫu 5a) tại xã Trà My; …": each acceptance the
    liquidation rests on, by its date, form and place (an acceptance has no register number of its own)."""
    cited = []
    for a in sorted(alive(p.acceptances), key=lambda x: x.accepted_on):
        where = f" tại {place_name(a.location.commune, a.location.address)}" if a.location else ""
        cited.append(f"Biên bản nghiệm thu cơ sở ngày {day(a.accepted_on)} (Mẫu số {a.form.value}){where}")
    return "; ".join(cited) if cited else "Biên bản nghiệm thu cơ sở số ……… ngày ………"


def liquidation_document(ctx: PrintContext, key: str) -> OfficialDocument:
    p = find_proposal(ctx, key)
    settlement = next(iter(alive(p.settlements)), None)
    if settlement is None and not alive(p.acceptances) and p.status is not ProposalStatus.STOPPED:
        # The minute settles what was accepted against what was advanced: before any acceptance it would tell
        # the implementer to pay back every advance ("Bên B phải hoàn trả …"). A stopped proposal is
        # liquidated so: what was advanced is paid back.
        raise RecordNotFound(
            f"Đề án {p.code} chưa có nghiệm thu hay quyết toán (“{p.status.label}”): biên bản thanh lý lập sau đó"
        )
    accepted = sum(a.value_accepted for a in alive(p.acceptances))
    advanced = sum(a.amount for a in alive(p.advances))
    balance = (settlement.settled_amount if settlement else accepted) - advanced
    t = ctx.templates.get("thanh-ly")
    values = proposal_values(ctx, p)
    contract = next((c for c in alive(p.contracts) if c.number == values["so_hop_dong"]), None)
    implementer = values["don_vi_thuc_hien"]
    if contract is not None and contract.kind is ContractKind.HO_TRO:  # the centre supports a beneficiary
        parties = (implementer, ctx.centre.director_name, contract.party or values["don_vi_thu_huong"], "")
    else:  # TT 36/2013: the agency that gave the proposal contracts its implementing unit
        parties = (
            contracting_agency(ctx, p, settlement.liquidated_on if settlement else None),
            "",
            (contract.party if contract else "") or implementer,
            ctx.centre.director_name,
        )
    values |= {
        "ben_a": parties[0],
        "dai_dien_ben_a": parties[1],
        "ben_b": parties[2],
        "dai_dien_ben_b": parties[3],
        "can_cu_nghiem_thu": _acceptance_grounds(p),
        "ngay_thanh_ly": day(settlement.liquidated_on) if settlement and settlement.liquidated_on else "",
        "gia_tri_nghiem_thu": money(accepted),
        "gia_tri_quyet_toan": money(settlement.settled_amount if settlement else None),
        "da_tam_ung": money(advanced),
        "con_phai_tra": money(max(balance, 0)),
        "con_phai_tra_bang_chu": words(max(balance, 0)),
        "phai_hoan": money(max(-balance, 0)),
        "phai_hoan_bang_chu": words(max(-balance, 0)),
    }
    on = settlement.liquidated_on if settlement and settlement.liquidated_on else None
    doc = ctx.document(t, values, on=on, so=settlement.liquidation_no if settlement else "")
    doc.record = p.code
    for line in t.lines("mo_dau", values):
        doc.paragraph(line)
    doc.heading(t.text("muc_ben_a", values))
    for line in t.lines("ben_a", values):
        doc.paragraph(line, indent=False)
    doc.heading(t.text("muc_ben_b", values))
    for line in t.lines("ben_b", values):
        doc.paragraph(line, indent=False)
    doc.heading(t.text("muc_gia_tri", values))
    doc.table(
        ["TT", "Nội dung", "Số tiền (đồng)"],
        [
            ["1", "Giá trị hợp đồng", values["gia_tri_hop_dong"]],
            ["2", "Giá trị nghiệm thu", values["gia_tri_nghiem_thu"]],
            ["3", "Giá trị quyết toán", values["gia_tri_quyet_toan"]],
            ["4", "Đã tạm ứng", values["da_tam_ung"]],
            ["5", "Bên A còn phải thanh toán cho Bên B", values["con_phai_tra"]],
            ["6", "Bên B phải hoàn trả cho Bên A", values["phai_hoan"]],
        ],
        [8, 62, 30],
        align="clr",
    )
    if balance >= 0:
        doc.paragraph(
            f"Số tiền Bên A còn phải thanh toán cho Bên B: {values['con_phai_tra']} đồng "
            f"(Bằng chữ: {values['con_phai_tra_bang_chu']}).",
            indent=False,
        )
    else:
        doc.paragraph(
            f"Số tiền Bên B phải hoàn trả cho Bên A: {values['phai_hoan']} đồng "
            f"(Bằng chữ: {values['phai_hoan_bang_chu']}).",
            indent=False,
        )
    for line in t.lines("ket_thuc", values):
        doc.paragraph(line)
    doc.signatures(t.signers(values))
    return doc
