"""Text at every door: names and texts are stored NFC, without invisible characters, spaces collapsed, whether
typed in a form, read from an Excel sheet or pushed to the server; search and the duplicate check see through
what an older version stored."""

from __future__ import annotations

import sys
import unicodedata
import uuid
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core.text import clean, fold
from desktop.core.validation import FieldError
from desktop.models import Attachment, Facility, Juror, Proposal, Trainee, TrainingCourse, VotingRound
from desktop.models.enums import CourseKind, FundingKind, Gender, LegalForm, ProposalStatus, Sector, VotingLevel
from desktop.services import (
    course_sheet,
    facilities,
    forms,
    lifecycle,
    proposal_actions,
    settings,
    voting_sheet,
    workspace,
)
from desktop.services.course_sheet import RosterEdit
from desktop.services.listing import FACILITIES, ListQuery
from desktop.services.proposal_actions import Action
from desktop.services.workspace import LineDraft
from desktop.spreadsheets import imports
from desktop.store import storage
from desktop.store.db import Database
from tests.conftest import commune, make_facility

ZWSP, ZWNJ, ZWJ, WJ, BOM, SHY, NBSP = "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u00a0"
CLEAN_NAME = "Cơ sở gốm Đà Nẵng Xưa"
# As pasted from a web page on a Mac: decomposed accents, a zero-width space and a non-breaking space inside.
DIRTY_NAME = unicodedata.normalize("NFD", f"  Cơ sở gốm Đà{ZWSP} Nẵng{NBSP}X{ZWNJ}ưa{BOM} ")
WHITE_SPACE_CONTROLS = frozenset("\t\n\v\f\r\x85")


def _invisible(ch: str) -> bool:
    """What ``clean`` must drop: control and format characters (except the white space controls)."""
    return unicodedata.category(ch) in ("Cc", "Cf", "Cs") and ch not in WHITE_SPACE_CONTROLS


# --- clean() and fold() ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        (unicodedata.normalize("NFD", "Nguyễn Thị Ánh"), "Nguyễn Thị Ánh"),
        (f"Hòa{ZWSP} Vang", "Hòa Vang"),
        (f"{BOM}Ng{ZWJ}uy{WJ}ễn{SHY} Văn An", "Nguyễn Văn An"),
        (f"Mây\ttre{NBSP}{NBSP}đan\u3000Phú\u2003Vinh", "Mây tre đan Phú Vinh"),
        ("Cơ sở\x00 in\x07 lụa\x1b[0m", "Cơ sở in lụa[0m"),
        ("dòng một\r\ndòng hai", "dòng một dòng hai"),  # one line: a line break is a space
        ("e\u200b\u0301", "é"),  # the mark still composes with its letter once the invisible one is gone
        ("\u3164", ""),  # a Hangul filler: a "name" that shows nothing
        ("   ", ""),
        ("KCĐP-2026-011", "KCĐP-2026-011"),
    ],
)
def test_clean_stores_what_the_user_sees(typed: str, stored: str) -> None:
    assert clean(typed) == stored


def test_a_multiline_text_keeps_its_lines_and_paragraphs() -> None:
    typed = f"  Mục tiêu:\r\n\r\n\r\n - Nâng\tcao  năng suất{ZWSP}\u2028 - Giảm{NBSP}hao hụt  \n\n\n"
    assert clean(typed, multiline=True) == "Mục tiêu:\n\n- Nâng cao năng suất\n- Giảm hao hụt"
    assert clean("một\n\nhai", multiline=True) == "một\n\nhai"  # one blank line between paragraphs stays
    assert clean(typed) == "Mục tiêu: - Nâng cao năng suất - Giảm hao hụt"


def test_every_control_and_format_character_is_dropped() -> None:
    found = [chr(c) for c in range(sys.maxunicode + 1) if _invisible(chr(c))]
    assert len(found) > 2000  # the surrogates alone are 2048: the scan really looked
    kept = [f"U+{ord(ch):04X}" for ch in found if clean(f"a{ch}b") != "ab" or fold(f"a{ch}b") != "ab"]
    assert kept == []


def test_fold_sees_through_decomposed_accents_and_invisible_characters() -> None:
    assert fold(DIRTY_NAME) == fold(CLEAN_NAME) == "co so gom da nang xua"
    assert fold(f"Đà{ZWSP}Nẵng") == "danang"  # a zero-width space is no space: what the screen showed


_TEXT = st.text(
    st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from(
            [
                ZWSP,
                ZWNJ,
                ZWJ,
                WJ,
                BOM,
                SHY,
                NBSP,
                "\u0301",
                "\u0323",
                "\r",
                "\n",
                "\u2028",
                "\ud800",
                "\t",
                "\u3000",
                "đ",
                "Ư",
            ]
        ),
    ),
    max_size=40,
)


@given(_TEXT, st.booleans())
def test_clean_is_idempotent_and_leaves_nothing_odd(text: str, multiline: bool) -> None:
    stored = clean(text, multiline=multiline)
    assert clean(stored, multiline=multiline) == stored
    assert unicodedata.is_normalized("NFC", stored)
    assert not any(_invisible(ch) for ch in stored if ch != "\n")
    assert stored == stored.strip()
    lines = stored.split("\n")
    assert multiline or len(lines) == 1
    assert "\n\n\n" not in stored
    for line in lines:
        assert "  " not in line and line == line.strip()
        assert not any(ch.isspace() and ch != " " for ch in line)


@given(_TEXT, st.booleans())
def test_a_text_and_its_cleaned_form_have_one_search_key(text: str, multiline: bool) -> None:
    assert fold(clean(text, multiline=multiline)) == fold(text)


# --- the forms ---------------------------------------------------------------------------------------------
def _facility_form(session: Session, name: str, **changes: str) -> dict[str, Any]:
    return {
        "name": name,
        "legal_form": LegalForm.HO_KINH_DOANH.value,
        "sector": Sector.CONG_NGHIEP_XAY_DUNG.value,
        "commune_code": commune(session, "48", "phuong").code,
        **changes,
    }


def _names(session: Session, search: str) -> list[str]:
    return [r.values[0] for r in FACILITIES.page(session, ListQuery(search=search), None, 50)]


def test_a_facility_typed_with_odd_characters_is_stored_clean_and_found(database: Database) -> None:
    with database.transaction("lan") as session:
        clean_id = forms.save(session, Facility, None, _facility_form(session, CLEAN_NAME), "48")
        note = f"Chủ cơ sở:\t ông{NBSP}An\r\n\r\n\r\nĐiện thoại{ZWSP} sau"
        dirty_id = facilities.save(
            session, None, _facility_form(session, DIRTY_NAME, note=note, main_line=f"Gốm{ZWJ}  mỹ nghệ"), [], "48"
        )
    with database.session() as session:
        shown = forms.load(session, Facility, dirty_id)
        assert shown["name"] == CLEAN_NAME  # one name, as the first one was typed
        assert shown["main_line"] == "Gốm mỹ nghệ"
        assert shown["note"] == "Chủ cơ sở: ông An\n\nĐiện thoại sau"  # a note keeps its lines
        assert _names(session, "da nang") == [CLEAN_NAME, CLEAN_NAME]
        assert _names(session, "gom da nang xua") == [CLEAN_NAME, CLEAN_NAME]
        stored = session.get(Facility, dirty_id)
        first = session.get(Facility, clean_id)
        assert stored is not None and first is not None
        assert stored.name == first.name == CLEAN_NAME


def _sheet(path: Path, names: list[str], commune_name: str) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["STT", "Tên cơ sở", "Loại hình", "Xã/phường", "Ngành nghề", "Ghi chú"])
    for n, name in enumerate(names, start=1):
        sheet.append([n, name, "Hộ kinh doanh", commune_name, "Công nghiệp", f"Ghi{ZWSP} chú\t{n}"])
    book.save(path)
    return path


def test_an_excel_row_is_cleaned_and_found_to_be_there_already(database: Database, tmp_path: Path) -> None:
    with database.transaction("lan") as session:
        settings.save(session, settings.CentreSettings("48", "Trung tâm Khuyến công Đà Nẵng", user_name="lan"))
        place = commune(session, "48", "phuong")
        forms.save(session, Facility, None, _facility_form(session, CLEAN_NAME), "48")
    other = unicodedata.normalize("NFD", f"Hộ kinh doanh mộc{NBSP}Hò{ZWNJ}a Vang{BOM}")
    path = _sheet(tmp_path / "co-so.xlsx", [DIRTY_NAME, other], place.name)
    with database.session() as session:
        layout = imports.preview(session, path, "facilities").layout
        report = imports.dry_run(session, path, "facilities", layout, "48")
    assert report.errors == 0
    known, new = report.rows
    assert known.values["name"] == CLEAN_NAME
    assert known.duplicate_of == CLEAN_NAME  # the sheet's row is the facility already there: skipped
    assert [p.message for p in known.problems] == [f"Đã có trong dữ liệu (tên và xã): “{CLEAN_NAME}” — bỏ qua"]
    assert new.values["name"] == "Hộ kinh doanh mộc Hòa Vang" and not new.duplicate_of
    with database.transaction("lan", "Nhập Excel") as session:
        assert imports.commit(session, report, layout, "48") == 1
    with database.session() as session:
        assert _names(session, "hoa vang") == ["Hộ kinh doanh mộc Hòa Vang"]
        stored = session.scalars(select(Facility).where(Facility.name == "Hộ kinh doanh mộc Hòa Vang")).one()
        assert stored.note == "Ghi chú 2"


def test_a_name_an_older_version_stored_with_odd_characters_is_still_found(database: Database, tmp_path: Path) -> None:
    """Rows stored before: their search keys ignore the invisible characters, so they are found and the import
    sees them (their text itself is left as it was)."""
    with database.transaction("lan") as session:
        settings.save(session, settings.CentreSettings("48", "Trung tâm Khuyến công Đà Nẵng", user_name="lan"))
        place = commune(session, "48", "phuong")
        make_facility(session, place, name=f"Cơ sở gốm Đà{ZWSP} Nẵng X{WJ}ưa")  # as an older version kept it
    path = _sheet(tmp_path / "lai.xlsx", [CLEAN_NAME], place.name)
    with database.session() as session:
        assert len(_names(session, "da nang xua")) == 1
        layout = imports.preview(session, path, "facilities").layout
        [row] = imports.dry_run(session, path, "facilities", layout, "48").rows
    assert row.duplicate_of == f"Cơ sở gốm Đà{ZWSP} Nẵng X{WJ}ưa"


def test_the_upgrade_recomputes_the_search_keys_an_older_version_stored(db_path: Path) -> None:
    """An older version folded the zero-width space into the key ("na\u200bng"): the upgrade to 0009 gives
    every row the key of today, so such a name is found."""
    database = Database(db_path)
    with database.transaction("lan") as session:
        make_facility(session, commune(session, "48", "phuong"), name=f"Cơ sở gốm Đà Nẵ{ZWSP}ng")
    with database.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE facility SET search_text = 'co so gom da na\u200bng'")
        connection.exec_driver_sql("ALTER TABLE training_course DROP COLUMN min_attendance_percent")  # 0010's
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '0008'")
    database.close()
    storage.prepare(db_path)
    database = Database(db_path)
    with database.session() as session:
        assert len(_names(session, "gom da nang")) == 1
    database.close()


def test_a_name_of_invisible_characters_is_an_empty_name(database: Database) -> None:
    with database.session() as session:
        _values, errors = forms.parse(forms.FACILITY_FIELDS, _facility_form(session, f"{ZWSP}\u3164{NBSP}"))
    assert errors["name"] == "Không được để trống"


# --- the other doors ---------------------------------------------------------------------------------------
def test_settings_are_stored_clean(database: Database) -> None:
    with database.transaction("lan") as session:
        saved = settings.save(
            session,
            settings.CentreSettings(
                "48", unicodedata.normalize("NFD", f"Trung tâm{NBSP} Khuyến công{ZWSP}"), director_name="Lê\tVăn  Hùng"
            ),
        )
    assert (saved.centre_name, saved.director_name) == ("Trung tâm Khuyến công", "Lê Văn Hùng")
    with database.session() as session:
        assert settings.load(session).centre_name == "Trung tâm Khuyến công"


def test_a_juror_typed_again_with_odd_characters_is_the_same_juror(database: Database) -> None:
    with database.transaction("lan") as session:
        r = VotingRound(province_code="48", level=VotingLevel.TINH, year=2026, name="Bình chọn 2026")
        session.add(r)
        session.flush()
        round_id = r.id
        voting_sheet.add_juror(
            session, round_id, unicodedata.normalize("NFD", f"Trần{ZWSP} Thị  Đồng"), f"Ủy{NBSP}viên"
        )
    refused = pytest.raises(lifecycle.RuleViolation, match="“Trần Thị Đồng” đã có trong hội đồng")
    with refused, database.transaction("lan") as session:
        voting_sheet.add_juror(session, round_id, f"Trần Thị{WJ} Đồng", "")
    with database.session() as session:
        [juror] = session.scalars(select(Juror)).all()
        assert (juror.name, juror.title) == ("Trần Thị Đồng", "Ủy viên")


def _proposal(database: Database) -> uuid.UUID:
    with database.transaction("lan") as session:
        proposal = Proposal(
            code="KCĐP-2026-011",
            title="Hỗ trợ máy sấy nông sản",
            plan_year=2026,
            funding=FundingKind.KCDP,
            activity_type_code="may_moc_thiet_bi",
            province_code="48",
        )
        lifecycle.create_proposal(session, proposal)
        return proposal.id


def test_the_proposal_workspace_stores_its_texts_clean(database: Database, tmp_path: Path) -> None:
    proposal_id = _proposal(database)
    source = tmp_path / unicodedata.normalize("NFD", "Tờ trình  số 1.pdf")
    source.write_bytes(b"%PDF-1.4 to trinh")
    with database.transaction("lan") as session:
        workspace.save_parts(
            session,
            proposal_id,
            {"part_objectives": f"Mục tiêu:\r\n- Tăng\tnăng suất{ZWSP}\r\n\r\n\r\n- Giảm  hao hụt"},
        )
        workspace.save_budget(session, proposal_id, [LineDraft(item=f"Máy{NBSP}sấy{ZWJ}", unit=" cái ")])
        place = commune(session, "48", "xa")
        workspace.add_location(session, proposal_id, place.code, f"Thôn{ZWSP}  3")
        workspace.attach(session, database.attachments_dir, proposal_id, source, unicodedata.normalize("NFD", "Bản ký"))
    with database.session() as session:
        proposal = session.get(Proposal, proposal_id)
        assert proposal is not None
        assert proposal.part_objectives == "Mục tiêu:\n- Tăng năng suất\n\n- Giảm hao hụt"
        [line] = proposal.budget_lines
        assert (line.item, line.unit) == ("Máy sấy", "cái")
        [location] = proposal.locations
        assert location.address == "Thôn 3"
        [attached] = session.scalars(select(Attachment)).all()
        assert (attached.file_name, attached.description) == ("Tờ trình số 1.pdf", "Bản ký")


def test_a_decision_number_of_invisible_characters_is_no_decision(database: Database) -> None:
    proposal_id = _proposal(database)
    with database.transaction("lan") as session:
        proposal = proposal_actions.load(session, proposal_id)
        raw = proposal_actions.defaults(proposal, Action.APPRAISE, date(2026, 11, 20))
        proposal_actions.perform(session, proposal_id, Action.APPRAISE, raw | {"council": f"Hội đồng{ZWSP}  tỉnh"})
    with database.transaction("lan") as session:
        proposal = proposal_actions.load(session, proposal_id)
        assert proposal.status is ProposalStatus.APPRAISED
        assert proposal.appraisals[0].council == "Hội đồng tỉnh"
        problems = lifecycle.blockers(proposal, ProposalStatus.REJECTED, decision_no=f"{ZWSP}{NBSP}")
        assert problems == ["Nhập số quyết định hoặc lý do"]
        step = lifecycle.transition(
            session, proposal, ProposalStatus.REJECTED, reason=f"Không\tphù hợp{ZWSP}\r\nquy hoạch  ", signer=" "
        )
        assert (step.reason, step.signer) == ("Không phù hợp\nquy hoạch", "")


def test_a_certificate_number_typed_twice_with_odd_characters_is_the_same_number(database: Database) -> None:
    with database.transaction("lan") as session:
        course = TrainingCourse(
            province_code="48",
            code="DT-01",
            kind=CourseKind.TRUYEN_NGHE,
            topic="Truyền nghề gốm",
            start_date=date(2026, 3, 2),
            end_date=date(2026, 3, 6),
        )
        session.add(course)
        session.flush()
        course_id = course.id
        for name in ("An", "Bình"):
            person = Trainee(province_code="48", full_name=name, gender=Gender.NU)
            session.add(person)
            session.flush()
            course_sheet.enrol(session, course_id, person.id)
    with database.session() as session:
        first, second = (r.enrolment_id for r in course_sheet.load(session, course_id).roster)
    twice = [RosterEdit(first, False, True, f"DT01{ZWSP}-001"), RosterEdit(second, False, True, f" DT01-001{BOM}")]
    refused = pytest.raises(FieldError, match="Dòng 2 “Bình”: số chứng chỉ DT01-001 trùng với “An”")
    with refused, database.transaction("lan") as session:
        course_sheet.save_roster(session, course_id, twice, "15/QĐ-KC", None)
    numbered = [twice[0], RosterEdit(second, False, True, "DT01-002")]
    with database.transaction("lan") as session:
        course_sheet.save_roster(session, course_id, numbered, f"15/QĐ{ZWSP}-KC{NBSP}", date(2026, 3, 6))
    with database.session() as session:
        shown = course_sheet.load(session, course_id)
    assert [r.certificate_no for r in shown.roster] == ["DT01-001", "DT01-002"]
    assert shown.certificate_decision_no == "15/QĐ-KC"
