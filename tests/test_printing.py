"""Printed forms, read back from the PDF: the fields, the amounts in figures and words, A4 and its
margins, embedded fonts, page numbers, NFC text, the centre's own wording, batches and the command."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import unicodedata
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core.money import amount_in_words, format_money
from desktop.core.progress import Cancelled
from desktop.models import (
    Acceptance,
    Enrolment,
    Inspection,
    ProductCertificate,
    ProgressReport,
    Proposal,
    Score,
    Settlement,
    TrainingCourse,
    VotingEntry,
    VotingRound,
)
from desktop.printing import catalog, fonts
from desktop.printing.context import RecordNotFound
from desktop.printing.templates import TemplateError, TemplateStore
from desktop.services import settings
from desktop.store.db import Database

TODAY = date(2026, 12, 1)
A4 = (595.28, 841.89)


@pytest.fixture
def demo(dak_lak: Database) -> Database:
    return dak_lak


@pytest.fixture
def session(demo: Database) -> Iterator[Session]:
    with demo.session() as session:
        yield session


def _first(session: Session, model: Any, *where: Any) -> str:
    found = session.scalars(select(model.id).where(*where).limit(1)).first()
    assert found is not None, model
    return str(found)


def _keys(session: Session) -> dict[str, str]:
    """A record of the demo database for each form."""
    return {
        "de-an": _first(session, Proposal, Proposal.id.in_(select(Settlement.proposal_id))),
        "tham-dinh": _first(session, Proposal),
        "kiem-tra": _first(session, Inspection),
        "tien-do": _first(session, ProgressReport),
        "nghiem-thu": _first(session, Acceptance),
        "thanh-ly": _first(session, Proposal, Proposal.id.in_(select(Settlement.proposal_id))),
        "diem-danh": _first(session, TrainingCourse),
        "tien-an": _first(session, TrainingCourse),
        "nhan-chung-chi": _first(session, TrainingCourse),
        "chung-chi": _first(session, Enrolment, Enrolment.certified.is_(True)),
        "phieu-cham": _first(session, VotingEntry, VotingEntry.id.in_(select(Score.entry_id))),
        "chung-nhan-sp": _first(session, ProductCertificate),
        "bao-cao": "2026",
    }


def _pdf(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def _text(reader: PdfReader) -> str:
    """Every page's text, its lines joined with single spaces (wrapped lines read as one)."""
    text = unicodedata.normalize("NFC", "\n".join(page.extract_text() for page in reader.pages))
    return " ".join(text.split())


def _placed(reader: PdfReader, page: int = 0) -> list[tuple[float, float, str]]:
    """(x, y, text) of every piece of text drawn on ``page``."""
    found: list[tuple[float, float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: object, _size: object) -> None:
        if text.strip():  # where the text matrix puts it, in the page's coordinates
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found.append((x, y, text))

    reader.pages[page].extract_text(visitor_text=visit)
    return found


def test_the_bundled_font_is_used_where_times_new_roman_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    fonts.serif_family.cache_clear()
    monkeypatch.setattr(fonts, "_times_candidates", lambda: [])
    assert fonts.serif_family().name == "Liberation Serif"
    assert all(path.is_file() for path in fonts.serif_family().files.values())
    fonts.serif_family.cache_clear()


def test_times_new_roman_is_preferred_where_the_machine_has_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for style, name in (("Regular", "times"), ("Bold", "timesbd"), ("Italic", "timesi"), ("BoldItalic", "timesbi")):
        shutil.copyfile(fonts.BUNDLED / f"LiberationSerif-{style}.ttf", tmp_path / f"{name}.ttf")
    candidates = [{s: tmp_path / f for s, f in fonts._TIMES_FILES.items()}]
    fonts.serif_family.cache_clear()
    monkeypatch.delenv("KHUYENCONG_FONT", raising=False)
    monkeypatch.setattr(fonts, "_times_candidates", lambda: candidates)
    try:
        assert fonts.serif_family().name == "Times New Roman"
        assert fonts.serif_family().files["Bold"] == tmp_path / "timesbd.ttf"
    finally:
        fonts.serif_family.cache_clear()


@pytest.mark.parametrize("form", list(catalog.FORMS))
def test_every_form_is_a4_with_its_margins_embedded_fonts_and_nfc_text(session: Session, form: str) -> None:
    data = catalog.render(session, form, _keys(session)[form], TemplateStore(), TODAY)
    reader = _pdf(data)
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert sorted((round(width, 2), round(height, 2))) == sorted(A4)
    for number in range(len(reader.pages)):
        placed = _placed(reader, number)
        assert placed, f"page {number + 1} is empty"
        assert min(x for x, _y, _t in placed) >= 30 * mm - 0.5  # left margin at least 30 mm
    for page in reader.pages:
        resources: Any = page["/Resources"]
        for font in resources["/Font"].values():
            descriptor = font.get_object()
            if "/DescendantFonts" in descriptor:
                descriptor = descriptor["/DescendantFonts"][0].get_object()
            assert "/FontFile2" in descriptor["/FontDescriptor"], descriptor["/BaseFont"]  # embedded
    text = _text(reader)
    assert not any(unicodedata.combining(c) for c in text)  # no decomposed accents drawn apart
    centre = settings.load(session)
    if form not in ("chung-nhan-sp", "phieu-cham", "tham-dinh"):  # the province's, the council's, the Sở's
        assert centre.centre_name.upper() in text
    assert reader.metadata is not None and reader.metadata.author == centre.centre_name


@pytest.mark.parametrize("form", list(catalog.FORMS))
def test_the_layout_shortcuts_change_not_a_byte(session: Session, form: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from reportlab import rl_config

    from desktop.printing import layout

    monkeypatch.setattr(rl_config, "invariant", 1)  # no time stamp or random id in the file
    key = _keys(session)[form]
    fast = catalog.render(session, form, key, TemplateStore(), TODAY)
    monkeypatch.setattr(layout, "SHORTCUTS", False)  # every paragraph parsed, and broken at every wrap
    assert catalog.render(session, form, key, TemplateStore(), TODAY) == fast


def test_the_letterhead_has_both_columns_and_the_date_line(session: Session) -> None:
    key = _keys(session)["nghiem-thu"]
    acceptance = session.get(Acceptance, uuid.UUID(key))
    assert acceptance is not None
    text = _text(_pdf(catalog.render(session, "nghiem-thu", key, TemplateStore(), TODAY)))
    assert "SỞ CÔNG THƯƠNG TỈNH ĐẮK LẮK" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    on = acceptance.accepted_on
    month = f"{on.month:02d}" if on.month <= 2 else str(on.month)  # leading zero for January and February
    expected = f"Đắk Lắk, ngày {on.day:02d} tháng {month} năm {on.year}"
    assert expected in text
    assert "/BB-TTKCDL" in text  # the centre's number pattern and initials
    assert "BIÊN BẢN NGHIỆM THU" in text
    assert acceptance.proposal.title in text
    for party in ("ĐẠI DIỆN ĐƠN VỊ THỤ HƯỞNG", "ĐẠI DIỆN ĐƠN VỊ THỰC HIỆN", "ĐẠI DIỆN SỞ CÔNG THƯƠNG"):
        assert party in text


def test_the_liquidation_gives_the_balance_in_figures_and_words(session: Session) -> None:
    key = _keys(session)["thanh-ly"]
    proposal = session.get(Proposal, uuid.UUID(key))
    assert proposal is not None
    settlement = next(s for s in proposal.settlements if s.deleted_at is None)
    advanced = sum(a.amount for a in proposal.advances if a.deleted_at is None)
    balance = settlement.settled_amount - advanced
    text = _text(_pdf(catalog.render(session, "thanh-ly", key, TemplateStore(), TODAY)))
    assert f"{format_money(abs(balance))} đồng (Bằng chữ: {amount_in_words(abs(balance))})" in text
    assert format_money(advanced) in text and format_money(settlement.settled_amount) in text


def test_the_budget_table_totals_and_words(session: Session) -> None:
    key = _keys(session)["de-an"]
    proposal = session.get(Proposal, uuid.UUID(key))
    assert proposal is not None
    lines = [x for x in proposal.budget_lines if x.deleted_at is None]
    text = _text(_pdf(catalog.render(session, "de-an", key, TemplateStore(), TODAY)))
    total = sum(x.amount for x in lines)
    assert f"Tổng kinh phí: {format_money(total)} đồng (Bằng chữ: {amount_in_words(total)})" in text
    for line in lines:
        assert line.item in text and format_money(line.amount) in text


def test_pages_are_numbered_from_the_second_in_the_top_margin(session: Session) -> None:
    reader = _pdf(catalog.render(session, "bao-cao", "2026", TemplateStore(), TODAY))
    assert len(reader.pages) >= 2
    height = float(reader.pages[0].mediabox.upper_right[1])
    in_margin = [(t, y) for x, y, t in _placed(reader, 1) if y > height - 20 * mm]
    assert [t.strip() for t, _y in in_margin] == ["2"]
    assert not [t for x, y, t in _placed(reader, 0) if y > height - 20 * mm and t.strip().isdigit()]


def test_a_decomposed_name_is_printed_composed(database: Database, template_db: Path) -> None:
    with database.transaction("lan") as session:
        settings.save(
            session, settings.CentreSettings("48", unicodedata.normalize("NFD", "Trung tâm Khuyến công Đà Nẵng"))
        )
    with database.session() as session:
        text = _text(_pdf(catalog.render(session, "bao-cao", "2026-Q1", TemplateStore(), TODAY)))
    assert "TRUNG TÂM KHUYẾN CÔNG ĐÀ NẴNG" in text
    assert "hoạt động khuyến công quý I năm 2026" in text


def test_course_certificates_print_one_page_per_certified_trainee(session: Session) -> None:
    course = session.scalars(
        select(TrainingCourse).where(TrainingCourse.id.in_(select(Enrolment.course_id).where(Enrolment.certified)))
    ).first()
    assert course is not None
    certified = [e for e in course.enrolments if e.deleted_at is None and e.certified]
    reader = _pdf(catalog.render(session, "chung-chi", str(course.id), TemplateStore(), TODAY))
    assert len(reader.pages) == len(certified)
    for page, _enrolment in zip(
        reader.pages, sorted(certified, key=lambda e: e.trainee.full_name.split()[-1]), strict=False
    ):
        assert "GIẤY CHỨNG NHẬN" in page.extract_text()
    names = _text(reader)
    assert all(e.trainee.full_name in names for e in certified)


def test_the_score_sheets_of_a_round_one_per_juror_and_product(session: Session) -> None:
    voting_round = session.scalars(select(VotingRound)).first()
    assert voting_round is not None
    entries = [e for e in voting_round.entries if e.deleted_at is None]
    jurors = [j for j in voting_round.jurors if j.deleted_at is None]
    reader = _pdf(catalog.render(session, "phieu-cham", str(voting_round.id), TemplateStore(), TODAY))
    assert len(reader.pages) == len(entries) * len(jurors)
    first = reader.pages[0].extract_text()
    assert "PHIẾU CHẤM ĐIỂM" in first and "100" in first and "40" in first


def test_a_batch_is_one_file_with_each_record_numbered_from_its_own_first_page(session: Session) -> None:
    keys = [str(k) for k in session.scalars(select(Proposal.id).limit(3))]
    singles = [len(_pdf(catalog.render(session, "tham-dinh", k, TemplateStore(), TODAY)).pages) for k in keys]
    told: list[tuple[int, int]] = []
    batch = _pdf(
        catalog.render_batch(session, "tham-dinh", keys, TemplateStore(), TODAY, lambda d, t: told.append((d, t)))
    )
    assert len(batch.pages) == sum(singles)
    assert told == [(1, 3), (2, 3), (3, 3)]
    with pytest.raises(Cancelled):
        catalog.render_batch(session, "tham-dinh", keys, TemplateStore(), TODAY, cancelled=lambda: True)


def test_a_centre_adjusts_the_wording_without_code(session: Session, tmp_path: Path) -> None:
    store = TemplateStore(tmp_path / "mau-bieu")
    copy = store.copy_for_editing("kiem-tra")
    copy.write_text('tieu_de = "Biên bản giám sát hiện trường"\n', encoding="utf-8")  # only what changes
    text = _text(_pdf(catalog.render(session, "kiem-tra", _keys(session)["kiem-tra"], store, TODAY)))
    assert "BIÊN BẢN GIÁM SÁT HIỆN TRƯỜNG" in text
    assert "TRƯỞNG ĐOÀN KIỂM TRA" in text  # the rest of the program's wording stays
    copy.write_text('tieu_de = "Biên bản {khong_co_truong_nay}"\n', encoding="utf-8")
    with pytest.raises(TemplateError, match=r"^Mẫu “kiem-tra”: không có trường \{khong_co_truong_nay\} \("):
        catalog.render(session, "kiem-tra", _keys(session)["kiem-tra"], store, TODAY)
    copy.write_text('tieu_de = "Biên bản { thiếu ngoặc"\n', encoding="utf-8")
    with pytest.raises(TemplateError, match=r"lỗi trong câu “Biên bản \{ thiếu ngoặc”"):
        catalog.render(session, "kiem-tra", _keys(session)["kiem-tra"], store, TODAY)
    copy.write_text("tieu_de = [không đóng", encoding="utf-8")
    with pytest.raises(TemplateError, match=r"Không đọc được tệp mẫu kiem-tra\.toml"):
        catalog.render(session, "kiem-tra", _keys(session)["kiem-tra"], store, TODAY)


def test_unknown_records_and_periods_are_refused_clearly(session: Session) -> None:
    with pytest.raises(RecordNotFound, match="Không có đề án “KHONG-CO”"):
        catalog.render(session, "de-an", "KHONG-CO", TemplateStore(), TODAY)
    with pytest.raises(ValueError, match="Kỳ báo cáo “2026-Q5” không hợp lệ"):
        catalog.render(session, "bao-cao", "2026-Q5", TemplateStore(), TODAY)
    with pytest.raises(catalog.UnknownForm, match="Không có mẫu “giay-moi”"):
        catalog.render(session, "giay-moi", "x", TemplateStore(), TODAY)


def test_a_proposal_is_found_by_its_code(session: Session) -> None:
    proposal = session.scalars(select(Proposal)).first()
    assert proposal is not None
    text = _text(_pdf(catalog.render(session, "de-an", proposal.code, TemplateStore(), TODAY)))
    assert proposal.code in text


def test_the_print_command(demo: Database, tmp_path: Path) -> None:
    with demo.session() as session:
        key = _keys(session)["nghiem-thu"]
    out = tmp_path / "bien-ban.pdf"
    command = [
        sys.executable,
        "-m",
        "desktop",
        "--db",
        str(demo.path),
        "print",
        "nghiem-thu",
        "--id",
        key,
        "--out",
        str(out),
    ]
    done = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert done.returncode == 0, done.stderr
    assert "BIÊN BẢN NGHIỆM THU" in _text(PdfReader(out))
    missing = subprocess.run(
        [*command[:-4], "--id", "khong-co", "--out", str(tmp_path / "x.pdf")],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert missing.returncode == 1 and "Không có biên bản nghiệm thu “khong-co”" in missing.stderr
    assert not (tmp_path / "x.pdf").exists()
