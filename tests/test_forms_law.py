"""Each printed form against the text it follows: TT 36/2013/TT-BCT (Điều 5, 8, 9, 18, 23 and Phụ lục 1 Mẫu
3a, 4a, 4b, 5a, 5b, 6), TT 26/2014/TT-BCT (Điều 7, 17, Phụ lục 4, 6) and NĐ 30/2020/NĐ-CP (Phụ lục I–III).
Read from the PDF's text, on a demo city (Đà Nẵng is a thành phố) so the province's kind shows."""

from __future__ import annotations

import re
import shutil
import tomllib
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from desktop.core.money import format_money
from desktop.models import (
    Acceptance,
    Advance,
    Appraisal,
    Attendance,
    Enrolment,
    Facility,
    Inspection,
    ProductCertificate,
    ProgressReport,
    Proposal,
    Settlement,
    TrainingCourse,
    VotingEntry,
)
from desktop.models.enums import AppraisalForm, ContractKind, FundingKind, ProposalStatus, VotingLevel
from desktop.models.local import AppSetting
from desktop.models.voting import Score
from desktop.printing import catalog, fonts
from desktop.printing.templates import BUILT_IN, TemplateStore
from desktop.services import settings
from desktop.services.lifecycle import alive
from desktop.store.db import Database
from tests.conftest import DemoFile
from tests.test_printing import _pdf, _text

TODAY = date(2026, 12, 3)
# NĐ 30/2020 Phụ lục III: the abbreviations of the kinds of administrative document the forms are.
PHU_LUC_III = {"ĐA": "Đề án", "BB": "Biên bản", "BC": "Báo cáo", "KH": "Kế hoạch", "QĐ": "Quyết định"}


@pytest.fixture(scope="module")
def da_nang_file(demo_file_named: DemoFile) -> Path:
    return demo_file_named("da-nang")


@pytest.fixture
def da_nang(da_nang_file: Path, tmp_path: Path) -> Iterator[Session]:
    """The demo city on a file of this test's own (tests change records before printing)."""
    path = tmp_path / "demo.sqlite3"
    shutil.copyfile(da_nang_file, path)
    database = Database(path)
    with database.session() as session:
        yield session
    database.close()


def _render(session: Session, form: str, key: object) -> PdfReader:
    session.flush()
    return _pdf(catalog.render(session, form, str(key), TemplateStore(), TODAY))


def _lines(reader: PdfReader) -> list[str]:
    """The first page's lines as drawn (no-break spaces read as spaces)."""
    return [" ".join(line.split()) for line in reader.pages[0].extract_text().splitlines()]


def _settled(session: Session) -> Proposal:
    liquidated = select(Settlement.proposal_id).where(Settlement.liquidated_on.is_not(None))
    found = session.scalars(select(Proposal).where(Proposal.id.in_(liquidated))).first()
    assert found is not None
    return found


# --- NĐ 30/2020: numbers, dates, capitals, place names -------------------------------------------------
def test_a_number_the_register_gave_whole_is_printed_once_nd30_phu_luc_i(da_nang: Session) -> None:
    """NĐ 30/2020 Phụ lục I mục II.3: "Số: 26/BB-TTKC" — never "26/BB-TTKC/BB-…" nor "26/BBTL/BBTL-…"."""
    proposal = _settled(da_nang)
    settlement = alive(proposal.settlements)[0]
    settlement.liquidation_no = "26/BB-TTKC"
    text = _text(_render(da_nang, "thanh-ly", proposal.id))
    assert "Số: 26/BB-TTKC " in text and "26/BB-TTKC/" not in text
    settlement.liquidation_no = "27"  # only the register's number: the centre's pattern adds the kind
    short = settings.load(da_nang).short_name
    assert f"Số: 27/BB-{short} " in _text(_render(da_nang, "thanh-ly", proposal.id))


def test_every_numbered_form_uses_an_abbreviation_of_nd30_phu_luc_iii() -> None:
    """NĐ 30/2020 Phụ lục III: Biên bản BB, Báo cáo BC, Đề án ĐA…; a sheet that is not one of its kinds
    (an appraisal sheet, a list) has no number line rather than an invented "PTĐ", "BBTL" or "DS"."""
    for path in sorted(BUILT_IN.glob("*.toml")):
        entries = tomllib.loads(path.read_text(encoding="utf-8"))
        if "loai" in entries:
            assert entries["loai"] in PHU_LUC_III, path.name
    for unnumbered in ("tham-dinh", "diem-danh", "tien-an", "nhan-chung-chi"):
        assert "loai" not in tomllib.loads((BUILT_IN / f"{unnumbered}.toml").read_text(encoding="utf-8"))


def test_a_sheet_to_fill_by_hand_has_a_blank_date_and_a_record_is_dated_by_its_event(da_nang: Session) -> None:
    """NĐ 30/2020 Phụ lục I mục II.4 (địa danh và thời gian ban hành): the date the document is made, so a
    blank appraisal sheet or a đề án to be signed carries dots, not the day it was printed."""
    draft = da_nang.scalars(select(Proposal).where(Proposal.status == ProposalStatus.DRAFT)).first()
    assert draft is not None and not alive(draft.appraisals)
    printed = "ngày 03 tháng 12 năm 2026"
    for form in ("tham-dinh", "de-an"):
        text = _text(_render(da_nang, form, draft.id))
        assert "Đà Nẵng, ngày ….. tháng ….. năm ……." in text and printed not in text, form
    proposal = _settled(da_nang)
    liquidated = alive(proposal.settlements)[0].liquidated_on
    assert liquidated is not None
    text = _text(_render(da_nang, "thanh-ly", proposal.id))
    assert f"Đà Nẵng, ngày {liquidated.day:02d} tháng" in text and printed not in text


def test_a_place_name_never_breaks_in_the_letterhead_nor_a_title_inside_its_phrase(da_nang: Session) -> None:
    """NĐ 30/2020 Phụ lục I mục II.2 (tên cơ quan ban hành): "SỞ CÔNG THƯƠNG / THÀNH PHỐ ĐÀ NẴNG", never
    "… ĐÀ / NẴNG"; a title keeps "KHUYẾN CÔNG QUỐC GIA" on one line."""
    national = select(ProgressReport).join(Proposal).where(Proposal.funding != FundingKind.KCDP)
    report = da_nang.scalars(national).first()
    assert report is not None
    lines = _lines(_render(da_nang, "tien-do", report.id))
    assert any(line.startswith("THÀNH PHỐ ĐÀ NẴNG") for line in lines)
    assert not any(line.endswith(" ĐÀ") or line.startswith("NẴNG") for line in lines)
    assert any("KHUYẾN CÔNG QUỐC GIA" in line for line in lines)


def test_unit_nouns_are_lower_case_in_running_text_nd30_phu_luc_ii(da_nang: Session) -> None:
    """NĐ 30/2020 Phụ lục II mục II.2: "xã Hòa Vang", "thành phố Đà Nẵng" inside a sentence."""
    acceptance = da_nang.scalars(select(Acceptance).where(Acceptance.location_id.is_not(None))).first()
    assert acceptance is not None and acceptance.location is not None
    commune = acceptance.location.commune.name
    assert commune.startswith(("Xã ", "Phường ", "Đặc khu "))
    text = _text(_render(da_nang, "nghiem-thu", acceptance.id))
    lowered = commune[0].lower() + commune[1:]
    assert f"tại {lowered}" in text and f"tại {commune}" not in text
    assert f"Địa điểm thực hiện: {lowered}" in text


def test_font_subsets_carry_distinct_tags() -> None:
    """PDF 1.7 §9.6.4: the six-letter tag tells subsets of a font apart; two different subsets (two documents
    merged in a batch) never share a name, while the same glyphs give the same name."""
    assert fonts.subset_tag("KCSerif-Regular", [0, 1, 2]) == fonts.subset_tag("KCSerif-Regular", [0, 1, 2])
    assert fonts.subset_tag("KCSerif-Regular", [0, 1, 2]) != fonts.subset_tag("KCSerif-Regular", [0, 1, 3])
    assert fonts.subset_tag("KCSerif-Regular", [0, 1, 2]) != fonts.subset_tag("KCSerif-Bold", [0, 1, 2])
    assert re.fullmatch("[A-Z]{6}", fonts.subset_tag("x", [5]))


def test_a_batch_of_different_records_names_each_different_subset_differently(da_nang: Session) -> None:
    keys = [str(p) for p in da_nang.scalars(select(Proposal.id).limit(3))]
    data = catalog.render_batch(da_nang, "tham-dinh", keys, TemplateStore(), TODAY)
    reader = _pdf(data)
    named: dict[str, bytes] = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():  # type: ignore[index]
            obj = font.get_object()
            program = obj["/FontDescriptor"]["/FontFile2"].get_object().get_data()
            assert named.setdefault(obj["/BaseFont"], program) == program, obj["/BaseFont"]
            assert not str(obj["/BaseFont"]).startswith("/AAAAAA+")


# --- TT 36/2013 -----------------------------------------------------------------------------------------
def test_the_proposal_has_the_eight_parts_of_article_5(da_nang: Session) -> None:
    """TT 36/2013 Điều 5: the eight contents of a đề án, in order, with the budget of Mẫu số 01 under the sixth."""
    proposal = _settled(da_nang)
    proposal.funding = FundingKind.KCQG_DOI_TUONG
    text = _text(_render(da_nang, "de-an", proposal.id))
    parts = [
        "1. Đơn vị thực hiện, đơn vị phối hợp, đơn vị thụ hưởng, địa điểm thực hiện",
        "2. Sự cần thiết và căn cứ của đề án",
        "3. Mục tiêu",
        "4. Quy mô đề án",
        "5. Nội dung và tiến độ",
        "6. Dự toán kinh phí",
        "DỰ TOÁN KINH PHÍ THỰC HIỆN ĐỀ ÁN",
        "7. Tổ chức thực hiện",
        "8. Hiệu quả của đề án",
    ]
    found = [text.find(part) for part in parts]
    assert -1 not in found and found == sorted(found), dict(zip(parts, found, strict=True))
    assert "ĐỀ ÁN KHUYẾN CÔNG QUỐC GIA" in text


def test_the_appraisal_is_the_so_cong_thuongs_with_the_five_items_of_article_9(da_nang: Session) -> None:
    """TT 36/2013 Điều 8 k.1 a: the Giám đốc Sở Công Thương appraises a KCQG proposal at the base level, the
    centre files it; Điều 9: exactly five items; Mẫu 4a/4b titles in full."""
    appraisal = da_nang.scalars(
        select(Appraisal).join(Proposal).where(Proposal.funding != FundingKind.KCDP, Appraisal.deleted_at.is_(None))
    ).first()
    assert appraisal is not None
    centre = settings.load(da_nang)
    for form, title in (
        (AppraisalForm.MAU_4A, "PHIẾU THẨM ĐỊNH ĐỀ ÁN KHUYẾN CÔNG QUỐC GIA CẤP CƠ SỞ "),
        (AppraisalForm.MAU_4B, "PHIẾU THẨM ĐỊNH ĐỀ ÁN KHUYẾN CÔNG QUỐC GIA CẤP CƠ SỞ THEO ĐỐI TƯỢNG CỤ THỂ"),
    ):
        appraisal.form = form
        reader = _render(da_nang, "tham-dinh", appraisal.proposal_id)
        text = _text(reader)
        assert text.startswith("ỦY BAN NHÂN DÂN THÀNH PHỐ ĐÀ NẴNG SỞ CÔNG THƯƠNG"), text[:80]
        assert centre.centre_name.upper() not in text  # the centre is not the issuer…
        assert f"Đơn vị đề nghị thẩm định (đơn vị thực hiện): {appraisal.proposal.implementing_unit}" in text
        assert title in text
    items = [
        "1 Mức độ phù hợp của đề án với các nguyên tắc được quy định tại Điều 4",
        "2 Mục tiêu, sự cần thiết và hiệu quả của đề án; tính hợp lý về sử dụng kinh phí, nguồn lực và cơ sở vật chất",
        "3 Năng lực của đơn vị thực hiện, đơn vị phối hợp, đơn vị thụ hưởng",
        "4 Khả năng kết hợp, lồng ghép với các dự án, chương trình mục tiêu khác",
        "5 Sự phù hợp và đầy đủ của hồ sơ, tài liệu của đề án",
    ]
    for item in items:
        assert item.split(" ", 1)[1] in text, item
    assert not re.search(r"\b6 [A-ZĐ]", text.split("III. KẾT LUẬN")[0])


def test_a_local_proposals_appraisal_is_titled_as_local(da_nang: Session) -> None:
    proposal = da_nang.scalars(select(Proposal).where(Proposal.funding == FundingKind.KCDP)).first()
    assert proposal is not None
    text = _text(_render(da_nang, "tham-dinh", proposal.id))
    assert "PHIẾU THẨM ĐỊNH ĐỀ ÁN KHUYẾN CÔNG ĐỊA PHƯƠNG" in text and "QUỐC GIA" not in text


def test_the_liquidation_is_between_the_two_real_parties_of_the_contract(da_nang: Session) -> None:
    """TT 36/2013 Điều 18 and Mẫu số 6: Bên A is the agency that gave the proposal (for KCQG the ministry's
    agency — since 2025 the Cục Đổi mới sáng tạo, Chuyển đổi xanh và Khuyến công, a setting), Bên B the
    implementing unit; for KCĐP Bên A is the body the province names. Never the same unit twice; the
    acceptance it rests on is cited with its date."""
    proposal = _settled(da_nang)
    proposal.funding = FundingKind.KCQG_DOI_TUONG
    settlement = alive(proposal.settlements)[0]
    settlement.liquidated_on = date(2025, 2, 28)  # the day before NĐ 40/2025 reorganised the ministry
    text = _text(_render(da_nang, "thanh-ly", proposal.id))
    assert "BÊN A (bên giao): Cục Công nghiệp địa phương Đại diện" in text
    settlement.liquidated_on = date(2025, 3, 1)
    contract = next(c for c in alive(proposal.contracts) if c.kind is ContractKind.THUC_HIEN)
    text = _text(_render(da_nang, "thanh-ly", proposal.id))
    bên_a = text.split("BÊN A (bên giao):")[1].split("Đại diện")[0].strip()
    bên_b = text.split("BÊN B (bên nhận):")[1].split("Đại diện")[0].strip()
    assert bên_a == "Cục Đổi mới sáng tạo, Chuyển đổi xanh và Khuyến công"
    assert bên_b == contract.party and bên_a != bên_b
    accepted = alive(proposal.acceptances)[0].accepted_on
    assert f"Căn cứ Biên bản nghiệm thu cơ sở ngày {accepted:%d/%m/%Y}" in text
    assert "Căn cứ biên bản nghiệm thu đề án khuyến công;" not in text

    centre = settings.load(da_nang)
    centre.ministry_agency = "Cục Khuyến công"  # renamed again: a setting, no new program
    settings.save(da_nang, centre)
    assert "BÊN A (bên giao): Cục Khuyến công Đại diện" in _text(_render(da_nang, "thanh-ly", proposal.id))

    proposal.funding = FundingKind.KCDP
    text = _text(_render(da_nang, "thanh-ly", proposal.id))
    assert "BÊN A (bên giao): Sở Công Thương thành phố Đà Nẵng Đại diện" in text
    assert "ĐẠI DIỆN BÊN A" in text and "ĐẠI DIỆN BÊN B" in text and "KẾ TOÁN" not in text


def test_the_progress_report_is_the_contract_report_of_article_23(da_nang: Session) -> None:
    """TT 36/2013 Điều 23 k.3 a and Mẫu số 3a: a report per content of the contract, sent to the agency that
    gave it and the Sở Công Thương; when it grounds an advance, the Sở checks and certifies it."""
    report = next(
        r
        for r in da_nang.scalars(select(ProgressReport))
        if r.proposal.funding is not FundingKind.KCDP and alive(r.proposal.budget_lines)
    )
    proposal = report.proposal
    report.reported_on = date(2026, 3, 25)
    for advance in alive(proposal.advances):
        advance.deleted_at = advance.created_at  # no advance yet: no certification block
    text = _text(_render(da_nang, "tien-do", report.id))
    assert "BÁO CÁO TIẾN ĐỘ THỰC HIỆN HỢP ĐỒNG KHUYẾN CÔNG QUỐC GIA" in text
    assert (
        "Kính gửi: - Cục Đổi mới sáng tạo, Chuyển đổi xanh và Khuyến công; - Sở Công Thương thành phố Đà Nẵng." in text
    )
    heading = "Nội dung công việc theo hợp đồng"
    assert heading in text
    for line in alive(proposal.budget_lines):
        assert line.item in text.split(heading)[1]
    assert "XÁC NHẬN CỦA SỞ CÔNG THƯƠNG" not in text
    grounded = Advance(paid_on=report.reported_on, amount=1_000_000, voucher_no="", note="")
    grounded.province_code = proposal.province_code
    proposal.advances.append(grounded)
    assert "XÁC NHẬN CỦA SỞ CÔNG THƯƠNG" in _text(_render(da_nang, "tien-do", report.id))

    proposal.funding = FundingKind.KCDP
    text = _text(_render(da_nang, "tien-do", report.id))
    assert "BÁO CÁO TIẾN ĐỘ THỰC HIỆN HỢP ĐỒNG KHUYẾN CÔNG ĐỊA PHƯƠNG" in text
    assert "Kính gửi: Sở Công Thương thành phố Đà Nẵng." in text


def test_an_acceptance_per_location_shows_that_location_and_every_beneficiary_signs(da_nang: Session) -> None:
    """TT 36/2013 Mẫu số 5a (nghiệm thu cơ sở cho từng địa điểm): that place's contents, volume and money,
    approved beside achieved, and the signature of each beneficiary there; Mẫu 5b for the whole."""
    acceptance = next(
        a
        for a in da_nang.scalars(select(Acceptance).where(Acceptance.location_id.is_not(None)))
        if len({loc.commune_code for loc in alive(a.proposal.locations)}) > 1
        and len({line.beneficiary_facility_id for line in alive(a.proposal.budget_lines)}) > 1
    )
    assert acceptance.location is not None
    proposal = acceptance.proposal
    here = {
        b.facility_id
        for b in alive(proposal.beneficiaries)
        if b.facility.commune_code == acceptance.location.commune_code
    }
    text = _text(_render(da_nang, "nghiem-thu", acceptance.id))
    assert "BIÊN BẢN NGHIỆM THU CƠ SỞ CHO TỪNG ĐỊA ĐIỂM" in text
    for header in ("Khối lượng được duyệt", "Khối lượng thực hiện", "Kinh phí được duyệt", "Kinh phí nghiệm thu"):
        assert header in text
    table = text.split("Kinh phí nghiệm thu (đồng)")[1].split("IV. KẾT QUẢ")[0]
    for line in alive(proposal.budget_lines):
        assert (f" {line.item} " in f" {table} ") == (line.beneficiary_facility_id in here), line.item
    signatures = text.split("Biên bản được lập thành")[1]
    for beneficiary in alive(proposal.beneficiaries):
        facility: Facility = beneficiary.facility
        assert (facility.name.upper() in signatures) == (facility.id in here), facility.name
    assert "XÁC NHẬN CỦA ỦY BAN NHÂN DÂN CẤP XÃ" in signatures

    acceptance.location = None
    acceptance.form = acceptance.form.__class__("5b")
    text = _text(_render(da_nang, "nghiem-thu", acceptance.id))
    assert "BIÊN BẢN NGHIỆM THU CƠ SỞ " in text and "CHO TỪNG ĐỊA ĐIỂM" not in text
    signatures = text.split("Biên bản được lập thành")[1]
    assert all(b.facility.name.upper() in signatures for b in alive(proposal.beneficiaries))


# --- TT 26/2014 -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("level", "issuer", "signer"),
    [
        (VotingLevel.TINH, "ỦY BAN NHÂN DÂN THÀNH PHỐ ĐÀ NẴNG", "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH"),
        (VotingLevel.XA, "", "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH"),
        (VotingLevel.KHU_VUC, "CỤC ĐỔI MỚI SÁNG TẠO, CHUYỂN ĐỔI XANH VÀ KHUYẾN CÔNG", "CỤC TRƯỞNG"),
        (VotingLevel.QUOC_GIA, "BỘ CÔNG THƯƠNG", "BỘ TRƯỞNG"),
    ],
)
def test_the_product_certificate_is_issued_by_the_body_of_its_level(
    da_nang: Session, level: VotingLevel, issuer: str, signer: str
) -> None:
    """TT 26/2014 Điều 17 k.2 and Phụ lục 6: the People's Committee of the commune or of the province (Đà Nẵng
    is a thành phố: never "tỉnh Đà Nẵng"), the ministry's agency for a region, the Minister for the nation;
    one page each."""
    certificate = da_nang.scalars(select(ProductCertificate)).first()
    assert certificate is not None
    certificate.level = level
    # Names on two lines each still leave the signer on the one page.
    certificate.product.name = "Bộ sản phẩm mây tre đan xuất khẩu gồm khay, giỏ, hộp đựng và đèn trang trí nội thất"
    certificate.product.facility.name = (
        "Hợp tác xã sản xuất, chế biến và kinh doanh các sản phẩm thủ công mỹ nghệ mây tre đan truyền thống"
        " làng nghề Cẩm Nê"
    )
    if level is VotingLevel.XA:  # the commune's own committee: "ỦY BAN NHÂN DÂN XÃ …", "… ĐẶC KHU …"
        issuer = f"ỦY BAN NHÂN DÂN {certificate.product.facility.commune.name.upper()}"
    reader = _render(da_nang, "chung-nhan-sp", certificate.id)
    text = _text(reader)
    assert issuer in text and signer in text
    assert "TỈNH ĐÀ NẴNG" not in text
    assert len(reader.pages) == 1


def test_the_scoring_sheet_names_the_criteria_of_article_7(da_nang: Session) -> None:
    """TT 26/2014 Điều 7 k.1 and Phụ lục 4: the four criteria in the circular's words, 40/40/10/10."""
    entry = da_nang.scalars(select(VotingEntry).where(VotingEntry.id.in_(select(Score.entry_id)))).first()
    assert entry is not None
    text = _text(_render(da_nang, "phieu-cham", entry.id))
    for criterion in (
        "Tiêu chí về đáp ứng thị trường và khả năng phát triển sản xuất",
        "Tiêu chí về kinh tế - kỹ thuật - xã hội và môi trường",
        "Tiêu chí về tính văn hóa và thẩm mỹ",
        "Tiêu chí khác",
    ):
        assert criterion in text


def test_the_contracting_agencies_are_settings_with_the_laws_defaults(da_nang: Session) -> None:
    centre = settings.load(da_nang)
    centre.ministry_agency = centre.local_agency = ""
    stored = settings.save(da_nang, centre)
    assert stored.ministry_agency == "Cục Đổi mới sáng tạo, Chuyển đổi xanh và Khuyến công"
    assert stored.local_agency == "Sở Công Thương thành phố Đà Nẵng"


# --- the centre's own papers ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("form", "title", "columns"),
    [
        ("kiem-tra", "BIÊN BẢN KIỂM TRA, GIÁM SÁT", ["I. THÀNH PHẦN ĐOÀN KIỂM TRA", "III. NỘI DUNG KIỂM TRA"]),
        ("diem-danh", "DANH SÁCH HỌC VIÊN KÝ ĐIỂM DANH", ["Họ và tên", "Năm sinh", "Địa chỉ"]),
        ("tien-an", "DANH SÁCH HỌC VIÊN NHẬN TIỀN HỖ TRỢ TIỀN ĂN, ĐI LẠI", ["Số ngày ăn", "Ký nhận"]),
        ("nhan-chung-chi", "DANH SÁCH HỌC VIÊN NHẬN CHỨNG CHỈ", ["Số chứng chỉ", "Ký nhận"]),
        ("chung-chi", "GIẤY CHỨNG NHẬN", ["Hoàn thành khóa", "GIÁM ĐỐC"]),
        ("bao-cao", "BÁO CÁO", ["I. KẾT QUẢ THEO NHÓM NỘI DUNG", "Kinh phí được duyệt"]),
    ],
)
def test_the_centres_own_papers_carry_its_name_their_title_and_columns(
    da_nang: Session, form: str, title: str, columns: list[str]
) -> None:
    """TT 36/2013 Điều 14 k.1 (the signed lists of trainees), Điều 21–23 (reports): the centre issues them."""
    from tests.test_printing import _keys

    text = _text(_render(da_nang, form, _keys(da_nang)[form]))
    assert settings.load(da_nang).centre_name.upper() in text
    assert title in text
    for column in columns:
        assert column in text, column
    assert not re.search(r"Xã [^,]+, xã ", text)  # a trainee's commune is named once, in lower case


def test_every_participant_of_an_acceptance_signs_beside_their_name(da_nang: Session) -> None:
    """TT 36/2013 Điều 14 and Mẫu 5a/5b: the minutes are signed by all present, each named on a line."""
    acceptance = da_nang.scalars(select(Acceptance)).first()
    assert acceptance is not None
    acceptance.parties = "Ông Nguyễn Văn An - Phòng Quản lý công nghiệp, Sở Công Thương\n- Bà Lê Thị Bình - kế toán"
    text = _text(_render(da_nang, "nghiem-thu", acceptance.id))
    table = text.split("Họ và tên, chức vụ, đơn vị Ký tên")[1].split("II. THÔNG TIN ĐỀ ÁN")[0]
    assert "1 Ông Nguyễn Văn An - Phòng Quản lý công nghiệp, Sở Công Thương" in table
    assert "2 Bà Lê Thị Bình - kế toán" in table


def test_a_number_pattern_or_a_wording_that_cannot_be_filled_is_refused_in_vietnamese(
    da_nang: Session, tmp_path: Path
) -> None:
    """NĐ 30/2020 Phụ lục I mục II.3: the number line is the centre's pattern; a pattern the program cannot fill
    is refused when saved, and one already stored stops printing with a message naming the setting."""
    from desktop.core.validation import FieldError
    from desktop.printing.templates import TemplateError

    centre = settings.load(da_nang)
    for wrong, says in (("{so}/{loai}-{viet_tat}/{nam}", "không có {nam}"), ("{so}/{", "lẻ"), ("BB-TTKC", "{so}")):
        centre.number_pattern = wrong
        with pytest.raises(FieldError, match=re.escape(says)):
            settings.save(da_nang, centre)
    proposal = _settled(da_nang)
    da_nang.execute(update(AppSetting).where(AppSetting.key == "number_pattern").values(value="{so}/{nam}"))
    with pytest.raises(TemplateError, match="Cài đặt → “Mẫu số văn bản”"):
        _render(da_nang, "thanh-ly", proposal.id)
    own = tmp_path / "mau-bieu"
    own.mkdir()
    (own / "kiem-tra.toml").write_text('tieu_de = "{ten_de_an.__class__}"\n', encoding="utf-8")
    inspection = da_nang.scalars(select(Inspection)).first()
    assert inspection is not None
    da_nang.execute(update(AppSetting).where(AppSetting.key == "number_pattern").values(value="{so}"))
    with pytest.raises(TemplateError, match="không phải tên trường"):
        catalog.render(da_nang, "kiem-tra", str(inspection.id), TemplateStore(own), TODAY)


def test_a_long_named_product_still_gets_a_one_page_certificate(da_nang: Session) -> None:
    """TT 26/2014 Phụ lục 6: one page — a name of nearly 200 characters is set smaller, not spilled over."""
    certificate = da_nang.scalars(select(ProductCertificate)).first()
    assert certificate is not None
    certificate.product.name = (
        "Bộ sản phẩm mây tre đan xuất khẩu cao cấp gồm khay, giỏ, hộp đựng, đèn trang trí nội thất, bình hoa, "
        "chao đèn và các vật dụng gia đình làm thủ công từ nguyên liệu tự nhiên của làng nghề truyền thống"
    )
    certificate.product.facility.name = "Hợp tác xã thủ công mỹ nghệ mây tre đan và dệt chiếu cói xuất khẩu " * 2
    reader = _render(da_nang, "chung-nhan-sp", certificate.id)
    assert len(reader.pages) == 1 and "CHỦ TỊCH" in _text(reader)


def test_the_periodic_report_is_sent_to_the_agency_of_today(da_nang: Session) -> None:
    text = _text(_render(da_nang, "bao-cao", "2026"))
    assert "- Cục Đổi mới sáng tạo, Chuyển đổi xanh và Khuyến công (để b/c);" in text
    assert "Cục Công nghiệp địa phương" not in text


def test_no_liquidation_minute_before_anything_was_accepted(da_nang: Session) -> None:
    """TT 36/2013 Mẫu 6 settles what was accepted against what was advanced: for a proposal still being carried
    out it told the implementer to pay back every advance ("Bên B phải hoàn trả cho Bên A: 354.760.000 đồng")."""
    from desktop.printing.context import RecordNotFound

    running = da_nang.scalars(
        select(Proposal).where(
            Proposal.status == ProposalStatus.IN_PROGRESS, ~Proposal.id.in_(select(Acceptance.proposal_id))
        )
    ).first()
    assert running is not None
    with pytest.raises(RecordNotFound, match=f"Đề án {running.code} chưa có nghiệm thu hay quyết toán"):
        _render(da_nang, "thanh-ly", running.id)
    stopped = da_nang.scalars(select(Proposal).where(Proposal.status == ProposalStatus.STOPPED)).first()
    assert stopped is not None  # a stopped proposal is liquidated so: what was advanced is paid back
    stopped.advances.append(
        Advance(paid_on=date(2025, 3, 2), amount=12_500_000, voucher_no="UNC-1", province_code=stopped.province_code)
    )
    da_nang.flush()
    advanced = sum(a.amount for a in alive(stopped.advances))
    text = _text(_render(da_nang, "thanh-ly", stopped.id))
    assert f"Số tiền Bên B phải hoàn trả cho Bên A: {format_money(advanced)} đồng" in text


def test_the_certificate_list_shows_the_attendance_rule_and_each_trainees_days(da_nang: Session) -> None:
    """A course that sets an attendance rule for its certificates prints it on the list of those certified,
    with each one's days present beside it: the list shows the rule was kept."""
    from desktop.services import course_sheet

    course = da_nang.scalars(
        select(TrainingCourse).where(
            TrainingCourse.id.in_(select(Enrolment.course_id).where(Enrolment.certified.is_(True))),
            TrainingCourse.id.in_(select(Enrolment.course_id).join(Attendance)),
        )
    ).first()
    assert course is not None
    plain = _text(_render(da_nang, "nhan-chung-chi", course.id))
    assert "Điều kiện cấp chứng chỉ" not in plain and "Có mặt (ngày)" not in plain  # no rule: as before
    course.min_attendance_percent = 80
    da_nang.flush()
    sheet = course_sheet.load(da_nang, course.id)
    held, needed = sheet.days_held, sheet.days_needed
    assert needed == -(-held * 80 // 100)
    text = _text(_render(da_nang, "nhan-chung-chi", course.id))
    assert f"Điều kiện cấp chứng chỉ: có mặt ít nhất 80% số ngày học ({needed}/{held} ngày)." in text
    assert "Có mặt (ngày)" in text
    first = next(r for r in sheet.roster if r.certified)
    assert f"{first.full_name} " in text and f"{first.present_days}/{held}" in text
