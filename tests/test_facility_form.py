"""The facility form without Qt: yearly figures (NĐ 80/2021 Điều 7–8), the other beneficiaries of NĐ 235/2025
Điều 1 khoản 1 (NĐ 45/2012 Điều 1 khoản 2 điểm b), the live verdict, and the approval that asks why."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core.validation import FieldError
from desktop.models import AuditEntry, Facility, FacilityYear, OutboxEntry, Proposal, StatusTransition
from desktop.models.enums import FundingKind, ProposalStatus
from desktop.services import facilities, lifecycle, workspace
from desktop.services.beneficiary_listing import BENEFICIARY_CHOICES
from desktop.services.eligibility import Route
from desktop.services.facilities import YearFigures
from desktop.services.listing import ListQuery
from desktop.services.proposal_actions import Action, approval_note, perform
from desktop.services.workspace import LineDraft
from desktop.store.db import Database
from tests.conftest import commune, make_facility

TY = 1_000_000_000
M = 1_000_000


def _raw(session: Session, **values: Any) -> dict[str, Any]:
    raw = facilities.load(session, None, "66").values
    raw.update(name="Công ty TNHH Gốm Ea Kar", legal_form="doanh_nghiep", sector="cong_nghiep_xay_dung")
    raw["commune_code"] = commune(session, "66", "xa").code
    raw.update(values)
    return raw


def _year(**typed: Any) -> dict[str, Any]:
    raw: dict[str, Any] = {"year": "2025", "total_employees": "12", "insured_employees": "9,5"}
    raw.update(revenue="2.500.000.000", capital="", exporting=False, local_material_percent="", declared_size="")
    raw.update(typed)
    return raw


# --- NĐ 80/2021 Điều 7–8: the yearly figures, typed and checked -------------------------------------------------


def test_nd80_dieu7_8_a_year_row_is_read_as_typed_money_with_dots_and_averages_with_a_comma() -> None:
    """NĐ 80/2021 Điều 7 k.2: a yearly average of insured workers may be fractional (9,5); money in đồng."""
    figures, errors = facilities.parse_year(_year(), today=date(2026, 5, 1))
    assert errors == {}
    assert figures == YearFigures(2025, Decimal("9.5"), 12, 2_500_000_000, None)
    assert figures is not None and figures.display()["revenue"] == "2.500.000.000"
    assert figures.display()["insured_employees"] == "9,5"
    zero, errors = facilities.parse_year(_year(total_employees="0", insured_employees="0", revenue="0"))
    assert errors == {} and zero is not None and zero.revenue == 0  # zero revenue is a figure, not a blank


@pytest.mark.parametrize(
    ("typed", "field", "message"),
    [
        ({"year": "1989"}, "year", "Phải từ 1.990 trở lên"),
        ({"year": "2027"}, "year", "Năm 2027 chưa đến"),
        ({"year": "2024"}, "year", "Đã có số liệu năm 2024"),
        ({"insured_employees": "13"}, "insured_employees", "nhiều hơn tổng số lao động (12)"),
        ({"insured_employees": "-1"}, "insured_employees", "không được âm"),
        ({"insured_employees": "9,555"}, "insured_employees", "tối đa hai chữ số"),
        ({"insured_employees": "mười"}, "insured_employees", "không phải là số"),
        ({"revenue": "2,5 tỷ"}, "revenue", "không phải là số tiền hợp lệ"),
        ({"capital": "-5"}, "capital", "không được âm"),
        ({"local_material_percent": "101"}, "local_material_percent", "từ 0 đến 100%"),
        ({"total_employees": ""}, "total_employees", "Không được để trống"),
    ],
)
def test_nd80_a_wrong_year_row_is_refused_in_vietnamese(typed: dict[str, str], field: str, message: str) -> None:
    """NĐ 80/2021 Điều 7, 8 figures: refused with the field and why, as typed (year limits, exactly the count)."""
    figures, errors = facilities.parse_year(_year(**typed), others=[2024], today=date(2026, 5, 1))
    assert figures is None
    assert message in errors[field]


def test_nd80_the_form_saves_edits_and_deletes_year_rows_in_one_recorded_transaction(database: Database) -> None:
    """NĐ 80/2021 Điều 7–8 figures are written through the service: audited and queued for sync; a year
    deleted and added again is its own row restored (the year identifies it on every PC)."""
    with database.transaction("can-bo", label="Thêm cơ sở CNNT") as session:
        fid = facilities.save(
            session,
            None,
            _raw(session),
            [YearFigures(2024, Decimal(8), 10, 2 * TY, None), YearFigures(2025, Decimal("9.5"), 12, 3 * TY, TY)],
            "66",
        )
    with database.session() as session:
        form = facilities.load(session, fid, "66")
        assert [y.year for y in form.years] == [2025, 2024]
        assert form.years[0].capital == TY
        queued = session.scalars(select(OutboxEntry.table_name).where(OutboxEntry.table_name == "facility_year")).all()
        assert len(queued) == 2
    with database.transaction("can-bo", label="Sửa cơ sở CNNT") as session:  # edit 2025, delete 2024
        facilities.save(session, fid, form.values, [YearFigures(2025, Decimal(11), 12, 4 * TY, TY)], "66")
    with database.session() as session:
        rows = {y.year: y for y in session.scalars(select(FacilityYear).where(FacilityYear.facility_id == fid))}
        assert rows[2025].revenue == 4 * TY and rows[2025].insured_employees == 11
        assert rows[2024].deleted_at is not None
        deleted_id = rows[2024].id
        changes = session.scalars(select(AuditEntry.action).where(AuditEntry.row_id == deleted_id)).all()
        assert "delete" in changes or len(changes) == 2
    with database.transaction("can-bo") as session:  # 2024 again: the same row, restored
        facilities.save(
            session,
            fid,
            form.values,
            [YearFigures(2025, Decimal(11), 12, 4 * TY, TY), YearFigures(2024, Decimal(1), 1)],
            "66",
        )
    with database.session() as session:
        again = session.scalars(
            select(FacilityYear).where(FacilityYear.year == 2024, FacilityYear.facility_id == fid)
        ).one()
        assert again.id == deleted_id and again.deleted_at is None and again.revenue is None


def test_nd80_two_rows_of_one_year_are_refused(database: Database) -> None:
    """NĐ 80/2021 Điều 7–8: one set of figures per year."""
    with pytest.raises(FieldError, match="Số liệu năm 2025 được nhập hai lần"), database.transaction() as session:
        facilities.save(session, None, _raw(session), [YearFigures(2025), YearFigures(2025)], "66")


# --- NĐ 235/2025 Điều 1 khoản 1 b: the other beneficiaries recorded on a facility -------------------------------


def test_nd235_dieu1_k1b_the_form_records_the_other_beneficiaries(database: Database) -> None:
    """NĐ 235/2025 Điều 1 k.1 b: sustainable production, a cluster's infrastructure investor and an artisan title
    (with the day it was conferred) are recorded on the facility and read back."""
    with database.transaction("can-bo") as session:
        raw = _raw(
            session,
            sustainable_production=True,
            ccn_infrastructure_investor=True,
            ccn_name="Cụm công nghiệp Ea Đar",
            artisan_title="nghe_nhan_uu_tu",
            artisan_name="Y Blih Niê",
            artisan_recognised_on="20/01/2026",
        )
        fid = facilities.save(session, None, raw, [], "66")
    with database.session() as session:
        facility = session.get_one(Facility, fid)
        assert facility.sustainable_production and facility.ccn_infrastructure_investor
        assert facility.artisan_title is not None and facility.artisan_title.label == "Nghệ nhân ưu tú"
        assert facility.artisan_recognised_on == date(2026, 1, 20)
        assert facilities.load(session, fid, "66").values["artisan_recognised_on"] == "20/01/2026"


@pytest.mark.parametrize(
    ("typed", "field", "message"),
    [
        ({"artisan_title": "nghe_nhan_nhan_dan"}, "artisan_recognised_on", "Nhập ngày quyết định phong tặng"),
        ({"artisan_recognised_on": "01/01/2020"}, "artisan_title", "Chọn danh hiệu"),
        (
            {"artisan_title": "nghe_nhan_uu_tu", "artisan_recognised_on": "02/01/2026"},
            "artisan_recognised_on",
            "sau ngày hôm nay",
        ),
        ({"ccn_name": "Cụm công nghiệp Ea Đar"}, "ccn_name", "Chỉ ghi tên cụm công nghiệp"),
        ({"artisan_title": "nghe_nhan_tinh"}, "artisan_title", "không có trong danh mục"),
    ],
)
def test_nd235_dieu1_k1b_the_grounds_are_checked_together(
    session: Session, typed: dict[str, str], field: str, message: str
) -> None:
    """NĐ 235/2025 Điều 1 k.1 b: a title counts from the day it was conferred, so it needs that day (not in the
    future); only the two state titles exist; a cluster is named only for an investor in it."""
    _values, errors = facilities.parse(_raw(session, **typed), today=date(2026, 1, 1))
    assert message in errors[field]


def test_nd235_the_preview_follows_what_is_typed_without_writing(database: Database) -> None:
    """NĐ 235/2025 Điều 1 k.1 (place, legal form, điểm b grounds) and NĐ 80/2021 Điều 5 (previous year's figures)
    on the form's values as typed; the stored facility stays as it was."""
    with database.transaction("can-bo") as session:
        fid = facilities.save(session, None, _raw(session), [], "66")
    on = date(2026, 5, 1)
    with database.session() as session:
        raw = facilities.load(session, fid, "66").values
        verdict = facilities.preview(session, fid, raw, [], on)
        assert not verdict.eligible
        assert any("Chưa có số liệu" in r and "năm 2025" in r for r in verdict.failures)
        small = [YearFigures(2025, Decimal(9), 10, 2 * TY, None)]
        verdict = facilities.preview(session, fid, raw, small, on)
        assert verdict.eligible and verdict.size is not None and verdict.size.value == "sieu_nho"
        hanoi = commune(session, "01", "phuong").code
        verdict = facilities.preview(session, fid, raw | {"commune_code": hanoi}, small, on)
        assert not verdict.eligible and "phường thuộc Thành phố Hà Nội" in verdict.summary
        verdict = facilities.preview(
            session, fid, raw | {"commune_code": hanoi, "sustainable_production": True}, small, on
        )
        assert verdict.eligible and verdict.routes == [Route.SUSTAINABLE]
        blank = facilities.preview(session, None, raw | {"commune_code": ""}, [], on)
        assert blank.summary == "Chưa đủ điều kiện hỗ trợ: Chọn tỉnh/thành phố và xã/phường để xét địa bàn"
    with database.session() as session:
        stored = session.get_one(Facility, fid)
        assert not stored.sustainable_production and stored.commune.province_code == "66"
        assert session.scalars(select(FacilityYear).where(FacilityYear.facility_id == fid)).all() == []


# --- the beneficiary picker and the approval ---------------------------------------------------------------


def test_nd235_the_beneficiary_list_marks_who_cannot_be_supported_without_hiding_them(session: Session) -> None:
    """NĐ 235/2025 Điều 1 k.1 a: a facility in a phường of Hà Nội stays in the list, marked with why."""
    make_facility(session, commune(session, "01", "phuong"), name="Cơ sở dệt lụa Vạn Phúc")
    make_facility(session, commune(session, "66", "xa"), name="Cơ sở mây tre Krông Ana")
    listing = replace(BENEFICIARY_CHOICES)
    listing.on = date(2026, 5, 1)
    rows = listing.page(session, ListQuery(sort="name"), None, 50)
    by_name = {r.values[0]: r.values[-1] for r in rows}
    assert len(rows) == 2
    out, ok = by_name["Cơ sở dệt lụa Vạn Phúc"], by_name["Cơ sở mây tre Krông Ana"]
    assert out.warning and out.label.startswith("✗ ") and "phường thuộc Thành phố Hà Nội" in out.label
    assert "NĐ 235/2025" in out.tooltip
    assert not ok.warning and ok.label == "✓ Đủ điều kiện"


def _proposal_to_approve(database: Database, facility_id: uuid.UUID) -> uuid.UUID:
    with database.transaction("can-bo") as session:
        proposal = Proposal(
            code="KCĐP-2026-020",
            title="Hỗ trợ máy dệt",
            plan_year=2026,
            funding=FundingKind.KCDP,
            activity_type_code="may_moc_thiet_bi",
            province_code="66",
        )
        lifecycle.create_proposal(session, proposal)
        workspace.add_beneficiary(session, proposal.id, facility_id)
        workspace.save_budget(
            session,
            proposal.id,
            [
                LineDraft(
                    item="Máy dệt", unit_price=200 * M, support_amount=100 * M, beneficiary_facility_id=facility_id
                )
            ],
        )
        pid = proposal.id
    with database.transaction("can-bo") as session:
        perform(session, pid, Action.APPRAISE, {"form": "4a", "appraised_on": "01/06/2026", "conclusion": "ho_tro"})
    return pid


def test_nd235_approval_with_an_ineligible_beneficiary_needs_the_directors_reason(database: Database) -> None:
    """NĐ 45/2012 Điều 1 khoản 2 as amended by NĐ 235/2025 Điều 1 k.1: approving support for a facility outside
    the beneficiaries is refused, naming the facility and why, unless the director writes the reason, which is
    kept with the approval."""
    with database.transaction("can-bo") as session:
        fid = make_facility(session, commune(session, "48", "phuong"), name="Cơ sở gốm Hải Châu").id
    pid = _proposal_to_approve(database, fid)
    decision = {"decision_no": "45/QĐ-TTKC", "decision_date": "01/07/2026"}
    with database.session() as session:
        note = approval_note(session.get_one(Proposal, pid), date(2026, 7, 1))
        assert "“Cơ sở gốm Hải Châu”" in note and "phường thuộc Thành phố Đà Nẵng" in note
    with pytest.raises(FieldError) as refused, database.transaction("giam-doc") as session:
        perform(session, pid, Action.APPROVE, decision)
    assert refused.value.field == "eligibility_reason"
    message = refused.value.message
    assert message.startswith("Không thể phê duyệt đề án KCĐP-2026-020: đơn vị thụ hưởng chưa đủ điều kiện hỗ trợ")
    assert "“Cơ sở gốm Hải Châu”: Phường" in message and "không thuộc địa bàn công nghiệp nông thôn" in message
    with database.session() as session:
        assert session.get_one(Proposal, pid).status is ProposalStatus.APPRAISED  # nothing half-applied

    why = "Cơ sở nằm trong làng nghề gốm đang chờ UBND tỉnh công nhận"
    with database.transaction("giam-doc") as session:
        done = perform(session, pid, Action.APPROVE, decision | {"eligibility_reason": why, "reason": "Theo kế hoạch"})
    assert any("“Cơ sở gốm Hải Châu” chưa đủ điều kiện hỗ trợ, lý do: " + why in line for line in done)
    with database.session() as session:
        proposal = session.get_one(Proposal, pid)
        assert proposal.status is ProposalStatus.APPROVED
        step = session.scalars(
            select(StatusTransition).where(
                StatusTransition.proposal_id == pid, StatusTransition.to_status == ProposalStatus.APPROVED
            )
        ).one()
        assert step.actor == "giam-doc"
        assert (
            step.reason
            == f"Theo kế hoạch\nPhê duyệt khi có đơn vị thụ hưởng chưa đủ điều kiện (“Cơ sở gốm Hải Châu”): {why}"
        )


def test_nd235_approval_is_judged_on_the_decisions_date(database: Database) -> None:
    """NĐ 235/2025 took effect 15/10/2025: a facility in a phường of a tỉnh approved by a decision of 14/10/2025
    falls under NĐ 45/2012 Điều 1 k.2 a and needs the reason; one dated 15/10/2025 does not."""
    with database.transaction("can-bo") as session:
        fid = make_facility(session, commune(session, "66", "phuong"), name="Cơ sở cà phê Buôn Ma Thuột").id
    pid = _proposal_to_approve(database, fid)
    with pytest.raises(FieldError, match="ngày 14/10/2025"), database.transaction("giam-doc") as session:
        perform(session, pid, Action.APPROVE, {"decision_no": "9/QĐ", "decision_date": "14/10/2025"})
    with database.transaction("giam-doc") as session:
        perform(session, pid, Action.APPROVE, {"decision_no": "9/QĐ", "decision_date": "15/10/2025"})
    with database.session() as session:
        assert session.get_one(Proposal, pid).status is ProposalStatus.APPROVED
